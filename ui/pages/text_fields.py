"""Text fields that store what was typed when the user leaves them (one undo step per field)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from ..widgets.text_edit import OneLineEdit

log = logging.getLogger(__name__)


class CommitTextEdit(QPlainTextEdit):
    """A multi-line field that emits ``committed`` on leaving it (or Ctrl+Enter) if changed."""

    committed = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setTabChangesFocus(True)

    def set_text(self, text: str) -> None:
        """Show a stored value unless the user is in the middle of changing this field."""
        if self.hasFocus() and self.document().isModified():
            return
        if self.toPlainText() != text:
            self.setPlainText(text)
        self.document().setModified(False)

    def commit(self) -> None:
        """Emit the text if the user changed it since it was last shown or stored."""
        if self.document().isModified():
            self.document().setModified(False)
            self.committed.emit(self.toPlainText().strip())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Store on leaving the field."""
        self.commit()
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter stores at once."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
                event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.commit()
            return
        super().keyPressEvent(event)


class CommitLineEdit(OneLineEdit):
    """A one-line field that emits ``committed`` on Enter or leaving it, if changed; pasted
    lines are joined into one (目标值, 实际完成值, 数据来源 hold one line)."""

    committed = Signal(str)

    def __init__(self, accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.editingFinished.connect(self.commit)

    def set_text(self, text: str) -> None:
        """Show a stored value unless the user is changing this field."""
        if self.hasFocus() and self.isModified():
            return
        if self.text() != text:
            self.setText(text)
            self.setCursorPosition(0)   # show the start of a long value, not its end
        self.setModified(False)

    def commit(self) -> None:
        """Emit the text if the user changed it."""
        if self.isModified():
            self.setModified(False)
            self.committed.emit(self.text().strip())
