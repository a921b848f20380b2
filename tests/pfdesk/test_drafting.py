"""由扣分生成问题 and 由问题生成建议 on a small project, worked out by hand.

决策 20: A11 立项依据充分性 10 (10), A12 绩效目标合理性 10 with deductions 2 + 1 (7).
过程 30: B11 预算执行率 15 scored 12 by hand, B12 资金使用合规性 15 (15).
产出 50: C11 实际完成率 25 not applicable, C12 质量达标率 25 with one deduction of 5 (20).
An existing problem already concerns B11; so the draft is two problems: 决策 (A12, 3 points)
and 产出 (C12, 5 points), and B11 is reported as covered.
"""

from decimal import Decimal

import pytest

from pfdesk import commands, drafting
from pfdesk.edits import Edit
from pfdesk.model import Finding, FindingIndicator, ProjectInfo
from pfdesk.numbers import Numbers
from pfdesk.phrases import PhraseBook, PhraseEntry
from pfdesk.project import Project
from pfdesk.scoring import score_project
from pfdesk.tree import IndicatorSpec, insert_ops


def _leaf(code, name, weight, score=None, na=False):
    return IndicatorSpec(code=code, name=name, weight=Decimal(weight),
                         score=None if score is None else Decimal(score),
                         status="未评" if score is None else "已评", not_applicable=na)


def _dim(code, name, weight, leaves):
    return IndicatorSpec(code=code, name=name, weight=Decimal(weight), children=[
        IndicatorSpec(code=code + "1", name=name + "情况", weight=Decimal(weight),
                      children=leaves)])


@pytest.fixture
def project():
    project = Project.create(None, ProjectInfo(name="小项目"))
    project.apply(Edit("指标", insert_ops([
        _dim("A", "决策", "20", [_leaf("A11", "立项依据充分性", "10", "10"),
                               _leaf("A12", "绩效目标合理性", "10")]),
        _dim("B", "过程", "30", [_leaf("B11", "预算执行率", "15", "12"),
                               _leaf("B12", "资金使用合规性", "15", "15")]),
        _dim("C", "产出", "50", [_leaf("C11", "实际完成率", "25", na=True),
                               _leaf("C12", "质量达标率", "25")]),
    ])))
    a12, b11, c12 = (project.by_code(c).id for c in ("A12", "B11", "C12"))
    project.apply(commands.add_deduction(project, a12, "2", "年度目标未细化。"))
    project.apply(commands.add_deduction(project, a12, "1", "指标不可衡量"))
    project.apply(commands.add_deduction(project, c12, "5", "两批次验收不合格"))
    old = Finding(kind="问题", text="预算执行偏慢")
    project.apply(commands.add_row(project, old, "添加"))
    project.apply(commands.link_finding(project, old.id, [b11]))
    return project


def _links(project, finding):
    return [i.code for i in project.finding_indicators(finding.id)]


def test_problems_grouped_by_dimension_with_points_and_reasons(project):
    plan = drafting.draft_problems(project, score_project(project))
    assert [(p.dimension, p.text, p.lost) for p in plan.problems] == [
        ("决策", "决策方面：A12绩效目标合理性扣3分（年度目标未细化；指标不可衡量）。", Decimal(3)),
        ("产出", "产出方面：C12质量达标率扣5分（两批次验收不合格）。", Decimal(5)),
    ]
    assert plan.covered == ["B11预算执行率"]
    assert plan.summary() == (
        "将添加 2 条问题：\n"
        "1. 决策方面：A12绩效目标合理性扣3分（年度目标未细化；指标不可衡量）。\n"
        "2. 产出方面：C12质量达标率扣5分（两批次验收不合格）。\n"
        "已有问题涉及、不再重复添加的指标：B11预算执行率。")


def test_fixed_style_points(project):
    plan = drafting.draft_problems(project, score_project(project), Numbers("fixed"))
    assert plan.problems[1].text == "产出方面：C12质量达标率扣5.00分（两批次验收不合格）。"


def test_adding_is_one_undo_step_and_links_each_problem(project):
    before = (len(project.rows(Finding)), len(project.rows(FindingIndicator)))
    plan = drafting.draft_problems(project, score_project(project))
    change = project.apply(plan.edit(project))
    assert change.label == "由扣分生成问题（2 条）"
    problems = project.findings("问题")
    assert [p.text[:4] for p in problems] == ["预算执行", "决策方面", "产出方面"]
    assert [_links(project, p) for p in problems] == [["B11"], ["A12"], ["C12"]]
    # Drafting again adds nothing: every indicator that lost points is covered now.
    again = drafting.draft_problems(project, score_project(project))
    assert not again and not again.edit(project)
    assert again.covered == ["A12绩效目标合理性", "B11预算执行率", "C12质量达标率"]
    project.undo()
    assert (len(project.rows(Finding)), len(project.rows(FindingIndicator))) == before
    assert [p.text for p in project.findings("问题")] == ["预算执行偏慢"]


def test_full_marks_and_not_applicable_give_no_problem(project):
    for code in ("A12", "C12"):
        ind = project.by_code(code)
        for ded in project.deductions(ind.id):
            project.apply(commands.remove_deduction(project, ded.id))
    plan = drafting.draft_problems(project, score_project(project))
    assert plan.problems == [] and plan.covered == ["B11预算执行率"]
    assert plan.summary().startswith("没有需要添加的问题")


def test_suggestions_from_the_library_else_the_template(project):
    project.apply(drafting.draft_problems(project, score_project(project)).edit(project))
    book = PhraseBook([PhraseEntry("绩效目标合理性", suggestions=["建议按年度分解绩效目标。",
                                                                "第二句不用。"])])
    plan = drafting.draft_suggestions(project, book)
    old, a12_problem, c12_problem = project.findings("问题")
    assert [(s.problem_id, s.text, s.from_library, s.from_template)
            for s in plan.suggestions] == [
        (old.id, "建议项目单位针对B11预算执行率反映的问题逐项查明原因，制定整改措施，"
                 "明确责任人和完成时限，并将整改情况报送主管部门。", False, True),
        (a12_problem.id, "建议按年度分解绩效目标。", True, False),
        (c12_problem.id, "建议项目单位针对C12质量达标率反映的问题逐项查明原因，制定整改措施，"
                         "明确责任人和完成时限，并将整改情况报送主管部门。", False, True),
    ]
    change = project.apply(plan.edit(project))
    assert change.label == "由问题生成建议（3 条）"
    tied = {s.problem_id for s in project.findings("建议")}
    assert tied == {old.id, a12_problem.id, c12_problem.id}
    again = drafting.draft_suggestions(project, book)
    assert not again and again.answered == 3
    project.undo()
    assert project.findings("建议") == []


def test_problems_with_a_suggestion_or_nothing_written_are_left_alone(project):
    old = project.findings("问题")[0]
    project.apply(commands.add_row(project, Finding(kind="建议", text="加快支出",
                                                    problem_id=old.id), "添加"))
    project.apply(commands.add_row(project, Finding(kind="问题", text=""), "添加"))
    plan = drafting.draft_suggestions(project, None)
    assert plan.suggestions == [] and plan.answered == 1
    assert plan.summary() == ("没有需要添加的建议：每条问题都已有建议，或还没有填写问题。\n"
                              "已有建议的 1 条问题不再重复添加。")


def test_an_unlinked_problem_finds_the_indicator_named_in_its_text(project):
    project.apply(commands.add_row(project, Finding(kind="问题", text="服务对象满意度偏低"),
                                   "添加"))
    book = PhraseBook([PhraseEntry("满意度", suggestions=["建议改进服务。"])])
    plan = drafting.draft_suggestions(project, book)
    assert [s.text for s in plan.suggestions][-1] == "建议改进服务。"


def test_a_problem_on_two_indicators_mixes_the_library_and_the_template(project):
    a12, c12 = project.by_code("A12").id, project.by_code("C12").id
    both = Finding(kind="问题", text="目标与质量")
    project.apply(commands.add_row(project, both, "添加"))
    project.apply(commands.link_finding(project, both.id, [a12, c12]))
    book = PhraseBook([PhraseEntry("绩效目标合理性", suggestions=["建议按年度分解绩效目标。"])])
    plan = drafting.draft_suggestions(project, book)
    mixed = plan.suggestions[-1]
    assert mixed.text == ("建议按年度分解绩效目标。建议项目单位针对C12质量达标率反映的问题逐项查明原因，"
                          "制定整改措施，明确责任人和完成时限，并将整改情况报送主管部门。")
    assert (mixed.from_library, mixed.from_template) == (True, True)
    assert plan.summary().splitlines()[-1] == "2. 针对“目标与质量”（常用语与通用表述）：" + mixed.text


def test_an_empty_problem_covers_nothing_for_the_draft_and_the_check_alike(project):
    from pfdesk.reports.checks import run_checks
    from pfdesk.reports.data import ReportData

    blank = Finding(kind="问题", text="  ")
    project.apply(commands.add_row(project, blank, "添加"))
    project.apply(commands.link_finding(project, blank.id, [project.by_code("C12").id]))
    plan = drafting.draft_problems(project, score_project(project))
    # C12 lost 5 points and its only problem is empty: the draft offers it, the check names it
    assert [p.dimension for p in plan.problems] == ["决策", "产出"]
    flagged = [c.code for c in run_checks(ReportData.of(project), "full")
               if c.kind == "deducted_no_problem"]
    assert flagged == ["A12", "C12"]
