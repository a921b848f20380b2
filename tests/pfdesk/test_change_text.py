"""change_text.change_lines and identity.local_time: the one wording of logged field changes and
of logged times, shared by ``pfdesk history`` and the window's 修改记录."""

from __future__ import annotations

import time
from typing import Any

import pytest

from pfdesk.change_text import change_lines
from pfdesk.identity import local_time

CODES = {"id-a1": "A1", "id-a11": "A11"}


def change(field: str, before: Any, after: Any, op: str = "update", table: str = "indicator",
           code: str = "A11", row: str = "r1") -> dict[str, Any]:
    """A change as ``changelog.history`` gives it."""
    return {"code": code, "table": table, "row": row, "op": op, "field": field,
            "before": before, "after": after}


def test_an_update_is_one_line_per_field() -> None:
    assert change_lines([change("score", "5.00", "4.00"),
                         change("not_applicable", False, True),
                         change("method", "manual", "deduction"),
                         change("analysis", None, "已按计划完成")], CODES) == [
        "A11 得分：5.00 → 4.00",
        "A11 不适用：否 → 是",
        "A11 计分方式：直接评分 → 扣分制",
        "A11 分析：空 → 已按计划完成"]


def test_an_added_or_removed_row_is_one_line() -> None:
    added = [change("indicator_id", None, "id-a11", "insert", "deduction", row="d1"),
             change("points", None, "1.00", "insert", "deduction", row="d1"),
             change("reason", None, "资料不全", "insert", "deduction", row="d1")]
    removed = [change("points", "2.00", None, "delete", "deduction", row="d2")]
    assert change_lines(added + removed, CODES) == [
        "新增 A11 的扣分：扣分 1.00，扣分理由 资料不全",
        "删除 A11 的扣分：扣分 2.00"]


def test_sign_off_times_are_left_to_the_entry_and_indicators_named_by_code() -> None:
    assert change_lines([change("prepared_by", "", "张三"),
                         change("prepared_at", "", "2026-12-02T13:20:01.123Z"),
                         change("parent_id", "id-a1", "id-gone")], CODES) == [
        "A11 编制人：空 → 张三", "A11 上级指标：A1 → 另一指标"]


def test_rows_without_a_code_and_long_or_broken_text() -> None:
    text = "第一行\n第二行\x07" + "很长" * 30
    lines = change_lines([change("name", "旧名", text, table="project", code=""),
                          change("text", "甲", "乙", table="finding", code="")], {})
    assert lines[0] == "项目信息 名称：旧名 → 第一行 第二行" + "很长" * 16 + "很…"   # cut at 40
    assert lines[1] == "问题与建议 内容：甲 → 乙"
    assert change_lines([], CODES) == []


@pytest.mark.parametrize(("zone", "shown"), [("Asia/Shanghai", "2026-12-02 21:20:01"),
                                             ("UTC", "2026-12-02 13:20:01")])
def test_a_logged_time_in_local_time(monkeypatch: pytest.MonkeyPatch, zone: str,
                                     shown: str) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert local_time("2026-12-02T13:20:01.123Z") == shown
        assert local_time("2026-12-02T13:20:01.123Z", "%m-%d %H:%M") == shown[5:16]
        assert local_time("2026-12-02T13:20:01") == shown          # no zone: UTC
    finally:
        monkeypatch.undo()
        time.tzset()


def test_an_unreadable_time_is_given_as_stored_on_one_line() -> None:
    assert local_time("昨天\n下午") == "昨天 下午"
    assert local_time("") == ""


def test_the_score_of_a_leaf_scored_by_deductions_reads_as_such_both_ways() -> None:
    # to deductions: the hand score is cleared, the engine's counts
    assert change_lines([change("method", "manual", "deduction"),
                         change("score", "5.00", None)], CODES) == [
        "A11 计分方式：直接评分 → 扣分制", "A11 得分：5.00 → 由扣分计算"]
    # back to a hand score: it had no stored score, not an empty one
    assert change_lines([change("method", "deduction", "manual"),
                         change("score", None, "3.00")], CODES) == [
        "A11 计分方式：扣分制 → 直接评分", "A11 得分：由扣分计算 → 3.00"]
    # a hand score cleared on a hand-scored leaf is still 空
    assert change_lines([change("score", "3.00", None)], CODES) == ["A11 得分：3.00 → 空"]


def test_the_summary_of_an_edit_says_the_same() -> None:
    from pfdesk import commands
    from pfdesk.changelog import history
    from tests.seed004 import seed004_project

    project = seed004_project()
    a22 = project.by_code("A22")
    project.apply(commands.add_deduction(project, a22.id, "2", "未设置效益指标"))
    project.apply(commands.set_score(project, a22.id, "3"))
    assert "得分 由扣分计算 → 3" in history(project.conn, limit=1)[0].entry.summary


def test_two_matrices_or_banded_rules_read_differently() -> None:
    """In the history and the conflict cards a matrix reads with its weights and a banded rule
    with its bands, so that two of the same size can be told apart."""
    from fractions import Fraction as F

    from pfdesk import ahp
    from pfdesk.change_text import shown_value
    from pfdesk.rules import usual
    from pfdesk.rules.store import to_json

    textbook = ahp.Comparison(("甲", "乙", "丙"), ((F(1), F(3), F(5)), (F(1, 3), F(1), F(3)),
                                                  (F(1, 5), F(1, 3), F(1))))
    stored = ahp.weighting_to_json(ahp.Weighting(textbook, ("a", "b", "c")))
    # weights by hand (eigenvector of the textbook matrix): 0.6370, 0.2583, 0.1047
    assert shown_value("ahp", stored, (), ()) == "3×3 判断矩阵，权重 0.6370 / 0.2583 / 0.1047"
    bands = shown_value("rule", to_json(usual.satisfaction_bands("居民问卷")), (), ())
    assert bands == ("“居民问卷”满意率分档计分（5档）：0%（含）～60%得0%，60%（含）～70%得40%，"
                     "70%（含）～80%得60%，80%（含）～90%得80%，90%及以上得100%")
