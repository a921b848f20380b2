"""Side files beside a project file: a WAL file, a rollback journal, an edit interrupted by a crash.

SQLite decides, under its locks, whether a journal is left by a crash (hot: it rolls the edit
back) or belongs to another program's edit in progress (left alone); a journal of 0 bytes or
with a zeroed header is neither. pfdesk only refuses what it never writes (a WAL file, a journal
naming a super-journal, which SQLite would delete after playing it back) and checks a roll-back
on a private copy before SQLite does it to the file itself.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from . import plain
from .errors import ProjectFileError
from .filecheck import BUSY_MS, SQLITE_FAILURES, check, harden, plain_line, ro_uri

# A rollback journal that names a super-journal ends with these eight bytes (SQLite's journal
# magic after the name, its length and checksum). pfdesk never attaches databases, so it never
# writes such a journal.
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
READONLY_ROLLBACK = 776   # SQLITE_READONLY_ROLLBACK: a read-only connection met a hot journal


def journal_path(path: Path) -> Path:
    """The rollback journal's name beside ``path``."""
    return Path(str(path) + "-journal")


def check_side_files(path: Path) -> None:
    """Refuse a file whose side files pfdesk never writes (WAL, a journal naming another file)."""
    if Path(str(path) + "-wal").exists():
        raise ProjectFileError(
            path, f"旁边有 WAL 日志文件（{path.name}-wal），不是 pfdesk 写出的；"
            "请只保留项目文件本身，删除这个日志文件后再打开")
    journal = journal_path(path)
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
    if tail == JOURNAL_MAGIC:
        raise ProjectFileError(
            path, f"旁边的日志文件 {journal.name} 不是 pfdesk 写出的（它指向另一个文件，"
            "打开时可能删除那个文件），出于安全原因没有打开；请删除这个日志文件后再打开，"
            "项目文件本身没有改动")


def interrupted_edit(path: Path) -> bool:
    """Whether an edit interrupted by a crash waits to be rolled back (SQLite's hot journal).

    SQLite decides with its locks: a journal beside a file that another program is editing is
    not hot, one left by a crash is; a journal of 0 bytes or with a zeroed header never is.
    """
    if not journal_path(path).exists():
        return False
    try:
        conn = sqlite3.connect(ro_uri(path), uri=True, isolation_level=None)
    except SQLITE_FAILURES:
        return False
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except SQLITE_FAILURES as exc:
        return getattr(exc, "sqlite_errorcode", 0) == READONLY_ROLLBACK
    finally:
        conn.close()
    return False


class RolledBack:
    """A private copy of a file and its hot journal, rolled back by SQLite and checked."""

    def __init__(self, path: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="pfdesk-recover-"))
        self.copy = self.folder / "project.sqlite"
        try:
            shutil.copyfile(path, self.copy)
            shutil.copyfile(journal_path(path), journal_path(self.copy))
            conn = sqlite3.connect(str(self.copy), isolation_level=None)
            try:
                harden(conn)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            finally:
                conn.close()
            if journal_path(self.copy).exists():
                raise ProjectFileError(path, "SQLite 没有撤销这次编辑")
            self.version = check(self.copy, shown=path)
        except SQLITE_FAILURES as exc:
            self.discard()
            raise ProjectFileError(
                path, f"上次编辑被中断，留下的日志无法安全撤销（{plain_line(exc)}），文件没有改动") from exc
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
