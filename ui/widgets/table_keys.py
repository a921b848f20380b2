"""Tab and Shift+Tab in a table move between cells that can be typed in.

QTableView's Tab goes to the next column whatever it is: in 绩效目标 it stopped on the read-only
识别为 column, where typed text is thrown away and the next text lands a column early.
``next_editable`` finds the next (or previous) visible cell whose flags allow editing, row by row;
``TabSkipsReadOnly`` applies it to a view's own Tab key, and the list delegate applies it when Tab
leaves an open editor (``ui.widgets.delegates``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


def _editable(view: QTableView, row: int, column: int) -> bool:
    if view.isColumnHidden(column) or view.isRowHidden(row):
        return False
    index = view.model().index(row, column)
    return bool(index.flags() & Qt.ItemFlag.ItemIsEditable)


def next_editable(view: QTableView, index: Index, backwards: bool = False) -> QModelIndex:
    """The next editable cell after ``index`` in reading order (before it with ``backwards``);
    an invalid index when there is none."""
    model = view.model()
    rows, columns = model.rowCount(), model.columnCount()
    if not index.isValid() or not rows or not columns:
        return QModelIndex()
    pos = index.row() * columns + index.column()
    step = -1 if backwards else 1
    pos += step
    while 0 <= pos < rows * columns:
        row, column = divmod(pos, columns)
        if _editable(view, row, column):
            return model.index(row, column)
        pos += step
    return QModelIndex()


def tab_direction(event: QEvent) -> bool | None:
    """For a Tab key press: True when it goes backwards (Shift+Tab); None for any other event."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return None
    if event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
        return None
    if event.key() == Qt.Key.Key_Backtab:
        return True
    if event.key() == Qt.Key.Key_Tab:
        return bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
    return None


class TabSkipsReadOnly(QObject):
    """Event filter on a table view: Tab / Shift+Tab go to the next editable cell (and stay put
    at the last one instead of landing on a read-only or 合计 cell)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        view.installEventFilter(self)
        view.setTabKeyNavigation(True)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Move on Tab; leave every other event to the view."""
        backwards = tab_direction(event)
        if backwards is None or watched is not self.view:
            return False
        if self.view.state() == QAbstractItemView.State.EditingState:
            return False
        target = next_editable(self.view, self.view.currentIndex(), backwards)
        if target.isValid():
            self.view.setCurrentIndex(target)
        return True


def skip_read_only(view: QTableView) -> TabSkipsReadOnly:
    """Make Tab in ``view`` skip cells that cannot be edited."""
    return TabSkipsReadOnly(view)
