"""Edits: what a command asks for, and what it changed.

A command builds an ``Edit``: a label and a list of row operations (insert, update, delete),
applied in order. ``Project.apply`` runs it in one transaction with its change-log entry and
returns a ``Change`` holding each touched row once, before and after. ``Change.inverse()`` is the
edit that restores them, so undo needs no code of its own per command (``undo`` builds the same
inverse from the log).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .model import Row

if TYPE_CHECKING:
    from .changelog import LogEntry


@dataclass(frozen=True)
class Insert:
    """Add a row."""

    row: Row


@dataclass(frozen=True)
class Update:
    """Change some columns of a row (Python values: Decimal, bool, str)."""

    table: str
    id: str
    changes: dict[str, Any]


@dataclass(frozen=True)
class Delete:
    """Remove a row; delete children before their parents."""

    table: str
    id: str


Op = Insert | Update | Delete


@dataclass
class Edit:
    """One user action: a label for the undo menu and its row operations, applied atomically."""

    label: str
    ops: list[Op] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.ops)


@dataclass(frozen=True)
class RowChange:
    """A row before and after (None for an insert's before or a delete's after)."""

    table: str
    id: str
    before: Row | None
    after: Row | None


@dataclass
class Change:
    """What an applied edit changed (one row change per row); the window refreshes from it."""

    label: str
    rows: list[RowChange] = field(default_factory=list)
    entry: LogEntry | None = None     # the change-log entry written with it

    def tables(self) -> set[str]:
        """Tables touched."""
        return {rc.table for rc in self.rows}

    def ids(self, table: str) -> set[str]:
        """Row ids touched in ``table``."""
        return {rc.id for rc in self.rows if rc.table == table}

    def structural(self, table: str) -> bool:
        """True when rows were added to or removed from ``table`` (not just updated)."""
        return any(rc.table == table and (rc.before is None or rc.after is None)
                   for rc in self.rows)

    def inverse(self) -> Edit:
        """The edit that restores every row to what it was before."""
        ops: list[Op] = []
        for rc in reversed(self.rows):
            if rc.before is None:
                ops.append(Delete(rc.table, rc.id))
            elif rc.after is None:
                ops.append(Insert(rc.before))
            else:
                ops.append(Update(rc.table, rc.id, rc.before.to_fields()))
        return Edit(self.label, ops)
