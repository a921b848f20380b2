"""A stand-in page for a page whose module is not available (yet): says so in plain words."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from pfdesk.edits import Change

from ..session import ProjectSession
from .base import Page

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("PlaceholderPage", text)


class PlaceholderPage(Page):
    """Shows the page's title and a short note instead of the page."""

    def __init__(self, session: ProjectSession, title: str, note: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = title
        self.setAccessibleName(title)
        layout = QVBoxLayout(self)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        text = QLabel(note or tr("这一页将在后续版本中提供。"))
        text.setWordWrap(True)
        text.setStyleSheet("color: #666;")
        for widget in (heading, text):
            widget.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addStretch(2)

    def refresh(self, change: Change | None) -> None:
        """Nothing to refresh."""
