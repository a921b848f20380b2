"""The short report (layout ``brief``): seed 000's 重点绩效评价报告, several projects bound in order.

Per project: the title, 一、项目概况 (background and 项目总资金 / 实际到位 / 实际支付),
二、评价结论 (the engine's total and grade), 三、主要经验做法, 四、存在的主要问题,
五、相关建议. Each project starts on a new page.
"""

from __future__ import annotations

import logging

from .data import ReportData, cn_number
from .writer import Writer

log = logging.getLogger(__name__)


def brief_title(data: ReportData) -> str:
    """'上城区数据资源管理局 …项目 财政重点绩效评价报告' (the seed's form)."""
    info = data.info
    kind = "财政重点绩效评价报告" if info.eval_mode == "财政评价" else "重点绩效评价报告"
    unit = data.text(info.unit)
    return f"{unit} {data.text(info.name)} {kind}" if unit else f"{data.text(info.name)} {kind}"


def funds_sentence(data: ReportData) -> str:
    """'项目总资金170.86万元，实际到位资金170.86万元，实际支付168.91万元。'."""
    money, nums = data.money, data.nums
    parts = []
    if money.base is not None:
        parts.append(f"项目总资金{nums.money(money.base)}万元")
    if money.received is not None:
        parts.append(f"实际到位资金{nums.money(money.received)}万元")
    if money.spent is not None:
        parts.append(f"实际支付{nums.money(money.spent)}万元")
    return "，".join(parts) + "。" if parts else ""


def conclusion_sentence(data: ReportData) -> str:
    """'…绩效评价综合得分88.5分，评价等级为“良”。', saying when the total is rescaled."""
    how = ""
    if data.result.rescaled:
        how = (f"（不适用指标{data.points(data.result.excluded)}不计分，"
               f"按百分制折算）")
    return (f"{data.text(data.info.name)}绩效评价综合得分{data.total_text()}{how}，"
            f"评价等级为“{data.grade()}”。")


def _items(w: Writer, items: list[str], causes: list[str] | None = None) -> None:
    if not items:
        w.body("无。")
        return
    for index, text in enumerate(items):
        line = f"（{cn_number(index + 1)}）{text}" if len(items) > 1 else text
        if causes and causes[index]:
            line += causes[index]
        w.body(line)


def write_brief_one(w: Writer, data: ReportData) -> None:
    """One project's short report."""
    w.title(brief_title(data))
    w.heading(1, "一、项目概况")
    w.body(data.text(data.project.narrative("background")))
    w.body(funds_sentence(data))
    w.heading(1, "二、评价结论")
    w.body(conclusion_sentence(data))
    w.heading(1, "三、主要经验做法")
    _items(w, data.findings("成效") + data.findings("经验做法"))
    w.heading(1, "四、存在的主要问题")
    problems = [f for f in data.project.findings("问题") if f.text.strip()]
    _items(w, [data.text(f.text) for f in problems],
           [data.text(f.cause) for f in problems])
    w.heading(1, "五、相关建议")
    _items(w, data.findings("建议"))


def write_brief(w: Writer, projects: list[ReportData]) -> None:
    """All projects' short reports in order, each on a new page."""
    for index, data in enumerate(projects):
        if index:
            w.page_break()
        write_brief_one(w, data)
