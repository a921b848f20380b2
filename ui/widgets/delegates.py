"""The one item delegate of the list tables: it asks the model which editor a cell wants.

The model answers ``EDITOR_ROLE`` (text, multi-line, money, decimal, choice, choice with free
text) and ``CHOICES_ROLE``; the delegate builds the matching editor from this package, shows the
cell's edit value in it and hands the typed value back through ``setData`` (the model turns it
into a pfdesk command). Multi-line cells get an editor taller than the row.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from .choice_combo import ChoiceCombo
from .money import MoneyEdit
from .roles import (
    CHOICES_ROLE,
    EDITOR_CHOICE,
    EDITOR_CHOICE_FREE,
    EDITOR_DECIMAL,
    EDITOR_MONEY,
    EDITOR_MULTILINE,
    EDITOR_READONLY,
    EDITOR_ROLE,
)
from .text_edit import CommitTextEdit

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


class FieldDelegate(QStyledItemDelegate):
    """Creates the editor each cell asks for through ``EDITOR_ROLE``."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget | None:
        """A money, choice, multi-line or line editor as the cell asks."""
        kind = index.data(EDITOR_ROLE)
        if kind == EDITOR_READONLY:
            return None
        editor: QWidget
        if kind in (EDITOR_MONEY, EDITOR_DECIMAL):
            editor = MoneyEdit(parent)
        elif kind in (EDITOR_CHOICE, EDITOR_CHOICE_FREE):
            editor = ChoiceCombo(index.data(CHOICES_ROLE) or (),
                                 free_text=kind == EDITOR_CHOICE_FREE, parent=parent)
        elif kind == EDITOR_MULTILINE:
            editor = CommitTextEdit(parent, lines=3)
            editor.setTabChangesFocus(True)
        else:
            editor = QLineEdit(parent)
        editor.setAccessibleName(str(index.model().headerData(
            index.column(), Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        """Show the cell's edit value."""
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, ChoiceCombo):
            editor.set_value(value)
        elif isinstance(editor, CommitTextEdit):
            editor.set_text("" if value is None else str(value))
        elif isinstance(editor, QLineEdit):
            editor.setText("" if value is None else str(value))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Hand the typed value to the model, which stores it as a command."""
        value: Any
        if isinstance(editor, ChoiceCombo):
            value = editor.value()
        elif isinstance(editor, (CommitTextEdit, QLineEdit)):
            value = editor.text()
        else:
            return
        if value == index.data(Qt.ItemDataRole.EditRole):
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        """Multi-line editors get room for a few lines; the others fill the cell."""
        rect = option.rect
        if isinstance(editor, CommitTextEdit):
            rect = rect.adjusted(0, 0, 0, max(0, editor.minimumHeight() - rect.height()))
        editor.setGeometry(rect)
