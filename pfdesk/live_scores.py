"""Scores kept up to date edit by edit, for the window's live panel.

After an edit that changes only some indicators' values (a score, a deduction, a weight, a
name), just those indicators and their ancestors are scored again, from their children's
cached results; anything that changes the tree's shape (adding, removing, moving, marking not
applicable, re-coding, choosing another panel method) scores the whole tree; an evaluator's
score rescores its leaf. A change to what rules read (the funding figures, a target, a survey)
scores the whole tree with the rules' outcomes worked out again. Both paths use the same
``score_node``, so the numbers are the same as ``score_project``'s.
"""

from __future__ import annotations

from .edits import Change
from .model import Deduction, EvaluatorScore, Indicator
from .numbers import Numbers
from .panel import panel_of
from .project import Project
from .rule_scores import inputs_of, outcome, outcomes
from .scoring import NO_DEDUCTIONS, Problem, ScoreResult, assemble, compute, parse_bands, score_node

# Indicator columns whose change alters the shape of the tree or what nodes below inherit.
_SHAPE = ("parent_id", "sort_key", "not_applicable", "code")
# Project columns that change how every leaf is scored, or how the problems write numbers.
_PANEL = ("panel_method", "spread_limit", "number_style", "budget", "adjusted_budget",
          "received", "spent")
# Tables rules read their inputs from (see ``rules.Inputs``).
_INPUTS = ("funding_source", "funding_item", "target", "survey")


class LiveScores:
    """The current ``ScoreResult`` of a project, updated from each ``Change``."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.result = self.rescore()

    def rescore(self) -> ScoreResult:
        """Score the whole tree."""
        project = self.project
        fmt = Numbers.of(project.info)
        self.result = compute(project.children_map(), project.deduction_map(),
                              parse_bands(project.info.grade_bands), panel_of(project), fmt,
                              outcomes(project, fmt))
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
            if rc.table in _INPUTS:
                return None
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
        if not tables & {"indicator", "deduction", "project", "evaluator_score", *_INPUTS}:
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
            ruled = outcome(ind, inputs_of(project), fmt) if ind.method == "rule" else None
            node, own = score_node(ind, old.level, old.parent_code, na_above, kids,
                                   project.deductions(ind.id) or NO_DEDUCTIONS, panel, fmt,
                                   ruled)
            nodes[self._index[ind.id]] = node
            if own:
                self._problems[ind.id] = own
            else:
                self._problems.pop(ind.id, None)
        self.result = assemble(nodes, self._problems, parse_bands(project.info.grade_bands), fmt)
        return self.result
