"""The list models: model-tester clean, edits stored in the file, undo, money rules, rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from pfdesk import panel
from pfdesk.commands import set_info
from pfdesk.model import Evaluator, FundingItem
from ui.models.evaluator_list_model import EvaluatorListModel
from ui.models.finding_list_model import FindingListModel
from ui.models.funding_list_model import FundingItemListModel, FundingSourceListModel
from ui.models.target_list_model import TargetListModel

from .conftest import reopen

EDIT = Qt.ItemDataRole.EditRole


def column(model, field: str) -> int:
    """The model column showing ``field``."""
    return next(i for i, c in enumerate(model.columns) if c.field == field)


@pytest.mark.parametrize("make", [
    TargetListModel, FundingSourceListModel, FundingItemListModel, EvaluatorListModel,
    *[lambda s, k=k: FindingListModel(s, k) for k in ("成效", "经验做法", "问题", "建议", "整改情况")],
])
def test_models_pass_the_model_tester(session, qtmodeltester, make):
    model = make(session)
    qtmodeltester.check(model, force_py=False)
    model.add()
    model.remove([0])
    session.undo_stack.undo()
    session.undo_stack.undo()
    qtmodeltester.check(model, force_py=False)


def test_editing_a_cell_is_stored_in_the_file(session):
    model = EvaluatorListModel(session)
    assert model.setData(model.index(1, column(model, "org")), "浙江大学", EDIT)
    with reopen(session) as again:
        assert [e.org for e in again.evaluators()] == ["浙江某会计师事务所", "浙江大学"]


def test_undo_restores_the_cell(session):
    model = EvaluatorListModel(session)
    index = model.index(0, column(model, "name"))
    model.setData(index, "王五", EDIT)
    assert index.data() == "王五"
    assert session.undo_stack.undoText() == "修改评价人员的“姓名”"
    session.undo_stack.undo()
    assert index.data() == "张三"
    with reopen(session) as again:
        assert again.evaluators()[0].name == "张三"


def test_money_with_a_third_decimal_is_refused(session, qtbot):
    model = FundingItemListModel(session)
    index = model.index(0, column(model, "total_budget"))
    with qtbot.waitSignal(session.error_reported) as reported:
        assert not model.setData(index, "12.345", EDIT)
    assert "两位小数" in reported.args[0]
    assert session.project.funding_items()[0].total_budget == Decimal("500.00")
    assert session.undo_stack.count() == 0


def test_money_is_stored_as_a_two_decimal_decimal(session):
    model = FundingItemListModel(session)
    assert model.setData(model.index(1, column(model, "audited_price")), "640.5", EDIT)
    stored = session.project.funding_items()[1].audited_price
    assert isinstance(stored, Decimal) and str(stored) == "640.50"
    with reopen(session) as again:
        assert again.funding_items()[1].audited_price == Decimal("640.50")
    assert not model.setData(model.index(1, column(model, "paid_total")), "abc", EDIT)
    assert not model.setData(model.index(1, column(model, "paid_total")), "-3", EDIT)


def test_total_row_sums_the_money_columns(session):
    model = FundingItemListModel(session)
    total = model.rowCount() - 1
    assert model.is_total_row(total)
    # 500.00 + 700.00, 480.50 + 650.00, 470.25 + (empty), 400 + 590, 300 + 590
    expected = {"total_budget": "1200.00", "bid_price": "1130.50", "audited_price": "470.25",
                "paid_total": "990.00", "paid_this_year": "890.00"}
    for field, text in expected.items():
        assert model.index(total, column(model, field)).data() == text
    assert model.index(total, 0).data() == "合计"
    assert not model.flags(model.index(total, 2)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(total, 2), "1", EDIT)
    model.setData(model.index(0, column(model, "audited_price")), "", EDIT)
    assert model.index(total, column(model, "audited_price")).data() == ""   # nothing to add up
    model.setData(model.index(0, column(model, "bid_price")), "480.49", EDIT)
    assert model.index(total, column(model, "bid_price")).data() == "1130.49"


def test_evaluator_totals_come_from_the_engine_read_only(session, qtbot):
    model = EvaluatorListModel(session)
    col = column(model, "total")
    # No expert scores yet: each member's total is the team's, seed 004's 88.5.
    assert [model.index(r, col).data() for r in range(2)] == ["88.5", "88.5"]
    assert not model.flags(model.index(1, col)) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(model.index(1, col), "91.5", EDIT)
    a11 = session.project.by_code("A11")
    li = session.project.evaluators()[1]
    with qtbot.waitSignal(model.dataChanged):
        assert session.push(panel.set_evaluator_score(session.project, a11.id, li.id, "3.5"))
    # 李四 gives A11 3.5 instead of 5: 88.5 − 1.5 = 87; 张三 keeps the team's 88.5
    assert [model.index(r, col).data() for r in range(2)] == ["88.5", "87"]
    assert session.push(set_info(session.project, number_style="fixed"))
    assert [model.index(r, col).data() for r in range(2)] == ["88.50", "87.00"]
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert model.index(1, col).data() == "88.5"


def test_source_total_row_comes_from_the_engine(session):
    model = FundingSourceListModel(session)
    total = model.rowCount() - 1
    assert model.index(total, column(model, "budget")).data() == "1200.00"
    row = model.add()
    assert model.setData(model.index(row, column(model, "budget")), "5", EDIT)
    assert model.index(model.rowCount() - 1, column(model, "budget")).data() == "1205.00"


def test_role_takes_a_choice_or_free_text(session):
    model = EvaluatorListModel(session)
    index = model.index(1, column(model, "role"))
    assert ("复核", "复核") in index.data(Qt.ItemDataRole.UserRole + 2)
    assert model.setData(index, "副组长", EDIT)
    assert session.project.evaluators()[1].role == "副组长"


def test_add_and_remove_rows_one_step_each_and_undo_puts_back_in_place(session):
    model = FundingItemListModel(session)
    row = model.add()
    assert row == 2 and model.rowCount() == 4            # 3 rows + 合计
    assert isinstance(model.row_at(row), FundingItem)
    names = [r.name for r in session.project.funding_items()]
    model.remove([0, 2])
    assert session.undo_stack.count() == 2
    assert [r.name for r in session.project.funding_items()] == ["大屏系统"]
    session.undo_stack.undo()
    assert [r.name for r in session.project.funding_items()] == names
    assert [r.name for r in model.rows] == names


def test_move_changes_the_order_as_one_undo_step(session):
    model = EvaluatorListModel(session)
    assert model.move(0, 1)
    assert [e.name for e in session.project.evaluators()] == ["李四", "张三"]
    assert [model.index(i, 0).data() for i in range(2)] == ["李四", "张三"]
    with reopen(session) as again:
        assert [e.name for e in again.evaluators()] == ["李四", "张三"]
    assert not model.move(1, 1)
    session.undo_stack.undo()
    assert [e.name for e in session.project.evaluators()] == ["张三", "李四"]


def test_model_follows_edits_made_elsewhere(session):
    model = EvaluatorListModel(session)
    from pfdesk.commands import add_row
    session.push(add_row(session.project, Evaluator(name="赵六"), "添加"))
    assert model.rowCount() == 3 and model.index(2, 0).data() == "赵六"
