"""Checking a project file without writing to it: the header, then SQLite's full integrity check,
the identity numbers, the schema and the rows, on a read-only connection with defences for a file
from outside (``trusted_schema`` off, size limits, a deadline).

``check_ahead(path)`` runs the same check in a background thread (the window starts it while it
builds itself: the check is mostly SQLite's own work, which runs beside Python's); ``check``
then takes its answer when the file is still byte for byte the one checked (same size,
modification time and SQLite change counter, no side file), and checks again otherwise.
``check_ahead(path, apart=True)`` (``pfdesk FILE``, before Qt is loaded) runs it on Linux in a
forked copy of the process instead, with an interpreter lock of its own: a thread of the
window's process gets the lock only between the window's own steps, which made the check of a
large file take three times as long as alone. The copy sends back only the version found;
nothing it says is taken on trust beyond that number, and when it does not answer (or dies)
the opening checks the file itself, as without a check ahead.
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import sys
import threading
import time
from pathlib import Path

from . import plain
from .content_checks import content_problems
from .errors import ProjectFileError
from .schema import APPLICATION_ID, SCHEMA_VERSION, expected_schema, read_schema

log = logging.getLogger(__name__)

HEADER = b"SQLite format 3\x00"
QUERY_SECONDS = 20.0


def harden(conn: sqlite3.Connection, deadline_seconds: float = QUERY_SECONDS) -> None:
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


def release_deadline(conn: sqlite3.Connection) -> None:
    conn.set_progress_handler(None, 0)


BUSY_MS = 5000
# SQLite's failures as Python sees them: its errors, and an error message or value holding bytes
# that are not UTF-8 (a crafted schema name echoed back).
SQLITE_FAILURES = (sqlite3.Error, UnicodeDecodeError)


def read_header(path: Path, sized: bool = True) -> tuple[int, int]:
    """Check the file's first 100 bytes without SQLite; return (application_id, user_version).

    ``sized=False`` leaves out the check that the file holds every page its header counts: an
    edit interrupted by a crash may leave the file shorter until its journal is rolled back
    (the rolled-back copy is then checked in full)."""
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
    if sized and valid_count and page_count and size < page_count * page_size:
        raise ProjectFileError(path, "文件不完整（可能复制或下载时被截断）")
    return app_id, user_version


def ro_uri(path: Path) -> str:
    """A read-only URI for ``path`` (safe for names holding # or ?)."""
    return path.resolve().as_uri() + "?mode=ro"


def plain_line(exc: BaseException | str) -> str:
    """An error, or a line SQLite reported, as one short printable phrase (never a file's bytes)."""
    return plain.one_line(exc)[:160] if isinstance(exc, str) else plain.reason(exc)


def _check_rows(path: Path, shown: Path, version: int) -> None:
    """Integrity, identity, schema and contents of ``path`` on a read-only connection."""
    try:
        conn = sqlite3.connect(ro_uri(path), uri=True, isolation_level=None)
    except SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"SQLite 无法打开（{plain_line(exc)}）") from exc
    conn.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        harden(conn)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        conn.execute("BEGIN")   # one consistent view while another program may be editing
        try:
            result = conn.execute("PRAGMA integrity_check(20)").fetchall()
        except SQLITE_FAILURES as exc:
            raise ProjectFileError(shown, f"文件已损坏（{plain_line(exc)}）") from exc
        if result != [("ok",)]:
            first = plain_line(result[0][0]) if result and result[0] else "未知问题"
            more = f"等 {len(result)} 处" if len(result) > 1 else ""
            raise ProjectFileError(shown, f"文件已损坏（完整性检查：{first}{more}）")
        found = read_schema(conn)
        expected = expected_schema(version)
        extra = sorted(f"{t} {n}" for t, n, _, _ in found - expected)
        missing = sorted(f"{t} {n}" for t, n, _, _ in expected - found)
        if extra:
            raise ProjectFileError(
                shown, f"文件含有 pfdesk 不会创建的对象（{plain_line('、'.join(extra[:3]))}），"
                "出于安全原因拒绝打开")
        if missing:
            raise ProjectFileError(shown, f"文件缺少必要的表（{'、'.join(missing[:3])}）")
        count = conn.execute("SELECT count(*) FROM project").fetchone()[0]
        if count != 1:
            raise ProjectFileError(shown, f"项目信息应有 1 行，文件中有 {count} 行")
        problems = content_problems(conn)
        if problems:
            raise ProjectFileError(shown, f"内容不完整或被改动过（{plain_line(problems[0])}）")
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise ProjectFileError(
                shown, "检查超过时限仍未完成，文件可能被改动过；如在网络盘上，请复制到本机后再打开") from exc
        if getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite3.SQLITE_BUSY:
            raise ProjectFileError(shown, "文件正被另一个程序写入，请稍后再打开") from exc
        raise ProjectFileError(shown, f"文件已损坏（{plain_line(exc)}）") from exc
    except SQLITE_FAILURES as exc:
        raise ProjectFileError(shown, f"文件已损坏（{plain_line(exc)}）") from exc
    except (RecursionError, MemoryError, ValueError, OverflowError) as exc:
        raise ProjectFileError(shown, f"内容无法检查（{type(exc).__name__}），文件可能被改动过") from exc
    finally:
        conn.close()


def _identity(path: Path) -> tuple[int, ...] | None:
    """What tells one state of a file from another: its size, modification and change times,
    inode and SQLite's change counter (bytes 24–27, moved by every commit); None when it has side files
    (a journal or WAL file: the ordinary path handles those)."""
    try:
        if any(Path(f"{path}{side}").exists() for side in ("-journal", "-wal")):
            return None
        info = path.stat()
        with path.open("rb") as handle:
            counter = int.from_bytes(handle.read(28)[24:28], "big")
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev, counter


AHEAD_WAIT = QUERY_SECONDS + 10   # longest wait for a check ahead before checking here
# How long a finished check is kept for an opening that follows it (``check(keep=True)``): the
# file's identity is then trusted for seconds, not for as long as the program runs.
KEEP_SECONDS = 10.0


def can_check_apart() -> bool:
    """True where a check ahead can run in a forked copy of this process (Linux, and no other
    Python thread that could hold a lock the copy would need)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") \
        and threading.active_count() == 1


class _Ahead:
    """A check running in the background, and what it found."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.before = _identity(path)
        self.after: tuple[int, ...] | None = None
        self.version: int | None = None
        self.child: int | None = None    # the forked copy's process id, when it runs apart
        self.reaping = threading.Lock()  # held while the copy is signalled and collected
        self.kept_at: float | None = None   # a finished check kept for the next opening: when
        self.thread = threading.Thread(target=self._run, name="pfdesk-check", daemon=True)

    def start(self, apart: bool) -> None:
        """Start the check: in this process's thread, or ``apart`` in a forked copy that a
        thread of this process waits for."""
        if apart:
            reader = self._fork()
            if reader is not None:
                self.thread = threading.Thread(target=self._read, args=(reader,),
                                               name="pfdesk-check", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.version = _checked(self.path, self.path)
        except Exception:   # the opening checks the file again and reports what it finds
            log.debug("check ahead of %s failed", self.path, exc_info=True)
        self.after = _identity(self.path)

    def _fork(self) -> int | None:
        """Fork the copy that checks; the end of the pipe its answer comes on (None: no copy,
        the check runs in a thread)."""
        try:
            reader, writer = os.pipe()
            pid = os.fork()
        except OSError:
            log.debug("no forked check of %s", self.path, exc_info=True)
            return None
        if pid == 0:   # the copy: check, send the version ("" when refused), leave at once
            answer = b""
            try:
                os.close(reader)
                answer = str(_checked(self.path, self.path)).encode("ascii")
            except BaseException:   # refused or broken: the opening checks again and says why
                pass
            finally:
                try:
                    os.write(writer, answer)
                finally:
                    os._exit(0)
        os.close(writer)
        self.child = pid
        return reader

    def _read(self, reader: int) -> None:
        """Wait for the copy's answer (the wait holds no lock), then collect the copy."""
        chunks = []
        try:
            while chunk := os.read(reader, 64):
                chunks.append(chunk)
        except OSError:
            log.debug("forked check of %s: no answer", self.path, exc_info=True)
        finally:
            os.close(reader)
            self._collect()
        answer = b"".join(chunks)
        if answer.isdigit() and len(answer) < 10:
            self.version = int(answer)
        self.after = _identity(self.path)

    def _collect(self, kill: bool = False) -> None:
        """Collect the copy (``kill``: stop it first), once: the thread reading its answer and
        an opening that gave up waiting may both get here, and a process id already collected
        may belong to another program by the time it is signalled."""
        with self.reaping:
            if self.child is None:
                return
            child, self.child = self.child, None
            try:
                if kill:
                    os.kill(child, signal.SIGKILL)
                os.waitpid(child, 0)
            except OSError:
                pass


_ahead: dict[Path, _Ahead] = {}
_ahead_lock = threading.Lock()


def check_ahead(path: str | Path, apart: bool = False) -> None:
    """Start checking ``path`` in the background, for an opening that will follow soon;
    ``apart``: in a forked copy of the process where that is possible (``can_check_apart``)."""
    try:
        key = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):
        return
    ahead = _Ahead(key)
    if ahead.before is None:
        return
    with _ahead_lock:
        if key in _ahead:
            return
        _ahead[key] = ahead
    ahead.start(apart and can_check_apart())


def _taken_ahead(path: Path) -> int | None:
    """The version found by a check ahead of ``path``, if it passed and the file has not
    changed since; None otherwise (then it is checked again)."""
    if not _ahead:
        return None
    try:
        key = path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    with _ahead_lock:
        ahead = _ahead.pop(key, None)
    if ahead is None:
        return None
    if ahead.kept_at is None:     # a check still running: wait for its answer
        ahead.thread.join(AHEAD_WAIT)
    if ahead.thread.is_alive():   # a copy that does not answer: check here instead
        log.warning("the check ahead of %s did not finish; checking again", key)
        ahead._collect(kill=True)
        return None
    if ahead.kept_at is not None and time.monotonic() - ahead.kept_at > KEEP_SECONDS:
        return None
    if ahead.version is None or ahead.before != ahead.after or _identity(key) != ahead.before:
        return None
    return ahead.version


def _checked(path: Path, shown: Path) -> int:
    try:
        _, version = read_header(path)
    except ProjectFileError as exc:
        raise ProjectFileError(shown, exc.reason) from exc
    _check_rows(path, shown, version)
    return version


def check(path: Path, shown: Path | None = None, keep: bool = False) -> int:
    """Header, then every check on a read-only connection; return the schema version.

    ``keep``: the opening that follows within ``KEEP_SECONDS`` takes this answer instead of
    checking again, as it takes a check ahead's, when the file is then still byte for byte the
    one checked."""
    shown = shown or path
    ahead = _taken_ahead(path)
    if ahead is not None:
        return ahead
    before = _identity(path) if keep else None
    version = _checked(path, shown)
    if before is not None:
        _keep(path, before, version)
    return version


def _keep(path: Path, before: tuple[int, ...], version: int) -> None:
    """Keep a finished check's answer for the next check of ``path``."""
    try:
        key = path.resolve()
    except (OSError, RuntimeError, ValueError):
        return
    done = _Ahead(key)
    done.before, done.after, done.version = before, _identity(key), version
    done.kept_at = time.monotonic()   # finished: nothing runs for it (its thread never starts)
    with _ahead_lock:
        _ahead[key] = done
