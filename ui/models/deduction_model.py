"""The deductions of one indicator as a Qt table model (扣分 / 扣分理由 / 佐证材料).

``data()`` reads a cache of the project's deduction rows; ``setData()`` pushes
``commands.update_deduction``, which also sets the indicator's score, as one undo step.
Points are shown the project's way (``Numbers``: 2 or 2.00) and typed as plain numbers; a change
of the project's 分数写法 shows them again. Points typed in a cell may use full-width digits or end
in 分 ('０.５分' is 0.5). The view opens 修改扣分 on a double click rather than a cell editor.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from pfdesk import commands
from pfdesk.edits import Change
from pfdesk.model import Deduction
from pfdesk.numbers import Numbers, plain
from pfdesk.project import Project
from pfdesk.typed import score_text

from .indicator_rows_model import ID_ROLE, IndicatorRowsModel, ModelIndex

log = logging.getLogger(__name__)

COL_POINTS, COL_REASON, COL_EVIDENCE = range(3)


class DeductionModel(IndicatorRowsModel):
    """One indicator's deductions; empty when no indicator (or a parent) is shown."""

    HEADERS = ("扣分", "扣分理由", "佐证材料")
    TABLES: ClassVar[frozenset[str]] = frozenset({"deduction", "project"})   # project: 分数写法
    _rows: list[Deduction]
    numbers = Numbers()          # the project's way of writing points, read with the rows

    def _load(self) -> list[Deduction]:
        self.numbers = Numbers.of(self.session.project.info)
        return super()._load()

    def load_rows(self, project: Project, indicator_id: str) -> list[Deduction]:
        """The indicator's deductions in their order."""
        return list(project.deductions(indicator_id))

    def _touches(self, change: Change) -> bool:
        """Deductions, or the shown indicator itself, changed."""
        return super()._touches(change) or self.indicator_id in change.ids("indicator")

    def deduction_at(self, row: int) -> Deduction | None:
        """The deduction shown in a row."""
        return self.row_at(row)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached values of a deduction."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        ded = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_POINTS:
                if ded.points is None:
                    return ""
                # shown the project's way; the editor starts from the number as typed (2, 0.5)
                return self.numbers.pts(ded.points) if role == Qt.ItemDataRole.DisplayRole \
                    else plain(ded.points)
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
        if index.column() == COL_POINTS:
            text = score_text(text)
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return True
        field = ("points", "reason", "evidence")[index.column()]
        return self._push(lambda: commands.update_deduction(self.session.project, ded.id,
                                                            **{field: text}))
