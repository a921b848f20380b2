"""The standard indicator sentences (seed 004's wording)."""

from pfdesk import commands
from pfdesk.scoring import score_project
from pfdesk.wording import closing, draft_analysis, heading, stated_score_conflict
from tests.seed004 import seed004_project


def _node(project, code):
    ind = project.by_code(code)
    return ind, score_project(project).by_id[ind.id]


def test_heading_and_closing_like_seed004():
    project = seed004_project()
    ind, node = _node(project, "A21")
    assert heading(ind, node) == "A21绩效目标合理性，权重4分，得分3分。"
    assert closing(node) == "根据相关评分标准，扣1分，该指标得3分。"
    ind, node = _node(project, "B15")
    assert heading(ind, node) == "B15绩效自评合理性，权重2分，得分0.5分。"
    assert closing(node) == "根据相关评分标准，扣1.5分，该指标得0.5分。"
    ind, node = _node(project, "A11")
    assert closing(node) == "根据相关评分标准，该指标得5分。"


def test_draft_says_each_amount_once():
    project = seed004_project()
    a21 = project.by_code("A21")
    project.apply(commands.add_deduction(project, a21.id, "1", "以总体目标代替年度目标。"))
    ind, node = _node(project, "A21")
    assert draft_analysis(project, ind, node) == (
        "以总体目标代替年度目标。根据相关评分标准，扣1分，该指标得3分。")
    project.apply(commands.add_deduction(project, a21.id, "0.5", "指标值不可衡量"))
    ind, node = _node(project, "A21")
    assert draft_analysis(project, ind, node) == (
        "以总体目标代替年度目标，扣1分。指标值不可衡量，扣0.5分。"
        "根据相关评分标准，扣1.5分，该指标得2.5分。")


def test_stated_score_conflict_catches_seed004s_error():
    project = seed004_project()
    a22 = project.by_code("A22")                     # scored 2
    project.apply(commands.set_indicator(project, a22.id, analysis="……根据相关评分标准，该指标得3分。"))
    ind, node = _node(project, "A22")
    assert stated_score_conflict(ind, node) == "3"
    project.apply(commands.set_indicator(project, a22.id, analysis="……扣2分，该指标得2分。"))
    ind, node = _node(project, "A22")
    assert stated_score_conflict(ind, node) is None
