"""The indicator tree view: keyboard-first score entry.

Enter stores a score and opens the next indicator's score; Tab moves across the columns; Delete
clears a score typed by hand. The view's objectName is ``indicatorView``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QTreeView,
    QWidget,
)

from ..delegates import IndicatorDelegate
from ..models.indicator_model import COL_NAME, COL_SCORE, COL_STATUS, HEADERS, IndicatorModel

log = logging.getLogger(__name__)

COLUMN_WIDTHS = {0: 104, 2: 48, 3: 52, 4: 72}
WIDEST_STATUS = "复核后已修改"      # the status column fits it with its red mark


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("IndicatorView", text)


class IndicatorView(QTreeView):
    """The tree of one dimension's indicators, edited in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorView")
        self.setAccessibleName(tr("指标列表"))
        self.setItemDelegate(IndicatorDelegate(self))
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setIndentation(16)

    def setModel(self, model: IndicatorModel) -> None:  # type: ignore[override]
        """Attach the model and size the columns."""
        super().setModel(model)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        status = self.fontMetrics().horizontalAdvance(WIDEST_STATUS) + 26
        for col, width in {**COLUMN_WIDTHS, COL_STATUS: status}.items():
            if col < len(HEADERS):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.setColumnWidth(col, width)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """After Enter on a score, go on to the next indicator's score."""
        current = self.currentIndex()
        super().closeEditor(editor, hint)
        if hint != QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            return
        if current.isValid() and current.column() == COL_SCORE:
            self.edit_next_score(current)

    def edit_next_score(self, current: QModelIndex) -> bool:
        """Open the score editor of the indicator after ``current``; False at the end."""
        model = self.model()
        if not isinstance(model, IndicatorModel):
            return False
        target = model.next_score_index(current)
        if not target.isValid():
            return False
        self.setCurrentIndex(target)
        self.scrollTo(target)
        self.edit(target)
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Delete clears a hand-typed score."""
        current = self.currentIndex()
        if (event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
                and self.state() != QAbstractItemView.State.EditingState
                and current.column() == COL_SCORE
                and self.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
                and current.flags() & Qt.ItemFlag.ItemIsEditable):
            self.model().setData(current, "", Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)
