"""The reusable editors: amounts, dates, choices, multi-line text, and safe signal emits."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt

from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.date_edit import EMPTY_DATE, DateEdit, parse_date_text
from ui.widgets.money import MoneyEdit, parse_amount
from ui.widgets.text_edit import CommitTextEdit


@pytest.mark.parametrize(("text", "expected"), [
    ("12.5", Decimal("12.50")), ("12", Decimal("12.00")), ("1,234.56", Decimal("1234.56")),
    (" 0.1 ", Decimal("0.10")), ("", None), (None, None),
])
def test_parse_amount(text, expected):
    value = parse_amount(text)
    assert value == expected
    if value is not None:
        assert str(value) == str(expected)


@pytest.mark.parametrize("text", ["12.345", "abc", "-1", "1e3x"])
def test_parse_amount_refuses(text):
    with pytest.raises(ValueError):
        parse_amount(text)


def test_parse_amount_maximum():
    assert parse_amount("100", maximum=Decimal(100)) == Decimal("100.00")
    with pytest.raises(ValueError, match="不能大于"):
        parse_amount("100.01", "评分", Decimal(100))


def test_money_edit_refuses_a_third_decimal_and_keeps_it(qtbot):
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "12.345")
    with qtbot.assertNotEmitted(edit.committed), qtbot.waitSignal(edit.refused):
        edit.editingFinished.emit()
    assert edit.text() == "12.345" and "最多保留两位小数" in edit.reason
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)    # corrected by deleting the extra digit
    with qtbot.waitSignal(edit.committed) as committed:
        edit.editingFinished.emit()
    assert committed.args == [Decimal("12.34")]
    assert edit.text() == "12.34" and edit.reason == ""


def test_money_edit_shows_two_decimals_and_commits_once(qtbot):
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    edit.set_value(Decimal("1100"))
    assert edit.text() == "1100.00"
    with qtbot.assertNotEmitted(edit.committed):
        edit.editingFinished.emit()


def test_date_edit_round_trip_and_empty(qtbot):
    edit = DateEdit()
    qtbot.addWidget(edit)
    assert edit.iso() == ""
    assert edit.text() == "" and edit.placeholderText().startswith("未填写")
    edit.set_iso("2021-12-20")
    assert edit.date() == QDate(2021, 12, 20) and edit.iso() == "2021-12-20"
    with qtbot.waitSignal(edit.committed) as committed:
        edit.setDate(QDate(2022, 1, 5))
        edit.editingFinished.emit()
    assert committed.args == ["2022-01-05"]
    edit.set_iso("2021年12月")          # not a date: shown empty, and not overwritten by ''
    assert edit.date() == EMPTY_DATE
    with qtbot.assertNotEmitted(edit.committed):
        edit.editingFinished.emit()


def test_choice_combo_keeps_unknown_values_and_takes_free_text(qtbot):
    combo = ChoiceCombo(["事前", "事中", "事后"])
    qtbot.addWidget(combo)
    combo.set_value("绩效跟踪")
    assert combo.value() == "绩效跟踪" and combo.count() == 4
    free = ChoiceCombo(["组长", "成员"], free_text=True)
    qtbot.addWidget(free)
    free.set_value("副组长")
    assert free.value() == "副组长"
    free.set_value("成员")
    assert free.value() == "成员"
    with qtbot.waitSignal(free.committed) as committed:
        free.setEditText("联络员")
        free.lineEdit().editingFinished.emit()
    assert committed.args == ["联络员"]


def test_text_edit_commits_on_leaving_only_when_changed(qtbot):
    edit = CommitTextEdit()
    qtbot.addWidget(edit)
    edit.set_text("原文")
    with qtbot.assertNotEmitted(edit.committed):
        edit.commit()
    edit.setPlainText("新的内容")
    with qtbot.waitSignal(edit.committed) as committed:
        edit.commit()
    assert committed.args == ["新的内容"]


@pytest.mark.parametrize(("text", "day"), [
    ("2025-04-28", (2025, 4, 28)), ("2025年4月28日", (2025, 4, 28)), ("2025/4/8", (2025, 4, 8)),
    ("2025.12.01", (2025, 12, 1)), ("2025年4月", None), ("2025-02-30", None), ("", None),
])
def test_parse_date_text(text, day):
    parsed = parse_date_text(text)
    assert (parsed.year(), parsed.month(), parsed.day()) == day if day else parsed is None


def test_date_written_by_hand_is_shown_and_not_rewritten(qtbot):
    edit = DateEdit()
    qtbot.addWidget(edit)
    edit.set_iso("2025年4月28日")
    assert edit.date() == QDate(2025, 4, 28)
    with qtbot.assertNotEmitted(edit.committed):
        edit.editingFinished.emit()
    edit.set_iso("2025年4月")
    assert edit.text() == "2025年4月"
    with qtbot.assertNotEmitted(edit.committed):
        edit.editingFinished.emit()
    with qtbot.waitSignal(edit.committed) as committed:
        edit.setDate(QDate(2025, 4, 30))
        edit.editingFinished.emit()
    assert committed.args == ["2025-04-30"]
