"""Undo and redo over the change log: one history for the window, the command line and merges.

The stacks are read from the log when a project opens: an edit (or merge) goes on the undo
stack and empties the redo stack; an undo entry moves the edit it reverts to the redo stack; a
redo entry moves it back. Undoing applies the inverse of the entry's stored rows as a new entry
of kind ``undo``; redoing applies the inverse of that undo entry as a ``redo`` entry. Entries of
other kinds (creating a file, loading a dump, upgrading its format) start the history afresh.

Before an inverse is applied, every row it touches is checked against what the entry left: if
anything has changed since (a file edited by an older pfdesk, a damaged log), the undo is
refused and nothing changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import changelog
from .edits import Delete, Edit, Insert, Op, Update
from .errors import EditError
from .model import ROW_TYPES

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class StackItem:
    """An entry that can be undone (or, on the redo stack, the undo entry that can be redone)."""

    seq: int
    id: str
    label: str


class UndoStacks:
    """The undo and redo stacks of a project, kept in step with its log."""

    def __init__(self) -> None:
        self.done: list[StackItem] = []
        self.undone: list[StackItem] = []

    @classmethod
    def read(cls, rows: Iterable[tuple[int, str, str, str | None, str]]) -> UndoStacks:
        """Build the stacks from the log's entries, oldest first."""
        stacks = cls()
        for seq, entry_id, kind, reverts, label in rows:
            stacks.record(StackItem(int(seq), str(entry_id), str(label)), str(kind),
                          None if reverts is None else str(reverts))
        return stacks

    def record(self, item: StackItem, kind: str, reverts: str | None) -> None:
        """Follow one more entry."""
        if kind in changelog.UNDOABLE:
            self.done.append(item)
            self.undone.clear()
        elif kind == "undo" and self.done and self.done[-1].id == reverts:
            self.done.pop()
            self.undone.append(item)
        elif kind == "redo" and self.undone and self.undone[-1].id == reverts:
            self.undone.pop()
            self.done.append(item)
        else:
            self.done.clear()
            self.undone.clear()

    def undo_label(self) -> str | None:
        """The label of the edit an undo would revert (None: nothing to undo)."""
        return self.done[-1].label if self.done else None

    def redo_label(self) -> str | None:
        """The label of the edit a redo would restore (None: nothing to redo)."""
        return self.undone[-1].label if self.undone else None


def _refuse(label: str, why: str) -> EditError:
    return EditError(f"无法撤销或重做“{label}”：{why}，项目保持原样")


def inverse(project: Project, item: StackItem) -> Edit:
    """The edit that reverts a logged entry, checked against the project as it is now."""
    try:
        rows = changelog.rows_of(project.conn, item.seq)
    except (ValueError, sqlite3.Error) as exc:
        raise _refuse(item.label, "这条修改记录已损坏") from exc
    ops: list[Op] = []
    for row in reversed(rows):
        cls = ROW_TYPES[row.table]
        current = project.find(row.table, row.row_id)
        if row.op == "insert":
            if current is None:
                raise _refuse(item.label, "它添加的内容已被删除")
            _check(item.label, current.to_row(), row.after or {})
            ops.append(Delete(row.table, row.row_id))
        elif row.op == "delete":
            if current is not None:
                raise _refuse(item.label, "它删除的内容已重新存在")
            try:
                restored = cls.from_row({**(row.before or {}), "id": row.row_id})
            except (TypeError, ValueError) as exc:
                raise _refuse(item.label, "这条修改记录已损坏") from exc
            ops.append(Insert(restored))
        else:
            if current is None:
                raise _refuse(item.label, "它修改的内容已被删除")
            _check(item.label, current.to_row(), row.after or {})
            values = {**current.to_row(), **(row.before or {})}
            try:
                old = cls.from_row(values)
            except (TypeError, ValueError) as exc:
                raise _refuse(item.label, "这条修改记录已损坏") from exc
            ops.append(Update(row.table, row.row_id,
                              {k: getattr(old, k) for k in (row.before or {})
                               if k in cls.columns() and k != "id"}))
    return Edit(item.label, ops)


def _check(label: str, now: dict[str, object], left: dict[str, object]) -> None:
    """Refuse when the fields an entry wrote no longer hold what it wrote."""
    for name, value in left.items():
        if name in ("modified_at", "modified_by"):
            continue
        if name not in now:
            raise _refuse(label, "这条修改记录已损坏")
        if now[name] != value:
            raise _refuse(label, "此后这部分内容又被修改过")
