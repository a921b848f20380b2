"""A multi-line text editor that reports when the user has finished editing (on leaving it).

QPlainTextEdit has no ``editingFinished``; forms store text when focus leaves the editor, not on
every keystroke, and a refresh never replaces text the user is typing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

log = logging.getLogger(__name__)


class CommitTextEdit(QPlainTextEdit):
    """Plain text editor emitting ``committed(text)`` on focus out when the text was changed."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, lines: int = 4) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        height = self.fontMetrics().lineSpacing() * lines + 12
        self.setMinimumHeight(height)
        self._shown = ""

    def set_text(self, text: str) -> None:
        """Show stored text unless the user is editing this very text."""
        self._shown = text
        if self.toPlainText() == text:
            return
        if self.hasFocus() and self.document().isModified():
            return
        self.setPlainText(text)
        self.document().setModified(False)

    def load(self, text: str) -> None:
        """Replace the text whatever is being typed (e.g. another section was chosen)."""
        self._shown = text
        self.setPlainText(text)
        self.document().setModified(False)

    def text(self) -> str:
        """The current text."""
        return self.toPlainText()

    def commit(self) -> None:
        """Emit ``committed`` if the text differs from what is stored."""
        text = self.toPlainText()
        self.document().setModified(False)
        if text != self._shown:
            self._shown = text
            self.committed.emit(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving the editor stores the text."""
        self.commit()
        super().focusOutEvent(event)
