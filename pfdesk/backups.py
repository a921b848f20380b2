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

``restore`` (in ``backup_restore``) puts a copy back into the project file; see there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import re
import sqlite3
import time
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import atomic, plain, projectfile
from .errors import PfdeskError
from .paths import data_dir

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
    with read_snapshot(conn):
        digest = file_digest(path)
        newest = _scan(folder, path)
        if newest and newest[0].digest == digest:
            log.debug("%s unchanged since its newest backup", path)
            return None
        fresh = make_copy(lambda tmp: sqlite_copy(conn, tmp), folder, path, reason, digest,
                          project.info.name, len(project.indicators()))
    settle(folder, path, fresh)
    return fresh


@contextlib.contextmanager
def read_snapshot(conn: sqlite3.Connection) -> Iterator[None]:
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


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def sqlite_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy a database into the new file ``target`` through SQLite's backup API.

    ``target`` is a temporary name that ``atomic.writing`` fsyncs and renames once complete, so
    SQLite's own journal and syncs on it would only make the copy slower.
    """
    dest = sqlite3.connect(str(target))
    try:
        dest.execute("PRAGMA journal_mode = OFF")
        dest.execute("PRAGMA synchronous = OFF")
        source.backup(dest)
    finally:
        dest.close()


# ----- making, listing, pruning -----

def make_copy(write: Callable[[Path], object], folder: Path, original: Path, reason: str,
              digest: str, name: str, indicators: int | None) -> Backup:
    """Write one copy under a fresh name, complete or not at all (``settle`` indexes it)."""
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
        raise BackupError(f"无法读取备份文件夹 {folder}（{plain.os_reason(exc)}）") from exc
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
        conn = sqlite3.connect(ro_uri(file), uri=True)
    except sqlite3.Error:
        return "", None
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        return read_names(conn)
    except sqlite3.Error:
        return "", None
    finally:
        conn.close()


def read_names(conn: sqlite3.Connection) -> tuple[str, int]:
    """The project name and the number of indicators in an open project database."""
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


def settle(folder: Path, original: Path, fresh: Backup | None = None,
           protect: Path | None = None) -> None:
    """Index ``fresh``, delete the copies no longer kept (never ``protect``), rewrite the index.

    Failures are only logged: a copy left over is pruned next time, one missing from the index
    is still listed.
    """
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
    current content cannot be backed up (see ``backup_restore``).
    """
    from .backup_restore import restore_file

    restore_file(backup, Path(path))


def ro_uri(path: Path) -> str:
    """A read-only SQLite URI for ``path`` (safe for names with # or ?)."""
    return path.resolve().as_uri() + "?mode=ro"


def plain_reason(exc: OSError | sqlite3.Error) -> str:
    """An operating-system or SQLite error in plain Chinese."""
    if isinstance(exc, OSError):
        return projectfile.plain_os(exc)
    return projectfile.plain_sqlite(exc)
