"""The preview before a block from Excel goes into a list table: what changes, what is refused.

One line per changed cell (粘贴的行 / 表格中的行 / 列 / 原内容 / 粘贴后), the lines that cannot be
pasted with the reason for each, and notes (a header line skipped, cells beyond the last column).
粘贴 stores everything shown as one undo step; 取消 stores nothing. ``ask`` is what the list
editor calls (tests replace it to drive the dialog itself).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk.table_paste import PastePlan

log = logging.getLogger(__name__)

REFUSED_COLOUR = "#b3261e"
ADDED_COLOUR = "#1e7b34"


def tr(text: str) -> str:
    """Translate a text of the paste preview."""
    return QCoreApplication.translate("TablePastePreview", text)


class PastePreviewDialog(QDialog):
    """Shows a ``PastePlan``; accepted means 'store it'."""

    def __init__(self, plan: PastePlan, table: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(tr("粘贴到“%s”") % table)
        self.setAccessibleName(tr("粘贴预览"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(tr(plan.summary()), self)
        self.summary.setObjectName("pasteSummary")
        self.summary.setWordWrap(True)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        layout.addWidget(self.summary)
        self.view = self._build_changes()
        layout.addWidget(self.view, 1)
        self.refused = QListWidget(self)
        self.refused.setAccessibleName(tr("无法粘贴的行"))
        for line, reason in plan.refused:
            self.refused.addItem(tr("第 %d 行：%s") % (line, reason))
        for index in range(self.refused.count()):
            self.refused.item(index).setForeground(QColor(REFUSED_COLOUR))
        self.refused.setVisible(bool(plan.refused))
        self.refused.setMaximumHeight(120)
        layout.addWidget(self.refused)
        self.notes = QLabel("\n".join(tr(n) for n in plan.notes), self)
        self.notes.setWordWrap(True)
        self.notes.setVisible(bool(plan.notes))
        layout.addWidget(self.notes)
        hint = QLabel(tr("空白单元格不修改原有内容。粘贴后可用“撤销”（Ctrl+Z）一步撤回。"), self)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(self)
        self.paste_button = QPushButton(tr("粘贴"), self)
        self.paste_button.setAccessibleName(tr("确认粘贴"))
        self.paste_button.setEnabled(bool(plan.rows))
        self.paste_button.setDefault(True)
        buttons.addButton(self.paste_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def _build_changes(self) -> QTableView:
        model = QStandardItemModel(0, 5, self)
        model.setHorizontalHeaderLabels([tr("粘贴的行"), tr("表格中的行"), tr("列"), tr("原内容"),
                                         tr("粘贴后")])
        for planned in self.plan.rows:
            where = tr("新增") if planned.row is None else str(planned.row + 1)
            for title, before, after in planned.cells:
                items = [QStandardItem(str(planned.line)), QStandardItem(where),
                         QStandardItem(title), QStandardItem(before), QStandardItem(after)]
                if planned.row is None:
                    items[1].setForeground(QColor(ADDED_COLOUR))
                for item in items:
                    item.setEditable(False)
                model.appendRow(items)
        view = QTableView(self)
        view.setModel(model)
        view.setAccessibleName(tr("将要修改的内容"))
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(True)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        return view


def ask(parent: QWidget | None, plan: PastePlan, table: str) -> bool:
    """Show the preview; True when the user chose 粘贴."""
    dialog = PastePreviewDialog(plan, table, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
