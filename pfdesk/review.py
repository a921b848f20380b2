"""Sign-off of indicators: 编制 (prepared) and 复核 (reviewed), each with who and when.

An evaluator signs an indicator as prepared; a reviewer signs it as reviewed, and may not review
an indicator they prepared unless the project allows it. Any later change to a reviewed
indicator, to its deductions or to anything else attached to it marks it 复核后已修改
(``changed_after_review``); ``Project.apply`` adds that mark in the same edit, so undoing the
change removes the mark too. ``changes_since_review`` lists what changed after the sign-off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import changelog
from .edits import Edit, Op, RowChange, Update
from .errors import EditError
from .model import Indicator

if TYPE_CHECKING:
    from .project import Project

# Indicator columns whose change is not a change of the indicator's content.
SIGN_OFF_FIELDS = ("prepared_by", "prepared_at", "reviewed_by", "reviewed_at",
                   "changed_after_review")
_NOT_CONTENT = frozenset({"modified_at", "modified_by", "sort_key", *SIGN_OFF_FIELDS})


def indicator_of(rc: RowChange) -> str | None:
    """The indicator a row belongs to (the indicator itself, or the one it is attached to)."""
    if rc.table == "indicator":
        return rc.id
    if rc.table == "finding_indicator":
        return None        # linking a finding says something about the finding, not the score
    row = rc.after if rc.after is not None else rc.before
    value = getattr(row, "indicator_id", None)
    return value if isinstance(value, str) and value else None


def content_changed(rc: RowChange) -> bool:
    """True when a row change alters what the indicator says (not only its sign-off)."""
    if rc.before is None or rc.after is None:
        return True
    return any(getattr(rc.before, k) != getattr(rc.after, k) for k in rc.after.columns()
               if k not in _NOT_CONTENT)


def touched_indicators(rows: Iterable[RowChange]) -> set[str]:
    """Indicators whose content an edit changes."""
    return {ind for rc in rows
            if (ind := indicator_of(rc)) is not None and content_changed(rc)}


@dataclass
class Counts:
    """How far sign-off has come, over the indicators that carry a score (the leaves)."""

    leaves: int = 0
    prepared: int = 0
    reviewed: int = 0
    changed_after_review: int = 0

    @property
    def unreviewed(self) -> int:
        """Leaves not (or no longer) reviewed."""
        return self.leaves - self.reviewed


def counts(project: Project) -> Counts:
    """Sign-off counts over the leaves (reviewed counts only reviews still standing)."""
    out = Counts()
    for ind in project.indicators().values():
        if project.children(ind.id):
            continue
        out.leaves += 1
        if ind.prepared_by:
            out.prepared += 1
        if ind.reviewed_by and not ind.changed_after_review:
            out.reviewed += 1
        if ind.reviewed_by and ind.changed_after_review:
            out.changed_after_review += 1
    return out


def _targets(project: Project, ids: Iterable[str]) -> list[Indicator]:
    out = []
    for ind_id in ids:
        ind = project.indicators().get(ind_id)
        if ind is None:
            raise EditError("该指标已不存在")
        out.append(ind)
    if not out:
        raise EditError("没有选择指标")
    return out


def _codes(items: list[Indicator]) -> str:
    names = "、".join(i.code or i.name for i in items[:3])
    return names + (f" 等 {len(items)} 个指标" if len(items) > 3 else "")


def prepare(project: Project, ids: Iterable[str], when: str) -> Edit:
    """编制签字 by the project's user on the given indicators.

    Refused for an indicator under a standing review (the review would then cover a
    preparation it never saw) and for one another person has prepared (their signature is not
    replaced silently): take the signature back first.
    """
    items = _targets(project, ids)
    who = project.author
    for ind in items:
        name = ind.code or ind.name
        if ind.reviewed_by and not ind.changed_after_review:
            raise EditError(f"{name} 已由{ind.reviewed_by}复核签字；如需重新编制，请先撤销复核签字")
        if ind.prepared_by and ind.prepared_by != who:
            raise EditError(f"{name} 已由{ind.prepared_by}编制签字；如需改由您编制，请先撤销签字")
    return Edit(f"{_codes(items)} 编制签字",
                [Update("indicator", i.id, {"prepared_by": who, "prepared_at": when})
                 for i in items])


def review(project: Project, ids: Iterable[str], when: str) -> Edit:
    """复核签字 by the project's user; refused for an indicator not prepared or prepared by them."""
    items = _targets(project, ids)
    who = project.author
    for ind in items:
        if not ind.prepared_by:
            raise EditError(f"{ind.code or ind.name} 还没有编制签字，不能复核")
        if ind.reviewed_by and not ind.changed_after_review:
            raise EditError(f"{ind.code or ind.name} 已由{ind.reviewed_by}复核签字，无需再次复核")
        if ind.prepared_by == who and not project.info.allow_self_review:
            raise EditError(f"{ind.code or ind.name} 由您（{who}）编制，按本项目的规定不能由同一人复核；"
                            "请由其他人复核，或在项目信息中允许复核本人编制的指标")
    return Edit(f"{_codes(items)} 复核签字",
                [Update("indicator", i.id, {"reviewed_by": who, "reviewed_at": when,
                                            "changed_after_review": False}) for i in items])


def withdraw(project: Project, ids: Iterable[str]) -> Edit:
    """Take back the sign-off: the review if there is one, else the preparation."""
    items = _targets(project, ids)
    ops: list[Op] = []
    for ind in items:
        if ind.reviewed_by:
            ops.append(Update("indicator", ind.id, {"reviewed_by": "", "reviewed_at": "",
                                                    "changed_after_review": False}))
        elif ind.prepared_by:
            ops.append(Update("indicator", ind.id, {"prepared_by": "", "prepared_at": ""}))
    if not ops:
        raise EditError(f"{_codes(items)} 没有签字可以撤销")
    return Edit(f"{_codes(items)} 撤销签字", ops)


def changes_since_review(project: Project, ind_id: str) -> list[changelog.HistoryItem]:
    """What changed in a reviewed indicator after its review, newest first ([] if none)."""
    ind = project.indicators().get(ind_id)
    if ind is None or not ind.reviewed_by or not ind.changed_after_review:
        return []
    items = changelog.history(project.conn, indicator_ids=[ind_id], since=ind.reviewed_at)
    return [item for item in items
            if any(c["field"] not in SIGN_OFF_FIELDS for c in item.changes)]
