"""The workbook-level parts of an .xlsx read as streams: the sheet list, date styles, shared strings.

Each reader keeps only what the importer needs: the sheets in order and the date system from
workbook.xml, which cell styles show dates from styles.xml, and the shared strings the first sheet
actually uses (a string's runs joined, phonetic guides left out, Excel's escapes decoded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NoReturn

from . import xmlstream
from .sheetxml import MAX_CELL_TEXT, unescape

_CJK_DATE_FORMATS = {*range(27, 37), *range(50, 59)}  # built-in date formats of Chinese Excel


class WorkbookReader(xmlstream.Handler):
    """The sheets in workbook order (name, relationship id) and the date system."""

    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []
        self.date1904 = False

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name == "sheet":
            rid = next((v for k, v in attrs.items() if xmlstream.local(k) == "id"), "")
            self.sheets.append((attrs.get("name", ""), rid))
        elif name == "workbookPr":
            self.date1904 = attrs.get("date1904", "").lower() in ("1", "true")


class StylesReader(xmlstream.Handler):
    """Which cell styles show a date or a duration (all the importer needs from styles.xml)."""

    max_elements = 1_000_000  # files that collected many formats have tens of thousands of styles
    wants_close = True

    def __init__(self) -> None:
        self.formats: dict[int, str] = {}
        self.xf_formats: list[int] = []
        self._in_xfs = False

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name == "xf" and self._in_xfs:
            fmt = attrs.get("numFmtId", "0")
            self.xf_formats.append(int(fmt) if fmt.isdigit() and len(fmt) < 6 else 0)
        elif name == "cellXfs":
            self._in_xfs = True
        elif name == "numFmt":
            fmt, code = attrs.get("numFmtId", ""), attrs.get("formatCode", "")
            if fmt.isdigit() and len(fmt) < 6 and len(code) <= 255:
                self.formats[int(fmt)] = code

    def close(self, name: str) -> None:
        if name == "cellXfs":
            self._in_xfs = False

    def date_styles(self) -> dict[int, bool]:
        """Style index → True for a duration format, False for a date format."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        out: dict[int, bool] = {}
        for index, fmt in enumerate(self.xf_formats):
            code = self.formats.get(fmt, BUILTIN_FORMATS.get(fmt))
            if code is None and fmt in _CJK_DATE_FORMATS:
                out[index] = False
            elif code is not None and is_date_format(code):
                out[index] = is_timedelta_format(code)
        return out


# ----- shared strings -----

class SharedStringsReader(xmlstream.Handler):
    """Keeps the shared strings at the ``needed`` positions (a string's runs joined, phonetics left out)."""

    max_elements = 2_000_000
    wants_close = True
    wants_text = True

    def __init__(self, needed: set[int], too_long: Callable[[int], NoReturn]) -> None:
        self.found: dict[int, str] = {}
        self._needed = needed
        self._too_long = too_long
        self._index = -1
        self._parts: list[str] | None = None
        self._buf: list[str] | None = None
        self._size = 0
        self._in_rph = False

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name == "si":
            self._index += 1
            self._parts = [] if self._index in self._needed else None
            self._size = 0
        elif name == "t" and self._parts is not None and not self._in_rph:
            self._buf = []
        elif name == "rPh":
            self._in_rph = True

    def text(self, data: str) -> None:
        if self._buf is not None:
            self._buf.append(data)
            self._size += len(data)
            if self._size > MAX_CELL_TEXT:
                self._too_long(self._index)

    def close(self, name: str) -> None:
        if name == "t" and self._buf is not None and self._parts is not None:
            self._parts.append("".join(self._buf))
            self._buf = None
        elif name == "si" and self._parts is not None:
            self.found[self._index] = unescape("".join(self._parts))
            self._parts = None
        elif name == "rPh":
            self._in_rph = False
