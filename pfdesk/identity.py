"""Who and where an edit is made: the user's name, the device, and the time in milliseconds.

Every change record and every row stamp carries a name; when the window or the command line was
given none, the name of the computer account stands in (``PFDESK_USER`` overrides it), so a
record is never anonymous. Times are stored in UTC (``now_ms``) and shown in local time
(``local_time``).
"""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime

from .plain import one_line

FALLBACK_USER = "未署名"


def default_user() -> str:
    """The name used when none was given: ``PFDESK_USER``, else the computer account."""
    name = os.environ.get("PFDESK_USER", "").strip()
    if name:
        return name
    try:
        name = getpass.getuser().strip()
    except (OSError, KeyError, ImportError):
        name = ""
    return name or FALLBACK_USER


def user_or_default(name: str | None) -> str:
    """``name`` with surrounding spaces removed, or the default when it is empty."""
    cleaned = " ".join((name or "").split())
    return cleaned or default_user()


def host_name() -> str:
    """This computer's network name as the system gives it (what ``socket.gethostname`` gives).

    Where the system has ``uname`` (Linux, macOS) its node name is that same name, read without
    loading ``socket``, which a project's opening would otherwise pay for in start-up time.
    """
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def device() -> str:
    """This computer's name as the network knows it ('本机' when it has none)."""
    try:
        name = host_name().strip()
    except OSError:
        name = ""
    return name or "本机"


def now_ms() -> str:
    """The current time in UTC to the millisecond: ``2026-12-02T13:20:01.123Z``."""
    moment = datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def local_time(stamp: str, pattern: str = "%Y-%m-%d %H:%M:%S") -> str:
    """A stored time (UTC, as ``now_ms`` writes it) in local time: ``2026-12-02 21:20:01``.

    ``pattern`` is a ``strftime`` pattern; a time that cannot be read (from a damaged or foreign
    file) is given as stored, on one line ("" when there is none).
    """
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone().strftime(pattern)
    except (ValueError, OverflowError, OSError):
        return one_line(stamp)
