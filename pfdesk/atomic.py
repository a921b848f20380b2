"""Writing a file the user sees: complete or not at all, never a half file under the final name.

Every output (a new project file, a dump, a Word report, a chart) is written to a temporary
name in the same folder and renamed onto the final name only when complete; a failure removes
the temporary file. The temporary name carries this computer's name and the process id, so a
file left by a process that was killed is recognised and removed by the next write into that
folder. Files are created with the permissions the user's umask gives (not 0600).
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

_PREFIX = ".~pfdesk-"
_TEMP = re.compile(r"^\.~pfdesk-([0-9a-f]{8})-(\d+)-[0-9a-f]+\.")


def _host_tag() -> str:
    import hashlib  # loaded when a file is written, not when the program starts

    from .identity import host_name

    return hashlib.sha1(host_name().encode("utf-8", "replace")).hexdigest()[:8]


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside ``target`` that names this computer and process."""
    import secrets

    return target.with_name(f"{_PREFIX}{_host_tag()}-{os.getpid()}-{secrets.token_hex(4)}.tmp")


def side_files(path: Path) -> list[Path]:
    """SQLite's side files of ``path`` (journal, WAL, shared memory)."""
    return [Path(str(path) + suffix) for suffix in ("-journal", "-wal", "-shm")]


def remove_quietly(path: Path) -> None:
    """Delete ``path`` and its SQLite side files, ignoring what is already gone."""
    for item in (path, *side_files(path)):
        with contextlib.suppress(OSError):
            item.unlink()


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this computer."""
    if pid <= 0:
        return False
    if sys.platform.startswith("win"):
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale(folder: Path) -> int:
    """Remove temporary files that a killed pfdesk on this computer left in ``folder``."""
    host, removed = _host_tag(), 0
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return 0
    for name in names:
        match = _TEMP.match(name)
        if not match or match.group(1) != host or pid_alive(int(match.group(2))):
            continue
        if int(match.group(2)) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            removed += 1
    if removed:
        log.info("removed %d temporary files left by a stopped pfdesk in %s", removed, folder)
    return removed


def umask_mode() -> int:
    """The permissions a newly created file gets under the current umask."""
    if sys.platform.startswith("win"):
        return 0o666
    current = os.umask(0)
    os.umask(current)
    return 0o666 & ~current


def _fsync(path: Path) -> None:
    """Flush a file to the disk; a failure (a full disk, an I/O error) stops the publishing."""
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no folder handles to flush)."""
    if sys.platform.startswith("win"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _publish(tmp: Path, target: Path, overwrite: bool) -> None:
    """Rename ``tmp`` onto ``target``; without ``overwrite`` an existing target is never replaced."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)   # fails with EEXIST instead of replacing: no race with another writer
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV,
                             errno.EMLINK, errno.ENOSYS, errno.EACCES):
            raise
        # A file system without hard links (FAT32 sticks, some shares): check, then rename.
        if target.exists():
            raise FileExistsError(errno.EEXIST, "文件已存在", str(target)) from exc
        os.replace(tmp, target)
        return
    tmp.unlink()


@contextlib.contextmanager
def writing(target: str | Path, overwrite: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on normal exit it becomes ``target``.

    On any exception the temporary file (and any SQLite side files of it) is removed and
    ``target`` is left as it was. Without ``overwrite`` an existing ``target`` raises
    FileExistsError, before and after the work.
    """
    target = Path(target)
    if not overwrite and target.exists():
        raise FileExistsError(errno.EEXIST, "文件已存在", str(target))
    sweep_stale(target.parent)
    tmp = temp_path(target)
    try:
        yield tmp
        if not tmp.exists():
            raise FileNotFoundError(errno.ENOENT, "没有写出内容", str(tmp))
        with contextlib.suppress(OSError):
            os.chmod(tmp, umask_mode())
        _fsync(tmp)
        _publish(tmp, target, overwrite)
        _fsync_folder(target.parent)
    finally:
        remove_quietly(tmp)


def write_bytes(target: str | Path, data: bytes, overwrite: bool = True) -> None:
    """Write ``data`` to ``target`` completely or not at all."""
    with writing(target, overwrite) as tmp:
        tmp.write_bytes(data)


def write_with(target: str | Path, write: Callable[[Path], None], overwrite: bool = True) -> None:
    """Call ``write(temporary_path)`` and publish the result as ``target``."""
    with writing(target, overwrite) as tmp:
        write(tmp)
