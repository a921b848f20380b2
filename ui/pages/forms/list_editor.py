"""A list table with its buttons: the view over a ``RowListModel`` plus 添加 / 删除 / 上移 / 下移.

Adding starts editing the new row's first cell; removing several selected rows is one command
(one undo step, and undo puts them back where they were); moving swaps display order. Cells are
edited in place through ``FieldDelegate``; multi-line columns wrap and the rows grow to fit.

Ctrl+V pastes a block copied from Excel from the current cell: existing rows are updated, lines
beyond the end add rows, after a preview of every change and of the lines refused with why
(``ui.table_paste_preview``); the whole paste is one undo step. One cell goes in at once, like
typing it. Ctrl+C copies the selected cells as tab-separated text under the column titles.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ... import table_paste_preview
from ...models.row_list_model import RowListModel
from ...widgets.delegates import FieldDelegate
from ...widgets.roles import EDITOR_MULTILINE

log = logging.getLogger(__name__)

MAX_AUTO_WIDTH = 260
MIN_WIDTH = 64
MAX_LINES = 3          # a long multi-line cell shows its first lines; the tooltip has it all


def tr(text: str) -> str:
    """Translate a text of the list editor."""
    return QCoreApplication.translate("ListEditor", text)


class ListEditor(QWidget):
    """Table view and buttons over one list model."""

    current_changed = Signal(object)  # the current row's id, or None

    def __init__(self, model: RowListModel, title: str = "", parent: QWidget | None = None,
                 movable: bool = True) -> None:
        super().__init__(parent)
        self.model = model
        self._title = title
        self.view = QTableView(self)
        self._build_view()
        self._build_buttons(movable)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._bar)
        layout.addWidget(self.view)
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        model.rowsInserted.connect(lambda *_: self._update_buttons())
        model.layoutChanged.connect(lambda *_: self._update_buttons())
        model.rowsRemoved.connect(lambda *_: self._update_buttons())
        self.fit_columns()
        self._update_buttons()

    def _build_view(self) -> None:
        view = self.view
        view.setModel(self.model)
        view.setItemDelegate(FieldDelegate(view))
        view.setAccessibleName(self._title or tr("列表"))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        view.setWordWrap(True)
        view.setAlternatingRowColors(True)
        stretched = any(c.stretch for c in self.model.columns)
        view.horizontalHeader().setStretchLastSection(not stretched)
        view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        view.verticalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        if self._has_multiline():
            rows = view.verticalHeader()
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            rows.setMaximumSectionSize(view.fontMetrics().lineSpacing() * MAX_LINES + 10)

    def _build_buttons(self, movable: bool) -> None:
        self._bar = QHBoxLayout()
        if self._title:
            label = QLabel(self._title, self)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self._bar.addWidget(label)
        self._bar.addStretch(1)
        self.add_button = self._button(tr("添加"), tr("在末尾添加一行并开始填写（Insert）"),
                                       self.add)
        self.remove_button = self._button(tr("删除"), tr("删除所选行，可撤销（Delete）"),
                                          self.remove)
        self.up_button = self._button(tr("上移"), tr("把当前行往上移一位"), lambda: self.move(-1))
        self.down_button = self._button(tr("下移"), tr("把当前行往下移一位"), lambda: self.move(1))
        self.up_button.setVisible(movable)
        self.down_button.setVisible(movable)
        for key, slot in ((QKeySequence.StandardKey.Delete, self.remove),
                          (QKeySequence(Qt.Key.Key_Insert), self.add)):
            action = QAction(self.view)
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.view.addAction(action)

    def _button(self, text: str, tip: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.setAccessibleName(f"{self._title}{text}")
        button.clicked.connect(slot)
        self._bar.addWidget(button)
        return button

    def _has_multiline(self) -> bool:
        return any(c.editor == EDITOR_MULTILINE for c in self.model.columns)

    # ----- layout -----

    def fit_columns(self) -> None:
        """Column widths from the specs, else from the contents (capped)."""
        header = self.view.horizontalHeader()
        for col, spec in enumerate(self.model.columns):
            if spec.stretch:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
                header.setMinimumSectionSize(MIN_WIDTH)
            elif spec.width:
                header.resizeSection(col, spec.width)
            else:
                self.view.resizeColumnToContents(col)
                width = min(MAX_AUTO_WIDTH, max(MIN_WIDTH, header.sectionSize(col)))
                header.resizeSection(col, width)

    # ----- actions -----

    def current_row_id(self) -> str | None:
        """The id of the current row (None for none or the 合计 row)."""
        row = self.model.row_at(self.view.currentIndex().row())
        return row.id if row is not None else None

    def select_row_id(self, row_id: str, column: int = 0) -> bool:
        """Make a row current; False if it is not in the list."""
        row = self.model.row_of(row_id)
        if row < 0:
            return False
        self.view.setCurrentIndex(self.model.index(row, column))
        return True

    def add(self) -> None:
        """Append a row and start editing its first editable cell."""
        row = self.model.add()
        if row < 0:
            return
        column = next((i for i, c in enumerate(self.model.columns) if c.editable), 0)
        index = self.model.index(row, column)
        self.view.setCurrentIndex(index)
        self.view.setFocus()
        self.view.edit(index)

    def remove(self) -> None:
        """Remove the selected rows (or the current one) as one undo step."""
        rows = {i.row() for i in self.view.selectionModel().selectedIndexes()}
        if not rows and self.view.currentIndex().isValid():
            rows = {self.view.currentIndex().row()}
        rows = {r for r in rows if self.model.row_at(r) is not None}
        if not rows:
            return
        first, column = min(rows), max(0, self.view.currentIndex().column())
        if self.model.remove(sorted(rows)):
            count = len(self.model.rows)
            if count:
                index = self.model.index(min(first, count - 1), column)
                self.view.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def move(self, delta: int) -> None:
        """Move the current row up or down."""
        index = self.view.currentIndex()
        row = self.model.row_at(index.row())
        if row is None:
            return
        if self.model.move(index.row(), delta):
            self.view.selectionModel().setCurrentIndex(
                self.model.index(self.model.row_of(row.id), index.column()),
                QItemSelectionModel.SelectionFlag.ClearAndSelect)

    # ----- Excel both ways -----

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+C / Ctrl+V on the table (not inside an open editor) copy and paste blocks; a
        click below the last row leaves no current cell, so that a paste appends rows."""
        if (watched is self.view.viewport() and event.type() == QEvent.Type.MouseButtonPress
                and isinstance(event, QMouseEvent)
                and not self.view.indexAt(event.position().toPoint()).isValid()):
            self.view.clearSelection()
            self.view.selectionModel().setCurrentIndex(
                QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        if watched is self.view and event.type() in (QEvent.Type.ShortcutOverride,
                                                      QEvent.Type.KeyPress):
            key = event if isinstance(event, QKeyEvent) else None
            wanted = key is not None and (key.matches(QKeySequence.StandardKey.Copy)
                                          or key.matches(QKeySequence.StandardKey.Paste))
            if wanted and key is not None:
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()      # the table's, not a menu's
                elif key.matches(QKeySequence.StandardKey.Copy):
                    self.copy()
                else:
                    self.paste()
                return event.type() == QEvent.Type.KeyPress
        return super().eventFilter(watched, event)

    def selected_block(self) -> tuple[list[int], list[int]]:
        """The rows and columns of the selected cells (the current cell when none is)."""
        indexes = self.view.selectionModel().selectedIndexes()
        if not indexes and self.view.currentIndex().isValid():
            indexes = [self.view.currentIndex()]
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes if not self.view.isColumnHidden(i.column())})
        return rows, columns

    def copy(self) -> str:
        """Copy the selected cells with the column titles as tab-separated text; the text."""
        rows, columns = self.selected_block()
        if not rows or not columns:
            return ""
        text = self.model.copy_text(rows, columns)
        QGuiApplication.clipboard().setText(text)
        return text

    def paste(self, text: str | None = None) -> bool:
        """Paste the clipboard's text (or ``text``) from the current cell; True if stored."""
        text = QGuiApplication.clipboard().text() if text is None else text
        if not text.strip():
            return False
        session = self.model.session
        if session.read_only:
            session.error_reported.emit(tr("项目以只读方式打开，不能粘贴"))
            return False
        current = self.view.currentIndex()
        row = current.row() if current.isValid() else len(self.model.rows)
        column = max(0, current.column()) if current.isValid() else 0
        plan = self.model.plan_paste(text, row, column)
        single = (len(plan.rows) == 1 and len(plan.rows[0].cells) == 1 and not plan.refused
                  and plan.rows[0].row is not None)
        if not plan.rows and not plan.refused:
            return False        # nothing differs from what is there
        if not single:
            if not plan.rows and len(plan.refused) == 1 and "\t" not in text.strip() \
                    and "\n" not in text.strip():
                session.error_reported.emit(plan.refused[0][1])   # one cell: say why, no dialog
                return False
            if not table_paste_preview.ask(self, plan, self._title or tr("列表")):
                return False
        if not self.model.apply_paste(plan):
            return False
        first = plan.rows[0]
        target = first.row if first.row is not None else len(self.model.rows) - len(plan.added)
        self.view.setCurrentIndex(self.model.index(target, column))
        return True

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_buttons()
        row = self.model.row_at(current.row()) if current.isValid() else None
        self.current_changed.emit(row.id if row is not None else None)

    def _update_buttons(self) -> None:
        row = self.view.currentIndex().row()
        editable = not self.model.session.read_only
        real = editable and self.model.row_at(row) is not None
        self.add_button.setEnabled(editable)
        self.remove_button.setEnabled(real)
        self.up_button.setEnabled(real and row > 0)
        self.down_button.setEnabled(real and row < len(self.model.rows) - 1)
