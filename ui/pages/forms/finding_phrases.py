"""The firm's sentences offered in the 问题, 原因分析 and 建议 cells while typing.

``PhraseDelegate`` is the list tables' ``FieldDelegate`` with a ``PhraseCompleter`` on each
multi-line editor of a cell that takes sentences (see ``FindingListModel.phrase_context``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QPlainTextEdit, QStyleOptionViewItem, QWidget

from ...models.finding_list_model import FindingListModel
from ...phrase_popup import PhraseCompleter, current_book
from ...widgets.delegates import FieldDelegate

log = logging.getLogger(__name__)


def phrases_for(model: FindingListModel, row: int, column: int) -> list[str]:
    """The sentences a cell is offered: for its indicators' names, else every one of its kind."""
    context = model.phrase_context(row, column)
    if context is None:
        return []
    kind, names = context
    book = current_book()
    found = book.phrases(names, kind) if names else []
    return found or book.all_phrases(kind)


class PhraseDelegate(FieldDelegate):
    """Cells of the findings tables, with the firm's sentences offered while typing."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget | None:
        """The usual editor; a sentence list on it when the cell takes sentences."""
        editor = super().createEditor(parent, option, index)
        model = index.model()
        if (isinstance(editor, QPlainTextEdit) and isinstance(model, FindingListModel)
                and model.phrase_context(index.row(), index.column()) is not None):
            cell = QPersistentModelIndex(index)
            editor.phrase_completer = PhraseCompleter(  # type: ignore[attr-defined]
                editor, lambda: phrases_for(model, cell.row(), cell.column()))
        return editor
