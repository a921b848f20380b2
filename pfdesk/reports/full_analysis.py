"""What the full report prints under the headings its outline gives (``full.parts``): the
indicator analysis, findings, suggestions, the scoring table and, when files are attached, the
list of evidence (佐证材料清单).

Each indicator gets its standard sentence from ``pfdesk.wording`` ("A11立项依据充分性，权重5分，
得分5分。") and its analysis closed by "根据相关评分标准，…该指标得5分。"; every number is
the engine's. An indicator whose rule reads a survey points to the survey section when the
report prints it (``survey_report.refer``).
"""

from __future__ import annotations

import logging
from decimal import Decimal

from .. import rule_scores
from ..evidence import list_for
from ..model import Finding, Indicator
from ..wording import full_paragraph_text, heading
from . import items
from .common import (
    ChartSource,
    dimension_table,
    figure_refs,
    place_charts,
    render_charts,
    scoring_table,
    spans,
    write_item,
)
from .data import ReportData, cn_number
from .survey_report import refer
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)


def dimension_sentence(data: ReportData, dim: Indicator) -> str:
    """'效益指标总分27分（其中不适用指标6分不计分），按21分计，得分20分，得分率95.24%。'

    Without points not applicable: '决策指标总分20分，得分17分，得分率85.00%。'; the score is
    marked provisional while leaves below are unscored.
    """
    node = data.node(dim)
    if node.not_applicable:
        return f"{dim.name}指标（{data.points(node.weight)}）不适用，不计分。"
    text = f"{dim.name}指标总分{data.points(node.weight)}"
    if node.excluded:
        text += f"（其中不适用指标{data.points(node.excluded)}不计分），按{data.points(node.max)}计"
    text += f"，得分{data.points(node.score or Decimal(0))}，得分率{data.percent(node.rate)}"
    unscored = data.unscored_leaves(dim)
    if unscored:
        text += f"（尚有{unscored}项指标未评分，得分为暂计）"
    return text + "。"


def _dimension_intro(data: ReportData, dim: Indicator, w: Writer) -> None:
    text = dimension_sentence(data, dim)
    kids = data.project.children(dim.id)
    if kids:
        text += f"共设置{len(kids)}个二级指标。"
    text += f"各分项指标得分情况见表{w.table_no + 1}，绩效分析如下："
    w.body(text)


def write_indicator(w: Writer, data: ReportData, leaf_id: str, survey_pointer: str = "") -> None:
    """One indicator: its standard sentence (bold), then the analysis with the closing sentence
    and, where the user's text does not give them, the reasons of its deductions; a rule reading
    a survey ends with ``survey_pointer`` (where the survey section is printed, or '')."""
    ind = data.project.indicator(leaf_id)
    node = data.result.by_id[leaf_id]
    w.lead_paragraph(heading(ind, node, data.nums), "")
    text = full_paragraph_text(ind, node, data.project.deductions(leaf_id), data.nums)
    text = rule_scores.paragraph(data.project, ind, node, text, data.nums)
    w.body(refer(data, ind, text, survey_pointer))


def write_analysis(w: Writer, data: ReportData, charts: ChartSource,
                   survey_pointer: str = "") -> None:
    """绩效评价指标分析 (after its heading): per dimension an intro, its table and one paragraph
    per indicator (``survey_pointer``: see ``write_indicator``)."""
    for index, dim in enumerate(data.dimensions()):
        w.heading(2, f"（{cn_number(index + 1)}）{dim.name}指标情况")
        _dimension_intro(data, dim, w)
        dimension_table(w, data, dim)
        for leaf in data.leaves(dim):
            write_indicator(w, data, leaf.id, survey_pointer)
    if any(n.lost > 0 for n in data.result.nodes if n.is_leaf):
        drawn = render_charts(data, ("lost",), charts)
        if drawn:
            w.body(f"各指标扣分情况见{figure_refs(w, 1)}，按扣分从多到少排列。")
            place_charts(w, drawn)


def list_items(w: Writer, texts: list[str]) -> None:
    """'1.…' per finding, its title in bold running into its text, sub-points '（1）' below."""
    for index, text in enumerate(texts, 1):
        write_item(w, f"{index}.", items.parse(text), "bracketed")


def problem_rows(data: ReportData) -> list[Finding]:
    """The problems that say something."""
    return [f for f in data.project.findings("问题") if f.text.strip()]


def write_problems(w: Writer, data: ReportData) -> None:
    """Each problem with the indicators it concerns, then its cause."""
    for index, finding in enumerate(problem_rows(data), 1):
        linked = data.project.finding_indicators(finding.id)
        tail = ""
        if linked:
            tail = "（涉及指标：" + "、".join(data.label(i) for i in linked) + "）"
        write_item(w, f"{index}.", items.parse(data.text(finding.text)), "bracketed", tail)
        cause = data.text(finding.cause)
        if cause:
            w.body(f"原因分析：{cause}")


def write_suggestions(w: Writer, data: ReportData) -> None:
    """'（一）…' per suggestion, its title in bold running into its text, its sub-points
    '1.' '2.' below (seed 004's 六、有关建议)."""
    for index, text in enumerate(data.findings("建议"), 1):
        write_item(w, f"（{cn_number(index)}）", items.parse(text))


def write_appendix(w: Writer, data: ReportData) -> None:
    """附件 (after its heading, on a new page): the full scoring table with 评分标准, total and
    grade, and the list of evidence."""
    scoring_table(w, data)
    evidence_table(w, data)


def evidence_table(w: Writer, data: ReportData) -> str | None:
    """佐证材料清单: each indicator's evidence files by name (None: no evidence, no table)."""
    cells: list[list[str | None]] = [["指标", "文件名", "说明"]]
    keys: list[str] = []
    for ind in data.project.walk():
        for item in list_for(data.project, ind.id):
            cells.append([data.label(ind), data.text(item.name), data.text(item.note)])
            keys.append(ind.id)
    if not keys:
        return None
    label = w.table_title("佐证材料清单")
    merges = spans(keys, 1, 0)
    for top, _left, bottom, _right in merges:
        for row in range(top + 1, bottom + 1):
            cells[row][0] = None
    add_table(w, TableSpec(cells, [46, 62, 48], merges=merges, aligns=["left", "left", "left"]))
    return label
