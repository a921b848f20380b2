"""Editors for the indicator tree: a score field that says why a value cannot be stored, and a
weight field.

The score editor takes what people type and paste (３, ４．５, 4。5, "2.5\\r\\n", 3分), reads it as
a plain number (the text is left as typed, so an input method is not disturbed) and checks it as
the core does (``pfdesk.paste.read_score``). A value that cannot be stored stays in the editor in
red; the view shows the reason next to the cell (得分应在 0～4 分之间) and Enter or Tab does not
leave it until it is corrected or Esc gives it up. A score left with such a value (a click
elsewhere) is kept as a draft: the cell shows it in red until corrected.
"""

from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDoubleValidator,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from pfdesk import paste, typed

from .models.indicator_model import COL_SCORE, COL_WEIGHT, ID_ROLE, WEIGHT_ROLE

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex
DRAFT_COLOR = QColor("#c0392b")
DRAFT_BACKGROUND = QColor("#fdecea")
CURRENT_CELL = QColor("#e67e22")       # the current cell's frame, seen on a selected row too


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("IndicatorDelegate", text)


class _PlainNumberValidator(QDoubleValidator):
    """Full-width digits and 。 from a Chinese input method become plain as they are typed
    (４．５ → 4.5), then the usual range and decimals check."""

    def validate(self, text: str, pos: int) -> object:  # type: ignore[override]
        plain = typed.normalised(text)
        state = super().validate(plain, pos)
        state = state[0] if isinstance(state, tuple) else state
        return state, plain, min(pos, len(plain))


def number_validator(top: float, parent: QWidget) -> QDoubleValidator:
    """A validator for 0 … top with at most two decimals, written with a dot."""
    validator = _PlainNumberValidator(0.0, top, 2, parent)
    validator.setNotation(QDoubleValidator.Notation.StandardNotation)
    validator.setLocale(QLocale.c())
    return validator


def weight_of(index: ModelIndex) -> Decimal:
    """The indicator's weight as a number (0 when unset)."""
    try:
        return Decimal(str(index.data(WEIGHT_ROLE) or "0"))
    except InvalidOperation:
        return Decimal(0)


class NumberEdit(QLineEdit):
    """A line edit for points (the weight); red while the text cannot be stored."""

    def __init__(self, top: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(number_validator(top, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(self._mark)

    def _mark(self) -> None:
        self.setStyleSheet("" if self.hasAcceptableInput() or not self.text()
                           else "color: #c0392b;")


class ScoreEdit(QLineEdit):
    """The 得分 editor: what is typed is read as a plain number and checked against 0 … weight.

    ``problem()`` is '' or why the text cannot be stored; ``problem_changed`` tells the view;
    a paste of more than one cell asks the view to paste the block (``block_pasted``).
    """

    problem_changed = Signal(str)
    block_pasted = Signal(str)

    def __init__(self, weight: Decimal, index: ModelIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weight = weight
        self.index = QPersistentModelIndex(index)
        self.enter_pressed = False
        self._problem = ""
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.textChanged.connect(self._check)

    def problem(self) -> str:
        """Why the text cannot be stored ('' when it can)."""
        return self._problem

    def value_text(self) -> str:
        """The text as the model should store it (plain digits, no 分)."""
        return paste.normal_number(self.text())

    def _check(self, text: str) -> None:
        plain = paste.normal_number(text)      # the text stays as typed (an input method's)
        try:
            paste.read_score(plain, self.weight)
            problem = ""
        except paste.ScoreRefused as exc:
            problem = str(exc)
        self.setStyleSheet("color: #c0392b;" if problem else "")
        if problem != self._problem:
            self._problem = problem
            self.problem_changed.emit(problem)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+V of one cell pastes its number; of a block, asks the view to paste it."""
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            cells = [c for row in paste.parse_tsv(text) for c in row]
            if len(cells) > 1 and any(paste.normal_number(c) for c in cells[1:]):
                self.block_pasted.emit(text)
                return
            self.insert(paste.normal_number(cells[0] if cells else ""))
            return
        super().keyPressEvent(event)


class IndicatorDelegate(QStyledItemDelegate):
    """Picks the editor by column: score, weight; plain text for code and name.

    ``drafts`` holds, by indicator id, a score left with a value that could not be stored,
    shown in red in its cell until corrected or given up.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.drafts: dict[str, str] = {}

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: ModelIndex) -> QWidget:
        """A checked number field or a text field."""
        col = index.column()
        if col == COL_SCORE:
            editor = ScoreEdit(weight_of(index), index, parent)
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

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        """The cell's value, or the draft left in it."""
        draft = self.drafts.get(index.data(ID_ROLE) or "")
        if isinstance(editor, ScoreEdit) and draft is not None:
            editor.setText(draft)
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: ModelIndex) -> None:
        """Store the editor's value through the model's setData (not when it is refused)."""
        if isinstance(editor, ScoreEdit):
            if editor.problem():
                return
            self.drafts.pop(index.data(ID_ROLE) or "", None)
            model.setData(index, editor.value_text(), Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, NumberEdit):
            if editor.text() and not editor.hasAcceptableInput():
                return
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        """Enter or Tab on a score that cannot be stored keeps the editor open with the reason.

        Enter on a good score stores it and closes the editor at once (Qt's own handling waits
        for the event queue, and keys typed quickly after Enter then land in the old editor).
        """
        if isinstance(editor, ScoreEdit) and event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            leaving = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            if key in leaving and editor.problem():
                editor.problem_changed.emit(editor.problem())   # show it again
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                editor.enter_pressed = True
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.SubmitModelCache)
                return True
        return super().eventFilter(editor, event)

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """A draft score is shown in red on a light red cell."""
        super().initStyleOption(option, index)
        if index.column() != COL_SCORE:
            return
        draft = self.drafts.get(index.data(ID_ROLE) or "")
        if draft is not None:
            option.text = draft  # type: ignore[attr-defined]
            option.palette.setColor(QPalette.ColorRole.Text, DRAFT_COLOR)  # type: ignore[attr-defined]
            option.backgroundBrush = QBrush(DRAFT_BACKGROUND)  # type: ignore[attr-defined]

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        """The cell, framed when it is the current one (the row shows the selection)."""
        super().paint(painter, option, index)
        view = self.parent()
        if isinstance(view, QAbstractItemView) and index == view.currentIndex() \
                and view.hasFocus():
            painter.save()
            painter.setPen(QPen(CURRENT_CELL, 2))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))  # type: ignore[attr-defined]
            painter.restore()
