"""A section of the chosen layout with no content: each layout's own parts (read from full.py,
brief.py, feedback.py, infosheet.py and scoresheet.py), each failing once; the clean fixture
passes them all (test_checks)."""

from __future__ import annotations

from pfdesk import commands
from pfdesk.reports.check_sections import empty_sections
from pfdesk.reports.checks import EMPTY_SECTION, FINDINGS, FUNDING, INDICATOR, INFO, TARGETS
from pfdesk.reports.data import ReportData
from tests.pfdesk.reports.checks_fixture import clean_fixture, of_kind


def _without(project, table: str, rows) -> None:
    for row in list(rows):
        project.apply(commands.remove_row(project, table, row.id, "删除"))


def _empty(project, layout: str) -> list[str]:
    return [c.message for c in of_kind(project, EMPTY_SECTION, layout)]


def test_full_report_narratives() -> None:
    project = clean_fixture()
    project.apply(commands.set_narrative(project, "background", ""))
    project.apply(commands.set_narrative(project, "methods", "  "))
    found = of_kind(project, EMPTY_SECTION)
    assert [c.message for c in found] == [
        "报告章节“项目背景”未填写，完整评价报告中这一节没有内容",
        "报告章节“评价方法”未填写，完整评价报告中这一节没有内容"]
    assert [(c.section, c.place) for c in found] == [("项目背景", INFO), ("评价方法", INFO)]
    # The brief prints the background too; the other layouts neither.
    assert _empty(project, "brief") == [
        "报告章节“项目背景”未填写，简版报告的“项目概况”中这一节没有内容"]
    assert _empty(project, "infosheet") == []


def test_full_report_goals() -> None:
    project = clean_fixture()
    project.apply(commands.set_info(project, overall_goal="", annual_goal=""))
    assert _empty(project, "full") == []                     # the targets table is still there
    _without(project, "target", project.targets())
    # the funds still fill the table's header block: printed without indicator rows, and said
    [check] = of_kind(project, EMPTY_SECTION, "full")
    assert check.message == ("没有填写绩效指标，“项目绩效目标”中的绩效目标表只有表头"
                             "（项目名称、资金和年度目标），没有指标行")
    assert (check.section, check.place) == ("项目绩效目标", TARGETS)
    project.apply(commands.set_info(project, budget=None, adjusted_budget=None))
    assert _empty(project, "full") == [
        "总体目标、年度目标和绩效目标表都未填写，“项目绩效目标”一节没有内容"]


def test_full_report_analyses() -> None:
    project = clean_fixture()
    for code in ("B14", "C11"):
        project.apply(commands.set_indicator(project, project.by_code(code).id, analysis=""))
    [check] = of_kind(project, EMPTY_SECTION)
    assert check.message == ("有2个指标没有写分析文字（B14、C11），"
                             "“绩效评价指标分析”中这些指标只有评分的一句话")
    assert (check.indicator_id, check.place) == (project.by_code("B14").id, INDICATOR)
    assert _empty(project, "brief") == []


def test_full_report_findings() -> None:
    project = clean_fixture()
    _without(project, "finding", project.findings("建议"))
    _without(project, "finding", project.findings("成效"))
    found = of_kind(project, EMPTY_SECTION)
    assert [c.message for c in found] == [
        "没有填写主要成效，“主要成效”一节将不印出",
        "没有填写建议，“有关建议”一节将不印出"]
    assert {c.place for c in found} == {FINDINGS}
    assert "“成效与经验”" in found[0].action and "“建议”" in found[1].action


def test_full_report_without_problems() -> None:
    project = clean_fixture()
    _without(project, "finding", project.findings("问题"))
    assert _empty(project, "full") == ["没有填写存在的问题，“存在的问题及原因分析”一节将不印出"]


def test_brief_lists_achievements_and_practices_together() -> None:
    project = clean_fixture()
    _without(project, "finding", project.findings("成效"))
    assert _empty(project, "brief") == []                      # 经验做法 is still printed
    _without(project, "finding", project.findings("经验做法"))
    assert _empty(project, "brief") == ["没有填写主要成效或经验做法，“主要经验做法”一节将不印出"]


def test_feedback_letter() -> None:
    project = clean_fixture()
    _without(project, "finding", project.findings("成效"))   # the letter prints 成效 only
    project.apply(commands.set_info(project, commissioner="", eval_period=""))
    found = of_kind(project, EMPTY_SECTION, "feedback")
    assert [c.message for c in found] == [
        "结果反馈书中的评价组织机构、评价时间未填写，表中将是空白",
        "没有填写主要成效，“主要绩效情况”一节将印为“无”"]
    assert found[0].place == INFO and "评价组织机构、评价时间" in found[0].action


def test_result_sheet() -> None:
    project = clean_fixture()
    project.apply(commands.set_info(project, spent=None))
    _without(project, "finding", project.findings("整改情况"))
    found = of_kind(project, EMPTY_SECTION, "infosheet")
    assert [c.message for c in found] == [
        "结果信息表中的决算金额（实际支出）未填写，表中将是空白",
        "没有填写整改情况，“整改情况”一节将印为“无”"]
    assert found[0].place == FUNDING and "资金情况" in found[0].action
    # 主要绩效 is written by dimension from the scores: no achievements is no empty cell
    _without(project, "finding", project.findings("成效") + project.findings("经验做法"))
    assert len(of_kind(project, EMPTY_SECTION, "infosheet")) == 2
    for dim in project.children(None):
        project.apply(commands.remove_indicator(project, dim.id))
    assert "没有填写主要成效或经验做法，“主要绩效”一节将印为“无”" in [
        c.message for c in empty_sections(ReportData.of(project), "infosheet")]


def test_scoring_forms() -> None:
    project = clean_fixture()
    _without(project, "target", project.targets())
    project.apply(commands.set_info(project, manager="", phone=""))
    _without(project, "evaluator", project.evaluators())
    found = of_kind(project, EMPTY_SECTION, "scoresheet")
    assert [c.message for c in found] == [
        "没有填写绩效目标，“项目绩效目标表”将是空表",
        "项目基本信息中的项目负责人、联系电话未填写，表中将是空白",
        "没有填写评价人员，“评价人员”表将是空表"]
    assert [c.place for c in found] == [TARGETS, INFO, "evaluators"]
