"""从 Excel 导入指标体系 in the window: the preview with the command line's warnings, a new project
or one undo step in an empty one, refusals in plain Chinese. The preview is the real dialog,
driven with mouse clicks; the file dialogs answer from the queue.

Seed 004's sheet by hand: 4 + 11 + 35 = 50 indicators (A 6, B 11, C 9, D 9 leaves), 100 points, 88.5 scored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt

from pfdesk.model import ProjectInfo
from pfdesk.project import Project
from tests.pfdesk.importer.sheets import write_rows, write_seed004_sheet
from tests.ui.conftest import DialogLog
from ui import import_excel
from ui.import_excel import ImportPreviewDialog
from ui.main_window import MainWindow


class Previews(list):
    """The preview dialogs shown; ``choose``: click 导入 (True), 取消 (False) or the radio."""

    choose: list[str]


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> Previews:
    shown = Previews()
    shown.choose = []

    def ask(parent: Any, sheet: Any, workbook: str, can_use_current: bool) -> str | None:
        dialog = ImportPreviewDialog(sheet, workbook, can_use_current, parent)
        qtbot.addWidget(dialog)
        dialog.show()
        shown.append(dialog)
        action = shown.choose.pop(0) if shown.choose else "import"
        if action == "new":
            qtbot.mouseClick(dialog.new_radio, Qt.MouseButton.LeftButton)
            action = "import"
        button = dialog.import_button if action == "import" else dialog.cancel_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        accepted = dialog.result() == ImportPreviewDialog.DialogCode.Accepted
        return dialog.target() if accepted else None

    monkeypatch.setattr(import_excel, "ask_import", ask)
    monkeypatch.setattr(import_excel, "ask_open_workbook",
                        lambda *_a: (_ for _ in ()).throw(AssertionError("not asked")))
    return shown


def _sheet_with_wrong_total(path: Path) -> Path:
    write_seed004_sheet(path)
    book = openpyxl.load_workbook(path)
    ws = book.active
    ws.cell(ws.max_row, 7, 88)          # the sheet's own 合计 says 88, its scores give 88.5
    book.save(path)
    return path


def test_new_project_from_a_sheet_with_its_warnings(window: MainWindow, tmp_path: Path,
                                                    dialog_log: DialogLog,
                                                    previews: Previews) -> None:
    sheet = _sheet_with_wrong_total(tmp_path / "评分表.xlsx")
    out = tmp_path / "导入.pfdesk"
    dialog_log.answer("ask_save_project", str(out))
    dialog_log.answer("ask_user_name", "测试")
    assert window.open_dropped(sheet)               # a workbook dropped on the start page
    dialog = previews[0]
    assert "共 50 个指标，一级指标 4 个，合计 100 分" in dialog.summary.text()
    assert dialog.new_radio.isChecked() and not dialog.current_radio.isVisibleTo(dialog)
    warnings = [dialog.warnings.item(i).text() for i in range(dialog.warnings.count())]
    assert len(warnings) == 1 and warnings[0].startswith("提醒：")
    assert "88" in warnings[0] and "88.5" in warnings[0]
    assert window.project is not None and window.project.path == out
    assert window.session.score.total == 88.5
    assert len(window.project.indicators()) == 50


def test_into_an_empty_open_project_as_one_undo_step(window: MainWindow, tmp_path: Path,
                                                      previews: Previews) -> None:
    path = tmp_path / "空项目.pfdesk"
    Project.create(path, ProjectInfo(name="空项目")).close()
    assert window.open_project(path)
    sheet = write_seed004_sheet(tmp_path / "seed004.xlsx")
    steps = window.undo_stack.count()
    assert import_excel.import_excel(window, sheet)
    assert previews[0].current_radio.isChecked()
    assert window.project.path == path and len(window.project.indicators()) == 50
    assert window.undo_stack.count() == steps + 1
    assert window.session.score.total == 88.5
    window.session.undo()
    assert window.project.indicators() == {}


def test_cancel_and_a_project_with_indicators(window: MainWindow, seed_file: Path,
                                              tmp_path: Path, dialog_log: DialogLog,
                                              previews: Previews) -> None:
    assert window.open_project(seed_file)
    sheet = write_seed004_sheet(tmp_path / "seed004.xlsx")
    previews.choose.append("cancel")
    assert not import_excel.import_excel(window, sheet)
    # a project that has indicators is never merged into: only a new project is offered
    assert not previews[0].current_radio.isVisibleTo(previews[0])
    assert window.project.path == seed_file


def test_a_sheet_that_cannot_be_read_says_why(window: MainWindow, tmp_path: Path,
                                              dialog_log: DialogLog, previews: Previews) -> None:
    sheet = write_rows(tmp_path / "空表.xlsx", [["一级指标", "分值", "二级指标", "分值", "得分"]])
    assert not import_excel.import_excel(window, sheet)
    assert previews == []
    title, text = dialog_log.errors[0]
    assert title == "无法导入" and "下面没有指标" in text and "工作表" in text
    assert window.project is None


def test_the_file_menu_offers_the_import(window: MainWindow, tmp_path: Path,
                                         dialog_log: DialogLog, previews: Previews,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = write_seed004_sheet(tmp_path / "评分表.xlsx")
    monkeypatch.setattr(import_excel, "ask_open_workbook", lambda *_a: str(sheet))
    dialog_log.answer("ask_save_project", str(tmp_path / "菜单导入.pfdesk"))
    dialog_log.answer("ask_user_name", "测试")
    file_menu = window.menuBar().actions()[0].menu()
    [action] = [a for a in file_menu.actions() if a.text() == "从 Excel 导入指标体系…"]
    action.trigger()
    assert window.project is not None and len(window.project.indicators()) == 50
