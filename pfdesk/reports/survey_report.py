"""满意度调查情况 in the full report (outline key ``survey``): per survey the project holds, one
sentence with the sample and the overall rate, a table of each question and a bar chart of
满意率 by question.

Every number is the survey module's (``Summary``: ``respondents``, ``valid_respondents``,
``result(question)`` and ``overall()``), written with ``numbers.percent`` and two decimals for
the mean; nothing is counted here. A survey that cannot be read is left out (the pre-export
checks name it); without a readable survey the section has nothing to say and is not printed.

The sentence: '本次满意度调查（12345热线服务满意度调查）共收回问卷60份，其中有效问卷60份；4个
题目共有效回答237个，其中满意199个，总体满意率为83.97%，平均分83.04分。' The table: 题目 /
有效回答 / 满意 / 满意率 / 平均分, then 总体; a note says which options count as satisfied and
the score of each option.

An indicator scored by a rule that reads a survey printed here ends its paragraph in the
indicator analysis by pointing to this section (``reference`` / ``refer``): "（详见附件2 满意度
调查情况）" when the outline places it among the appendices, "（详见第七部分 满意度调查情况）"
among the chapters; nothing when the section is not printed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal

from ..model import Indicator
from ..numbers import percent, q2
from ..survey import Result, Summary
from ..survey_rows import summaries
from .common import ChartSource
from .data import ReportData, cn_number
from .outline import SURVEY, Outline, Section, preview
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)

HEADER = ["题目", "有效回答", "满意", "满意率", "平均分"]
OVERALL = "总体"
CHART_CAPTION = "各题目满意率"


def readable(data: ReportData) -> list[tuple[str, Summary]]:
    """The project's surveys that can be read, (name, summary) in the project's order."""
    return list(summaries(data.project).items())


def has_survey(data: ReportData) -> bool:
    """Whether the report has a survey to print."""
    return bool(readable(data))


def mean_text(value: Decimal | None) -> str:
    """A mean score with two decimals: '82.33' ('—': no valid answers)."""
    return "—" if value is None else f"{q2(value):.2f}"


def survey_sentence(name: str, summary: Summary) -> str:
    """The sample and the overall rate in one sentence (see the module docstring)."""
    overall = summary.overall()
    named = f"（{name}）" if name else ""
    return (f"本次满意度调查{named}共收回问卷{summary.respondents}份，"
            f"其中有效问卷{summary.valid_respondents}份；{len(summary.questions)}个题目共有效回答"
            f"{overall.valid}个，其中满意{overall.satisfied}个，总体满意率为{percent(overall.rate)}，"
            f"平均分{mean_text(overall.mean)}分。")


def _row(label: str, result: Result) -> list[str | None]:
    return [label, str(result.valid), str(result.satisfied), percent(result.rate),
            mean_text(result.mean)]


def table_cells(summary: Summary) -> list[list[str | None]]:
    """The table's rows: header, each question, 总体."""
    cells: list[list[str | None]] = [list(HEADER)]
    for question in summary.questions:
        title = " ".join(question.title.split()) or "（无题目）"
        cells.append(_row(title, summary.result(question)))
    cells.append(_row(OVERALL, summary.overall()))
    return cells


def method_note(summary: Summary) -> str:
    """'注：满意率＝回答“非常满意”“满意”的人次÷有效回答人次；平均分按非常满意100分、…计。'"""
    options = summary.options.options
    satisfied = "".join(f"“{o.text}”" for o in options if o.satisfied)
    scores = "、".join(f"{o.text}{o.score.normalize():f}分" for o in options
                      if o.score is not None)
    unscored = [o.text for o in options if o.score is None]
    tail = f"；回答“{'”“'.join(unscored)}”的不计入有效回答" if unscored else ""
    return (f"注：满意率＝回答{satisfied}的人次÷有效回答人次×100%；平均分按{scores}计"
            f"{tail}。")


def write_survey(w: Writer, data: ReportData, name: str, summary: Summary,
                 charts: ChartSource) -> None:
    """One survey: the sentence with where its table and chart are, the table, the note and
    the chart."""
    png = charts(f"survey:{name}", data)
    refs = f"表{w.table_no + 1}" + (f"和图{w.figure_no + 1}" if png else "")
    w.body(survey_sentence(name, summary) + f"各题目满意情况见{refs}。")
    w.table_title(f"{name}结果" if name else "满意度调查结果")
    cells = table_cells(summary)
    add_table(w, TableSpec(cells, [70, 20, 20, 20, 20],
                           aligns=["left", "center", "center", "center", "center"],
                           bold_rows=[len(cells) - 1]))
    w.body(method_note(summary))
    if png:
        w.figure(png, CHART_CAPTION if len(readable(data)) == 1 else f"{name}{CHART_CAPTION}")


def write_surveys(w: Writer, data: ReportData, charts: ChartSource) -> None:
    """满意度调查情况 (after its heading): each readable survey, under a （一） heading of its
    name when there are several."""
    found = readable(data)
    for index, (name, summary) in enumerate(found, 1):
        if len(found) > 1:
            w.heading(2, f"（{cn_number(index)}）{name}")
        write_survey(w, data, name, summary, charts)


def reference(outline: Outline, printed: Callable[[Section], bool]) -> str:
    """Where the survey section is printed, as a pointer: '（详见附件2 满意度调查情况）',
    '（详见附件 满意度调查情况）' (the only appendix), '（详见第七部分 满意度调查情况）'
    (a chapter); '' when it is not printed."""
    for _level, text, section in preview(outline, printed):
        if section.key != SURVEY:
            continue
        title = section.heading
        label = text[:len(text) - len(title)].rstrip("：、. ")
        if not label.startswith("附件"):
            label = f"第{label}部分"
        return f"（详见{label} {title}）"
    return ""


def survey_read(ind: Indicator) -> str | None:
    """The survey a rule-scored indicator reads (its name; '' for the project's only one),
    or None when it reads none."""
    from ..rules import RuleError, from_json

    if ind.method != "rule" or not ind.rule:
        return None
    try:
        rule = from_json(ind.rule)
    except RuleError:
        return None
    source = rule.input
    if source.kind not in ("survey_rate", "survey_mean"):
        return None
    return str(source.ref)


def refer(data: ReportData, ind: Indicator, text: str, pointer: str) -> str:
    """The indicator's paragraph ending with ``pointer`` when its rule reads a survey the
    report prints: '…按评分标准得4.20分（详见附件2 满意度调查情况）。'."""
    name = survey_read(ind) if pointer else None
    if name is None:
        return text
    names = [n for n, _s in readable(data)]
    if not (name in names or (not name and len(names) == 1)):
        return text
    if text.endswith("。"):
        return f"{text[:-1]}{pointer}。"
    return f"{text}{pointer}" if text else text
