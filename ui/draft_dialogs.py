"""The questions asked before drafted text goes into the project, and the phrase files' pickers.

Every function here opens a modal dialog, so window tests replace them (as with ``ui.dialogs``):
``ask_add_drafts`` shows what 由扣分生成问题 / 由问题生成建议 will add and asks to confirm;
``ask_draft_placement`` asks where a drafted analysis goes when the field already has text;
``ask_phrase_import`` / ``ask_phrase_export`` choose a phrase file.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

REPLACE = "replace"
APPEND = "append"


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("draft_dialogs", text)


class DraftPreviewDialog(QDialog):
    """What will be added, in a scrollable box, with 添加 / 取消."""

    def __init__(self, parent: QWidget | None, title: str, summary: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        note = QLabel(tr("以下内容将作为草稿添加，添加后可以逐条修改或删除；一次“撤销”即可全部撤回。"))
        note.setWordWrap(True)
        self.preview = QPlainTextEdit(summary.replace("\n", "\n\n"))   # items set apart
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName(tr("将要添加的内容"))
        self.preview.setMinimumSize(560, 220)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton(tr("添加"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(note)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)


def ask_add_drafts(parent: QWidget | None, title: str, summary: str) -> bool:
    """Show what will be added; True when the user chose 添加."""
    dialog = DraftPreviewDialog(parent, title, summary)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


def ask_draft_placement(parent: QWidget | None, name: str) -> str | None:
    """The analysis of ``name`` already has text: REPLACE, APPEND or None (cancel)."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("生成分析段落"),
                      tr("“%s”的分析已经填写了内容。生成的段落要替换现有内容，还是添加到现有内容的末尾？")
                      % name, QMessageBox.StandardButton.NoButton, parent)
    append = box.addButton(tr("添加到末尾"), QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton(tr("替换"), QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(append)
    box.setEscapeButton(cancel)
    try:
        box.exec()
        clicked = box.clickedButton()
        return APPEND if clicked is append else REPLACE if clicked is replace else None
    finally:
        box.deleteLater()


def _filter() -> str:
    return tr("常用语库 (*.json);;所有文件 (*)")


def ask_phrase_import(parent: QWidget | None) -> str | None:
    """Choose a phrase file to import; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("导入常用语"), "", _filter())
    return path or None


def ask_phrase_export(parent: QWidget | None, suggested: str) -> str | None:
    """Choose where to export the phrase library; None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, tr("导出常用语"), suggested, _filter())
    if path and not path.lower().endswith(".json"):
        path += ".json"
    return path or None
