"""Automatic backups of project files, kept in the user's data folder, and restoring one.

Where: ``data_dir()/backups/<file name>-<hash of the resolved path>/``, one folder per project
file. Each copy is named by its UTC time and reason (``20240501T102030123456Z-open.pfdesk``) and
is itself a valid project file (made with SQLite's backup API, so ``application_id`` and
``user_version`` are kept): it can be opened in pfdesk like any other. ``index.json`` beside the
copies records for each one the original path, the project name, the number of indicators, the
size and the SHA-256 of the project file it was taken from; a copy missing from the index is
still listed, described from its name and its content.

When a copy is made:

- 打开时: when a project is opened for editing (``on_open``), unless the file is byte for byte
  what the newest copy was taken from;
- 编辑中: after a stored edit (``on_edit``), when this session's last copy is
  ``INTERVAL_MINUTES`` old (``maybe_backup``); otherwise ``on_edit`` costs a dictionary
  lookup and a clock reading;
- 恢复前: always, before ``restore`` overwrites a file, so that a restore can be undone.

Which are kept: the ``KEEP`` newest copies, plus the newest copy older than one day (so a
mistake noticed the next morning can be undone after a whole day of edits). Older ones are
deleted after each new copy.

Backups never stop an edit: ``on_open``, ``on_edit`` and ``maybe_backup`` log a failure (disk
full, a folder that cannot be written) and return; the next attempt waits one interval.

Restoring writes the copy through SQLite's backup API into the existing file: the same file
(not a new one renamed over it), changed in one transaction under SQLite's locks, so a pfdesk
that still has it open sees the change (its change counter refuses a stale edit) instead of
writing on in an orphaned file. Only a file SQLite cannot read as a project is replaced whole
(temporary copy, then rename). Restoring is refused while a pfdesk has the file open for
editing (its lock file) or a journal lies beside it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import atomic, projectfile
from .errors import PfdeskError, ProjectFileError

if TYPE_CHECKING:
    from .project import Project

log = logging.getLogger(__name__)

INTERVAL_MINUTES = 10
KEEP = 10
KEEP_ONE_OLDER_THAN = timedelta(days=1)

OPENED, EDITING, BEFORE_RESTORE = "打开时", "编辑中", "恢复前"
_CODES = {OPENED: "open", EDITING: "edit", BEFORE_RESTORE: "restore"}
_REASONS = {code: reason for reason, code in _CODES.items()}
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(\d{8}T\d{12}Z)-(open|edit|restore)(?:-\d+)?\.pfdesk$")
INDEX = "index.json"
LOCK_SUFFIX = ".pfdesk-lock"


def clock() -> float:
    """Seconds on a monotonic clock: the editing interval is measured with it (tests replace it)."""
    return time.monotonic()


def utc_now() -> datetime:
    """The time a copy is stamped with (tests replace it)."""
    return datetime.now(UTC)


class BackupError(PfdeskError):
    """Backups could not be listed or a restore was refused; ``str`` says why in one line."""


@dataclasses.dataclass(frozen=True)
class Backup:
    """One copy of a project file."""

    path: Path
    created: datetime          # UTC
    reason: str                # 打开时, 编辑中 or 恢复前
    original: Path
    project_name: str
    indicators: int | None     # None: the copy could not be read
    size: int
    digest: str = ""           # SHA-256 of the project file the copy was taken from

    def local_time(self) -> str:
        """When it was made, in this computer's time zone."""
        return self.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")

    def size_text(self) -> str:
        """The size for people (KB or MB)."""
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f} MB"
        return f"{max(1, round(self.size / 1024))} KB"


@dataclasses.dataclass
class _Session:
    last: float        # clock() of the last copy (or attempt) for this open project
    enabled: bool


_sessions: weakref.WeakKeyDictionary[Project, _Session] = weakref.WeakKeyDictionary()


# ----- where -----

def backup_root() -> Path:
    """The folder holding every project's backups."""
    from .demo import data_dir  # demo imports project, which calls this module

    return data_dir() / "backups"


def folder_for(path: str | Path) -> Path:
    """The backup folder of one project file (by its resolved path)."""
    resolved = Path(path).resolve()
    key = hashlib.sha256(os.path.normcase(str(resolved)).encode("utf-8", "surrogatepass"))
    readable = re.sub(r"[^\w\-]+", "_", resolved.stem)[:40].strip("_") or "project"
    return backup_root() / f"{readable}-{key.hexdigest()[:16]}"


# ----- when (called by Project) -----

def on_open(project: Project) -> None:
    """After a project is opened for editing: a copy, unless the newest one has this content."""
    session = _Session(clock(), _eligible(project))
    _sessions[project] = session
    if session.enabled:
        _safely(project, OPENED)


def on_edit(project: Project) -> None:
    """After every stored edit: a copy when one is due, nothing else."""
    maybe_backup(project)


def maybe_backup(project: Project, now: float | None = None) -> Backup | None:
    """A 编辑中 copy when ``INTERVAL_MINUTES`` passed since this session's last one; never raises."""
    now = clock() if now is None else now
    session = _sessions.get(project)
    if session is None:   # a project created rather than opened: the interval starts now
        _sessions[project] = _Session(now, _eligible(project))
        return None
    if not session.enabled or now - session.last < INTERVAL_MINUTES * 60:
        return None
    session.last = now
    return _safely(project, EDITING)


def _eligible(project: Project) -> bool:
    """Files opened for editing, except copies inside the backup folder itself."""
    if project.readonly or project.path is None:
        return False
    try:
        return not project.path.resolve().is_relative_to(backup_root().resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def _safely(project: Project, reason: str) -> Backup | None:
    try:
        return _backup_open(project, reason)
    except Exception:   # a backup must never break the edit that triggered it
        log.warning("backup of %s failed", project.path, exc_info=True)
        return None


def _backup_open(project: Project, reason: str) -> Backup | None:
    assert project.path is not None
    path, conn = project.path, project.conn
    folder = folder_for(path)
    with _read_snapshot(conn):
        digest = _digest(path)
        newest = _scan(folder, path)
        if newest and newest[0].digest == digest:
            log.debug("%s unchanged since its newest backup", path)
            return None
        fresh = _copy(lambda tmp: _sqlite_copy(conn, tmp), folder, path, reason, digest,
                      project.info.name, len(project.indicators()))
    _settle(folder, path, fresh)
    return fresh


@contextlib.contextmanager
def _read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Hold a read transaction so that no other process commits while the file is read."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        yield
    finally:
        conn.execute("COMMIT")


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    dest = sqlite3.connect(str(target))
    try:
        source.backup(dest)
    finally:
        dest.close()


# ----- making, listing, pruning -----

def _copy(write: Callable[[Path], None], folder: Path, original: Path, reason: str,
          digest: str, name: str, indicators: int | None) -> Backup:
    """Write one copy under a fresh name (complete or not at all) and add it to the index."""
    folder.mkdir(parents=True, exist_ok=True)
    created = utc_now()
    stem = f"{created.strftime(_STAMP)}-{_CODES[reason]}"
    target = folder / f"{stem}.pfdesk"
    for n in range(1, 100):
        if not target.exists():
            break
        target = folder / f"{stem}-{n}.pfdesk"
    with atomic.writing(target, overwrite=False) as tmp:
        write(tmp)
    fresh = Backup(target, created, reason, original.resolve(), name, indicators,
                   target.stat().st_size, digest)
    log.info("backup %s of %s (%s)", target.name, original, reason)
    return fresh


def list_backups(path: str | Path) -> list[Backup]:
    """The backups of a project file, newest first (the file itself need not exist any more)."""
    return _scan(folder_for(path), Path(path))


def _scan(folder: Path, original: Path, fresh: Backup | None = None) -> list[Backup]:
    try:
        names = [entry.name for entry in os.scandir(folder) if _NAME.match(entry.name)]
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise BackupError(f"无法读取备份文件夹 {folder}（{exc.strerror or exc}）") from exc
    index = _read_index(folder)
    if fresh is not None:
        index[fresh.path.name] = _record(fresh)
    found = [_describe(folder / name, index.get(name), original) for name in names]
    items = [b for b in found if b is not None]
    items.sort(key=lambda b: (b.created, b.path.name), reverse=True)
    return items


def _describe(file: Path, record: dict[str, Any] | None, original: Path) -> Backup | None:
    match = _NAME.match(file.name)
    assert match is not None
    try:
        size = file.stat().st_size
    except OSError:
        return None
    created = datetime.strptime(match.group(1), _STAMP).replace(tzinfo=UTC)
    reason = _REASONS[match.group(2)]
    if record is None:
        name, count = _peek(file)
        return Backup(file, created, reason, original.resolve(), name, count, size)
    count = record.get("indicators")
    return Backup(file, created, reason, Path(str(record.get("original") or original.resolve())),
                  str(record.get("project", "")), count if isinstance(count, int) else None,
                  size, str(record.get("sha256", "")))


def _peek(file: Path) -> tuple[str, int | None]:
    """Project name and indicator count read from a copy ('', None when unreadable)."""
    try:
        conn = sqlite3.connect(_ro_uri(file), uri=True)
    except sqlite3.Error:
        return "", None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        return _names(conn)
    except sqlite3.Error:
        return "", None
    finally:
        conn.close()


def _names(conn: sqlite3.Connection) -> tuple[str, int]:
    row = conn.execute("SELECT name FROM project LIMIT 1").fetchone()
    count = conn.execute("SELECT count(*) FROM indicator").fetchone()[0]
    return (str(row[0]) if row else ""), int(count)


def _record(backup: Backup) -> dict[str, Any]:
    return {"file": backup.path.name, "created": backup.created.isoformat(timespec="seconds"),
            "reason": backup.reason, "original": str(backup.original),
            "project": backup.project_name, "indicators": backup.indicators,
            "size": backup.size, "sha256": backup.digest}


def _read_index(folder: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        records = data["backups"]
        return {r["file"]: r for r in records if isinstance(r, dict) and isinstance(r.get("file"), str)}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
        log.warning("backup index in %s unreadable (%s); copies described from their content",
                    folder, exc)
        return {}


def _settle(folder: Path, original: Path, fresh: Backup | None = None,
            protect: Path | None = None) -> None:
    """Delete the copies no longer kept and rewrite the index; failures are only logged."""
    try:
        items = _scan(folder, original, fresh)
        kept = {b.path for b in _keep(items, utc_now())} | {protect}
        for item in items:
            if item.path not in kept:
                with contextlib.suppress(OSError):
                    item.path.unlink()
                    log.info("old backup %s removed", item.path.name)
        data = {"version": 1, "original": str(original.resolve()),
                "backups": [_record(b) for b in items if b.path in kept]}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        atomic.write_bytes(folder / INDEX, text.encode("utf-8"))
    except (OSError, PfdeskError) as exc:
        log.warning("backup index in %s not updated (%s)", folder, exc)


def _keep(items: list[Backup], now: datetime) -> list[Backup]:
    """The KEEP newest, plus the newest one older than a day (``items`` newest first)."""
    kept = list(items[:KEEP])
    older = next((b for b in items if now - b.created >= KEEP_ONE_OLDER_THAN), None)
    if older is not None and older not in kept:
        kept.append(older)
    return kept


# ----- restoring -----

def restore(backup: Backup, path: str | Path) -> None:
    """Give the project file at ``path`` the backup's content, backing up its current one first.

    ``path`` must not be open for editing (the window closes the project first). Raises
    BackupError, with the file unchanged, when the backup is damaged, the file is in use or the
    current content cannot be backed up.
    """
    path = Path(path)
    _refuse_if_in_use(path)
    try:
        projectfile.validate(backup.path)
    except ProjectFileError as exc:
        raise BackupError(f"{backup.local_time()} 的备份无法使用（{exc.reason}），项目文件没有改动") from exc
    current = _current_state(path)
    if current is not None:
        fresh = _backup_current(path, readable=current)
        _settle(fresh.path.parent, path, fresh, protect=backup.path)
    try:
        if current:
            _write_into(backup.path, path)
        else:
            with atomic.writing(path) as tmp:
                _copy_from_file(backup.path, tmp)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"恢复 {path.name} 失败（{_why(exc)}），文件保持原样；"
                          "恢复前的内容也已另存为备份") from exc
    log.info("%s restored from backup %s", path, backup.path.name)


def _refuse_if_in_use(path: Path) -> None:
    lock = path.with_name(path.name + LOCK_SUFFIX)
    if lock.exists():
        raise BackupError(f"{path.name} 正在 pfdesk 中打开编辑，请先关闭它，再恢复备份")
    for suffix in ("-journal", "-wal"):
        if Path(str(path) + suffix).exists():
            raise BackupError(f"{path.name} 旁边有上次编辑留下的日志文件，"
                              "请先在 pfdesk 中打开并关闭一次该项目，再恢复备份")


def _current_state(path: Path) -> bool | None:
    """None: no file; True: a readable project file; False: something else (damaged)."""
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
            return _copy(lambda tmp: shutil.copyfile(path, tmp), folder, path, BEFORE_RESTORE,
                         _digest(path), "", None)
        conn = sqlite3.connect(_ro_uri(path), uri=True, isolation_level=None)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            with _read_snapshot(conn):
                name, count = _names(conn)
                return _copy(lambda tmp: _sqlite_copy(conn, tmp), folder, path, BEFORE_RESTORE,
                             _digest(path), name, count)
        finally:
            conn.close()
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"无法先备份 {path.name} 的当前内容（{_why(exc)}），"
                          "为避免丢失，没有恢复") from exc


def _write_into(source: Path, path: Path) -> None:
    """Copy ``source`` into the existing database ``path`` in one SQLite transaction."""
    dest = sqlite3.connect(str(path), isolation_level=None, timeout=5)
    try:
        dest.execute("PRAGMA trusted_schema = OFF")
        _copy_from_file(source, dest)
    finally:
        dest.close()


def _copy_from_file(source: Path, dest: sqlite3.Connection | Path) -> None:
    conn = sqlite3.connect(_ro_uri(source), uri=True)
    try:
        if isinstance(dest, Path):
            _sqlite_copy(conn, dest)
        else:
            conn.backup(dest)
    finally:
        conn.close()


def _ro_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro"


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "磁盘空间已满"
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "没有写入权限"
        return exc.strerror or str(exc)
    text = str(exc)
    for key, words in (("disk is full", "磁盘空间已满"), ("locked", "文件正被另一个程序使用"),
                       ("readonly", "没有写入权限"), ("not a database", "不是数据库文件")):
        if key in text:
            return words
    return text
