"""导出报告 → 导出 Excel…: the 评分表 layout as an .xlsx with formulas, from mouse clicks on the
page; a .xlsx name typed in 导出报告… gives the same workbook; other layouts are refused.

Seed 004 by hand: 17 + 23.5 + 24 + 24 = 88.5 of 100, 良.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QPoint, Qt

from pfdesk.reports.export import XLSX_LAYOUTS
from tests.pfdesk.reports.xlsx_eval import Evaluator
from tests.ui.conftest import DialogLog
from tests.ui.test_export_page import export_page, finished
from ui import dialogs, import_excel
from ui.main_window import MainWindow
from ui.pages import export_page as page_module

SEED_NAME = "上城区基层治理综合信息指挥中心建设项目"


@pytest.fixture(autouse=True)
def _dialogs(monkeypatch: pytest.MonkeyPatch, dialog_log: DialogLog) -> list[str]:
    for module, name in ((import_excel, "ask_save_workbook"), (dialogs, "ask_save_report")):
        monkeypatch.setattr(module, name, lambda *a, _n=name: (
            dialog_log.answers.setdefault(_n + ":asked", []).append(a), dialog_log.next(_n))[1])
    opened: list[str] = []
    monkeypatch.setattr(dialogs, "open_file", lambda path: opened.append(path) or True)
    return opened


def _total(path: Path) -> tuple[Decimal, str]:
    ws = openpyxl.load_workbook(path)["评分表"]
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1)}
    calc = Evaluator(ws)
    return calc.value(f"E{rows['总分']}"), calc.value(f"E{rows['评价等次']}")


def test_excel_button_only_for_the_scoresheet(qtbot: Any, seed_window: MainWindow,
                                              tmp_path: Path, dialog_log: DialogLog,
                                              _dialogs: list[str]) -> None:
    page = export_page(seed_window)
    assert not page.excel_button.isEnabled()           # 完整评价报告 is chosen
    assert "评分表" in page.excel_button.toolTip()
    radio = page.layout_buttons.button(list(page_module.LAYOUT_TEXT).index("scoresheet"))
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert page.layout_key == "scoresheet" and page.excel_button.isEnabled()
    target = tmp_path / "评分表.xlsx"
    dialog_log.answer("ask_save_workbook", str(target))
    dialog_log.answer("confirm", True)
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    finished(qtbot, page)
    suggested = dialog_log.answers["ask_save_workbook:asked"][0][1]
    assert suggested.endswith(f"{SEED_NAME}-评分表.xlsx")
    assert dialog_log.errors == []
    assert _total(target) == (Decimal("88.5"), "良")
    assert _dialogs == [str(target)]


def test_an_xlsx_name_in_the_report_dialog(qtbot: Any, seed_window: MainWindow, tmp_path: Path,
                                           dialog_log: DialogLog) -> None:
    page = export_page(seed_window)
    page.set_layout("scoresheet")
    target = tmp_path / "表.xlsx"
    dialog_log.answer("ask_save_report", str(target))
    dialog_log.answer("confirm", False)
    assert page.export_report()
    finished(qtbot, page)
    assert _total(target) == (Decimal("88.5"), "良")
    page.set_layout("full")
    dialog_log.answer("ask_save_report", str(tmp_path / "完整.xlsx"))
    assert page.export_report()
    finished(qtbot, page)
    title, line = dialog_log.errors[0]
    assert title == "导出失败" and "Excel（.xlsx）只能导出评分表" in line
    assert not (tmp_path / "完整.xlsx").exists()


def test_page_knows_the_core_excel_layouts() -> None:
    assert page_module.XLSX_LAYOUTS == XLSX_LAYOUTS
