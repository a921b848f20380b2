"""修改记录: the change log in the window, for one indicator or for the whole project.

``HistoryView`` is the table (``historyView``: 时间, 修改人, 设备, 内容, newest first) with a
filter by person (``historyUserFilter``), a pane listing the selected entry's field changes
(``historyDetail``) and 显示更早的记录 (``historyMore``) when the log holds more than is shown.
It follows the session: each stored edit, undo or redo appears at the top at once.

The indicator page shows it for the selected indicator; 编辑 → 修改记录… (``show_history``) opens
it for the whole project in a window of its own, where a double click goes to the indicator.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import changelog
from pfdesk.edits import Change

from . import dialogs
from .models.history_model import (
    COL_DEVICE,
    COL_SUMMARY,
    COL_TIME,
    COL_USER,
    HistoryModel,
    full_time,
)
from .read_only import mark_view_only
from .session import ProjectSession

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

ALL_USERS = "全部"


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("HistoryView", text)


class HistoryView(QWidget):
    """The change log as a table with a person filter and the selected entry's changes."""

    indicator_activated = Signal(str)      # an entry was double-clicked: its indicator's id

    def __init__(self, session: ProjectSession, whole_project: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setAccessibleName(tr("修改记录"))
        self.model = HistoryModel(session, self, whole_project=whole_project)
        self._pending: tuple[str | None] | None = None     # a scope to read once shown
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(6)
        self._build_filter(layout)
        self._build_table(layout)
        self._build_detail(layout)
        self.model.loaded.connect(self._loaded)
        self.model.modelReset.connect(self._show_detail)
        session.changed.connect(self._new_user)
        self._fill_users()
        self._loaded()
        self.model.set_active(False)           # until shown

    # ----- building -----

    def _build_filter(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        caption = QLabel(tr("修改人："))
        self.user_filter = QComboBox()
        self.user_filter.setObjectName("historyUserFilter")
        self.user_filter.setAccessibleName(tr("按修改人筛选"))
        self.user_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.user_filter.activated.connect(self._user_chosen)
        mark_view_only(self.user_filter)
        caption.setBuddy(self.user_filter)
        self.count = QLabel()
        self.count.setObjectName("historyCount")
        self.count.setStyleSheet("color: #555;")
        row.addWidget(caption)
        row.addWidget(self.user_filter)
        row.addSpacing(12)
        row.addWidget(self.count, 1)
        layout.addLayout(row)

    def _build_table(self, layout: QVBoxLayout) -> None:
        self.table = QTableView()
        self.table.setObjectName("historyView")
        self.table.setAccessibleName(tr("修改记录列表"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        metrics = self.fontMetrics()
        header.setSectionResizeMode(COL_TIME, QHeaderView.ResizeMode.Fixed)
        marker = self.table.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        header.resizeSection(COL_TIME, metrics.horizontalAdvance("12-02 21:20:01") + marker + 24)
        for col, sample in ((COL_USER, "欧阳晓明"), (COL_DEVICE, "办公室电脑")):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, metrics.horizontalAdvance(sample) + 20)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.more = QPushButton(tr("显示更早的记录"))
        self.more.setObjectName("historyMore")
        self.more.setToolTip(tr("再读入 %d 条更早的修改记录") % self.model.page_size)
        self.more.clicked.connect(self.model.load_more)
        mark_view_only(self.more)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.more)
        layout.addLayout(row)

    def _build_detail(self, layout: QVBoxLayout) -> None:
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("historyDetail")
        self.detail.setAccessibleName(tr("修改明细"))
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(tr("选中一条记录，这里列出每一处修改前后的值。"))
        self.detail.setMaximumHeight(self.fontMetrics().height() * 7)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 3)
        layout.addWidget(self.detail)

    # ----- what is shown -----

    def set_indicator(self, indicator_id: str | None) -> None:
        """Show one indicator's entries (with its branch); read when the view is shown."""
        if self.isVisible():
            self._pending = None
            if indicator_id != self.model.scope:
                self.model.set_scope(indicator_id)
        else:
            self._pending = (indicator_id,)

    def set_highlighted(self, entry_ids: set[str]) -> None:
        """Mark the entries made after an indicator's review."""
        self.model.set_highlighted(entry_ids)

    def showEvent(self, event: QShowEvent) -> None:
        """Read a scope chosen, or edits stored, while hidden."""
        super().showEvent(event)
        if self._pending is not None:
            (scope,) = self._pending
            self._pending = None
            if scope != self.model.scope:
                self.model.set_scope(scope)
        self.model.set_active(True)

    def hideEvent(self, event: QHideEvent) -> None:
        """Hidden, the view reads nothing until shown again."""
        super().hideEvent(event)
        self.model.set_active(False)

    def _fill_users(self) -> None:
        current = self.model.user
        try:
            people = changelog.users(self.session.project.conn)
        except sqlite3.Error:      # a closed project: keep what the list shows
            log.exception("cannot list the people in the change log")
            return
        self.user_filter.clear()
        self.user_filter.addItem(tr(ALL_USERS), None)
        for name in people:
            self.user_filter.addItem(name, name)
        at = self.user_filter.findData(current) if current else 0
        self.user_filter.setCurrentIndex(max(0, at))

    def _new_user(self, change: Change) -> None:
        entry = change.entry
        if entry is not None and self.user_filter.findData(entry.user) < 0:
            self._fill_users()

    def choose_user(self, user: str | None) -> bool:
        """Show one person's entries (None: everyone's); False when nobody of that name edited."""
        at = self.user_filter.findData(user) if user else 0
        if at < 0:
            return False
        self.user_filter.setCurrentIndex(at)
        self._user_chosen(at)
        return True

    def _user_chosen(self, at: int) -> None:
        user = self.user_filter.itemData(at)
        if user != self.model.user:
            self.model.set_user(user)

    def _loaded(self) -> None:
        rows = self.model.rowCount()
        self.more.setVisible(self.model.more)
        who = self.model.user
        if rows == 0:
            if who:
                text = tr("%s 没有修改过这里的内容") % who
            elif self.model.scope is None and not self.model.whole_project:
                text = tr("选择一个指标，查看它的修改记录")
            else:
                text = tr("还没有修改记录")
        elif self.model.more:
            text = tr("显示最近的 %d 条") % rows
        else:
            text = tr("共 %d 条") % rows
        if who and rows:
            text = tr("%s 的修改：") % who + text
        self.count.setText(text)
        self._show_detail()

    def _selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        self._show_detail()

    def selected_row(self) -> int:
        """The selected row (-1: none)."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _show_detail(self) -> None:
        row = self.selected_row()
        item = self.model.item_at(row)
        if item is None:
            self.detail.setPlainText("")
            return
        e = item.entry
        head = " · ".join(p for p in (full_time(e.time), e.user, tr("设备 %s") % e.device if
                                      e.device else "") if p)
        if item.damaged:
            body = [tr("这条记录的明细已损坏，无法显示修改前后的值，也不能撤销。")]
        else:
            body = self.model.lines_at(row) or [e.summary]
        self.detail.setPlainText("\n".join([head, *body]))

    def _activated(self, index: QModelIndex) -> None:
        item = self.model.item_at(index.row())
        if item is None:
            return
        for change in item.changes:
            ind = self.session.project.by_code(str(change.get("code") or ""))
            if ind is not None:
                self.indicator_activated.emit(ind.id)
                return


class HistoryDialog(QDialog):
    """编辑 → 修改记录…: the whole project's change log beside the window (not modal)."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        name = session.project.info.name or tr("未命名项目")
        self.setWindowTitle(tr("修改记录 — %s") % name)
        self.resize(940, 580)
        layout = QVBoxLayout(self)
        hint = QLabel(tr("每一项修改都记录在项目文件中：谁、在哪台电脑、什么时间、改了什么。"
                         "双击一条记录可转到相应的指标。"))
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.view = HistoryView(session, whole_project=True, parent=self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        session.destroyed.connect(self.close)


def show_history(window: MainWindow) -> HistoryDialog | None:
    """Show the whole project's change log (one window per project, brought forward)."""
    session = window.session
    if session is None:
        return None
    shown = dialogs.bring_forward(window, HistoryDialog, session)
    if shown is not None:
        return shown
    dialog = HistoryDialog(session, window)
    dialog.view.indicator_activated.connect(window.select_indicator)
    dialog.show()
    return dialog
