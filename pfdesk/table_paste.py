"""Pasting a block copied from Excel into a list table (funding, targets), and copying one out.

``split_cells`` reads the clipboard text Excel writes: rows end in CRLF (or LF), cells are
separated by tabs, a cell holding a line break or a quote is quoted ("a""b"). ``plan_paste``
lays the rows over the table from the current cell: a line below the last row adds a row, a
line over an existing row changes the cells it covers. Every cell is read as its column reads
typed input (``convert``: the window passes its own; ``read_cell`` is the core's, amounts read
by ``pfdesk.typed.amount`` exactly as typed ones: full-width digits, thousands separators,
万元); a line with a cell that cannot be taken is refused as a whole with the reason, and the
other lines still go in. Empty cells leave
what is there. A header line (the column titles, as ``copy_text`` writes them) and 合计 lines are
skipped. ``paste_edit`` turns the plan into ONE edit, so one undo step undoes the whole paste.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import order, tsv, typed
from .edits import Edit, Insert, Op, Update
from .errors import EditError
from .model import Row
from .numbers import money
from .text import clean

log = logging.getLogger(__name__)

MONEY = "money"
TEXT = "text"
MULTILINE = "multiline"
CHOICE = "choice"          # one of ``choices`` only
READONLY = "readonly"      # shown, never pasted into
MAX_LINES = 5000
TOTAL_LABELS = ("合计", "总计", "小计")


@dataclass(frozen=True)
class PasteColumn:
    """A column as pasting sees it: the row field, its title, how a cell is read."""

    field: str
    title: str
    kind: str = TEXT
    choices: tuple[tuple[str, Any], ...] = ()     # (label, value); labels and values accepted


@dataclass
class PlannedRow:
    """One pasted line: the row it lands on (None: a new row), the values it sets and, for the
    preview, each changed cell as (title, before, after)."""

    line: int                         # 1-based line of the pasted text
    row: int | None                   # index into the existing rows, None for a new row
    values: dict[str, Any] = field(default_factory=dict)
    cells: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class PastePlan:
    """What a paste will do: rows changed and added, lines refused with why, notes."""

    rows: list[PlannedRow] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[PlannedRow]:
        """Existing rows that get new values."""
        return [r for r in self.rows if r.row is not None]

    @property
    def added(self) -> list[PlannedRow]:
        """New rows."""
        return [r for r in self.rows if r.row is None]

    def summary(self) -> str:
        """'修改 2 行，新增 3 行；1 行无法粘贴' (what the preview says first)."""
        parts = []
        if self.changed:
            parts.append(f"修改 {len(self.changed)} 行")
        if self.added:
            parts.append(f"新增 {len(self.added)} 行")
        text = "，".join(parts) or "没有要修改的内容"
        if self.refused:
            text += f"；{len(self.refused)} 行无法粘贴（见下方原因）"
        return text


# ----- reading the clipboard -----

def split_cells(text: str) -> list[list[str]]:
    """Excel's clipboard text as rows of cells (``tsv.rows``)."""
    return tsv.rows(text)


def copy_text(titles: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Tab-separated text with a header line, as Excel pastes it (``tsv.text``)."""
    return tsv.text([titles, *rows])


# ----- reading one cell -----

# Full-width digits, point and percent sign (common with Chinese input methods) as ASCII in text
# cells, so that a 指标值 such as '≥３０００件' or '≥９０％' is recognised; other full-width
# characters (Chinese punctuation) are left as written.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．％", "0123456789.%")


def read_amount(text: str, what: str) -> Decimal | None:
    """An amount in 万元 from a cell, read exactly as a typed one (``pfdesk.typed.amount``:
    '1,234.5', '８１．８４', '81.84万元', '818400元' → 81.84); EditError with the reason for a
    negative amount, a third decimal, misplaced separators or a unit that is not money."""
    try:
        return typed.amount(text, what)
    except ValueError as exc:
        raise EditError(str(exc)) from exc


def read_cell(column: PasteColumn, text: str) -> Any:
    """A pasted cell as the stored value of ``column``; EditError with the reason."""
    if column.kind == MONEY:
        return read_amount(text, column.title)
    value = clean(text).translate(FULL_WIDTH_DIGITS)
    if column.kind == CHOICE:
        wanted = unicodedata.normalize("NFKC", value).strip()
        for label, choice in column.choices:
            if wanted in (label, str(choice), f"{choice}财政"):
                return choice
        names = "、".join(label for label, _ in column.choices)
        raise EditError(f"{column.title}应为 {names} 之一（粘贴的是“{value.strip()}”）")
    if column.kind == MULTILINE:
        return value.rstrip()
    return " ".join(value.split("\n")).strip()     # one-line field: lines joined


Convert = Callable[[PasteColumn, str], Any]


def _shown(column: PasteColumn, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == MONEY:
        return money(value)
    for label, choice in column.choices:
        if choice == value:
            return label
    return str(value)


# ----- planning -----

def _is_header(cells: Sequence[str], columns: Sequence[PasteColumn]) -> bool:
    titles = {c.title for c in columns}
    filled = [c.strip() for c in cells if c.strip()]
    return bool(filled) and all(c in titles for c in filled)


def plan_paste(text: str, columns: Sequence[PasteColumn], existing: Sequence[Row],
               start_row: int, start_column: int, convert: Convert = read_cell) -> PastePlan:
    """Lay the pasted ``text`` over the table from (``start_row``, ``start_column``)."""
    plan = PastePlan()
    lines = split_cells(text)
    if len(lines) > MAX_LINES:
        plan.refused.append((MAX_LINES + 1, f"一次最多粘贴 {MAX_LINES} 行，其余未粘贴"))
        lines = lines[:MAX_LINES]
    target = max(0, start_row)
    ignored_columns = False
    read_only = {c.title for i, c in enumerate(columns) if c.kind == READONLY}
    skipped_read_only: set[str] = set()
    for number, cells in enumerate(lines, start=1):
        if not any(c.strip() for c in cells):
            continue
        if _is_header(cells, columns):
            plan.notes.append(f"第 {number} 行是表头，已跳过")
            continue
        if cells[0].strip() in TOTAL_LABELS and start_column == 0:
            plan.notes.append(f"第 {number} 行是合计行（由程序计算），已跳过")
            continue
        if start_column + len(cells) > len(columns) and any(
                c.strip() for c in cells[len(columns) - start_column:]):
            ignored_columns = True
        skipped_read_only |= {columns[start_column + k].title for k, c in enumerate(cells)
                              if c.strip() and start_column + k < len(columns)
                              and columns[start_column + k].title in read_only}
        row = target if target < len(existing) else None
        planned = _plan_line(number, cells, columns, existing[row] if row is not None else None,
                             start_column, convert)
        if isinstance(planned, str):
            plan.refused.append((number, planned))
        elif planned.values or row is None:
            planned.row = row
            plan.rows.append(planned)
        target += 1
    if ignored_columns:
        plan.notes.append("超出表格最后一列的单元格未粘贴")
    for title in sorted(skipped_read_only):
        plan.notes.append(f"“{title}”由程序自动得出，粘贴在这一列的内容未使用")
    return plan


def _plan_line(number: int, cells: Sequence[str], columns: Sequence[PasteColumn],
               current: Row | None, start_column: int, convert: Convert) -> PlannedRow | str:
    """The values one line sets, or the reason it is refused."""
    planned = PlannedRow(number, None)
    for offset, text in enumerate(cells):
        index = start_column + offset
        if index >= len(columns) or not text.strip():
            continue
        column = columns[index]
        if column.kind == READONLY:
            continue
        try:
            value = convert(column, text)
        except (EditError, ValueError) as exc:
            return str(exc)
        before = getattr(current, column.field) if current is not None else None
        if current is not None and value == before:
            continue
        planned.values[column.field] = value
        planned.cells.append((column.title, _shown(column, before), _shown(column, value)))
    if current is None and not planned.values:
        return "这一行没有可以粘贴的内容"
    return planned


# ----- the edit -----

Derive = Callable[[str, Any], dict[str, Any]]


def paste_edit(plan: PastePlan, existing: Sequence[Row], make_row: Callable[[], Row],
               label: str, all_keys: Sequence[str], derive: Derive | None = None) -> Edit:
    """One edit for the whole plan: updates of existing rows, then new rows appended in order
    (``all_keys``: the ordering keys of the table's rows, shown or not)."""
    ops: list[Op] = []

    def fields(values: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, value in values.items():
            out.update(derive(name, value) if derive else {name: value})
        return {k: clean(v) if isinstance(v, str) else v for k, v in out.items()}

    for planned in plan.changed:
        assert planned.row is not None
        row = existing[planned.row]
        ops.append(Update(row.TABLE, row.id, fields(planned.values)))
    added = plan.added
    last = max(all_keys) if all_keys else None
    keys = order.spread(len(added), last, None) if added else []
    for planned, key in zip(added, keys, strict=True):
        row = make_row()
        for name, value in fields(planned.values).items():
            setattr(row, name, value)
        if hasattr(row, "sort_key"):
            setattr(row, "sort_key", key)  # noqa: B010 (list rows only; Row has no sort_key)
        ops.append(Insert(row))
    return Edit(label, ops)
