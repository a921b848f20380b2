"""Every message box and file dialog of the window goes through this module.

Callers use ``dialogs.show_error(...)`` and friends (never ``QMessageBox`` directly), so a test
can replace one function here and no modal dialog ever blocks an offscreen run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from pfdesk.paths import PROJECT_SUFFIX, PROJECT_SUFFIXES, with_project_suffix
from pfdesk.typed import score_text

from .widgets.text_edit import OneLineEdit, one_line

log = logging.getLogger(__name__)

DialogT = TypeVar("DialogT", bound=QWidget)


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("dialogs", text)


def project_filter() -> str:
    """The file-type filter of the open dialog: .pfdesk, and the names earlier versions used."""
    patterns = " ".join("*" + suffix for suffix in PROJECT_SUFFIXES)
    return tr("pfdesk 项目文件 (%s);;所有文件 (*)") % patterns


def save_project_filter() -> str:
    """The file-type filter of the save dialogs: a new project file is a .pfdesk."""
    return tr("pfdesk 项目文件 (*%s)") % PROJECT_SUFFIX


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    """A modal error message."""
    log.info("error shown: %s", text)
    QMessageBox.critical(parent, title, text)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    """A modal information message."""
    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question; True for yes."""
    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def ask_open_read_only(parent: QWidget | None, text: str) -> bool:
    """A project is being edited elsewhere: True for 以只读方式打开, False for 取消."""
    box = QMessageBox(QMessageBox.Icon.Question, tr("项目正在编辑中"), text,
                      QMessageBox.StandardButton.NoButton, parent)
    read_only = box.addButton(tr("以只读方式打开"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(tr("取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.setEscapeButton(cancel)
    try:
        box.exec()
        return box.clickedButton() is read_only
    finally:
        box.deleteLater()


def ask_open_project(parent: QWidget | None, folder: str = "") -> str | None:
    """Choose a project file to open; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("打开项目"), folder, project_filter())
    return path or None


def ask_save_project(parent: QWidget | None, title: str, suggested: str) -> str | None:
    """Choose where to write a project file; None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, save_project_filter())
    if not path:
        return None
    return str(with_project_suffix(Path(path)))


def _with_suffix(path: str, suffix: str) -> str:
    """``path`` ending in ``suffix`` (added when the name has no extension)."""
    if "." not in path.replace("\\", "/").rsplit("/", 1)[-1]:
        path += suffix
    return path


def ask_save_image(parent: QWidget | None, suggested: str) -> str | None:
    """Choose where to write a PNG picture; None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, tr("另存为图片"), suggested,
                                          tr("PNG 图片 (*.png)"))
    return _with_suffix(path, ".png") if path else None


def ask_save_report(parent: QWidget | None, suggested: str) -> str | None:
    """Choose where to write a Word report; None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, tr("导出报告"), suggested,
                                          tr("Word 文档 (*.docx)"))
    return _with_suffix(path, ".docx") if path else None


def ask_open_style(parent: QWidget | None, folder: str = "") -> str | None:
    """Choose a Word document whose styles a report should use; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("选择样式文档"), folder,
                                          tr("Word 文档 (*.docx)"))
    return path or None


def ask_open_projects(parent: QWidget | None, folder: str = "") -> list[str]:
    """Choose one or more project files (an empty list when cancelled)."""
    paths, _ = QFileDialog.getOpenFileNames(parent, tr("添加项目文件"), folder, project_filter())
    return list(paths)


def ask_merge_copies(parent: QWidget | None, folder: str = "") -> list[str]:
    """Choose the members' copies to merge (an empty list when cancelled)."""
    paths, _ = QFileDialog.getOpenFileNames(parent, tr("选择要合并的成员副本"), folder,
                                            project_filter())
    return list(paths)


def open_file(path: str) -> bool:
    """Open a file in the program the system uses for it; False if that failed."""
    log.info("opening %s", path)
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(path)))


@dataclass
class DeductionInput:
    """What the deduction dialog returns (points as typed)."""

    points: str
    reason: str
    evidence: str


DEDUCTION_FIELDS = ("points", "reason", "evidence")


class ReasonEdit(QPlainTextEdit):
    """扣分理由: Enter finishes the dialog (确定) like the other fields; Shift+Enter (or
    Ctrl+Enter) starts a new line."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter is 确定; Shift+Enter a new line."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if event.modifiers() & (Qt.KeyboardModifier.ShiftModifier
                                    | Qt.KeyboardModifier.ControlModifier):
                self.insertPlainText("\n")
                return
            event.ignore()          # goes to the dialog: its default button, 确定
            return
        super().keyPressEvent(event)


class DeductionDialog(QDialog):
    """Points, reason and evidence of one deduction; ``focus`` names the field the cursor starts
    in (the one the user double-clicked: points, reason or evidence), with its text selected
    for points and at the end for the others."""

    def __init__(self, parent: QWidget | None, title: str, value: DeductionInput,
                 focus: str = "points") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.points = QLineEdit(value.points)
        self.points.setPlaceholderText(tr("例如 1 或 0.5"))
        self.points.setAccessibleName(tr("扣分"))
        self.points.setToolTip(tr("可写 1、0.5 或全角数字"))
        self.reason = ReasonEdit(value.reason)
        self.reason.setAccessibleName(tr("扣分理由"))
        self.reason.setPlaceholderText(tr("Enter 确定，Shift+Enter 换行"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(90)
        self.evidence = OneLineEdit()
        self.evidence.setText(value.evidence)
        self.evidence.setAccessibleName(tr("佐证材料"))
        form.addRow(tr("扣分（分）："), self.points)
        form.addRow(tr("扣分理由："), self.reason)
        form.addRow(tr("佐证材料："), self.evidence)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        form.addRow(buttons)
        self.focus_field(focus)

    def focus_field(self, field: str) -> None:
        """Put the cursor in a field: ``points``, ``reason`` or ``evidence``."""
        if field == "reason":
            self.reason.setFocus()
            self.reason.moveCursor(QTextCursor.MoveOperation.End)
        elif field == "evidence":
            self.evidence.setFocus()
            self.evidence.end(False)
        else:
            self.points.setFocus()
            self.points.selectAll()

    def value(self) -> DeductionInput:
        """The entered deduction (full-width digits and a trailing 分 in the points read as
        plain numbers: '０.５分' → '0.5')."""
        return DeductionInput(score_text(self.points.text()), self.reason.toPlainText().strip(),
                              one_line(self.evidence.text()))


def ask_deduction(parent: QWidget | None, title: str, value: DeductionInput | None = None,
                  focus: str = "points") -> DeductionInput | None:
    """Enter or change a deduction, the cursor in ``focus``; None when cancelled."""
    dialog = DeductionDialog(parent, title, value or DeductionInput("", "", ""), focus)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()
    finally:
        dialog.deleteLater()


@dataclass
class IndicatorInput:
    """What the new-indicator dialog returns (weight as typed)."""

    code: str
    name: str
    weight: str


class IndicatorDialog(QDialog):
    """Code, name and weight of a new indicator."""

    def __init__(self, parent: QWidget | None, title: str, value: IndicatorInput) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)
        form = QFormLayout(self)
        self.code = QLineEdit(value.code)
        self.code.setAccessibleName(tr("编码"))
        self.name = QLineEdit(value.name)
        self.name.setAccessibleName(tr("名称"))
        self.weight = QLineEdit(value.weight)
        self.weight.setAccessibleName(tr("分值"))
        form.addRow(tr("编码："), self.code)
        form.addRow(tr("名称："), self.name)
        form.addRow(tr("分值（分）："), self.weight)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.name.setFocus()

    def value(self) -> IndicatorInput:
        """The entered indicator."""
        return IndicatorInput(self.code.text().strip(), self.name.text().strip(),
                              self.weight.text().strip())


def ask_indicator(parent: QWidget | None, title: str,
                  value: IndicatorInput) -> IndicatorInput | None:
    """Enter a new indicator's code, name and weight; None when cancelled."""
    dialog = IndicatorDialog(parent, title, value)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()
    finally:
        dialog.deleteLater()


class UserNameDialog(QDialog):
    """您的姓名, asked once: it is written on every change and every signature."""

    def __init__(self, parent: QWidget | None, suggested: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("您的姓名"))
        self.setMinimumWidth(420)
        self.suggested = suggested
        form = QFormLayout(self)
        note = QLabel(tr("项目文件会记下每一项修改和每一个签字是谁做的。请填写您的姓名"
                         "（以后可在开始页修改）。"))
        note.setWordWrap(True)
        form.addRow(note)
        self.name = QLineEdit(suggested)
        self.name.setAccessibleName(tr("您的姓名"))
        self.name.selectAll()
        form.addRow(tr("您的姓名："), self.name)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        form.addRow(buttons)

    def value(self) -> str:
        """The name typed (the suggestion when left empty)."""
        return " ".join(self.name.text().split()) or self.suggested


def ask_user_name(parent: QWidget | None, suggested: str) -> str:
    """Ask the user's name; closing the dialog keeps the suggested one (never empty)."""
    dialog = UserNameDialog(parent, suggested)
    try:
        dialog.exec()
        return dialog.value()
    finally:
        dialog.deleteLater()


def bring_forward(window: QWidget, kind: type[DialogT], session: object) -> DialogT | None:
    """The window's open ``kind`` dialog for ``session``, shown and raised; dialogs of that kind
    left from another project are closed. None when there is none yet."""
    for dialog in window.findChildren(kind):
        if getattr(dialog, "session", None) is session:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        dialog.close()
    return None
