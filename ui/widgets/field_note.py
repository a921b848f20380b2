"""Why a typed value was refused, shown next to the field that holds it.

An editor that can refuse what was typed (``MoneyEdit``, ``DateEdit``) emits ``reason_changed``
with a sentence ('' once the value is taken). ``noted(editor)`` puts the editor and a
``FieldNote`` under it in one widget for a form; ``CellNote`` floats the same sentence just under
an editor open in a table cell. The note stays until the value is corrected, unlike a status
line that fades.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

NOTE_STYLE = "QLabel { color: #a93226; }"
CELL_NOTE_STYLE = ("QLabel { color: #a93226; background: #fdecea; border: 1px solid #c0392b;"
                   " padding: 2px 4px; }")


class FieldNote(QLabel):
    """A red line under a field saying why its value was not taken; hidden when there is none."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{editor.objectName() or 'field'}Note")
        self.setWordWrap(True)
        self.setStyleSheet(NOTE_STYLE)
        self.hide()
        editor.reason_changed.connect(self.show_reason)  # type: ignore[attr-defined]

    def show_reason(self, reason: str) -> None:
        """Show the reason ('' hides the note)."""
        self.setText(reason)
        self.setVisible(bool(reason))


def noted(editor: QWidget) -> QWidget:
    """The editor with its note under it, as one widget for a form's grid."""
    box = QWidget(editor.parentWidget())
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(editor)
    note = FieldNote(editor, box)
    layout.addWidget(note)
    editor.setProperty("note", note)
    box.setFocusProxy(editor)
    return box


def line_height(widget: QWidget) -> int:
    """The height of a field's editor line (of the editor inside a ``noted`` box): captions
    and figures beside it are given this height and aligned to the top, so they stay level with
    the field when a note opens under it."""
    editor = widget.focusProxy() or widget
    return editor.sizeHint().height()


def note_of(editor: QWidget) -> FieldNote | None:
    """The note shown with an editor by ``noted``."""
    note = editor.property("note")
    return note if isinstance(note, FieldNote) else None


class CellNote(QLabel):
    """The reason floating just under (or above) an editor open in a table cell."""

    def __init__(self, editor: QWidget) -> None:
        host = editor.parentWidget()
        super().__init__(host)
        self.editor = editor
        self.setObjectName("cellNote")
        self.setWordWrap(True)
        self.setStyleSheet(CELL_NOTE_STYLE)
        self.hide()
        editor.reason_changed.connect(self.show_reason)  # type: ignore[attr-defined]
        editor.installEventFilter(self)
        editor.destroyed.connect(self.deleteLater)

    def show_reason(self, reason: str) -> None:
        """Show the reason under the editor ('' hides it)."""
        self.setText(reason)
        if not reason:
            self.hide()
            return
        self._place()
        self.show()
        self.raise_()

    def _place(self) -> None:
        host = self.parentWidget()
        geometry = self.editor.geometry()
        width = max(geometry.width(), 280)
        if host is not None:
            width = min(width, max(120, host.width() - 4))
        self.setFixedWidth(width)
        self.adjustSize()
        x = geometry.left()
        y = geometry.bottom() + 2
        if host is not None:
            x = max(0, min(x, host.width() - self.width()))
            if y + self.height() > host.height():
                y = max(0, geometry.top() - self.height() - 2)
        self.move(QPoint(x, y))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the editor as it moves; hide with it."""
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and self.isVisible():
            self._place()
        elif event.type() == QEvent.Type.Hide:
            self.hide()
        return False
