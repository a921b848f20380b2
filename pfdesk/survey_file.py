"""Reading a satisfaction survey's answers from the .xlsx or .csv a survey platform exports.

One row per respondent, one column per question. The headings are the first row filling two
cells or more (a title row above them is passed over). 问卷星 and 腾讯问卷 put 序号, 提交答卷时间 …
before the questions: such columns are left out later, by ``survey``, because none of their
values is an option. Every cell comes back as text
('' when blank); numbers as written (3, 4.5), never floats.

The file is untrusted. An .xlsx goes through the importer's capped reader
(``importer.workbook``: zip directory checked before unpacking, parts streamed with caps, only
cached values read, so no formula is ever evaluated; the first ``MAX_COLS`` columns). A .csv is
refused beyond ``MAX_BYTES``, ``MAX_ROWS`` rows or ``MAX_COLS`` columns, decoded as UTF-8 (with or
without BOM) or else GB18030 (which reads GBK), and a cell starting with '=' is text.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .errors import ImportError_
from .importer.sheetxml import MAX_COLS, MAX_ROWS, column_letter
from .numbers import shown
from .survey import SurveyError, place

__all__ = ["Answers", "SurveyError", "place", "read_answers"]

MAX_BYTES = 20 * 1024 * 1024
MAX_CELL = 2_000


@dataclass(frozen=True)
class Answers:
    """The headings and the respondents' rows, as text, with the Excel row of each."""

    file: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]     # the sheet's row number of each respondent (1-based)

    @property
    def width(self) -> int:
        """The number of columns."""
        return len(self.headings)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal | int):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value).strip()[:MAX_CELL]


def _answers(file: str, grid: list[tuple[int, list[str]]]) -> Answers:
    rows = [(n, cells) for n, cells in grid if any(c for c in cells)]
    if not rows:
        raise SurveyError(f"{file} 是空的，没有问卷数据：请确认导出的是答卷数据")
    # a title above the headings ("2024年满意度调查") fills one cell: the headings fill several
    first = next((k for k, (_, cells) in enumerate(rows) if sum(1 for c in cells if c) >= 2), 0)
    head_row, headings = rows[first]
    width = max(len(cells) for _, cells in rows)
    body = rows[first + 1:]
    if not body:
        raise SurveyError(f"{file} 只有标题行（第{head_row}行），没有答卷：请确认导出的是答卷数据")
    padded = [tuple(cells + [""] * (width - len(cells))) for _, cells in body]
    heads = tuple(h or f"{column_letter(k + 1)}列"
                  for k, h in enumerate(headings + [""] * (width - len(headings))))
    return Answers(file, heads, tuple(padded), tuple(n for n, _ in body))


def read_csv(path: Path) -> Answers:
    """The answers of a .csv export (see the module docstring for the limits)."""
    raw = _read_bytes(path)
    text = _decode(raw, path.name)
    grid: list[tuple[int, list[str]]] = []
    try:
        for n, record in enumerate(csv.reader(io.StringIO(text, newline="")), 1):
            if n > MAX_ROWS + 1:
                raise SurveyError(f"{path.name} 超过 {MAX_ROWS} 行答卷，只能读取 {MAX_ROWS} 份：请分开导入")
            if len(record) > MAX_COLS:
                raise SurveyError(f"{path.name} 第{n}行有 {len(record)} 列，超过 {MAX_COLS} 列："
                                  "请只保留题目列后再导入")
            grid.append((n, [c.strip()[:MAX_CELL] for c in record]))
    except csv.Error as exc:
        raise SurveyError(f"{path.name} 不是有效的 CSV 文件（{shown(str(exc))}）："
                          "请在 Excel 或 WPS 中另存为 CSV 或 .xlsx 后再导入") from exc
    return _answers(path.name, grid)


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SurveyError(f"{path.name} 过大（{size // (1024 * 1024)} MB），不像是问卷数据："
                              "请只导出答卷数据")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise SurveyError(f"找不到文件 {path.name}：请检查文件是否已被移动或删除") from exc
    except IsADirectoryError as exc:
        raise SurveyError(f"{path.name} 是文件夹，不是问卷数据文件") from exc
    except OSError as exc:
        raise SurveyError(f"无法读取 {path.name}（{exc.strerror or exc}）") from exc


def _decode(raw: bytes, name: str) -> str:
    if b"\0" in raw[:4096]:
        raise SurveyError(f"{name} 不是文本文件（可能是 .xls 或 .xlsx 改了后缀）：请确认文件类型")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SurveyError(f"{name} 的编码无法识别（不是 UTF-8 或 GBK）：请另存为 UTF-8 编码的 CSV")


def read_xlsx(path: Path) -> Answers:
    """The answers on the first sheet of an .xlsx export (read through the capped reader)."""
    from .importer.workbook import read_first_sheet

    try:
        sheet = read_first_sheet(path)
    except ImportError_ as exc:
        raise SurveyError(str(exc).replace("指标评分表", "问卷数据")) from exc
    grid = [(row, [_cell_text(sheet.own(row, col)) for col in range(1, sheet.max_col + 1)])
            for row in range(1, sheet.max_row + 1)]
    return _answers(path.name, grid)


def read_answers(path: str | Path) -> Answers:
    """The answers of a survey export, by the file's suffix (.xlsx / .csv)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix in (".xls", ".et"):
        raise SurveyError(f"{path.name} 是旧版 Excel 文件：请另存为 .xlsx 或 CSV 后再导入")
    raise SurveyError(f"{path.name} 不是 .xlsx 或 .csv 文件：请从问卷平台导出 Excel 或 CSV")
