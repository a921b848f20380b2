"""Opening and creating project files safely.

A file from outside is untrusted: its header is read before SQLite sees it, then it is checked on
a read-only connection (quick_check, identity, schema compared with the one pfdesk creates)
with ``trusted_schema`` off. Nothing is written to a file that failed these checks, and no
journal or side file is left beside it. Files use the rollback journal (never WAL) so that the
single file a user copies is always complete.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from .content_checks import content_problems
from .errors import ProjectFileError
from .schema import APPLICATION_ID, SCHEMA_VERSION, expected_schema, migrate, read_schema

log = logging.getLogger(__name__)

HEADER = b"SQLite format 3\x00"
_QUERY_SECONDS = 20.0


def _harden(conn: sqlite3.Connection, deadline_seconds: float = _QUERY_SECONDS) -> None:
    """Defences for a connection to a file that may come from outside."""
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA cell_size_check = ON")
    conn.execute("PRAGMA mmap_size = 0")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 50_000_000)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 1_000_000)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    start = time.monotonic()

    def abort_runaway() -> int:
        return 1 if time.monotonic() - start > deadline_seconds else 0

    conn.set_progress_handler(abort_runaway, 100_000)


def _release_deadline(conn: sqlite3.Connection) -> None:
    conn.set_progress_handler(None, 0)


def read_header(path: Path) -> tuple[int, int]:
    """Check the file's first 100 bytes without SQLite; return (application_id, user_version)."""
    try:
        if not path.exists():
            raise ProjectFileError(path, "文件不存在，请检查路径")
        if not path.is_file():
            raise ProjectFileError(path, "这不是一个文件")
        with path.open("rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise ProjectFileError(path, f"无法读取文件（{exc.strerror or exc}）") from exc
    if len(head) == 0:
        raise ProjectFileError(path, "文件是空的（0 字节），不是 pfdesk 项目文件")
    if len(head) < 100 or not head.startswith(HEADER):
        raise ProjectFileError(path, "不是 pfdesk 项目文件（文件头不是 SQLite 数据库）")
    if head[18] != 1 or head[19] != 1:
        raise ProjectFileError(path, "文件使用了 WAL 日志模式，不是 pfdesk 写出的项目文件")
    user_version = int.from_bytes(head[60:64], "big")
    app_id = int.from_bytes(head[68:72], "big")
    if app_id != APPLICATION_ID:
        raise ProjectFileError(path, "这是其他程序的数据库，不是 pfdesk 项目文件")
    if user_version > SCHEMA_VERSION:
        raise ProjectFileError(
            path, f"文件由更新版本的 pfdesk 写出（格式版本 {user_version}，本程序支持到 "
            f"{SCHEMA_VERSION}），请升级 pfdesk 后再打开")
    if user_version < 1:
        raise ProjectFileError(path, "文件没有格式版本号，不是完整的 pfdesk 项目文件")
    page_size = int.from_bytes(head[16:18], "big") or 65536
    page_count = int.from_bytes(head[28:32], "big")
    size = path.stat().st_size
    valid_count = head[92:96] == head[24:28]
    if valid_count and page_count and size < page_count * page_size:
        raise ProjectFileError(path, "文件不完整（可能复制或下载时被截断）")
    return app_id, user_version


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _journal(path: Path) -> Path:
    return Path(str(path) + "-journal")


def recover(path: Path) -> None:
    """Roll back an edit interrupted by a crash (a hot journal beside our file).

    The rollback happens on a copy in a private folder beside the file; only a copy that then
    passes every check replaces the original, so a hostile file-and-journal pair is refused
    with both left as they were.
    """
    read_header(path)
    work = Path(tempfile.mkdtemp(prefix=".pfdesk-recover-", dir=path.parent))
    try:
        copy = work / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(_journal(path), _journal(copy))
        conn = sqlite3.connect(str(copy), isolation_level=None)
        try:
            _harden(conn)
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
        validate(copy)
        os.replace(copy, path)
        _journal(path).unlink(missing_ok=True)
    except sqlite3.Error as exc:
        raise ProjectFileError(path, f"上次编辑中断，恢复失败（{exc}），文件保持原样") from exc
    except OSError as exc:
        raise ProjectFileError(path, f"上次编辑中断，恢复失败（{exc.strerror or exc}）") from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("rolled back an interrupted edit in %s", path)


def validate(path: Path) -> int:
    """Check a file end to end on a read-only connection; return its schema version."""
    if Path(str(path) + "-wal").exists():
        raise ProjectFileError(path, "旁边有 WAL 日志文件，不是 pfdesk 写出的项目文件")
    if _journal(path).exists():
        raise ProjectFileError(
            path, "上次编辑被中断（旁边有日志文件），请在 pfdesk 窗口中打开一次以自动恢复")
    _, version = read_header(path)
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise ProjectFileError(path, f"SQLite 无法打开（{exc}）") from exc
    try:
        _harden(conn)
        try:
            result = conn.execute("PRAGMA quick_check").fetchall()
        except sqlite3.DatabaseError as exc:
            raise ProjectFileError(path, f"文件已损坏（{exc}）") from exc
        if result != [("ok",)]:
            raise ProjectFileError(path, f"文件已损坏（完整性检查：{result[0][0]}）")
        found = read_schema(conn)
        expected = expected_schema(version)
        extra = sorted(f"{t} {n}" for t, n, _, _ in found - expected)
        missing = sorted(f"{t} {n}" for t, n, _, _ in expected - found)
        if extra:
            raise ProjectFileError(
                path, f"文件含有 pfdesk 不会创建的对象（{'、'.join(extra[:3])}），出于安全原因拒绝打开")
        if missing:
            raise ProjectFileError(path, f"文件缺少必要的表（{'、'.join(missing[:3])}）")
        count = conn.execute("SELECT count(*) FROM project").fetchone()[0]
        if count != 1:
            raise ProjectFileError(path, f"项目信息应有 1 行，文件中有 {count} 行")
        problems = content_problems(conn)
        if problems:
            raise ProjectFileError(path, f"内容不完整或被改动过（{problems[0]}）")
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(path, f"文件已损坏（{exc}）") from exc
    finally:
        conn.close()
    return version


def deep_check(path: Path) -> None:
    """The full integrity check (slower than quick_check), for ``pfdesk check``."""
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise ProjectFileError(path, f"SQLite 无法打开（{exc}）") from exc
    try:
        _harden(conn, deadline_seconds=120.0)
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise ProjectFileError(path, f"文件已损坏（完整性检查：{result[0][0]}）")
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise ProjectFileError(
                path, "完整性检查超过 2 分钟仍未完成，请把文件复制到本机硬盘后再检查") from exc
        raise ProjectFileError(path, f"文件已损坏（{exc}）") from exc
    except sqlite3.DatabaseError as exc:
        raise ProjectFileError(path, f"文件已损坏（{exc}）") from exc
    finally:
        conn.close()


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA synchronous = FULL")


def connect(path: Path, readonly: bool = False) -> sqlite3.Connection:
    """Validate ``path`` and return a hardened connection, upgrading an older file.

    A read-only open of an older file is upgraded in a private in-memory copy, so the file
    stays as it was.
    """
    if not readonly and _journal(path).exists():
        recover(path)
    version = validate(path)
    try:
        if readonly:
            conn = sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None,
                                   check_same_thread=False)
            _harden(conn)
            if version < SCHEMA_VERSION:
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                conn.backup(memory)
                conn.close()
                conn = memory
                _harden(conn)
                _upgrade(conn, version)
        else:
            conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            _harden(conn)
            _configure(conn)
            if version < SCHEMA_VERSION:
                log.info("upgrading %s from schema %s to %s", path, version, SCHEMA_VERSION)
                _upgrade(conn, version)
        conn.execute("PRAGMA foreign_keys = ON")
        _release_deadline(conn)
        return conn
    except sqlite3.Error as exc:
        raise ProjectFileError(path, f"SQLite 出错（{exc}），文件未被修改") from exc


def _upgrade(conn: sqlite3.Connection, version: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        migrate(conn, version)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def create(path: Path | None) -> sqlite3.Connection:
    """Create a new empty project file (refusing to overwrite one); None makes it in memory."""
    if path is not None and path.exists():
        raise ProjectFileError(path, "文件已存在，请换一个文件名或先删除它")
    if path is not None and not path.resolve().parent.is_dir():
        raise ProjectFileError(path, f"文件夹 {path.resolve().parent} 不存在，请先建好文件夹")
    target = ":memory:" if path is None else str(path)
    try:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise ProjectFileError(path or Path(":memory:"), f"无法创建（{exc}）") from exc
    _configure(conn)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn, 0)
    conn.execute("COMMIT")
    return conn


def save_copy(conn: sqlite3.Connection, target: Path) -> None:
    """另存为: write a complete copy through the backup API, replacing ``target`` atomically."""
    target = Path(target)
    tmp = target.with_name(f".{target.name}.pfdesk-tmp")
    try:
        if tmp.exists():
            tmp.unlink()
        dest = sqlite3.connect(str(tmp))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        if tmp.exists():
            tmp.unlink()
        raise ProjectFileError(target, f"另存失败（{exc}），原文件未受影响") from exc
