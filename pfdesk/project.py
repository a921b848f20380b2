"""An open evaluation: the project file, an in-memory copy of its rows, and applying edits.

``Project`` is what the window, the reports and the command line share. Reading goes through
the cached rows; every change goes through ``apply(edit)``, one transaction per edit, which
returns the ``Change`` the caller keeps for undo.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar, cast

from . import change_text, changelog, identity, plain, projectfile, review, undo
from .content_checks import chain_problem
from .edits import Change, Delete, Edit, Insert, RowChange, Update
from .errors import EditError, ProjectFileError
from .filelock import ProjectLock
from .model import (
    ROW_TYPES,
    TABLE_ORDER,
    Deduction,
    Evaluator,
    Finding,
    FindingIndicator,
    FundingItem,
    FundingSource,
    Indicator,
    Narrative,
    ProjectInfo,
    Row,
    Target,
)
from .numbers import to_decimal
from .undo import StackItem, UndoStacks

log = logging.getLogger(__name__)
R = TypeVar("R", bound=Row)


@functools.cache
def _device() -> str:
    """This computer's name, looked up at the first edit (not when the module loads)."""
    return identity.device()


def _row_reader(cls: type[R], numbers: dict[str, Decimal | None]) -> Callable[[tuple[Any, ...]],
                                                                            R]:
    """A function building a ``cls`` from the values of its ``columns()`` in order, as
    ``Row.from_row`` does (decimals parsed, flags as booleans, missing text as '') without a
    dictionary per row; ``numbers`` keeps the decimals already parsed from the same text."""
    columns = cls.columns()
    decimals = [i for i, name in enumerate(columns) if name in cls.DECIMALS]
    flags = [i for i, name in enumerate(columns) if name in cls.BOOLS and name not in cls.DECIMALS]
    texts = [i for i, name in enumerate(columns) if i not in decimals and i not in flags
             and name != "parent_id" and not name.endswith("_id")]

    def number(value: object) -> Decimal | None:
        if not isinstance(value, str):
            return to_decimal(value)
        parsed = numbers.get(value, numbers)
        if parsed is numbers:
            parsed = numbers[value] = to_decimal(value)
        return cast("Decimal | None", parsed)

    def read(values: tuple[Any, ...]) -> R:
        items = list(values)
        for i in decimals:
            items[i] = number(items[i])
        for i in flags:
            items[i] = bool(items[i])
        for i in texts:
            if items[i] is None:
                items[i] = ""
        return cls(*items)
    return read


def _same(before: Row, after: Row) -> bool:
    """True when two versions of a row differ in their stamps at most."""
    return all(getattr(before, k) == getattr(after, k) for k in before.columns()
               if k not in ("modified_at", "modified_by"))   # 5 and 5.00 are the same score


class Project:
    """One evaluation, backed by one SQLite project file (or memory)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None,
                 readonly: bool = False, user: str = "") -> None:
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.user = user
        self._rows: dict[str, dict[str, Row]] = {t: {} for t in TABLE_ORDER}
        self._children: dict[str | None, list[Indicator]] | None = None
        self._deductions: dict[str, list[Deduction]] | None = None
        self.readonly_reason: str | None = "以只读方式打开" if readonly else None
        self._lock: ProjectLock | None = None
        self.stacks = UndoStacks()
        # The counter first, then every table in one read transaction: a commit by another
        # program during loading makes the next edit be refused, never saved over a stale view.
        self._data_version = self._read_data_version()
        self._load()

    def _read_data_version(self) -> int:
        """SQLite's counter of commits made by other connections to this file."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # ----- opening and creating -----

    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, user: str = "",
             lock: bool = True, backup: bool = True, why: str | None = None) -> Project:
        """Open an existing project file after checking it (see ``projectfile``).

        Opening for editing takes the lock beside the file (``filelock``) and raises
        ``ProjectLockedError`` naming who has it open; a file or folder that cannot be written
        opens read-only instead, with ``readonly_reason`` saying why. ``lock=False`` skips the
        lock file (SQLite's own locks still apply); ``backup=False`` skips the copy made on
        opening (a file just written by pfdesk itself); ``why`` says why a read-only opening
        was asked for (shown as ``readonly_reason`` unless the file itself cannot be written).
        """
        path = Path(path)
        reason = unwritable_reason(path) or (why if readonly else None)
        readonly = readonly or reason is not None
        held: ProjectLock | None = None
        if not readonly and lock:
            projectfile.read_header(path, sized=False)   # who it is; connect checks all
            try:
                held = ProjectLock.acquire(path, user)
            except OSError as exc:
                log.info("no lock file beside %s (%s): opening read-only", path, exc)
                readonly, reason = True, "无法在文件所在的文件夹中写入（没有写入权限或磁盘已满）"
        try:
            if not readonly and projectfile.needs_upgrade(path):
                # Upgrade and load a private copy first: a file that would then be refused
                # is never upgraded in place.
                cls(projectfile.connect(path, readonly=True), path, True, user).close()
            project = cls(projectfile.connect(path, readonly=readonly), path, readonly, user)
        except BaseException:
            if held:
                held.release()
            raise
        if reason:
            project.readonly_reason = reason
        project._lock = held
        if backup and not project.readonly:
            from . import backups  # a copy on opening, kept in the user's data folder

            backups.on_open(project)
        return project

    @classmethod
    def create(cls, path: str | Path | None, info: ProjectInfo | None = None,
               user: str = "") -> Project:
        """Create a new project file with one project row; ``None`` keeps it in memory.

        The file is built in memory and written in one step, so a file under the final name is
        always a complete project.
        """
        project = cls(projectfile.create(None), None, False, user)
        project.apply(Edit("新建项目", [Insert(info or ProjectInfo())]), kind="create")
        return project if path is None else project.publish(path)

    def publish(self, target: str | Path) -> Project:
        """Write this in-memory project as the new file ``target`` and return it opened there.

        The file appears complete or not at all (never replacing an existing file); this
        in-memory project is closed either way.
        """
        try:
            projectfile.publish(self.conn, Path(target))
        finally:
            self.close()
        return Project.open(target, user=self.user, backup=False)

    @classmethod
    def create_empty(cls, path: str | Path | None, user: str = "") -> Project:
        """A new file with the schema and no rows at all (for loading a dump verbatim)."""
        target = None if path is None else Path(path)
        return cls(projectfile.create(target), target, False, user)

    def insert_verbatim(self, rows: list[Row], label: str = "载入数据") -> None:
        """Insert rows exactly as given (ids and modified stamps kept), in one transaction.

        The log records one entry of kind ``load`` (not undoable: it is how the file began).
        """
        by_table: dict[str, list[Row]] = {}
        for row in rows:
            by_table.setdefault(row.TABLE, []).append(row)
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                self.conn.execute("PRAGMA defer_foreign_keys = ON")
                for table, items in by_table.items():
                    columns = tuple(type(items[0]).columns())
                    self.conn.executemany(_insert_sql(table, columns),
                                          ([row.to_row()[c] for c in columns] for row in items))
                entry = changelog.new_entry(identity.now_ms(), self.author, _device(), "load",
                                            label, f"{label}：共 {len(rows)} 行")
                changelog.write(self.conn, entry, [], review.indicator_of, lambda _i: "")
                self.conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise EditError(f"数据无法写入（{projectfile.plain_sqlite(exc)}），没有写入任何内容") from exc
        for row in rows:
            self._rows[row.TABLE][row.id] = row
        self._invalidate()
        self.stacks = UndoStacks()

    def close(self) -> None:
        """Close the connection and give up the lock; the file is complete after every edit."""
        self.conn.close()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_copy(self, target: str | Path) -> None:
        """另存为: a complete copy through SQLite's backup API (never onto the open file)."""
        target = Path(target)
        if self.path is not None and target.exists() and target.resolve() == self.path.resolve():
            raise ProjectFileError(target, "这就是正在编辑的项目文件，它已自动保存，无需另存到同一位置")
        projectfile.save_copy(self.conn, target)

    def _load(self) -> None:
        numbers: dict[str, Decimal | None] = {}   # the same text read once (scores repeat)
        try:
            self.conn.execute("BEGIN")
            for table in TABLE_ORDER:
                cls = ROW_TYPES[table]
                columns = cls.columns()
                read = _row_reader(cls, numbers)
                bucket = self._rows[table]
                for values in self.conn.execute(f"SELECT {', '.join(columns)} FROM [{table}]"):
                    row = read(values)
                    bucket[row.id] = row
            self.stacks = UndoStacks.read(changelog.stack_rows(self.conn))
        except (sqlite3.Error, ValueError, TypeError) as exc:
            raise ProjectFileError(self.path or Path(":memory:"),
                                   f"内容无法读取（{plain.reason(exc)}）") from exc
        finally:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("COMMIT")
        self._invalidate()

    def _invalidate(self) -> None:
        self._children = None
        self._deductions = None

    # ----- reading -----

    @property
    def info(self) -> ProjectInfo:
        """The project row (cover fields, funding totals, goals)."""
        rows = self._rows["project"]
        if not rows:
            return ProjectInfo(id="")
        return next(iter(rows.values()))  # type: ignore[return-value]

    def get(self, table: str, row_id: str) -> Row:
        """A row by table and id (KeyError when absent)."""
        return self._rows[table][row_id]

    def find(self, table: str, row_id: str) -> Row | None:
        """A row by table and id, or None."""
        return self._rows[table].get(row_id)

    def rows(self, cls: type[R]) -> list[R]:
        """All rows of a table, in their display order."""
        items: list[R] = list(self._rows[cls.TABLE].values())  # type: ignore[arg-type]
        if "sort_key" in cls.columns():
            ordered: list[Any] = items   # every row of a table with a sort_key column has one
            ordered.sort(key=lambda r: (r.sort_key, r.id))
        return items

    def funding_sources(self) -> list[FundingSource]:
        """Funds by source."""
        return self.rows(FundingSource)

    def funding_items(self) -> list[FundingItem]:
        """Lines of the funding table."""
        return self.rows(FundingItem)

    def targets(self) -> list[Target]:
        """Rows of the performance targets table."""
        return self.rows(Target)

    def evaluators(self) -> list[Evaluator]:
        """The evaluation team."""
        return self.rows(Evaluator)

    def findings(self, kind: str | None = None) -> list[Finding]:
        """Findings, optionally of one kind (成效, 经验做法, 问题, 建议, 整改情况)."""
        items = self.rows(Finding)
        return [f for f in items if kind is None or f.kind == kind]

    def finding_indicators(self, finding_id: str) -> list[Indicator]:
        """The indicators a finding concerns, in tree order."""
        ids = {link.indicator_id for link in self.rows(FindingIndicator)
               if link.finding_id == finding_id}
        return [ind for ind in self.walk() if ind.id in ids]

    def narrative(self, key: str) -> str:
        """The text of a narrative section ('' when not written)."""
        for row in self._rows["narrative"].values():
            if isinstance(row, Narrative) and row.key == key:
                return row.text
        return ""

    def narrative_row(self, key: str) -> Narrative | None:
        """The narrative row for ``key``, if written."""
        for row in self._rows["narrative"].values():
            if isinstance(row, Narrative) and row.key == key:
                return row
        return None

    def indicator(self, row_id: str) -> Indicator:
        """An indicator by id."""
        return self._rows["indicator"][row_id]  # type: ignore[return-value]

    def indicators(self) -> dict[str, Indicator]:
        """All indicators by id (unordered; use ``walk`` for tree order)."""
        return self._rows["indicator"]  # type: ignore[return-value]

    def children(self, parent_id: str | None) -> list[Indicator]:
        """Children of an indicator (None: the level-1 indicators), by position."""
        if self._children is None:
            table: dict[str | None, list[Indicator]] = {}
            for ind in self.indicators().values():
                table.setdefault(ind.parent_id, []).append(ind)
            for kids in table.values():
                kids.sort(key=lambda i: (i.sort_key, i.code, i.id))
            self._children = table
        return self._children.get(parent_id, [])

    def children_map(self) -> dict[str | None, list[Indicator]]:
        """Children lists keyed by parent id (None: level 1), for the scoring engine."""
        self.children(None)
        assert self._children is not None
        return self._children

    def deduction_map(self) -> dict[str, list[Deduction]]:
        """Deductions keyed by indicator id, for the scoring engine."""
        self.deductions("")
        assert self._deductions is not None
        return self._deductions

    def walk(self, parent_id: str | None = None) -> Iterator[Indicator]:
        """Indicators depth-first in display order."""
        for child in self.children(parent_id):
            yield child
            yield from self.walk(child.id)

    def level(self, ind: Indicator) -> int:
        """1 for a level-1 indicator, 2 for its children, and so on."""
        depth = 1
        seen = set()
        while ind.parent_id is not None and ind.parent_id not in seen:
            seen.add(ind.parent_id)
            ind = self.indicator(ind.parent_id)
            depth += 1
        return depth

    def ancestors(self, ind: Indicator) -> list[Indicator]:
        """The chain from the level-1 indicator down to ``ind``'s parent."""
        chain: list[Indicator] = []
        while ind.parent_id is not None:
            ind = self.indicator(ind.parent_id)
            chain.append(ind)
        return list(reversed(chain))

    def by_code(self, code: str) -> Indicator | None:
        """The first indicator with this code."""
        for ind in self.indicators().values():
            if ind.code == code:
                return ind
        return None

    def deductions(self, indicator_id: str) -> list[Deduction]:
        """An indicator's deductions, by position."""
        if self._deductions is None:
            table: dict[str, list[Deduction]] = {}
            for row in self._rows["deduction"].values():
                d = cast(Deduction, row)
                table.setdefault(d.indicator_id, []).append(d)
            for items in table.values():
                items.sort(key=lambda d: (d.sort_key, d.id))
            self._deductions = table
        return self._deductions.get(indicator_id, [])

    # ----- writing -----

    @property
    def author(self) -> str:
        """The name recorded on this project's edits (never empty; see ``identity``)."""
        return identity.user_or_default(self.user)

    def apply(self, edit: Edit, kind: str = "edit", reverts: str | None = None) -> Change:
        """Run an edit in one transaction with its change-log entry.

        On any failure nothing changes and EditError is raised. The operations are applied in
        order, each seeing the ones before it (two updates of one row both count; an update
        then a delete is a delete); the log keeps one before and after per row.
        """
        if self.readonly:
            why = f"（{self.readonly_reason}）" if self.readonly_reason else ""
            raise EditError(f"项目以只读方式打开{why}，这次修改没有保存。要编辑，请另存为一个新文件。")
        stamp = identity.now_ms()
        author = self.author
        resolved = self._resolve_all(edit.ops, stamp, author)
        self._check_tree(resolved)
        if kind in changelog.UNDOABLE:
            resolved = self._mark_reviewed_changes(resolved, stamp, author)
        if not resolved and kind in changelog.UNDOABLE:
            return Change(edit.label, [])
        code_of = self._code_lookup(resolved)
        summary = change_text.summary(resolved, code_of)
        if kind in ("undo", "redo"):
            summary = f"{changelog.KIND_LABELS[kind]}“{edit.label}”：{summary}"
        entry = changelog.new_entry(stamp, author, _device(), kind, edit.label, summary, reverts)
        try:
            self._write_all(resolved, entry, code_of)
        except sqlite3.Error as exc:
            log.exception("edit %r failed", edit.label)
            raise EditError(f"“{edit.label}”未能保存（{projectfile.plain_sqlite(exc)}），项目保持原样"
                            ) from exc
        except _RowMissingError as exc:
            log.exception("edit %r found no row", edit.label)
            raise EditError(f"“{edit.label}”未能保存（文件内容与索引不一致，请用 pfdesk check "
                            "检查文件，或从历史备份恢复），项目保持原样") from exc
        for rc in resolved:
            bucket = self._rows[rc.table]
            if rc.after is None:
                bucket.pop(rc.id, None)
            else:
                bucket[rc.id] = rc.after
        self._refresh_indexes(resolved)
        self.stacks.record(StackItem(entry.seq, entry.id, entry.label), kind, reverts)
        if self.path is not None:
            from . import backups  # a copy every few minutes of editing

            backups.on_edit(self)
        return Change(edit.label, resolved, entry)

    # ----- undo and redo (over the change log; see ``undo``) -----

    def undo_label(self) -> str | None:
        """What an undo would revert (None: nothing)."""
        return self.stacks.undo_label()

    def redo_label(self) -> str | None:
        """What a redo would restore (None: nothing)."""
        return self.stacks.redo_label()

    def undo(self) -> Change:
        """Revert the latest edit not yet undone, as a new entry; EditError changes nothing."""
        if not self.stacks.done:
            raise EditError("没有可以撤销的修改")
        item = self.stacks.done[-1]
        return self.apply(undo.inverse(self, item), kind="undo", reverts=item.id)

    def redo(self) -> Change:
        """Restore the latest undone edit, as a new entry; EditError changes nothing."""
        if not self.stacks.undone:
            raise EditError("没有可以重做的修改")
        item = self.stacks.undone[-1]
        return self.apply(undo.inverse(self, item), kind="redo", reverts=item.id)

    def _resolve_all(self, ops: Iterable[Insert | Update | Delete], stamp: str,
                     author: str) -> list[RowChange]:
        """Each row's state before the edit and after all its operations, in first-touch order."""
        work: dict[tuple[str, str], Row | None] = {}
        first: dict[tuple[str, str], Row | None] = {}
        for op in ops:
            table = op.row.TABLE if isinstance(op, Insert) else op.table
            row_id = op.row.id if isinstance(op, Insert) else op.id
            key = (table, row_id)
            current = work[key] if key in work else self._rows[table].get(row_id)
            if key not in first:
                first[key] = current
            if isinstance(op, Insert):
                if current is not None:
                    raise EditError(f"行 {row_id} 已存在")
                fields = _coerce(type(op.row), op.row.to_fields())
                work[key] = dataclasses.replace(op.row, **fields, modified_at=stamp,
                                                modified_by=author)
            elif isinstance(op, Delete):
                if current is None and key not in work:
                    raise EditError(f"找不到要删除的行（{table} {row_id}），它可能已被删除")
                work[key] = None
            else:
                if current is None:
                    raise EditError(f"找不到要修改的行（{table} {row_id}），它可能已被删除")
                changes = _coerce(type(current), op.changes)
                work[key] = dataclasses.replace(current, **changes, modified_at=stamp,
                                                modified_by=author)
        out = []
        for key, before in first.items():
            after = work[key]
            if before is None and after is None:
                continue        # added and removed in the same edit
            if before is not None and after is not None and _same(before, after):
                continue        # nothing but the stamps would change
            out.append(RowChange(key[0], key[1], before, after))
        return out

    def _check_tree(self, resolved: list[RowChange]) -> None:
        """Refuse an edit that would make the indicator tree loop or grow too deep.

        Commands never ask for that, but an undo replays rows from the file's log, which may
        come from anyone.
        """
        moved = {rc.id: rc.after for rc in resolved if rc.table == "indicator"
                 and rc.after is not None
                 and getattr(rc.before, "parent_id", None) != cast(Indicator, rc.after).parent_id}
        if not moved:
            return
        parents = {i: ind.parent_id for i, ind in self.indicators().items()}
        for rc in resolved:
            if rc.table == "indicator":
                if rc.after is None:
                    parents.pop(rc.id, None)
                else:
                    parents[rc.id] = rc.after.parent_id  # type: ignore[attr-defined]
        problem = chain_problem(parents)
        if problem in ("cycle", "deep"):
            raise EditError("这项修改会使指标体系出现循环的上下级关系或超过允许的层级，没有保存")

    def _mark_reviewed_changes(self, resolved: list[RowChange], stamp: str,
                               author: str) -> list[RowChange]:
        """Add 复核后已修改 to every reviewed indicator whose content this edit changes."""
        touched = review.touched_indicators(resolved)
        if not touched:
            return resolved
        out = list(resolved)
        at = {(rc.table, rc.id): i for i, rc in enumerate(out)}
        for ind_id in sorted(touched):
            i = at.get(("indicator", ind_id))
            if i is not None and (out[i].before is None or out[i].after is None):
                continue
            current = out[i].after if i is not None else self._rows["indicator"].get(ind_id)
            if not isinstance(current, Indicator) or not current.reviewed_by \
                    or current.changed_after_review:
                continue
            flagged = dataclasses.replace(current, changed_after_review=True,
                                          modified_at=stamp, modified_by=author)
            if i is not None:
                out[i] = RowChange("indicator", ind_id, out[i].before, flagged)
            else:
                out.append(RowChange("indicator", ind_id, current, flagged))
        return out

    def _code_lookup(self, resolved: list[RowChange]) -> Callable[[str | None], str]:
        """Indicator codes as of this edit (a deleted indicator keeps the code it had)."""
        pending = {rc.id: (rc.after or rc.before) for rc in resolved if rc.table == "indicator"}

        def code_of(ind_id: str | None) -> str:
            if ind_id is None:
                return ""
            row = pending.get(ind_id) or self._rows["indicator"].get(ind_id)
            return str(getattr(row, "code", "") or "")

        return code_of

    def _write_all(self, resolved: list[RowChange], entry: changelog.LogEntry,
                   code_of: Callable[[str | None], str]) -> None:
        """Write the row changes and their log entry in one transaction, refusing them if
        another program wrote first.

        The change counter is read inside the write transaction (which holds SQLite's write
        lock), so no commit of another connection can slip in between the check and the writes.
        Foreign keys are checked at the commit, so the order of rows within an edit is free.
        """
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self._read_data_version() != self._data_version:
                raise EditError("项目文件已被另一个窗口或程序修改，为避免覆盖对方的内容，这次修改没有保存。"
                                "请关闭后重新打开项目。")
            self.conn.execute("PRAGMA defer_foreign_keys = ON")
            for rc in resolved:
                self._write(rc)
            changelog.write(self.conn, entry, resolved, review.indicator_of, code_of)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            raise

    def _refresh_indexes(self, resolved: list[RowChange]) -> None:
        """Keep the children and deduction lists when only values changed; else rebuild them."""
        for rc in resolved:
            if rc.table == "indicator":
                index = self._children
                key = getattr(rc.before, "parent_id", None)
            elif rc.table == "deduction":
                index = self._deductions  # type: ignore[assignment]
                key = getattr(rc.before, "indicator_id", None)
            else:
                continue
            if index is None:
                continue
            same_place = rc.before is not None and rc.after is not None and all(
                getattr(rc.before, c) == getattr(rc.after, c)
                for c in ("parent_id", "sort_key", "code", "indicator_id") if hasattr(rc.before, c))
            siblings = index.get(key, []) if same_place else []
            for i, row in enumerate(siblings):
                if row.id == rc.id:
                    siblings[i] = rc.after  # type: ignore[call-overload]
                    break
            else:
                self._invalidate()
                return

    def _write(self, rc: RowChange) -> None:
        """One row's change as one SQL statement (plain SQL: this is the path of every edit)."""
        if rc.after is None:
            cursor = self.conn.execute(f"DELETE FROM [{rc.table}] WHERE id = ?", (rc.id,))
        elif rc.before is None:
            row = rc.after.to_row()
            columns = tuple(rc.after.columns())
            cursor = self.conn.execute(_insert_sql(rc.table, columns), [row[c] for c in columns])
        else:
            before, after = rc.before.to_row(), rc.after.to_row()
            changed = [k for k, v in after.items() if k != "id" and before[k] != v]
            if not changed:
                return
            assignments = ", ".join(f"[{k}] = ?" for k in changed)
            cursor = self.conn.execute(f"UPDATE [{rc.table}] SET {assignments} WHERE id = ?",
                                       [*(after[k] for k in changed), rc.id])
        if cursor.rowcount != 1:   # the row is in memory but the file's index cannot find it
            raise _RowMissingError(rc.table, rc.id)

    def apply_all(self, edits: Iterable[Edit], label: str) -> Change:
        """Several edits as one (one transaction, one undo step)."""
        ops = [op for e in edits for op in e.ops]
        return self.apply(Edit(label, ops))


class _RowMissingError(Exception):
    """A row the project holds was not found in the file (a damaged index)."""


@functools.cache
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({', '.join('?' for _ in columns)})"


def unwritable_reason(path: Path) -> str | None:
    """Why a project file cannot be edited in place (None: it can)."""
    if not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return "文件是只读的"
    if not os.access(path.resolve().parent, os.W_OK):
        return "文件所在的文件夹不允许写入"
    return None


def _coerce(cls: type[Row], changes: dict[str, Any]) -> dict[str, Any]:
    columns = set(cls.columns()) - {"id", "modified_at", "modified_by"}
    out: dict[str, Any] = {}
    for name, given in changes.items():
        if name in ("modified_at", "modified_by"):
            continue
        if name not in columns:
            raise EditError(f"没有名为 {name} 的字段")
        value = given
        if name in cls.DECIMALS:
            try:
                value = to_decimal(given)
            except ValueError as exc:
                raise EditError(str(exc)) from exc
        elif name in cls.BOOLS:
            value = bool(given)
        out[name] = value
    return out
