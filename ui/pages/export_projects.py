"""The 导出报告 page's list of project files merged into one document (brief and infosheet).

The window's project is always first and cannot be removed; files added here are only read
(at check and export time, opened read-only). ``files_changed`` tells the page to check again.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from pfdesk.errors import PfdeskError
from pfdesk.project import Project

from .. import dialogs
from ..session import ProjectSession
from .export_worker import LAYOUT_TEXT, MULTI_LAYOUTS
from .forms.common import hint_label

log = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ExportPage", text)


def project_name(path: Path) -> str:
    """The project name stored in a file ('' if it cannot be read; the checks will say why)."""
    try:
        with Project.open(path, readonly=True) as project:
            return project.info.name.strip()
    except (PfdeskError, OSError, sqlite3.Error) as exc:
        log.info("cannot read the name of %s: %s", path, exc)
        return ""


class ProjectFilesBox(QGroupBox):
    """合并导出的项目: the current project, then the added files, with add and remove."""

    files_changed = Signal()

    def __init__(self, session: ProjectSession, folder: Callable[[], Path],
                 parent: QWidget | None = None) -> None:
        super().__init__(tr("合并导出的项目"), parent)
        self.session = session
        self.folder = folder          # where the file dialog starts
        self.extra: list[Path] = []
        self._names: dict[Path, str] = {}   # project name read from each added file
        grid = QGridLayout(self)
        self.project_list = QListWidget(self)
        self.project_list.setAccessibleName(tr("合并导出的项目"))
        self.project_list.setWordWrap(True)
        self.project_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.project_list.setMinimumHeight(56)
        self.project_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_button = QPushButton(tr("添加项目文件…"), self)
        self.add_button.setAccessibleName(tr("添加项目文件"))
        self.add_button.clicked.connect(self.add_projects)
        self.remove_button = QPushButton(tr("移除"), self)
        self.remove_button.setAccessibleName(tr("移除项目文件"))
        self.remove_button.clicked.connect(self.remove_project)
        self.note = hint_label("", self)
        grid.addWidget(self.project_list, 0, 0, 3, 1)
        grid.addWidget(self.add_button, 0, 1)
        grid.addWidget(self.remove_button, 1, 1)
        grid.addWidget(self.note, 3, 0, 1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)

    def fill(self, layout_key: str) -> None:
        """List the files; usable only for the layouts that merge projects."""
        project = self.session.project
        self.project_list.clear()
        name = project.info.name.strip() or tr("未命名项目")
        first = QListWidgetItem(tr("%s（当前项目）") % name)
        first.setToolTip(str(project.path) if project.path else tr("尚未保存为文件"))
        self.project_list.addItem(first)
        for path in self.extra:
            name = self._names.get(path, "")
            item = QListWidgetItem(tr("%s（%s）") % (name, path.name) if name else path.name)
            item.setToolTip(str(path))
            item.setData(PATH_ROLE, str(path))
            self.project_list.addItem(item)
        multi = layout_key in MULTI_LAYOUTS
        self.setEnabled(multi)
        self.note.setText(
            tr("可添加其他项目文件，按列表顺序合在一份文档中。") if multi else
            tr("“%s”一次只导出当前项目；合并多个项目请选“重点绩效评价报告（简版）”或"
               "“绩效评价结果信息表”。") % tr(LAYOUT_TEXT[layout_key][0]))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.project_list.currentRow() > 0)

    def add_projects(self) -> int:
        """Add project files (the current one and repeats are skipped); how many were added."""
        current = self.session.project.path
        known = {p.resolve() for p in self.extra} | ({current.resolve()} if current else set())
        added = 0
        for chosen in dialogs.ask_open_projects(self, str(self.folder())):
            path = Path(chosen)
            if path.resolve() not in known:
                self.extra.append(path)
                self._names[path] = project_name(path)
                known.add(path.resolve())
                added += 1
        if added:
            self.files_changed.emit()
        return added

    def remove_project(self) -> None:
        """Remove the selected added file (the current project stays)."""
        row = self.project_list.currentRow()
        if row > 0:
            del self.extra[row - 1]
            self.files_changed.emit()
