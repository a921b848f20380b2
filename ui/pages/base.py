"""The page interface every page of the main window implements.

A page is a form over the open project. It is given the ``ProjectSession``; it reads from
``session.project`` and ``session.score``, pushes every edit with ``session.push(edit)``, and
refreshes itself from the session's ``changed`` signal: ``refresh(change)``, connected here. The
main window calls ``refresh(None)`` (a full reload) once after building the page, so a subclass
builds its widgets in ``__init__`` and fills them in ``refresh``.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QWidget

from pfdesk.edits import Change

from ..session import ProjectSession

log = logging.getLogger(__name__)


class Page(QWidget):
    """One page of the navigation; subclasses set ``title`` and implement ``refresh``."""

    title: str = ""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        session.changed.connect(self._on_changed)

    def _on_changed(self, change: Change) -> None:
        self.refresh(change)

    def refresh(self, change: Change | None) -> None:
        """Bring the page up to date after ``change`` (None: reload everything)."""

    def page_title(self) -> str:
        """The navigation label (``title`` if set, else the window title)."""
        return self.title or self.windowTitle()

    def select_indicator(self, indicator_id: str) -> bool:
        """Show and select an indicator if this page holds it; False otherwise."""
        return False
