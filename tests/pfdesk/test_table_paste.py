"""The core of pasting a block from Excel into a list table: reading the clipboard text, laying
it over the rows, refusing lines with a reason, one edit for all of it."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk.errors import EditError
from pfdesk.model import FundingItem
from pfdesk.project import Project
from pfdesk.table_paste import (
    MONEY,
    MULTILINE,
    PasteColumn,
    copy_text,
    paste_edit,
    plan_paste,
    read_amount,
    split_cells,
)

COLUMNS = [PasteColumn("name", "名称"), PasteColumn("total_budget", "总预算", MONEY),
           PasteColumn("remark", "备注", MULTILINE)]


def test_excel_clipboard_text_is_split_into_cells() -> None:
    assert split_cells("a\tb\r\nc\t\r\n") == [["a", "b"], ["c", ""]]
    assert split_cells('"两行\r\n文字"\t"说""明"\r\nx') == [["两行\r\n文字", '说"明'], ["x"]]
    assert split_cells('5"\t6\n') == [['5"', "6"]]          # a quote inside is kept
    assert split_cells("2.5\r\n") == [["2.5"]]


def test_copy_text_round_trips() -> None:
    text = copy_text(["名称", "备注"], [["A", "第一行\n第二行"], ['5"屏', ""]])
    assert text == '名称\t备注\r\nA\t"第一行\n第二行"\r\n"5""屏"\t\r\n'
    assert split_cells(text)[1:] == [["A", "第一行\n第二行"], ['5"屏', ""]]


@pytest.mark.parametrize(("text", "value"), [
    ("1,234.5", "1234.50"), ("８１．８４", "81.84"), ("81.84万元", "81.84"), ("12万", "12"),
    (" 7 ", "7"), ("818400元", "81.84"), ("", None)])
def test_amounts_as_people_write_them(text: str, value: str | None) -> None:
    assert read_amount(text, "总预算") == (D(value) if value else None)


@pytest.mark.parametrize(("text", "reason"), [
    ("12.345", "最多保留两位小数"), ("-5", "不能为负数"), ("818450元", "超过两位小数"),
    ("约80", "应为数字"), ("7,00", "千位分隔符")])
def test_amounts_refused_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(EditError, match=reason):
        read_amount(text, "总预算")


def test_plan_updates_adds_and_refuses_by_line() -> None:
    rows = [FundingItem(name="装修", total_budget=D(500)), FundingItem(name="大屏")]
    plan = plan_paste("名称\t总预算\r\n装修\t500\r\n大屏\t7,00\r\n布线\t80万元\t\"两行\n备注\"\r\n",
                      COLUMNS, rows, 0, 0)
    assert plan.notes == ["第 1 行是表头，已跳过"]
    assert [r.line for r in plan.rows] == [4]        # line 2 is what 装修 already holds
    assert plan.refused and plan.refused[0][0] == 3
    assert plan.summary() == "新增 1 行；1 行无法粘贴（见下方原因）"
    added = plan.added[0]
    assert added.values == {"name": "布线", "total_budget": D("80.00"), "remark": "两行\n备注"}


def test_one_edit_appends_new_rows_in_order(tmp_path) -> None:
    with Project.create(tmp_path / "p.pfdesk") as project:
        plan = plan_paste("甲\t1\r\n乙\t2\r\n丙\t3\r\n", COLUMNS, [], 0, 0)
        edit = paste_edit(plan, [], FundingItem, "粘贴", [])
        project.apply(edit)
        assert [(i.name, i.total_budget) for i in project.funding_items()] == [
            ("甲", D(1)), ("乙", D(2)), ("丙", D(3))]
        more = plan_paste("丁\r\n", COLUMNS, project.funding_items(), 3, 0)
        project.apply(paste_edit(more, [], FundingItem, "粘贴",
                                 [i.sort_key for i in project.funding_items()]))
        assert [i.name for i in project.funding_items()] == ["甲", "乙", "丙", "丁"]
        project.undo()
        assert len(project.funding_items()) == 3
