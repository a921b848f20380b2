"""Scores, rates, totals and grades written in the printed text, against the engine.

The fixture's numbers, by hand: total 17 + 23.5 + 24 + 24 = 88.5 of 100 (良, 80 ≤ 88.5 < 90),
总体得分率 88.50%; 决策 17/20 = 85.00%; 效益 24/27 = 88.89%; B12 4 − 1 − 1 = 2 of 4 = 50.00%;
B14 2 of 2; B15 2 − 1.5 = 0.5 of 2 = 25.00%.
"""

from __future__ import annotations

import pytest

from pfdesk import commands
from pfdesk.reports.check_text import statements
from pfdesk.reports.checks import ERROR, GRADE, INDICATOR, STATED_NUMBER
from tests.pfdesk.reports.checks_fixture import add_problem, clean_fixture, of_kind

BANDS = ["优", "良", "中", "差"]


def _analysis(code: str, text: str, layout: str = "full") -> list[str]:
    project = clean_fixture()
    project.apply(commands.set_indicator(project, project.by_code(code).id, analysis=text))
    return [c.message for c in of_kind(project, STATED_NUMBER, layout)]


def _conclusion(text: str, kind: str = STATED_NUMBER, key: str = "conclusion",
                layout: str = "full") -> list[str]:
    project = clean_fixture()
    project.apply(commands.set_narrative(project, key, text))
    return [c.message for c in of_kind(project, kind, layout)]


def test_analysis_stating_another_score_fails() -> None:
    project = clean_fixture()
    b14 = project.by_code("B14")   # seed 004 wrote 得分2分 … 该指标得3分 here
    project.apply(commands.set_indicator(project, b14.id, analysis="手续完备。得分2分。该指标得3分。"))
    [check] = of_kind(project, STATED_NUMBER)
    assert check.message == "B14运转程序规范性的分析中写“该指标得3分”，而B14运转程序规范性的得分是2分"
    assert (check.code, check.indicator_id, check.place) == ("B14", b14.id, INDICATOR)
    assert check.severity == ERROR and "生成分析段落" in check.action


def test_analysis_stating_its_own_score_passes() -> None:
    assert _analysis("B14", "手续完备。权重2分，得分2分。该指标得2分。") == []
    assert _analysis("B15", "自评内容不完整，扣1.5分，得分为0.5分。") == []


def test_analysis_rate() -> None:
    assert _analysis("B12", "扣2分，得分率50%。") == []
    assert _analysis("B12", "扣2分，得分率60%。") == [
        "B12制度执行有效性的分析中写“得分率60%”，而B12制度执行有效性的得分率是50.00%"]


def test_analysis_naming_another_indicator_by_code() -> None:
    assert _analysis("D31", "与A11得分5分一致。") == []
    assert _analysis("D31", "A11得分4分。") == [
        "D31服务对象满意度的分析中写“得分4分”，而A11立项依据充分性的得分是5分"]


def test_total_stated_in_the_conclusion() -> None:
    assert _conclusion("本项目综合得分88.5分，总体得分率88.50%。") == []
    assert _conclusion("本项目综合评价得分88.50分。") == []
    assert _conclusion("本项目综合得分90分，总体得分率90%。") == [
        "报告章节“综合评价结论”中写“综合得分90分”，而综合得分是88.5分",
        "报告章节“综合评价结论”中写“总体得分率90%”，而总体得分率是88.50%"]


def test_grade_stated_in_the_conclusion() -> None:
    assert _conclusion("评价等级为“良”。", GRADE) == []
    assert _conclusion("评价等级为良好。", GRADE) == []
    assert _conclusion("综合得分88.5分，评价等级为“优”。", GRADE) == [
        "报告章节“综合评价结论”中写“评价等级为‘优’”，而按综合得分88.5分评定的等级是“良”"]


def test_grade_in_the_clients_own_bands() -> None:
    project = clean_fixture()
    bands = ('[{"name": "优秀", "min": 90}, {"name": "良好", "min": 80}, {"name": "一般", "min": 70},'
             ' {"name": "及格", "min": 60}, {"name": "较差", "min": 0}]')
    project.apply(commands.set_info(project, grade_bands=bands))
    project.apply(commands.set_narrative(project, "conclusion", "绩效等级：良好。"))
    assert of_kind(project, GRADE) == []
    project.apply(commands.set_narrative(project, "conclusion", "绩效等级：优秀。"))
    assert [c.message for c in of_kind(project, GRADE)] == [
        "报告章节“综合评价结论”中写“绩效等级：优秀”，而按综合得分88.5分评定的等级是“良好”"]


def test_dimension_named_before_its_score() -> None:
    # 效益 24 of its 27 points, 88.89%; '总分27分' is its weight, not a statement of its score.
    assert _conclusion("效益指标总分27分，得分24分，得分率88.89%。") == []
    assert _conclusion("其中决策指标权重20分，得分17分，得分率85%；效益指标总分27分，得分24分。") == []
    assert _conclusion("效益指标总分27分，得分21.5分，得分率82.69%。") == [
        "报告章节“综合评价结论”中写“得分21.5分”，而效益指标的得分是24分",
        "报告章节“综合评价结论”中写“得分率82.69%”，而效益指标的得分率是88.89%"]


def test_weights_are_not_scores() -> None:
    # A wrong weight is the weight checks' business; none of these states a score.
    assert _conclusion("效益指标总分30分，权重5分，满分5分，分值5分。") == []
    assert statements("效益指标总分30分，权重5分，满分5分，分值5分，扣1分。", BANDS) == []
    found = statements("权重5分，得分4分，得分率80%，综合得分88.5分，评价等级为“良”", BANDS)
    assert [(f.kind, f.value) for f in found] == [
        ("score", "4"), ("rate", "80"), ("total", "88.5"), ("grade", "良")]


def test_a_score_no_indicator_is_named_for_is_left_alone() -> None:
    assert _conclusion("各项工作得分3分。") == []


def test_findings_in_every_layout_that_prints_them() -> None:
    project = clean_fixture()
    add_problem(project, "制度执行不到位，B12制度执行有效性得分3分。", "", ("B12",))
    add_problem(project, "资金支付不及时，该指标得分0分。", "", ("B25",))   # B25: 2 − 1 = 1
    for layout in ("full", "brief", "feedback", "infosheet"):
        assert [c.message for c in of_kind(project, STATED_NUMBER, layout)] == [
            "存在的问题第5条中写“得分3分”，而B12制度执行有效性的得分是2分",
            "存在的问题第6条中写“该指标得分0分”，而B25资金支付及时性的得分是1分"], layout
    assert of_kind(project, STATED_NUMBER, "scoresheet") == []


def test_only_the_texts_a_layout_prints() -> None:
    # The brief prints the background but neither the conclusion nor the analyses.
    assert _analysis("B14", "该指标得3分。", "brief") == []
    assert _conclusion("综合得分90分。", layout="brief") == []
    assert _conclusion("本项目综合得分90分。", key="background", layout="brief") == [
        "报告章节“项目背景”中写“综合得分90分”，而综合得分是88.5分"]


@pytest.mark.parametrize("text", ["得分率100％", "得分率：100%"])
def test_rate_forms(text: str) -> None:
    assert _analysis("B14", text) == []


def test_a_score_stated_for_a_not_applicable_indicator_fails() -> None:
    project = clean_fixture()
    b14 = project.by_code("B14")
    project.apply(commands.set_indicator(project, b14.id, analysis="手续完备。该指标得2分。",
                                         not_applicable=True))
    assert [c.message for c in of_kind(project, STATED_NUMBER)] == [
        "B14运转程序规范性的分析中写“该指标得2分”，而B14运转程序规范性不适用，不计分"]
    project.apply(commands.set_indicator(project, b14.id, analysis="本项目未涉及该事项。"))
    assert of_kind(project, STATED_NUMBER) == []


def test_an_indicator_named_before_a_total_word_owns_the_score() -> None:
    # 决策 17 of 20 (fixture); 总得分 after it is that dimension's score, not the project's
    assert _conclusion("决策指标总得分17分，得分率85%。") == []
    assert _conclusion("决策指标总得分16分。") == [
        "报告章节“综合评价结论”中写“总得分16分”，而决策指标的得分是17分"]


def test_another_year_and_a_quoted_standard_state_nothing() -> None:
    assert _conclusion("上年度该项目综合得分82分，本年有所提高。") == []
    assert _analysis("D31", "按评分标准，满意度低于60%的得分为0分。本项目满意度较高。") == []


@pytest.mark.parametrize("text", ["评价结果为“优”。", "评定为“优秀”等级。", "等级为“优”。",
                                  "绩效等级评定为“优”。"])
def test_more_ways_of_stating_the_grade(text: str) -> None:
    # the fixture's total 88.5 is 良: each of these states another grade
    assert len(_conclusion(text, kind=GRADE)) == 1
