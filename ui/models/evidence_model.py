"""The evidence files (佐证材料) of one indicator as a Qt table model (文件名 / 大小 / 说明).

``data()`` reads a cache of the indicator's evidence rows; ``setData()`` on the note pushes
``evidence.set_note`` as one undo step. The bytes stay in the project file; see ``pfdesk.evidence``.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from pfdesk import evidence
from pfdesk.model import Deduction, Evidence
from pfdesk.project import Project

from .indicator_rows_model import ID_ROLE, IndicatorRowsModel, ModelIndex

log = logging.getLogger(__name__)

COL_NAME, COL_SIZE, COL_NOTE = range(3)


class EvidenceModel(IndicatorRowsModel):
    """One indicator's evidence files; empty when no indicator is shown."""

    HEADERS = ("文件名", "大小", "说明")
    # the deductions a file is attached to are named in its tooltip
    TABLES: ClassVar[frozenset[str]] = frozenset({"evidence", "deduction", "indicator"})
    EDITABLE_COLUMNS: ClassVar[frozenset[int]] = frozenset({COL_NOTE})   # the note
    _rows: list[Evidence]

    def load_rows(self, project: Project, indicator_id: str) -> list[Evidence]:
        """The indicator's evidence rows."""
        return evidence.list_for(project, indicator_id)

    def evidence_at(self, row: int) -> Evidence | None:
        """The evidence row shown in a table row."""
        return self.row_at(row)

    def _deduction_text(self, row: Evidence) -> str:
        ded = self.session.project.find("deduction", row.deduction_id or "")
        if not isinstance(ded, Deduction):
            return ""
        return self.tr("对应扣分：%s") % (ded.reason or self.tr("（未写理由）"))

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
            lines = [row.name, self._deduction_text(row), self.tr("双击用系统程序打开")]
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

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
        return self._push(lambda: evidence.set_note(self.session.project, row.id, text))
