"""Performance targets: reading a typed 指标值, storing it with its parts, undo."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from ui.models.target_list_model import TargetListModel, number_text, parse_target_value

from .conftest import reopen


@pytest.mark.parametrize(("text", "expected"), [
    ("≥2500件", ("≥", Decimal("2500"), "件")),
    ("≤90.41万元", ("≤", Decimal("90.41"), "万元")),
    ("=100%", ("=", Decimal("100"), "%")),
    ("≥ 2500 件", ("≥", Decimal("2500"), "件")),
    (">=1,200人次", ("≥", Decimal("1200"), "人次")),
    ("不低于95%", ("≥", Decimal("95"), "%")),
    ("不超过90.41万元", ("≤", Decimal("90.41"), "万元")),
    ("＝100％", ("=", Decimal("100"), "％")),
    ("≤3个月以内", ("≤", Decimal("3"), "个月")),
    ("明显提升", ("定性", None, "")),
    ("正常运行", ("定性", None, "")),
    ("2500件", ("=", Decimal("2500"), "件")),
    ("", ("定性", None, "")),
])
def test_parse_target_value(text, expected):
    assert parse_target_value(text) == expected


def test_number_text_has_no_trailing_zeros():
    assert [number_text(Decimal(v)) for v in ("2500", "90.410", "0.50")] == ["2500", "90.41", "0.5"]


def test_typing_a_target_value_stores_its_parts_in_one_step(session):
    model = TargetListModel(session)
    col = next(i for i, c in enumerate(model.columns) if c.field == "target_text")
    assert model.setData(model.index(1, col), "≤90.41万元", Qt.ItemDataRole.EditRole)
    assert session.undo_stack.count() == 1
    with reopen(session) as again:
        target = again.targets()[1]
        assert (target.target_text, target.comparator, target.number, target.unit) == (
            "≤90.41万元", "≤", Decimal("90.41"), "万元")
    shown = [model.index(1, i).data() for i in range(col, col + 2)]
    assert shown == ["≤90.41万元", "≤ 90.41 万元"]
    session.undo_stack.undo()
    target = session.project.targets()[1]
    assert (target.target_text, target.comparator, target.number) == ("正常运行", "定性", None)


def test_qualitative_text_clears_the_number(session):
    model = TargetListModel(session)
    col = next(i for i, c in enumerate(model.columns) if c.field == "target_text")
    model.setData(model.index(0, col), "及时有效解决", Qt.ItemDataRole.EditRole)
    target = session.project.targets()[0]
    assert (target.comparator, target.number, target.unit) == ("定性", None, "")


def test_parsed_column_is_read_only(session):
    model = TargetListModel(session)
    col = next(i for i, c in enumerate(model.columns) if c.field == "comparator")
    assert not model.flags(model.index(0, col)) & Qt.ItemFlag.ItemIsEditable
    assert [model.index(r, col).data() for r in range(2)] == ["≥ 2500 件", "定性"]
