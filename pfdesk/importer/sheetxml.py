"""A worksheet part read as a stream into the cells and merged ranges the importer needs.

The reader keeps only values and refuses what no indicator sheet holds: cell positions outside
Excel's grid, numbers that are not finite or absurdly large, cells longer than Excel allows, more
kept cells or text than the caps, merged ranges covering too much. The sheet's ``<dimension>`` is
never read, so a lying one costs nothing. Cells that show a shared string are resolved after the
shared strings are read (``bookxml``), keeping only the strings the sheet uses.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NoReturn

from ..errors import ImportError_
from . import xmlstream
from .package import too_big
from .xmlstream import shown

__all__ = ["MAX_COLS", "MAX_ROWS", "SheetContent", "SheetReader", "cell_name", "column_letter",
           "parse_ref", "shown", "unescape"]

log = logging.getLogger(__name__)

MAX_ROWS = 20_000
MAX_COLS = 100
MAX_CELLS = 250_000  # cells with a value kept from the first sheet
MAX_TEXT = 10_000_000  # characters over all kept cells (a text shown in many cells counts each time)
MAX_CELL_TEXT = 32_767  # Excel's own limit for one cell
MAX_MERGED_CELLS = 200_000
MAX_EXPONENT = 100  # a number beyond 1E+100 or below 1E-100 is not from an indicator sheet
MAX_BEYOND = 10_000
EXCEL_ROWS = 1_048_576
EXCEL_COLS = 16_384

Cell = tuple[int, int]
_REF = re.compile(r"([A-Za-z]{1,3})([1-9][0-9]{0,6})")
_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
DAMAGED = "：文件已损坏，请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入"
TOO_LONG = f"文字超过 {MAX_CELL_TEXT} 个字符（Excel 单元格的上限），文件已损坏或是特意构造的，未读取"


def column_letter(col: int) -> str:
    """Excel's letter for a 1-based column number (1 → A, 27 → AA)."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(ord("A") + rem) + out
    return out


def cell_name(cell: Cell) -> str:
    """(7, 2) → 'B7'."""
    return f"{column_letter(cell[1])}{cell[0]}"


def column_number(letters: str) -> int:
    """'A' → 1, 'AA' → 27."""
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def parse_ref(text: str) -> Cell | None:
    """'B7' → (7, 2); None when it is not a cell inside Excel's grid."""
    match = _REF.fullmatch(text)
    if not match:
        return None
    row, col = int(match.group(2)), column_number(match.group(1))
    return (row, col) if row <= EXCEL_ROWS and col <= EXCEL_COLS else None


def unescape(text: str) -> str:
    """Excel's ``_xHHHH_`` escapes decoded; characters no document may hold are dropped."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(_escaped_char, text)


def _escaped_char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16)
    if code in (9, 10, 13) or (code >= 32 and not 0xD800 <= code <= 0xDFFF and code < 0xFFFE):
        return chr(code)
    return ""


# ----- the worksheet -----

@dataclass
class SheetContent:
    """What was kept from a worksheet part."""

    values: dict[Cell, object] = field(default_factory=dict)
    shared: dict[Cell, int] = field(default_factory=dict)  # cells showing a shared string
    beyond: dict[int, int] = field(default_factory=dict)  # shared string → first row past MAX_ROWS
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # top, left, bottom, right
    text: int = 0


class SheetReader(xmlstream.Handler):
    """Reads the cells and merged ranges of one worksheet part into a SheetContent."""

    max_elements = 2_000_000
    wants_close = True
    wants_text = True

    def __init__(self, file: str, sheet: str, date_styles: dict[int, bool], date1904: bool) -> None:
        self.file = file
        self.sheet = sheet
        self.out = SheetContent()
        self._dates = date_styles
        self._date1904 = date1904
        self._in_data = self._in_row = self._in_is = self._in_rph = False
        self._row = self._col = 0
        self._cell: Cell | None = None
        self._ref = self._type = ""
        self._style = 0
        self._buf: list[str] | None = None
        self._size = 0
        self._v: str | None = None
        self._inline: list[str] | None = None
        self._merged = 0

    def fail(self, what: str, ref: str = "") -> NoReturn:
        """Refuse the file, naming the sheet and the cell."""
        place = f"工作表“{self.sheet}”的 {shown(ref)} 单元格" if ref else f"工作表“{self.sheet}”"
        raise ImportError_(f"{place}{what}")

    def past_rows(self, row: int) -> NoReturn:
        """Refuse a sheet with content below the row cap."""
        self.fail(f"超过 {MAX_ROWS} 行（第 {row} 行仍有内容），只能读取前 {MAX_ROWS} 行："
                  "请删去多余内容后再导入")

    def resolve(self, strings: dict[int, str]) -> None:
        """Put the shared strings into the cells that show them (blank ones left out)."""
        out = self.out
        for cell, index in out.shared.items():
            text = strings.get(index)
            if text is None:
                self.fail("引用的共享文字不存在" + DAMAGED, cell_name(cell))
            text = text.strip()
            if text:
                out.values[cell] = text
                self._count_text(len(text))
        past = [row for index, row in out.beyond.items() if strings.get(index, "").strip()]
        if past:
            self.past_rows(min(past))

    def too_long(self, index: int) -> NoReturn:
        """Refuse a shared string longer than a cell may be, naming a cell that shows it."""
        cell = next((c for c, i in self.out.shared.items() if i == index), None)
        self.fail(TOO_LONG, cell_name(cell) if cell else "")

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if self._cell is not None:
            if name == "v":
                self._buf, self._size = [], 0
            elif name == "t" and self._in_is and not self._in_rph:
                self._buf = []
            elif name == "is":
                self._in_is, self._inline = True, []
            elif name == "rPh":
                self._in_rph = True
        elif name == "c" and self._in_row:
            self._start_cell(attrs)
        elif name == "row" and self._in_data:
            self._start_row(attrs.get("r"))
        elif name == "sheetData":
            self._in_data = True
        elif name == "mergeCell" and not self._in_data:
            self._merge(attrs.get("ref", ""))

    def text(self, data: str) -> None:
        if self._buf is not None:
            self._buf.append(data)
            self._size += len(data)
            if self._size > MAX_CELL_TEXT:
                self.fail(TOO_LONG, self._ref)

    def close(self, name: str) -> None:
        if name == "c":
            if self._cell is not None:
                self._finish_cell(self._cell)
            self._cell = None
        elif self._cell is not None:
            if name == "v" and self._buf is not None:
                self._v, self._buf = "".join(self._buf), None
            elif name == "t" and self._buf is not None and self._inline is not None:
                self._inline.append("".join(self._buf))
                self._buf = None
            elif name == "is":
                self._in_is = False
            elif name == "rPh":
                self._in_rph = False
        elif name == "row":
            self._in_row = False
        elif name == "sheetData":
            self._in_data = False

    def _start_row(self, number: str | None) -> None:
        if number is None:
            self._row += 1
        elif number.isdigit() and 0 < len(number) < 8 and int(number) <= EXCEL_ROWS:
            self._row = int(number)
        else:
            self.fail(f"的行号“{shown(number)}”无效" + DAMAGED)
        self._col = 0
        self._in_row = True

    def _start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is None:
            self._col += 1
            if self._col > EXCEL_COLS:
                self.fail("的一行超过 16384 列" + DAMAGED)
            cell = (self._row, self._col)
            ref = f"第 {self._row} 行第 {self._col} 列"
        else:
            found = parse_ref(ref)
            if found is None:
                self.fail(f"中的单元格位置“{shown(ref)}”无效" + DAMAGED)
            cell = found
            self._col = cell[1]
        style = attrs.get("s", "0")
        self._cell, self._ref, self._type = cell, ref, attrs.get("t", "n")
        self._style = int(style) if style.isdigit() and len(style) < 7 else 0
        self._v = self._inline = self._buf = None
        self._size = 0
        self._in_is = self._in_rph = False

    def _finish_cell(self, cell: Cell) -> None:
        kind, raw = self._type, self._v
        if kind == "inlineStr":
            self._keep(cell, unescape("".join(self._inline)) if self._inline is not None else None)
        elif not raw:
            return
        elif kind == "s":
            self._keep_shared(cell, raw)
        elif kind in ("str", "e"):
            self._keep(cell, unescape(raw) if kind == "str" else raw)
        elif kind == "b":
            self._keep(cell, self._boolean(raw))
        elif kind == "d":
            self._keep(cell, _iso_date(raw))
        else:
            self._keep(cell, self._number(raw))

    def _keep(self, cell: Cell, value: object) -> None:
        if isinstance(value, str):
            value = value.strip()
        if value is None or value == "":
            return
        row, col = cell
        if row > MAX_ROWS:
            self.past_rows(row)
        if col > MAX_COLS:
            return
        self._count_cell()
        if isinstance(value, str):
            self._count_text(len(value))
        self.out.values[cell] = value

    def _keep_shared(self, cell: Cell, raw: str) -> None:
        raw = raw.strip()
        if not raw.isdigit() or len(raw) > 9:
            self.fail("引用的共享文字不存在" + DAMAGED,
                      self._ref)
        index = int(raw)
        if cell[0] > MAX_ROWS:
            self.out.beyond.setdefault(index, cell[0])
            if len(self.out.beyond) > MAX_BEYOND:
                self.past_rows(min(self.out.beyond.values()))
        elif cell[1] <= MAX_COLS:
            self._count_cell()
            self.out.shared[cell] = index

    def _count_cell(self) -> None:
        if len(self.out.values) + len(self.out.shared) >= MAX_CELLS:
            raise too_big(f"工作表“{self.sheet}”", f"有内容的单元格超过 {MAX_CELLS} 个")

    def _count_text(self, chars: int) -> None:
        out = self.out
        out.text += chars
        if out.text > MAX_TEXT:
            raise too_big(f"工作表“{self.sheet}”", f"的文字超过 {MAX_TEXT // 10_000} 万字")

    def _boolean(self, raw: str) -> bool:
        text = raw.strip().lower()
        if text not in ("0", "1", "true", "false"):
            self.fail(f"的逻辑值“{shown(raw)}”无效" + DAMAGED,
                      self._ref)
        return text in ("1", "true")

    def _number(self, raw: str) -> object:
        """A number cell as Decimal (never float), or a date when its style shows a date."""
        text = raw.strip()
        if not _NUMBER.fullmatch(text):
            self.fail(f"的数值“{shown(text)}”无效" + DAMAGED,
                      self._ref)
        value = Decimal(text) if len(text) <= 40 else None
        if value is None or (value and not -MAX_EXPONENT <= value.adjusted() <= MAX_EXPONENT):
            self.fail(f"的数值“{shown(text)}”超出了可处理的范围，未读取：请改正后再导入", self._ref)
        if self._style in self._dates:
            return _date(value, self._date1904, self._dates[self._style])
        return value

    def _merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        start, end = parse_ref(first.replace("$", "")), parse_ref((last or first).replace("$", ""))
        if start is None or end is None:
            self.fail(f"的合并单元格“{shown(ref)}”无效" + DAMAGED)
        top, bottom = sorted((start[0], end[0]))
        left, right = sorted((start[1], end[1]))
        self.out.merges.append((top, left, bottom, right))
        self._merged += (bottom - top + 1) * (right - left + 1)
        if self._merged > MAX_MERGED_CELLS:
            raise too_big(f"工作表“{self.sheet}”", "的合并单元格范围过大")


def _date(value: Decimal, date1904: bool, duration: bool) -> object:
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

    serial = float(value)  # a date's serial day number, not money or a score
    try:
        return from_excel(serial, MAC_EPOCH if date1904 else WINDOWS_EPOCH, timedelta=duration)
    except (OverflowError, ValueError):
        return value


def _iso_date(raw: str) -> object:
    from openpyxl.utils.datetime import from_ISO8601

    try:
        return from_ISO8601(raw.strip()[:40])
    except (ValueError, OverflowError, TypeError, AttributeError):
        return raw
