"""Where pfdesk keeps the user's own data (the demo project, backups) on each platform."""

from __future__ import annotations

import os
import sys
from pathlib import Path


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
