"""The full evaluation report (layout ``full``), following an outline (``outline``).

A cover without a page number (its title from the outline's cover pattern), a table of contents,
the title and preface, then the outline's sections: by default the national outline 一 to 七 of
GUIDE §5 — 基本情况 (with the funding and targets tables), 评价工作开展情况, 综合评价情况及评价
结论 (score summary and charts), the indicator analysis (``full_analysis``), findings,
suggestions, other matters, and as appendices the scoring table, the satisfaction surveys
(``survey_report``) and the AHP matrices (``ahp_report``), each when the project has one; the
condensed five-part outline
gives the conclusion as one paragraph with each dimension's score in brackets (``verdict``).
``parts`` says what each section key prints. Sections with nothing to say are left out (the
shipped outlines print no "无。"); the pre-export checks name them. The targets table is filed
as firms do (header block inside the table; without targets, the header block alone).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal

from ..numbers import cn_date
from . import outline as outline_mod
from . import pages
from .ahp_report import has_ahp, write_ahp
from .common import (
    ChartSource,
    figure_refs,
    funding_table,
    place_charts,
    render_charts,
    summary_table,
    targets_table,
)
from .data import ReportData
from .full_analysis import (
    list_items,
    problem_rows,
    write_analysis,
    write_appendix,
    write_problems,
    write_suggestions,
)
from .outline import Outline, Part, Printer
from .survey_report import has_survey, reference, write_surveys
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)

METHOD_PARTS = (("principles", "绩效评价原则"), ("indicator_system", "评价指标体系"),
                ("methods", "评价方法"), ("standards", "评价标准"))
REPORT_TITLES = outline_mod.REPORT_TITLES
COVER_TITLE_LINE = 20    # characters of the 二号 title on one line of the A4 text width
COVER_BLANK_LINES = 5    # blank lines of a cover whose title and fields take one line each
COVER_CHECK_LINES = 2    # the second lines of the ticked 评价方式 and 评价机构
COVER_FIELD_LINE = 19    # characters of a cover field's value on one line


def write_cover(w: Writer, data: ReportData, outline: Outline | None = None) -> None:
    """The cover page: title (the outline's cover pattern), 文号, the parties, 评价类型 /
    评价方式 / 评价机构 ticked in seed 004's words, then the date and the firm under it."""
    info = data.info
    outline = outline or outline_mod.for_layout(info, "full")
    values = outline_mod.fields(info)
    title = outline_mod.fill(outline.cover_title or outline.title, values) or values["报告名称"]
    # a title of unit and project runs over several lines, a long project name and the ticked
    # 评价方式 / 评价机构 take two lines each: the blank lines give way (below the table first, then above the
    # title, the one above the table last), so the date and the firm stay on the cover
    extra = (len(title) - 1) // COVER_TITLE_LINE
    wide = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in data.text(info.name))
    extra += int(max(0.0, wide - 1) // COVER_FIELD_LINE)      # a long name takes two lines
    budget = max(0, COVER_BLANK_LINES - extra - COVER_CHECK_LINES)
    for _ in range(min(2, max(0, budget - 1))):
        w.paragraph("cover")
    w.title(title)
    if info.doc_number.strip():
        w.paragraph("cover", data.text(info.doc_number), align="center")
    if budget:
        w.paragraph("cover")
    fields = [("项目名称", data.text(info.name)), ("项目单位", data.text(info.unit)),
              ("主管部门", data.text(info.department)), ("委托单位", data.text(info.commissioner)),
              *pages.report_checks(info),
              ("评价时间", data.text(info.eval_period))]
    cells: list[list[str | None]] = [[f"{label}：", value] for label, value in fields]
    add_table(w, TableSpec(cells, [38, 112], header_rows=0, aligns=["left", "left"],
                           borders=False, role="cover"))
    for _ in range(max(0, budget - 2)):
        w.paragraph("cover")
    w.paragraph("cover", cn_date(data.text(info.report_date)), align="center")
    w.paragraph("cover", data.text(info.evaluator_org), align="center")


def write_toc(w: Writer) -> None:
    """The 目录 page: a TOC field Word fills when it updates fields."""
    w.title("目　　录")
    pages.add_toc(w.paragraph("plain"), w.styles.fonts["plain"])
    pages.update_fields_on_open(w.doc)
    w.page_break()


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
    """综合评价情况及评价结论 (after its heading): total, grade, the summary table, the rate
    charts and the conclusion the evaluators wrote; while no points count, that the score is
    still to be given."""
    if not data.scorable:
        w.body("本项目尚无计分的评价指标，综合评价得分和评价等级待评定。")
    else:
        _write_scores(w, data, charts)
    conclusion = data.text(data.project.narrative("conclusion"))
    if conclusion:
        w.body(conclusion)


def _write_scores(w: Writer, data: ReportData, charts: ChartSource) -> None:
    w.body(conclusion_sentence(data)
           + f"各一级指标权重和得分情况见表{w.table_no + 1}，具体指标评分表见附件。")
    summary_table(w, data)
    drawn = render_charts(data, ("rates", "radar"), charts)
    if drawn:
        w.body(f"各一级指标得分率对比见{figure_refs(w, len(drawn))}。")
        place_charts(w, drawn)


def verdict_sentence(data: ReportData) -> str:
    """The conclusion in one paragraph with each dimension's score in brackets:

    '经评价组绩效评价，本项目综合评价得分88.5分（其中：决策17分，过程23.5分，产出24分，
    效益24分），评价等级为“良”。' With points not applicable the score is the rescaled one and
    the sentence says so; a dimension not applicable is named as such.
    """
    parts = []
    for dim in data.dimensions():
        node = data.node(dim)
        if node.not_applicable:
            parts.append(f"{dim.name}不适用")
        else:
            parts.append(f"{dim.name}{data.points(node.score or Decimal(0))}")
    brackets = f"（其中：{'，'.join(parts)}）" if parts else ""
    how = ""
    if data.result.rescaled:
        how = (f"，不适用指标{data.points(data.result.excluded)}不计分，"
               f"得分{data.points(data.result.raw)}，按百分制折算为{data.total_text()}")
        return (f"经评价组绩效评价，本项目指标得分{brackets}{how}，"
                f"评价等级为“{data.grade()}”。")
    return (f"经评价组绩效评价，本项目综合评价得分{data.total_text()}{brackets}，"
            f"评价等级为“{data.grade()}”。")


def write_verdict(w: Writer, data: ReportData) -> None:
    """综合评价情况及评价结论 in one paragraph (the condensed outline), then the evaluators'
    own conclusion."""
    text = (verdict_sentence(data) if data.scorable
            else "本项目尚无计分的评价指标，综合评价得分和评价等级待评定。")
    conclusion = data.text(data.project.narrative("conclusion"))
    w.body(text + conclusion if conclusion else text)


def _narrative(key: str) -> Part:
    return Part(lambda d: bool(d.text(d.project.narrative(key))),
                lambda w, d: w.body(d.text(d.project.narrative(key))))


def _goal(attr: str) -> Part:
    return Part(lambda d: bool(d.text(getattr(d.info, attr))),
                lambda w, d: w.body(d.text(getattr(d.info, attr))))


def _has_funding(data: ReportData) -> bool:
    return bool(data.funding_sentence() or data.project.funding_items())


def _write_funding(w: Writer, data: ReportData) -> None:
    sentence = data.funding_sentence()
    if data.info.eval_object == outline_mod.DEPARTMENT and sentence.startswith("项目"):
        sentence = "部门" + sentence[2:]          # 部门预算资金…
    if data.project.funding_items():
        sentence += f"具体资金预算及执行情况见表{w.table_no + 1}。"
    w.body(sentence)
    funding_table(w, data)


def _has_targets_table(data: ReportData) -> bool:
    """The targets table is printed once the project has targets, a goal or funds to put in
    its header block (without targets it is the header block and the column headings)."""
    info = data.info
    return bool(data.project.targets() or data.text(info.annual_goal)
                or data.text(info.overall_goal) or data.money.base is not None)


def _write_targets(w: Writer, data: ReportData) -> None:
    whose = "部门整体" if data.info.eval_object == outline_mod.DEPARTMENT else "项目"
    if data.project.targets():
        w.body(f"{whose}绩效目标及完成情况见表{w.table_no + 1}。")
    else:
        w.body(f"{whose}绩效目标表见表{w.table_no + 1}。")
    targets_table(w, data)


def parts(charts: ChartSource, survey_pointer: str = "") -> dict[str, Part]:
    """What each key of a full-report outline prints (see ``outline.KEYS``); a rule reading a
    survey points to it with ``survey_pointer`` in the indicator analysis."""
    out = {key: _narrative(key) for key in ("background", "basis", "organisation", "content",
                                            "completion", "purpose", "principles",
                                            "indicator_system", "methods", "standards",
                                            "process")}
    out.update({
        "funding": Part(_has_funding, _write_funding),
        "goals": Part(_has_targets_table, _write_targets, after=True),
        "overall_goal": _goal("overall_goal"),
        "annual_goal": _goal("annual_goal"),
        "conclusion": Part(lambda d: True, lambda w, d: write_conclusion(w, d, charts)),
        "verdict": Part(lambda d: True, write_verdict),
        "analysis": Part(lambda d: bool(d.dimensions()),
                         lambda w, d: write_analysis(w, d, charts, survey_pointer)),
        "achievements": Part(lambda d: bool(d.findings("成效")),
                             lambda w, d: list_items(w, d.findings("成效")), listing=True),
        "experience": Part(lambda d: bool(d.findings("经验做法")),
                           lambda w, d: list_items(w, d.findings("经验做法")), listing=True),
        "problems": Part(lambda d: bool(problem_rows(d)), write_problems, listing=True),
        "suggestions": Part(lambda d: bool(d.findings("建议")), write_suggestions,
                            listing=True),
        "other": _narrative("other"),
        outline_mod.APPENDIX: Part(lambda d: bool(d.dimensions()), write_appendix,
                                   page_break=True),
        outline_mod.SURVEY: Part(has_survey, lambda w, d: write_surveys(w, d, charts)),
        outline_mod.AHP: Part(has_ahp, write_ahp),
    })
    out["other"] = replace(out["other"], listing=True)
    return out


def write_full(w: Writer, data: ReportData, charts: ChartSource,
               outline: Outline | None = None) -> None:
    """The whole full report into ``w`` (one project), following ``outline`` (by default the
    one the project's export follows, see ``outline.for_layout``)."""
    outline = outline or outline_mod.for_layout(data.info, "full")
    write_cover(w, data, outline)
    pages.end_cover(w.doc)
    write_toc(w)
    values = outline_mod.fields(data.info)
    w.title(outline_mod.fill(outline.title, values))
    preface = outline_mod.fill(outline.preface, values)
    if preface:
        w.body(preface)
    pointer = reference(outline, Printer(outline, parts(charts), data).printed)
    Printer(outline, parts(charts, pointer), data).write(w)
