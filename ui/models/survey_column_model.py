"""The columns of a survey file, each checkable as a question column (导入满意度调查).

One row per column of the file: "D列 1、您对热线接通速度是否满意？", checked when the column is
counted as a question. The dialog fills it with the file's headings and the columns the core chose
(``pfdesk.survey.summarize``, by default those whose answers are options); a box the user ticks or
clears is said through ``columns_changed`` with the checked columns, and the dialog recounts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from pfdesk.numbers import shown
from pfdesk.survey import column_name

ModelIndex = QModelIndex | QPersistentModelIndex


class QuestionColumnModel(QAbstractListModel):
    """The file's columns with a check box each: counted as a question or not."""

    columns_changed = Signal(list)     # the checked columns (1-based), in file order

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headings: tuple[str, ...] = ()
        self.checked: set[int] = set()

    def set_columns(self, headings: tuple[str, ...], checked: Iterable[int]) -> None:
        """Show another file's columns, those in ``checked`` ticked (no signal)."""
        self.beginResetModel()
        self.headings = tuple(headings)
        self.checked = {c for c in checked if 1 <= c <= len(self.headings)}
        self.endResetModel()

    def set_checked(self, checked: Iterable[int]) -> None:
        """Tick exactly these columns (no signal)."""
        self.checked = {c for c in checked if 1 <= c <= len(self.headings)}
        if self.headings:
            self.dataChanged.emit(self.index(0), self.index(len(self.headings) - 1),
                                  [Qt.ItemDataRole.CheckStateRole])

    def columns(self) -> list[int]:
        """The ticked columns, in file order."""
        return sorted(self.checked)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per column of the file."""
        return 0 if parent.isValid() else len(self.headings)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """'D列 1、您对…' and the check box."""
        if not index.isValid() or not 0 <= index.row() < len(self.headings):
            return None
        col = index.row() + 1
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            title = self.headings[col - 1]
            return f"{column_name(col)} {shown(title)}" if title else column_name(col)
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if col in self.checked else Qt.CheckState.Unchecked).value
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Selectable and checkable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable)

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Tick or clear a column; the checked columns are then said."""
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        col = index.row() + 1
        on = Qt.CheckState(value) == Qt.CheckState.Checked if isinstance(value, int) \
            else value == Qt.CheckState.Checked
        if on == (col in self.checked):
            return True
        if on:
            self.checked.add(col)
        else:
            self.checked.discard(col)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.columns_changed.emit(self.columns())
        return True
