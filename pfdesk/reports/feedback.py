"""The result feedback letter and the rectification form (layout ``feedback``), as seed 004's
first pages: 附件2-1 结果反馈书 (parties, time, 评价方式 and 评价机构 ticked in seed 004's words,
the engine's score and grade (待评定 while no points count), main results, problems,
suggestions closed by "（详见此项目绩效评价报告）" in the same cell) and 附件2-2 整改报告书
(a blank form the evaluated unit fills in and signs). A finding is listed by its title: the
first sentence of its first line. Both titles start with the region of the commissioning
finance bureau ("上城区财政支出绩效评价结果反馈书", ``pages.region``).
"""

from __future__ import annotations

import logging

from . import pages
from .data import ReportData
from .tables import TableSpec, add_table, vertical_label
from .writer import Writer

log = logging.getLogger(__name__)

WIDTHS = [30, 48, 30, 48]
SEE_REPORT = "（详见此项目绩效评价报告）"
# 评价方式 as seed 004 ticks it: its two options; 部门评价 is added, ticked, when chosen.
LETTER_MODES = ("部门（单位）绩效自评", "财政部门组织评价")


def headline(text: str) -> str:
    """A finding's title: its first line's first sentence (the letter lists findings in brief,
    as seed 004 does; further lines are the finding's sub-items)."""
    first = text.strip().split("\n")[0].strip()
    end = first.find("。")
    return first if end < 0 else first[:end + 1]


def letter_checks(data: ReportData) -> list[tuple[str, str]]:
    """评价方式 and the 评价机构's kind ticked in seed 004's words ('部门（单位）绩效自评□　财政部门
    组织评价☑'; the row of the kinds is named 评价机构类型 beside the firm's own 评价机构 row)."""
    info = data.info
    mode = info.eval_mode.strip()
    return [("评价方式", pages.ticks(LETTER_MODES, pages.MODE_WORDS.get(mode, mode),
                                 box_first=False)),
            ("评价机构类型", pages.ticks(pages.REPORT_EVALUATOR_KINDS, data.text(info.evaluator_kind),
                                 box_first=False))]


def _lines(items: list[str]) -> str:
    """'1.…' per line (first sentences), or '无' when empty."""
    if not items:
        return "无"
    return "\n".join(f"{i}.{headline(t)}" for i, t in enumerate(items, 1))


def write_letter(w: Writer, data: ReportData) -> None:
    """附件2-1 财政支出绩效评价结果反馈书 for one project."""
    info = data.info
    pages.attachment_label(w, "附件2-1")
    w.title(f"{pages.region(info)}财政支出绩效评价结果反馈书")
    w.paragraph("plain", f"评价项目：{data.evaluated_name()}")
    w.paragraph("plain", f"编号：{data.text(info.doc_number)}")
    (mode_label, modes), (kind_label, kinds) = letter_checks(data)
    cells: list[list[str | None]] = [
        ["评价组织机构", data.text(info.commissioner), "项目主管部门", data.text(info.department)],
        ["评价机构", data.text(info.evaluator_org), "评价时间", data.text(info.eval_period)],
        [mode_label, modes, None, None],
        [kind_label, kinds, None, None],
        ["评价分值", data.total_text() if data.scorable else "待评定", "评价结论", data.grade()],
        [vertical_label("主要绩效情况"), _lines(data.findings("成效")), None, None],
        [vertical_label("主要问题"), _lines(data.findings("问题")), None, None],
        [vertical_label("建议"), f"{_lines(data.findings('建议'))}\n\n{SEE_REPORT}", None, None],
    ]
    merges = [(r, 1, r, 3) for r in (2, 3, 5, 6, 7)]
    add_table(w, TableSpec(cells, WIDTHS, header_rows=0, merges=merges, role="form",
                           aligns=["center", "left", "center", "left"], keep_together=0,
                           heights={0: 11, 1: 11, 2: 9, 3: 9, 4: 11, 5: 42, 6: 42, 7: 40}))


def write_rectification(w: Writer, data: ReportData) -> None:
    """附件2-2 财政支出绩效评价结果整改报告书: the blank form for the evaluated unit."""
    info = data.info
    w.page_break()
    pages.attachment_label(w, "附件2-2")
    w.title(f"{pages.region(info)}财政支出绩效评价结果整改报告书")
    signature = "被评价单位负责人（签字）\n\n被评价单位（盖章）\n\n年　　月　　日"
    opinion = "主管部门意见\n\n\n（盖章）\n\n年　　月　　日"
    cells: list[list[str | None]] = [
        ["被评价项目（单位）", data.evaluated_name(), "结果反馈书编号", data.text(info.doc_number)],
        ["联系人", "", "联系电话（手机）", ""],
        [vertical_label("整改情况"), "", None, None],
        [signature, None, opinion, None],
    ]
    merges = [(2, 1, 2, 3), (3, 0, 3, 1), (3, 2, 3, 3)]
    add_table(w, TableSpec(cells, WIDTHS, header_rows=0, merges=merges, role="form",
                           aligns=["center", "left", "center", "left"],
                           heights={0: 12, 1: 12, 2: 110, 3: 50}))


def write_feedback(w: Writer, projects: list[ReportData]) -> None:
    """Letter and form for each project, each starting on a new page."""
    for index, data in enumerate(projects):
        if index:
            w.page_break()
        write_letter(w, data)
        write_rectification(w, data)
