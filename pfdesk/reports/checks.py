"""The checks run before a report is written: GUIDE §4's finance-bureau list, as data.

Each failed check is a ``Check``: a stable English ``kind``, where it is (an indicator, a
report section or a page of the project), what happened (``message``) and what to do
(``action``), both in plain Chinese. The window lists them as rows, the command line prints
``Check.line()`` and ``pfdesk check --json`` gives ``Check.as_json()``. The export still
happens when a check fails and repeats the warnings at the end.

What is checked: parts add up to totals (分值散总一致, from the engine's problems); grades,
scores, rates and totals stated in the printed text agree with the engine (评分与等级相符,
``check_text``); the cover fields are filled; every deduction has a reason and points; no
indicator is unscored; an expert panel's spread stays within its limit; the funding sources
add up to the project's totals in all three columns; every indicator that lost points has a
problem recorded against it; no section of the chosen layout is empty (``check_sections``);
every indicator is reviewed with no change after its review; no merge conflict is left open;
every satisfaction survey and AHP comparison matrix kept in the project can be read, for the
layouts that print them (the full report's 满意度调查情况 and AHP appendix), and every matrix
passes the consistency check (CR < 0.10) in any layout — a matrix that fails is printed in the
appendix as failing, and the warning says whether its children's points still follow it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from .. import review
from ..change_text import FIELD_LABELS, TABLE_LABELS
from ..conflicts import DELETED, open_conflicts
from ..drafting import covered_indicators
from ..model import Conflict
from ..numbers import Numbers
from ..scoring import (
    DEDUCTION_POINTS,
    DEDUCTION_REASON,
    DEDUCTION_UNUSED,
    GRADE_BANDS,
    MISSING_WEIGHT,
    NOTHING_COUNTS,
    SCORE_RANGE,
    SPREAD,
    TOTAL_WEIGHT,
    UNSCORED,
    WEIGHT_SUM,
    Problem,
    ScoreResult,
)
from .data import ReportData

if TYPE_CHECKING:
    from ..ahp import Analysis, Weighting
    from ..model import Indicator

log = logging.getLogger(__name__)

ERROR, WARNING = "error", "warning"

# Check kinds, a stable part of ``pfdesk check --json`` (the engine's problem kinds keep theirs).
NO_INDICATORS = "no_indicators"
CONFLICT = "conflict"
COVER = "cover"
FUNDING_SOURCES = "funding_sources"
DEDUCTED_NO_PROBLEM = "deducted_no_problem"
SIGN_OFF = "sign_off"
CHANGED_AFTER_REVIEW = "changed_after_review"
GRADE = "grade"                    # a grade stated in the text differs from the engine's
STATED_NUMBER = "stated_number"    # a score, rate or total stated in the text differs
EMPTY_SECTION = "empty_section"
SURVEY_UNREADABLE = "survey_unreadable"   # a survey kept in the project that cannot be read
AHP_INCONSISTENT = "ahp_inconsistent"     # a stored AHP matrix with CR ≥ 0.10
AHP_UNREADABLE = "ahp_unreadable"         # a stored AHP matrix that cannot be read

# Where a check is put right: the window's page keys ('indicator': the indicator's own page).
INFO, FUNDING, TARGETS, FINDINGS, EVALUATORS, INDICATOR, MERGE = (
    "info", "funding", "targets", "findings", "evaluators", "indicator", "merge")

COVER_FIELDS = (("name", "项目名称"), ("unit", "项目单位"), ("department", "主管部门"),
                ("eval_type", "评价类型"))
# Layouts that print the problems found (the scoring forms do not).
PROBLEM_LAYOUTS = ("full", "brief", "feedback", "infosheet")


@dataclass(frozen=True)
class Check:
    """One failed check: what it is, where, what happened and what to do."""

    kind: str
    message: str
    action: str = ""
    severity: str = WARNING          # ERROR: the report would contradict itself or the rules
    code: str = ""                   # the indicator's code, when it concerns one
    indicator_id: str | None = None
    section: str = ""                # the report section or text it concerns, in Chinese
    place: str = ""                  # where to put it right (INFO, FUNDING, … INDICATOR)
    project: str = ""                # the project's name when several are checked together

    def line(self) -> str:
        """The check as one line for the terminal and the export's warnings."""
        return f"{self.project}：{self.message}" if self.project else self.message

    def as_json(self) -> dict[str, Any]:
        """The documented JSON of one check (``pfdesk check --json``)."""
        return {"kind": self.kind, "severity": self.severity, "project": self.project,
                "code": self.code, "indicator_id": self.indicator_id, "section": self.section,
                "message": self.message, "action": self.action}


# (action, severity, place) for each of the engine's problem kinds shown as a check.
_ENGINE = {
    WEIGHT_SUM: ("请在该指标页核对分值：下级指标的分值之和应等于上级指标的分值。", ERROR, INDICATOR),
    TOTAL_WEIGHT: ("请核对各一级指标的分值，合计应为100分。", ERROR, INDICATOR),
    MISSING_WEIGHT: ("请在该指标页填写分值。", ERROR, INDICATOR),
    SCORE_RANGE: ("请在该指标页把得分改到0分至该指标分值之间。", ERROR, INDICATOR),
    DEDUCTION_REASON: ("请在该指标的扣分列表中补写扣分理由。", WARNING, INDICATOR),
    DEDUCTION_POINTS: ("请在该指标的扣分列表中填写扣分分值（不能为负数）。", ERROR, INDICATOR),
    DEDUCTION_UNUSED: ("这些扣分不影响得分：应按扣分计分的，请把计分方式改为“扣分制”；"
                       "否则请删除这些扣分。", WARNING, INDICATOR),
    GRADE_BANDS: ("请在“项目信息”页的“目标与等级”中重新设置评价等级。", ERROR, INFO),
    NOTHING_COUNTS: ("请在指标页核对“不适用”标记：适用于本项目的指标取消该标记；再核对各指标的分值。",
                     ERROR, INDICATOR),
    SPREAD: ("请在该指标的“专家评分”中核对各位专家的评分；分差确有道理的，"
             "由评价组合议后统一评分。", WARNING, INDICATOR),
}


_OTHER_PROBLEMS = {
    UNSCORED: ("请在该指标页评分。", WARNING, INDICATOR),
    CONFLICT: ("请点“文件 → 合并副本…”，选定冲突处的取值。", ERROR, MERGE),
}


def _as_check(problem: Problem) -> Check:
    action, severity, place = _ENGINE.get(problem.kind) or _OTHER_PROBLEMS.get(
        problem.kind, ("", WARNING, INDICATOR if problem.indicator_id else ""))
    return Check(problem.kind, problem.message, action, severity, problem.code,
                 problem.indicator_id, place=place)


def problem_checks(result: ScoreResult) -> list[Check]:
    """Every scoring problem of the engine as a check, one per problem (``pfdesk check``)."""
    return [_as_check(problem) for problem in result.problems]


def _engine(data: ReportData) -> list[Check]:
    """The engine's problems that a report must not carry (sums, deductions, bands, spread)."""
    return [_as_check(p) for p in data.result.problems if p.kind in _ENGINE]


def _unscored(data: ReportData) -> list[Check]:
    result = data.result
    unscored = [p for p in result.problems if p.kind == UNSCORED]
    if not unscored:
        return []
    codes = [p.code or "（无编号）" for p in unscored]
    shown = "、".join(codes[:10]) + ("等" if len(codes) > 10 else "")
    return [Check(UNSCORED, f"有{len(codes)}项指标尚未评分：{shown}；评价等级暂定为"
                            f"“{result.provisional_grade}”，要全部评分后才能确定",
                  "请在对应的指标页评分（点这一行可转到第一项）。", WARNING, unscored[0].code,
                  unscored[0].indicator_id, place=INDICATOR)]


def _cover(data: ReportData) -> list[Check]:
    info = data.info
    missing = [label for key, label in COVER_FIELDS if not str(getattr(info, key)).strip()]
    if not info.report_date.strip() and not info.eval_period.strip():
        missing.append("报告日期或评价时间")
    if not missing:
        return []
    return [Check(COVER, f"封面信息未填写：{'、'.join(missing)}",
                  "请在“项目信息”页的“基本信息”中填写这些内容。", WARNING, section="封面",
                  place=INFO)]


def _funding(data: ReportData) -> list[Check]:
    """Each 资金来源 column whose sum differs from the project's 资金总额 (万元)."""
    from ..funding import of as funding_of

    numbers = Numbers.of(data.info)
    return [Check(FUNDING_SOURCES, f"资金来源的{m.label}合计{numbers.money(m.sources)}万元，"
                                   f"与资金总额中的{m.label}{numbers.money(m.total)}万元不一致",
                  "请在“资金情况”页核对资金来源各行和资金总额，使各来源之和等于总额。", ERROR,
                  section="资金来源", place=FUNDING)
            for m in funding_of(data.project).mismatches]


def _deducted_without_problem(data: ReportData) -> list[Check]:
    """Leaves that lost points with no 问题 finding linked to them."""
    project = data.project
    linked = covered_indicators(project)
    numbers = Numbers.of(data.info)
    out = []
    for ind in project.walk():
        node = data.result.by_id.get(ind.id)
        if node is None or not node.is_leaf or node.lost <= 0 or ind.id in linked:
            continue
        out.append(Check(DEDUCTED_NO_PROBLEM,
                         f"{ind.code}{ind.name}扣了{numbers.points(node.lost)}，"
                         "但“存在的问题”中没有一条与它关联",
                         "请在“评价发现”页的“问题与原因”中写明这一扣分反映的问题，"
                         "并勾选这个指标；或核对该指标的得分。", WARNING, ind.code, ind.id,
                         section="存在的问题", place=FINDINGS))
    return out


def _sign_off(data: ReportData) -> list[Check]:
    """Indicators edited after their review, and how many are not reviewed yet."""
    project = data.project
    counts = review.counts(project)
    out = []
    if counts.changed_after_review:
        changed = [ind for ind in project.walk() if ind.reviewed_by and ind.changed_after_review]
        codes = [ind.code or ind.name for ind in changed]
        listed = "、".join(codes[:5]) + (f" 等 {len(codes)} 个" if len(codes) > 5 else "")
        first = changed[0] if changed else None
        out.append(Check(CHANGED_AFTER_REVIEW, f"复核后已修改：{listed}指标在复核签字后又被修改",
                         "请复核人在指标页查看这些指标的修改记录，确认后重新点“复核签字”。", WARNING,
                         first.code if first else "", first.id if first else None,
                         place=INDICATOR))
    if counts.leaves and counts.reviewed < counts.leaves:
        out.append(Check(SIGN_OFF, f"尚未复核：{counts.leaves} 个末级指标中已复核 "
                                   f"{counts.reviewed} 个、已编制 {counts.prepared} 个",
                         "请编制人在指标页点“编制签字”，再由复核人点“复核签字”。", WARNING,
                         place=INDICATOR))
    return out


def conflict_words(conflict: Conflict) -> str:
    """``A11 得分``: where a merge conflict is, in a check line."""
    whole = conflict.field == DELETED
    what = "整行" if whole else FIELD_LABELS.get(conflict.field, conflict.field)
    if conflict.tbl not in ("indicator", "project"):   # the kind of row is named once
        what = TABLE_LABELS.get(conflict.tbl, conflict.tbl) + ("" if whole else "的") + what
        return f"{conflict.code} {what}".strip()
    return f"{conflict.code or TABLE_LABELS.get(conflict.tbl, '')} {what}".strip()


def _conflicts(data: ReportData) -> list[Check]:
    """Merge conflicts still open: the report cannot be the final one."""
    open_ = open_conflicts(data.project)
    if not open_:
        return []
    listed = "、".join(conflict_words(c) for c in open_[:5]) + ("、…" if len(open_) > 5 else "")
    first = open_[0]
    return [Check(CONFLICT, f"合并冲突未解决：{len(open_)} 处（{listed}），报告不能作为定稿",
                  "请点“文件 → 合并副本…”（或得分面板上的红字），逐个选定冲突处的取值，再导出定稿。",
                  ERROR, first.code, first.row_id if first.tbl == "indicator" else None,
                  place=MERGE)]


def _prints(data: ReportData, layout: str, key: str) -> bool:
    """Whether an export of ``layout`` prints the outline section ``key`` (the layouts without
    an outline print neither surveys nor matrices)."""
    from .outline import printed_sections

    return key in (printed_sections(data.info, layout) or {})


def _surveys(data: ReportData, layout: str) -> list[Check]:
    """Surveys kept in the project that cannot be read (a file edited outside pfdesk), for a
    layout that prints the survey section (an indicator scored by one is named unscored by
    the engine's check in any layout)."""
    from ..survey_rows import read

    if not _prints(data, layout, "survey"):
        return []
    broken = read(data.project)[1]
    return [Check(SURVEY_UNREADABLE, f"满意度调查“{name}”无法读取（{reason}），报告中不印出它的结果，"
                                     "按它计分的指标不能评分",
                  "请重新导入这份问卷的答卷（在按问卷计分的指标页点“导入问卷…”，用同一名称）。",
                  WARNING, section="满意度调查情况")
            for name, reason in broken.items()]


def _matrices(data: ReportData, layout: str) -> list[Check]:
    """AHP matrices whose CR is 0.10 or more (the points were shared by an inconsistent
    judgement, whatever the layout), and, for a layout that prints the AHP appendix, matrices
    that cannot be read."""
    from .. import ahp

    out = []
    appendix = _prints(data, layout, "ahp")
    for ind in data.project.walk():
        if not ind.ahp:
            continue
        label = f"{ind.code}{ind.name}"
        try:
            weighting = ahp.weighting_from_json(ind.ahp)
        except ahp.AhpError as exc:
            if not appendix:
                continue
            out.append(Check(AHP_UNREADABLE, f"{label}的层次分析判断矩阵无法读取（{exc}），附件中不印出",
                             "请在该指标页重新填写判断矩阵。", WARNING, ind.code, ind.id,
                             section="层次分析法判断矩阵及权重", place=INDICATOR))
            continue
        analysis = ahp.analyse(weighting.comparison)
        if analysis.consistent:
            continue
        pair = ""
        if analysis.worst is not None:
            names = weighting.comparison.names
            pair = (f"（最不一致的是“{names[analysis.worst.i]}”对“{names[analysis.worst.j]}”）")
        out.append(Check(AHP_INCONSISTENT,
                         f"{label}的判断矩阵一致性比率 CR＝{analysis.cr:.4f}≥0.10，未通过一致性检验"
                         f"{pair}{_applied(data, ind, weighting, analysis)}"
                         + ("；附件中将印为“未通过一致性检验”" if appendix else ""),
                         "请在该指标页重新比较这一对，通过一致性检验后再按权重分配分值。", WARNING,
                         ind.code, ind.id, section="层次分析法判断矩阵及权重" if appendix else "",
                         place=INDICATOR))
    return out


def _applied(data: ReportData, parent: Indicator, weighting: Weighting,
             analysis: Analysis) -> str:
    """'，下级指标的分值仍按此矩阵的权重分配' when the children's points are what the matrix
    gives, else ''."""
    from .. import ahp

    known = data.project.indicators()
    if parent.weight is None or any(k not in known for k in weighting.children):
        return ""
    try:
        points = ahp.allocate(parent.weight, analysis.weights, weighting.step)
    except ahp.AhpError:
        return ""
    if [known[k].weight for k in weighting.children] == points:
        return "，下级指标的分值仍按此矩阵的权重分配"
    return ""


def run_checks(data: ReportData, layout: str = "full") -> list[Check]:
    """Every failed check of one project for ``layout`` (empty when all pass)."""
    from .check_sections import empty_sections
    from .check_text import check_text

    if not data.dimensions():
        return [Check(NO_INDICATORS, "项目尚未建立指标体系，报告中没有得分",
                      "请在“项目信息”页选用指标体系模板，或从 Excel 评分表导入指标。", ERROR,
                      place=INFO), *_cover(data)]
    checks = (_conflicts(data) + _engine(data) + check_text(data, layout) + _cover(data)
              + _unscored(data) + _funding(data))
    if layout in PROBLEM_LAYOUTS:
        checks += _deducted_without_problem(data)
    return (checks + _surveys(data, layout) + _matrices(data, layout)
            + empty_sections(data, layout)
            + _sign_off(data))


def check_each(projects: list[ReportData], layout: str = "full") -> list[list[Check]]:
    """Each project's checks, in order; each names its project when there is more than one."""
    if len(projects) == 1:
        return [run_checks(projects[0], layout)]
    out = []
    for data in projects:
        name = data.text(data.info.name) or "未命名项目"
        out.append([replace(check, project=name) for check in run_checks(data, layout)])
    return out


def check_all(projects: list[ReportData], layout: str = "full") -> list[Check]:
    """Checks of several projects; each names its project when there is more than one."""
    return [check for checks in check_each(projects, layout) for check in checks]


def lines(checks: list[Check]) -> list[str]:
    """Each check as one line (``Check.line``)."""
    return [check.line() for check in checks]
