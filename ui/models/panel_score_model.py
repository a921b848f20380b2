"""The expert panel's scores of one leaf as a Qt table model (评价人员 / 评分).

``data()`` reads a cached ``pfdesk.panel.PanelView``; ``setData()`` pushes
``panel.set_evaluator_score`` as one undo step (an empty score clears it).
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
    Signal,
)

from pfdesk import panel
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.numbers import plain

from ..session import ProjectSession

log = logging.getLogger(__name__)

COL_NAME, COL_SCORE = range(2)
HEADERS = ("评价人员", "评分")
ModelIndex = QModelIndex | QPersistentModelIndex
_TABLES = {"evaluator", "evaluator_score", "project", "indicator"}


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("PanelScoreModel", text)


class PanelScoreModel(QAbstractTableModel):
    """Each evaluator with the score they gave the shown leaf; empty without a leaf."""

    refreshed = Signal()      # the cached panel view was read again

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.indicator_id: str | None = None
        self.view: panel.PanelView | None = None
        session.changed.connect(self.refresh)

    def set_indicator(self, indicator_id: str | None) -> None:
        """Show the panel of another leaf (None: nothing)."""
        self.beginResetModel()
        self.indicator_id = indicator_id
        self.view = self._load()
        self.endResetModel()
        self.refreshed.emit()

    def _load(self) -> panel.PanelView | None:
        project = self.session.project
        if self.indicator_id is None or self.indicator_id not in project.indicators():
            return None
        return panel.panel_rows(project, self.indicator_id)

    def refresh(self, change: Change | None = None) -> None:
        """Read the panel again after a change that may concern it."""
        if change is not None and not change.tables() & _TABLES:
            return
        view = self._load()
        old = [ev.id for ev, _ in self.view.rows] if self.view else []
        new = [ev.id for ev, _ in view.rows] if view else []
        if old != new:
            self.beginResetModel()
            self.view = view
            self.endResetModel()
        else:
            self.view = view
            if new:
                self.dataChanged.emit(self.index(0, 0), self.index(len(new) - 1, 1))
        self.refreshed.emit()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per evaluator."""
        return 0 if parent.isValid() or self.view is None else len(self.view.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Name and score."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(HEADERS):
            return tr(HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """An evaluator's name (and role), or the score given."""
        if not index.isValid() or self.view is None \
                or not 0 <= index.row() < len(self.view.rows):
            return None
        evaluator, score = self.view.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == COL_NAME:
                name = evaluator.name or tr("（未填姓名）")
                return f"{name}（{evaluator.role}）" if evaluator.role and \
                    role == Qt.ItemDataRole.DisplayRole else name
            return "" if score is None else plain(score)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == COL_SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_SCORE:
            return tr("该专家对本指标的评分（0～分值，两位小数；清空即删除）")
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Scores are editable in place."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_SCORE and not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an evaluator's score as one undo step."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.view is None \
                or index.column() != COL_SCORE or self.indicator_id is None:
            return False
        evaluator, _score = self.view.rows[index.row()]
        text = "" if value is None else str(value).strip()
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return True
        try:
            edit = panel.set_evaluator_score(self.session.project, self.indicator_id,
                                             evaluator.id, text)
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(edit)
