"""Commands: input checks, and undo restoring exactly what was there."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk import commands
from pfdesk.dump import dump
from pfdesk.errors import EditError
from pfdesk.model import Finding
from pfdesk.scoring import score_project
from pfdesk.tree import IndicatorSpec
from tests.seed004 import seed004_project


def _content(project):
    data = dump(project)["tables"]
    for rows in data.values():
        for row in rows:
            row.pop("modified_at")
    return data


def test_set_score_checks_range_and_decimals():
    project = seed004_project()
    a11 = project.by_code("A11")
    with pytest.raises(EditError, match="0～5"):
        commands.set_score(project, a11.id, "5.5")
    with pytest.raises(EditError, match="两位小数"):
        commands.set_score(project, a11.id, "4.555")
    with pytest.raises(EditError):
        commands.set_score(project, a11.id, "abc")
    with pytest.raises(EditError, match="下级指标"):
        commands.set_score(project, project.by_code("A1").id, "3")


def test_remove_branch_and_undo_restores_everything():
    project = seed004_project()
    a2 = project.by_code("A2")
    a21 = project.by_code("A21")
    project.apply(commands.add_deduction(project, a21.id, "1", "目标与年度工作不符"))
    problem = Finding(kind="问题", text="绩效目标不明确")
    project.apply(commands.add_row(project, problem, "添加问题"))
    project.apply(commands.link_finding(project, problem.id, [a21.id]))
    before = _content(project)
    change = project.apply(commands.remove_indicator(project, a2.id))
    assert project.by_code("A21") is None and project.by_code("A2") is None
    assert project.deductions(a21.id) == []
    # 17 − 3 (A21 after deduction) − 2 (A22) = 12
    assert score_project(project).by_id[project.by_code("A").id].score == D("12")
    project.apply(change.inverse())
    assert _content(project) == before
    assert [c.code for c in project.children(project.by_code("A").id)] == ["A1", "A2", "A3"]


def test_add_at_index_and_move_keep_order():
    project = seed004_project()
    a = project.by_code("A")
    spec = IndicatorSpec(code="A4", name="新增指标", weight=D(0))
    project.apply(commands.add_indicator(project, a.id, 1, spec))
    assert [c.code for c in project.children(a.id)] == ["A1", "A4", "A2", "A3"]
    a4 = project.by_code("A4")
    change = project.apply(commands.move_indicator(project, a4.id, a.id, 3))
    assert [c.code for c in project.children(a.id)] == ["A1", "A2", "A3", "A4"]
    project.apply(change.inverse())
    assert [c.code for c in project.children(a.id)] == ["A1", "A4", "A2", "A3"]
    with pytest.raises(EditError, match="自己的下级"):
        commands.move_indicator(project, a.id, project.by_code("A1").id, 0)


def test_deduction_edits_drive_the_score():
    project = seed004_project()
    a22 = project.by_code("A22")          # weight 4
    project.apply(commands.add_deduction(project, a22.id, "2", "未设置效益指标"))
    ded = project.deductions(a22.id)[0]

    def score() -> D | None:
        return score_project(project).by_id[a22.id].score

    assert score() == D("2")
    project.apply(commands.update_deduction(project, ded.id, points="1.5"))
    assert score() == D("2.5")
    project.apply(commands.remove_deduction(project, ded.id))
    assert score() == D("4")
    ind = project.indicator(a22.id)
    # the score is the engine's: nothing derived is stored on the leaf
    assert (ind.method, ind.status, ind.score) == ("deduction", "已评", None)
    project.apply(commands.set_indicator(project, a22.id, weight="3"))
    assert score() == D("3")


def test_text_is_cleaned_of_characters_word_cannot_hold():
    project = seed004_project()
    a11 = project.by_code("A11")
    project.apply(commands.set_indicator(project, a11.id, analysis="依据\x0b充分\x00。"))
    assert project.indicator(a11.id).analysis == "依据充分。"


def test_a_scored_leaf_cannot_take_children():
    project = seed004_project()
    a21 = project.by_code("A21")
    with pytest.raises(EditError, match="已经评分"):
        commands.add_indicator(project, a21.id, 0, IndicatorSpec("A211", "子项", D(1)))
    project.apply(commands.set_score(project, a21.id, ""))
    project.apply(commands.add_indicator(project, a21.id, 0, IndicatorSpec("A211", "子项", D(4))))
    assert [c.code for c in project.children(a21.id)] == ["A211"]


def test_insert_values_are_coerced():
    project = seed004_project()
    spec = IndicatorSpec(code="A4", name="新增", weight="1")   # type: ignore[arg-type]
    project.apply(commands.add_indicator(project, project.by_code("A").id, 3, spec))
    assert project.by_code("A4").weight == D(1)
    assert score_project(project).by_id[project.by_code("A4").id].weight == D(1)
