"""Expert panels: the aggregates worked out by hand, the spread flag, the methods and undo."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk import commands, panel
from pfdesk.errors import EditError
from pfdesk.live_scores import LiveScores
from pfdesk.model import Evaluator, EvaluatorScore
from pfdesk.scoring import SPREAD, score_project
from pfdesk.tree import IndicatorSpec
from tests.seed004 import seed004_project


def _d(*values: str) -> list[D]:
    return [D(v) for v in values]


def test_mean_is_exact():
    # (4 + 5 + 4.5) / 3 = 13.5 / 3 = 4.5
    assert panel.aggregate(_d("4", "5", "4.5"), "mean") == D("4.50")
    assert str(panel.aggregate(_d("4", "5", "4.5"), "mean")) == "4.50"


def test_trimmed_drops_highest_and_lowest():
    # drop 3 and 5: (4 + 4.5) / 2 = 4.25
    assert str(panel.aggregate(_d("3", "4", "4.5", "5"), "trimmed")) == "4.25"
    result = panel.exact_aggregate(_d("5", "3", "4.5", "4"), "trimmed")
    assert result is not None and result.trimmed and not result.rounded


def test_mean_rounds_half_up_once():
    # 14 / 3 = 4.666… → 4.67; the exact value is kept to say that rounding happened
    result = panel.exact_aggregate(_d("4", "5", "5"), "mean")
    assert result is not None
    assert str(result.value) == "4.67" and result.rounded
    assert result.exact == D(14) / D(3)
    # 0.125 is a true half: half up gives 0.13 (banker's rounding would give 0.12)
    assert str(panel.aggregate(_d("0.12", "0.13"), "mean")) == "0.13"


def test_trimmed_with_two_scores_is_the_mean():
    # nothing can be dropped from two scores: (3 + 4) / 2 = 3.5
    assert str(panel.aggregate(_d("3", "4"), "trimmed")) == "3.50"
    result = panel.exact_aggregate(_d("3", "4"), "trimmed")
    assert result is not None and not result.trimmed
    assert panel.aggregate([], "mean") is None


def test_spread():
    assert panel.spread(_d("4", "5", "4.5")) == D("1")
    assert panel.spread(_d("4")) is None


def _panel_project(method: str = "mean", limit: str | None = None):
    project = seed004_project()
    ids = []
    for name in ("张明", "李华", "王芳"):
        change = project.apply(commands.add_row(project, Evaluator(name=name, role="专家"),
                                                f"添加 {name}"))
        ids.append(change.rows[0].id)
    project.apply(panel.set_panel_method(project, method, limit))
    return project, ids


def _give(project, code: str, ids: list[str], values: tuple[str, ...]):
    ind = project.by_code(code)
    return [project.apply(panel.set_evaluator_score(project, ind.id, ev, v))
            for ev, v in zip(ids, values, strict=False)]


def test_mean_gives_the_leaf_score_and_total():
    project, ids = _panel_project("mean")
    _give(project, "A11", ids, ("4", "5", "4.5"))
    result = score_project(project)
    a11 = result.by_id[project.by_code("A11").id]
    # A11 5 → 4.50: total 88.50 − 0.50 = 88.00
    assert str(a11.score) == "4.50"
    assert str(result.total) == "88.00"
    assert project.by_code("A11").score == D(5)     # the leaf's own field is untouched


def test_trimmed_and_rounded_totals():
    project, ids = _panel_project("trimmed")
    project.apply(commands.add_row(project, Evaluator(name="赵强"), "添加 赵强"))
    ids.append(project.evaluators()[-1].id)
    _give(project, "A11", ids, ("3", "4", "4.5", "5"))
    assert str(score_project(project).total) == "87.75"      # 88.50 − (5 − 4.25)
    project.apply(panel.set_panel_method(project, "mean"))
    _give(project, "A11", ids, ("4", "5", "5", ""))            # 赵强 cleared
    # A11 = 14 / 3 → 4.67: 88.50 − 0.33 = 88.17
    assert str(score_project(project).total) == "88.17"


def test_leaf_without_panel_scores_keeps_its_own_score():
    project, ids = _panel_project("mean")
    _give(project, "A11", ids, ("4",))
    a12 = score_project(project).by_id[project.by_code("A12").id]
    assert a12.score == D(3)


def test_leader_method_ignores_the_panel_for_the_score():
    project, ids = _panel_project("leader", "0.5")
    _give(project, "A11", ids, ("4", "5", "4.5"))
    result = score_project(project)
    assert result.by_id[project.by_code("A11").id].score == D(5)
    assert str(result.total) == "88.50"
    # the spread is still flagged: 5 − 4 = 1 > 0.5
    assert [p.kind for p in result.problems] == [SPREAD]


def test_spread_above_the_limit_is_a_problem():
    project, ids = _panel_project("mean", "1")
    _give(project, "A11", ids, ("4", "5", "4.5"))
    assert not [p for p in score_project(project).problems if p.kind == SPREAD]  # 1 is not above 1
    _give(project, "A11", ids, ("3.5",))
    problems = [p for p in score_project(project).problems if p.kind == SPREAD]
    assert len(problems) == 1
    assert problems[0].message == "A11 专家评分分差 1.5 分，超过分差上限 1 分"
    assert problems[0].indicator_id == project.by_code("A11").id


def test_not_applicable_leaf_stays_not_applicable():
    project, ids = _panel_project("mean", "0.5")
    _give(project, "A11", ids, ("4", "5", "4.5"))
    project.apply(commands.set_indicator(project, project.by_code("A11").id, not_applicable=True))
    result = score_project(project)
    node = result.by_id[project.by_code("A11").id]
    assert node.not_applicable and node.score is None
    assert not result.problems            # no spread problem on a leaf that does not count
    # 83.5 of 95 → 87.894… → 87.89
    assert str(result.total) == "87.89"


def test_set_evaluator_score_checks_and_updates_one_row():
    project, ids = _panel_project("mean")
    a11, a1 = project.by_code("A11"), project.by_code("A1")
    with pytest.raises(EditError):
        panel.set_evaluator_score(project, a11.id, ids[0], "5.5")       # above the weight
    with pytest.raises(EditError):
        panel.set_evaluator_score(project, a11.id, ids[0], "4.125")     # three decimals
    with pytest.raises(EditError):
        panel.set_evaluator_score(project, a1.id, ids[0], "4")          # not a leaf
    with pytest.raises(EditError):
        panel.set_panel_method(project, "median")
    _give(project, "A11", ids, ("4",))
    _give(project, "A11", ids, ("4.5",))
    rows = project.rows(EvaluatorScore)
    assert [(r.evaluator_id, r.score) for r in rows] == [(ids[0], D("4.5"))]
    assert not panel.set_evaluator_score(project, a11.id, ids[1], "")     # nothing to clear
    view = panel.panel_rows(project, a11.id)
    assert [(ev.name, s) for ev, s in view.rows] == [("张明", D("4.5")), ("李华", None),
                                                     ("王芳", None)]


def test_undo_restores_the_scores():
    project, ids = _panel_project("mean")
    _give(project, "A11", ids, ("4", "5", "4.5"))
    assert str(score_project(project).total) == "88.00"
    project.undo()                                    # 王芳's 4.5: (4 + 5) / 2 = 4.5 still
    assert str(score_project(project).total) == "88.00"
    project.undo()                                    # 李华's 5: A11 = 4
    assert str(score_project(project).total) == "87.50"
    project.undo()
    assert str(score_project(project).total) == "88.50"
    project.redo()
    assert str(score_project(project).total) == "87.50"


def test_removing_an_evaluator_or_a_leaf_takes_the_scores():
    project, ids = _panel_project("mean")
    _give(project, "A11", ids, ("4", "5", "4.5"))
    project.apply(commands.remove_row(project, "evaluator", ids[1], "删除 李华"))
    # (4 + 4.5) / 2 = 4.25
    assert str(score_project(project).by_id[project.by_code("A11").id].score) == "4.25"
    project.apply(commands.remove_indicator(project, project.by_code("A11").id))
    assert project.rows(EvaluatorScore) == []


def test_live_scores_follow_panel_edits():
    project, ids = _panel_project("mean", "0.5")
    live = LiveScores(project)
    a11, d16 = project.by_code("A11"), project.by_code("D16")
    steps = [
        lambda: panel.set_evaluator_score(project, a11.id, ids[0], "4"),
        lambda: panel.set_evaluator_score(project, a11.id, ids[1], "5"),
        lambda: panel.set_evaluator_score(project, d16.id, ids[2], "2.5"),
        lambda: panel.set_panel_method(project, "trimmed", "0.5"),
        lambda: panel.set_evaluator_score(project, a11.id, ids[2], "4.5"),
        lambda: panel.set_panel_method(project, "leader", "2"),
        lambda: panel.set_panel_method(project, "mean", None),
        lambda: commands.remove_row(project, "evaluator", ids[0], "删除 张明"),
    ]
    changes = []
    for step in steps:
        change = project.apply(step())
        changes.append(change)
        full = live.update(change)
        expected = score_project(project)
        assert full.nodes == expected.nodes
        assert full.problems == expected.problems
        assert full.total == expected.total
    # A11 (5 + 4.5) / 2 = 4.75, D16 2.5: 88.50 − 0.25 − 0.5 = 87.75
    assert str(live.result.total) == "87.75"
    for change in reversed(changes):
        live.update(project.apply(change.inverse()))
        assert live.result.nodes == score_project(project).nodes
    assert str(live.result.total) == "88.50"


def test_a_leaf_with_expert_scores_takes_no_children():
    project, ids = _panel_project("mean")
    a11 = project.by_code("A11")
    project.apply(commands.set_score(project, a11.id, ""))
    _give(project, "A11", ids, ("4",))
    with pytest.raises(EditError, match="专家评分"):
        commands.add_indicator(project, a11.id, 0, IndicatorSpec("A111", "新增", D(1)))


def test_a_doubled_pair_counts_once_and_an_edit_tidies_it():
    # as a merge of two copies that each scored A11 for 张明 could leave it
    project, ids = _panel_project("mean")
    a11 = project.by_code("A11")
    project.insert_verbatim([
        EvaluatorScore(indicator_id=a11.id, evaluator_id=ids[0], score=D(value),
                       modified_at=f"2026-12-0{day}T08:00:00.000Z")
        for value, day in (("4", 2), ("3", 1))])
    assert len(project.rows(EvaluatorScore)) == 2
    assert str(score_project(project).by_id[a11.id].score) == "4.00"    # the later row
    assert panel.panel_rows(project, a11.id).rows[0][1] == D("4")
    project.apply(panel.set_evaluator_score(project, a11.id, ids[0], "4.5"))
    assert [r.score for r in project.rows(EvaluatorScore)] == [D("4.5")]
