"""One table model for every list of rows (targets, funding, evaluators, findings).

``RowListModel`` is a ``QAbstractTableModel`` adapter over ``project.rows(row_type)`` (optionally
only rows whose fields match ``where``), described by a list of ``ColumnSpec``. ``data()`` reads
the cached rows; ``setData()`` checks the typed value and pushes a pfdesk command
(``set_fields``); adding, removing and moving rows are one command each (one undo step). The
model follows the session's ``changed`` signal and updates itself by rows (inserted, removed,
moved, changed), so selections and open editors survive the user's own edits.

Money columns take two decimals at most: '12.345' is refused (see ``ui.widgets.money``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from pfdesk import order, table_paste
from pfdesk.commands import add_row, remove_row, set_fields
from pfdesk.edits import Change, Edit, Op, Update
from pfdesk.model import Row
from pfdesk.numbers import money
from pfdesk.project import Project

from ..session import ProjectSession
from ..widgets.money import parse_amount
from ..widgets.roles import (
    CHOICES_ROLE,
    EDITOR_CHOICE,
    EDITOR_CHOICE_FREE,
    EDITOR_DECIMAL,
    EDITOR_MONEY,
    EDITOR_MULTILINE,
    EDITOR_READONLY,
    EDITOR_ROLE,
    ROW_ID_ROLE,
)

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex
NUMERIC = (EDITOR_MONEY, EDITOR_DECIMAL)
READONLY_COLOUR = "#5f6b7a"   # computed cells: readable, but visibly not typed in


@dataclass(frozen=True)
class ColumnSpec:
    """One column: the row field, its title, its editor and how it is summed and shown."""

    field: str
    title: str
    editor: str = "text"
    choices: tuple[Any, ...] = ()
    total: bool = False
    width: int = 0
    stretch: bool = False
    maximum: Decimal | None = None
    tip: str = ""

    @property
    def editable(self) -> bool:
        """False for display-only columns."""
        return self.editor != EDITOR_READONLY


def tr(text: str) -> str:
    """Translate a string of the list models."""
    return QCoreApplication.translate("RowListModel", text)


class RowListModel(QAbstractTableModel):
    """Table model over one table's rows; subclasses give the columns and the wording."""

    item_name = "行"          # 'a 绩效目标' in undo labels
    show_total = False        # a display-only 合计 row at the bottom
    watched: tuple[str, ...] = ()   # other tables whose changes alter what is shown

    def __init__(self, session: ProjectSession, row_type: type[Row],
                 columns: Sequence[ColumnSpec], where: dict[str, Any] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.row_type = row_type
        self.columns = list(columns)
        self.where = dict(where or {})
        self.rows: list[Row] = self.fetch()
        session.changed.connect(self.on_changed)

    # ----- reading -----

    @property
    def project(self) -> Project:
        """The open project."""
        return self.session.project

    def fetch(self) -> list[Row]:
        """The rows to show, in display order."""
        return [r for r in self.project.rows(self.row_type)
                if all(getattr(r, k) == v for k, v in self.where.items())]

    def row_at(self, row: int) -> Row | None:
        """The project row shown at ``row`` (None for the 合计 row)."""
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, row_id: str) -> int:
        """The model row of a project row id (-1 if not shown)."""
        return next((i for i, r in enumerate(self.rows) if r.id == row_id), -1)

    def is_total_row(self, row: int) -> bool:
        """True for the display-only 合计 row."""
        return self.show_total and row == len(self.rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Rows, plus the 合计 row when shown."""
        if parent.isValid():
            return 0
        return len(self.rows) + (1 if self.show_total else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column per spec."""
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles; row numbers (合计 for the total row)."""
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                if 0 <= section < len(self.columns):
                    return tr(self.columns[section].title)
                return None
            return "" if self.is_total_row(section) else str(section + 1)
        if (role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self.columns) and self.columns[section].tip):
            return tr(self.columns[section].tip)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Editable cells for editable columns of real rows."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.is_total_row(index.row()) or not self.columns[index.column()].editable:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, edit value, alignment and the delegate's editor hints."""
        if not index.isValid() or not self.checkIndex(index):
            return None
        spec = self.columns[index.column()]
        row = self.row_at(index.row())
        if row is None:
            return self._total_data(spec, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, spec)
        if role == Qt.ItemDataRole.EditRole:
            return self.edit_value(row, spec)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.display(row, spec)
            return text if text and len(text) > 12 else None
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.editor in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and not spec.editable:
            return QColor(READONLY_COLOUR)
        if role == EDITOR_ROLE:
            return spec.editor
        if role == CHOICES_ROLE:
            return self.choices(spec)
        if role == ROW_ID_ROLE:
            return row.id
        return None

    def _total_data(self, spec: ColumnSpec, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if spec.total:
                return money(self.column_total(spec.field))
            return tr("合计") if spec is self.columns[0] else ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and spec.editor in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == EDITOR_ROLE:
            return EDITOR_READONLY
        return None

    def column_total(self, field: str) -> Decimal | None:
        """The 合计 of a money column (display only); a model with a 合计 row reads it from the
        engine (``pfdesk.funding``): nothing derived is summed here. None: nothing to show."""
        return None

    def display(self, row: Row, spec: ColumnSpec) -> str:
        """The text a cell shows."""
        value = getattr(row, spec.field)
        if spec.editor in NUMERIC:
            return money(value)
        if spec.editor in (EDITOR_CHOICE, EDITOR_CHOICE_FREE):
            for label, choice in self.choices(spec):
                if choice == value:
                    return label
        return "" if value is None else str(value)

    def edit_value(self, row: Row, spec: ColumnSpec) -> Any:
        """The value an editor starts from."""
        value = getattr(row, spec.field)
        if spec.editor in NUMERIC:
            return money(value)
        return value

    def choices(self, spec: ColumnSpec) -> list[tuple[str, Any]]:
        """(label, value) pairs for a choice column."""
        return [c if isinstance(c, tuple) else (tr(str(c)), c) for c in spec.choices]

    # ----- writing -----

    def convert(self, spec: ColumnSpec, value: Any) -> Any:
        """Typed value → stored value; ValueError with a sentence for the user."""
        if spec.editor in NUMERIC:
            return parse_amount(value, tr(spec.title), spec.maximum)
        if isinstance(value, str):
            return value.strip() if spec.editor != "multiline" else value.rstrip()
        return value

    def field_changes(self, row: Row, spec: ColumnSpec, value: Any) -> dict[str, Any]:
        """The fields to store for a typed value (subclasses add derived fields)."""
        return {spec.field: value}

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store a typed value as one command; False (and the reason reported) if refused."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self.row_at(index.row())
        spec = self.columns[index.column()]
        if row is None or not spec.editable:
            return False
        try:
            stored = self.convert(spec, value)
        except ValueError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        if stored == getattr(row, spec.field):
            return True
        label = tr("修改{0}的“{1}”").format(tr(self.item_name), tr(spec.title))
        edit = set_fields(self.project, row.TABLE, row.id, label,
                          **self.field_changes(row, spec, stored))
        return self.session.push(edit)

    def new_row(self) -> Row:
        """A fresh row for 添加 (fields from ``where`` filled in)."""
        return self.row_type(**self.where)

    def add(self) -> int:
        """Append a row as one command; its model row, or -1 if refused."""
        row = self.new_row()
        if not self.session.push(add_row(self.project, row, tr("添加{0}").format(
                tr(self.item_name)))):
            return -1
        return self.row_of(row.id)

    def remove(self, rows: Sequence[int]) -> bool:
        """Remove the given model rows as one command (undo puts them back in place)."""
        targets = [r for r in (self.row_at(i) for i in sorted(set(rows))) if r is not None]
        if not targets:
            return False
        edits = [remove_row(self.project, r.TABLE, r.id, "") for r in targets]
        label = tr("删除{0}").format(tr(self.item_name))
        if len(targets) > 1:
            label = tr("删除 {0} 项{1}").format(len(targets), tr(self.item_name))
        return self.session.push(Edit(label, [op for edit in edits for op in edit.ops]))

    def move(self, row: int, delta: int) -> bool:
        """Move a row up (-1) or down (+1) as one command."""
        target = row + delta
        if self.row_at(row) is None or self.row_at(target) is None:
            return False
        label = tr("移动{0}").format(tr(self.item_name))
        return self.session.push(Edit(label, reorder_ops(self.rows, row, target)))

    # ----- pasting a block from Excel, copying one out -----

    def paste_columns(self) -> list[table_paste.PasteColumn]:
        """The columns as the core's paste reads them."""
        kinds = {EDITOR_MONEY: table_paste.MONEY, EDITOR_DECIMAL: table_paste.MONEY,
                 EDITOR_CHOICE: table_paste.CHOICE, EDITOR_MULTILINE: table_paste.MULTILINE,
                 EDITOR_READONLY: table_paste.READONLY}
        return [table_paste.PasteColumn(spec.field, tr(spec.title),
                                        kinds.get(spec.editor, table_paste.TEXT),
                                        tuple(self.choices(spec)))
                for spec in self.columns]

    def _paste_cell(self, column: table_paste.PasteColumn, text: str) -> Any:
        value = table_paste.read_cell(column, text)
        spec = next(s for s in self.columns if s.field == column.field)
        if spec.maximum is not None and value is not None and value > spec.maximum:
            raise ValueError(tr("{0}不能大于 {1}").format(column.title, money(spec.maximum)))
        return value

    def plan_paste(self, text: str, row: int, column: int) -> table_paste.PastePlan:
        """What pasting ``text`` at (row, column) would change (nothing is stored)."""
        return table_paste.plan_paste(text, self.paste_columns(), self.rows, row, column,
                                      self._paste_cell)

    def apply_paste(self, plan: table_paste.PastePlan) -> bool:
        """Store a paste plan as one command (one undo step); False if refused."""
        if not plan.rows:
            return False
        by_field = {spec.field: spec for spec in self.columns}
        label = tr("粘贴{0}（{1}）").format(tr(self.item_name), plan.summary().split("；")[0])
        edit = table_paste.paste_edit(
            plan, self.rows, self.new_row, label,
            [r.sort_key for r in self.project.rows(self.row_type)],  # type: ignore[attr-defined]
            lambda name, value: self.field_changes(None, by_field[name], value))  # type: ignore[arg-type]
        return self.session.push(edit)

    def copy_text(self, rows: Sequence[int], columns: Sequence[int]) -> str:
        """The cells of ``rows`` × ``columns`` as tab-separated text under the column titles."""
        titles = [tr(self.columns[c].title) for c in columns]
        cells = [[str(self.index(r, c).data() or "") for c in columns] for r in rows]
        return table_paste.copy_text(titles, cells)

    # ----- following the project -----

    def on_changed(self, change: Change | None) -> None:
        """Update from a stored edit (None: reload everything)."""
        tables = {self.row_type.TABLE, *self.watched}
        if change is not None and not tables & change.tables():
            return
        self.sync(self.fetch())

    def reload(self) -> None:
        """Re-read every row."""
        self.sync(self.fetch())

    def sync(self, fresh: list[Row]) -> None:
        """Bring the cached rows to ``fresh`` with row-wise signals."""
        sync_rows(self, fresh)


def sync_rows(model: RowListModel, fresh: list[Row]) -> None:
    """Remove gone rows, insert new ones, re-order or refresh, keeping persistent indexes."""
    fresh_ids = [r.id for r in fresh]
    keep = set(fresh_ids)
    for i in range(len(model.rows) - 1, -1, -1):
        if model.rows[i].id not in keep:
            model.beginRemoveRows(QModelIndex(), i, i)
            del model.rows[i]
            model.endRemoveRows()
    old_ids = [r.id for r in model.rows]
    if [i for i in fresh_ids if i in set(old_ids)] == old_ids:
        by_id = {r.id: r for r in fresh}
        pos = 0
        while pos < len(fresh_ids):
            if pos < len(model.rows) and model.rows[pos].id == fresh_ids[pos]:
                pos += 1
                continue
            end = pos          # a run of new rows goes in as one insertion (a 200-line paste)
            shown_next = model.rows[pos].id if pos < len(model.rows) else None
            while end < len(fresh_ids) and fresh_ids[end] != shown_next:
                end += 1
            model.beginInsertRows(QModelIndex(), pos, end - 1)
            model.rows[pos:pos] = [by_id[i] for i in fresh_ids[pos:end]]
            model.endInsertRows()
            pos = end
    else:
        _reorder(model, fresh)
    model.rows = list(fresh)
    if model.rowCount() and model.columnCount():
        model.dataChanged.emit(model.index(0, 0),
                               model.index(model.rowCount() - 1, model.columnCount() - 1))


def _reorder(model: RowListModel, fresh: list[Row]) -> None:
    model.layoutAboutToBeChanged.emit()
    new_pos = {r.id: i for i, r in enumerate(fresh)}
    old_ids = [r.id for r in model.rows]
    for old in model.persistentIndexList():
        if 0 <= old.row() < len(old_ids):
            model.changePersistentIndex(
                old, model.index(new_pos[old_ids[old.row()]], old.column()))
    model.rows = list(fresh)
    model.layoutChanged.emit()


def reorder_ops(rows: Sequence[Row], row: int, target: int) -> list[Op]:
    """The one update moving ``rows[row]`` to ``target``: a new ordering key for that row only.

    ``rows`` are the rows shown, in order; rows of the table that are not shown keep their keys.
    """
    moved = rows[row]
    keys = [r.sort_key for i, r in enumerate(rows) if i != row]  # type: ignore[attr-defined]
    return [Update(moved.TABLE, moved.id, {"sort_key": order.at(keys, target)})]
