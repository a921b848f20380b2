"""Restoring a backup into a project file, the current content kept first as a 恢复前 backup.

How it writes: through SQLite's backup API into the existing file (the same file, not a new one
renamed over it), in one transaction under SQLite's locks. A pfdesk that still has the file open
read-only then reads the restored content, and one editing it is stopped by the change counter,
instead of either writing on in an orphaned file, which is what replacing the file would cause
(and on Windows a replace fails while the file is open). Only a file SQLite cannot read as a
project is replaced whole (temporary copy, then rename); a missing file is created.

While restoring, the project's lock file is held (``filelock``): a pfdesk that has the file open
for editing makes the restore fail with its user's name, a lock left by a crash is taken over,
and nobody can open the file for editing halfway through. Side files are checked as for opening
(no WAL, no journal naming another file); an edit interrupted by a crash is first rolled back by
SQLite, as opening the file would.

Order: the lock; the backup checked with ``projectfile.validate``; the current content copied
(through SQLite when it is a valid project, else its bytes as they are); then the write. A
failure at any step raises BackupError and leaves the project file as it was.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from . import atomic, projectfile
from .backups import (
    BEFORE_RESTORE,
    Backup,
    BackupError,
    file_digest,
    folder_for,
    make_copy,
    plain_reason,
    read_names,
    read_snapshot,
    ro_uri,
    settle,
    sqlite_copy,
)
from .errors import PfdeskError, ProjectFileError
from .filelock import ProjectLock, ProjectLockedError, lock_path

log = logging.getLogger(__name__)

_BUSY_SECONDS = 5.0


def restore_file(backup: Backup, path: Path) -> None:
    """Give ``path`` the content of ``backup``; its current content becomes a 恢复前 backup."""
    with _held(path):
        _settle_side_files(path)
        check_backup(backup)
        current = _current_state(path)
        if current is not None:
            fresh = _backup_current(path, readable=current)
            settle(fresh.path.parent, path, fresh, protect=backup.path)
        try:
            if current:
                _write_into(backup.path, path)
            else:
                with atomic.writing(path) as tmp:
                    _copy_file(backup.path, tmp)
        except (sqlite3.Error, OSError) as exc:
            kept = "；恢复前的内容也已另存为备份" if current is not None else ""
            raise BackupError(
                f"恢复 {path.name} 失败（{plain_reason(exc)}），文件保持原样{kept}") from exc
    log.info("%s restored from backup %s", path, backup.path.name)


def check_backup(backup: Backup) -> None:
    """Raise BackupError when a backup is not a complete, valid project file."""
    try:
        projectfile.validate(backup.path)
    except ProjectFileError as exc:
        raise BackupError(
            f"{backup.local_time()} 的备份无法使用（{exc.reason}），项目文件没有改动") from exc


@contextlib.contextmanager
def _held(path: Path) -> Iterator[None]:
    """Hold the project's lock file while restoring; refuse if a live pfdesk holds it."""
    try:
        lock = ProjectLock.acquire(path)
    except ProjectLockedError as exc:
        if exc.here:
            text = f"{path.name} 正在本程序的窗口中打开编辑，请先关闭它，再恢复备份"
        else:
            who = exc.holder.describe() if exc.holder else "另一个程序"
            text = f"{path.name} 正由 {who}打开编辑，请对方关闭后再恢复备份"
        raise BackupError(text) from exc
    except PfdeskError as exc:
        raise BackupError(f"{exc}，没有恢复") from exc
    except OSError as exc:   # no lock file can be made here: rely on SQLite's locks alone
        if lock_path(path).exists():
            raise BackupError(f"{path.name} 正在 pfdesk 中打开编辑，请先关闭它，再恢复备份") from exc
        log.info("no lock beside %s (%s); restoring under SQLite's locks", path, exc)
        yield
        return
    try:
        yield
    finally:
        lock.release()


def _settle_side_files(path: Path) -> None:
    """Refuse hostile side files; let SQLite roll back an edit interrupted by a crash."""
    if not path.exists():
        return
    try:
        projectfile.check_side_files(path)
    except ProjectFileError as exc:
        raise BackupError(f"没有恢复 {path.name}：{exc.reason}") from exc
    if not projectfile.interrupted_edit(path):
        return
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=_BUSY_SECONDS)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.Error as exc:
        log.warning("rolling back the interrupted edit of %s failed (%s)", path, exc)
    finally:
        conn.close()


def _current_state(path: Path) -> bool | None:
    """None: no file; True: a valid project file; False: anything else (damaged, foreign)."""
    if not path.exists():
        return None
    try:
        projectfile.validate(path)
    except PfdeskError:
        return False
    return True


def _backup_current(path: Path, readable: bool) -> Backup:
    """The 恢复前 copy: through SQLite when the file is a project, else its bytes as they are."""
    folder = folder_for(path)
    try:
        if not readable:
            return make_copy(lambda tmp: shutil.copyfile(path, tmp), folder, path,
                             BEFORE_RESTORE, file_digest(path), "", None)
        conn = sqlite3.connect(ro_uri(path), uri=True, isolation_level=None,
                               timeout=_BUSY_SECONDS)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            with read_snapshot(conn):
                name, count = read_names(conn)
                return make_copy(lambda tmp: sqlite_copy(conn, tmp), folder, path,
                                 BEFORE_RESTORE, file_digest(path), name, count)
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"无法先备份 {path.name} 的当前内容（{plain_reason(exc)}），"
                          "为避免丢失，没有恢复") from exc


def _write_into(source: Path, path: Path) -> None:
    """Copy ``source`` into the existing database ``path`` in one SQLite transaction."""
    dest = sqlite3.connect(str(path), isolation_level=None, timeout=_BUSY_SECONDS)
    try:
        dest.execute("PRAGMA trusted_schema = OFF")
        src = sqlite3.connect(ro_uri(source), uri=True)
        try:
            src.backup(dest)
        finally:
            src.close()
    finally:
        dest.close()


def _copy_file(source: Path, target: Path) -> None:
    """Copy the database ``source`` into the new file ``target``."""
    src = sqlite3.connect(ro_uri(source), uri=True)
    try:
        sqlite_copy(src, target)
    finally:
        src.close()
