"""One rule for numbers in the engine: two decimals at the leaf, exact sums, rates from the
shown values, not-applicable points excluded and counted, progress, the trailing-zero style.

Expected values are worked out by hand from seed 004 (决策 17/20, 过程 23.5/29, 产出 24/24,
效益 24/27, total 88.5; 35 leaves).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk import commands
from pfdesk.edits import Edit, Update
from pfdesk.errors import EditError
from pfdesk.model import Evaluator, ProjectInfo
from pfdesk.model import EvaluatorScore as EvaluatorScoreRow
from pfdesk.numbers import Numbers, rate_of
from pfdesk.panel import evaluator_totals, set_evaluator_score, set_panel_method
from pfdesk.scoring import score_project
from tests.seed004 import seed004_project


def _raw_score(project, code: str, value: str) -> None:
    """A score with more than two decimals, as an imported sheet or an older file may hold."""
    ind = project.by_code(code)
    project.apply(Edit("t", [Update("indicator", ind.id, {"score": D(value)})]))


def test_a_three_decimal_score_is_rounded_half_up_at_the_leaf_and_says_so():
    project = seed004_project()
    _raw_score(project, "A11", "4.376")            # 5 × 87.52%, as firms compute
    result = score_project(project)
    a11 = result.by_id[project.by_code("A11").id]
    assert (a11.score, a11.unrounded, a11.lost) == (D("4.38"), D("4.376"), D("0.62"))
    a = result.by_id[project.by_code("A").id]
    # 决策 17 − 5 + 4.38 = 16.38 of 20 → 81.90%; sums of two-decimal scores are exact
    assert (a.score, a.max, a.rate) == (D("16.38"), D("20"), D("81.90"))
    # total 88.5 − 0.62 = 87.88; nothing is not applicable, so nothing is rescaled
    assert result.raw == result.total == D("87.88")
    assert not result.rescaled and result.excluded == 0


def test_an_unrounded_score_is_not_marked():
    project = seed004_project()
    _raw_score(project, "A11", "4.50")
    node = score_project(project).by_id[project.by_code("A11").id]
    assert (node.score, node.unrounded) == (D("4.5"), None)


def test_a_half_is_rounded_up_not_to_even():
    project = seed004_project()
    _raw_score(project, "A11", "4.125")
    _raw_score(project, "A12", "2.135")
    result = score_project(project)
    assert result.by_id[project.by_code("A11").id].score == D("4.13")
    assert result.by_id[project.by_code("A12").id].score == D("2.14")


def test_deductions_of_three_decimals_give_a_two_decimal_leaf():
    project = seed004_project()
    a11 = project.by_code("A11")
    project.apply(commands.add_deduction(project, a11.id, "1", "依据不全"))
    ded = project.deductions(a11.id)[0]
    project.apply(Edit("t", [Update("deduction", ded.id, {"points": D("0.624")})]))
    node = score_project(project).by_id[a11.id]
    assert (node.score, node.unrounded, node.deducted) == (D("4.38"), D("4.376"), D("0.624"))


def test_not_applicable_points_are_excluded_counted_and_rescaled():
    project = seed004_project()
    d16 = project.by_code("D16")                   # weight 4, scored 3
    project.apply(commands.set_indicator(project, d16.id, not_applicable=True))
    result = score_project(project)
    d = result.by_id[project.by_code("D").id]
    # 效益 24 − 3 = 21 of 27 − 4 = 23 points that count → 91.30%
    assert (d.score, d.weight, d.max, d.excluded, d.excluded_leaves) == (
        D("21"), D("27"), D("23"), D("4"), 1)
    assert d.rate == D("91.30") == rate_of(d.score, d.max)
    # raw 88.5 − 3 = 85.5 of 96 → 85.5 × 100 ÷ 96 = 89.0625 → 89.06
    assert (result.raw, result.max, result.excluded, result.excluded_leaves) == (
        D("85.5"), D("96"), D("4"), 1)
    assert result.rescaled and result.total == D("89.06")
    assert result.rate == D("89.06")
    a = result.by_id[project.by_code("A").id]
    assert (a.excluded, a.excluded_leaves) == (D("0"), 0)


def test_a_not_applicable_leaf_of_no_weight_rescales_nothing():
    project = seed004_project()
    d16 = project.by_code("D16")
    project.apply(commands.set_score(project, d16.id, ""))
    project.apply(commands.set_indicator(project, d16.id, weight="0", not_applicable=True))
    result = score_project(project)
    assert not result.rescaled and result.excluded == 0
    assert result.excluded_leaves == 1


def test_progress_counts_applicable_leaves():
    project = seed004_project(scored=False)
    result = score_project(project)
    assert (result.leaves, result.scored) == (35, 0)
    project.apply(commands.set_score(project, project.by_code("A11").id, "5"))
    project.apply(commands.set_indicator(project, project.by_code("D16").id, not_applicable=True))
    result = score_project(project)
    assert (result.leaves, result.scored, result.excluded_leaves) == (34, 1, 1)
    d = result.by_id[project.by_code("D").id]
    assert (d.leaves, d.scored) == (8, 0)


def test_evaluator_totals_follow_the_scores_and_the_rescaling():
    project = seed004_project()
    lead, expert = Evaluator(name="张华"), Evaluator(name="李静")
    project.apply(commands.add_row(project, lead, "t"))
    project.apply(commands.add_row(project, expert, "t"))
    d11 = project.by_code("D11")                   # weight 2, team score 2
    project.apply(set_evaluator_score(project, d11.id, expert.id, "1"))
    totals = evaluator_totals(project, score_project(project))
    # the leader gave no own scores: the team's 88.5; the expert 1 point less on D11
    assert (totals[lead.id], totals[expert.id]) == (D("88.5"), D("87.5"))
    project.apply(commands.set_indicator(project, project.by_code("D16").id, not_applicable=True))
    totals = evaluator_totals(project, score_project(project))
    # 85.5 − 1 = 84.5 of 96 → 88.0208… → 88.02; the leader 89.0625 → 89.06
    assert (totals[lead.id], totals[expert.id]) == (D("89.06"), D("88.02"))
    project.apply(commands.set_score(project, project.by_code("A11").id, ""))
    totals = evaluator_totals(project, score_project(project))
    assert totals[lead.id] is None                 # A11 has no score from anyone


@pytest.mark.parametrize(("style", "score", "shown", "prose"), [
    ("plain", "88.5", "88.5", "88.5分"), ("fixed", "88.5", "88.50", "88.50分"),
    ("plain", "17", "17", "17分"), ("fixed", "17", "17.00", "17.00分"),
    ("plain", "0", "0", "0分"), ("fixed", "0.05", "0.05", "0.05分"),
])
def test_the_trailing_zero_style(style, score, shown, prose):
    numbers = Numbers(style)
    assert numbers.pts(D(score)) == shown
    assert numbers.points(D(score)) == prose
    # rates and money are two decimals whatever the style
    assert numbers.percent(D("87.1")) == "87.10%"
    assert numbers.money(D("81.8")) == "81.80"
    assert numbers.pts(None) == "—"


def test_the_style_is_a_project_setting_and_an_undoable_edit():
    project = seed004_project()
    assert Numbers.of(project.info).pts(D("88.5")) == "88.5"
    project.apply(commands.set_number_style(project, "fixed"))
    assert project.info.number_style == "fixed"
    assert Numbers.of(project.info).pts(D("88.5")) == "88.50"
    project.undo()
    assert project.info.number_style == "plain"
    with pytest.raises(EditError, match="得分显示方式"):
        commands.set_number_style(project, "88.500")
    assert Numbers.of(ProjectInfo(number_style="odd")).style == "plain"


def test_problems_write_numbers_in_the_project_s_style_and_follow_a_change_live():
    from pfdesk.live_scores import LiveScores

    project = seed004_project()
    _raw_score(project, "A11", "6")                # weight 5: out of range
    live = LiveScores(project)
    messages = [p.message for p in live.result.problems]
    assert "A11 得分 6 分超出 0～5 分的范围" in messages
    change = project.apply(commands.set_number_style(project, "fixed"))
    messages = [p.message for p in live.update(change).problems]
    assert "A11 得分 6.00 分超出 0～5.00 分的范围" in messages
    assert messages == [p.message for p in score_project(project).problems]


def test_nothing_applicable_gives_no_grade_and_an_error_check():
    from pfdesk.reports.checks import ERROR, run_checks
    from pfdesk.reports.data import ReportData

    project = seed004_project()
    for code in ("A", "B", "C", "D"):
        project.apply(commands.set_indicator(project, project.by_code(code).id,
                                             not_applicable=True))
    result = score_project(project)
    assert (result.max, result.rate, result.grade, result.complete) == (D(0), None, None, False)
    assert [p.kind for p in result.problems] == ["nothing_counts"]
    for layout in ("full", "brief", "infosheet", "scoresheet", "feedback"):
        found = [c for c in run_checks(ReportData.of(project), layout)
                 if c.kind == "nothing_counts"]
        assert [c.severity for c in found] == [ERROR], layout


def test_an_expert_score_above_the_weight_is_refused_and_reported():
    project = seed004_project()
    expert = Evaluator(name="李静")
    project.apply(commands.add_row(project, expert, "t"))
    d14 = project.by_code("D14")                   # weight 3
    project.apply(commands.set_score(project, d14.id, ""))
    project.apply(set_panel_method(project, "leader"))
    project.apply(set_evaluator_score(project, d14.id, expert.id, "2.5"))
    with pytest.raises(EditError, match=r"有专家评分 2\.5 分，分值不能小于专家评分"):
        commands.set_indicator(project, d14.id, weight="2")
    # a file from elsewhere may hold one anyway: the engine says so
    row = next(r for r in project.rows(EvaluatorScoreRow) if r.indicator_id == d14.id)
    project.apply(Edit("t", [Update("evaluator_score", row.id, {"score": D("3.5")})]))
    messages = [p.message for p in score_project(project).problems if p.kind == "score_range"]
    assert messages == ["D14 有 1 位专家的评分（3.5 分）超出 0～3 分的范围"]
