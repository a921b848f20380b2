"""Editing the indicator system from the tree: where a new or moved indicator goes.

Plain functions over the project that return one pfdesk ``Edit`` (or raise ``EditError`` with
a sentence for the user): add a sibling or a child, move up, down, out (one level up) and in
(under the previous sibling). Removing a branch is ``commands.remove_indicator``.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from pfdesk import commands
from pfdesk.edits import Edit
from pfdesk.errors import EditError
from pfdesk.project import Project
from pfdesk.tree import IndicatorSpec

log = logging.getLogger(__name__)

_TAIL_NUMBER = re.compile(r"^(.*?)(\d+)$")


def _bump(code: str) -> str:
    """The code after ``code``: A12 → A13, C → D, '' → ''."""
    match = _TAIL_NUMBER.match(code)
    if match:
        head, digits = match.groups()
        return f"{head}{int(digits) + 1}"
    if len(code) == 1 and code.isalpha() and code.upper() != "Z":
        return chr(ord(code) + 1)
    return ""


def suggest_code(project: Project, parent_id: str | None, after_id: str | None) -> str:
    """A code for a new indicator placed after ``after_id`` (or last) under ``parent_id``."""
    siblings = project.children(parent_id)
    if after_id is not None:
        anchor = project.indicator(after_id).code
    elif siblings:
        anchor = siblings[-1].code
    else:
        parent_code = project.indicator(parent_id).code if parent_id else ""
        return f"{parent_code}1" if parent_code else "A"
    candidate = _bump(anchor)
    taken = {s.code for s in siblings}
    while candidate and candidate in taken:
        candidate = _bump(candidate)
    return candidate


def _index(project: Project, ind_id: str) -> int:
    ind = project.indicator(ind_id)
    return [s.id for s in project.children(ind.parent_id)].index(ind_id)


def _spec(code: str, name: str, weight: str) -> IndicatorSpec:
    try:
        value = Decimal(weight) if weight.strip() else Decimal(0)
    except ArithmeticError as exc:
        raise EditError(f"分值“{weight}”不是数字") from exc
    return IndicatorSpec(code=code.strip(), name=name.strip(), weight=value)


def add_sibling(project: Project, ind_id: str, code: str, name: str, weight: str) -> Edit:
    """A new indicator right after ``ind_id`` under the same parent."""
    ind = project.indicator(ind_id)
    return commands.add_indicator(project, ind.parent_id, _index(project, ind_id) + 1,
                                  _spec(code, name, weight))


def add_child(project: Project, ind_id: str, code: str, name: str, weight: str) -> Edit:
    """A new last child of ``ind_id`` (``commands.add_indicator`` refuses a scored leaf)."""
    return commands.add_indicator(project, ind_id, len(project.children(ind_id)),
                                  _spec(code, name, weight))


def move_up(project: Project, ind_id: str) -> Edit:
    """One place up among its siblings."""
    index = _index(project, ind_id)
    if index == 0:
        raise EditError("已经是第一项")
    return commands.move_indicator(project, ind_id, project.indicator(ind_id).parent_id, index - 1)


def move_down(project: Project, ind_id: str) -> Edit:
    """One place down among its siblings."""
    ind = project.indicator(ind_id)
    index = _index(project, ind_id)
    if index >= len(project.children(ind.parent_id)) - 1:
        raise EditError("已经是最后一项")
    return commands.move_indicator(project, ind_id, ind.parent_id, index + 1)


def move_out(project: Project, ind_id: str) -> Edit:
    """One level up: placed right after its former parent."""
    ind = project.indicator(ind_id)
    if ind.parent_id is None:
        raise EditError("一级指标不能再升级")
    parent = project.indicator(ind.parent_id)
    return commands.move_indicator(project, ind_id, parent.parent_id,
                                   _index(project, parent.id) + 1)


def move_in(project: Project, ind_id: str) -> Edit:
    """One level down: the last child of the sibling above it."""
    ind = project.indicator(ind_id)
    index = _index(project, ind_id)
    if index == 0:
        raise EditError("上面没有同级指标，不能降级")
    above = project.children(ind.parent_id)[index - 1]
    return commands.move_indicator(project, ind_id, above.id, len(project.children(above.id)))


def can_move(project: Project, ind_id: str) -> dict[str, bool]:
    """Which of up / down / out / in make sense for an indicator."""
    ind = project.indicator(ind_id)
    index = _index(project, ind_id)
    count = len(project.children(ind.parent_id))
    return {"up": index > 0, "down": index < count - 1,
            "out": ind.parent_id is not None, "in": index > 0}
