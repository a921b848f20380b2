"""Ctrl+V of a block from Excel into 资金明细 / 资金来源 / 绩效目标, and Ctrl+C out of them.

Driven with key events on the table (qtbot.keyClick Ctrl+V / Ctrl+C) and the clipboard set as
Excel sets it (CRLF, tabs, full-width digits, 万元, thousands separators); the preview dialog is
driven with a mouse click on 粘贴 / 取消. Sums worked by hand from the fixture (装修 500 + 大屏 700).
"""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QGuiApplication

from pfdesk.model import FundingItem, Target
from tests.ui.forms.conftest import reopen
from ui import table_paste_preview
from ui.models.funding_list_model import FundingItemListModel, FundingSourceListModel
from ui.models.target_list_model import TargetListModel
from ui.pages.forms.list_editor import ListEditor
from ui.table_paste_preview import PastePreviewDialog

EXCEL_BLOCK = ("大屏系统（二期）\t某科技公司\t７００\t６５０万元\t1,200.5\r\n"
               "弱电工程\t某智能公司\t80.5万元\t\t\t\t\t含综合布线\r\n"
               "坏的一行\t\t12.345\r\n")


class Previews(list):
    """The preview dialogs shown; ``answers``: False queued for a click on 取消."""

    answers: list[bool]


@pytest.fixture
def previews(monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> Previews:
    """The preview dialog built for real; a mouse click on 粘贴 (or 取消 when queued)."""
    shown = Previews()
    answers: list[bool] = []
    shown.answers = answers

    def ask(parent: Any, plan: Any, table: str) -> bool:
        dialog = PastePreviewDialog(plan, table, parent)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        dialog.show()
        button = dialog.paste_button if (answers.pop(0) if answers else True) \
            else dialog.cancel_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return dialog.result() == PastePreviewDialog.DialogCode.Accepted

    monkeypatch.setattr(table_paste_preview, "ask", ask)
    return shown


def editor_for(qtbot: Any, model: Any, title: str) -> ListEditor:
    editor = ListEditor(model, title)
    qtbot.addWidget(editor)
    editor.resize(900, 400)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def press(qtbot: Any, editor: ListEditor, key: Qt.Key, row: int, column: int) -> None:
    view = editor.view
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, key, Qt.KeyboardModifier.ControlModifier)


def test_block_updates_adds_refuses_and_undoes_in_one_step(qtbot, session, previews) -> None:
    editor = editor_for(qtbot, FundingItemListModel(session), "资金明细")
    QGuiApplication.clipboard().setText(EXCEL_BLOCK)
    steps = session.undo_stack.count()
    press(qtbot, editor, Qt.Key.Key_V, 1, 0)          # on 大屏系统, 名称
    dialog = previews[0]
    assert dialog.summary.text() == "修改 1 行，新增 1 行；1 行无法粘贴（见下方原因）"
    changes = dialog.view.model()
    rows = [[changes.index(r, c).data() for c in range(5)] for r in range(changes.rowCount())]
    # 700 and 650 are what 大屏系统 already has: not listed as changes
    assert rows == [["1", "2", "名称", "大屏系统", "大屏系统（二期）"],
                    ["1", "2", "审定价", "", "1200.50"],
                    ["2", "新增", "名称", "", "弱电工程"],
                    ["2", "新增", "承建单位", "", "某智能公司"],
                    ["2", "新增", "总预算", "", "80.50"],
                    ["2", "新增", "备注", "", "含综合布线"]]
    assert dialog.refused.item(0).text() == "第 3 行：总预算最多保留两位小数（输入的是“12.345”）"
    assert session.undo_stack.count() == steps + 1
    with reopen(session) as other:
        items = other.funding_items()
        assert [i.name for i in items] == ["指挥中心装修工程", "大屏系统（二期）", "弱电工程"]
        assert items[1].audited_price == D("1200.50") and items[1].bid_price == D("650.00")
        assert (items[2].total_budget, items[2].remark) == (D("80.50"), "含综合布线")
    model = editor.model
    assert model.index(3, 2).data() == "1280.50"        # 合计: 500 + 700 + 80.5
    assert editor.view.currentIndex().row() == 1
    session.undo()
    with reopen(session) as other:
        assert [i.name for i in other.funding_items()] == ["指挥中心装修工程", "大屏系统"]
        assert other.funding_items()[1].audited_price is None
    assert model.index(2, 2).data() == "1200.00"


def test_cancel_stores_nothing(qtbot, session, previews) -> None:
    editor = editor_for(qtbot, FundingItemListModel(session), "资金明细")
    previews.answers.append(False)
    QGuiApplication.clipboard().setText(EXCEL_BLOCK)
    steps = session.undo_stack.count()
    press(qtbot, editor, Qt.Key.Key_V, 0, 0)
    assert len(previews) == 1 and session.undo_stack.count() == steps
    assert [r.name for r in session.project.rows(FundingItem)] == ["指挥中心装修工程", "大屏系统"]


def test_one_cell_goes_in_like_typing_or_says_why(qtbot, session, previews) -> None:
    editor = editor_for(qtbot, FundingItemListModel(session), "资金明细")
    reasons: list[str] = []
    session.error_reported.connect(reasons.append)
    QGuiApplication.clipboard().setText("１，２３４.５万元\r\n")
    press(qtbot, editor, Qt.Key.Key_V, 0, 2)
    assert previews == []
    assert session.project.funding_items()[0].total_budget == D("1234.50")
    QGuiApplication.clipboard().setText("-5\r\n")
    press(qtbot, editor, Qt.Key.Key_V, 0, 3)
    # the same words as typing -5 into the cell (pfdesk.typed)
    assert reasons == ["中标价不能为负数（输入的是“-5”）；收回或退还的资金请在备注中说明"]
    assert session.project.funding_items()[0].bid_price == D("480.50")


def test_sources_choice_column_reads_labels(qtbot, session, previews) -> None:
    editor = editor_for(qtbot, FundingSourceListModel(session), "资金来源")
    QGuiApplication.clipboard().setText("中央财政\t200\t200\t150\r\n省\t100\t100\t0\r\n外资\t1\t1\t1\r\n")
    press(qtbot, editor, Qt.Key.Key_V, 1, 0)           # on the 合计 row: all new rows
    assert previews[0].summary.text() == "新增 2 行；1 行无法粘贴（见下方原因）"
    assert "资金来源应为 中央、省、市县、其他 之一" in previews[0].refused.item(0).text()
    sources = session.project.funding_sources()
    assert [(s.source, s.budget) for s in sources] == [("市县", D("1200.00")), ("中央", D("200.00")),
                                                      ("省", D("100.00"))]
    assert editor.model.index(3, 1).data() == "1500.00"  # 合计 1200 + 200 + 100


def test_targets_paste_parses_values_and_skips_the_read_only_column(qtbot, session,
                                                                    previews) -> None:
    editor = editor_for(qtbot, TargetListModel(session), "绩效目标表")
    # 指标值, 识别为 (ignored), 实际完成值
    QGuiApplication.clipboard().setText("≥３０００件\t≥ 2500 件\t3120件\r\n=100%\t\t98%\r\n")
    press(qtbot, editor, Qt.Key.Key_V, 0, 3)
    assert previews[0].summary.text() == "修改 2 行"
    targets = session.project.rows(Target)
    # full-width digits read as digits, so the value is recognised
    assert (targets[0].target_text, targets[0].comparator, targets[0].number, targets[0].unit,
            targets[0].actual_value) == ("≥3000件", "≥", D(3000), "件", "3120件")
    assert len(targets) == 2 and targets[1].level3 == "系统运行"
    assert targets[1].target_text == "=100%" and targets[1].comparator == "="
    assert targets[1].number == D(100) and targets[1].actual_value == "98%"


def test_ctrl_c_copies_with_headers_and_pastes_back(qtbot, session, previews) -> None:
    editor = editor_for(qtbot, FundingItemListModel(session), "资金明细")
    view = editor.view
    view.setFocus()
    model = editor.model
    selection = view.selectionModel()
    view.setCurrentIndex(model.index(0, 0))
    for row in (0, 1):
        for column in (0, 1, 2):
            selection.select(model.index(row, column), QItemSelectionModel.SelectionFlag.Select)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    text = QGuiApplication.clipboard().text()
    assert text == ("名称\t承建单位\t总预算\r\n指挥中心装修工程\t某建设公司\t500.00\r\n"
                    "大屏系统\t某科技公司\t700.00\r\n")
    press(qtbot, editor, Qt.Key.Key_V, 2, 0)           # on 合计: appended
    assert "第 1 行是表头，已跳过" in previews[0].notes.text()
    assert [i.name for i in session.project.funding_items()] == [
        "指挥中心装修工程", "大屏系统", "指挥中心装修工程", "大屏系统"]
    assert model.index(4, 2).data() == "2400.00"


def test_read_only_refuses_paste(qtbot, session, previews, monkeypatch) -> None:
    editor = editor_for(qtbot, FundingItemListModel(session), "资金明细")
    monkeypatch.setattr(type(session), "read_only", property(lambda self: True))
    reasons: list[str] = []
    session.error_reported.connect(reasons.append)
    QGuiApplication.clipboard().setText(EXCEL_BLOCK)
    press(qtbot, editor, Qt.Key.Key_V, 0, 0)
    assert reasons == ["项目以只读方式打开，不能粘贴"] and previews == []


def test_click_below_the_rows_then_paste_appends(qtbot, session, previews) -> None:
    editor = editor_for(qtbot, TargetListModel(session), "绩效目标表")
    view = editor.view
    view.setCurrentIndex(view.model().index(0, 3))
    below = view.visualRect(view.model().index(1, 0)).bottomLeft() + QPoint(5, 30)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=below)
    assert not view.currentIndex().isValid()
    QGuiApplication.clipboard().setText(
        "满意度指标\t服务对象满意度指标\t回访满意度\t≥９０％\t≥ 90 %\t91.2%\r\n")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert previews[0].summary.text() == "新增 1 行"
    assert "“识别为”由程序自动得出，粘贴在这一列的内容未使用" in previews[0].notes.text()
    added = session.project.rows(Target)[2]
    assert (added.level1, added.level3, added.target_text, added.comparator, added.number,
            added.unit, added.actual_value) == ("满意度指标", "回访满意度", "≥90%", "≥", D(90), "%",
                                                "91.2%")
    assert view.currentIndex().row() == 2
