"""Opening an outside .xlsx safely and turning its first sheet into a grid of cell values.

The file is untrusted: its kind is checked from its first bytes (old .xls and encrypted files are
OLE containers, not zip), the zip's unpacked size is capped before openpyxl sees it, and only
the first ``MAX_ROWS`` rows and ``MAX_COLS`` columns are read. Merged ranges are kept so that the
reader can treat a merged cell as "the same as the cell at the top left of the range".
"""

from __future__ import annotations

import logging
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ImportError_

log = logging.getLogger(__name__)

MAX_ROWS = 20_000
MAX_COLS = 100
MAX_UNPACKED = 100 * 1024 * 1024
MAX_ENTRIES = 5_000
MAX_MERGED_CELLS = 200_000

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

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
    book = _load(path)
    try:
        sheets = book.worksheets
        if not sheets:
            raise ImportError_(f"{path.name} 中没有工作表")
        return _grid(sheets[0])
    finally:
        book.close()


def _check_file(path: Path) -> None:
    name = path.name
    if not path.is_file():
        raise ImportError_(f"找不到文件 {path}")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise ImportError_(f"无法读取 {name}（{exc.strerror or exc}）") from exc
    if not head:
        raise ImportError_(f"{name} 是空文件，不是 .xlsx 文件")
    if head == _OLE_MAGIC:
        if path.suffix.lower() in (".xls", ".et"):
            raise ImportError_(f"{name} 是旧版 Excel（.xls）文件，pfdesk 只能读取 .xlsx："
                               "请在 Excel 或 WPS 中另存为 .xlsx 后再导入")
        raise ImportError_(f"{name} 不是可读取的 .xlsx 文件（可能设置了打开密码，或是旧版 .xls）："
                           "请去掉密码并另存为 .xlsx 后再导入")
    if not head.startswith(_ZIP_MAGIC):
        raise ImportError_(f"{name} 不是 .xlsx 文件，或文件已损坏")
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportError_(f"{name} 不是 .xlsx 文件，或文件已损坏") from exc
    if len(entries) > MAX_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED:
        raise ImportError_(f"{name} 解压后超过 {MAX_UNPACKED // (1024 * 1024)} MB，"
                           "不像是指标评分表，未读取")
    if _merged_area(path) > MAX_MERGED_CELLS:
        raise ImportError_(f"{name} 的合并单元格范围过大，不像是指标评分表，未读取")


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')


def _col_number(letters: bytes) -> int:
    number = 0
    for char in letters:
        number = number * 26 + char - 64
    return number


def _merged_area(path: Path) -> int:
    """Cells covered by the merged ranges of every worksheet (openpyxl creates each of them)."""
    area = 0
    with zipfile.ZipFile(path) as archive:
        for entry in archive.infolist():
            if not (entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml")):
                continue
            tail = b""
            with archive.open(entry) as stream:
                while chunk := stream.read(1 << 20):
                    data = tail + chunk
                    last = 0
                    for m in _MERGE_REF.finditer(data):
                        rows = int(m.group(4)) - int(m.group(2)) + 1
                        cols = _col_number(m.group(3)) - _col_number(m.group(1)) + 1
                        area += max(rows, 1) * max(cols, 1)
                        last = m.end()
                    tail = data[max(last, len(data) - 256):]
                    if area > MAX_MERGED_CELLS:
                        return area
    return area


def _load(path: Path):  # type: ignore[no-untyped-def]
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=False, data_only=True,
                                          keep_links=False, keep_vba=False, rich_text=False)
    except Exception as exc:  # any failure inside an untrusted file means "damaged"
        log.info("openpyxl could not read %s: %r", path, exc)
        raise ImportError_(f"{path.name} 已损坏或不是有效的 .xlsx 文件，无法读取") from exc


def _grid(sheet) -> Grid:  # type: ignore[no-untyped-def]
    grid = Grid(sheet=str(sheet.title))
    # Iterate the cells that exist: iter_rows() would create every empty cell in the range.
    for (row, col), cell in list(sheet._cells.items()):
        value = cell.value
        if _blank(value):
            continue
        if row > MAX_ROWS:
            raise ImportError_(f"工作表“{grid.sheet}”超过 {MAX_ROWS} 行（第 {row} 行仍有内容），"
                               f"只能读取前 {MAX_ROWS} 行：请删去多余内容后再导入")
        if col > MAX_COLS:
            log.info("ignoring cell beyond column %d in %s", MAX_COLS, grid.sheet)
            continue
        grid.values[(row, col)] = value.strip() if isinstance(value, str) else value
        grid.max_row = max(grid.max_row, row)
        grid.max_col = max(grid.max_col, col)
    if not grid.values:
        raise ImportError_(f"工作表“{grid.sheet}”是空的，没有可导入的内容")
    _merges(sheet, grid)
    return grid


def _merges(sheet, grid: Grid) -> None:  # type: ignore[no-untyped-def]
    filled = 0
    for merged in list(sheet.merged_cells.ranges):
        top, left = merged.min_row, merged.min_col
        if top > grid.max_row or left > grid.max_col:
            continue
        bottom, right = min(merged.max_row, grid.max_row), min(merged.max_col, grid.max_col)
        grid.spans[(top, left)] = (top, bottom)
        for row in range(top, bottom + 1):
            for col in range(left, right + 1):
                if (row, col) != (top, left):
                    grid.origin_of[(row, col)] = (top, left)
        filled += (bottom - top + 1) * (right - left + 1)
        if filled > MAX_MERGED_CELLS:
            raise ImportError_(f"工作表“{grid.sheet}”的合并单元格过多，不像是指标评分表，未读取")
