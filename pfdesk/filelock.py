"""One writer per project file, visible to people: the lock file beside an open project.

While pfdesk has a project open for editing, a small file ``<name>.pfdesk-lock`` beside it says
who (user name), on which computer, in which process and since when. The file is also held
with an operating-system lock for as long as the project is open, so that a lock left by a
crashed or killed pfdesk is recognised (the system released its lock) and taken over, while a
live one, in this process, another process or on another computer reaching the same shared
folder, makes a second opening for editing fail with the holder's name.

Read-only openings take no lock. SQLite's own locks still protect the file when this lock
cannot be had (a file system without locks): they and the project's change counter make sure no
edit reported saved is ever lost.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import logging
import os
import sys
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from . import identity
from .errors import ProjectFileError

log = logging.getLogger(__name__)

SUFFIX = ".pfdesk-lock"
_MAX_INFO = 4096
_LOCK_OFFSET = 1 << 20   # Windows locks a byte range: lock one far past the text, so it stays readable
_held: dict[str, ProjectLock] = {}
_held_guard = threading.Lock()


def _host_name() -> str:
    """This computer's network name, as a lock records it."""
    return identity.host_name()


def lock_path(path: Path) -> Path:
    """The lock file of a project file."""
    return path.with_name(path.name + SUFFIX)


def this_user() -> str:
    """The name of the user logged in on this computer."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


@dataclass(frozen=True)
class LockInfo:
    """Who holds a project open for editing."""

    user: str
    host: str
    pid: int
    since: str  # ISO time, UTC

    def describe(self) -> str:
        """'张三（LAPTOP-3）自 12月2日 10:32 起' in local time."""
        who = self.user or "另一位用户"
        where = f"（{self.host}）" if self.host else ""
        when = ""
        with contextlib.suppress(ValueError):
            moment = datetime.fromisoformat(self.since).astimezone()
            when = f"自 {moment.month}月{moment.day}日 {moment:%H:%M} 起"
        return f"{who}{where}{when}"

    def to_json(self) -> str:
        """The lock file's text."""
        return json.dumps({"app": "pfdesk", "user": self.user, "host": self.host,
                           "pid": self.pid, "since": self.since}, ensure_ascii=False)

    @classmethod
    def parse(cls, text: str) -> LockInfo | None:
        """Read a lock file's text; None when it is not a pfdesk lock."""
        try:
            data = json.loads(text[:_MAX_INFO])
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        pid = data.get("pid")
        return cls(user=str(data.get("user", ""))[:60], host=str(data.get("host", ""))[:60],
                   pid=pid if isinstance(pid, int) else 0, since=str(data.get("since", ""))[:40])


class ProjectLockedError(ProjectFileError):
    """The project is open for editing elsewhere; ``holder`` says by whom."""

    def __init__(self, path: Path, holder: LockInfo | None, here: bool = False) -> None:
        self.holder = holder
        self.here = here
        if here:
            reason = "这个项目已在本程序的另一个窗口中打开编辑。请切换到那个窗口，或以只读方式打开"
        else:
            who = holder.describe() if holder else "另一个程序"
            reason = f"此项目正由 {who}打开编辑。可以以只读方式打开查看，或请对方关闭后再打开"
        super().__init__(path, reason)


def _try_os_lock(fd: int) -> bool:
    """Take the operating-system lock on an open lock file without waiting."""
    if sys.platform.startswith("win"):
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        raise
    return True


def _read(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, _MAX_INFO).decode("utf-8", "replace")


def read_holder(path: Path) -> LockInfo | None:
    """Who the lock file beside ``path`` names (None: no lock file or not readable)."""
    try:
        text = lock_path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return LockInfo.parse(text)


class ProjectLock:
    """The held lock of one project file; ``release()`` ends it."""

    def __init__(self, path: Path, fd: int, info: LockInfo) -> None:
        self.path = path
        self.fd = fd
        self.info = info

    @classmethod
    def acquire(cls, path: Path, user: str = "") -> ProjectLock:
        """Lock ``path`` for editing, or raise ProjectLockedError naming the holder.

        OSError from creating the lock file (a read-only folder) is left to the caller.
        """
        key = str(path.resolve())
        with _held_guard:
            if key in _held:
                raise ProjectLockedError(path, _held[key].info, here=True)
            target = lock_path(path)
            for _ in range(5):
                fd = os.open(target, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
                try:
                    locked = _try_os_lock(fd)
                except OSError as exc:   # no locks on this file system: trust the text
                    log.warning("file system gives no lock for %s (%s)", target, exc)
                    locked = _stale_by_text(_read(fd))
                if not locked:
                    holder = LockInfo.parse(_read(fd))
                    os.close(fd)
                    raise ProjectLockedError(path, holder)
                if _same_file(fd, target):
                    break
                os.close(fd)   # the file was removed and made again while we opened it: retry
            else:
                raise ProjectFileError(path, "无法取得项目文件的编辑锁，请稍后再试")
            previous = LockInfo.parse(_read(fd))
            if previous is not None:
                log.info("taking over a lock left by %s", previous.describe())
            info = LockInfo(user=user or this_user(), host=_host_name(), pid=os.getpid(),
                            since=datetime.now(UTC).isoformat(timespec="seconds"))
            data = info.to_json().encode("utf-8")
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, data)
            with contextlib.suppress(OSError):
                os.fsync(fd)
            lock = cls(path, fd, info)
            _held[key] = lock
            return lock

    def release(self) -> None:
        """Remove the lock file and let go of the operating-system lock."""
        with _held_guard:
            if self.fd < 0:
                return
            _held.pop(str(self.path.resolve()), None)
            ours = _same_file(self.fd, lock_path(self.path))
            fd, self.fd = self.fd, -1
            if sys.platform.startswith("win"):   # an open file cannot be deleted there
                with contextlib.suppress(OSError):
                    os.close(fd)
                fd = -1
            with contextlib.suppress(OSError):
                if ours:
                    lock_path(self.path).unlink()
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)


def _same_file(fd: int, target: Path) -> bool:
    try:
        mine, there = os.fstat(fd), os.stat(target)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)


def _stale_by_text(text: str) -> bool:
    """Without system locks: a lock is stale when it names a stopped process of this computer."""
    from .atomic import pid_alive

    info = LockInfo.parse(text)
    if info is None:
        return True
    if info.host != _host_name():
        return False
    return info.pid == os.getpid() or not pid_alive(info.pid)
