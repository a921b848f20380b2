"""The deductions of one indicator as a Qt table model (扣分 / 扣分理由 / 佐证材料).

``data()`` reads a cache of the project's deduction rows; ``setData()`` pushes
``commands.update_deduction``, which also sets the indicator's score, as one undo step.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from pfdesk import commands
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.model import Deduction
from pfdesk.numbers import plain

from ..session import ProjectSession

log = logging.getLogger(__name__)

COL_POINTS, COL_REASON, COL_EVIDENCE = range(3)
HEADERS = ("扣分", "扣分理由", "佐证材料")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("DeductionModel", text)


class DeductionModel(QAbstractTableModel):
    """One indicator's deductions; empty when no indicator (or a parent) is shown."""

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.indicator_id: str | None = None
        self._rows: list[Deduction] = []
        session.changed.connect(self.refresh)

    def set_indicator(self, indicator_id: str | None) -> None:
        """Show the deductions of another indicator."""
        self.beginResetModel()
        self.indicator_id = indicator_id
        self._rows = self._load()
        self.endResetModel()

    def _load(self) -> list[Deduction]:
        project = self.session.project
        if self.indicator_id is None or self.indicator_id not in project.indicators():
            return []
        return list(project.deductions(self.indicator_id))

    def refresh(self, change: Change | None = None) -> None:
        """Reload after a stored change that touched deductions."""
        if change is not None and "deduction" not in change.tables() and (
                self.indicator_id is None or self.indicator_id not in change.ids("indicator")):
            return
        rows = self._load()
        if [r.id for r in rows] != [r.id for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
            return
        self._rows = rows
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(HEADERS) - 1))

    def deduction_at(self, row: int) -> Deduction | None:
        """The deduction shown in a row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per deduction."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Points, reason, evidence."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return tr(HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached values of a deduction."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ded = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_POINTS:
                return "" if ded.points is None else plain(ded.points)
            return ded.reason if col == COL_REASON else ded.evidence
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_REASON:
            return ded.reason or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_POINTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return ded.id
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Every cell is editable in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an edited deduction (the score follows) as one undo step."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        ded = self.deduction_at(index.row())
        if ded is None:
            return False
        text = "" if value is None else str(value).strip()
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return True
        field = ("points", "reason", "evidence")[index.column()]
        try:
            edit = commands.update_deduction(self.session.project, ded.id, **{field: text})
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(edit)
