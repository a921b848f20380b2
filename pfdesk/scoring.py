"""The scoring engine: totals, score rates, grades and scoring problems, in exact decimals.

Pure functions over the indicator tree. A leaf's score has at most two decimals: a longer one
(a typed 4.376, a panel's mean) is rounded half up at the leaf, once, so every sum above is
exact and every shown score ÷ shown points gives the shown rate. A parent's score is the sum of
its children; a leaf scored by deductions gets max(0, weight − Σ deductions), never stored;
not-applicable indicators drop out (``max`` is the points that count, ``excluded`` the rest) and
the total is rescaled to 100; 得分率 is score ÷ points that count, to two decimals. With an expert panel
(see ``panel``) a leaf's evaluator scores may give its score, and a spread above the limit is
a problem. The grade is read from
the two-decimal total, so the grade always matches the number printed beside it. A leaf scored
by a rule (method 'rule') takes the rule's outcome (``rule_scores``), worked out from the
project's inputs: its score rounded at the leaf, or unscored with the missing input named.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from .change_text import FIELD_LABELS
from .model import DEFAULT_BANDS, Conflict, Deduction, Indicator
from .numbers import HUNDRED, Numbers, q2, rate_of, to_decimal
from .panel import AGGREGATING, NO_PANEL, Panel, aggregate, panel_of, spread
from .rule_scores import outcomes as rule_outcomes

if TYPE_CHECKING:
    from .project import Project
    from .rules import Outcome

ZERO = Decimal(0)

# Problem kinds, a stable part of `pfdesk score --json`.
WEIGHT_SUM = "weight_sum"
TOTAL_WEIGHT = "total_weight"
SCORE_RANGE = "score_range"
UNSCORED = "unscored"
DEDUCTION_REASON = "deduction_reason"
DEDUCTION_POINTS = "deduction_points"
MISSING_WEIGHT = "missing_weight"
DEDUCTION_UNUSED = "deduction_unused"
GRADE_BANDS = "grade_bands"
CONFLICT = "conflict"
SPREAD = "spread"
NOTHING_COUNTS = "nothing_counts"


@dataclass(frozen=True)
class Problem:
    """A scoring problem tied to an indicator code ('' for the whole system)."""

    code: str
    kind: str
    message: str
    indicator_id: str | None = None


@dataclass(frozen=True)
class NodeScore:
    """The computed numbers of one indicator."""

    id: str
    code: str
    name: str
    level: int
    parent_id: str | None
    parent_code: str | None
    weight: Decimal          # the weight as set
    max: Decimal             # the points that count (weight less not-applicable parts)
    score: Decimal | None    # None for an unscored or not-applicable leaf
    rate: Decimal | None     # percent, two decimals
    lost: Decimal            # points lost on scored leaves below (weight − score)
    is_leaf: bool
    not_applicable: bool
    complete: bool           # every applicable leaf below is scored
    excluded: Decimal = ZERO       # weight − max: the points of not-applicable parts
    excluded_leaves: int = 0       # not-applicable leaves at or below
    unrounded: Decimal | None = None   # a leaf's value before rounding to two decimals
    deducted: Decimal = ZERO       # points taken by the leaf's counted deductions
    leaves: int = 0                # applicable leaves at or below
    scored: int = 0                # of which scored


@dataclass
class ScoreResult:
    """Everything the window, the reports and the command line show about the scores."""

    total: Decimal
    raw: Decimal
    max: Decimal
    rate: Decimal | None
    grade: str | None
    provisional_grade: str
    complete: bool
    unscored: int
    rescaled: bool = False         # some points are not applicable: total = raw × 100 ÷ max
    excluded: Decimal = ZERO       # points excluded at the top (Σ level-1 weights − max)
    excluded_leaves: int = 0
    leaves: int = 0                # applicable leaves
    scored: int = 0                # applicable leaves with a score
    nodes: list[NodeScore] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    by_id: dict[str, NodeScore] = field(default_factory=dict)

    def level1(self) -> list[NodeScore]:
        """The level-1 dimensions, in order."""
        return [n for n in self.nodes if n.level == 1]

    def children(self, node_id: str | None) -> list[NodeScore]:
        """Computed children of a node, in order."""
        return [n for n in self.nodes if n.parent_id == node_id]


class Bands(list[tuple[str, Decimal]]):
    """Grade bands, highest lower bound first; ``problem`` says why stored bands were replaced."""

    def __init__(self, items: Iterable[tuple[str, Decimal]] = (), problem: str = "") -> None:
        super().__init__(items)
        self.problem = problem


MAX_BANDS_TEXT = 100_000


class _BadBandsError(ValueError):
    """Stored grade bands that cannot be used; the message says why, without echoing them."""


def _no_constant(name: str) -> Decimal:
    raise _BadBandsError("有的下限不是数字")


def _band(index: int, item: object) -> tuple[str, Decimal]:
    where = f"第 {index + 1} 个等级"
    if not isinstance(item, dict):
        raise _BadBandsError(f"{where}不是“名称 + 下限”的形式")
    name, lower = item.get("name"), item.get("min")
    if not isinstance(name, str) or not name.strip():
        raise _BadBandsError(f"{where}缺少名称")
    if isinstance(lower, bool) or not isinstance(lower, str | int | Decimal):
        raise _BadBandsError(f"{where}的下限不是数字")
    try:
        value = to_decimal(lower)
    except ValueError as exc:
        raise _BadBandsError(f"{where}的下限不是可用的数字") from exc
    if value is None or not ZERO <= value <= HUNDRED:
        raise _BadBandsError(f"{where}的下限不在 0～100 分之间")
    return name.strip(), value + ZERO          # + 0 turns -0 into 0


def _read_bands(text: str) -> list[tuple[str, Decimal]]:
    if len(text) > MAX_BANDS_TEXT:
        raise _BadBandsError("内容过长")
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_no_constant)
    except RecursionError as exc:
        raise _BadBandsError("嵌套层数过多") from exc
    except _BadBandsError:
        raise
    except ValueError as exc:                 # not JSON, or an integer too long to read
        raise _BadBandsError("不是有效的等级列表") from exc
    if not isinstance(data, list) or not data:
        raise _BadBandsError("不是等级列表")
    bands = [_band(i, item) for i, item in enumerate(data)]
    if len({name for name, _ in bands}) != len(bands):
        raise _BadBandsError("有重复的等级名称")
    if len({lower for _, lower in bands}) != len(bands):
        raise _BadBandsError("有两个等级的下限相同")
    return sorted(bands, key=lambda b: b[1], reverse=True)


def parse_bands(text: str) -> Bands:
    """Grade bands from the project's JSON ([{"name": "优", "min": "90"}, …]).

    Unset gives the national bands; unusable bands give them too, with ``problem`` set so
    that scoring lists a ``grade_bands`` problem.
    """
    if not text or not text.strip():
        return Bands(DEFAULT_BANDS)
    try:
        return Bands(_read_bands(text))
    except _BadBandsError as exc:
        return Bands(DEFAULT_BANDS, f"评价等级设置无法使用（{exc}），已按默认等级（优≥90、良≥80、"
                                    "中≥60、差<60）评定，请在“项目信息”页重新设置评价等级")


def bands_json(bands: Sequence[tuple[str, Decimal]]) -> str:
    """The JSON stored in the project for a list of (name, lower bound) bands."""
    return json.dumps([{"name": n, "min": str(m)} for n, m in bands], ensure_ascii=False)


def grade_of(total: Decimal, bands: Sequence[tuple[str, Decimal]]) -> str:
    """The band whose lower bound (inclusive) the two-decimal total reaches."""
    value = q2(total)
    for name, lower in bands:
        if value >= lower:
            return name
    return bands[-1][0] if bands else ""


PLAIN = Numbers()


def _panel_score(ind: Indicator, weight: Decimal, label: str, panel: Panel,
                 problems: list[Problem], fmt: Numbers = PLAIN) -> Decimal | None:
    """The aggregate of a leaf's evaluator scores when the panel gives the score, else None;
    a spread above the limit, or an expert's score above the weight, is a problem whatever
    the method (each expert's total counts their scores)."""
    scores = panel.leaf_scores(ind.id)
    if not scores:   # no expert's score (or no panel): nothing to check or aggregate
        return None
    above = [s for s in scores if s > weight]
    if above:
        problems.append(Problem(ind.code, SCORE_RANGE, f"{label} 有 {len(above)} 位专家的评分"
                                f"（{'、'.join(fmt.pts(s) for s in above)} 分）超出 0～"
                                f"{fmt.pts(weight)} 分的范围", ind.id))
    gap = spread(scores)
    if gap is not None and panel.limit is not None and gap > panel.limit:
        problems.append(Problem(ind.code, SPREAD, f"{label} 专家评分分差 {fmt.pts(gap)} 分，"
                                f"超过分差上限 {fmt.pts(panel.limit)} 分", ind.id))
    return aggregate(scores, panel.method) if panel.method in AGGREGATING else None


class _Leaf(NamedTuple):
    score: Decimal | None
    complete: bool
    unrounded: Decimal | None = None
    deducted: Decimal = ZERO


def _at_leaf(value: Decimal, complete: bool = True, deducted: Decimal = ZERO) -> _Leaf:
    """A leaf's score has at most two decimals: a longer one is rounded half up here, once,
    and the value before rounding is kept so the window can say so."""
    rounded = q2(value)
    if rounded == value:
        return _Leaf(value, complete, None, deducted)
    return _Leaf(rounded, complete, value, deducted)


def _rule_leaf(ind: Indicator, label: str, outcome: Outcome | None,
               problems: list[Problem]) -> _Leaf:
    """A leaf scored by its rule: the outcome's score, or unscored naming what is missing."""
    if outcome is None or outcome.score is None:
        why = outcome.problem if outcome is not None else "评分规则尚未计算"
        problems.append(Problem(ind.code, UNSCORED, f"{label} 尚未得分：{why}", ind.id))
        return _Leaf(None, False)
    return _Leaf(outcome.score, True, outcome.unrounded)


def _leaf_score(ind: Indicator, weight: Decimal, na: bool, label: str,
                deductions: Sequence[Deduction], problems: list[Problem],
                panel: Panel = NO_PANEL, fmt: Numbers = PLAIN,
                outcome: Outcome | None = None) -> _Leaf:
    for ded in deductions:
        if not ded.reason.strip():
            problems.append(Problem(ind.code, DEDUCTION_REASON,
                                    f"{label} 有一项扣分没有写扣分理由", ind.id))
        if ded.points is None or ded.points < 0:
            problems.append(Problem(ind.code, DEDUCTION_POINTS,
                                    f"{label} 有一项扣分的分数为空或为负数", ind.id))
    if deductions and ind.method != "deduction":
        problems.append(Problem(ind.code, DEDUCTION_UNUSED,
                                f"{label} {'按规则' if ind.method == 'rule' else '按直接评分'}计分，"
                                f"其 {len(deductions)} 项扣分未计入得分", ind.id))
    if na:
        return _Leaf(None, True)
    by_panel = _panel_score(ind, weight, label, panel, problems, fmt)
    if ind.method == "rule":      # the rule gives the score; the experts' spread still counts
        return _rule_leaf(ind, label, outcome, problems)
    if by_panel is not None:
        if deductions and ind.method == "deduction":
            problems.append(Problem(ind.code, DEDUCTION_UNUSED, f"{label} 按专家组评分计分，"
                                    f"其 {len(deductions)} 项扣分未计入得分", ind.id))
        return _at_leaf(by_panel)
    if ind.method == "deduction" and (deductions or ind.score is not None
                                      or ind.status != "未评"):
        taken = sum((d.points for d in deductions if d.points is not None and d.points > 0),
                    ZERO)
        return _at_leaf(max(ZERO, weight - taken), deducted=min(taken, weight))
    if ind.score is None:
        problems.append(Problem(ind.code, UNSCORED, f"{label} 尚未评分", ind.id))
        return _Leaf(None, False)
    if ind.score > weight or ind.score < 0:
        problems.append(Problem(ind.code, SCORE_RANGE, f"{label} 得分 {fmt.pts(ind.score)} 分"
                                f"超出 0～{fmt.pts(weight)} 分的范围", ind.id))
    return _at_leaf(ind.score)


def score_node(ind: Indicator, level: int, parent_code: str | None, na_above: bool,
               kids: Sequence[NodeScore], deductions: Sequence[Deduction],
               panel: Panel = NO_PANEL, fmt: Numbers = PLAIN, outcome: Outcome | None = None
               ) -> tuple[NodeScore, list[Problem]]:
    """Score one indicator from its already-scored children (or, for a leaf, its own data,
    its panel's scores or its rule's ``outcome``)."""
    problems: list[Problem] = []
    label = ind.code or ind.name
    weight = ind.weight
    if weight is None:
        problems.append(Problem(ind.code, MISSING_WEIGHT, f"{label} 没有填写分值", ind.id))
        weight = ZERO
    na = na_above or ind.not_applicable
    unrounded: Decimal | None = None
    deducted = ZERO
    if kids:
        score, na_loss, lost, complete, kid_weights = ZERO, ZERO, ZERO, True, ZERO
        excluded_leaves = leaves = scored = 0
        for kid in kids:
            kid_weights += kid.weight
            if kid.score is not None:
                score += kid.score
            lost += kid.lost
            complete = complete and kid.complete
            na_loss += kid.weight - kid.max
            excluded_leaves += kid.excluded_leaves
            leaves += kid.leaves
            scored += kid.scored
        if kid_weights != weight:
            problems.append(Problem(
                ind.code, WEIGHT_SUM,
                f"{label} 的下级指标分值合计 {fmt.pts(kid_weights)} 分，"
                f"与其分值 {fmt.pts(weight)} 分不一致", ind.id))
        node_max = ZERO if na else weight - na_loss
        node_score: Decimal | None = None if na else score
    else:
        node_max = ZERO if na else weight
        leaf = _leaf_score(ind, weight, na, label, deductions, problems, panel, fmt, outcome)
        node_score, complete = leaf.score, leaf.complete
        unrounded, deducted = leaf.unrounded, leaf.deducted
        lost = weight - node_score if node_score is not None and node_score < weight else ZERO
        excluded_leaves = 1 if na else 0
        leaves = 0 if na else 1
        scored = 1 if node_score is not None else 0
    rate = rate_of(node_score, node_max) if node_score is not None and node_max else None
    node = _node_score(ind.id, ind.code, ind.name, level, ind.parent_id, parent_code, weight,
                       node_max, node_score, rate, ZERO if na else lost, not kids, na, complete,
                       weight - node_max, excluded_leaves, unrounded, deducted, leaves, scored)
    return node, problems


_NODE_FIELDS = tuple(f.name for f in fields(NodeScore))


def _node_score(*values: object) -> NodeScore:
    """A ``NodeScore`` from every field's value in order: the same object as ``NodeScore(...)``
    builds, without the frozen class's one guarded assignment per field (a 5,000-indicator
    tree builds 5,000 of them each time it is scored)."""
    node = object.__new__(NodeScore)
    object.__setattr__(node, "__dict__", dict(zip(_NODE_FIELDS, values, strict=True)))
    return node


NO_DEDUCTIONS: tuple[Deduction, ...] = ()


def _walk(children: Mapping[str | None, Sequence[Indicator]],
          deductions: Mapping[str, Sequence[Deduction]], ind: Indicator, level: int,
          parent_code: str | None, na_above: bool, nodes: list[NodeScore],
          problems: dict[str, list[Problem]], panel: Panel, fmt: Numbers = PLAIN,
          outcomes: Mapping[str, Outcome] | None = None) -> NodeScore:
    index = len(nodes)
    nodes.append(None)  # type: ignore[arg-type]  # placeholder keeps tree order
    na = na_above or ind.not_applicable
    kids = [_walk(children, deductions, kid, level + 1, ind.code, na, nodes, problems, panel,
                  fmt, outcomes) for kid in children.get(ind.id, ())]
    node, own = score_node(ind, level, parent_code, na_above, kids,
                           deductions.get(ind.id, NO_DEDUCTIONS), panel, fmt,
                           outcomes.get(ind.id) if outcomes else None)
    nodes[index] = node
    if own:
        problems[ind.id] = own
    return node


def assemble(nodes: list[NodeScore], problems: Mapping[str, list[Problem]],
             bands: Sequence[tuple[str, Decimal]], fmt: Numbers = PLAIN) -> ScoreResult:
    """Totals, grade and the problem list from scored nodes in tree order."""
    raw, max_points, declared = ZERO, ZERO, ZERO
    complete, unscored, has_top = True, 0, False
    excluded_leaves = leaves = scored = 0
    listed: list[Problem] = []
    for node in nodes:
        own = problems.get(node.id)
        if own:
            listed.extend(own)
            unscored += sum(1 for p in own if p.kind == UNSCORED)
        if node.level == 1:
            has_top = True
            raw += node.score or ZERO
            max_points += node.max
            declared += node.weight
            complete = complete and node.complete
            excluded_leaves += node.excluded_leaves
            leaves += node.leaves
            scored += node.scored
    if has_top and declared != HUNDRED:
        listed.append(Problem("", TOTAL_WEIGHT, f"一级指标分值合计 {fmt.pts(declared)} 分，应为 100 分"))
    bands_problem = getattr(bands, "problem", "")
    if bands_problem:
        listed.append(Problem("", GRADE_BANDS, bands_problem))
    excluded = declared - max_points
    rescaled = excluded > 0 and max_points > 0
    total = q2(raw * HUNDRED / max_points) if rescaled else q2(raw)
    provisional = grade_of(total, bands)
    if has_top and max_points <= 0:
        # every indicator not applicable (or of no weight): there is nothing to grade
        listed.append(Problem("", NOTHING_COUNTS, "没有计分的指标：全部指标都不适用或分值为 0，"
                                                  "无法得出得分和等级"))
        complete = False
    result = ScoreResult(
        total=total, raw=raw, max=max_points,
        rate=rate_of(raw, max_points) if max_points else None,
        grade=provisional if complete else None, provisional_grade=provisional,
        complete=complete, unscored=unscored, rescaled=rescaled, excluded=excluded,
        excluded_leaves=excluded_leaves, leaves=leaves, scored=scored, nodes=nodes,
        problems=listed)
    result.by_id = {n.id: n for n in nodes}
    return result


def compute(children: Mapping[str | None, Sequence[Indicator]],
            deductions: Mapping[str, Sequence[Deduction]],
            bands: Sequence[tuple[str, Decimal]] = DEFAULT_BANDS,
            panel: Panel = NO_PANEL, fmt: Numbers = PLAIN,
            outcomes: Mapping[str, Outcome] | None = None) -> ScoreResult:
    """Score a tree given as a children map (None → level-1 list) and deductions by leaf id,
    with the expert panel's scores when the project has one and the rule leaves' outcomes."""
    nodes: list[NodeScore] = []
    problems: dict[str, list[Problem]] = {}
    for top in children.get(None, ()):
        _walk(children, deductions, top, 1, None, False, nodes, problems, panel, fmt, outcomes)
    return assemble(nodes, problems, bands, fmt)


def score_project(project: Project) -> ScoreResult:
    """Score an open project with its own grade bands; open merge conflicts are problems."""
    fmt = Numbers.of(project.info)
    result = compute(project.children_map(), project.deduction_map(),
                     parse_bands(project.info.grade_bands), panel_of(project), fmt,
                     rule_outcomes(project, fmt))
    for conflict in project.rows(Conflict):
        if not conflict.resolved:
            what = "整行（一方删除、一方修改）" if conflict.field == "_row" else \
                FIELD_LABELS.get(conflict.field, conflict.field)
            result.problems.append(Problem(
                conflict.code, CONFLICT, f"{conflict.code or '项目'} 的{what}在合并时有冲突，"
                "请选择取值", conflict.row_id if conflict.tbl == "indicator" else None))
    return result
