"""The indicator tree view: keyboard-first score entry.

On a leaf row, typing a number (also ３ or ４．５ from a Chinese input method) opens its 得分 with
what was typed; letters never rename anything: codes, names and weights are edited with F2 or a
double-click. Enter stores a score and opens the next leaf whose score can be typed (parents,
not-applicable leaves and leaves scored by deductions or the panel are skipped); Enter on a row
not being edited opens its score. Tab / Shift+Tab and Right / Left move between editable cells
only, and Tab stays in the tree while a row is current (Ctrl+Tab leaves it). Delete clears a
hand-typed score.

A score that cannot be stored says why in a note next to its cell (``scoreMessage``) that stays
until it is corrected or Esc gives it up; left with such a value, the cell keeps it as a red
draft and the session reports it. Ctrl+C copies the selected rows as tab-separated text with
headers; Ctrl+V pastes one value or a block of scores (``ui.paste_preview``). The view's
objectName is ``indicatorView``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QTreeView,
    QWidget,
)

from pfdesk import paste

from .. import paste_preview
from ..delegates import IndicatorDelegate, ScoreEdit
from ..models.indicator_model import COL_NAME, COL_SCORE, COL_STATUS, HEADERS, ID_ROLE, IndicatorModel

log = logging.getLogger(__name__)

COLUMN_WIDTHS = {0: 104, 2: 48, 3: 52, 4: 72}
WIDEST_STATUS = "复核后已修改"      # the status column fits it with its red mark
NUMBER_START = frozenset("0123456789.-")
Action = QAbstractItemView.CursorAction
Hint = QAbstractItemDelegate.EndEditHint


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("IndicatorView", text)


def starts_number(text: str) -> bool:
    """True when typed text begins a number (３ and ．count; a space or a letter does not)."""
    plain = paste.normal_number(text)
    return bool(plain) and plain[0] in NUMBER_START


class CellMessage(QLabel):
    """A note shown next to a cell of the view; it stays until hidden."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view.viewport())
        self.setObjectName("scoreMessage")
        self.setAccessibleName(tr("得分提示"))
        self.setStyleSheet("QLabel { background: #fdecea; color: #a93226; border: 1px solid "
                           "#e6b0aa; border-radius: 3px; padding: 3px 6px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        self._view = view
        self.index = QPersistentModelIndex()

    def show_at(self, index: QModelIndex | QPersistentModelIndex, text: str) -> None:
        """Show ``text`` beside the cell of ``index``."""
        self.index = QPersistentModelIndex(index)
        self.setText(text)
        self.adjustSize()
        self.place()

    def place(self) -> None:
        """Follow the cell (after scrolling or resizing); hidden while it is out of sight."""
        if not self.index.isValid() or not self.text():
            self.hide()
            return
        rect = self._view.visualRect(QModelIndex(self.index))
        area = self._view.viewport().rect()
        if rect.isEmpty() or rect.bottom() < 0 or rect.top() > area.height():
            self.hide()
            return
        x = max(0, min(rect.left(), area.width() - self.width()))
        y = rect.bottom() + 2
        if y + self.height() > area.height():
            y = max(0, rect.top() - self.height() - 2)
        self.move(QPoint(x, y))
        self.show()
        self.raise_()

    def clear(self) -> None:
        """Hide the note."""
        self.setText("")
        self.index = QPersistentModelIndex()
        self.hide()


class IndicatorView(QTreeView):
    """The tree of one dimension's indicators, edited in place."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("indicatorView")
        self.setAccessibleName(tr("指标列表"))
        self.delegate = IndicatorDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.setIndentation(16)
        self.message = CellMessage(self)
        self.paste_dialog: paste_preview.PastePreviewDialog | None = None
        self.verticalScrollBar().valueChanged.connect(self.message.place)
        self.horizontalScrollBar().valueChanged.connect(self.message.place)

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
        header.sectionResized.connect(lambda *_a: self.message.place())
        model.modelReset.connect(self._forget_drafts)

    def resizeEvent(self, event: QEvent) -> None:  # type: ignore[override]
        """Keep the note beside its cell."""
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.message.place()

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # type: ignore[override]
        """A note about another row goes (a draft's note stays until it is dealt with)."""
        super().currentChanged(current, previous)
        note = QModelIndex(self.message.index)
        if note.isValid() and note.siblingAtColumn(0) != current.siblingAtColumn(0) \
                and note.data(ID_ROLE) not in self.delegate.drafts:
            self.message.clear()

    # ----- starting to edit -----

    def edit(self, index: QModelIndex | QPersistentModelIndex,  # type: ignore[override]
             trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger.AllEditTriggers,
             event: QEvent | None = None) -> bool:
        """Typing on a row edits its 得分, and only when it begins a number."""
        if trigger == QAbstractItemView.EditTrigger.AnyKeyPressed:
            text = typed_text(event)
            if not starts_number(text):
                return False
            score = index.siblingAtColumn(COL_SCORE)
            if not score.flags() & Qt.ItemFlag.ItemIsEditable:
                self._explain_not_scored(index)
                return False
            if index.column() != COL_SCORE:
                self.setCurrentIndex(score)
            index = score
        opened = super().edit(index, trigger, event)
        if opened:
            self._follow_editor(index)
            editor = self.indexWidget(QModelIndex(index))
            if isinstance(event, QInputMethodEvent) and editor is not None:
                # Qt opens the editor but does not hand it the input method's text.
                QCoreApplication.sendEvent(editor, QInputMethodEvent(event))
        return opened

    def _follow_editor(self, index: QModelIndex | QPersistentModelIndex) -> None:
        editor = self.indexWidget(QModelIndex(index))
        if isinstance(editor, ScoreEdit):
            editor.problem_changed.connect(lambda why, e=editor: self._show_problem(e, why))
            editor.block_pasted.connect(lambda text, e=editor: self._paste_from_editor(e, text))
            if editor.problem():
                self._show_problem(editor, editor.problem())
            elif self.message.index == index:
                self.message.clear()

    def _show_problem(self, editor: ScoreEdit, why: str) -> None:
        if why:
            self.message.show_at(editor.index, why + tr("（改正后按回车，Esc 放弃）"))
        elif self.message.index == editor.index:
            self.message.clear()

    def _explain_not_scored(self, index: QModelIndex | QPersistentModelIndex) -> None:
        model = self.model()
        why = model.why_not_scored(index) if isinstance(model, IndicatorModel) else ""
        if why:
            self.message.show_at(index.siblingAtColumn(COL_SCORE), why)

    # ----- closing an editor -----

    def closeEditor(self, editor: QWidget, hint: Hint) -> None:
        """After Enter on a score, go on to the next leaf's score; after Tab, to the next
        editable cell; a score left with a value that cannot be stored becomes a draft."""
        if isinstance(editor, ScoreEdit):
            self._close_score(editor, hint)
            return
        if hint in (Hint.EditNextItem, Hint.EditPreviousItem):
            super().closeEditor(editor, Hint.NoHint)
            self._tab(hint == Hint.EditNextItem, open_score=True)
            return
        super().closeEditor(editor, hint)

    def _close_score(self, editor: ScoreEdit, hint: Hint) -> None:
        index, enter = QModelIndex(editor.index), editor.enter_pressed
        ind_id = index.data(ID_ROLE) or ""
        if hint == Hint.RevertModelCache:
            self.delegate.drafts.pop(ind_id, None)
            self.message.clear()
        elif editor.problem():
            self._keep_draft(index, editor.text(), editor.problem())
        elif self.message.index == editor.index:
            self.message.clear()
        tab = hint in (Hint.EditNextItem, Hint.EditPreviousItem)
        super().closeEditor(editor, Hint.NoHint if tab else hint)
        if tab:
            self._tab(hint == Hint.EditNextItem, open_score=True)
        elif enter and not editor.problem() and index.isValid():
            self.edit_next_score(index)

    def _keep_draft(self, index: QModelIndex, text: str, why: str) -> None:
        ind_id = index.data(ID_ROLE) or ""
        self.delegate.drafts[ind_id] = text
        code, now = index.siblingAtColumn(0).data(), index.data() or tr("空")
        message = tr("%s 的得分仍是 %s，输入的“%s”没有存入：%s") % (code, now, text, why)
        self.message.show_at(index, message + tr("（回到该格按回车改正，Esc 放弃）"))
        model = self.model()
        if isinstance(model, IndicatorModel):
            model.session.error_reported.emit(message)
        self.viewport().update()

    def _forget_drafts(self) -> None:
        model = self.model()
        if isinstance(model, IndicatorModel):
            for ind_id in list(self.delegate.drafts):
                if not model.contains(ind_id):
                    self.delegate.drafts.pop(ind_id)
        self.message.clear()

    def edit_next_score(self, current: QModelIndex | QPersistentModelIndex) -> bool:
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

    # ----- moving between editable cells -----

    def _editable_in_row(self, index: QModelIndex) -> list[int]:
        return [c for c in range(len(HEADERS))
                if index.siblingAtColumn(c).flags() & Qt.ItemFlag.ItemIsEditable]

    def _in_row(self, current: QModelIndex, forward: bool) -> QModelIndex:
        """The next (or previous) editable cell of ``current``'s row; ``current`` when none."""
        cols = self._editable_in_row(current)
        later = [c for c in cols if (c > current.column() if forward else c < current.column())]
        return current.siblingAtColumn(later[0] if forward else later[-1]) if later else current

    def moveCursor(self, action: Action, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Right / Left move along the row's editable cells (Right still opens a closed branch)."""
        current = self.currentIndex()
        if action in (Action.MoveRight, Action.MoveLeft) and current.isValid():
            if action == Action.MoveRight and self.model().hasChildren(current.siblingAtColumn(0)) \
                    and not self.isExpanded(current.siblingAtColumn(0)):
                return super().moveCursor(action, modifiers)
            target = self._in_row(current, action == Action.MoveRight)
            if target != current or action == Action.MoveRight:
                return target
        return super().moveCursor(action, modifiers)

    def _tab(self, forward: bool, open_score: bool = False) -> None:
        current = self.currentIndex()
        target = self._row_step(current, forward)
        if target.isValid() and target != current:
            self.setCurrentIndex(target)
            self.scrollTo(target)
        if open_score and target.isValid() and target.column() == COL_SCORE:
            self.edit(target)

    def _row_step(self, current: QModelIndex, forward: bool) -> QModelIndex:
        """The next editable cell in reading order (into the next rows), or ``current``."""
        target = self._in_row(current, forward)
        if target != current:
            return target
        row = self.indexBelow(current) if forward else self.indexAbove(current)
        while row.isValid():
            cols = self._editable_in_row(row)
            if cols:
                return row.siblingAtColumn(cols[0] if forward else cols[-1])
            row = self.indexBelow(row) if forward else self.indexAbove(row)
        return current

    def focusNextPrevChild(self, next_: bool) -> bool:
        """Tab and Shift+Tab move between editable cells while a row is current."""
        if self.currentIndex().isValid() and self.state() != QAbstractItemView.State.EditingState:
            self._tab(next_)
            return True
        return super().focusNextPrevChild(next_)

    # ----- keys -----

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter, Delete, Ctrl+C, Ctrl+V and Ctrl+Tab on the tree; the rest as a tree view."""
        current = self.currentIndex()
        editing = self.state() == QAbstractItemView.State.EditingState
        if not editing and self._own_key(event, current):
            event.accept()
            return
        super().keyPressEvent(event)

    def _own_key(self, event: QKeyEvent, current: QModelIndex) -> bool:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and mods & Qt.KeyboardModifier.ControlModifier:
            QAbstractScrollArea.focusNextPrevChild(self, key == Qt.Key.Key_Tab
                                                   and not mods & Qt.KeyboardModifier.ShiftModifier)
            return True
        if event.matches(QKeySequence.StandardKey.Copy):
            paste_preview.copy_rows(self)
            return True
        if event.matches(QKeySequence.StandardKey.Paste):
            if self.editable():
                paste_preview.paste_into(self)
            elif current.isValid():
                self.message.show_at(current, tr("项目以只读方式打开，不能粘贴"))
            return True
        if not current.isValid() or not self.editable():
            return False
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & ~Qt.KeyboardModifier.KeypadModifier:
            score = current.siblingAtColumn(COL_SCORE)
            if score.flags() & Qt.ItemFlag.ItemIsEditable:
                self.setCurrentIndex(score)
                self.edit(score)
            else:
                self.edit_next_score(current)
            return True
        if key == Qt.Key.Key_Escape and self.message.isVisible():
            self.delegate.drafts.pop(QModelIndex(self.message.index).data(ID_ROLE) or "", None)
            self.message.clear()
            self.viewport().update()
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and current.column() == COL_SCORE \
                and current.flags() & Qt.ItemFlag.ItemIsEditable:
            self.delegate.drafts.pop(current.data(ID_ROLE) or "", None)
            self.model().setData(current, "", Qt.ItemDataRole.EditRole)
            return True
        if event.text() and starts_number(event.text()):
            if not self.edit(current, QAbstractItemView.EditTrigger.AnyKeyPressed, event):
                self._explain_not_scored(current)
            return True
        return False

    def editable(self) -> bool:
        """False when the project is open read-only (the editors are locked)."""
        return self.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers

    def _paste_from_editor(self, editor: ScoreEdit, text: str) -> None:
        """A block pasted into an open score editor is pasted into the tree."""
        self.closeEditor(editor, Hint.RevertModelCache)
        paste_preview.paste_into(self, text)


def typed_text(event: QEvent | None) -> str:
    """The text a key press or an input method's commit brings."""
    if isinstance(event, QKeyEvent):
        return event.text()
    if isinstance(event, QInputMethodEvent):
        return event.commitString() or event.preeditString()
    return ""
