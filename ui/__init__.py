"""pfdesk's Qt face: the main window, its pages, Qt models over pfdesk objects, the undo adapter.

``from ui import MainWindow`` is the automation entry point.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "MainWindow":
        from .main_window import MainWindow

        return MainWindow
    raise AttributeError(name)
