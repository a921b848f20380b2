"""Editors for the indicator tree: a checked score field and a weight field.

The score editor accepts 0 … the indicator's weight with at most two decimals and shows the
range as a hint; text out of range turns red and cannot be stored.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from .models.indicator_model import COL_SCORE, COL_WEIGHT, WEIGHT_ROLE

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("IndicatorDelegate", text)


def number_validator(top: float, parent: QWidget) -> QDoubleValidator:
    """A validator for 0 … top with at most two decimals, written with a dot."""
    validator = QDoubleValidator(0.0, top, 2, parent)
    validator.setNotation(QDoubleValidator.Notation.StandardNotation)
    validator.setLocale(QLocale.c())
    return validator


class NumberEdit(QLineEdit):
    """A line edit for points; red while the text cannot be stored."""

    def __init__(self, top: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(number_validator(top, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(self._mark)

    def _mark(self) -> None:
        self.setStyleSheet("" if self.hasAcceptableInput() or not self.text()
                           else "color: #c0392b;")


class IndicatorDelegate(QStyledItemDelegate):
    """Picks the editor by column: score, weight; plain text for code and name."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: ModelIndex) -> QWidget:
        """A checked number field or a text field."""
        col = index.column()
        if col == COL_SCORE:
            weight = float(index.data(WEIGHT_ROLE) or 0)
            editor = NumberEdit(weight, parent)
            editor.setPlaceholderText(tr("0～%s") % (index.data(WEIGHT_ROLE) or "0"))
            editor.setAccessibleName(tr("得分"))
            return editor
        if col == COL_WEIGHT:
            editor = NumberEdit(100.0, parent)
            editor.setAccessibleName(tr("分值"))
            return editor
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(tr("编码") if col == 0 else tr("名称"))
        return editor

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: ModelIndex) -> None:
        """Store the editor's value through the model's setData."""
        if isinstance(editor, NumberEdit):
            if editor.text() and not editor.hasAcceptableInput():
                return
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)
