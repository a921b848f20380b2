"""文件 → 历史备份…: the open project's automatic backups, and 恢复到此版本.

The list is a table model over ``pfdesk.backups.list_backups``. Restoring asks through
``dialogs.confirm``, then closes the project, restores the file (its current content is backed
up first, 恢复前) and opens it again, so the window and its undo history start from the restored
content.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import backups
from pfdesk.backup_restore import check_backup
from pfdesk.backups import Backup
from pfdesk.errors import PfdeskError

from . import dialogs
from .models.headed_table import HeadedTableModel

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("时间", "原因", "指标数", "大小")


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("BackupsDialog", text)


class BackupListModel(HeadedTableModel):
    """One row per backup, newest first: time, reason, indicators, size."""

    HEADERS = HEADERS
    TR_CONTEXT = "BackupsDialog"

    def __init__(self, items: list[Backup], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items = list(items)

    def backup_at(self, row: int) -> Backup | None:
        """The backup shown in a row."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_total(self) -> int:
        """How many rows are held."""
        return len(self._items)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text; the full path of the copy as tooltip."""
        item = self.backup_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            count = "—" if item.indicators is None else str(item.indicators)
            return (item.local_time(), item.reason, count, item.size_text())[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(item.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BackupsDialog(QDialog):
    """The backups of one project file; emits ``restore_confirmed`` after the user agreed."""

    restore_confirmed = Signal(object)   # pfdesk.backups.Backup

    def __init__(self, items: list[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupsDialog")
        self.setWindowTitle(tr("历史备份"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumSize(520, 360)
        self.model = BackupListModel(items, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_note(bool(items)))
        layout.addWidget(self._build_view())
        layout.addWidget(self._build_buttons())
        if items:
            self.view.selectRow(0)
        self._selection_changed()

    def _build_note(self, any_items: bool) -> QLabel:
        text = tr("打开项目时和编辑期间每 %d 分钟自动备份一次，保留最近 %d 份。") % (
            backups.INTERVAL_MINUTES, backups.KEEP)
        if not any_items:
            text = tr("这个项目还没有备份。") + text
        note = QLabel(text)
        note.setWordWrap(True)
        return note

    def _build_view(self) -> QTableView:
        self.view = QTableView()
        self.view.setObjectName("backupsView")
        self.view.setAccessibleName(tr("备份列表"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.doubleClicked.connect(lambda _index: self.ask_restore())
        return self.view

    def _build_buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(tr("恢复到此版本"))
        self.restore_button.setObjectName("restoreBackup")
        box.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.ask_restore)
        box.rejected.connect(self.reject)
        return box

    def selected(self) -> Backup | None:
        """The backup of the selected row."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.backup_at(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def ask_restore(self) -> bool:
        """Confirm, then hand the chosen backup on and close; False when declined."""
        chosen = self.selected()
        if chosen is None:
            return False
        question = tr("把项目恢复到 %s（%s）的版本？当前内容会先自动备份（恢复前），"
                      "需要时可以再恢复回来。") % (chosen.local_time(), chosen.reason)
        if not dialogs.confirm(self, tr("恢复到此版本"), question):
            return False
        self.accept()
        self.restore_confirmed.emit(chosen)
        return True


def show_backups(window: MainWindow) -> BackupsDialog | None:
    """Open the backup list of the window's project (non-blocking); None when there is none."""
    project = window.project
    if project is None or project.path is None:
        dialogs.show_info(window, tr("历史备份"), tr("这个项目没有保存在文件中，没有备份。"))
        return None
    path = project.path
    try:
        items = backups.list_backups(path)
    except PfdeskError as exc:
        dialogs.show_error(window, tr("历史备份"), str(exc))
        return None
    dialog = BackupsDialog(items, window)
    dialog.restore_confirmed.connect(lambda chosen: restore_into_window(window, chosen, path))
    dialog.open()
    return dialog


def restore_into_window(window: MainWindow, chosen: Backup, path: Path) -> bool:
    """Close the project, restore ``chosen`` into its file, open it again.

    A damaged backup is refused before the project is closed, so its undo history is kept.
    """
    try:
        check_backup(chosen)
    except PfdeskError as exc:
        dialogs.show_error(window, tr("恢复备份"), str(exc))
        return False
    window.close_project(show_start=False)
    try:
        backups.restore(chosen, path)
    except PfdeskError as exc:
        dialogs.show_error(window, tr("恢复备份"), str(exc))
        if not window.open_project(path):
            window.close_project()
        return False
    if not window.open_project(path):
        window.close_project()
        return False
    window.statusBar().showMessage(
        tr("已恢复到 %s 的版本；恢复前的内容已自动备份，可在 文件 → 历史备份 中找回。") % chosen.local_time(),
        10000)
    return True
