"""The result information sheet (layout ``infosheet``), seed 003's 绩效评价结果信息表: one table
per project (项目名称, 决算金额, 评价分值, 评价结论, 主要绩效, 存在问题, 整改建议, 整改情况),
several projects in one document, each on its own page.
"""

from __future__ import annotations

import logging

from .data import ReportData
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)


def _numbered(items: list[str]) -> str:
    if not items:
        return "无"
    if len(items) == 1:
        return items[0]
    return "\n".join(f"{i}. {t}" for i, t in enumerate(items, 1))


def sheet_heading(data: ReportData) -> str:
    """'2020年度财政支出项目绩效评价结果' (without the year when it is not set)."""
    year = data.text(data.info.eval_year)
    return f"{year}年度财政支出项目绩效评价结果" if year else "财政支出项目绩效评价结果"


def write_sheet(w: Writer, data: ReportData) -> None:
    """One project's 绩效评价结果信息表."""
    info = data.info
    org = data.text(info.commissioner)
    if org:
        w.paragraph("plain", org, align="center")
    w.paragraph("plain", sheet_heading(data), align="center")
    w.title("绩效评价结果信息表")
    spent = f"{data.nums.money(data.money.spent)}万元" if data.money.spent is not None else ""
    cells: list[list[str | None]] = [
        ["项目名称", data.text(info.name)],
        ["决算金额", spent],
        ["评价分值", data.total_plain()],
        ["评价结论", data.grade()],
        ["主要绩效", _numbered(data.findings("成效") + data.findings("经验做法"))],
        ["存在问题", _numbered(data.findings("问题"))],
        ["整改建议", _numbered(data.findings("建议"))],
        ["整改情况", _numbered(data.findings("整改情况"))],
    ]
    add_table(w, TableSpec(cells, [30, 126], header_rows=0, role="form", keep_together=0,
                           aligns=["center", "left"],
                           heights={0: 9, 1: 9, 2: 9, 3: 9, 4: 30, 5: 30, 6: 30, 7: 20}))


def write_infosheet(w: Writer, projects: list[ReportData]) -> None:
    """Every project's sheet in order, each starting on a new page."""
    for index, data in enumerate(projects):
        if index:
            w.page_break()
        write_sheet(w, data)
