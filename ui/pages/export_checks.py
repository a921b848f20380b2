"""The checks the 导出报告 page lists before exporting: a table of what was found and what to do.

The checks are ``pfdesk.reports.check_all``'s (the finance bureau's list in GUIDE §4), run on the
window's project and on any added project files (opened read-only, then closed). Each is a
``Check`` with its kind, the indicator or page it concerns, a message and an action; the model
shows the message and the action side by side and never reads meaning out of the words;
``go_to`` shows the indicator or the page a check names. A check of an added file points
nowhere in this window (its indicators are in another file).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QApplication, QStyle, QWidget

from pfdesk.errors import PfdeskError
from pfdesk.project import Project
from pfdesk.reports.checks import ERROR, Check

log = logging.getLogger(__name__)

CHECK_ROLE = Qt.ItemDataRole.UserRole + 1      # the Check of a row
ID_ROLE = Qt.ItemDataRole.UserRole + 2         # the indicator id it concerns (None: none)
UNREADABLE = "unreadable"
# The workspace pages a check's ``place`` names (an indicator goes to its own page).
PAGES = ("info", "funding", "targets", "findings", "evaluators")
ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ExportPage", text)


def _read(path: Path, opened: list[Project]) -> Project:
    project = Project.open(path, readonly=True)
    opened.append(project)
    return project


def _elsewhere(check: Check) -> Check:
    """A check of an added file: nothing to go to in this window."""
    return replace(check, indicator_id=None, place="")


def check_list(project: Project, extra: list[Path], layout: str) -> list[Check]:
    """The failed checks of the window's project and the added files (an unreadable file is a
    check too)."""
    from pfdesk.reports.checks import check_each
    from pfdesk.reports.data import ReportData

    datas = [ReportData.of(project)]
    unreadable: list[Check] = []
    opened: list[Project] = []
    try:
        for path in extra:
            try:
                datas.append(ReportData.of(_read(path, opened)))
            except (PfdeskError, OSError, sqlite3.Error) as exc:
                unreadable.append(Check(UNREADABLE, tr("无法读取项目文件 %s：%s") % (path.name, exc),
                                        tr("请从列表中移除这个项目文件，或换一个文件。"), ERROR,
                                        section=path.name))
        own, *others = check_each(datas, layout)
    finally:
        for each in opened:
            each.close()
    return own + [_elsewhere(c) for checks in others for c in checks] + unreadable


def can_go_to(check: Check) -> bool:
    """True when the window has a place to show for the check."""
    return bool(check.indicator_id) or check.place in PAGES


def go_to(page: QWidget, check: Check) -> bool:
    """Show the indicator or the page of the workspace holding ``page`` where ``check`` is put
    right; False when there is none."""
    workspace = page.parentWidget()
    while workspace is not None and not (hasattr(workspace, "show_page")
                                         and hasattr(workspace, "select_indicator")):
        workspace = workspace.parentWidget()
    if workspace is None or not can_go_to(check):
        return False
    if check.indicator_id:
        return bool(workspace.select_indicator(check.indicator_id))  # type: ignore[attr-defined]
    return bool(workspace.show_page(check.place))  # type: ignore[attr-defined]


class CheckModel(QAbstractTableModel):
    """One row per failed check: 发现的问题 | 怎么办; the Check under CHECK_ROLE."""

    COLUMNS = ("发现的问题", "怎么办")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._checks: list[Check] = []
        style = QApplication.style() if QApplication.instance() else None
        self._icons = {} if style is None else {
            ERROR: style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical),
            "": style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning),
        }

    def set_checks(self, checks: list[Check]) -> None:
        """Show a new list of checks."""
        self.beginResetModel()
        self._checks = list(checks)
        self.endResetModel()

    def check_at(self, row: int) -> Check | None:
        """The check in a row (None outside the list)."""
        return self._checks[row] if 0 <= row < len(self._checks) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per check."""
        return 0 if parent.isValid() else len(self._checks)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """What was found, and what to do."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles."""
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return tr(self.COLUMNS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The message or the action, an icon by severity, the check and its indicator."""
        check = self.check_at(index.row()) if index.isValid() else None
        if check is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = check.line() if index.column() == 0 else check.action
            if role == Qt.ItemDataRole.ToolTipRole and can_go_to(check):
                text += "\n" + tr("（双击转到要修改的地方）")
            return text
        if role == Qt.ItemDataRole.DecorationRole and index.column() == 0:
            return self._icons.get(ERROR if check.severity == ERROR else "")
        if role == CHECK_ROLE:
            return check
        if role == ID_ROLE:
            return check.indicator_id
        return None
