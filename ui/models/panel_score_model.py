"""The expert panel's scores of one leaf as a Qt table model (评价人员 / 评分).

``data()`` reads a cached ``pfdesk.panel.PanelView``; ``setData()`` pushes
``panel.set_evaluator_score`` as one undo step (an empty score clears it). Scores are shown the
project's way (``Numbers``: 4.5 or 4.50, read again with the rows when the project changes) and
typed as plain numbers.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal

from pfdesk import panel
from pfdesk.model import Evaluator
from pfdesk.numbers import Numbers, plain
from pfdesk.project import Project

from .indicator_rows_model import IndicatorRowsModel, ModelIndex

log = logging.getLogger(__name__)

COL_NAME, COL_SCORE = range(2)
PanelRow = tuple[Evaluator, Decimal | None]


class PanelScoreModel(IndicatorRowsModel):
    """Each evaluator with the score they gave the shown leaf; empty without a leaf."""

    HEADERS = ("评价人员", "评分")
    TABLES: ClassVar[frozenset[str]] = frozenset(
        {"evaluator", "evaluator_score", "project", "indicator"})
    EDITABLE_COLUMNS: ClassVar[frozenset[int]] = frozenset({COL_SCORE})   # the scores
    _rows: list[PanelRow]
    refreshed = Signal()      # the cached panel view was read again

    view: panel.PanelView | None = None   # the shown leaf's panel: rows, aggregate, spread
    numbers = Numbers()                   # the project's way of writing scores

    def _load(self) -> list[PanelRow]:
        self.view = None          # stays None when no leaf is shown
        self.numbers = Numbers.of(self.session.project.info)
        return super()._load()

    def load_rows(self, project: Project, indicator_id: str) -> list[PanelRow]:
        """Every evaluator with their score of the leaf (the whole panel is kept in ``view``)."""
        self.view = panel.panel_rows(project, indicator_id)
        return self.view.rows

    def row_id(self, row: PanelRow) -> str:
        """The evaluator's id."""
        return row[0].id

    def _reloaded(self) -> None:
        self.refreshed.emit()

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """An evaluator's name (and role), or the score given."""
        shown = self.row_at(index.row()) if index.isValid() else None
        if shown is None:
            return None
        evaluator, score = shown
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == COL_NAME:
                name = evaluator.name or self.tr("（未填姓名）")
                return f"{name}（{evaluator.role}）" if evaluator.role and \
                    role == Qt.ItemDataRole.DisplayRole else name
            if score is None:
                return ""
            return self.numbers.pts(score) if role == Qt.ItemDataRole.DisplayRole else plain(score)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_SCORE:
            return self.tr("该专家对本指标的评分（0～分值，两位小数；清空即删除）")
        return None

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an evaluator's score as one undo step."""
        shown = self.row_at(index.row()) if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or shown is None \
                or index.column() != COL_SCORE or self.indicator_id is None:
            return False
        evaluator, _score = shown
        text = "" if value is None else str(value).strip()
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return True
        ind_id = self.indicator_id
        return self._push(lambda: panel.set_evaluator_score(self.session.project, ind_id,
                                                            evaluator.id, text))
