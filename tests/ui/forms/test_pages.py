"""The form pages over a populated project: fields stored as typed, rates, bands, sections."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt

from ui.pages.base import Page
from ui.pages.forms import EvaluatorsPage, FindingsPage, FundingPage, InfoPage, TargetsPage
from ui.pages.forms.bands_editor import BandsModel

from .conftest import reopen

EDIT = Qt.ItemDataRole.EditRole


def open_page(qtbot, cls, session):
    """A page built, shown and filled the way the window does it."""
    page = cls(session)
    qtbot.addWidget(page)
    page.refresh(None)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.mark.parametrize(("cls", "title"), [
    (InfoPage, "项目信息"), (FundingPage, "资金情况"), (TargetsPage, "绩效目标"),
    (FindingsPage, "评价发现"), (EvaluatorsPage, "评价人员"),
])
def test_pages_open_with_their_titles(qtbot, session, cls, title):
    page = open_page(qtbot, cls, session)
    assert isinstance(page, Page)
    assert page.page_title() == title


def test_info_field_stored_when_finished_and_undone(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    name = page.binder.editors["name"]
    name.setFocus()
    name.selectAll()
    name.insert("新项目名称")          # QTest cannot type non-ASCII keys; insert() types too
    assert session.project.info.name == "上城区城市运行管理指挥中心建设项目"   # not per keystroke
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert session.undo_stack.undoText() == "修改项目名称"
    with reopen(session) as again:
        assert again.info.name == "新项目名称"
    session.undo_stack.undo()
    assert name.text() == "上城区城市运行管理指挥中心建设项目"


def test_refresh_leaves_the_field_being_typed_in(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    unit, phone = page.binder.editors["unit"], page.binder.editors["phone"]
    phone.setFocus()
    phone.setText("0571-1234")
    phone.editingFinished.emit()
    assert session.project.info.phone == "0571-1234"
    page.activateWindow()
    unit.setFocus()
    qtbot.waitUntil(unit.hasFocus)
    unit.end(False)
    unit.insert("（正在输入）")
    cursor = unit.cursorPosition()
    page.binder.store("manager", "李某")                   # another edit arrives meanwhile
    assert unit.text().endswith("（正在输入）") and unit.cursorPosition() == cursor


def test_report_date_stored_as_iso(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    date = page.binder.editors["report_date"]
    assert date.date() == QDate(2021, 12, 20)
    date.setDate(QDate(2022, 1, 5))
    date.editingFinished.emit()
    assert session.project.info.report_date == "2022-01-05"


def test_choice_fields_store_their_values(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    combo = page.binder.editors["eval_mode"]
    combo.setCurrentIndex(combo.findData("部门评价"))
    combo.activated.emit(combo.currentIndex())
    assert session.project.info.eval_mode == "部门评价"


def test_goals_stored_when_leaving_the_editor(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    goal = page.binder.editors["annual_goal"]
    goal.setPlainText("完成建设并投入使用。")
    goal.commit()
    with reopen(session) as again:
        assert again.info.annual_goal == "完成建设并投入使用。"


def test_narrative_sections_stored(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    editor = page.narratives
    editor.show_section("basis")
    editor.editor.setPlainText("依据《上城区数字化改革实施方案》。")
    editor.show_section("process")                       # moving on stores the text
    assert session.project.narrative("basis") == "依据《上城区数字化改革实施方案》。"
    assert editor.heading.text() == "评价工作过程"
    assert "立项依据（17字）" in [editor.sections.item(i).text()
                                 for i in range(editor.sections.count())]
    session.undo_stack.undo()
    assert session.project.narrative("basis") == ""


def test_funding_totals_and_rates_on_the_page(qtbot, session):
    page = open_page(qtbot, FundingPage, session)
    assert (page.arrival.text(), page.execution.text()) == ("95.65%", "90.00%")
    adjusted = page.binder.editors["adjusted_budget"]
    adjusted.setText("1100")
    adjusted.editingFinished.emit()
    assert session.project.info.adjusted_budget == Decimal("1100.00")
    assert adjusted.text() == "1100.00"
    assert page.arrival.text() == "100.00%"
    session.undo_stack.undo()
    assert page.arrival.text() == "95.65%" and adjusted.text() == "1150.00"


def test_funding_mismatch_warned_with_both_figures(qtbot, session):
    page = open_page(qtbot, FundingPage, session)
    assert page.mismatch.isHidden()                   # 市县 1200 / 1100 / 990 match the totals
    model = page.sources.model
    row = model.add()
    for field in ("budget", "received", "spent"):
        col = next(i for i, c in enumerate(model.columns) if c.field == field)
        assert model.setData(model.index(row, col), "5", EDIT)
    # a 资金来源 row of 5 / 5 / 5: every column is 5.00 above the 资金总额; the budget column
    # matches neither the 预算数 1200 nor the 调整后预算数 1150
    assert not page.mismatch.isHidden()
    assert page.mismatch.text().splitlines() == [
        "资金来源合计与资金总额不一致：",
        "· 预算：资金来源合计 1205.00 万元，与资金总额中的预算数 1200.00 万元、调整后预算数 1150.00 万元"
        "都不一致",
        "· 实际到位：资金来源合计 1105.00 万元，资金总额 1100.00 万元，相差 5.00 万元",
        "· 实际支出：资金来源合计 995.00 万元，资金总额 990.00 万元，相差 5.00 万元",
        "请核对下方“资金来源”各行的金额，或上方“资金总额”中填写的数字，使两者一致；"
        "不一致时报告中的资金表与正文数字会互相矛盾。"]
    # the 资金总额 raised to match the budget column: that line goes, the others stay
    page.binder.store("budget", Decimal("1205.00"))
    assert "· 预算" not in page.mismatch.text() and "· 实际支出" in page.mismatch.text()
    for _ in range(5):
        session.undo_stack.undo()
    assert page.mismatch.isHidden()


def test_funding_amount_refused_with_a_reason(qtbot, session):
    page = open_page(qtbot, FundingPage, session)
    spent = page.binder.editors["spent"]
    spent.setText("-5")                               # the validator allows no minus sign …
    with qtbot.waitSignal(session.error_reported):
        page.binder.store("spent", Decimal("-5"))    # … and the core refuses it anyway
    assert session.project.info.spent == Decimal("990.00")


def test_bands_model(qtbot, session, qtmodeltester):
    model = BandsModel(session)
    qtmodeltester.check(model, force_py=False)
    assert [model.index(r, 2).data() for r in range(4)] == [
        "90 ≤ 总分 ≤ 100", "80 ≤ 总分 < 90", "60 ≤ 总分 < 80", "总分 < 60"]
    assert model.setData(model.index(1, 1), "85", EDIT)
    stored = json.loads(session.project.info.grade_bands)
    assert stored[1] == {"name": "良", "min": "85.00"}
    assert model.index(2, 2).data() == "60 ≤ 总分 < 85"
    assert not model.setData(model.index(1, 0), "优", EDIT)     # duplicate name
    assert not model.setData(model.index(1, 1), "85.555", EDIT)
    assert model.add_band() and model.rowCount() == 5
    assert model.remove_band(4) and model.rowCount() == 4
    qtmodeltester.check(model, force_py=False)
    session.undo_stack.undo()
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert model.index(1, 1).data() == "80"


def test_bands_change_the_grade(qtbot, session):
    # seed 004 scores total 88.50: 良 under the national bands, 优 if 优 starts at 88.
    assert session.score.total == Decimal("88.50") and session.score.grade == "良"
    model = BandsModel(session)
    model.setData(model.index(0, 1), "88", EDIT)
    assert session.score.grade == "优"
    model.restore_default()
    assert session.score.grade == "良"


def test_list_editor_buttons(qtbot, session):
    page = open_page(qtbot, EvaluatorsPage, session)
    editor = page.editor
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert len(session.project.evaluators()) == 3
    assert editor.view.currentIndex().row() == 2
    editor.view.setCurrentIndex(page.model.index(0, 0))
    qtbot.mouseClick(editor.remove_button, Qt.MouseButton.LeftButton)
    assert [e.name for e in session.project.evaluators()] == ["李四", ""]
    assert editor.view.currentIndex().row() == 0
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert [e.name for e in session.project.evaluators()] == ["", "李四"]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert [e.name for e in session.project.evaluators()] == ["张三", "李四", ""]


def test_delete_key_removes_the_selected_row(qtbot, session):
    page = open_page(qtbot, EvaluatorsPage, session)
    view = page.editor.view
    page.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(page.model.index(1, 2))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [e.name for e in session.project.evaluators()] == ["张三"]
    qtbot.keyClick(view, Qt.Key.Key_Insert)
    assert len(session.project.evaluators()) == 2


def test_targets_standards_columns_toggle(qtbot, session):
    page = open_page(qtbot, TargetsPage, session)
    columns = [i for i, c in enumerate(page.model.columns) if c.field.startswith("std_")]
    assert all(page.editor.view.isColumnHidden(c) for c in columns)
    page.show_standards.setChecked(True)
    assert not any(page.editor.view.isColumnHidden(c) for c in columns)


def test_table_keeps_the_current_cell_through_edits(qtbot, session):
    page = open_page(qtbot, FundingPage, session)
    view, model = page.items.view, page.items.model
    view.setCurrentIndex(model.index(1, 3))
    model.setData(model.index(1, 3), "655.00", EDIT)          # the user's own edit
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 3)
    page.items.model.add()                                      # a row added elsewhere
    view.setCurrentIndex(model.index(1, 3))
    model.remove([0])                                           # the row above goes …
    assert view.currentIndex().row() == 0                       # … the cell moves with its row
    assert model.row_at(view.currentIndex().row()).name == "大屏系统"
    session.undo_stack.undo()
    assert model.row_at(view.currentIndex().row()).name == "大屏系统"
