"""What the window says about the open file: the read-only banner, the unsaved-edit banner and
the corner label of the status bar.

A read-only project (a read-only file or folder, or a project someone else is editing) shows a
light yellow banner across the top of the workspace, "只读：<why>。所做的修改不会保存。", with
另存为… to continue in an editable copy; the corner says 只读（不会保存）. An edit that was not
stored (refused as read-only, file changed by another program, disk full) is never only a
few seconds in the status bar: the first one opens a message box, every one flashes the banner,
and for a writable project the corner says 未保存 in red until an edit is stored again.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pfdesk.project import Project

log = logging.getLogger(__name__)

FLASH_STEPS = 6          # three on-off blinks
FLASH_INTERVAL_MS = 170
CORNER_WIDTH = 460       # the corner's failure message is elided to this many pixels
CORNER_STYLES = {"saved": "color: #555; padding: 0 6px;",
                 "read_only": "color: #8a5a00; font-weight: bold; padding: 0 6px;",
                 "failed": "color: #c0392b; font-weight: bold; padding: 0 6px;"}


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("FileNotices", text)


class Banner(QFrame):
    """A coloured band with a message, an optional second line and a button; it can flash."""

    button_clicked = Signal()

    def __init__(self, name: str, colours: tuple[str, str, str, str], button: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._colours = colours   # background, border, text, flash background
        self.flashes = 0
        self._steps = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FLASH_INTERVAL_MS)
        self._timer.timeout.connect(self._flash_step)
        self.message = QLabel(self)
        self.message.setObjectName(name + "Message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel(self)
        self.detail.setObjectName(name + "Detail")
        self.detail.setWordWrap(True)
        self.detail.setVisible(False)
        self.button = QPushButton(button, self)
        self.button.setAccessibleName(button.rstrip("…"))
        self.button.clicked.connect(self.button_clicked)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.message)
        texts.addWidget(self.detail)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 7, 12, 7)
        layout.addLayout(texts, 1)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self._paint(flashing=False)
        self.setVisible(False)

    def _paint(self, flashing: bool) -> None:
        background, border, text, flash = self._colours
        name = self.objectName()
        self.setStyleSheet(
            f"QFrame#{name} {{ background: {flash if flashing else background}; "
            f"border: 1px solid {border}; border-radius: 3px; }}"
            f"QFrame#{name} QLabel {{ color: {text}; background: transparent; border: none; }}"
            f"QLabel#{name}Message {{ font-weight: bold; }}")

    def say(self, message: str, detail: str = "") -> None:
        """Show the band with a message (and a second line when given)."""
        self.message.setText(message)
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self.setAccessibleDescription(f"{message} {detail}".strip())
        self.setVisible(True)

    def flash(self) -> None:
        """Blink the band a few times so that a refused edit is noticed."""
        self.flashes += 1
        self._steps = FLASH_STEPS
        self._paint(flashing=True)
        self._timer.start()

    def _flash_step(self) -> None:
        self._steps -= 1
        self._paint(flashing=self._steps % 2 == 0 and self._steps > 0)
        if self._steps <= 0:
            self._timer.stop()

    def dismiss(self) -> None:
        """Hide the band and stop blinking."""
        self._timer.stop()
        self._steps = 0
        self._paint(flashing=False)
        self.detail.setVisible(False)
        self.setVisible(False)


class FileNotices(QObject):
    """The banners and the corner label for the project shown in one window."""

    save_as_requested = Signal()

    def __init__(self, window: QWidget, corner: QLabel) -> None:
        super().__init__(window)
        self.window = window
        self.corner = corner
        self.read_only_banner = Banner("readOnlyBanner", ("#fff6d5", "#e6cf7a", "#5a4500",
                                                          "#ffdf6b"), tr("另存为…"))
        self.read_only_banner.button.setToolTip(tr("把项目另存为一个新文件，并打开它继续编辑"))
        self.read_only_banner.button_clicked.connect(self.save_as_requested)
        self.unsaved_banner = Banner("unsavedBanner", ("#fdecea", "#f1a9a0", "#922b21",
                                                       "#f8c4bd"), tr("知道了"))
        self.unsaved_banner.button_clicked.connect(self.unsaved_banner.dismiss)
        self.project: Project | None = None
        self.failed: str | None = None
        self._told = False

    def banners(self) -> list[Banner]:
        """The banners, top to bottom, for the window to place above the workspace."""
        return [self.read_only_banner, self.unsaved_banner]

    # ----- the project shown -----

    def show_project(self, project: Project) -> None:
        """Show how a newly opened project can be edited."""
        self.project = project
        self.failed = None
        self._told = False
        self.unsaved_banner.dismiss()
        if project.readonly:
            reason = (project.readonly_reason or tr("以只读方式打开")).rstrip("。")
            self.read_only_banner.dismiss()
            self.read_only_banner.say(tr("只读：%s。所做的修改不会保存。") % reason,
                                      tr("要修改，请点“另存为…”保存一个副本，然后在副本中编辑。"))
        else:
            self.read_only_banner.dismiss()
        self.update_corner()

    def clear(self) -> None:
        """No project: no banners, an empty corner."""
        self.project = None
        self.failed = None
        self.read_only_banner.dismiss()
        self.unsaved_banner.dismiss()
        self.corner.setText("")
        self.corner.setToolTip("")

    def update_corner(self) -> None:
        """The corner: 已自动保存, 只读（不会保存） or 未保存 with the reason."""
        project = self.project
        if project is None:
            return
        where = str(project.path) if project.path is not None else tr("（未保存到文件）")
        if self.failed is not None:
            text = tr("未保存：%s") % self.failed
            shown = self.corner.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                         CORNER_WIDTH)
            self._corner(shown, "failed", text)
        elif project.readonly:
            self._corner(tr("只读（不会保存）：%s") % where, "read_only",
                         tr("这个项目以只读方式打开，修改不会写入文件"))
        else:
            self._corner(tr("已自动保存：%s") % where, "saved", tr("每一项修改都已写入项目文件"))

    def _corner(self, text: str, style: str, tip: str) -> None:
        self.corner.setText(text)
        self.corner.setStyleSheet(CORNER_STYLES[style])
        self.corner.setToolTip(tip)
        self.corner.setAccessibleDescription(text)

    # ----- edits -----

    def edit_stored(self) -> None:
        """An edit was stored: a 未保存 state from an earlier failure is over."""
        if self.failed is None:
            return
        self.failed = None
        self._told = False
        self.unsaved_banner.dismiss()
        self.update_corner()

    def edit_refused(self, message: str) -> None:
        """An edit was not stored: say so where it cannot be missed."""
        project = self.project
        if project is None:
            return
        if project.readonly:
            self.read_only_banner.say(
                self.read_only_banner.message.text(),
                tr("刚才的修改没有保存。要修改，请点“另存为…”保存一个副本，然后在副本中编辑。"))
            self.read_only_banner.flash()
        else:
            self.failed = message
            self.unsaved_banner.say(tr("刚才的修改没有保存到项目文件"), message)
            self.unsaved_banner.flash()
            self.update_corner()
        if not self._told:
            self._told = True
            text = message if message.endswith(("。", "！", "？")) else message + "。"
            if project.readonly:
                text += "\n\n" + tr("“另存为…”按钮在窗口上方的黄色提示条中：保存一个副本后，"
                                    "就在副本中继续编辑。")
            # Not from inside the editor that is closing or losing focus: after it has finished
            # (and not at all if the window has gone by then).
            QTimer.singleShot(0, self, lambda: _show_error(self.window, tr("修改没有保存"), text))


def _show_error(parent: QWidget, title: str, text: str) -> None:
    """The message box of ui.dialogs, loaded only when an edit could not be stored."""
    from . import dialogs

    dialogs.show_error(parent, title, text)
