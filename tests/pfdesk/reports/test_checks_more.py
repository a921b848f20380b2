"""Funding sources against 资金总额, points deducted with no problem recorded, and the expert
panel's spread: each check failing once and passing once, with numbers worked by hand.

The fixture's 资金总额 is 170.86 / 170.86 / 168.91 万元 (预算 / 实际到位 / 实际支出) and its one
source, 市县, holds exactly that. Its deducted leaves lose A21 1, A22 2, B11 1, B12 2, B15 1.5,
B25 1, D16 1 and D22 2 points.
"""

from __future__ import annotations

from decimal import Decimal as D

from pfdesk import commands, panel
from pfdesk.model import FundingSource
from pfdesk.reports.checks import (
    DEDUCTED_NO_PROBLEM,
    ERROR,
    FINDINGS,
    FUNDING,
    FUNDING_SOURCES,
    INDICATOR,
)
from pfdesk.scoring import SPREAD
from tests.pfdesk.reports.checks_fixture import add_problem, clean_fixture, of_kind
from tests.pfdesk.reports.fixture_project import build_fixture


def _add_source(project, source: str, budget: str, received: str, spent: str) -> None:
    row = FundingSource(source=source, budget=D(budget), received=D(received), spent=D(spent))
    project.apply(commands.add_row(project, row, "添加资金来源"))


# ----- funding sources -----

def test_sources_that_add_up_to_the_totals_pass() -> None:
    assert of_kind(clean_fixture(), FUNDING_SOURCES) == []


def test_a_source_added_makes_all_three_columns_disagree() -> None:
    project = clean_fixture()
    _add_source(project, "省", "5", "5", "5")
    # 170.86 + 5 = 175.86 twice; 168.91 + 5 = 173.91
    found = of_kind(project, FUNDING_SOURCES)
    assert [c.message for c in found] == [
        "资金来源的预算合计175.86万元，与资金总额中的预算170.86万元不一致",
        "资金来源的实际到位合计175.86万元，与资金总额中的实际到位170.86万元不一致",
        "资金来源的实际支出合计173.91万元，与资金总额中的实际支出168.91万元不一致"]
    assert {(c.severity, c.place, c.section) for c in found} == {(ERROR, FUNDING, "资金来源")}
    assert all("资金情况" in c.action for c in found)


def test_one_column_off() -> None:
    project = clean_fixture()
    source = project.funding_sources()[0]
    project.apply(commands.set_fields(project, "funding_source", source.id, "改",
                                      spent=D("160")))
    assert [c.message for c in of_kind(project, FUNDING_SOURCES)] == [
        "资金来源的实际支出合计160.00万元，与资金总额中的实际支出168.91万元不一致"]


# ----- points deducted, no problem recorded -----

def test_every_deducted_leaf_without_a_problem_is_named() -> None:
    project = build_fixture()          # its two problems are linked to no indicator
    found = of_kind(project, DEDUCTED_NO_PROBLEM)
    assert [c.code for c in found] == ["A21", "A22", "B11", "B12", "B15", "B25", "D16", "D22"]
    b15 = found[4]
    assert b15.message == "B15绩效自评合理性扣了1.5分，但“存在的问题”中没有一条与它关联"
    assert b15.indicator_id == project.by_code("B15").id and b15.place == FINDINGS
    assert "勾选这个指标" in b15.action


def test_deductions_explained_by_problems_pass() -> None:
    assert of_kind(clean_fixture(), DEDUCTED_NO_PROBLEM) == []


def test_a_directly_scored_leaf_below_its_points() -> None:
    project = clean_fixture()
    a11 = project.by_code("A11")
    project.apply(commands.set_score(project, a11.id, "4"))       # 5 − 4 = 1 point lost
    [check] = of_kind(project, DEDUCTED_NO_PROBLEM)
    assert check.message == "A11立项依据充分性扣了1分，但“存在的问题”中没有一条与它关联"
    add_problem(project, "立项论证不充分。", "", ("A11",))
    assert of_kind(project, DEDUCTED_NO_PROBLEM) == []


def test_an_empty_problem_explains_nothing() -> None:
    project = clean_fixture()
    project.apply(commands.set_score(project, project.by_code("A11").id, "4"))
    add_problem(project, "  ", "", ("A11",))
    assert [c.code for c in of_kind(project, DEDUCTED_NO_PROBLEM)] == ["A11"]


def test_not_asked_of_the_scoring_forms() -> None:
    assert of_kind(build_fixture(), DEDUCTED_NO_PROBLEM, "scoresheet") == []


# ----- the expert panel's spread -----

def _panel(scores: tuple[str, str]) -> object:
    """The clean fixture scored by its leader, two experts scoring A11 (5 points), limit 2."""
    project = clean_fixture()
    project.apply(panel.set_panel_method(project, "leader", "2"))
    a11 = project.by_code("A11")
    for evaluator, score in zip(project.evaluators(), scores, strict=True):
        project.apply(panel.set_evaluator_score(project, a11.id, evaluator.id, score))
    return project


def test_spread_above_the_limit() -> None:
    project = _panel(("5", "2"))                  # 5 − 2 = 3 > 2
    [check] = of_kind(project, SPREAD)
    assert check.message == "A11 专家评分分差 3 分，超过分差上限 2 分"
    assert (check.code, check.place) == ("A11", INDICATOR)
    assert check.indicator_id == project.by_code("A11").id
    assert "专家评分" in check.action


def test_spread_within_the_limit_and_experts_totals_differ() -> None:
    # 5 − 3 = 2 is not above 2. Each expert's total differs from the composite (one scored
    # A11 only), which is normal for a panel: no check says anything about it.
    project = _panel(("5", "3"))
    assert of_kind(project, SPREAD) == []
    for layout in ("full", "scoresheet"):
        assert of_kind(project, SPREAD, layout) == []
        assert [c for c in of_kind(project, "evaluator_total", layout)] == []
