"""Opening and creating project files safely.

A file from outside is untrusted: its header is read before SQLite sees it, then it is checked on
a read-only connection (quick_check, identity, schema compared with the one pfdesk creates)
with ``trusted_schema`` off. Nothing is written to a file that failed these checks, and no
journal or side file is left beside it. Files use the rollback journal (never WAL) so that the
single file a user copies is always complete.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from . import atomic, plain
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
        raise ProjectFileError(path, f"无法读取文件（{plain.os_reason(exc)}）") from exc
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


def needs_upgrade(path: Path) -> bool:
    """Whether the file was written by an older pfdesk (its format is upgraded on opening)."""
    return read_header(path)[1] < SCHEMA_VERSION


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _journal(path: Path) -> Path:
    return Path(str(path) + "-journal")


# A rollback journal that names a super-journal ends with these eight bytes (SQLite's journal
# magic after the name, its length and checksum). pfdesk never attaches databases, so it never
# writes such a journal; playing one back would make SQLite delete the file it names.
_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
_BUSY_MS = 5000
_READONLY_ROLLBACK = 776   # SQLITE_READONLY_ROLLBACK: a read-only connection met a hot journal
_NEW = "无法新建"
# SQLite's failures as Python sees them: its errors, and an error message or value holding bytes
# that are not UTF-8 (a crafted schema name echoed back).
_SQLITE_FAILURES = (sqlite3.Error, UnicodeDecodeError)


def check_side_files(path: Path) -> None:
    """Refuse a file whose side files pfdesk never writes (WAL, a journal naming another file)."""
    if Path(str(path) + "-wal").exists():
        raise ProjectFileError(
            path, f"旁边有 WAL 日志文件（{path.name}-wal），不是 pfdesk 写出的；"
            "请只保留项目文件本身，删除这个日志文件后再打开")
    journal = _journal(path)
    try:
        if not journal.exists():
            return
        if not journal.is_file():
            raise ProjectFileError(path, f"旁边的 {journal.name} 不是普通文件，请删除它后再打开")
        size = journal.stat().st_size
        tail = b""
        if size >= 16:
            with journal.open("rb") as handle:
                handle.seek(size - 8)
                tail = handle.read(8)
    except OSError as exc:
        raise ProjectFileError(path, f"无法读取旁边的日志文件（{plain.os_reason(exc)}）") from exc
    if tail == _JOURNAL_MAGIC:
        raise ProjectFileError(
            path, f"旁边的日志文件 {journal.name} 不是 pfdesk 写出的（它指向另一个文件，"
            "打开时可能删除那个文件），出于安全原因没有打开；请删除这个日志文件后再打开，"
            "项目文件本身没有改动")


def interrupted_edit(path: Path) -> bool:
    """Whether an edit interrupted by a crash waits to be rolled back (SQLite's hot journal).

    SQLite decides with its locks: a journal beside a file that another program is editing is
    not hot, one left by a crash is; a journal of 0 bytes or with a zeroed header never is.
    """
    if not _journal(path).exists():
        return False
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None)
    except _SQLITE_FAILURES:
        return False
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except _SQLITE_FAILURES as exc:
        return getattr(exc, "sqlite_errorcode", 0) == _READONLY_ROLLBACK
    finally:
        conn.close()
    return False


class _RolledBack:
    """A private copy of a file and its hot journal, rolled back by SQLite and checked."""

    def __init__(self, path: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pfdesk-recover-"))
        self.copy = self.folder / "project.sqlite"
        try:
            shutil.copyfile(path, self.copy)
            shutil.copyfile(_journal(path), _journal(self.copy))
            conn = sqlite3.connect(str(self.copy), isolation_level=None)
            try:
                _harden(conn)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
            if _journal(self.copy).exists():
                raise ProjectFileError(path, "SQLite 没有撤销这次编辑")
            self.version = _check(self.copy, shown=path)
        except _SQLITE_FAILURES as exc:
            self.discard()
            raise ProjectFileError(
                path, f"上次编辑被中断，留下的日志无法安全撤销（{_plain(exc)}），文件没有改动") from exc
        except OSError as exc:
            self.discard()
            raise ProjectFileError(
                path, f"上次编辑被中断，无法检查恢复结果（{plain.os_reason(exc)}），文件没有改动") from exc
        except ProjectFileError as exc:
            self.discard()
            raise ProjectFileError(
                path, f"上次编辑被中断，撤销后的内容不能使用（{exc.reason}），文件没有改动") from exc

    def discard(self) -> None:
        """Remove the private copy."""
        shutil.rmtree(self.folder, ignore_errors=True)


def _plain(exc: BaseException | str) -> str:
    """An error, or a line SQLite reported, as one short printable phrase (never a file's bytes)."""
    return plain.one_line(exc)[:160] if isinstance(exc, str) else plain.reason(exc)


def _check_rows(path: Path, shown: Path, version: int) -> None:
    """Integrity, identity, schema and contents of ``path`` on a read-only connection."""
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None)
    except _SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"SQLite 无法打开（{_plain(exc)}）") from exc
    conn.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        _harden(conn)
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        conn.execute("BEGIN")   # one consistent view while another program may be editing
        try:
            result = conn.execute("PRAGMA integrity_check(20)").fetchall()
        except _SQLITE_FAILURES as exc:
            raise ProjectFileError(shown, f"文件已损坏（{_plain(exc)}）") from exc
        if result != [("ok",)]:
            first = _plain(result[0][0]) if result and result[0] else "未知问题"
            more = f"等 {len(result)} 处" if len(result) > 1 else ""
            raise ProjectFileError(shown, f"文件已损坏（完整性检查：{first}{more}）")
        found = read_schema(conn)
        expected = expected_schema(version)
        extra = sorted(f"{t} {n}" for t, n, _, _ in found - expected)
        missing = sorted(f"{t} {n}" for t, n, _, _ in expected - found)
        if extra:
            raise ProjectFileError(
                shown, f"文件含有 pfdesk 不会创建的对象（{_plain('、'.join(extra[:3]))}），"
                "出于安全原因拒绝打开")
        if missing:
            raise ProjectFileError(shown, f"文件缺少必要的表（{'、'.join(missing[:3])}）")
        count = conn.execute("SELECT count(*) FROM project").fetchone()[0]
        if count != 1:
            raise ProjectFileError(shown, f"项目信息应有 1 行，文件中有 {count} 行")
        problems = content_problems(conn)
        if problems:
            raise ProjectFileError(shown, f"内容不完整或被改动过（{_plain(problems[0])}）")
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise ProjectFileError(
                shown, "检查超过时限仍未完成，文件可能被改动过；如在网络盘上，请复制到本机后再打开") from exc
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY:
            raise ProjectFileError(shown, "文件正被另一个程序写入，请稍后再打开") from exc
        raise ProjectFileError(shown, f"文件已损坏（{_plain(exc)}）") from exc
    except _SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"文件已损坏（{_plain(exc)}）") from exc
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        raise ProjectFileError(shown, f"内容无法检查（{type(exc).__name__}），文件可能被改动过") from exc
    finally:
        conn.close()


def _check(path: Path, shown: Path | None = None) -> int:
    """Header, then every check on a read-only connection; return the schema version."""
    shown = shown or path
    try:
        _, version = read_header(path)
    except ProjectFileError as exc:
        raise ProjectFileError(shown, exc.reason) from exc
    _check_rows(path, shown, version)
    return version


def validate(path: Path) -> int:
    """Check a file end to end without writing to it; return its schema version.

    This is the check of every opening and of ``pfdesk check``: the header, side files, SQLite's
    full integrity_check, identity, schema and row contents. A file with an edit interrupted by
    a crash is checked as it will be after SQLite rolls the edit back, on a private copy.
    """
    read_header(path)
    check_side_files(path)
    if interrupted_edit(path):
        rolled = _RolledBack(path)
        rolled.discard()
        return rolled.version
    return _check(path)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
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
    read_header(path)
    check_side_files(path)
    rolled = _RolledBack(path) if interrupted_edit(path) else None
    try:
        source = rolled.copy if rolled else path
        version = rolled.version if rolled else _check(path)
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
    except _SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"无法升级旧版本的文件（{_plain(exc)}），文件没有改动") from exc
    finally:
        conn.close()
    if problems:
        raise ProjectFileError(shown, f"升级后的内容不能使用（{_plain(problems[0])}），文件没有改动")


def _memory_copy(source: Path, shown: Path) -> sqlite3.Connection:
    try:
        disk = sqlite3.connect(_ro_uri(source), uri=True, isolation_level=None)
        memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        try:
            _harden(disk)
            disk.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
            disk.backup(memory)
        finally:
            disk.close()
    except _SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"无法读取文件（{_plain(exc)}）") from exc
    _harden(memory)
    return memory


def _open_readonly(source: Path, shown: Path, version: int, private: bool) -> sqlite3.Connection:
    try:
        if private or version < SCHEMA_VERSION:
            conn = _memory_copy(source, shown)
            if version < SCHEMA_VERSION:
                _upgrade(conn, version)
        else:
            conn = sqlite3.connect(_ro_uri(source), uri=True, isolation_level=None,
                                   check_same_thread=False)
            _harden(conn)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        _release_deadline(conn)
        return conn
    except _SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"SQLite 出错（{_plain(exc)}），文件没有改动") from exc


def _open_writable(path: Path, version: int, recovering: bool) -> sqlite3.Connection:
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    except _SQLITE_FAILURES as exc:
        raise ProjectFileError(path, f"SQLite 无法打开（{_plain(exc)}）") from exc
    try:
        _harden(conn)
        _configure(conn)
        if recovering:   # SQLite rolls the interrupted edit back itself, under its own locks
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            log.info("rolled back an edit interrupted in %s", path)
        if version < SCHEMA_VERSION:
            log.info("upgrading %s from schema %s to %s", path, version, SCHEMA_VERSION)
            _upgrade(conn, version)
        conn.execute("PRAGMA foreign_keys = ON")
        _release_deadline(conn)
        return conn
    except _SQLITE_FAILURES as exc:
        conn.close()
        raise ProjectFileError(path, f"SQLite 出错（{_plain(exc)}）") from exc


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
