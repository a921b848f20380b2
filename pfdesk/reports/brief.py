"""The short report (layout ``brief``): seed 000's 重点绩效评价报告, several projects bound in order.

Per project, following its outline (``outline``; ``PARTS`` says what each key prints): the title
from the outline's pattern, then by default 一、项目概况 (background and 项目总资金 / 实际到位 /
实际支付), 二、评价结论 (the engine's total and grade), 三、主要经验做法, 四、存在的主要问题,
五、相关建议; a 部门整体 evaluation 一、基本情况 （一）总体目标 （二）年度重点工作计划和目标
（三）部门整体资金情况 and the title "…部门整体绩效评价报告". Each project starts on a new page.

As seed 000: the funds stand at a cut-off date (截至2023年12月31日: the project's 资金截止日期,
else the evaluated year's end); a finding's bold title runs into its text and cause, and a
suggestion's sub-points follow it as 1. 2. paragraphs (``items``).
"""

from __future__ import annotations

import logging

from ..model import Finding
from . import items
from . import outline as outline_mod
from .common import write_item
from .data import ReportData, cn_number
from .outline import Outline, Part, Printer
from .writer import Writer

log = logging.getLogger(__name__)


def brief_title(data: ReportData, outline: Outline | None = None) -> str:
    """'上城区数据资源管理局 …项目 财政重点绩效评价报告' (the seed's form; the outline's pattern)."""
    outline = outline or outline_mod.for_layout(data.info, "brief")
    return outline_mod.fill(outline.title, outline_mod.fields(data.info))


def funds_sentence(data: ReportData) -> str:
    """'项目总资金170.86万元，截至2020年12月31日，实际到位资金170.86万元，实际支付168.91万元。'
    (seed 000; the cut-off date is the project's, else the evaluated year's end, and only with
    figures received or paid)."""
    money, nums = data.money, data.nums
    parts = []
    if money.base is not None:
        parts.append(f"项目总资金{nums.money(money.base)}万元")
    cutoff = data.cutoff()
    if cutoff and (money.received is not None or money.spent is not None):
        parts.append(f"截至{cutoff}")
    if money.received is not None:
        parts.append(f"实际到位资金{nums.money(money.received)}万元")
    if money.spent is not None:
        parts.append(f"实际支付{nums.money(money.spent)}万元")
    return "，".join(parts) + "。" if parts else ""


def department_funds_sentence(data: ReportData) -> str:
    """A whole department's funds: '部门预算资金397.80万元，截至2023年12月31日，实际到位资金
    397.80万元，实际支出216.19万元，预算执行率54.35%。' (the rate as the engine's funding
    figures give it; the cut-off date as for a project)."""
    money, nums = data.money, data.nums
    parts = []
    if money.base is not None:
        parts.append(f"部门预算资金{nums.money(money.base)}万元")
    cutoff = data.cutoff()
    if cutoff and (money.received is not None or money.spent is not None):
        parts.append(f"截至{cutoff}")
    if money.received is not None:
        parts.append(f"实际到位资金{nums.money(money.received)}万元")
    if money.spent is not None:
        spent = f"实际支出{nums.money(money.spent)}万元"
        if money.execution_rate is not None:
            spent += f"，预算执行率{data.percent(money.execution_rate)}"
        parts.append(spent)
    return "，".join(parts) + "。" if parts else ""


def _is_department(data: ReportData) -> bool:
    return data.info.eval_object == outline_mod.DEPARTMENT


def _funds(data: ReportData) -> str:
    return department_funds_sentence(data) if _is_department(data) else funds_sentence(data)


def conclusion_sentence(data: ReportData) -> str:
    """'…绩效评价综合得分88.5分，评价等级为“良”。', saying when the total is rescaled; a whole
    department's evaluation names the unit ('…服务中心绩效评价综合得分84.58分…')."""
    subject = data.text(data.info.name)
    if _is_department(data) and data.text(data.info.unit):
        subject = data.text(data.info.unit)
    if not data.scorable:
        return f"{subject}尚无计分的评价指标，综合得分和评价等级待评定。"
    how = ""
    if data.result.rescaled:
        how = (f"（不适用指标{data.points(data.result.excluded)}不计分，"
               f"按百分制折算）")
    return (f"{subject}绩效评价综合得分{data.total_text()}{how}，"
            f"评价等级为“{data.grade()}”。")


def _items(w: Writer, texts: list[str], causes: list[str] | None = None) -> None:
    """'（一）…' per finding (no number when there is one), its title in bold running into its
    text and its cause, sub-points '1.' '2.' below."""
    for index, text in enumerate(texts):
        number = f"（{cn_number(index + 1)}）" if len(texts) > 1 else ""
        cause = causes[index] if causes else ""
        write_item(w, number, items.parse(text), tail=cause)


def _problems(data: ReportData) -> list[Finding]:
    return [f for f in data.project.findings("问题") if f.text.strip()]


def _write_problems(w: Writer, data: ReportData) -> None:
    problems = _problems(data)
    _items(w, [data.text(f.text) for f in problems], [data.text(f.cause) for f in problems])


def _write_overview(w: Writer, data: ReportData) -> None:
    w.body(data.text(data.project.narrative("background")))
    w.body(funds_sentence(data))


def _goal(attr: str) -> Part:
    return Part(lambda d: bool(d.text(getattr(d.info, attr))),
                lambda w, d: w.body(d.text(getattr(d.info, attr))))


def _experience(data: ReportData) -> list[str]:
    return data.findings("成效") + data.findings("经验做法")


PARTS: dict[str, Part] = {
    "overview": Part(lambda d: bool(d.text(d.project.narrative("background"))
                                    or funds_sentence(d)), _write_overview),
    "overall_goal": _goal("overall_goal"),
    "annual_goal": _goal("annual_goal"),
    "funding": Part(lambda d: bool(_funds(d)), lambda w, d: w.body(_funds(d))),
    "verdict": Part(lambda d: True, lambda w, d: w.body(conclusion_sentence(d))),
    "experience": Part(lambda d: bool(_experience(d)), lambda w, d: _items(w, _experience(d)),
                       listing=True),
    "problems": Part(lambda d: bool(_problems(d)), _write_problems, listing=True),
    "suggestions": Part(lambda d: bool(d.findings("建议")),
                        lambda w, d: _items(w, d.findings("建议")), listing=True),
}


def write_brief_one(w: Writer, data: ReportData, outline: Outline | None = None) -> None:
    """One project's short report, following ``outline`` (by default the project's own)."""
    outline = outline or outline_mod.for_layout(data.info, "brief")
    w.title(brief_title(data, outline))
    Printer(outline, PARTS, data).write(w)


def write_brief(w: Writer, projects: list[ReportData]) -> None:
    """All projects' short reports in order, each on a new page."""
    for index, data in enumerate(projects):
        if index:
            w.page_break()
        write_brief_one(w, data)
