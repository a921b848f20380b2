"""The result feedback letter and the rectification form (layout ``feedback``), as seed 004's
first pages: 结果反馈书 (parties, time, the engine's score and grade, main results, problems,
suggestions) and 整改报告书 (a blank form the evaluated unit fills in and signs).
"""

from __future__ import annotations

import logging

from .data import ReportData
from .tables import TableSpec, add_table, vertical_label
from .writer import Writer

log = logging.getLogger(__name__)

WIDTHS = [30, 48, 30, 48]


def headline(text: str) -> str:
    """A finding's first sentence: the letter lists findings in brief, as seed 004 does."""
    end = text.find("。")
    return text if end < 0 else text[:end + 1]


def _lines(items: list[str]) -> str:
    """'1.…' per line (first sentences), or '无' when empty."""
    if not items:
        return "无"
    return "\n".join(f"{i}.{headline(t)}" for i, t in enumerate(items, 1))


def write_letter(w: Writer, data: ReportData) -> None:
    """财政支出绩效评价结果反馈书 for one project."""
    info = data.info
    w.title("财政支出绩效评价结果反馈书")
    w.paragraph("plain", f"评价项目：{data.text(info.name)}")
    w.paragraph("plain", f"编号：{data.text(info.doc_number)}")
    cells: list[list[str | None]] = [
        ["评价组织机构", data.text(info.commissioner), "项目主管部门", data.text(info.department)],
        ["评价机构", data.text(info.evaluator_org), "评价时间", data.text(info.eval_period)],
        ["评价分值", data.total_text(), "评价结论", data.grade()],
        [vertical_label("主要绩效情况"), _lines(data.findings("成效")), None, None],
        [vertical_label("主要问题"), _lines(data.findings("问题")), None, None],
        [vertical_label("建议"), _lines(data.findings("建议")), None, None],
    ]
    merges = [(r, 1, r, 3) for r in (3, 4, 5)]
    add_table(w, TableSpec(cells, WIDTHS, header_rows=0, merges=merges, role="form",
                           aligns=["center", "left", "center", "left"], keep_together=0,
                           heights={0: 11, 1: 11, 2: 11, 3: 45, 4: 45, 5: 40}))
    w.paragraph("plain", "（详见此项目绩效评价报告）", align="right")


def write_rectification(w: Writer, data: ReportData) -> None:
    """财政支出绩效评价结果整改报告书: the blank form for the evaluated unit."""
    info = data.info
    w.page_break()
    w.title("财政支出绩效评价结果整改报告书")
    signature = "被评价单位负责人（签字）\n\n被评价单位（盖章）\n\n年　　月　　日"
    opinion = "主管部门意见\n\n\n（盖章）\n\n年　　月　　日"
    cells: list[list[str | None]] = [
        ["被评价项目（单位）", data.text(info.name), "结果反馈书编号", data.text(info.doc_number)],
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
