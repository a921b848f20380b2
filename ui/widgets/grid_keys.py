"""Small editable grids typed like a spreadsheet: typing starts editing, Enter and Tab store
the cell and move on to the next cell that can be typed in (Shift+Tab back).

``GridDelegate`` closes the editor itself on Enter / Tab and moves the current cell with
``table_keys.next_editable``, so the read-only cells (a band's points, the matrix's diagonal
and reciprocals) are stepped over. A value the model refuses (its ``refused`` signal says why)
keeps the editor open with the text typed, for correction; Esc gives it up. Delete (or
Backspace) on a cell that is not being edited stores it blank (the model decides whether a
blank is taken), unless the grid is locked (no edit triggers: ``read_only.lock_editors`` on a
read-only project), where it changes nothing, as typing does not. Used by the bands table of a
rule, the AHP matrix and the survey's options.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from .table_keys import next_editable, skip_read_only

log = logging.getLogger(__name__)

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class GridDelegate(QStyledItemDelegate):
    """Plain text editors; Enter and Tab store the value and go to the next editable cell."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self._refused = False
        refused = getattr(view.model(), "refused", None)
        if refused is not None:
            refused.connect(self._note_refused)

    def _note_refused(self, _message: str) -> None:
        self._refused = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter / Tab / Shift+Tab in an editor: store, close, move on."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) \
                or not isinstance(watched, QWidget):
            return super().eventFilter(watched, event)
        key = event.key()
        backwards = key == Qt.Key.Key_Backtab or (
            key == Qt.Key.Key_Tab and bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        if key not in (*_ENTER, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            return super().eventFilter(watched, event)
        current = self.view.currentIndex()
        self._refused = False
        self.commitData.emit(watched)
        if self._refused:          # the model said why: the text stays for correction (Esc drops it)
            return True
        self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
        target = next_editable(self.view, current, backwards)
        if target.isValid():
            self.view.setCurrentIndex(target)
        self.view.setFocus()
        return True


def locked(view: QAbstractItemView) -> bool:
    """True when the view opens no editor at all (a read-only project's grid)."""
    return view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


class DeleteClears(QObject):
    """Event filter on a grid: Delete / Backspace stores the current cell blank (a locked grid
    keeps it)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Clear on Delete; leave every other event to the view."""
        if watched is not self.view or event.type() != QEvent.Type.KeyPress \
                or not isinstance(event, QKeyEvent) \
                or event.key() not in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) \
                or self.view.state() == QAbstractItemView.State.EditingState:
            return False
        if locked(self.view):
            return True
        index = self.view.currentIndex()
        if index.isValid() and index.flags() & Qt.ItemFlag.ItemIsEditable:
            self.view.model().setData(index, "", Qt.ItemDataRole.EditRole)
        return True


def make_typed_grid(view: QTableView) -> GridDelegate:
    """Make ``view`` editable by typing: any key starts editing, Enter / Tab move on."""
    delegate = GridDelegate(view)
    view.setItemDelegate(delegate)
    view.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                         | QAbstractItemView.EditTrigger.DoubleClicked
                         | QAbstractItemView.EditTrigger.EditKeyPressed)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
    skip_read_only(view)
    DeleteClears(view)
    return delegate
