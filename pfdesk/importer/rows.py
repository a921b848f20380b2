"""Turning the data rows under the header into a tree of sheet nodes, cell by cell.

A row names one indicator per level column. A merged or empty level cell means "the same as
the row above", as long as the levels to its left are the same as above too. Consecutive rows
naming the same indicator are one indicator (a leaf merged over several rows, texts that spill
onto a second row). Weights and scores are only read here; they are checked in ``excel``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import ImportError_
from . import cells
from .header import Header, column_letter
from .sheetxml import shown
from .workbook import Grid

log = logging.getLogger(__name__)

LEVEL_LABELS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标")


@dataclass
class Node:
    """One indicator as read from the sheet, with the cells its numbers came from."""

    shown: str
    depth: int
    row: int
    col: int
    code: str = ""
    name: str = ""
    weight: Decimal | None = None
    weight_at: tuple[int, int] | None = None
    score: Decimal | None = None
    score_at: tuple[int, int] | None = None
    not_applicable: bool = False
    texts: dict[str, str] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def walk(self) -> list[Node]:
        """This node and all below, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class TotalRow:
    """A 合计 / 总计 / 总分 row: skipped, its numbers kept to compare with the tree."""

    row: int
    subtotal: bool
    weight: Decimal | None
    score: Decimal | None
    first: int = 0  # the level-1 indicators it adds up: roots[first:last]
    last: int = 0


class RowReader:
    """Reads the data rows of one sheet into ``roots`` (plus warnings and total rows)."""

    def __init__(self, grid: Grid, header: Header) -> None:
        self.grid = grid
        self.header = header
        self.roots: list[Node] = []
        self.totals: list[TotalRow] = []
        self.warnings: list[str] = []
        self._prev: list[Node] = []

    # ----- places and errors -----

    def where(self, row: int, col: int | None = None) -> str:
        """'工作表“评分表”第 7 行 C 列' (the column left out when None)."""
        place = f"工作表“{self.grid.sheet}”第 {row} 行"
        return place if col is None else f"{place} {column_letter(col)} 列"

    def fail(self, row: int, col: int | None, message: str) -> ImportError_:
        """An ImportError_ naming the place."""
        return ImportError_(f"{self.where(row, col)}：{message}")

    def number(self, row: int, col: int, value: object) -> Decimal | None:
        """A number cell, or an error naming the cell."""
        try:
            result, rounded = cells.number(value)
        except cells.CellError as exc:
            raise self.fail(row, col, f"“{shown(cells.text(value), 30)}”{exc}") from exc
        if rounded:
            # the cell as it was (cells.text writes a number already rounded)
            given = repr(value) if isinstance(value, float) else \
                format(value, "f") if isinstance(value, Decimal) else cells.text(value)
            self.warnings.append(f"{self.where(row, col)}的 {shown(given, 30)} 已按两位小数取"
                                 f" {result}")
        return result

    # ----- reading -----

    def read(self) -> list[Node]:
        """Read every row below the header; returns the level-1 nodes."""
        for row in range(self.header.row + 1, self.grid.max_row + 1):
            if self.grid.row_is_empty(row):
                continue
            if self._ends_table(row):
                log.debug("table ends before row %d", row)
                break
            self._row(row)
        return self.roots

    def _ends_table(self, row: int) -> bool:
        """A note row (注：…) ends the table; after a total row, so does a row without a weight."""
        if any(t for t in self.totals if not t.subtotal) and not self._is_total(
                row, [self.grid.value(row, c) for c in self.header.level_cols]):
            return all(self.grid.own(row, col) is None for col in self.header.weight_cols.values())
        first = next((self.grid.value(row, c) for c in range(1, self.grid.max_col + 1)
                      if self.grid.value(row, c) is not None), None)
        return cells.is_note(first)

    def _row(self, row: int) -> None:
        cols = self.header.level_cols
        raw = [self.grid.value(row, col) for col in cols]
        if self._is_total(row, raw):
            self._total(row)
            return
        names = [cells.name_text(v) for v in raw]
        if not any(names):
            self.warnings.append(f"{self.where(row)}没有指标名称，已跳过")
            return
        if all(cells.label(v) == self.header.labels.get(c, "") for v, c in zip(raw, cols, strict=True)):
            return  # the header repeated (a printed sheet's second page)
        deepest = max(i for i, name in enumerate(names) if name)
        self._carry(row, names, deepest)
        path = self._path(row, names[: deepest + 1])
        self._numbers(row, path)
        self._texts(row, path[-1])
        self._prev = path

    def _is_total(self, row: int, raw: list[object]) -> bool:
        """合计 / 总计 / 总分 in a level cell, or (levels empty) in a column with no role."""
        if any(cells.is_total(v) for v in raw if v is not None):
            return True
        if any(cells.name_text(v) for v in raw):
            return False
        used = set(self.header.text_cols.values()) | set(self.header.weight_cols.values()) | set(
            self.header.score_cols.values())
        return any(cells.is_total(self.grid.value(row, col))
                   for col in range(1, self.grid.max_col + 1) if col not in used)

    def _carry(self, row: int, names: list[str], deepest: int) -> None:
        prev = self._prev
        for k in range(deepest):
            if names[k]:
                continue
            same_above = k < len(prev) and all(names[j] == prev[j].shown for j in range(k))
            if not same_above:
                raise self.fail(row, self.header.level_cols[k],
                                f"{LEVEL_LABELS[k]}为空，无法确定“{names[deepest]}”的上级指标")
            names[k] = prev[k].shown

    def _path(self, row: int, names: list[str]) -> list[Node]:
        path: list[Node] = []
        new = False
        for k, name in enumerate(names):
            prev = self._prev[k] if k < len(self._prev) else None
            if not new and prev is not None and prev.shown == name:
                node = prev
            else:
                new = True
                col = self.header.level_cols[k]
                code, clean = cells.split_code(name)
                node = Node(shown=name, depth=k + 1, row=row, col=col, code=code, name=clean)
                (path[-1].children if path else self.roots).append(node)
            node.rows.append(row)
            path.append(node)
        if not new:
            leaf_col = self.header.level_cols[len(names) - 1]
            if self.grid.origin(row, leaf_col) == (row, leaf_col):
                self.warnings.append(f"{self.where(row)}的“{names[-1]}”与上一行相同，"
                                     "已作为同一个指标读取")
        return path

    def _numbers(self, row: int, path: list[Node]) -> None:
        for kind, cols in (("weight", self.header.weight_cols), ("score", self.header.score_cols)):
            for depth, col in sorted(cols.items()):
                node = path[min(depth, len(path)) - 1]
                value = self._own_number(row, col, node)
                if value is None:
                    continue
                if kind == "score" and cells.is_not_applicable(value):
                    node.not_applicable = True
                    continue
                self._set(kind, node, row, col, self.number(row, col, value))

    def _own_number(self, row: int, col: int, node: Node) -> object:
        """A number cell's value; a merged number counts only for the indicator it starts at."""
        top, left = self.grid.origin(row, col)
        if (top, left) == (row, col) or top in node.rows:
            return self.grid.value(row, col)
        if left == col and top not in node.rows:
            self.warnings.append(f"{self.where(top, col)}的合并单元格跨越了多个指标，"
                                 "只算作第一个指标的数值")
        return None

    def _set(self, kind: str, node: Node, row: int, col: int, value: Decimal | None) -> None:
        if value is None:
            return
        old = getattr(node, kind)
        at = getattr(node, f"{kind}_at")
        if old is not None and old != value and at is not None:
            what = "分值" if kind == "weight" else "得分"
            raise self.fail(row, col, f"“{node.shown}”的{what} {value} 与{self.where(*at)}的"
                                      f" {old} 不一致")
        if old is None:
            setattr(node, kind, value)
            setattr(node, f"{kind}_at", (row, col))

    def _texts(self, row: int, node: Node) -> None:
        for role, col in self.header.text_cols.items():
            value = cells.text(self.grid.value(row, col))
            if not value:
                continue
            old = node.texts.get(role, "")
            if value not in old.split("\n"):
                node.texts[role] = f"{old}\n{value}" if old else value

    def _total(self, row: int) -> None:
        labels = "".join(cells.label(self.grid.value(row, col))
                         for col in range(1, self.grid.max_col + 1))
        subtotal = "小计" in labels
        numbers: dict[str, Decimal | None] = {"weight": None, "score": None}
        for kind, cols in (("weight", self.header.weight_cols), ("score", self.header.score_cols)):
            for col in cols.values():
                try:
                    value, _ = cells.number(self.grid.own(row, col))
                except cells.CellError:
                    value = None
                numbers[kind] = value if value is not None else numbers[kind]
        first = next((t.last for t in reversed(self.totals) if not t.subtotal), 0)
        self.totals.append(TotalRow(row, subtotal, numbers["weight"], numbers["score"], first,
                                    len(self.roots)))
        log.debug("total row %d skipped", row)
