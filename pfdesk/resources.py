"""Where the data the program ships lives (``resources/`` beside the packages, or in a frozen build)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder: next to the source tree, or unpacked by PyInstaller."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """A path inside ``resources``."""
    return resources_dir().joinpath(*parts)
