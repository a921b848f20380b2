"""The window over a project file: opening, the panel, undo, persistence, files, drops."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QUndoStack
from PySide6.QtWidgets import QLabel, QTreeView

from pfdesk.errors import ProjectFileError
from pfdesk.project import Project
from ui import MainWindow
from ui.settings import Settings

from .conftest import DialogLog, index_of, page_of, panel

EDIT = Qt.ItemDataRole.EditRole

# Seed 004 by hand: 决策 5+3+3+2+2+2 = 17 of 20; 过程 2+2+2+2+0.5+2+5+2+2+1+3 = 23.5 of 29
# (81.03%); 产出 24 of 24; 效益 2+3+3+3+3+3+3+1+3 = 24 of 27 (88.89%); total 88.5 → 良 (80–90).
SEED = {"total": "88.5", "grade": "良", "A": "17 / 20 85.00%", "B": "23.5 / 29 81.03%",
        "C": "24 / 24 100.00%", "D": "24 / 27 88.89%"}


def test_open_shows_total_grade_and_dimensions(seed_window: MainWindow) -> None:
    shown = panel(seed_window)
    assert seed_window.findChild(QLabel, "scoreTotal").text() == "88.5"
    assert seed_window.findChild(QLabel, "scoreGrade").text() == "良"
    for key, value in SEED.items():
        assert shown[key] == value
    assert "暂定" not in shown["note"]


def test_title_names_project_and_file(seed_window: MainWindow, seed_file: Path) -> None:
    title = seed_window.windowTitle()
    assert "上城区基层治理综合信息指挥中心建设项目" in title
    assert seed_file.name in title


def test_navigation_order(seed_window: MainWindow) -> None:
    nav = seed_window.workspace.nav  # type: ignore[union-attr]
    labels = [nav.item(i).text().split()[-1] for i in range(nav.count())]
    assert labels == ["项目信息", "资金情况", "绩效目标", "决策", "过程", "产出", "效益",
                      "评价发现", "评价人员", "图表", "导出报告"]


def test_imported_sheet_shows_the_seed_total(window: MainWindow, sheet_file: Path) -> None:
    assert window.open_project(sheet_file)
    assert window.findChild(QLabel, "scoreTotal").text() == "88.5"
    assert window.findChild(QLabel, "scoreGrade").text() == "良"


def test_demo_shows_its_hand_total(window: MainWindow, demo_file: Path) -> None:
    # The demo loses 11.5 points by deductions and 0.5 + 0.4 by its rules (B12 5 × 90%, D15
    # 6 × 83.97 ÷ 90 = 5.6; see tests/pfdesk/test_demo.py) → 87.60 良.
    assert window.open_project(demo_file)
    assert window.findChild(QLabel, "scoreTotal").text() == "87.6"
    assert window.findChild(QLabel, "scoreGrade").text() == "良"
    assert panel(window)["A"] == "17.5 / 20 87.50%"


def test_demo_from_the_start_page(window: MainWindow) -> None:
    pytest.importorskip("pfdesk.demo")
    window.open_demo()
    assert window.project is not None
    assert window.findChild(QLabel, "scoreTotal").text() == "87.6"


def test_score_edit_updates_panel_at_once_and_undoes(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "A")
    view = page.findChild(QTreeView, "indicatorView")
    assert view is page.view
    cell = index_of(page, "A22", "得分")
    # A22 2 → 4: total 88.5 + 2 = 90.50 → 优; 决策 19/20 = 95.00%; A2 (3+4)/8 = 87.50%.
    assert view.model().setData(cell, "4", EDIT)
    assert panel(seed_window)["total"] == "90.5"
    assert panel(seed_window)["grade"] == "优"
    assert panel(seed_window)["A"] == "19 / 20 95.00%"
    assert index_of(page, "A2", "得分率").data() == "87.50%"
    assert index_of(page, "A22", "得分率").data() == "100.00%"
    undo = seed_window.actions_.undo
    assert undo.text() == "撤销 A22 得分改为 4"
    undo.trigger()
    assert panel(seed_window)["total"] == "88.5"
    assert panel(seed_window)["grade"] == "良"
    assert index_of(page, "A22", "得分").data() == "2"
    seed_window.actions_.redo.trigger()
    assert panel(seed_window)["total"] == "90.5"
    assert index_of(page, "A22", "得分").data() == "4"


def test_score_out_of_range_is_refused(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "A")
    cell = index_of(page, "A21", "得分")
    assert not page.view.model().setData(cell, "5", EDIT)   # A21 is worth 4
    assert panel(seed_window)["total"] == "88.5"
    assert "0～4" in seed_window.statusBar().currentMessage()
    assert seed_window.undo_stack.count() == 0


def test_edit_is_in_the_file_after_reopening(seed_window: MainWindow, seed_file: Path,
                                             qtbot: object) -> None:
    page = page_of(seed_window, "B")
    assert page.view.model().setData(index_of(page, "B15", "得分"), "1.75", EDIT)
    seed_window.close()
    with Project.open(seed_file) as project:
        assert project.by_code("B15").score == Decimal("1.75")
    again = MainWindow(Settings())
    qtbot.addWidget(again)  # type: ignore[attr-defined]
    assert again.open_project(seed_file)
    # 88.5 − 0.5 + 1.75 = 89.75
    assert panel(again)["total"] == "89.75"


def test_history_survives_moving_between_pages(seed_window: MainWindow) -> None:
    page_a = page_of(seed_window, "A")
    page_a.view.model().setData(index_of(page_a, "A11", "得分"), "4", EDIT)
    page_b = page_of(seed_window, "B")
    page_b.view.model().setData(index_of(page_b, "B11", "得分"), "3", EDIT)
    seed_window.workspace.show_page("info")  # type: ignore[union-attr]
    assert panel(seed_window)["total"] == "88.5"          # −1 + 1
    seed_window.undo_stack.undo()
    seed_window.undo_stack.undo()
    assert index_of(page_a, "A11", "得分").data() == "5"
    assert index_of(page_b, "B11", "得分").data() == "2"


def test_undo_stack_is_a_child_of_the_window(window: MainWindow) -> None:
    assert window.findChild(QUndoStack) is window.undo_stack
    assert window.undo_stack.parent() is window


def test_bad_file_shows_reason_and_window_stays_usable(window: MainWindow, tmp_path: Path,
                                                      seed_file: Path,
                                                      dialog_log: DialogLog) -> None:
    bad = tmp_path / "报告.pfdesk"
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a project" * 10)
    with pytest.raises(ProjectFileError) as reason:
        Project.open(bad)
    assert not window.open_project(bad)
    assert dialog_log.errors == [("无法打开项目", str(reason.value))]
    assert window.project is None
    assert window.central.currentWidget() is window.start_page
    assert window.open_project(seed_file)
    assert not window.open_project(tmp_path / "不存在.pfdesk")
    assert len(dialog_log.errors) == 2
    assert window.project is not None and window.project.path == seed_file
    assert panel(window)["total"] == "88.5"


def test_drop_a_file_opens_it(window: MainWindow, seed_file: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed_file))])
    event = QDropEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.project is not None
    assert panel(window)["total"] == "88.5"


def test_save_as_writes_a_complete_copy(seed_window: MainWindow, tmp_path: Path,
                                        dialog_log: DialogLog) -> None:
    target = tmp_path / "副本.pfdesk"
    dialog_log.answer("ask_save_project", str(target))
    assert seed_window.save_as()
    with Project.open(target) as copy:
        assert copy.by_code("A21").score == Decimal(3)
    assert str(target.resolve()) in seed_window.settings.recent_files


def test_new_project_from_template(window: MainWindow, tmp_path: Path,
                                   dialog_log: DialogLog) -> None:
    templates = pytest.importorskip("pfdesk.templates")
    target = tmp_path / "新项目.pfdesk"
    dialog_log.answer("ask_save_project", str(target))
    assert window.new_project(templates.DEFAULT_TEMPLATE, "某某项目")
    assert target.exists()
    assert "某某项目" in window.windowTitle()
    nav = window.workspace.nav  # type: ignore[union-attr]
    labels = [nav.item(i).text() for i in range(nav.count())]
    assert any("决策" in label for label in labels)
    assert panel(window)["note"].startswith("已评 0 / ")      # nothing scored yet
    assert not window.score_panel.grade_note.isHidden()   # the grade is marked 暂定


def test_closing_never_asks_and_remembers_recent(seed_window: MainWindow,
                                                 seed_file: Path) -> None:
    seed_window.close()
    again = Settings()
    from ui.settings import load_settings
    again = load_settings()
    assert again.recent_files[0] == str(seed_file.resolve())
    assert again.geometry


def test_status_bar_says_what_was_stored_and_undone(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "A")
    page.view.model().setData(index_of(page, "A12", "得分"), "2", EDIT)
    assert seed_window.statusBar().currentMessage() == "已保存：A12 得分改为 2"
    seed_window.actions_.undo.trigger()
    assert seed_window.statusBar().currentMessage() == "已撤销：A12 得分改为 2"
    seed_window.actions_.redo.trigger()
    assert seed_window.statusBar().currentMessage() == "已重做：A12 得分改为 2"
