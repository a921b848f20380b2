"""Expert panels: each evaluator's own score of a leaf and how they make the leaf's score.

A project may score its leaves by a panel (``ProjectInfo.panel_method``): 'mean' takes the
mean of the evaluators' scores, 'trimmed' the mean without the highest and the lowest score,
and 'leader' keeps the leaf's own score (the leader's decision) while the evaluators' scores
are shown only. The aggregate is exact in Decimal and rounded once, half up to 0.01, because a
leaf's score has at most two decimals. The spread (highest − lowest) of a leaf's scores above
``spread_limit`` is a scoring problem (see ``scoring``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from .edits import Delete, Edit, Insert, Op, Update
from .errors import EditError
from .model import PANEL_METHODS, Evaluator, EvaluatorScore
from .numbers import plain

if TYPE_CHECKING:
    from .project import Project
    from .scoring import ScoreResult

log = logging.getLogger(__name__)

CENT = Decimal("0.01")
# Methods whose aggregate is the leaf's score ('leader' keeps the leaf's own score field).
AGGREGATING = ("mean", "trimmed")
TRIM_MINIMUM = 3      # fewer scores than this: the trimmed mean is the plain mean


@dataclass(frozen=True)
class Aggregate:
    """A panel's aggregate: the exact value, the value rounded to two decimals, and the rule."""

    exact: Decimal
    value: Decimal
    trimmed: bool        # the highest and the lowest score were dropped

    @property
    def rounded(self) -> bool:
        """True when rounding to two decimals changed the value."""
        return self.exact != self.value


def exact_aggregate(scores: Sequence[Decimal], method: str) -> Aggregate | None:
    """The aggregate of ``scores`` by ``method`` ('mean' or 'trimmed'), None without scores.

    'trimmed' drops one highest and one lowest score; with fewer than three scores nothing
    can be dropped and it is the plain mean. The exact quotient is kept (Decimal division at
    the context's precision, 28 digits) and rounded once, half up, to 0.01.
    """
    values = sorted(scores)
    if not values:
        return None
    trimmed = method == "trimmed" and len(values) >= TRIM_MINIMUM
    if trimmed:
        values = values[1:-1]
    exact = sum(values, Decimal(0)) / len(values)
    return Aggregate(exact, exact.quantize(CENT, rounding=ROUND_HALF_UP), trimmed)


def aggregate(scores: Sequence[Decimal], method: str) -> Decimal | None:
    """The leaf score a panel gives: the mean or trimmed mean rounded half up to 0.01.

    'trimmed' with fewer than three scores is the plain mean. None without scores.
    """
    result = exact_aggregate(scores, method)
    return None if result is None else result.value


def spread(scores: Sequence[Decimal]) -> Decimal | None:
    """Highest minus lowest score; None with fewer than two scores."""
    if len(scores) < 2:
        return None
    return max(scores) - min(scores)


@dataclass(frozen=True)
class Panel:
    """What the scoring engine needs of a project's panel: the method, the limit and each
    leaf's evaluator scores (set scores only, in evaluator order)."""

    method: str = ""
    limit: Decimal | None = None
    scores: Mapping[str, Sequence[Decimal]] = field(default_factory=dict)

    def leaf_scores(self, ind_id: str) -> Sequence[Decimal]:
        """The evaluators' scores of a leaf ((): none, or no panel)."""
        return self.scores.get(ind_id, ()) if self.method else ()


NO_PANEL = Panel()


def given_scores(project: Project) -> dict[tuple[str, str], EvaluatorScore]:
    """The score row of each (leaf id, evaluator id). Should a merge of two copies bring two
    rows for one pair, the one changed last counts."""
    out: dict[tuple[str, str], EvaluatorScore] = {}
    for row in project.rows(EvaluatorScore):
        key = (row.indicator_id, row.evaluator_id)
        old = out.get(key)
        if old is None or (row.modified_at, row.id) > (old.modified_at, old.id):
            out[key] = row
    return out


def panel_of(project: Project) -> Panel:
    """The project's panel for the scoring engine (``NO_PANEL`` when it has none)."""
    method = project.info.panel_method
    if method not in PANEL_METHODS or not method:
        return NO_PANEL
    position = {ev.id: i for i, ev in enumerate(project.evaluators())}
    by_leaf: dict[str, list[tuple[int, Decimal]]] = {}
    for row in given_scores(project).values():
        if row.score is not None and row.evaluator_id in position:
            by_leaf.setdefault(row.indicator_id, []).append((position[row.evaluator_id],
                                                             row.score))
    scores = {k: [s for _, s in sorted(v, key=lambda p: p[0])] for k, v in by_leaf.items()}
    return Panel(method, project.info.spread_limit, scores)


def evaluator_totals(project: Project, result: ScoreResult) -> dict[str, Decimal | None]:
    """Each evaluator's own total of the project, by evaluator id, worked out like the total:
    on every applicable leaf the evaluator's own score where given, else the leaf's score
    (the team's), summed and rescaled to 100 when points are not applicable. None while a leaf
    has neither. Never stored: it follows every score."""
    given = given_scores(project)
    leaves = [n for n in result.nodes if n.is_leaf and not n.not_applicable]
    out: dict[str, Decimal | None] = {}
    for ev in project.evaluators():
        raw: Decimal | None = Decimal(0)
        for node in leaves:
            row = given.get((node.id, ev.id))
            value = row.score if row is not None and row.score is not None else node.score
            if value is None or raw is None:
                raw = None
                break
            raw += value
        if raw is None or not leaves or not result.max:
            out[ev.id] = None
        elif result.rescaled:
            out[ev.id] = (raw * 100 / result.max).quantize(CENT, rounding=ROUND_HALF_UP)
        else:
            out[ev.id] = raw
    return out


@dataclass(frozen=True)
class PanelView:
    """One leaf's panel as the window shows it: each evaluator with the score given."""

    rows: list[tuple[Evaluator, Decimal | None]]
    method: str
    aggregate: Aggregate | None
    spread: Decimal | None
    limit: Decimal | None

    @property
    def over_limit(self) -> bool:
        """True when the spread is above the project's limit."""
        return self.spread is not None and self.limit is not None and self.spread > self.limit


def score_row(project: Project, ind_id: str, evaluator_id: str) -> EvaluatorScore | None:
    """The stored score row of one evaluator for one leaf, if any."""
    return given_scores(project).get((ind_id, evaluator_id))


def panel_rows(project: Project, ind_id: str) -> PanelView:
    """Every evaluator (in team order) with their score of ``ind_id``, the aggregate and spread."""
    given = {ev_id: row.score for (leaf, ev_id), row in given_scores(project).items()
             if leaf == ind_id}
    rows = [(ev, given.get(ev.id)) for ev in project.evaluators()]
    scores = [s for _, s in rows if s is not None]
    method = project.info.panel_method
    agg = exact_aggregate(scores, method if method in AGGREGATING else "mean")
    return PanelView(rows, method, agg, spread(scores), project.info.spread_limit)


# ----- commands -----

def set_evaluator_score(project: Project, ind_id: str, evaluator_id: str, value: object) -> Edit:
    """Set one evaluator's score of a leaf (0 … weight, two decimals); empty clears it."""
    from .commands import leaf, two_decimals  # the edits load when used, not with the engine

    ind = leaf(project, ind_id, "由专家")
    evaluator = project.find("evaluator", evaluator_id)
    if not isinstance(evaluator, Evaluator):
        raise EditError("该评价人员已不存在")
    score = two_decimals(value, "专家评分")
    weight = ind.weight or Decimal(0)
    if score is not None and not Decimal(0) <= score <= weight:
        raise EditError(f"{ind.code}{ind.name} 的专家评分应在 0～{plain(weight)} 分之间")
    who = evaluator.name or "评价人员"
    label = f"{ind.code} {who}评分" + ("清空" if score is None else f"改为 {plain(score)}")
    row = score_row(project, ind_id, evaluator_id)
    # rows a merge doubled for this pair go with the edit (the one changed last is kept)
    ops: list[Op] = [Delete("evaluator_score", r.id) for r in project.rows(EvaluatorScore)
                     if (r.indicator_id, r.evaluator_id) == (ind_id, evaluator_id)
                     and row is not None and r.id != row.id]
    if row is None:
        if score is not None:
            ops.append(Insert(EvaluatorScore(indicator_id=ind_id, evaluator_id=evaluator_id,
                                             score=score)))
    elif row.score != score:
        ops.append(Update("evaluator_score", row.id, {"score": score}))
    return Edit(label, ops)


def set_panel_method(project: Project, method: str, spread_limit: object = None) -> Edit:
    """Choose how a panel's scores make a leaf's score, and the spread limit (empty: none)."""
    from .commands import two_decimals

    if method not in PANEL_METHODS:
        raise EditError(f"专家组评分方式只能是 {'、'.join(PANEL_METHODS.values())}")
    limit = two_decimals(spread_limit, "分差上限")
    if limit is not None and limit < 0:
        raise EditError("分差上限不能为负数")
    info = project.info
    changes: dict[str, object] = {}
    if info.panel_method != method:
        changes["panel_method"] = method
    if info.spread_limit != limit:
        changes["spread_limit"] = limit
    if "panel_method" in changes:
        label = f"专家组评分方式改为“{PANEL_METHODS[method]}”"
    else:
        label = "分差上限" + ("清空" if limit is None else f"改为 {plain(limit)}")
    if not changes:
        return Edit(label)
    return Edit(label, [Update("project", info.id, changes)])
