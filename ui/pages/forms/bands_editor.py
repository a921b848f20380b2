"""The grade bands editor (评价等级): names and lower bounds, stored as JSON in the project.

``BandsModel`` is a table over ``parse_bands(info.grade_bands)`` (the national 优 90 / 良 80 /
中 60 / 差 0 when unset); every change stores the whole list through ``set_info(grade_bands=…)``
as one command. Bands are kept sorted from the highest lower bound down; a total at or above a
band's bound gets that band, below every bound the last one.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk.edits import Change, Edit
from pfdesk.errors import PfdeskError
from pfdesk.model import DEFAULT_BANDS
from pfdesk.numbers import plain
from pfdesk.scoring import bands_json, parse_bands

from ...session import ProjectSession
from ...widgets.delegates import FieldDelegate
from ...widgets.money import parse_amount
from ...widgets.roles import EDITOR_DECIMAL, EDITOR_READONLY, EDITOR_ROLE, EDITOR_TEXT
from .common import hint_label

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
Band = tuple[str, Decimal]
FULL = Decimal(100)


class BandsModel(QAbstractTableModel):
    """等级 / 下限 / 分数范围 over the project's grade bands."""

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bands: list[Band] = []
        self.reload()
        session.changed.connect(self._on_changed)

    def headers(self) -> list[str]:
        """Column titles."""
        return [self.tr("等级"), self.tr("下限（分）"), self.tr("总分范围")]

    def reload(self) -> None:
        """Re-read the bands from the project."""
        self.beginResetModel()
        self.bands = parse_bands(self.session.project.info.grade_bands)
        self.endResetModel()

    def _on_changed(self, change: Change) -> None:
        if "project" in change.tables():
            fresh = parse_bands(self.session.project.info.grade_bands)
            if fresh != self.bands:
                self.reload()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One row per band."""
        return 0 if parent.isValid() else len(self.bands)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """等级, 下限, 范围."""
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < 3):
            return self.headers()[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Name and bound are editable; the range is computed."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if index.column() == 2 else base | Qt.ItemFlag.ItemIsEditable

    def range_text(self, row: int) -> str:
        """'90 ≤ 总分 ≤ 100', '80 ≤ 总分 < 90', '总分 < 60'."""
        _name, lower = self.bands[row]
        upper = self.bands[row - 1][1] if row > 0 else None
        if row == len(self.bands) - 1:
            return self.tr("总分 < {0}").format(plain(upper)) if upper is not None else ""
        if upper is None:
            return self.tr("{0} ≤ 总分 ≤ 100").format(plain(lower))
        return self.tr("{0} ≤ 总分 < {1}").format(plain(lower), plain(upper))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Band name, lower bound (two decimals as written) and the range it covers."""
        if not index.isValid() or not self.checkIndex(index):
            return None
        name, lower = self.bands[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return (name, plain(lower), self.range_text(index.row()))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EDITOR_ROLE:
            return (EDITOR_TEXT, EDITOR_DECIMAL, EDITOR_READONLY)[col]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Rename a band or move its lower bound (0 … 100, two decimals)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 2:
            return False
        bands = list(self.bands)
        name, lower = bands[index.row()]
        try:
            if index.column() == 0:
                name = str(value).strip()
                if not name:
                    raise ValueError(self.tr("等级名称不能为空"))
            else:
                lower = parse_amount(value, self.tr("等级下限"), FULL) or Decimal(0)
        except ValueError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        bands[index.row()] = (name, lower)
        return self.store(bands)

    def store(self, bands: list[Band]) -> bool:
        """Store a whole list of bands as one command; False if refused."""
        names = [n for n, _ in bands]
        if len(set(names)) != len(names):
            self.session.error_reported.emit(self.tr("等级名称不能重复"))
            return False
        if len({m for _, m in bands}) != len(bands):
            self.session.error_reported.emit(self.tr("两个等级的下限不能相同"))
            return False
        bands = sorted(bands, key=lambda b: b[1], reverse=True)
        from pfdesk.commands import set_info  # loaded at the first edit

        try:
            edit = set_info(self.session.project, grade_bands=bands_json(bands))
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(Edit(self.tr("修改评价等级"), edit.ops))

    def add_band(self) -> bool:
        """Add a band halfway below the lowest positive bound."""
        bounds = sorted({m for _, m in self.bands if m > 0})
        lower = (bounds[0] / 2).quantize(Decimal("0.01")) if bounds else Decimal(50)
        name = self.tr("新等级")
        n = 2
        while name in {b for b, _ in self.bands}:
            name, n = self.tr("新等级{0}").format(n), n + 1
        return self.store([*self.bands, (name, lower)])

    def remove_band(self, row: int) -> bool:
        """Remove a band (at least two stay)."""
        if not 0 <= row < len(self.bands) or len(self.bands) <= 2:
            self.session.error_reported.emit(self.tr("至少保留两个等级"))
            return False
        return self.store([b for i, b in enumerate(self.bands) if i != row])

    def restore_default(self) -> bool:
        """Back to the national 优 / 良 / 中 / 差."""
        return self.store(list(DEFAULT_BANDS))


class BandsEditor(QWidget):
    """The bands table with 添加 / 删除 / 恢复默认."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = BandsModel(session, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(FieldDelegate(self.view))
        self.view.setAccessibleName(self.tr("评价等级"))
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.setMinimumHeight(170)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        note = hint_label(self.tr("总分不低于某等级的下限即评为该等级；低于所有下限评为最后一级。"), self)
        layout.addWidget(note)
        layout.addWidget(self.view)
        layout.addLayout(self._build_buttons())

    def _build_buttons(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        for text, slot in ((self.tr("添加等级"), self.model.add_band),
                           (self.tr("删除等级"), self._remove),
                           (self.tr("恢复默认（优/良/中/差）"), self.model.restore_default)):
            button = QPushButton(text, self)
            button.setAccessibleName(text)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)
        return bar

    def _remove(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.remove_band(index.row())
