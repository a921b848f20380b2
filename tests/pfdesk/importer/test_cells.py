"""Single cells: codes glued to names, numbers from Excel, total-row words, header labels."""

from __future__ import annotations

from datetime import datetime

import pytest

from pfdesk.importer import cells


@pytest.mark.parametrize(("text", "expected"), [
    ("A11立项依据充分性", ("A11", "立项依据充分性")),
    ("A11 立项依据充分性", ("A11", "立项依据充分性")),
    ("A.决策", ("A", "决策")),
    ("A、决策", ("A", "决策")),
    ("A．决策", ("A", "决策")),
    ("B1组织实施", ("B1", "组织实施")),
    ("A1.1立项依据", ("A1.1", "立项依据")),
    ("1.1.2 立项依据", ("1.1.2", "立项依据")),
    ("一、决策", ("", "决策")),
    ("（一）决策", ("", "决策")),
    ("1.决策", ("", "决策")),
    ("①立项依据充分性", ("", "立项依据充分性")),
    ("LED大屏建设面积", ("", "LED大屏建设面积")),
    ("决策", ("", "决策")),
])
def test_split_code(text, expected):
    assert cells.split_code(text) == expected


@pytest.mark.parametrize(("value", "expected", "rounded"), [
    (0.1 + 0.2, "0.3", False),
    (88.5, "88.5", False),
    (5.0, "5", False),
    (7, "7", False),
    (2 / 3, "0.67", True),
    ("5分", "5", False),
    ("１０", "10", False),
    (" 0.50 ", "0.5", False),
    ("3.456", "3.46", True),
    ("-1", "-1", False),
])
def test_number(value, expected, rounded):
    result, lost = cells.number(value)
    assert str(result) == expected
    assert lost is rounded


@pytest.mark.parametrize("value", [None, "", "-", "—", "/"])
def test_blank_numbers(value):
    assert cells.number(value) == (None, False)


@pytest.mark.parametrize("value", ["优", "5分以上", True, datetime(2020, 1, 1), float("nan"), "1e3"])
def test_not_numbers(value):
    with pytest.raises(cells.CellError):
        cells.number(value)


def test_totals_and_labels():
    assert cells.is_total("合 计")
    assert cells.is_total("总分")
    assert cells.is_total("得分合计")
    assert not cells.is_total("决策")
    assert cells.label("权重\n（分）") == "权重"
    assert cells.label("一级\n指标 ") == "一级指标"
    assert cells.name_text("立项依据\n充分性") == "立项依据充分性"
    assert cells.is_not_applicable("不适用")


def test_generated_codes():
    assert [cells.generated_code("", i, 1) for i in (0, 1, 25, 26)] == ["A", "B", "Z", "AA"]
    assert cells.generated_code("A", 0, 2) == "A1"
    assert cells.generated_code("A1", 1, 3) == "A12"
