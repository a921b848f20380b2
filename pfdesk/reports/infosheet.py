"""The result information sheet (layout ``infosheet``), seed 003's 绩效评价结果信息表: one table
per project (项目名称, 决算金额, 评价分值, 评价结论, 主要绩效, 存在问题, 整改建议, 整改情况),
several projects in one document, each on its own page.

As seed 003: the top line is the department publishing its results (主管部门), money has its
thousands separated (9,459.70万元), and 主要绩效 is prose by dimension (在决策方面，…), each with
the engine's points, score and rate and what scored full or lost points and why. A whole
department's sheet names the unit with its name (宋故居纪念馆部门整体支出评价).
"""

from __future__ import annotations

import logging
from decimal import Decimal

from ..model import Indicator
from . import items
from .data import ReportData
from .full_analysis import dimension_sentence
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)


def _numbered(texts: list[str]) -> str:
    """Findings in a cell: '1. …' each (no number for one), sub-points '（1）' on lines below;
    '无' when there are none (the pre-export checks name the empty cell)."""
    if not texts:
        return "无"
    parsed = [items.parse(t) for t in texts]
    if len(parsed) == 1:
        return parsed[0].plain("", "bracketed")
    return "\n".join(item.plain(f"{i}. ", "bracketed") for i, item in enumerate(parsed, 1))


GIST_CHARS = 40      # a deduction's reason in the sheet: its first clause when longer


def _gist(reason: str) -> str:
    """A reason as the sheet gives it: up to its first 。 or ；, and when that is still long, up
    to its first ，(the sheet is one page; the full report gives the whole reason)."""
    for mark in ("。", "；"):
        reason = reason.split(mark, maxsplit=1)[0]
    if len(reason) > GIST_CHARS and "，" in reason:
        reason = reason.split("，", maxsplit=1)[0]
    return reason


def _leaf_phrase(data: ReportData, leaf: Indicator, lost: Decimal) -> str:
    """'绩效目标合理性扣1分（以项目总体目标作为年度绩效目标…）': the points the engine says were
    lost, with the reasons of the deductions."""
    reasons = [_gist(data.text(d.reason)) for d in data.project.deductions(leaf.id)
               if data.text(d.reason)]
    phrase = f"{data.text(leaf.name)}扣{data.points(lost)}"
    return phrase + (f"（{'；'.join(reasons)}）" if reasons else "")


def dimension_prose(data: ReportData, dim: Indicator) -> str:
    """主要绩效 for one dimension, as seed 003 writes it by dimension, with the engine's numbers:
    '在决策方面，指标总分20分，得分17分，得分率85.00%。立项依据充分性、…得满分；绩效目标
    合理性扣1分（…）。' Not-applicable points and unscored indicators are said as the full
    report's dimension sentence says them."""
    sentence = dimension_sentence(data, dim)
    text = f"在{dim.name}方面，{sentence[len(dim.name):]}"
    if data.node(dim).not_applicable:
        return text
    full, lost = [], []
    for leaf in data.leaves(dim):
        node = data.node(leaf)
        if node.not_applicable or node.score is None:
            continue
        if node.lost > 0:
            lost.append(_leaf_phrase(data, leaf, node.lost))
        else:
            full.append(data.text(leaf.name))
    parts = []
    if full and not lost:
        parts.append("各项指标均得满分" if len(full) > 1 else f"{full[0]}得满分")
    elif full:
        parts.append(f"{'、'.join(full)}得满分")
    parts += lost
    return text + ("；".join(parts) + "。" if parts else "")


def _title(text: str) -> str:
    item = items.parse(text)
    return (item.lead or item.text).rstrip("。；;，, ")


def main_performance(data: ReportData) -> str:
    """主要绩效: a paragraph per dimension, then the titles of the achievements and practices
    the evaluators wrote ('主要成效：…；…。主要做法：…。')."""
    lines = [dimension_prose(data, dim) for dim in data.dimensions()]
    said = []
    for kind, label in (("成效", "主要成效"), ("经验做法", "主要做法")):
        titles = [_title(text) for text in data.findings(kind)]
        if titles:
            said.append(f"{label}：{'；'.join(titles)}。")
    if said:
        lines.append("".join(said))
    return "\n".join(lines) if lines else "无"


def sheet_heading(data: ReportData) -> str:
    """'2020年度财政支出项目绩效评价结果' (without the year when it is not set)."""
    year = data.year() or data.text(data.info.eval_year)
    return f"{year}年度财政支出项目绩效评价结果" if year else "财政支出项目绩效评价结果"


def publisher(data: ReportData) -> str:
    """The top line: the department publishing its results (seed 003's 上海市机关事务管理局), the
    unit when no 主管部门 is entered."""
    return data.text(data.info.department) or data.text(data.info.unit)


def write_sheet(w: Writer, data: ReportData) -> None:
    """One project's 绩效评价结果信息表."""
    org = publisher(data)
    if org:
        w.paragraph("plain", org, align="center")
    w.paragraph("plain", sheet_heading(data), align="center")
    w.title("绩效评价结果信息表")
    spent = f"{data.grouped(data.money.spent)}万元" if data.money.spent is not None else ""
    cells: list[list[str | None]] = [
        ["项目名称", data.evaluated_name()],
        ["决算金额", spent],
        ["评价分值", data.total_plain() if data.scorable else "待评定"],
        ["评价结论", data.grade()],
        ["主要绩效", main_performance(data)],
        ["存在问题", _numbered(data.findings("问题"))],
        ["整改建议", _numbered(data.findings("建议"))],
        ["整改情况", _numbered(data.findings("整改情况"))],
    ]
    add_table(w, TableSpec(cells, [30, 126], header_rows=0, role="form", keep_together=0,
                           aligns=["center", "left"],
                           heights={0: 9, 1: 9, 2: 9, 3: 9, 4: 30, 5: 30, 6: 30, 7: 20},
                           breakable=(4, 5, 6)))


def write_infosheet(w: Writer, projects: list[ReportData]) -> None:
    """Every project's sheet in order, each starting on a new page."""
    for index, data in enumerate(projects):
        if index:
            w.page_break()
        write_sheet(w, data)
