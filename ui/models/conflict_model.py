"""Qt models of the 合并 dialog: what each copy brought, and the open merge conflicts.

Both are thin adapters: ``MergeSummaryModel`` over ``merge.SourceReport`` objects,
``ConflictListModel`` over ``model.Conflict`` rows. ``conflict_title`` and ``shown_choice`` word
a conflict and one of its values for an accountant (``A11 立项依据充分性 · 得分``, ``5.00``);
scores, weights and points are written the project's way (``Numbers``: 5 or 5.00), money and
other amounts with two decimals.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from pfdesk import conflicts
from pfdesk.change_text import FIELD_LABELS, TABLE_LABELS, row_name, shown_value
from pfdesk.merge import SourceReport
from pfdesk.model import METHOD_LABELS, ROW_TYPES, Conflict
from pfdesk.numbers import Numbers, fmt2
from pfdesk.project import Project

from .headed_table import HeadedTableModel

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex

POINT_FIELDS = frozenset({("indicator", "weight"), ("indicator", "score"),
                          ("deduction", "points"), ("evaluator_score", "score"),
                          ("project", "spread_limit")})
"""Stored decimals that are scores, weights or points (the rest are money and amounts)."""


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("MergeDialog", text)


def field_words(conflict: Conflict) -> str:
    """What was changed differently: ``得分``, ``扣分理由``, ``整行（一方删除、一方修改）``."""
    if conflict.field == conflicts.DELETED:
        table = TABLE_LABELS.get(conflict.tbl, tr("内容"))
        return tr("%s整行（一方删除、一方修改）") % ("" if conflict.tbl == "indicator" else table)
    label = FIELD_LABELS.get(conflict.field, conflict.field)
    if conflict.tbl in ("indicator", "project"):
        return label
    return f"{TABLE_LABELS.get(conflict.tbl, conflict.tbl)}的{label}"


def conflict_short(conflict: Conflict) -> str:
    """``A11 得分``, ``满意度调查的问卷结果``: the code and the field, for lists (the kind of
    row named once: ``field_words`` names it for rows that are not indicators)."""
    named = conflict.tbl not in ("indicator", "project") or conflict.field == conflicts.DELETED
    where = conflict.code or ("" if named else TABLE_LABELS.get(conflict.tbl, ""))
    return f"{where} {field_words(conflict)}".strip()


def conflict_title(project: Project, conflict: Conflict) -> str:
    """``A11 立项依据充分性 · 得分（分值 3 分）`` or ``问题「目标不细」 · 整行（一方删除、一方修改）``."""
    ind = project.by_code(conflict.code) if conflict.code else None
    row = project.find(conflict.tbl, conflict.row_id)
    if conflict.tbl != "indicator" and row is not None:
        indicators = project.indicators()

        def code_of(ind_id: str | None) -> str:
            return indicators[ind_id].code if ind_id in indicators else ""

        where = row_name(conflict.tbl, row.to_row(), code_of)
    else:
        where = " ".join(p for p in (conflict.code, ind.name if ind else "") if p)
        where = where or TABLE_LABELS.get(conflict.tbl, tr("项目"))
    if conflict.field == conflicts.DELETED:
        return f"{where} · {tr('整行（一方删除、一方修改）')}"
    what = FIELD_LABELS.get(conflict.field, conflict.field)
    if ind is not None and conflict.tbl == "indicator" and conflict.field == "score" \
            and ind.weight is not None:
        what += tr("（分值 %s 分）") % Numbers.of(project.info).pts(ind.weight)
    return f"{where} · {what}"


# Fields holding a stored structure (JSON): shown by what they say, chosen, never typed.
STRUCTURED = ("rule", "ahp", "summary", "outline")


def shown_choice(conflict: Conflict, value: Any, numbers: Numbers | None = None) -> str:
    """A value as stored, as the user reads it: ``5`` / ``5.00``, ``是``, ``（空）``, ``删除这一行``.

    Scores, weights and points follow ``numbers`` (the project's ``Numbers.of(info)``; two
    decimals when not given); money and other amounts always have two decimals.
    """
    if conflict.field == conflicts.DELETED:
        return tr("删除这一行") if value == conflicts.REMOVE else tr("保留这一行")
    cls = ROW_TYPES.get(conflict.tbl)
    if value is None or value == "":
        return tr("（空）")
    if cls is not None and conflict.field in cls.BOOLS:
        return tr("是") if value else tr("否")
    if cls is not None and conflict.field in cls.DECIMALS:
        try:
            number = Decimal(str(value))
            if (conflict.tbl, conflict.field) in POINT_FIELDS:
                return (numbers or Numbers("fixed")).pts(number)
            return fmt2(number)
        except ArithmeticError:
            return str(value)
    if conflict.field == "method":
        return METHOD_LABELS.get(str(value), str(value))
    if conflict.field in STRUCTURED:   # a rule, a matrix, a survey's counts, an outline: in words
        return shown_value(conflict.field, value, (), ())
    return str(value)


class ConflictListModel(QAbstractListModel):
    """One row per open conflict (``A11 得分``); the conflict id under ``ID_ROLE``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._conflicts: list[Conflict] = []

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        """Show a new list."""
        self.beginResetModel()
        self._conflicts = list(conflicts)
        self.endResetModel()

    def conflict_at(self, row: int) -> Conflict | None:
        """The conflict in a row (None outside the list)."""
        return self._conflicts[row] if 0 <= row < len(self._conflicts) else None

    def row_of(self, conflict_id: str) -> int:
        """The row of a conflict by id (-1 when it is not listed)."""
        return next((i for i, c in enumerate(self._conflicts) if c.id == conflict_id), -1)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per conflict."""
        return 0 if parent.isValid() else len(self._conflicts)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The code and field; the conflict id."""
        conflict = self.conflict_at(index.row()) if index.isValid() else None
        if conflict is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return conflict_short(conflict)
        if role == ID_ROLE:
            return conflict.id
        return None


SUMMARY_COLUMNS = ("副本文件", "成员", "带来的修改", "冲突")


class MergeSummaryModel(HeadedTableModel):
    """One row per merged copy: its file, who worked in it, what it brought, its conflicts."""

    HEADERS = SUMMARY_COLUMNS
    TR_CONTEXT = "MergeDialog"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reports: list[SourceReport] = []

    def set_reports(self, reports: list[SourceReport]) -> None:
        """Show a merge's per-copy reports."""
        self.beginResetModel()
        self._reports = list(reports)
        self.endResetModel()

    def row_total(self) -> int:
        """How many rows are held."""
        return len(self._reports)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The words of one cell; the full path as the file's tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._reports):
            return None
        report = self._reports[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return str(report.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and col >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col == 0:
            return report.path.name
        if col == 1:
            return "、".join(report.users) or tr("—")
        if col == 2:
            if not report.entries:
                return tr("没有新的修改（以前已合并）")
            return tr("带来 %d 处修改") % report.merged
        return tr("冲突 %d 处") % report.conflicts if report.conflicts else tr("无冲突")
