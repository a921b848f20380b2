"""Where pfdesk keeps the user's own data (the demo project, backups) on each platform, and
what a project file is called.

A project file ends in ``.pfdesk``: an extension of our own lets a double-click open pfdesk
(the .deb's MIME type, the Windows installer's file association) without taking over every
SQLite file. Files named ``.sqlite``, ``.sqlite3`` or ``.db`` by earlier versions still open.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

PROJECT_SUFFIX = ".pfdesk"
# What a project file may be called: ours first, then the names earlier versions used.
PROJECT_SUFFIXES = (PROJECT_SUFFIX, ".sqlite", ".sqlite3", ".db")


def with_project_suffix(path: Path) -> Path:
    """``path`` with ``.pfdesk`` added, unless it already ends in a project file's suffix.

    A dot elsewhere in the name is part of the name: ``评价 2024.1`` becomes
    ``评价 2024.1.pfdesk``.
    """
    if path.suffix.lower() in PROJECT_SUFFIXES:
        return path
    return path.with_name(path.name + PROJECT_SUFFIX)


def data_dir() -> Path:
    """The user's pfdesk data folder (PFDESK_DATA_DIR overrides the platform's usual place)."""
    override = os.environ.get("PFDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    home = Path.home()
    if sys.platform.startswith("win"):
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = str(home / "Library" / "Application Support")
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return Path(base) / "pfdesk"
