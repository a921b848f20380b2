"""Findings drafted from the scoring: 由扣分生成问题 and 由问题生成建议, as edits.

``draft_problems`` looks at the leaves that lost points (the engine's ``NodeScore.lost``) and
drafts one 问题 per level-1 dimension naming each indicator, the points it lost and its
deduction reasons; indicators already linked to an existing problem are left out, so drafting
twice adds nothing. ``draft_suggestions`` drafts one 建议 for each problem that has none, from
the firm's phrase library when it has a suggestion for a linked indicator's name, else from a
plain template. Each plan says what it will add (``summary``) before ``edit()`` turns it into one
``Edit``: applying it is one undo step. Nothing existing is changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from . import order
from .edits import Edit, Insert, Op
from .model import Finding, FindingIndicator
from .numbers import Numbers
from .phrases import PhraseBook
from .project import Project
from .scoring import NodeScore, ScoreResult
from .wording import reason_text

log = logging.getLogger(__name__)

PREVIEW_CHARS = 200
SUGGESTION_TEMPLATE = ("建议项目单位针对{what}逐项查明原因，制定整改措施，明确责任人和完成时限，"
                       "并将整改情况报送主管部门。")


@dataclass(frozen=True)
class DraftProblem:
    """A problem to add: its dimension, text and the indicators it concerns."""

    dimension: str
    text: str
    indicator_ids: tuple[str, ...]
    lost: Decimal          # Σ of the engine's points lost on those indicators


@dataclass(frozen=True)
class DraftSuggestion:
    """A suggestion to add, tied to a problem."""

    problem_id: str
    problem_text: str
    text: str
    from_library: bool     # some sentence came from the firm's phrase library
    from_template: bool = False   # some sentence is the plain template


def _preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sort_keys(project: Project, count: int) -> list[str]:
    keys = [f.sort_key for f in project.rows(Finding)]
    out = []
    for _ in range(count):
        keys.append(order.after(keys))
        out.append(keys[-1])
    return out


@dataclass
class ProblemPlan:
    """What 由扣分生成问题 will add, and which indicators it leaves out as already covered."""

    problems: list[DraftProblem] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)     # labels ('A21绩效目标合理性')

    def __bool__(self) -> bool:
        return bool(self.problems)

    def summary(self) -> str:
        """The preview shown before adding: one line per problem, then what is left out."""
        lines = []
        if self.problems:
            lines.append(f"将添加 {len(self.problems)} 条问题：")
            lines.extend(f"{n}. {_preview(p.text)}" for n, p in enumerate(self.problems, 1))
        else:
            lines.append("没有需要添加的问题：没有扣分的指标，或扣分指标都已有对应的问题。")
        if self.covered:
            lines.append(f"已有问题涉及、不再重复添加的指标：{'、'.join(self.covered)}。")
        return "\n".join(lines)

    def edit(self, project: Project) -> Edit:
        """The problems and their indicator links as one edit (empty when nothing to add)."""
        ops: list[Op] = []
        for problem, key in zip(self.problems, _sort_keys(project, len(self.problems)),
                                strict=True):
            row = Finding(kind="问题", text=problem.text, sort_key=key)
            ops.append(Insert(row))
            ops.extend(Insert(FindingIndicator(finding_id=row.id, indicator_id=ind_id))
                       for ind_id in problem.indicator_ids)
        return Edit(f"由扣分生成问题（{len(self.problems)} 条）", ops)


@dataclass
class SuggestionPlan:
    """What 由问题生成建议 will add, and how many problems already have a suggestion."""

    suggestions: list[DraftSuggestion] = field(default_factory=list)
    answered: int = 0

    def __bool__(self) -> bool:
        return bool(self.suggestions)

    def summary(self) -> str:
        """The preview shown before adding."""
        lines = []
        if self.suggestions:
            lines.append(f"将为 {len(self.suggestions)} 条问题各添加 1 条建议：")
            for n, s in enumerate(self.suggestions, 1):
                source = ("常用语与通用表述" if s.from_library and s.from_template
                          else "常用语" if s.from_library else "通用表述")
                lines.append(f"{n}. 针对“{_preview(s.problem_text, 30)}”（{source}）：{_preview(s.text)}")
        else:
            lines.append("没有需要添加的建议：每条问题都已有建议，或还没有填写问题。")
        if self.answered:
            lines.append(f"已有建议的 {self.answered} 条问题不再重复添加。")
        return "\n".join(lines)

    def edit(self, project: Project) -> Edit:
        """The suggestions as one edit (empty when nothing to add)."""
        keys = _sort_keys(project, len(self.suggestions))
        ops: list[Op] = [Insert(Finding(kind="建议", text=s.text, problem_id=s.problem_id,
                                        sort_key=key))
                         for s, key in zip(self.suggestions, keys, strict=True)]
        return Edit(f"由问题生成建议（{len(self.suggestions)} 条）", ops)


# ----- problems -----

def covered_indicators(project: Project) -> set[str]:
    """Indicator ids linked to a written 问题 (an empty one prints nothing, so covers nothing;
    the pre-export check of points lost without a problem reads the same set)."""
    problems = {f.id for f in project.findings("问题") if f.text.strip()}
    return {link.indicator_id for link in project.rows(FindingIndicator)
            if link.finding_id in problems}


def _dimension_of(result: ScoreResult, node: NodeScore) -> NodeScore:
    while node.level > 1 and node.parent_id in result.by_id:
        node = result.by_id[node.parent_id]
    return node


def _item(project: Project, node: NodeScore, fmt: Numbers) -> str:
    reasons: list[str] = []
    for ded in project.deductions(node.id):
        reason = reason_text(ded.reason)
        if reason and reason not in reasons:
            reasons.append(reason)
    text = f"{node.code}{node.name}扣{fmt.points(node.lost)}"
    return f"{text}（{'；'.join(reasons)}）" if reasons else text


def draft_problems(project: Project, result: ScoreResult,
                   fmt: Numbers | None = None) -> ProblemPlan:
    """Problems from the leaves that lost points, one per level-1 dimension, skipping
    indicators an existing problem already covers."""
    fmt = fmt or Numbers.of(project.info)
    covered = covered_indicators(project)
    plan = ProblemPlan()
    groups: dict[str, list[NodeScore]] = {}
    for node in result.nodes:
        if not node.is_leaf or node.not_applicable or node.score is None or node.lost <= 0:
            continue
        if node.id in covered:
            plan.covered.append(f"{node.code}{node.name}")
            continue
        groups.setdefault(_dimension_of(result, node).id, []).append(node)
    for dim_id, leaves in groups.items():
        dim = result.by_id[dim_id]
        items = "；".join(_item(project, leaf, fmt) for leaf in leaves)
        plan.problems.append(DraftProblem(
            dimension=dim.name, text=f"{dim.name}方面：{items}。",
            indicator_ids=tuple(leaf.id for leaf in leaves),
            lost=sum((leaf.lost for leaf in leaves), Decimal(0))))
    return plan


# ----- suggestions -----

def _suggestion(project: Project, problem: Finding,
                book: PhraseBook | None) -> tuple[str, bool, bool]:
    """The firm's suggestion for each linked indicator it has one for, and the template for
    the others; whether any sentence came from the library, and whether the template is used."""
    linked = project.finding_indicators(problem.id)
    found: list[str] = []
    missing: list[str] = []
    if linked:
        for ind in linked:
            entry = book.entry_for(ind.name) if book is not None else None
            if entry is not None and entry.suggestions:
                found.append(entry.suggestions[0])
            else:
                missing.append(f"{ind.code}{ind.name}")
    elif book is not None:
        found = [e.suggestions[0] for name in book.named_in(problem.text)
                 if (e := book.get(name)) is not None and e.suggestions]
    parts = list(dict.fromkeys(found))
    if missing:
        parts.append(SUGGESTION_TEMPLATE.format(what=f"{'、'.join(missing)}反映的问题"))
    elif not parts:
        parts.append(SUGGESTION_TEMPLATE.format(what="该问题"))
    return "".join(parts), bool(found), bool(missing) or not found


def draft_suggestions(project: Project, book: PhraseBook | None = None) -> SuggestionPlan:
    """One suggestion for each problem without one (problems with no text and no indicators
    are left alone)."""
    answered = {f.problem_id for f in project.findings("建议") if f.problem_id}
    plan = SuggestionPlan()
    for problem in project.findings("问题"):
        if problem.id in answered:
            plan.answered += 1
            continue
        if not problem.text.strip() and not project.finding_indicators(problem.id):
            continue
        text, from_library, from_template = _suggestion(project, problem, book)
        plan.suggestions.append(DraftSuggestion(problem.id, problem.text, text, from_library,
                                                from_template))
    return plan
