"""The evidence files (佐证材料) of one indicator as a Qt table model (文件名 / 大小 / 说明).

``data()`` reads a cache of the indicator's evidence rows; ``setData()`` on the note pushes
``evidence.set_note`` as one undo step. The bytes stay in the project file; see ``pfdesk.evidence``.
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

from pfdesk import evidence
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.model import Deduction, Evidence

from ..session import ProjectSession

log = logging.getLogger(__name__)

COL_NAME, COL_SIZE, COL_NOTE = range(3)
HEADERS = ("文件名", "大小", "说明")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("EvidenceModel", text)


class EvidenceModel(QAbstractTableModel):
    """One indicator's evidence files; empty when no indicator is shown."""

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.indicator_id: str | None = None
        self._rows: list[Evidence] = []
        session.changed.connect(self.refresh)

    def set_indicator(self, indicator_id: str | None) -> None:
        """Show the evidence of another indicator."""
        self.beginResetModel()
        self.indicator_id = indicator_id
        self._rows = self._load()
        self.endResetModel()

    def _load(self) -> list[Evidence]:
        project = self.session.project
        if self.indicator_id is None or self.indicator_id not in project.indicators():
            return []
        return evidence.list_for(project, self.indicator_id)

    def refresh(self, change: Change | None = None) -> None:
        """Reload after a stored change that touched evidence (or the deductions it names)."""
        if change is not None and not change.tables() & {"evidence", "deduction", "indicator"}:
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

    def evidence_at(self, row: int) -> Evidence | None:
        """The evidence row shown in a table row."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per file."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Name, size, note."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return tr(HEADERS[section])
        return None

    def _deduction_text(self, row: Evidence) -> str:
        ded = self.session.project.find("deduction", row.deduction_id or "")
        if not isinstance(ded, Deduction):
            return ""
        return tr("对应扣分：%s") % (ded.reason or tr("（未写理由）"))

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached values of an evidence row."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_NAME:
                return row.name
            if col == COL_SIZE:
                return evidence.size_text(row.size)
            return row.note
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAME:
            lines = [row.name, self._deduction_text(row), tr("双击用系统程序打开")]
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """The note is editable in place (not in a read-only project)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_NOTE and not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an edited note as one undo step."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_NOTE:
            return False
        row = self.evidence_at(index.row())
        if row is None:
            return False
        text = "" if value is None else str(value).strip()
        if text == row.note:
            return True
        try:
            edit = evidence.set_note(self.session.project, row.id, text)
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(edit)
