"""Incremental rescoring gives exactly the numbers a full scoring gives."""

from __future__ import annotations

from decimal import Decimal as D

from pfdesk import commands
from pfdesk.live_scores import LiveScores
from pfdesk.scoring import score_project
from pfdesk.tree import IndicatorSpec
from tests.seed004 import seed004_project


def _same(live, project):
    full = score_project(project)
    assert live.result.nodes == full.nodes
    assert live.result.problems == full.problems
    assert (live.result.total, live.result.grade, live.result.unscored) == (
        full.total, full.grade, full.unscored)


def test_edits_one_by_one_match_full_scoring():
    project = seed004_project()
    live = LiveScores(project)
    a21, b15, c = project.by_code("A21"), project.by_code("B15"), project.by_code("C")
    steps = [
        lambda: commands.set_score(project, a21.id, "1.5"),
        lambda: commands.add_deduction(project, b15.id, "0.5", ""),
        lambda: commands.set_score(project, project.by_code("D31").id, ""),
        lambda: commands.set_indicator(project, project.by_code("A1").id, weight="9"),
        lambda: commands.set_indicator(project, project.by_code("C24").id, not_applicable=True),
        lambda: commands.add_indicator(project, c.id, 0, IndicatorSpec("C4", "新增", D(1))),
        lambda: commands.remove_indicator(project, project.by_code("C4").id),
        lambda: commands.set_info(project, grade_bands='[{"name":"甲","min":"50"},'
                                                      '{"name":"乙","min":"0"}]'),
    ]
    changes = []
    for step in steps:
        change = project.apply(step())
        changes.append(change)
        live.update(change)
        _same(live, project)
    # 88.5 − 1.5 (A21 3 → 1.5) + 1 (B15 now by deductions: 2 − 0.5 = 1.5, was 0.5)
    # − 3 (D31 cleared) = 85; then C24 (2 of 2) not applicable: 83 of 98 → 84.693… → 84.69
    assert str(live.result.total) == "84.69"
    for change in reversed(changes):
        live.update(project.apply(change.inverse()))
        _same(live, project)
    assert str(live.result.total) == "88.50"
