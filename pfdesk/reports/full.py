"""The full evaluation report (layout ``full``): the national outline 一 to 七 of GUIDE §5.

A cover without a page number, a table of contents, then 基本情况 (with the funding and targets
tables), 评价工作开展情况, 综合评价情况及评价结论 (score summary and charts), the indicator
analysis (``full_analysis``), findings, suggestions, other matters, and the scoring table as
an appendix. Empty narrative sections are left out; the pre-export checks name them.
"""

from __future__ import annotations

import logging

from ..numbers import cn_date
from . import pages
from .common import (
    ChartSource,
    figure_refs,
    funding_table,
    place_charts,
    render_charts,
    summary_table,
    targets_table,
)
from .data import ReportData, cn_number
from .full_analysis import write_analysis, write_appendix, write_findings
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)

REPORT_TITLES = {"项目": "财政支出项目绩效评价报告", "部门整体": "部门整体支出绩效评价报告",
                 "政策": "财政政策绩效评价报告"}
OVERVIEW = (("background", "项目背景"), ("basis", "项目立项依据"),
            ("organisation", "组织实施情况"), ("content", "项目实施内容"),
            ("completion", "项目完成情况"))
METHOD_PARTS = (("principles", "绩效评价原则"), ("indicator_system", "评价指标体系"),
                ("methods", "评价方法"), ("standards", "评价标准"))


def _checks(options: tuple[str, ...], chosen: str, suffix: str) -> str:
    """'事前评价□　事中评价□　事后评价☑'."""
    return "　".join(f"{o}{suffix}{'☑' if o == chosen else '□'}" for o in options)


def write_cover(w: Writer, data: ReportData) -> None:
    """The cover page: title, 文号, the parties, type and mode, firm and date."""
    info = data.info
    for _ in range(2):
        w.paragraph("cover")
    w.title(REPORT_TITLES.get(info.eval_object, REPORT_TITLES["项目"]))
    if info.doc_number.strip():
        w.paragraph("cover", data.text(info.doc_number), align="center")
    w.paragraph("cover")
    fields = [("项目名称", data.text(info.name)), ("项目单位", data.text(info.unit)),
              ("主管部门", data.text(info.department)), ("委托单位", data.text(info.commissioner)),
              ("评价类型", _checks(("事前", "事中", "事后"), info.eval_type, "评价")),
              ("评价方式", _checks(("单位自评", "部门评价", "财政评价"), info.eval_mode, "")),
              ("评价机构", data.text(info.evaluator_org)),
              ("评价时间", data.text(info.eval_period))]
    cells: list[list[str | None]] = [[f"{label}：", value] for label, value in fields]
    add_table(w, TableSpec(cells, [38, 112], header_rows=0, aligns=["left", "left"],
                           borders=False, role="cover"))
    for _ in range(2):
        w.paragraph("cover")
    w.paragraph("cover", data.text(info.evaluator_org), align="center")
    w.paragraph("cover", cn_date(data.text(info.report_date)), align="center")


def write_toc(w: Writer) -> None:
    """The 目录 page: a TOC field Word fills when it updates fields."""
    w.title("目　　录")
    pages.add_toc(w.paragraph("plain"), w.styles.fonts["plain"])
    pages.update_fields_on_open(w.doc)
    w.page_break()


def _preface(data: ReportData) -> str:
    info = data.info
    who = data.text(info.evaluator_org) or "评价组"
    by = f"受{data.text(info.commissioner)}委托，" if info.commissioner.strip() else ""
    return (f"为加强财政支出管理，提高财政资金使用效益，{by}{who}对{data.text(info.name)}"
            "开展绩效评价。评价组本着“实事求是、客观公正、科学合理、绩效导向”的原则，"
            "对项目进行综合评价，并形成本报告。")


def _numbered_parts(w: Writer, data: ReportData, parts: tuple[tuple[str, str], ...],
                    start: int = 1) -> int:
    """'1.项目背景' headings with their narrative, skipping empty ones; returns the next number."""
    number = start
    for key, title in parts:
        text = data.text(data.project.narrative(key))
        if text:
            w.heading(3, f"{number}.{title}")
            w.body(text)
            number += 1
    return number


def write_basics(w: Writer, data: ReportData) -> None:
    """一、基本情况: overview, funding (sentence and table), goals and the targets table."""
    info = data.info
    w.heading(1, "一、基本情况")
    w.heading(2, "（一）项目概况")
    number = _numbered_parts(w, data, OVERVIEW)
    sentence = data.funding_sentence()
    if sentence or data.project.funding_items():
        w.heading(3, f"{number}.项目资金情况")
        if data.project.funding_items():
            sentence += f"具体资金预算及执行情况见表{w.table_no + 1}。"
        w.body(sentence)
        funding_table(w, data)
    w.heading(2, "（二）项目绩效目标")
    goals = (("总体目标", info.overall_goal), ("年度目标", info.annual_goal))
    number = 1
    for title, text in goals:
        if text.strip():
            w.heading(3, f"{number}.{title}")
            w.body(data.text(text))
            number += 1
    if data.project.targets():
        w.body(f"项目绩效目标及完成情况见表{w.table_no + 1}。")
        targets_table(w, data)


def write_work(w: Writer, data: ReportData) -> None:
    """二、绩效评价工作开展情况: purpose and scope; principles, system, methods, standards; process."""
    w.heading(1, "二、绩效评价工作开展情况")
    sub = 1
    purpose = data.text(data.project.narrative("purpose"))
    if purpose:
        w.heading(2, f"（{cn_number(sub)}）绩效评价目的、对象和范围")
        w.body(purpose)
        sub += 1
    if any(data.project.narrative(key).strip() for key, _ in METHOD_PARTS):
        w.heading(2, f"（{cn_number(sub)}）绩效评价原则、评价指标体系、评价方法、评价标准")
        _numbered_parts(w, data, METHOD_PARTS)
        sub += 1
    process = data.text(data.project.narrative("process"))
    if process:
        w.heading(2, f"（{cn_number(sub)}）绩效评价工作过程")
        w.body(process)


def conclusion_sentence(data: ReportData) -> str:
    """The total, the points it is of, the rate and the grade in one sentence.

    With points not applicable: '本项目指标总分100分（其中不适用指标8分不计分），按92分计，
    得分83.5分，得分率90.76%；按百分制折算，综合评价得分90.76分，评价等级为“优”。'
    """
    result = data.result
    grade = f"评价等级为“{data.grade()}”"
    if result.rescaled:
        return (f"经评价组绩效评价，本项目指标总分{data.points(result.max + result.excluded)}"
                f"（其中不适用指标{data.points(result.excluded)}不计分），"
                f"按{data.points(result.max)}计，得分{data.points(result.raw)}，"
                f"得分率{data.percent(result.rate)}；按百分制折算，综合评价得分"
                f"{data.total_text()}，{grade}。")
    return (f"经评价组绩效评价，本项目指标总分{data.points(result.max)}，综合评价得分"
            f"{data.total_text()}，得分率{data.percent(result.rate)}，{grade}。")


def write_conclusion(w: Writer, data: ReportData, charts: ChartSource) -> None:
    """三、综合评价情况及评价结论: total, grade, the summary table, the rate charts."""
    w.heading(1, "三、综合评价情况及评价结论")
    w.body(conclusion_sentence(data)
           + f"各一级指标权重和得分情况见表{w.table_no + 1}，具体指标评分表见附件。")
    summary_table(w, data)
    drawn = render_charts(data, ("rates", "radar"), charts)
    if drawn:
        w.body(f"各一级指标得分率对比见{figure_refs(w, len(drawn))}。")
        place_charts(w, drawn)
    conclusion = data.text(data.project.narrative("conclusion"))
    if conclusion:
        w.body(conclusion)


def write_full(w: Writer, data: ReportData, charts: ChartSource) -> None:
    """The whole full report into ``w`` (one project)."""
    write_cover(w, data)
    pages.end_cover(w.doc)
    write_toc(w)
    w.title(f"{data.text(data.info.name)}绩效评价报告")
    w.body(_preface(data))
    write_basics(w, data)
    write_work(w, data)
    write_conclusion(w, data, charts)
    write_analysis(w, data, charts)
    write_findings(w, data)
    write_appendix(w, data)
