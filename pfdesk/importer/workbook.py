"""Opening an outside .xlsx safely and turning its first sheet into a grid of cell values.

The file is untrusted. Its kind is checked from its first bytes (old .xls and encrypted files are
OLE containers, a CSV is text), the zip directory is checked before anything is unpacked
(``package``), and the parts the importer needs are found through the relationships whatever
their names and read as capped streams (``bookxml``, ``sheetxml``): openpyxl's loader, which builds every
sheet, every merged cell and every drawing in memory, never sees the file. Only the first
``MAX_ROWS`` rows and ``MAX_COLS`` columns are kept. Merged ranges are kept so that the reader
can treat a merged cell as "the same as the cell at the top left of the range".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportError_
from . import xmlstream
from .bookxml import SharedStringsReader, StylesReader, WorkbookReader
from .package import Package, Relationship, damaged
from .sheetxml import MAX_COLS, MAX_ROWS, SheetReader, shown

log = logging.getLogger(__name__)

__all__ = ["MAX_COLS", "MAX_ROWS", "Grid", "read_first_sheet"]

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_HEAD = 512

Cell = tuple[int, int]


@dataclass
class Grid:
    """The first sheet's values (1-based rows and columns as in Excel) and its merged ranges."""

    sheet: str
    values: dict[Cell, object] = field(default_factory=dict)
    origin_of: dict[Cell, Cell] = field(default_factory=dict)
    spans: dict[Cell, tuple[int, int]] = field(default_factory=dict)
    max_row: int = 0
    max_col: int = 0

    def own(self, row: int, col: int) -> object:
        """The value written in this very cell (None inside a merged range)."""
        return self.values.get((row, col))

    def value(self, row: int, col: int) -> object:
        """The value shown in this cell: a merged range shows its top-left value everywhere."""
        origin = self.origin_of.get((row, col), (row, col))
        return self.values.get(origin)

    def origin(self, row: int, col: int) -> Cell:
        """The top-left cell of the merged range holding this cell (itself when not merged)."""
        return self.origin_of.get((row, col), (row, col))

    def rows_spanned(self, row: int, col: int) -> int:
        """How many rows the merged range starting here covers (1 when not merged)."""
        first, last = self.spans.get((row, col), (row, row))
        return last - first + 1

    def row_is_empty(self, row: int) -> bool:
        """Whether no cell of the row shows anything."""
        return all(_blank(self.value(row, col)) for col in range(1, self.max_col + 1))


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_first_sheet(path: str | Path) -> Grid:
    """Open ``path`` as an .xlsx and return its first sheet as a Grid (ImportError_ if unusable)."""
    path = Path(path)
    _check_file(path)
    with Package(path) as package:
        return _read(package)


def _check_file(path: Path) -> None:
    name = path.name
    if path.is_dir():
        raise ImportError_(f"{path} 是文件夹，不是 .xlsx 文件：请选择要导入的 .xlsx 文件")
    if not path.exists():
        raise ImportError_(f"找不到文件 {path}：请检查文件是否已被移动或删除")
    if not path.is_file():
        raise ImportError_(f"{name} 不是普通文件，不是 .xlsx 文件：请选择要导入的 .xlsx 文件")
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD)
    except OSError as exc:
        why = "没有读取权限" if isinstance(exc, PermissionError) else "读取出错"
        raise ImportError_(f"无法读取 {name}（{why}）：请检查文件权限，或把文件复制到本机后再导入") from exc
    if not head:
        raise ImportError_(f"{name} 是空文件，不是 .xlsx 文件：请重新获取这个文件")
    if head.startswith(_OLE_MAGIC):
        if path.suffix.lower() in (".xls", ".et"):
            raise ImportError_(f"{name} 是旧版 Excel（.xls）文件，pfdesk 只能读取 .xlsx："
                               "请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
        raise ImportError_(f"{name} 不是可读取的 .xlsx 文件（可能设置了打开密码，或是旧版 .xls）："
                           "请去掉密码并另存为 .xlsx 后再导入")
    if head.startswith(_ZIP_MAGIC):
        return
    if _looks_like_text(head):
        raise ImportError_(f"{name} 是文本文件（可能是 CSV），不是 .xlsx 文件："
                           "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入")
    raise ImportError_(f"{name} 不是 .xlsx 文件，或文件已损坏：请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入")


def _looks_like_text(head: bytes) -> bool:
    if b"\0" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start >= len(head) - 3:
                return True  # a character cut at the end of the sample
            continue
        return True
    return False


def _read(package: Package) -> Grid:
    """The first worksheet of an opened package as a Grid."""
    file = package.file
    book_part = package.workbook_part()
    book = WorkbookReader()
    xmlstream.parse(package.chunks(book_part), book, file, book_part)
    rels = package.relationships(book_part)
    by_id = {rel.rid: rel for rel in rels}
    first = next(((title, by_id[rid].target) for title, rid in book.sheets
                  if rid in by_id and by_id[rid].kind.endswith("/worksheet")), None)
    if first is None:
        raise ImportError_(f"{file} 中没有工作表：请确认导入的是指标评分表")
    title, sheet_part = shown(first[0], 31) or "Sheet1", first[1]
    styles = StylesReader()
    styles_part = _part_of(rels, "/styles")
    if styles_part and package.has(styles_part):
        xmlstream.parse(package.chunks(styles_part), styles, file, styles_part)
    reader = SheetReader(file, title, styles.date_styles(), book.date1904)
    xmlstream.parse(package.chunks(sheet_part), reader, file, sheet_part)
    content = reader.out
    if content.shared or content.beyond:
        strings_part = _part_of(rels, "/sharedStrings")
        if not strings_part:
            raise damaged(file, "缺少共享文字")
        strings = SharedStringsReader(set(content.shared.values()) | set(content.beyond), reader.too_long)
        xmlstream.parse(package.chunks(strings_part), strings, file, strings_part)
        reader.resolve(strings.found)
    return _grid(title, content.values, content.merges)


def _part_of(rels: list[Relationship], kind: str) -> str:
    return next((rel.target for rel in rels if rel.kind.endswith(kind)), "")


def _grid(title: str, values: dict[Cell, object], merges: list[tuple[int, int, int, int]]) -> Grid:
    grid = Grid(sheet=title, values=values)
    if not values:
        raise ImportError_(f"工作表“{title}”是空的，没有可导入的内容")
    grid.max_row = max(row for row, _ in values)
    grid.max_col = max(col for _, col in values)
    for top, left, last_row, last_col in merges:
        if top > grid.max_row or left > grid.max_col:
            continue
        bottom, right = min(last_row, grid.max_row), min(last_col, grid.max_col)
        grid.spans[(top, left)] = (top, bottom)
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                if (row, col) != (top, left):
                    grid.origin_of[(row, col)] = (top, left)
    return grid
