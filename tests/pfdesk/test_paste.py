"""Pasted text read as cells and scores, and a paste into the score tree planned (no Qt)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pfdesk import commands, paste
from pfdesk.project import Project
from tests.seed004 import seed004_project


@pytest.fixture
def project() -> Project:
    """Seed 004 in memory: B11 worth 3 scored 2, B12 worth 4 scored 2, B13 worth 2 scored 2."""
    return seed004_project()


def ids(project: Project, *codes: str) -> list[str]:
    return [project.by_code(c).id for c in codes]  # type: ignore[union-attr]


@pytest.mark.parametrize(("typed", "plain"), [
    ("３", "3"), ("４．５", "4.5"), ("4。5", "4.5"), ("2.5\r\n", "2.5"), (" 3分 ", "3"),
    ("－1", "-1"), ("\u3000２\u3000", "2"), ("1,234", "1,234"), ("abc", "abc"), ("", ""),
])
def test_normal_number(typed: str, plain: str) -> None:
    assert paste.normal_number(typed) == plain


@pytest.mark.parametrize(("text", "rows"), [
    ("2.5\r\n", [["2.5"]]),
    ("2.5", [["2.5"]]),
    ("1\r\n2\r\n\r\n3\r\n", [["1"], ["2"], [""], ["3"]]),
    ("B11\t3\nB12\t4\n", [["B11", "3"], ["B12", "4"]]),
    ('a\t"two\r\nlines"\t"say ""hi"""\r\n', [["a", "two\r\nlines", 'say "hi"']]),
    ("x\t\r\n", [["x", ""]]),
    ("1\r2\r", [["1"], ["2"]]),
    ("", []),
])
def test_parse_tsv(text: str, rows: list[list[str]]) -> None:
    assert paste.parse_tsv(text) == rows


def test_tsv_round_trip() -> None:
    rows = [["编码", "名称"], ["B11", 'with\ttab "and" quote'], ["B12", "two\nlines"]]
    text = paste.to_tsv(rows)
    assert text.endswith("\r\n")
    assert text.splitlines()[0] == "编码\t名称"
    assert paste.parse_tsv(text) == rows


@pytest.mark.parametrize(("typed", "why"), [
    ("4.5", "得分应在 0～4 分之间"), ("3.255", "得分最多保留两位小数"), ("abc", "“abc”不是数字"),
    ("-1", "得分应在 0～4 分之间"), ("５", "得分应在 0～4 分之间"),
])
def test_read_score_refuses_with_a_reason(typed: str, why: str) -> None:
    with pytest.raises(paste.ScoreRefused) as caught:
        paste.read_score(typed, Decimal(4))
    assert str(caught.value) == why


def test_read_score_accepts() -> None:
    assert paste.read_score("４．５分", Decimal(5)) == Decimal("4.5")
    assert paste.read_score("2.5\r\n", Decimal(4)) == Decimal("2.5")
    assert paste.read_score("  ", Decimal(4)) is None


def test_one_column_lands_on_the_targets_in_order(project: Project) -> None:
    targets = ids(project, "B11", "B12", "B13")
    plan = paste.plan_scores(project, "3\r\n３．５\r\n\r\n9\r\n", targets)
    assert plan.mode == "column"
    got = [(ln.code, ln.old, ln.new, ln.why) for ln in plan.lines]
    assert got == [("B11", "2", "3", ""), ("B12", "2", "3.5", ""), ("B13", "2", "2", ""),
                   ("", "", "9", "没有对应的指标（已超出所选范围）")]
    assert [ln.code for ln in plan.changes] == ["B11", "B12"]
    assert len(plan.refused) == 1


def test_codes_with_header_and_refusals(project: Project) -> None:
    a21 = project.by_code("A21")
    assert a21 is not None
    project.apply(commands.add_deduction(project, a21.id, "1", "目标与年度工作不符"))
    text = ("编码\t名称\t得分\r\n"
            "b11\t管理制度健全性\t3分\r\n"
            "B12\t\t4.5\r\n"          # worth 4
            "B1\t组织实施\t10\r\n"     # a parent
            "A21\t\t4\r\n"            # scored by deductions
            "Z99\t\t1\r\n"
            "B11\t\t1\r\n"
            "B13\t\t1.255\r\n")
    plan = paste.plan_scores(project, text, [])
    assert plan.mode == "codes"
    why = {ln.row: ln.why for ln in plan.lines}
    assert why == {2: "", 3: "得分应在 0～4 分之间", 4: "有下级指标，得分由下级指标合计",
                   5: "得分由扣分项决定，请在“扣分”中修改", 6: "没有编码为 Z99 的指标",
                   7: "编码重复（第 2 行已有）", 8: "得分最多保留两位小数"}
    assert [(ln.code, ln.old, ln.new) for ln in plan.changes] == [("B11", "2", "3")]


def test_two_columns_without_header_match_codes(project: Project) -> None:
    plan = paste.plan_scores(project, "B11\t1\nB12\t4\n", [])
    assert [(ln.code, ln.new) for ln in plan.changes] == [("B11", "1"), ("B12", "4")]


def test_a_shape_not_understood_is_refused_whole(project: Project) -> None:
    plan = paste.plan_scores(project, "B11\tx\t1\nB12\ty\t2\n", [])
    assert plan.problem.startswith("无法确定哪一列是得分")
    assert paste.plan_scores(project, "\r\n", []).problem == "剪贴板中没有内容"


def test_plan_is_one_edit_and_one_undo(project: Project) -> None:
    plan = paste.plan_scores(project, "3\n3.5\n1\n", ids(project, "B11", "B12", "B13"))
    edit = plan.edit(project)
    assert edit.label == "粘贴得分（3 项）"
    project.apply(edit)
    assert [project.by_code(c).score for c in ("B11", "B12", "B13")] == [  # type: ignore[union-attr]
        Decimal(3), Decimal("3.5"), Decimal(1)]
    project.undo()
    assert [project.by_code(c).score for c in ("B11", "B12", "B13")] == [  # type: ignore[union-attr]
        Decimal(2), Decimal(2), Decimal(2)]


def test_not_applicable_leaf_is_refused(project: Project) -> None:
    b11 = project.by_code("B11")
    assert b11 is not None
    project.apply(commands.set_indicator(project, b11.id, not_applicable=True))
    plan = paste.plan_scores(project, "1\n", [b11.id])
    assert plan.lines[0].why == "不适用，不计分"


def test_a_code_used_twice_is_refused(project: Project) -> None:
    b12 = project.by_code("B12")
    assert b12 is not None
    project.apply(commands.set_indicator(project, b12.id, code="B11"))
    plan = paste.plan_scores(project, "B11\t1\n", [])
    assert plan.lines[0].why == "编码 B11 有不止一个指标，无法确定是哪一个"


def test_the_same_figure_on_a_leaf_scored_by_deductions_is_unchanged(project: Project) -> None:
    a21 = project.by_code("A21")
    assert a21 is not None
    project.apply(commands.add_deduction(project, a21.id, "1", "目标与年度工作不符"))
    a1 = project.by_code("A1")
    assert a1 is not None
    scores = {a21.id: Decimal(3), a1.id: Decimal(8)}     # the engine's: 4 − 1, and 5 + 3
    text = "编码\t得分\r\nA21\t3\r\nA1\t8\r\nA21\t2\r\n"
    lines = paste.plan_scores(project, text, [], scores).lines
    assert [(ln.code, ln.old, ln.new, ln.why) for ln in lines] == [
        ("A21", "3", "3", ""), ("A1", "8", "8", ""),
        ("A21", "", "2", "编码重复（第 2 行已有）")]
    line = paste.plan_scores(project, "A21\t2\n", [], scores).lines[0]
    assert (line.old, line.new, line.why) == ("3", "2", "得分由扣分项决定，请在“扣分”中修改")


def test_one_clipboard_reader_for_the_tree_and_the_tables():
    from pfdesk import table_paste

    text = 'A11\t"4\r\n5"\r\n"好"的评价\t3\r\n'
    # a quote closing before a separator holds a line break; any other quote is text
    assert paste.parse_tsv(text) == table_paste.split_cells(text) == [
        ["A11", "4\r\n5"], ['"好"的评价', "3"]]
