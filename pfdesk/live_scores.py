"""Scores kept up to date edit by edit, for the window's live panel.

After an edit that changes only some indicators' values (a score, a deduction, a weight, a
name), just those indicators and their ancestors are scored again, from their children's
cached results; anything that changes the tree's shape (adding, removing, moving, marking not
applicable, re-coding, choosing another panel method) scores the whole tree; an evaluator's
score rescores its leaf. Both paths use the same ``score_node``, so the numbers are the same
as ``score_project``'s.
"""

from __future__ import annotations

from .edits import Change
from .model import Deduction, EvaluatorScore, Indicator
from .numbers import Numbers
from .panel import panel_of
from .project import Project
from .scoring import NO_DEDUCTIONS, Problem, ScoreResult, assemble, compute, parse_bands, score_node

# Indicator columns whose change alters the shape of the tree or what nodes below inherit.
_SHAPE = ("parent_id", "sort_key", "not_applicable", "code")
# Project columns that change how every leaf is scored, or how the problems write numbers.
_PANEL = ("panel_method", "spread_limit", "number_style")


class LiveScores:
    """The current ``ScoreResult`` of a project, updated from each ``Change``."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.result = self.rescore()

    def rescore(self) -> ScoreResult:
        """Score the whole tree."""
        project = self.project
        self.result = compute(project.children_map(), project.deduction_map(),
                              parse_bands(project.info.grade_bands), panel_of(project),
                              Numbers.of(project.info))
        self._problems: dict[str, list[Problem]] = {}
        for problem in self.result.problems:
            if problem.indicator_id:
                self._problems.setdefault(problem.indicator_id, []).append(problem)
        self._index = {n.id: i for i, n in enumerate(self.result.nodes)}
        return self.result

    def _touched(self, change: Change) -> set[str] | None:
        """Indicator ids whose own values changed, or None when the tree must be rescored."""
        ids: set[str] = set()
        for rc in change.rows:
            if rc.table == "indicator":
                if rc.before is None or rc.after is None:
                    return None
                if any(getattr(rc.before, c) != getattr(rc.after, c) for c in _SHAPE):
                    return None
                ids.add(rc.id)
            elif rc.table in ("deduction", "evaluator_score"):
                for row in (rc.before, rc.after):
                    if isinstance(row, Deduction | EvaluatorScore):
                        ids.add(row.indicator_id)
            elif rc.table == "project" and (rc.before is None or rc.after is None or any(
                    getattr(rc.before, c) != getattr(rc.after, c) for c in _PANEL)):
                return None
        return ids

    def update(self, change: Change) -> ScoreResult:
        """The scores after ``change`` (rescoring only what it touched when it can)."""
        tables = change.tables()
        if not tables & {"indicator", "deduction", "project", "evaluator_score"}:
            return self.result
        touched = self._touched(change)
        if touched is None or any(i not in self._index for i in touched):
            return self.rescore()
        project = self.project
        nodes = list(self.result.nodes)
        panel = panel_of(project)
        fmt = Numbers.of(project.info)
        pending: dict[str, Indicator] = {}
        for ind_id in touched:
            ind = project.indicator(ind_id)
            pending[ind.id] = ind
            for anc in project.ancestors(ind):
                pending[anc.id] = anc
        for ind in sorted(pending.values(), key=lambda i: -nodes[self._index[i.id]].level):
            old = nodes[self._index[ind.id]]
            kids = [nodes[self._index[k.id]] for k in project.children(ind.id)]
            na_above = old.not_applicable and not ind.not_applicable
            node, own = score_node(ind, old.level, old.parent_code, na_above, kids,
                                   project.deductions(ind.id) or NO_DEDUCTIONS, panel, fmt)
            nodes[self._index[ind.id]] = node
            if own:
                self._problems[ind.id] = own
            else:
                self._problems.pop(ind.id, None)
        self.result = assemble(nodes, self._problems, parse_bands(project.info.grade_bands), fmt)
        return self.result
