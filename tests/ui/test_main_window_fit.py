"""The window on small and scaled screens, dropped files, the start page, notices, undo labels."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMargins, QMimeData, QPoint, QPointF, QRect, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QInputMethodEvent
from PySide6.QtWidgets import QApplication

from pfdesk.project import Project
from ui import MainWindow, window_fit
from ui.settings import Settings
from ui.start_page import PATH_ROLE, project_name

from .conftest import DialogLog, index_of, page_of

CTRL = Qt.KeyboardModifier.ControlModifier
NO_FRAME = QMargins(0, 0, 0, 0)
# 1920×1080 at 150 %: 1280×720 logical pixels, less a 32-pixel task bar at the bottom.
SCALED_1080 = QRect(0, 0, 1280, 688)
SMALL = QRect(0, 0, 1366, 740)      # 1366×768 with a 28-pixel task bar


def test_fit_rect_shrinks_and_moves_inside() -> None:
    frame = QMargins(4, 32, 4, 4)
    # a window saved on a large monitor (2049×1152 at 100,50) comes back on the scaled screen
    fitted = window_fit.fit_rect(QRect(100, 50, 2049, 1152), SCALED_1080, frame)
    assert fitted == QRect(4, 32, 1272, 652)
    # one that fits is left where it was
    assert window_fit.fit_rect(QRect(10, 40, 800, 500), SCALED_1080, frame) == \
        QRect(10, 40, 800, 500)
    # one off the right edge moves back in, keeping its size
    assert window_fit.fit_rect(QRect(1000, 100, 800, 500), SCALED_1080, frame) == \
        QRect(476, 100, 800, 500)


def test_first_rect_is_centred_and_no_larger_than_the_screen() -> None:
    # QRect(0, 0, 1920, 1040).center() is (959, 519): 959 - 683, 519 - 410
    assert window_fit.first_rect(QRect(0, 0, 1920, 1040), NO_FRAME) == \
        QRect(276, 109, 1366, 820)
    assert window_fit.first_rect(SCALED_1080, NO_FRAME) == QRect(0, 0, 1280, 688)
    assert window_fit.minimum_size(QRect(0, 0, 900, 500), NO_FRAME) == QSize(900, 500)
    assert window_fit.minimum_size(SMALL, NO_FRAME) == QSize(960, 600)


@pytest.mark.parametrize("available", [SCALED_1080, SMALL])
def test_first_window_fits_the_available_screen(qtbot: Any, monkeypatch: pytest.MonkeyPatch,
                                                available: QRect) -> None:
    monkeypatch.setattr(MainWindow, "available_geometry", lambda _self: available)
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    frame = window.frameGeometry()
    assert available.contains(frame), (frame, available)
    assert window.statusBar().isVisible()
    assert available.contains(window.statusBar().mapTo(window, QPoint(0, 0))
                              + window.geometry().topLeft())


def test_geometry_is_remembered_and_clamped_to_a_smaller_screen(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # The offscreen screen is small: keep the sizes inside it so that only our fitting acts.
    monkeypatch.setattr(window_fit, "MINIMUM", QSize(300, 200))
    monkeypatch.setattr(MainWindow, "available_geometry", lambda _self: QRect(0, 0, 800, 600))
    settings = Settings()
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.show()
    first.setGeometry(QRect(40, 60, 700, 500))
    first.close()
    assert settings.geometry
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.show()
    assert again.geometry() == QRect(40, 60, 700, 500)      # remembered
    tiny = QRect(0, 0, 640, 480)
    monkeypatch.setattr(MainWindow, "available_geometry", lambda _self: tiny)
    small = MainWindow(settings)
    qtbot.addWidget(small)
    small.show()
    assert tiny.contains(small.frameGeometry()), small.frameGeometry()


def _drop(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(20, 20), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(drop)
    assert drop.isAccepted()


def test_dropped_project_opens_and_workbook_goes_to_the_import(
        window: MainWindow, seed_file: Path, tmp_path: Path, dialog_log: DialogLog,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sqlite = tmp_path / "copy.sqlite"
    sqlite.write_bytes(seed_file.read_bytes())
    _drop(window, sqlite)
    assert window.shows(sqlite)
    book = tmp_path / "指标.xlsx"
    book.write_bytes(b"PK")
    monkeypatch.delitem(sys.modules, "ui.import_excel", raising=False)
    monkeypatch.setattr("ui.file_drops.excel_importer", lambda: None)
    _drop(window, book)
    assert dialog_log.infos and "pfdesk import" in dialog_log.infos[-1][1]
    assert window.shows(sqlite)                      # the open project stays
    called: list[tuple[object, Path]] = []
    fake = types.SimpleNamespace(import_excel=lambda win, path: called.append((win, path)))
    monkeypatch.setattr("ui.file_drops.excel_importer", lambda: fake.import_excel)
    _drop(window, book)
    assert called == [(window, book)]
    other = tmp_path / "说明.docx"
    other.write_bytes(b"x")
    _drop(window, other)
    assert "不是项目文件" in dialog_log.errors[-1][1]


def test_enter_in_the_project_name_creates_the_project(window: MainWindow, tmp_path: Path,
                                                       dialog_log: DialogLog, qtbot: Any) -> None:
    target = tmp_path / "新的项目.pfdesk"
    dialog_log.answer("ask_save_project", str(target))
    edit = window.start_page.name_edit
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    event = QInputMethodEvent()
    event.setCommitString("城区道路养护项目")
    QApplication.sendEvent(edit, event)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert window.shows(target)
    assert window.project.info.name == "城区道路养护项目"


def test_recent_files_are_listed_by_project_name(qtbot: Any, seed_file: Path,
                                                 tmp_path: Path) -> None:
    broken = tmp_path / "坏文件.pfdesk"
    broken.write_bytes(b"not a project")
    settings = Settings(recent_files=[str(seed_file), str(broken)])
    window = MainWindow(settings)
    qtbot.addWidget(window)
    model = window.start_page.recent_model
    texts = [model.item(r).text().split("\n")[0] for r in range(model.rowCount())]
    assert texts == ["上城区基层治理综合信息指挥中心建设项目", "坏文件.pfdesk"]
    assert model.item(0).data(PATH_ROLE) == str(seed_file)
    menu = [a.text() for a in window.actions_.recent_menu.actions()]
    assert menu[0] == "上城区基层治理综合信息指挥中心建设项目（seed004.pfdesk）"
    assert project_name(tmp_path / "absent.pfdesk") == ""


def test_refused_input_stays_until_an_edit_is_stored(seed_window: MainWindow,
                                                     qtbot: Any) -> None:
    window = seed_window
    window.session.error_reported.emit("得分应在 0～4 之间")
    qtbot.wait(50)
    assert window.statusBar().currentMessage() == "未保存：得分应在 0～4 之间"
    page = page_of(window, "A")
    assert page.view.model().setData(index_of(page, "A21", "得分"), "4", Qt.ItemDataRole.EditRole)
    assert window.statusBar().currentMessage().startswith("已保存：")


def test_undo_labels_follow_quick_ctrl_z(seed_window: MainWindow, qtbot: Any) -> None:
    window = seed_window
    page = page_of(window, "A")
    model = page.view.model()
    for code, value in (("A21", "4"), ("A22", "3"), ("A32", "1")):
        assert model.setData(index_of(page, code, "得分"), value, Qt.ItemDataRole.EditRole)
    window.activateWindow()
    page.view.setFocus()
    labels = [window.actions_.undo.text()]
    for _ in range(3):
        qtbot.keyClick(page.view, Qt.Key.Key_Z, CTRL)
        labels.append(window.actions_.undo.text())
    assert [label.split(" ")[1] if " " in label else label for label in labels] == \
        ["A32", "A22", "A21", "撤销"]
    assert window.actions_.redo.text().split(" ")[1] == "A21"
    with Project.open(window.project.path, readonly=True) as copy:
        assert copy.by_code("A21").score == 3


def test_opening_shows_the_busy_cursor_and_gives_it_back(window: MainWindow, seed_file: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []
    real_open = Project.open

    def watched_open(*args: Any, **kwargs: Any) -> Project:
        cursor = QApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Project, "open", watched_open)
    assert window.open_project(seed_file)
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QApplication.overrideCursor() is None


def test_first_chart_says_it_is_being_drawn(seed_window: MainWindow, qtbot: Any) -> None:
    window = seed_window
    window.go_to_page("charts")
    page = window.workspace.current_page()
    busy = page.busy["rates"]
    assert busy.isVisible() and busy.text() == "正在绘制图表…"
    qtbot.waitUntil(lambda: "rates" in page.canvases, timeout=10000)
    assert not busy.isVisible()
