"""The scoring engine against figures worked out by hand from the domain rules."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk import commands
from pfdesk.edits import Edit
from pfdesk.model import Deduction
from pfdesk.project import Project
from pfdesk.scoring import (
    DEDUCTION_REASON,
    GRADE_BANDS,
    SCORE_RANGE,
    TOTAL_WEIGHT,
    UNSCORED,
    WEIGHT_SUM,
    bands_json,
    grade_of,
    parse_bands,
    score_project,
)
from pfdesk.tree import IndicatorSpec, insert_ops
from tests.seed004 import seed004_project


def _dims(result):
    return {n.code: (n.score, n.weight, n.rate) for n in result.level1()}


def test_seed004_summary_table():
    result = score_project(seed004_project())
    dims = _dims(result)
    # Seed 004 表2: 决策 17/20 85%, 过程 23.5/29 81.03%, 产出 24/24 100%, 效益 24/27 88.89%.
    assert dims["A"] == (D("17"), D("20"), D("85.00"))
    assert dims["B"] == (D("23.5"), D("29"), D("81.03"))
    assert dims["C"] == (D("24"), D("24"), D("100.00"))
    assert dims["D"] == (D("24"), D("27"), D("88.89"))
    assert str(result.total) == "88.50"
    assert result.grade == "良"
    assert result.complete and result.unscored == 0
    assert result.problems == []


def test_level2_sums_and_rates():
    result = score_project(seed004_project())
    by_code = {n.code: n for n in result.nodes}
    # B1 组织实施: 3+4+2+2+2 = 13 points, 2+2+2+2+0.5 = 8.5 scored, 8.5/13 = 65.38%.
    assert by_code["B1"].score == D("8.5")
    assert by_code["B1"].max == D("13")
    assert by_code["B1"].rate == D("65.38")
    assert by_code["B15"].lost == D("1.5")
    assert by_code["B15"].parent_code == "B1" and by_code["B15"].level == 3


def _sixteen(scores):
    project = Project.create(None)
    specs = []
    for dim in range(4):
        leaves = [IndicatorSpec(code=f"{'ABCD'[dim]}{i + 1}", name=f"指标{dim}{i}",
                                weight=D("6.25"), score=D(scores[dim * 4 + i]))
                  for i in range(4)]
        specs.append(IndicatorSpec(code="ABCD"[dim], name=f"维度{dim}", weight=D(25),
                                   children=leaves))
    project.apply(Edit("t", insert_ops(specs)))
    return project


def test_sixteen_two_decimal_scores_make_exactly_ninety():
    scores = ["5.61"] * 10 + ["5.65"] * 6          # 56.10 + 33.90 = 90.00
    floats = sum(float(s) for s in scores)
    assert floats != 90.0                           # binary floats miss it …
    result = score_project(_sixteen(scores))
    assert str(result.total) == "90.00"             # … decimals do not
    assert result.grade == "优"


def test_deductions_never_below_zero():
    project = seed004_project()
    a21 = project.by_code("A21")                   # weight 4
    project.apply(commands.add_deduction(project, a21.id, "1", "目标与年度工作不符"))
    project.apply(commands.add_deduction(project, a21.id, "0.5", "指标值不可衡量"))
    node = score_project(project).by_id[a21.id]
    assert node.score == D("2.5")                  # 4 − 1 − 0.5
    b15 = project.by_code("B15")                   # weight 2
    project.apply(commands.add_deduction(project, b15.id, "3", "未开展自评"))
    assert score_project(project).by_id[b15.id].score == D("0")   # 扣完为止


def test_not_applicable_rescales_to_100():
    project = seed004_project()
    c24 = project.by_code("C24")                   # weight 2, scored 2
    project.apply(commands.set_indicator(project, c24.id, not_applicable=True))
    result = score_project(project)
    # raw 88.5 − 2 = 86.5 of 98 applicable points → 86.5 × 100 / 98 = 88.2653… → 88.27
    assert result.raw == D("86.5")
    assert result.max == D("98")
    assert str(result.total) == "88.27"
    c = result.by_id[project.by_code("C").id]
    assert (c.score, c.max, c.rate) == (D("22"), D("22"), D("100.00"))
    assert result.by_id[c24.id].score is None and result.by_id[c24.id].not_applicable


def test_grade_bands_default_boundaries():
    bands = parse_bands("")
    assert grade_of(D("90"), bands) == "优"
    assert grade_of(D("89.99"), bands) == "良"
    assert grade_of(D("80.00"), bands) == "良"
    assert grade_of(D("79.99"), bands) == "中"
    assert grade_of(D("60"), bands) == "中"
    assert grade_of(D("59.99"), bands) == "差"
    assert grade_of(D("0"), bands) == "差"


def test_configurable_bands_per_project():
    project = seed004_project()
    five = [("优秀", D(85)), ("良好", D(75)), ("一般", D(65)), ("及格", D(60)), ("较差", D(0))]
    project.apply(commands.set_info(project, grade_bands=bands_json(five)))
    assert score_project(project).grade == "优秀"        # 88.50 ≥ 85
    project.apply(commands.set_info(project, grade_bands="not json"))
    assert score_project(project).grade == "良"          # bad value → national default


def test_grade_waits_for_every_leaf():
    project = seed004_project()
    a11 = project.by_code("A11")
    project.apply(commands.set_score(project, a11.id, ""))
    result = score_project(project)
    assert result.grade is None
    assert result.provisional_grade == "良"               # 88.5 − 5 = 83.5
    assert str(result.total) == "83.50"
    assert result.unscored == 1 and not result.complete
    assert [(p.code, p.kind) for p in result.problems] == [("A11", UNSCORED)]


def test_every_kind_of_problem():
    project = seed004_project()
    a1 = project.by_code("A1")
    project.apply(Edit("t", [commands.Update("indicator", a1.id, {"weight": D(9)})]))
    b11 = project.by_code("B11")
    project.apply(Edit("t", [commands.Update("indicator", b11.id, {"score": D(4)})]))
    c11 = project.by_code("C11")
    project.apply(Edit("t", [commands.Update("indicator", c11.id, {"score": D(-1)})]))
    d = project.by_code("D")
    project.apply(Edit("t", [commands.Update("indicator", d.id, {"weight": D(26)})]))
    d22 = project.by_code("D22")
    project.apply(Edit("t", [commands.Insert(Deduction(indicator_id=d22.id, points=D(1),
                                                        reason=" "))]))
    project.apply(Edit("t", [commands.Update("indicator", d22.id, {"method": "deduction"})]))
    kinds = {(p.code, p.kind) for p in score_project(project).problems}
    assert ("A1", WEIGHT_SUM) in kinds        # children 8 ≠ 9
    assert ("A", WEIGHT_SUM) in kinds         # A1 9 + A2 8 + A3 4 = 21 ≠ 20
    assert ("D", WEIGHT_SUM) in kinds         # children 27 ≠ 26
    assert ("", TOTAL_WEIGHT) in kinds        # 20 + 29 + 24 + 26 = 99
    assert ("B11", SCORE_RANGE) in kinds      # 4 > 3
    assert ("C11", SCORE_RANGE) in kinds      # −1 < 0
    assert ("D22", DEDUCTION_REASON) in kinds


def test_deductions_left_on_a_hand_scored_leaf_are_reported():
    project = seed004_project()
    a21 = project.by_code("A21")
    project.apply(commands.add_deduction(project, a21.id, "1", "目标不细"))
    project.apply(commands.set_score(project, a21.id, "2"))       # typed by hand afterwards
    result = score_project(project)
    assert result.by_id[a21.id].score == D("2")                   # the typed score counts
    assert [(p.code, p.kind) for p in result.problems] == [("A21", "deduction_unused")]


NATIONAL = [("优", D(90)), ("良", D(80)), ("中", D(60)), ("差", D(0))]


@pytest.mark.parametrize("stored", [
    '[{"name": "优", "min": NaN}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "NaN"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "sNaN"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": Infinity}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "-Infinity"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": 1e999}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "1e999999999"}, {"name": "x", "min": "1"}]',
    '[{"name": "优", "min": "' + "9" * 5000 + '"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": ' + "9" * 5000 + '}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "120"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "-5"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "很高"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": true}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": [90]}, {"name": "差", "min": "0"}]',
    '[{"name": 90, "min": "90"}, {"name": "差", "min": "0"}]',
    '[{"name": "", "min": "90"}, {"name": "差", "min": "0"}]',
    '[{"name": "优"}, {"name": "差", "min": "0"}]',
    '[{"name": "优", "min": "90"}, {"name": "优", "min": "0"}]',
    '[{"name": "优", "min": "90"}, {"name": "良", "min": "90.00"}]',
    '[["优", "90"]]',
    '{"优": 90}',
    '"优"',
    "90",
    "null",
    "[]",
    "not json",
    "[" * 100_000 + "]" * 100_000,
])
def test_unusable_grade_bands_fall_back_to_national_and_are_reported(stored):
    project = seed004_project()
    project.apply(commands.set_info(project, grade_bands=stored))
    bands = parse_bands(stored)
    assert list(bands) == NATIONAL
    result = score_project(project)                       # 88.50 on the national bands
    assert (result.total, result.grade) == (D("88.50"), "良")
    problems = [p for p in result.problems if p.kind == GRADE_BANDS]
    assert len(problems) == 1 and problems[0].code == ""
    message = problems[0].message
    assert message.startswith("评价等级") and "\n" not in message and len(message) < 120
    assert "9999" not in message and "NaN" not in message


def test_usable_grade_bands_give_no_problem():
    assert parse_bands("").problem == "" and list(parse_bands("")) == NATIONAL
    bands = parse_bands('[{"name": "合格", "min": "-0"}, {"name": "优秀", "min": 85.5}]')
    assert [(name, str(lower)) for name, lower in bands] == [("优秀", "85.5"), ("合格", "0")]
    assert bands.problem == ""
    project = seed004_project()
    assert not [p for p in score_project(project).problems if p.kind == GRADE_BANDS]
