"""The one item delegate of the list tables: it asks the model which editor a cell wants.

The model answers ``EDITOR_ROLE`` (text, multi-line, money, decimal, choice, choice with free
text) and ``CHOICES_ROLE``; the delegate builds the matching editor from this package, shows the
cell's edit value in it and hands the typed value back through ``setData`` (the model turns it
into a pfdesk command). Multi-line cells get an editor taller than the row.

Tab and Shift+Tab from an open editor go to the next cell that can be typed in (read-only and
hidden columns are skipped, see ``table_keys``). An amount that cannot be taken keeps its editor
open on Enter, Tab or a click elsewhere in the window, with the reason floating under the cell.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from .choice_combo import ChoiceCombo
from .field_note import CellNote
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
from .table_keys import next_editable, tab_direction
from .text_edit import CommitTextEdit, OneLineEdit, one_line

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
        title = str(index.model().headerData(index.column(), Qt.Orientation.Horizontal,
                                             Qt.ItemDataRole.DisplayRole) or "")
        if kind in (EDITOR_MONEY, EDITOR_DECIMAL):
            editor = MoneyEdit(parent, what=title.partition("（")[0])   # 预算（万元） → 预算
            CellNote(editor)
        elif kind in (EDITOR_CHOICE, EDITOR_CHOICE_FREE):
            editor = ChoiceCombo(index.data(CHOICES_ROLE) or (),
                                 free_text=kind == EDITOR_CHOICE_FREE, parent=parent)
        elif kind == EDITOR_MULTILINE:
            editor = CommitTextEdit(parent, lines=3)
            editor.setTabChangesFocus(True)
        else:
            editor = OneLineEdit(parent)
        editor.setAccessibleName(title)
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
        elif isinstance(editor, CommitTextEdit):
            value = editor.text()
        elif isinstance(editor, QLineEdit):
            value = editor.text() if isinstance(editor, MoneyEdit) else one_line(editor.text())
        else:
            return
        if value == index.data(Qt.ItemDataRole.EditRole):
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Tab goes to the next editable cell; a refused amount keeps its editor open."""
        if not isinstance(editor, QWidget):
            return super().eventFilter(editor, event)
        backwards = tab_direction(event)
        leaving = (backwards is not None or _is_enter(event)
                   or event.type() == QEvent.Type.FocusOut)
        if isinstance(editor, MoneyEdit) and leaving and not editor.check():
            # kept open with its note, nothing stored; a focus-out still reaches the editor
            return event.type() != QEvent.Type.FocusOut
        view = _view_of(editor)
        if backwards is not None and view is not None:
            index = view.currentIndex()
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            target = next_editable(view, index, backwards)
            if target.isValid():
                view.setCurrentIndex(target)
                view.edit(target)
            return True
        return super().eventFilter(editor, event)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        """Multi-line editors get room for a few lines; the others fill the cell."""
        rect = option.rect
        if isinstance(editor, CommitTextEdit):
            rect = rect.adjusted(0, 0, 0, max(0, editor.minimumHeight() - rect.height()))
        editor.setGeometry(rect)


def _is_enter(event: QEvent) -> bool:
    return (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter))


def _view_of(editor: QWidget) -> QTableView | None:
    """The table an editor was opened in (its parent is the view's viewport)."""
    viewport = editor.parentWidget()
    view = viewport.parentWidget() if viewport is not None else None
    return view if isinstance(view, QTableView) else None
