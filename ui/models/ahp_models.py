"""Table models of the AHP dialog: the pairwise comparison matrix and the resulting weights.

``MatrixModel`` is the matrix being judged: above the diagonal each cell is typed (1～9 or
1/2～1/9, full-width digits and ／ read too), the diagonal is 1 and below it the reciprocal is
shown by itself. ``setData`` checks the entry with the core's ``ahp.parse_entry`` and keeps
Saaty's scale (a value near k or 1/k, such as 0.333, is read as that); a refusal is said
through ``refused`` with the cell named. ``WeightModel`` lists each child's weight, its points
now and the points the weights give (``ahp.allocate``).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from pfdesk import ahp
from pfdesk.numbers import Numbers
from pfdesk.typed import normalised

from .headed_table import HeadedTableModel

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex
SCALE = tuple(Fraction(k) for k in range(1, 10)) + tuple(Fraction(1, k) for k in range(2, 10))
NEAR = Fraction(2, 100)


def entry_text(value: Fraction) -> str:
    """'3', '1/3'."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def on_scale(value: Fraction, where: str) -> Fraction:
    """The scale value ``value`` is (k or 1/k, within 2%); AhpError naming the cell otherwise."""
    for step in SCALE:
        if abs(value / step - 1) <= NEAR:
            return step
    raise ahp.AhpError(f"{where}的值 {entry_text(value)} 不在 1～9 的标度上：请填写 1～9 的整数"
                       "或其倒数（如 1/3）")


class MatrixModel(HeadedTableModel):
    """The n×n comparison of a parent's children (see the module docstring)."""

    refused = Signal(str)
    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.upper: dict[tuple[int, int], Fraction] = {}

    def set_matrix(self, names: list[str], matrix: tuple[tuple[Fraction, ...], ...] | None) -> None:
        """Show the children's names and a stored matrix (None: every pair judged equal, 1)."""
        self.beginResetModel()
        self.names = list(names)
        n = len(names)
        self.upper = {(i, j): (matrix[i][j] if matrix else Fraction(1))
                      for i in range(n) for j in range(i + 1, n)}
        self.endResetModel()

    def row_total(self) -> int:
        """One row per child."""
        return len(self.names)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One column per child."""
        return 0 if parent.isValid() else len(self.names)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The children's names on both sides (numbered, so a long name stays readable)."""
        if not 0 <= section < len(self.names):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            name = self.names[section]
            short = name if len(name) <= 8 else name[:7] + "…"
            return f"{section + 1}. {short}" if orientation == Qt.Orientation.Vertical \
                else f"{section + 1}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.names[section]
        return None

    def value(self, i: int, j: int) -> Fraction:
        """a_ij as judged (the diagonal 1, below it the reciprocal)."""
        if i == j:
            return Fraction(1)
        return self.upper[(i, j)] if i < j else 1 / self.upper[(j, i)]

    def rows(self) -> list[list[str]]:
        """The matrix as text rows, for ``ahp.comparison``."""
        n = len(self.names)
        return [[entry_text(self.value(i, j)) for j in range(n)] for i in range(n)]

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The entry; the diagonal and the reciprocals in grey."""
        if not index.isValid():
            return None
        i, j = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return entry_text(self.value(i, j))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and i >= j:
            from PySide6.QtGui import QColor

            return QColor("#888888")
        if role == Qt.ItemDataRole.BackgroundRole and i >= j:
            from PySide6.QtGui import QColor

            return QColor("#f2f2f2")
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("“%s”比“%s”重要几倍（1 同样重要，3 稍重要，5 明显重要，7 强烈重要，"
                           "9 极端重要；反过来用 1/3、1/5…）") % (self.names[i], self.names[j]) \
                if i < j else self.tr("由对称格自动取倒数")
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Only the cells above the diagonal are typed."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.row() < index.column() else base

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Keep a scale value typed above the diagonal; ``refused`` names the cell otherwise. A
        cell cleared (Delete) goes back to 1, equally important, as a new matrix starts."""
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        i, j = index.row(), index.column()
        if i >= j:
            return False
        where = ahp.cell_name(self.names, i, j)
        text = normalised(str(value or "")).strip() or "1"
        try:
            number = on_scale(ahp.parse_entry(text, where), where)
        except ahp.AhpError as exc:
            self.refused.emit(str(exc))
            return False
        self.upper[(i, j)] = number
        self.dataChanged.emit(index, index)
        mirror = self.index(j, i)
        self.dataChanged.emit(mirror, mirror)
        self.edited.emit()
        return True


class WeightModel(HeadedTableModel):
    """Each child: 权重, 现分值, 按权重分配."""

    HEADERS = ("指标", "权重", "现分值", "按权重分配")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, Decimal | None, Decimal | None, Decimal | None]] = []
        self.numbers = Numbers()

    def set_rows(self, rows: list[tuple[str, Decimal | None, Decimal | None, Decimal | None]],
                 numbers: Numbers) -> None:
        """Name, weight (None: matrix unusable), points now, points by the weights."""
        self.beginResetModel()
        self.rows, self.numbers = rows, numbers
        self.endResetModel()

    def row_total(self) -> int:
        """One row per child."""
        return len(self.rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The child's name, weight (4 decimals), current and allocated points."""
        if not index.isValid():
            return None
        name, weight, now, given = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return f"{index.row() + 1}. {name}"
        if col == 1:
            return "—" if weight is None else f"{weight:.4f}"
        return self.numbers.pts(now if col == 2 else given)
