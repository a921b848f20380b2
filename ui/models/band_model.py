"""The bands of a stepped rule as the rule editor's small table (下限 ≥, 上限 <, 得分比例, 得分).

The table is a draft of the rule being edited, not a stored row: ``setData`` checks the typed
number and keeps it; the rule is stored as a whole by the editor (one command). A value that is
no number is refused with ``refused`` saying why, and the cell keeps its old value. ``bands()``
gives the core's ``Band`` objects (the core's ``check_bands`` then names an overlap or a gap);
the 得分 column shows each band's points for the leaf's points.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from pfdesk.numbers import HUNDRED, Numbers, plain, q2, to_decimal
from pfdesk.rules import Band
from pfdesk.typed import normalised

from .headed_table import HeadedTableModel

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex
COL_LOWER, COL_UPPER, COL_SHARE, COL_POINTS = range(4)
MAX_ROWS = 12


def number_or_none(text: str, what: str, blank_ok: bool = False) -> Decimal | None:
    """A typed number ('９５', '95%', '95') or None for a blank allowed; ValueError saying why."""
    value = normalised(text).rstrip("%％").strip()
    if not value:
        if blank_ok:
            return None
        raise ValueError(f"{what}不能为空")
    try:
        number = to_decimal(value)
    except ValueError as exc:
        raise ValueError(f"{what}“{text.strip()[:16]}”不是数字") from exc
    assert number is not None
    if number < 0:
        raise ValueError(f"{what}不能为负数")
    return number


class BandModel(HeadedTableModel):
    """The bands being edited, lowest first as typed; see the module docstring."""

    HEADERS = ("下限 ≥", "上限 <", "得分比例%", "得分")
    refused = Signal(str)          # why a typed value was not taken
    edited = Signal()              # a value was taken, a band added or removed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[Decimal | None]] = []
        self.points = Decimal(0)
        self.numbers = Numbers()
        self.unit = "%"

    def row_total(self) -> int:
        """One row per band."""
        return len(self._rows)

    # ----- reading -----

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The band's numbers; 上限 blank reads 及以上 on the top band."""
        if not index.isValid():
            return None
        lower, upper, share = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_LOWER:
                return "" if lower is None else plain(lower)
            if col == COL_UPPER:
                return self.tr("（及以上）") if upper is None else plain(upper)
            if col == COL_SHARE:
                return "" if share is None else plain(share)
            return "" if share is None else self.numbers.pts(q2(self.points * share / HUNDRED))
        if role == Qt.ItemDataRole.EditRole and col != COL_POINTS:
            value = (lower, upper, share)[col]
            return "" if value is None else plain(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tip(col)
        if role == Qt.ItemDataRole.ForegroundRole and (
                col == COL_POINTS or (col == COL_UPPER and upper is None)):
            from PySide6.QtGui import QColor

            return QColor("#666666")
        return None

    def _tip(self, col: int) -> str:
        return (self.tr("这一档从该值起（含该值）"), self.tr("这一档到该值为止（不含该值）；最高一档留空"),
                self.tr("落在这一档时得分值的百分之几（0～100）"), self.tr("按本指标分值算出的得分"))[col]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """The three numbers can be typed; 得分 is worked out."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() != COL_POINTS else base

    def bands(self) -> tuple[Band, ...]:
        """The bands as typed (unchecked); ValueError when a band misses a number."""
        out = []
        for k, (lower, upper, share) in enumerate(self._rows, 1):
            if lower is None or share is None:
                raise ValueError(self.tr("第 %d 档的下限或得分比例还没有填写") % k)
            out.append(Band(lower, upper, share))
        return tuple(out)

    # ----- editing -----

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Keep a typed number; refuse text that is no number (``refused`` says why)."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == COL_POINTS:
            return False
        col = index.column()
        what = self.tr("第 %d 档的%s") % (index.row() + 1,
                                         (self.tr("下限"), self.tr("上限"), self.tr("得分比例"))[col])
        try:
            number = number_or_none(str(value or ""), what, blank_ok=col == COL_UPPER)
            if col == COL_SHARE and number is not None and number > HUNDRED:
                raise ValueError(self.tr("%s应在 0～100 之间（是分值的百分之几）") % what)
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        self._rows[index.row()][col] = number
        last = self.index(index.row(), COL_POINTS)
        self.dataChanged.emit(self.index(index.row(), 0), last)
        self.edited.emit()
        return True

    def set_bands(self, bands: tuple[Band, ...]) -> None:
        """Show these bands (a stored rule, or the usual ones)."""
        self.beginResetModel()
        self._rows = [[b.lower, b.upper, b.share] for b in bands]
        self.endResetModel()

    def set_points(self, points: Decimal, numbers: Numbers) -> None:
        """The leaf's points, for the 得分 column."""
        self.points, self.numbers = points, numbers
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_POINTS),
                                  self.index(len(self._rows) - 1, COL_POINTS))

    def add_band(self) -> int:
        """A new top band starting where the last one is open; its row (-1: too many)."""
        if len(self._rows) >= MAX_ROWS:
            self.refused.emit(self.tr("最多 %d 档") % MAX_ROWS)
            return -1
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([None, None, None])
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_band(self, row: int) -> None:
        """Remove a band."""
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
            self.edited.emit()
