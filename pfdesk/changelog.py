"""The change log inside the project file: one entry per edit, written in the edit's transaction.

An entry (table ``change_log``) holds an id, the time in milliseconds (UTC), the user, the
device, what kind of edit it was (``edit``, ``undo``, ``redo``, ``merge``, ``create`` …), the
label the undo menu shows and a sentence in Chinese. Its rows (``change_row``) hold each row the
edit touched: the whole row for an insert or a delete, the changed fields before and after for an
update, with the indicator the row belongs to so an indicator's history is one indexed query.
A deleted row leaves a tombstone (``tombstone``) naming who deleted it and in which entry.

The log is read from a file that may come from anyone: entries whose stored rows cannot be read
are shown as damaged and cannot be undone; nothing here trusts their content.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .change_text import BOOKKEEPING, json_value
from .edits import RowChange
from .model import ROW_TYPES, new_id

# Kinds of entry. Those in UNDOABLE can be undone; any other kind starts the undo history afresh.
UNDOABLE = ("edit", "merge", "import")
KINDS = (*UNDOABLE, "undo", "redo", "create", "load", "upgrade")
KIND_LABELS = {"edit": "修改", "merge": "合并", "import": "导入", "undo": "撤销", "redo": "重做",
               "create": "新建", "load": "载入", "upgrade": "升级"}


@dataclass
class LogEntry:
    """One recorded edit."""

    id: str
    time: str
    user: str
    device: str
    kind: str
    label: str
    summary: str
    reverts: str | None = None
    seq: int = 0


@dataclass
class LoggedRow:
    """One row of an entry as stored (values as the file keeps them)."""

    table: str
    row_id: str
    op: str                          # insert / update / delete
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    code: str = ""
    indicator_id: str | None = None


@dataclass
class HistoryItem:
    """An entry with its field changes, for the history view and ``pfdesk history``."""

    entry: LogEntry
    changes: list[dict[str, Any]] = field(default_factory=list)
    damaged: bool = False


def new_entry(time: str, user: str, device: str, kind: str, label: str, summary: str,
              reverts: str | None = None) -> LogEntry:
    """A fresh entry (its ``seq`` is given when written)."""
    return LogEntry(new_id(), time, user, device, kind, label, summary, reverts)


def _op(rc: RowChange) -> str:
    if rc.before is None:
        return "insert"
    return "delete" if rc.after is None else "update"


def _stored(rc: RowChange) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """What an entry keeps of a row change: whole rows for insert/delete, changed fields else."""
    before = rc.before.to_row() if rc.before is not None else None
    after = rc.after.to_row() if rc.after is not None else None
    for values in (before, after):
        if values is not None:
            values.pop("id", None)
            values.pop("modified_at", None)
            values.pop("modified_by", None)
    if before is not None and after is not None:
        changed = [k for k in after                 # by value: 5 and 5.00 are no change
                   if getattr(rc.before, k) != getattr(rc.after, k)]
        before = {k: before[k] for k in changed}
        after = {k: after[k] for k in changed}
    return before, after


def write(conn: sqlite3.Connection, entry: LogEntry, rows: list[RowChange],
          indicator_of: Callable[[RowChange], str | None],
          code_of: Callable[[str | None], str]) -> None:
    """Write an entry, its rows and tombstones; the caller holds the transaction."""
    cursor = conn.execute(
        "INSERT INTO change_log (id, time, user, device, kind, reverts, label, summary) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (entry.id, entry.time, entry.user, entry.device, entry.kind, entry.reverts,
         entry.label, entry.summary))
    entry.seq = int(cursor.lastrowid or 0)
    stored = []
    for n, rc in enumerate(rows):
        before, after = _stored(rc)
        ind_id = indicator_of(rc)
        stored.append((entry.seq, n, rc.table, rc.id, ind_id, code_of(ind_id), _op(rc),
                       None if before is None else json.dumps(before, ensure_ascii=False),
                       None if after is None else json.dumps(after, ensure_ascii=False)))
    conn.executemany("INSERT INTO change_row (entry, n, tbl, row_id, indicator_id, code, op, "
                     "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", stored)
    conn.executemany("DELETE FROM tombstone WHERE tbl = ? AND row_id = ?",
                     [(rc.table, rc.id) for rc in rows if rc.before is None])
    conn.executemany("INSERT OR REPLACE INTO tombstone (tbl, row_id, deleted_at, deleted_by, entry) "
                     "VALUES (?, ?, ?, ?, ?)",
                     [(rc.table, rc.id, entry.time, entry.user, entry.id)
                      for rc in rows if rc.after is None])


# ----- reading -----

_ENTRY_COLUMNS = "seq, id, time, user, device, kind, label, summary, reverts"


def _entry(values: tuple[Any, ...]) -> LogEntry:
    seq, id_, time, user, device, kind, label, summary, reverts = values
    return LogEntry(str(id_), str(time), str(user), str(device), str(kind), str(label),
                    str(summary), None if reverts is None else str(reverts), int(seq))


def entry_by_id(conn: sqlite3.Connection, entry_id: str) -> LogEntry | None:
    """One entry by its id."""
    row = conn.execute(f"SELECT {_ENTRY_COLUMNS} FROM change_log WHERE id = ?",
                       (entry_id,)).fetchone()
    return None if row is None else _entry(row)


# How many of the newest entries the undo stacks are read from: an edit further back than this
# many entries is kept on record but can no longer be undone.
UNDO_DEPTH = 1000


def stack_rows(conn: sqlite3.Connection, depth: int = UNDO_DEPTH
               ) -> list[tuple[int, str, str, str | None, str]]:
    """(seq, id, kind, reverts, label) of the newest ``depth`` entries, oldest first."""
    with _lenient_text(conn):
        rows = conn.execute("SELECT seq, id, kind, reverts, label FROM change_log "
                            "ORDER BY seq DESC LIMIT ?", (depth,)).fetchall()
    rows.reverse()
    return rows


def _decode(text: object) -> dict[str, Any] | None:
    if text is None:
        return None
    value = json.loads(str(text))
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise ValueError("not an object")
    return value


def rows_of(conn: sqlite3.Connection, seq: int, only: str = "",
            params: Iterable[Any] = ()) -> list[LoggedRow]:
    """The stored rows of an entry, in the order they were written (ValueError if damaged).

    ``only`` is an extra SQL condition on the rows (with its ``params``), from ``history``.
    """
    out = []
    for table, row_id, op, before, after, code, ind_id in conn.execute(
            "SELECT tbl, row_id, op, before, after, code, indicator_id FROM change_row "
            f"WHERE entry = ?{only} ORDER BY n", (seq, *params)):
        if table not in ROW_TYPES or op not in ("insert", "update", "delete"):
            raise ValueError(f"unknown table or operation {table!r} {op!r}")
        try:
            out.append(LoggedRow(str(table), str(row_id), str(op), _decode(before),
                                 _decode(after), str(code or ""),
                                 None if ind_id is None else str(ind_id)))
        except (json.JSONDecodeError, TypeError) as exc:
            raise ValueError(str(exc)) from exc
    return out


def _changes(rows: list[LoggedRow]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        cls = ROW_TYPES[row.table]
        before, after = row.before or {}, row.after or {}
        for name in cls.columns():
            if name in BOOKKEEPING or (name not in before and name not in after):
                continue
            old, new = before.get(name), after.get(name)
            if row.op != "update" and (old if row.op == "delete" else new) in (None, "", 0) \
                    and name not in ("score", "weight"):
                continue
            if row.op == "update" and old == new:
                continue
            out.append({"code": row.code, "table": row.table, "row": row.row_id, "op": row.op,
                        "field": name,
                        "before": json_value(name, old, cls.DECIMALS, cls.BOOLS),
                        "after": json_value(name, new, cls.DECIMALS, cls.BOOLS)})
    return out


def history(conn: sqlite3.Connection, indicator_ids: Iterable[str] = (), code: str | None = None,
            user: str | None = None, limit: int | None = None, since: str | None = None,
            before_seq: int | None = None) -> list[HistoryItem]:
    """Entries newest first, with their field changes.

    ``indicator_ids`` / ``code`` keep entries touching those indicators (their rows, their
    deductions; ``code`` also finds deleted indicators by the code they had), and only those
    entries' rows that concern them; ``user`` keeps one person's entries; ``since`` keeps entries
    after that time; ``before_seq`` keeps entries older than that one (its ``seq``), so the
    next page of a list starts after the last entry held.
    """
    ids = list(indicator_ids)
    where, params = [], []
    row_filter = ""
    row_params: list[Any] = []
    if ids or code:
        parts = []
        if ids:
            parts.append(f"indicator_id IN ({', '.join('?' for _ in ids)})")
            row_params.extend(ids)
        if code:
            parts.append("code = ?")
            row_params.append(code)
        row_filter = " AND (" + " OR ".join(parts) + ")"
        where.append(f"seq IN (SELECT entry FROM change_row WHERE 1 = 1{row_filter})")
        params.extend(row_params)
    if user:
        where.append("user = ?")
        params.append(user)
    if since:
        where.append("time > ?")
        params.append(since)
    if before_seq is not None:
        where.append("seq < ?")
        params.append(int(before_seq))
    sql = f"SELECT {_ENTRY_COLUMNS} FROM change_log"
    with _lenient_text(conn):
        return _history_items(conn, sql, where, params, limit, row_filter, row_params)


@contextlib.contextmanager
def _lenient_text(conn: sqlite3.Connection) -> Iterator[None]:
    """Read text that is not valid UTF-8 (a crafted file) with replacement marks, not an error."""
    previous = conn.text_factory
    conn.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        yield
    finally:
        conn.text_factory = previous


def _history_items(conn: sqlite3.Connection, sql: str, where: list[str], params: list[Any],
                   limit: int | None, row_filter: str, row_params: list[Any]
                   ) -> list[HistoryItem]:
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY seq DESC"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    items = []
    for values in conn.execute(sql, params).fetchall():
        entry = _entry(values)
        item = HistoryItem(entry)
        try:
            item.changes = _changes(rows_of(conn, entry.seq, row_filter, row_params))
        except (ValueError, sqlite3.Error):
            item.damaged = True
        items.append(item)
    return items


def users(conn: sqlite3.Connection) -> list[str]:
    """Everyone who has an entry, by name."""
    return sorted(str(u) for (u,) in conn.execute("SELECT DISTINCT user FROM change_log"))


def count(conn: sqlite3.Connection) -> int:
    """How many entries the log holds."""
    return int(conn.execute("SELECT count(*) FROM change_log").fetchone()[0])


def tombstone(conn: sqlite3.Connection, table: str, row_id: str) -> tuple[str, str] | None:
    """(when, who) a row was deleted, or None."""
    row = conn.execute("SELECT deleted_at, deleted_by FROM tombstone WHERE tbl = ? AND row_id = ?",
                       (table, row_id)).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


__all__ = ["KINDS", "KIND_LABELS", "UNDOABLE", "HistoryItem", "LogEntry", "LoggedRow",
           "count", "entry_by_id", "history", "new_entry", "rows_of",
           "stack_rows", "tombstone", "users", "write"]
