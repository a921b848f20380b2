"""The scoring engine's problems as a Qt list model for the score panel."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QApplication, QStyle

from pfdesk.scoring import UNSCORED, Problem

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
ModelIndex = QModelIndex | QPersistentModelIndex


class ProblemModel(QAbstractListModel):
    """One row per problem: its message; the indicator id under ID_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems: list[Problem] = []
        style = QApplication.style() if QApplication.instance() else None
        self._icons = {} if style is None else {
            "warning": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
            "info": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation),
        }

    def set_problems(self, problems: list[Problem]) -> None:
        """Show a new list (nothing is signalled when it is the same)."""
        if problems == self._problems:
            return
        self.beginResetModel()
        self._problems = list(problems)
        self.endResetModel()

    def problem_at(self, row: int) -> Problem | None:
        """The problem in a row."""
        return self._problems[row] if 0 <= row < len(self._problems) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per problem."""
        return 0 if parent.isValid() else len(self._problems)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The message, an icon, the indicator id."""
        problem = self.problem_at(index.row()) if index.isValid() else None
        if problem is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return problem.message
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icons.get("info" if problem.kind == UNSCORED else "warning")
        if role == ID_ROLE:
            return problem.indicator_id
        if role == KIND_ROLE:
            return problem.kind
        return None
