"""附件1-4 of the 附件1 set (seed 002's 综合评价情况及评价结论): the total and grade in a sentence,
each level-1 dimension's 分值 / 得分 / 得分率 / 绩效等级 with the bands in points, and one
paragraph per dimension saying where it lost its points (the only grade in the prose is the
total's; a dimension's is in the table).

A dimension's grade follows the rule of the total's: the project's bands (lower bounds out of
100, ``scoring.parse_bands``) applied to its 得分率 (``scoring.grade_of``), marked 暂定 while some
of its indicators are unscored. The bands in points are the lower bounds times the dimension's
points that count ÷ 100 ('优≥18、良≥16、中≥12、差<12' for 20 points and the national bands).
Every number is the engine's (``ReportData``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from decimal import Decimal

from ..model import Indicator
from ..scoring import NodeScore, grade_of, parse_bands
from . import pages
from .common import dim_label
from .data import DASH, NOT_APPLICABLE, ReportData
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)

PROVISIONAL = "（暂定）"
GRADES_TITLE = "各一级指标得分及绩效等级"


def band_standard(bands: Sequence[tuple[str, Decimal]], points: Decimal,
                  data: ReportData) -> str:
    """The bands in points of ``points``: '优≥18、良≥16、中≥12、差<12' for 20 points and the
    national bands (a band's lower bound is a share of 100); nothing for no points."""
    if not points:
        return ""
    parts = []
    for index, (name, lower) in enumerate(bands):
        if index < len(bands) - 1:
            parts.append(f"{name}≥{data.pts(lower * points / 100)}")
        elif index:
            parts.append(f"{name}<{data.pts(bands[index - 1][1] * points / 100)}")
        else:
            parts.append(name)
    return "、".join(parts)


def dimension_grade(node: NodeScore, bands: Sequence[tuple[str, Decimal]]) -> str:
    """A dimension's grade by its 得分率 and the project's bands (the rule the total's grade
    follows); marked 暂定 while some of its indicators are unscored."""
    if node.not_applicable:
        return NOT_APPLICABLE
    if node.rate is None:
        return DASH
    grade = grade_of(node.rate, bands)
    return grade if node.complete else grade + PROVISIONAL


def write_grades(w: Writer, data: ReportData) -> None:
    """The table: each dimension's 分值 / 得分 / 得分率 / 绩效等级 / 绩效等级标准, then 综合绩效
    with the engine's total grade."""
    w.paragraph("table_title", GRADES_TITLE, align="center")
    bands = parse_bands(data.info.grade_bands)
    result = data.result
    cells: list[list[str | None]] = [["评价指标", "分值", "得分", "得分率", "绩效等级",
                                      "绩效等级标准"]]
    for dim in data.dimensions():
        node = data.node(dim)
        cells.append([dim_label(dim), data.points_cell(node), data.score_cell(node),
                      data.percent(node.rate), dimension_grade(node, bands),
                      band_standard(bands, node.max, data) if not node.not_applicable else ""])
    cells.append(["综合绩效", data.pts(result.max), data.pts(result.raw),
                  data.percent(result.rate), data.grade(), band_standard(bands, result.max, data)])
    add_table(w, TableSpec(cells, [26, 16, 16, 20, 22, 56],
                           aligns=["left", "center", "center", "center", "center", "left"],
                           bold_rows=[len(cells) - 1]))


def total_sentence(data: ReportData) -> str:
    """'本项目绩效评价综合得分88.5分，评价等级为“良”。' (with points not applicable, how the total
    is rescaled)."""
    result = data.result
    if not data.scorable:   # nothing counts yet (no indicator, or none applicable or weighted)
        return "本项目尚无计分的评价指标，综合得分和评价等级待评定。"
    if result.rescaled:
        return (f"本项目不适用指标{data.points(result.excluded)}不计分，按百分制折算，"
                f"综合得分{data.total_text()}，评价等级为“{data.grade()}”。")
    return f"本项目绩效评价综合得分{data.total_text()}，评价等级为“{data.grade()}”。"


def _reason_text(text: str) -> str:
    return " ".join(text.split()).rstrip("。；;，, ")


def losses(data: ReportData, dim: Indicator) -> list[str]:
    """'A21绩效目标合理性扣1分：以项目总体目标作为年度绩效目标' for each scored leaf under ``dim``
    below its points, its deductions' reasons after the colon (none written: no colon)."""
    out = []
    for leaf in data.leaves(dim):
        node = data.node(leaf)
        if node.not_applicable or node.score is None or node.score >= node.weight:
            continue
        reasons = [r for r in (_reason_text(d.reason) for d in data.project.deductions(leaf.id))
                   if r]
        lost = f"{data.label(leaf)}扣{data.points(node.weight - node.score)}"
        out.append(f"{lost}：{'；'.join(reasons)}" if reasons else lost)
    return out


def dimension_paragraph(data: ReportData, dim: Indicator, index: int) -> str:
    """'1．“决策”指标满分20分，得分17分，得分率85.00%。扣分原因主要是：（1）…。（2）…。' (seed
    002's wording, one item per leaf that lost points; the dimension's grade is in the table)."""
    node = data.node(dim)
    lead = f"{index}．“{data.text(dim.name)}”指标"
    if node.not_applicable:
        return f"{lead}不适用，不计分。"
    if node.score is None:
        return f"{lead}满分{data.points(node.max)}，尚未评分。"
    text = (f"{lead}满分{data.points(node.max)}，得分{data.points(node.score)}，"
            f"得分率{data.percent(node.rate)}{data.excluded_note(node.excluded)}。")
    items = losses(data, dim)
    if items:
        text += "扣分原因主要是：" + "".join(f"（{i}）{t}。" for i, t in enumerate(items, 1))
    return text


def write_conclusion(w: Writer, data: ReportData) -> None:
    """附件1-4 综合评价情况及评价结论 on a new page."""
    w.page_break()
    pages.attachment_label(w, "附件1-4")
    w.title("综合评价情况及评价结论")
    w.body(total_sentence(data) + f"{GRADES_TITLE}见下表，各指标评分详见附件1-3。")
    write_grades(w, data)
    for index, dim in enumerate(data.dimensions(), 1):
        w.body(dimension_paragraph(data, dim, index))
