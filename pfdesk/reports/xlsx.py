"""The score table, the funding tables and the targets table as an Excel workbook (.xlsx).

Layout ``scoresheet`` written with openpyxl for a client's spreadsheet: numbers are stored as
numbers and every sum is a formula, so the sheet recalculates when someone changes a score in
Excel. 评分表: one row per indicator in tree order (一级 / 二级 / 三级 / 分值 / 得分 / 得分率 / 说明);
a parent's 得分 is ``=SUM`` of its children's cells, the 总分 row sums the level-1 rows,
得分率 is ``得分 ÷ 分值`` and 评价等次 an ``IF`` over the project's grade bands. 资金来源 and
资金明细 end with a 合计 row of ``=SUM`` formulas; 绩效目标 holds text only. Cells carry the
values the engine computed as well (openpyxl writes no cached results, so Excel and LibreOffice
compute the formulas on opening). User text is always written as text: a 指标值 such as ``=100%``
never becomes a formula.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..model import FundingItem, FundingSource, Indicator
from ..scoring import parse_bands
from .data import ReportData
from .scoresheet import SOURCE_LABELS

log = logging.getLogger(__name__)

SCORE_HEADERS = ("一级指标", "二级指标", "三级指标", "分值", "得分", "得分率", "说明")
SCORE_WIDTHS = (16, 20, 30, 9, 9, 10, 30)
SOURCE_HEADERS = (("source", "资金来源", 14), ("budget", "预算（万元）", 14),
                  ("received", "实际到位（万元）", 16), ("spent", "实际支出（万元）", 16))
ITEM_HEADERS = (("name", "名称", 28), ("contractor", "承建单位", 22),
                ("total_budget", "总预算（万元）", 14), ("bid_price", "中标价（万元）", 14),
                ("audited_price", "审定价（万元）", 14), ("paid_total", "已支付（万元）", 14),
                ("paid_this_year", "本年支付（万元）", 16), ("remark", "备注", 30))
TARGET_HEADERS = (("level1", "一级指标", 12), ("level2", "二级指标", 14), ("level3", "三级指标", 24),
                  ("target_text", "指标值", 14), ("actual_value", "实际完成值", 14),
                  ("deviation_reason", "偏差原因", 24), ("note", "指标值说明", 24),
                  ("std_excellent", "优", 16), ("std_good", "良", 16), ("std_fair", "中", 16),
                  ("std_poor", "差", 16))
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00%"
HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
THIN = Side(style="thin", color="9AA5B1")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


def text_cell(ws: Worksheet, row: int, column: int, value: str) -> None:
    """Write user text as text: never a formula, characters Excel refuses left out."""
    cell = ws.cell(row, column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value or "")
    cell.data_type = "s"


def number_cell(ws: Worksheet, row: int, column: int, value: Decimal | None,
                number_format: str) -> None:
    """Write a number as a number (nothing for none)."""
    cell = ws.cell(row, column)
    cell.value = value
    cell.number_format = number_format


def formula_cell(ws: Worksheet, row: int, column: int, formula: str,
                 number_format: str = "General") -> None:
    """Write a formula ('=SUM(E3,E9)')."""
    cell = ws.cell(row, column)
    cell.value = formula
    cell.number_format = number_format


def _header(ws: Worksheet, titles: Sequence[str], widths: Sequence[int]) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        text_cell(ws, 1, column, title)
        cell = ws.cell(1, column)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.freeze_panes = "A2"


def _frame(ws: Worksheet, last_row: int, columns: int) -> None:
    for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=columns):
        for cell in row:
            cell.border = BORDER


# ----- 评分表 -----

def _points_format(data: ReportData) -> str:
    return "0.00" if data.nums.style == "fixed" else "General"


def _grade_formula(total_cell: str, data: ReportData) -> str:
    """=IF(ROUND(E40,2)>=90,"优",IF(…)) over the project's bands, highest first."""
    bands = list(parse_bands(data.info.grade_bands))
    if not bands:
        return ""
    formula = f'"{bands[-1][0]}"'
    for name, lower in reversed(bands[:-1]):
        formula = f'IF(ROUND({total_cell},2)>={lower},"{name}",{formula})'
    return "=" + formula


def _place_label(ws: Worksheet, row: int, ind: Indicator, level: int) -> None:
    column = min(level, 3)
    indent = "　" * max(0, level - 3)
    text_cell(ws, row, column, f"{indent}{ind.code}{ind.name}")


def _indicator_rows(ws: Worksheet, data: ReportData, parent_id: str | None, level: int,
                    start: int, fmt: str) -> tuple[list[int], int]:
    """Write the indicators under ``parent_id`` from row ``start``: (their rows, next row)."""
    rows: list[int] = []
    row = start
    for ind in data.project.children(parent_id):
        node = data.node(ind)
        own = row
        rows.append(own)
        _place_label(ws, own, ind, level)
        kids, row = _indicator_rows(ws, data, ind.id, level + 1, own + 1, fmt)
        if kids:
            kid_max = sum((data.node(k).max for k in data.project.children(ind.id)), Decimal(0))
            if kid_max == node.max:
                formula_cell(ws, own, 4, "=SUM(" + ",".join(f"D{r}" for r in kids) + ")", fmt)
            else:
                number_cell(ws, own, 4, node.max, fmt)
                text_cell(ws, own, 7, f"下级分值合计与本级分值不一致，按 {data.pts(node.max)} 分计")
            formula_cell(ws, own, 5, "=SUM(" + ",".join(f"E{r}" for r in kids) + ")", fmt)
            for column in range(1, 8):
                ws.cell(own, column).font = BOLD
        else:
            number_cell(ws, own, 4, node.max, fmt)
            number_cell(ws, own, 5, node.score, fmt)
        if node.not_applicable:
            text_cell(ws, own, 7, f"不适用（原分值 {data.pts(node.weight)} 分不计分）")
        elif not kids and node.score is None:
            text_cell(ws, own, 7, "未评分")
        formula_cell(ws, own, 6, f'=IF(OR(D{own}=0,E{own}=""),"",E{own}/D{own})', RATE_FORMAT)
    return rows, row


def write_score_sheet(ws: Worksheet, data: ReportData) -> None:
    """评分表 with SUM formulas for parents and the total, 得分率 and 评价等次 as formulas."""
    _header(ws, SCORE_HEADERS, SCORE_WIDTHS)
    fmt = _points_format(data)
    tops, row = _indicator_rows(ws, data, None, 1, 2, fmt)
    total = row
    text_cell(ws, total, 1, "总分")
    formula_cell(ws, total, 4, "=SUM(" + ",".join(f"D{r}" for r in tops) + ")" if tops else "=0",
                 fmt)
    formula_cell(ws, total, 5, "=SUM(" + ",".join(f"E{r}" for r in tops) + ")" if tops else "=0",
                 fmt)
    formula_cell(ws, total, 6, f'=IF(D{total}=0,"",E{total}/D{total})', RATE_FORMAT)
    result = data.result
    if result.excluded:
        text_cell(ws, total, 7, f"不含不适用指标{data.points(result.excluded)}")
    graded = f"E{total}"
    last = total
    if result.rescaled:
        last += 1
        text_cell(ws, last, 1, "百分制折算得分")
        formula_cell(ws, last, 5, f'=IF(D{total}=0,"",ROUND(E{total}*100/D{total},2))', fmt)
        graded = f"E{last}"
    last += 1
    text_cell(ws, last, 1, "评价等次")
    grade = _grade_formula(graded, data)
    if grade:
        formula_cell(ws, last, 5, grade)
    if result.grade is None:
        text_cell(ws, last, 7, "暂定，尚有指标未评分")
    for r in range(total, last + 1):
        for column in range(1, 8):
            ws.cell(r, column).font = BOLD
    _frame(ws, last, len(SCORE_HEADERS))


# ----- lists -----

def _list_sheet(ws: Worksheet, rows: Sequence[Any], headers: Sequence[tuple[str, str, int]],
                money_fields: Sequence[str], labels: dict[str, str] | None = None,
                total: bool = True) -> None:
    _header(ws, [h[1] for h in headers], [h[2] for h in headers])
    for r, item in enumerate(rows, start=2):
        for c, (name, _, _) in enumerate(headers, start=1):
            value = getattr(item, name)
            if name in money_fields:
                number_cell(ws, r, c, value, MONEY_FORMAT)
            else:
                text_cell(ws, r, c, (labels or {}).get(value, value) if value else "")
            ws.cell(r, c).alignment = Alignment(vertical="top", wrap_text=name not in money_fields)
    last = len(rows) + 1
    if total:
        last += 1
        text_cell(ws, last, 1, "合计")
        for c, (name, _, _) in enumerate(headers, start=1):
            if name in money_fields:
                letter = get_column_letter(c)
                formula = f"=SUM({letter}2:{letter}{last - 1})" if rows else "=0"
                formula_cell(ws, last, c, formula, MONEY_FORMAT)
            ws.cell(last, c).font = BOLD
    _frame(ws, last, len(headers))


def write_funding_sheets(sources: Worksheet, items: Worksheet, data: ReportData) -> None:
    """资金来源 and 资金明细, each with a 合计 row of SUM formulas."""
    _list_sheet(sources, data.project.funding_sources(), SOURCE_HEADERS,
                FundingSource.DECIMALS, labels=SOURCE_LABELS)
    _list_sheet(items, data.project.funding_items(), ITEM_HEADERS, FundingItem.DECIMALS)


def write_targets_sheet(ws: Worksheet, data: ReportData) -> None:
    """绩效目标: the targets table as text."""
    _list_sheet(ws, data.project.targets(), TARGET_HEADERS, (), total=False)


# ----- the workbook -----

SHEETS = ("评分表", "资金来源", "资金明细", "绩效目标")


def sheet_names(index: int, count: int) -> list[str]:
    """The sheet titles of the ``index``-th of ``count`` projects ('评分表', '评分表2' …)."""
    suffix = "" if count == 1 else str(index + 1)
    return [f"{name}{suffix}" for name in SHEETS]


def build_workbook(datas: Sequence[ReportData]) -> Workbook:
    """The workbook of the scoresheet layout for already-scored projects."""
    book = Workbook()
    book.remove(book.active)
    for index, data in enumerate(datas):
        names = sheet_names(index, len(datas))
        scores, sources, items, targets = (book.create_sheet(n) for n in names)
        write_score_sheet(scores, data)
        write_funding_sheets(sources, items, data)
        write_targets_sheet(targets, data)
    book.properties.title = datas[0].info.name if datas else ""
    return book


def workbook_bytes(datas: Sequence[ReportData]) -> bytes:
    """The .xlsx file's bytes."""
    buffer = io.BytesIO()
    build_workbook(datas).save(buffer)
    return buffer.getvalue()
