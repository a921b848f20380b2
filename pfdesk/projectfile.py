"""Opening and creating project files safely.

A file from outside is untrusted: it is checked end to end (``filecheck``) and its side files
looked at (``journal``) before anything writes to it. Nothing is written to a file that failed a
check, and no side file is left beside it; an edit interrupted by a crash is rolled back by
SQLite itself, after the same roll-back passed every check on a private copy. Files use the
rollback journal (never WAL) so that the single file a user copies is always complete. New files
are built elsewhere and appear complete or not at all (``atomic``).
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from . import atomic, plain
from .content_checks import content_problems
from .errors import ProjectFileError
from .filecheck import (
    BUSY_MS,
    SQLITE_FAILURES,
    check,
    harden,
    plain_line,
    read_header,
    release_deadline,
    ro_uri,
)
from .journal import RolledBack, check_side_files, interrupted_edit, journal_path
from .schema import SCHEMA_VERSION, migrate

__all__ = ["check_new_target", "check_side_files", "connect", "create", "interrupted_edit",
           "needs_upgrade", "plain_os", "plain_sqlite", "publish", "read_header", "save_copy",
           "validate"]

log = logging.getLogger(__name__)

_NEW = "无法新建"


def needs_upgrade(path: Path) -> bool:
    """Whether the file was written by an older pfdesk (its format is upgraded on opening)."""
    return read_header(path, sized=False)[1] < SCHEMA_VERSION


def validate(path: Path, keep: bool = False) -> int:
    """Check a file end to end without writing to it; return its schema version.

    This is the check of every opening and of ``pfdesk check``: the header, side files, SQLite's
    full integrity_check, identity, schema and row contents. A file with an edit interrupted by
    a crash is checked as it will be after SQLite rolls the edit back, on a private copy.
    ``keep``: an opening that follows takes the answer while the file is unchanged (see
    ``filecheck.check``).
    """
    if _checked_header(path):
        rolled = RolledBack(path)
        rolled.discard()
        return rolled.version
    return check(path, keep=keep)


def _checked_header(path: Path) -> bool:
    """The header and side files checked; True when an interrupted edit waits to be rolled back.

    With such an edit the file may be shorter than its header says until the journal puts the
    old pages back, so its size is judged on the rolled-back copy instead.
    """
    has_journal = journal_path(path).exists()
    read_header(path, sized=not has_journal)
    check_side_files(path)
    interrupted = has_journal and interrupted_edit(path)
    if has_journal and not interrupted:
        read_header(path)
    return interrupted


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """Check ``path`` fully, then return a hardened connection to it.

    Nothing is written to a file before every check has passed: an interrupted edit is first
    rolled back and checked on a private copy, and an older file is first upgraded and checked
    in memory. A read-only opening never writes at all: it reads from a private copy in memory
    when the file needs either step.
    """
    rolled = RolledBack(path) if _checked_header(path) else None
    try:
        source = rolled.copy if rolled else path
        version = rolled.version if rolled else check(path)
        if version < SCHEMA_VERSION:
            _trial_upgrade(source, path, version)
        if readonly:
            return _open_readonly(source, path, version, private=rolled is not None)
        return _open_writable(path, version, recovering=rolled is not None)
    finally:
        if rolled:
            rolled.discard()


def _trial_upgrade(source: Path, shown: Path, version: int) -> None:
    """Upgrade a copy in memory and check the result before the file itself is touched."""
    conn = _memory_copy(source, shown)
    try:
        _upgrade(conn, version)
        problems = content_problems(conn)
    except SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"无法升级旧版本的文件（{plain_line(exc)}），文件没有改动") from exc
    finally:
        conn.close()
    if problems:
        raise ProjectFileError(shown, f"升级后的内容不能使用（{plain_line(problems[0])}），文件没有改动")


def _memory_copy(source: Path, shown: Path) -> sqlite3.Connection:
    try:
        disk = sqlite3.connect(ro_uri(source), uri=True, isolation_level=None)
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            harden(disk)
            disk.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
            disk.backup(memory)
        finally:
            disk.close()
    except SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"无法读取文件（{plain_line(exc)}）") from exc
    harden(memory)
    return memory


def _open_readonly(source: Path, shown: Path, version: int, private: bool) -> sqlite3.Connection:
    try:
        if private or version < SCHEMA_VERSION:
            conn = _memory_copy(source, shown)
            if version < SCHEMA_VERSION:
                _upgrade(conn, version)
        else:
            conn = sqlite3.connect(ro_uri(source), uri=True, isolation_level=None,
                                   check_same_thread=False)
            harden(conn)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        release_deadline(conn)
        return conn
    except SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"SQLite 出错（{plain_line(exc)}），文件没有改动") from exc


def _open_writable(path: Path, version: int, recovering: bool) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    except SQLITE_FAILURES as exc:
        raise ProjectFileError(path, f"SQLite 无法打开（{plain_line(exc)}）") from exc
    try:
        harden(conn)
        _configure(conn)
        if recovering:   # SQLite rolls the interrupted edit back itself, under its own locks
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            log.info("rolled back an edit interrupted in %s", path)
        if version < SCHEMA_VERSION:
            log.info("upgrading %s from schema %s to %s", path, version, SCHEMA_VERSION)
            _upgrade(conn, version)
        conn.execute("PRAGMA foreign_keys = ON")
        release_deadline(conn)
        return conn
    except SQLITE_FAILURES as exc:
        conn.close()
        raise ProjectFileError(path, f"SQLite 出错（{plain_line(exc)}）") from exc


def _upgrade(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrate(conn, version)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def create(path: Path | None) -> sqlite3.Connection:
    """A new empty project database: in memory for ``None``, else a new file (never replacing one).

    Programs that fill a new file build it in memory and ``publish`` it, so that a file under
    the final name is always complete.
    """
    if path is not None:
        check_new_target(path)
    target = ":memory:" if path is None else str(path)
    try:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        _configure(conn)
        conn.execute("BEGIN IMMEDIATE")
        migrate(conn, 0)
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise ProjectFileError(path or Path(":memory:"), plain_sqlite(exc), _NEW) from exc
    return conn


def check_new_target(path: Path) -> None:
    """Refuse a new file's name when a file is there already or its folder is missing."""
    if path.exists():
        raise ProjectFileError(path, "文件已存在，请换一个文件名或先删除它", _NEW)
    if not path.resolve().parent.is_dir():
        raise ProjectFileError(path, f"文件夹 {path.resolve().parent} 不存在，请先建好文件夹", _NEW)


def _write_copy(conn: sqlite3.Connection, tmp: Path) -> None:
    dest = sqlite3.connect(str(tmp), isolation_level=None)
    try:
        conn.backup(dest)
        dest.execute("PRAGMA journal_mode = DELETE")
    finally:
        dest.close()


def publish(conn: sqlite3.Connection, target: Path) -> None:
    """Write a new project file from ``conn``, complete or not at all, never replacing a file."""
    target = Path(target)
    check_new_target(target)
    try:
        with atomic.writing(target, overwrite=False) as tmp:
            _write_copy(conn, tmp)
    except FileExistsError as exc:
        raise ProjectFileError(target, "文件已存在，请换一个文件名或先删除它", _NEW) from exc
    except sqlite3.Error as exc:
        raise ProjectFileError(target, f"{plain_sqlite(exc)}，没有留下文件", _NEW) from exc
    except OSError as exc:
        raise ProjectFileError(target, f"{plain_os(exc)}，没有留下文件", _NEW) from exc


def save_copy(conn: sqlite3.Connection, target: Path) -> None:
    """另存为: write a complete copy through the backup API, replacing ``target`` atomically."""
    target = Path(target)
    try:
        with atomic.writing(target, overwrite=True) as tmp:
            _write_copy(conn, tmp)
    except sqlite3.Error as exc:
        raise ProjectFileError(target, f"{plain_sqlite(exc)}，原文件未受影响", "无法另存为") from exc
    except OSError as exc:
        raise ProjectFileError(target, f"{plain_os(exc)}，原文件未受影响", "无法另存为") from exc


def plain_sqlite(exc: sqlite3.Error) -> str:
    """SQLite's error in plain Chinese."""
    return plain.sqlite_reason(exc)


def plain_os(exc: OSError) -> str:
    """An operating-system error in plain Chinese."""
    return plain.os_reason(exc)
