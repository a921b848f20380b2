"""Text editors of the forms: a multi-line one that reports when the user has finished editing
(on leaving it), and a one-line one that joins pasted lines.

QPlainTextEdit has no ``editingFinished``; forms store text when focus leaves the editor, not on
every keystroke, and a refresh never replaces text the user is typing. A one-line field never
holds a line break: text pasted from Excel or Word ('王某\r\n', two lines, a row with tabs) is
joined into one line as it arrives (``one_line``), so what is stored is what the field shows.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

log = logging.getLogger(__name__)

BREAK_CHARS = "\r\n\t\v\f\u2028\u2029\x85"
_BREAKS = re.compile(r"[ \t]*[\r\n\t\v\f\u2028\u2029\x85]+[ \t]*")


def one_line(text: str) -> str:
    """Line breaks and tabs (with the spaces around them) become one space; the ends are trimmed:
    '王某\r\n' → '王某', '张三\n李四' → '张三 李四'."""
    return _BREAKS.sub(" ", text).strip()


class OneLineEdit(QLineEdit):
    """A line editor that joins pasted or dropped lines into one as they arrive."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textChanged.connect(self._join)

    def _join(self, text: str) -> None:
        if not any(c in text for c in BREAK_CHARS):
            return
        cursor = self.cursorPosition()
        spaced = _BREAKS.sub(" ", text)
        joined = spaced.strip()
        lead = len(spaced) - len(spaced.lstrip())
        position = len(_BREAKS.sub(" ", text[:cursor])) - lead
        modified = self.isModified()
        self.setText(joined)
        self.setModified(modified)
        self.setCursorPosition(max(0, min(position, len(joined))))


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
