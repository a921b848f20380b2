"""Merging team members' copies back into the leader's file, field by field, offline.

A member works on a copy of the leader's file; the copy's change log holds the leader's entries
up to the hand-out and the member's own after it. Merging reads, for each copy, the entries this
file has neither written nor merged before, and for every field they touched compares three
values: the copy's value before those entries (the base), the copy's value now, and this file's
value now (after the copies merged before it in the same run).

- this file still holds the base: the copy's value is taken;
- both hold the same value: nothing to do;
- both changed it differently: a **conflict** (``model.Conflict``) listing each value with who
  gave it and when; the field keeps this file's value until someone chooses
  (``conflicts.resolve``).

Rows the copy added are added; rows it deleted are deleted unless this file changed them since
(then a conflict on the row as a whole, ``DELETED``). The whole merge is one recorded edit of
kind ``merge`` (undoable), and it records the copy's entries as merged, so merging the same copy
again brings nothing. Copies are opened read-only and never written; a copy of another project,
a damaged or hostile copy, or this very file is refused before anything is written. Reading and
settling the conflicts is ``conflicts``.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import changelog, order
from .change_text import BOOKKEEPING
from .conflicts import DELETED, KEEP, REFERENCES, REMOVE
from .edits import Delete, Edit, Insert, Op, Update
from .errors import EditError, PfdeskError
from .model import ROW_TYPES, Conflict, MergedEntry, Row
from .project import Project
from .review import SIGN_OFF_FIELDS

# Columns a merge leaves to the receiving file: stamps, and the mark that Project.apply sets.
_NOT_MERGED = BOOKKEEPING - {"sort_key"}


class MergeError(PfdeskError):
    """A copy cannot be merged (another project, this file itself)."""


@dataclass
class Given:
    """A value somebody gave a field, for a conflict's list."""

    user: str
    time: str
    value: Any
    source: str
    row: dict[str, Any] | None = None      # a deleted row the copy kept: its content

    def as_json(self) -> dict[str, Any]:
        """As stored in ``Conflict.choices``."""
        out = {"user": self.user, "time": self.time, "value": self.value, "source": self.source}
        if self.row is not None:
            out["row"] = self.row
        return out


@dataclass
class SourceReport:
    """What one copy brought."""

    path: Path
    users: list[str] = field(default_factory=list)
    entries: int = 0
    merged: int = 0
    conflicts: int = 0


@dataclass
class MergeResult:
    """The outcome of a merge run."""

    merged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    sources: list[SourceReport] = field(default_factory=list)


@dataclass
class _Touch:
    """What a copy's new entries did to one row: the base, and who last set each field."""

    table: str
    row_id: str
    base_exists: bool
    base: dict[str, Any] = field(default_factory=dict)
    last: dict[str, Given] = field(default_factory=dict)
    row_last: Given | None = None


class _Work:
    """This file's rows as the merge changes them (stored values), and the ops to get there."""

    def __init__(self, into: Project) -> None:
        self.into = into
        self.rows: dict[tuple[str, str], dict[str, Any] | None] = {}
        self.given: dict[tuple[str, str, str], Given] = {}
        self.ops: list[Op] = []
        self.conflicts: dict[tuple[str, str, str], Conflict] = {}
        self.deleted_by: dict[tuple[str, str], Given] = {}
        self.inserted_by: dict[tuple[str, str], Given] = {}
        # Rows a copy deleted and put back under another id (a survey deleted and imported
        # again): what the copy's row held before, the base its new row is merged against.
        self.replaced: dict[tuple[str, str], dict[str, Any]] = {}
        self.merged = 0

    def row(self, table: str, row_id: str) -> dict[str, Any] | None:
        key = (table, row_id)
        if key not in self.rows:
            found = self.into.find(table, row_id)
            self.rows[key] = None if found is None else found.to_row()
        return self.rows[key]

    def insert(self, row: Row, by: Given | None = None) -> None:
        self.rows[(row.TABLE, row.id)] = row.to_row()
        if by is not None:
            self.inserted_by[(row.TABLE, row.id)] = by
        self.ops.append(Insert(row))
        self.merged += 1

    def delete(self, table: str, row_id: str, by: Given | None = None) -> None:
        self.rows[(table, row_id)] = None
        if by is not None:
            self.deleted_by[(table, row_id)] = by
        self.ops.append(Delete(table, row_id))
        self.merged += 1

    def update(self, table: str, row_id: str, name: str, value: Any, by: Given) -> None:
        current = self.row(table, row_id)
        assert current is not None
        current[name] = value
        self.given[(table, row_id, name)] = by
        cls = ROW_TYPES[table]
        typed = cls.from_row({**current, "id": row_id})
        self.ops.append(Update(table, row_id, {name: getattr(typed, name)}))
        self.merged += 1


def _entry_given(entry: changelog.LogEntry, source: str) -> Given:
    return Given(entry.user, entry.time, None, source)


def _touches(src: Project, entries: list[changelog.LogEntry], source: str) -> list[_Touch]:
    """Per row, the base and the last setter of each field, from the copy's new entries."""
    touched: dict[tuple[str, str], _Touch] = {}
    for entry in entries:
        try:
            rows = changelog.rows_of(src.conn, entry.seq)
        except ValueError as exc:
            raise MergeError(f"{source} 的修改记录已损坏（{entry.time}），没有合并任何内容") from exc
        who = _entry_given(entry, source)
        for logged in rows:
            key = (logged.table, logged.row_id)
            touch = touched.get(key)
            if touch is None:
                touch = _Touch(logged.table, logged.row_id, base_exists=logged.op != "insert")
                touched[key] = touch
            before = logged.before or {}
            after = logged.after or {}
            names = set(before) | set(after)
            for name in names:
                if name not in touch.base and touch.base_exists and name in before:
                    touch.base[name] = before[name]
                touch.last[name] = who
            if logged.op != "update":
                touch.row_last = who
    return list(touched.values())


def _into_given(into: Project, work: _Work, table: str, row_id: str, name: str) -> Given:
    """Who gave this file's current value of a field, and when."""
    if (table, row_id, name) in work.given:
        return work.given[(table, row_id, name)]
    if (table, row_id) in work.inserted_by:     # added by a copy merged before, in this run
        return work.inserted_by[(table, row_id)]
    found = into.conn.execute(
        "SELECT l.user, l.time FROM change_row r JOIN change_log l ON l.seq = r.entry "
        "WHERE r.tbl = ? AND r.row_id = ? AND json_type(r.after, ?) IS NOT NULL "
        "ORDER BY r.entry DESC LIMIT 1", (table, row_id, f'$."{name}"')).fetchone()
    label = into.path.name if into.path is not None else "本文件"
    if found is not None:
        return Given(str(found[0]), str(found[1]), None, label)
    row = into.find(table, row_id)
    return Given(getattr(row, "modified_by", "") or "—", getattr(row, "modified_at", ""), None, label)


def _conflict(work: _Work, table: str, row_id: str, name: str, code: str,
              givens: list[Given]) -> None:
    key = (table, row_id, name)
    existing = work.conflicts.get(key)
    if existing is None:
        existing = Conflict(tbl=table, row_id=row_id, field=name, code=code)
        work.conflicts[key] = existing
        choices: list[dict[str, Any]] = []
    else:
        choices = json.loads(existing.choices)
    for given in givens:
        if not any(c["value"] == given.value and c["user"] == given.user for c in choices):
            choices.append(given.as_json())
    existing.choices = json.dumps(choices, ensure_ascii=False)


def _code(into: Project, work: _Work, table: str, row_id: str) -> str:
    values = work.row(table, row_id) or {}
    if table == "indicator":
        return str(values.get("code") or "")
    ind_id = values.get("indicator_id")
    if isinstance(ind_id, str) and ind_id in into.indicators():
        return into.indicator(ind_id).code
    return ""


def _merge_row(into: Project, src: Project, work: _Work, touch: _Touch, source: str,
               report: SourceReport) -> None:
    table, row_id = touch.table, touch.row_id
    cls = ROW_TYPES[table]
    theirs = src.find(table, row_id)
    mine = work.row(table, row_id)
    code = _code(into, work, table, row_id) if mine is not None else ""
    before = (work.merged, len(work.conflicts))
    if not touch.base_exists:                          # the copy added this row
        twin = _twin(into, work, theirs) if theirs is not None and mine is None else None
        if twin is not None:     # the same expert's score of the same leaf, the same survey
            _merge_twin(into, work, touch, theirs, twin, source)  # type: ignore[arg-type]
        elif theirs is not None and mine is None:
            work.insert(_own_key(into, work, theirs), touch.row_last)
        elif theirs is not None and mine is not None:  # both hold it: compare field by field
            _merge_fields(into, work, touch, theirs.to_row(), mine, code, cls, source,
                          compare_all=True)
    elif theirs is None:                               # the copy deleted it
        again = _put_back(src, work, table, mine) if mine is not None else None
        if again is not None:    # and imported it again: its new row is merged into this one
            work.replaced[(table, row_id)] = touch.base
        elif mine is None and table in _TWINS and touch.base and (
                twin := _never_held(into, work, cls.from_row({**touch.base, "id": row_id}))):
            merged = _TWINS[table][1]   # the twin is the same thing if its merged value is
            _merge_row(into, src, work, dataclasses.replace(
                touch, row_id=twin, base={merged: touch.base.get(merged)}), source, report)
            return
        elif mine is not None:
            unchanged = all(_same(cls, k, mine.get(k), v) for k, v in touch.base.items()
                            if k not in _NOT_MERGED)
            if unchanged:
                work.delete(table, row_id, touch.row_last)
            else:
                who = touch.row_last or Given("", "", None, source)
                _conflict(work, table, row_id, DELETED, code, [
                    Given(who.user, who.time, REMOVE, source),
                    _given_value(_into_given(into, work, table, row_id, "modified_at"), KEEP)])
    elif mine is None and (twin := _never_held(into, work, theirs)) is not None:
        # never held here: an earlier merge took the copy's row into this file's twin, so the
        # copy's changes since then go there (a member importing the survey again)
        _merge_fields(into, work, dataclasses.replace(touch, row_id=twin), theirs.to_row(),
                      work.row(table, twin) or {}, _code(into, work, table, twin), cls, source)
    elif mine is None:                                 # this file deleted it, the copy changed it
        who = next(iter(touch.last.values()), Given("", "", None, source))
        deleter = work.deleted_by.get((table, row_id)) or _twin_deleter(into, work, theirs)
        if deleter is None:
            stone = changelog.tombstone(into.conn, table, row_id)
            label = into.path.name if into.path is not None else "本文件"
            deleter = Given(stone[1] if stone else "—", stone[0] if stone else "", None, label)
        _conflict(work, table, row_id, DELETED, code, [
            _given_value(deleter, REMOVE),
            Given(who.user, who.time, KEEP, source, theirs.to_row())])
    else:
        _merge_fields(into, work, touch, theirs.to_row(), mine, code, cls, source)
    report.merged += work.merged - before[0]
    report.conflicts += len(work.conflicts) - before[1]


# Rows the copy added that stand for a row this file may hold already under another id: an
# expert's score of a leaf (one per leaf and expert), a survey (rules read it by its name).
# For each: the columns that say which row it is, and the one column whose value is merged.
_TWINS: dict[str, tuple[tuple[str, ...], str]] = {
    "evaluator_score": (("indicator_id", "evaluator_id"), "score"),
    "survey": (("name",), "summary"),
}


# Columns that go with another one: a survey's file name and import time are its counts'; they
# are merged when the counts are (taken with them, kept with this file's), never on their own.
_FOLLOWERS: dict[str, tuple[str, str]] = {"survey": ("summary", "source_name imported_at")}


def _followers(table: str, name: str) -> list[str]:
    """The columns that go with ``name`` in ``table``."""
    lead, names = _FOLLOWERS.get(table, ("", ""))
    return names.split() if name == lead else []


def _follows(table: str, name: str) -> bool:
    return name in _FOLLOWERS.get(table, ("", ""))[1].split()


def _take_followers(work: _Work, table: str, row_id: str, name: str, theirs: dict[str, Any],
                    by: Given) -> None:
    """Bring the columns that go with ``name`` along with its value."""
    current = work.row(table, row_id) or {}
    for follower in _followers(table, name):
        if follower in theirs and current.get(follower) != theirs[follower]:
            work.update(table, row_id, follower, theirs[follower], by)


def _twin(into: Project, work: _Work, theirs: Row) -> str | None:
    """This file's row standing for the same thing as a row the copy added (``_TWINS``): the
    same expert's score of the same leaf, a survey of the same name."""
    if theirs.TABLE not in _TWINS:
        return None
    keys = _TWINS[theirs.TABLE][0]
    wanted = tuple(getattr(theirs, k) for k in keys)
    for row in into.rows(type(theirs)):
        values = work.row(theirs.TABLE, row.id)
        if values is not None and tuple(values.get(k) for k in keys) == wanted:
            return row.id
    for (table, row_id), values in work.rows.items():
        if table == theirs.TABLE and values is not None and row_id != theirs.id \
                and tuple(values.get(k) for k in keys) == wanted:
            return row_id
    return None


def _put_back(src: Project, work: _Work, table: str, mine: dict[str, Any]) -> str | None:
    """The id of the copy's row standing for the same thing as ``mine`` (a ``_TWINS`` table),
    when the copy deleted ``mine``'s row and holds another such row now."""
    if table not in _TWINS:
        return None
    keys = _TWINS[table][0]
    wanted = tuple(mine.get(k) for k in keys)
    return next((row.id for row in src.rows(ROW_TYPES[table])
                 if row.id != mine.get("id") and tuple(getattr(row, k) for k in keys) == wanted
                 and work.row(table, row.id) is None),
                None)


def _never_held(into: Project, work: _Work, theirs: Row | None) -> str | None:
    """This file's twin of a row of the copy that this file never held (no row, no deletion
    of it recorded here): an earlier merge took the copy's row into that twin."""
    if theirs is None or theirs.TABLE not in _TWINS \
            or (theirs.TABLE, theirs.id) in work.deleted_by:
        return None
    return _twin(into, work, theirs)


def _twin_deleter(into: Project, work: _Work, theirs: Row) -> Given | None:
    """Who deleted, earlier in this merge, this file's row standing for the same thing as
    ``theirs`` (a copy merged before removed the survey the copy's row was merged into)."""
    if theirs.TABLE not in _TWINS:
        return None
    keys = _TWINS[theirs.TABLE][0]
    wanted = tuple(getattr(theirs, k) for k in keys)
    for (table, row_id), by in work.deleted_by.items():
        gone = into.find(table, row_id) if table == theirs.TABLE else None
        if gone is not None and tuple(getattr(gone, k) for k in keys) == wanted:
            return by
    return None


def _merge_twin(into: Project, work: _Work, touch: _Touch, theirs: Row, twin_id: str,
                source: str) -> None:
    """Both sides gave it (an expert's score of a leaf, a survey's counts): one row, a
    conflict if their values differ."""
    table = theirs.TABLE
    name = _TWINS[table][1]
    cls = ROW_TYPES[table]
    mine = work.row(table, twin_id) or {}
    row = theirs.to_row()
    value = row[name]
    if _same(cls, name, mine.get(name), value):
        return
    by = _given_value(touch.last.get(name, Given("", "", None, source)), value)
    base = work.replaced.get((table, twin_id), {}).get(name, _MISSING)
    if mine.get(name) in (None, "") or _same(cls, name, mine.get(name), base):
        work.update(table, twin_id, name, value, by)   # nothing of this file's to keep
        _take_followers(work, table, twin_id, name, row, by)
        return
    ours = _given_value(_into_given(into, work, table, twin_id, name), mine.get(name))
    _conflict(work, table, twin_id, name, _code(into, work, table, twin_id), [ours, by])


def _given_value(given: Given, value: Any) -> Given:
    return Given(given.user, given.time, value, given.source)


def _merge_fields(into: Project, work: _Work, touch: _Touch, theirs: dict[str, Any],
                  mine: dict[str, Any], code: str, cls: type[Row], source: str,
                  compare_all: bool = False) -> None:
    names = list(theirs) if compare_all else list(touch.last)
    applied: list[str] = []
    for name in names:
        if name in _NOT_MERGED or name not in theirs or name not in mine \
                or _follows(touch.table, name):
            continue
        value, current = theirs[name], mine[name]
        if _same(cls, name, value, current):
            continue
        base = touch.base.get(name, _MISSING)
        if not compare_all and _same(cls, name, value, base):
            continue       # the copy changed it and changed it back: nothing to bring
        by = _given_value(touch.last.get(name, Given("", "", None, source)), value)
        if not compare_all and _same(cls, name, current, base) \
                and not _bad_move(into, work, touch, name, value):
            work.update(touch.table, touch.row_id, name, value, by)
            _take_followers(work, touch.table, touch.row_id, name, theirs, by)
            applied.append(name)
            continue
        if name == "sort_key" or (name == "score" and mine.get("method") == "deduction"):
            continue       # order keeps this file's; a deduction-scored leaf is recomputed
        ours = _given_value(_into_given(into, work, touch.table, touch.row_id, name), current)
        _conflict(work, touch.table, touch.row_id, name, code, [ours, by])
    if touch.table == "indicator" and "reviewed_by" in applied:
        _review_over_other_content(work, touch, theirs, cls)


# The column that names a row's siblings in an ordered table (None: the whole table).
_SIBLINGS = {"indicator": "parent_id", "deduction": "indicator_id", "evidence": "indicator_id"}


def _own_key(into: Project, work: _Work, row: Row) -> Row:
    """A row a copy adds keeps its place, but never the very key of a row already here (two
    members appending to one list make the same key): it then goes just after that row."""
    key = getattr(row, "sort_key", None)
    if not key:
        return row
    column = _SIBLINGS.get(row.TABLE)
    group = getattr(row, column) if column else None
    keys = sorted(str(v.get("sort_key")) for v in _final_rows(into, work, row.TABLE).values()
                  if (column is None or v.get(column) == group) and v.get("sort_key"))
    if key not in keys:
        return row
    higher = [k for k in keys if k > key]
    try:
        fresh = order.between(key, higher[0] if higher else None)
    except ValueError:
        return row
    return dataclasses.replace(row, sort_key=fresh)  # type: ignore[call-arg]


def _bad_move(into: Project, work: _Work, touch: _Touch, name: str, value: Any) -> bool:
    """A parent a copy gives that would loop the tree or put a scored leaf above (then the
    move is a conflict, not applied)."""
    if touch.table != "indicator" or name != "parent_id" or value is None:
        return False
    node: Any = value
    for _ in range(64):
        if node is None:
            break
        if node == touch.row_id:
            return True
        parent = work.row("indicator", str(node))
        node = None if parent is None else parent.get("parent_id")
    target = work.row("indicator", str(value))
    if target is None:
        return False
    has_children = any(v is not None and v.get("parent_id") == value
                       for v in _final_rows(into, work, "indicator").values())
    scored = target.get("score") is not None or any(
        v.get("indicator_id") == value for v in _final_rows(into, work, "deduction").values())
    return scored and not has_children


def _review_over_other_content(work: _Work, touch: _Touch, theirs: dict[str, Any],
                               cls: type[Row]) -> None:
    """A review a copy brings covers the indicator as the copy had it: if this file's content
    differs, the review arrives already marked 复核后已修改."""
    mine = work.row("indicator", touch.row_id) or {}
    content = [k for k in theirs if k not in _NOT_MERGED and k not in SIGN_OFF_FIELDS
               and k != "sort_key"]
    if any(not _same(cls, k, mine.get(k), theirs.get(k)) for k in content):
        by = touch.last.get("reviewed_by", Given("", "", None, ""))
        work.update("indicator", touch.row_id, "changed_after_review", 1, by)


_MISSING = object()


def _same(cls: type[Row], name: str, a: Any, b: Any) -> bool:
    """Stored values equal as values: 5 and 5.00 are one score; a survey's counts are the same
    counts whatever the answers file was called."""
    if a is _MISSING or b is _MISSING:
        return a is b
    if cls.TABLE == "survey" and name == "summary" and a != b:
        return _counts(a) == _counts(b) is not None
    if name in cls.DECIMALS and a is not None and b is not None:
        try:
            return Decimal(str(a)) == Decimal(str(b))
        except ArithmeticError:
            return bool(a == b)
    return bool(a == b)


def _counts(summary: Any) -> str | None:
    """A stored survey summary without the name of the file it was counted from, in one
    written form (None when it cannot be read as counts)."""
    from .survey import from_json, to_json
    from .survey_file import SurveyError

    try:
        return to_json(dataclasses.replace(from_json(str(summary)), file=""))
    except SurveyError:
        return None


def _final_rows(into: Project, work: _Work, table: str) -> dict[str, dict[str, Any]]:
    rows = {r.id: r.to_row() for r in into.rows(ROW_TYPES[table])}
    for (t, row_id), values in work.rows.items():
        if t != table:
            continue
        if values is None:
            rows.pop(row_id, None)
        else:
            rows[row_id] = values
    return rows


def _drop_ops(work: _Work, table: str, row_id: str) -> None:
    def of(op: Op) -> tuple[str, str]:
        return (op.row.TABLE, op.row.id) if isinstance(op, Insert) else (op.table, op.id)

    before = len(work.ops)
    work.ops = [op for op in work.ops if of(op) != (table, row_id)]
    work.merged -= before - len(work.ops)


def _keep_references(into: Project, work: _Work) -> None:
    """No row outlives what it points to: a deletion a copy brings is held back (as a conflict)
    while rows here still point to the row, and a row a copy adds under something deleted
    here is held back (as a conflict) too. Repeated until nothing more changes."""
    label = into.path.name if into.path is not None else "本文件"
    changed = True
    while changed:
        changed = False
        finals = {t: _final_rows(into, work, t) for t in {*(t for t, _ in REFERENCES),
                                                         *REFERENCES.values()}}
        for (table, column), target in REFERENCES.items():
            for row_id, values in finals[table].items():
                pointed = values.get(column)
                if not pointed or pointed in finals[target]:
                    continue
                original = into.find(target, str(pointed))
                if original is not None and work.rows.get((target, str(pointed)), 0) is None:
                    # a deletion this merge brings: keep the row and ask instead
                    deleter = work.deleted_by.get((target, str(pointed)),
                                                  Given("—", "", None, "副本"))
                    work.rows[(target, str(pointed))] = original.to_row()
                    _drop_ops(work, target, str(pointed))
                    kept = _into_given(into, work, target, str(pointed), "modified_at")
                    _conflict(work, target, str(pointed), DELETED,
                              _code(into, work, target, str(pointed)),
                              [_given_value(deleter, REMOVE), _given_value(kept, KEEP)])
                else:
                    # the copy's row points to something deleted here: hold it back
                    existing = into.find(table, row_id)
                    _drop_ops(work, table, row_id)
                    work.rows[(table, row_id)] = None if existing is None else existing.to_row()
                    if existing is None:
                        stone = changelog.tombstone(into.conn, target, str(pointed))
                        adder = work.inserted_by.get((table, row_id), Given("—", "", None, "副本"))
                        _conflict(work, table, row_id, DELETED, "", [
                            Given(stone[1] if stone else "—", stone[0] if stone else "",
                                  REMOVE, label),
                            Given(adder.user, adder.time, KEEP, adder.source, values)])
                changed = True
                break
            if changed:
                break


def _copy_evidence(into: Project, src: Project, work: _Work) -> None:
    """The bytes of evidence files the copy brings, stored before the merge edit needs them
    (content-addressed, so a merge that is then refused leaves only unused bytes behind)."""
    hashes = {str(values.get("hash")) for (table, _), values in work.rows.items()
              if table == "evidence" and values is not None and values.get("hash")}
    if hashes:
        from . import evidence

        evidence.copy_blobs(into, src.conn, hashes)


def _open_copy(into: Project, path: Path) -> Project:
    path = Path(path)
    if into.path is not None and path.exists() and path.resolve() == into.path.resolve():
        raise MergeError(f"{path.name} 就是要合并进的文件本身，不能合并到自己")
    src = Project.open(path, readonly=True, lock=False, backup=False)
    if src.info.id != into.info.id:
        name = src.info.name or "未命名"
        src.close()
        raise MergeError(f"{path.name} 是另一个项目（“{name}”）的文件，不是本项目的副本，没有合并任何内容")
    return src


def merge(into: Project, paths: Sequence[str | Path]) -> MergeResult:
    """Merge copies into ``into`` as one recorded edit; refuses before writing anything."""
    if into.readonly:
        raise EditError(f"项目以只读方式打开（{into.readonly_reason}），不能合并")
    known = {str(i) for (i,) in into.conn.execute("SELECT id FROM change_log")}
    known |= {row.id for row in into.rows(MergedEntry)}
    work = _Work(into)
    result = MergeResult()
    merged_rows: list[MergedEntry] = []
    copies = [_open_copy(into, Path(p)) for p in paths]
    try:
        for src in copies:
            assert src.path is not None
            source = src.path.name
            report = SourceReport(src.path)
            entries, seen = _new_entries(src, known)
            merged_rows.extend(MergedEntry(id=i, source=source) for i in seen)
            report.entries = len(entries)
            report.users = sorted({e.user for e in entries if e.kind in changelog.UNDOABLE
                                   or e.kind in ("undo", "redo")})
            for touch in _touches(src, entries, source):
                if touch.table in ("conflict", "merged_entry"):
                    continue
                _merge_row(into, src, work, touch, source, report)
            _copy_evidence(into, src, work)
            for entry in entries:
                known.add(entry.id)
                merged_rows.append(MergedEntry(id=entry.id, source=source))
            result.sources.append(report)
    finally:
        for src in copies:
            src.close()
    _keep_references(into, work)
    result.merged = work.merged
    result.conflicts = list(work.conflicts.values())
    if not work.ops and not result.conflicts and not merged_rows:
        return result
    names = "、".join(r.path.name for r in result.sources if r.entries) or \
        "、".join(r.path.name for r in result.sources)
    label = f"合并 {names}" + ("" if work.ops or result.conflicts else "（无新的修改）")
    edit = Edit(label, [*work.ops, *(Insert(c) for c in result.conflicts),
                                  *(Insert(m) for m in merged_rows)])
    into.apply(edit, kind="merge")
    return result


def _new_entries(src: Project, known: set[str]) -> tuple[list[changelog.LogEntry], list[str]]:
    """The copy's entries this file has not seen, leaving out merges the copy made of entries
    this file already has (a copy that pulled the leader's file, or merged a colleague's copy
    that was merged here before): their changes are already here."""
    gathered = {row.id for row in src.rows(MergedEntry)}
    fresh = [e for e in _entries(src) if e.id not in known]
    seen: list[str] = []
    out = []
    for entry in fresh:
        if entry.kind == "merge":
            try:
                ids = {r.row_id for r in changelog.rows_of(src.conn, entry.seq)
                       if r.table == "merged_entry" and r.op == "insert"}
            except ValueError:
                ids = set()
            if ids and ids <= known:
                seen.append(entry.id)
                continue
        out.append(entry)
    # What the copy merged from others, and its merges of what is here, count as seen.
    seen.extend(sorted(gathered - known))
    known.update(seen)
    return out, seen


def _entries(src: Project) -> list[changelog.LogEntry]:
    rows = src.conn.execute("SELECT seq, id, time, user, device, kind, label, summary, reverts "
                            "FROM change_log ORDER BY seq").fetchall()
    return [changelog.LogEntry(str(i), str(t), str(u), str(d), str(k), str(lb), str(s),
                               None if r is None else str(r), int(q))
            for q, i, t, u, d, k, lb, s, r in rows]
