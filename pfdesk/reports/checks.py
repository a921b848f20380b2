"""The checks run before a report is written: GUIDE §4's finance-bureau list.

Parts add up to totals at every level (分值散总一致), the grade matches the score, the cover
fields are filled, every deduction has a reason, no indicator is unscored, no analysis states a
score other than the engine's, the panel's totals agree, and every indicator is reviewed with no
change after its review; no merge conflict is left open (a report with one is not final).
Each failure is one plain Chinese
line; the export still happens and repeats the warnings at the end.
"""

from __future__ import annotations

import logging
import re
from decimal import Decimal

from .. import review
from ..change_text import FIELD_LABELS, TABLE_LABELS
from ..conflicts import DELETED, open_conflicts
from ..model import Conflict
from ..numbers import plain
from ..scoring import (
    DEDUCTION_POINTS,
    DEDUCTION_REASON,
    GRADE_BANDS,
    MISSING_WEIGHT,
    SCORE_RANGE,
    TOTAL_WEIGHT,
    UNSCORED,
    WEIGHT_SUM,
    grade_of,
    parse_bands,
)
from ..wording import stated_score_conflict
from .data import ReportData

log = logging.getLogger(__name__)

COVER_FIELDS = (("name", "项目名称"), ("unit", "项目单位"), ("department", "主管部门"),
                ("eval_type", "评价类型"))
FULL_SECTIONS = (("background", "项目背景"), ("purpose", "评价目的、对象和范围"),
                 ("methods", "评价方法"))
_SUM_KINDS = (WEIGHT_SUM, TOTAL_WEIGHT, MISSING_WEIGHT, SCORE_RANGE)
_STATED_TOTAL = re.compile(r"(?:综合得分|总得分|综合评价得分|评价得分)[为是：:]?\s*(\d+(?:\.\d+)?)\s*分")
_STATED_GRADE = re.compile(r"(?:评价等级|绩效等级|绩效评级|评价结论|等级)[为是：:]?\s*[“\"]?\s*([优良中差])")


def _sums(data: ReportData) -> list[str]:
    return [f"分值合计不一致：{p.message}" for p in data.result.problems if p.kind in _SUM_KINDS]


def _grade(data: ReportData) -> list[str]:
    result = data.result
    bands = [p.message for p in result.problems if p.kind == GRADE_BANDS]
    if result.grade is None:
        return [*bands, f"评价等级无法确定：尚有{result.unscored}项指标未评分，"
                         f"当前为暂定等级“{result.provisional_grade}”"]
    expected = grade_of(result.total, parse_bands(data.info.grade_bands))
    if expected != result.grade:
        return [*bands, f"评价等级“{result.grade}”与得分{plain(result.total)}分不符，应为“{expected}”"]
    return bands


def _cover(data: ReportData) -> list[str]:
    info = data.info
    missing = [label for key, label in COVER_FIELDS if not str(getattr(info, key)).strip()]
    if not info.report_date.strip() and not info.eval_period.strip():
        missing.append("报告日期或评价时间")
    return [f"封面信息未填写：{'、'.join(missing)}"] if missing else []


def _deductions(data: ReportData) -> list[str]:
    kinds = (DEDUCTION_REASON, DEDUCTION_POINTS)
    return [p.message for p in data.result.problems if p.kind in kinds]


def _unscored(data: ReportData) -> list[str]:
    codes = [p.code for p in data.result.problems if p.kind == UNSCORED]
    if not codes:
        return []
    shown = "、".join(codes[:10]) + ("等" if len(codes) > 10 else "")
    return [f"有{len(codes)}项指标尚未评分：{shown}"]


def _stated(data: ReportData) -> list[str]:
    lines = []
    for ind in data.project.walk():
        node = data.result.by_id[ind.id]
        if not node.is_leaf:
            continue
        stated = stated_score_conflict(ind, node)
        if stated is not None:
            lines.append(f"{ind.code}{ind.name}的分析文字写“该指标得{stated}分”，"
                         f"评分为{plain(node.score or Decimal(0))}分")
    return lines


def _conclusion(data: ReportData) -> list[str]:
    text = data.project.narrative("conclusion")
    result = data.result
    lines = []
    for match in _STATED_TOTAL.finditer(text):
        if Decimal(match.group(1)) != result.total:
            lines.append(f"评价结论中写的综合得分{match.group(1)}分与评分{plain(result.total)}分不一致")
    grade = result.grade or result.provisional_grade
    for match in _STATED_GRADE.finditer(text):
        if match.group(1) != grade:
            lines.append(f"评价结论中写的等级“{match.group(1)}”与评定等级“{grade}”不一致")
    return lines


def _panel(data: ReportData) -> list[str]:
    total = data.result.total
    return [f"评价人员{ev.name}的项目评分{plain(ev.total)}分与综合得分{plain(total)}分不一致，请核对"
            for ev in data.project.evaluators()
            if ev.total is not None and ev.total != total]


def _sign_off(data: ReportData) -> list[str]:
    """Indicators edited after their review, and how many are not reviewed yet."""
    project = data.project
    counts = review.counts(project)
    lines = []
    if counts.changed_after_review:
        codes = [ind.code or ind.name for ind in project.walk()
                 if ind.reviewed_by and ind.changed_after_review]
        listed = "、".join(codes[:5]) + (f" 等 {len(codes)} 个" if len(codes) > 5 else "")
        lines.append(f"复核后已修改：{listed}指标在复核签字后又被修改，请重新复核")
    if counts.leaves and counts.reviewed < counts.leaves:
        lines.append(f"尚未复核：{counts.leaves} 个末级指标中已复核 {counts.reviewed} 个、"
                     f"已编制 {counts.prepared} 个")
    return lines


def conflict_words(conflict: Conflict) -> str:
    """``A11 得分``: where a merge conflict is, in a check line."""
    whole = conflict.field == DELETED
    what = "整行" if whole else FIELD_LABELS.get(conflict.field, conflict.field)
    if conflict.tbl not in ("indicator", "project"):
        what = TABLE_LABELS.get(conflict.tbl, conflict.tbl) + ("" if whole else "的") + what
    return f"{conflict.code or TABLE_LABELS.get(conflict.tbl, '')} {what}".strip()


def _conflicts(data: ReportData) -> list[str]:
    """Merge conflicts still open: the report cannot be the final one."""
    open_ = open_conflicts(data.project)
    if not open_:
        return []
    listed = "、".join(conflict_words(c) for c in open_[:5]) + ("、…" if len(open_) > 5 else "")
    return [f"合并冲突未解决：{len(open_)} 处（{listed}），报告不能作为定稿"]


def _outline(data: ReportData) -> list[str]:
    missing = [label for key, label in FULL_SECTIONS if not data.project.narrative(key).strip()]
    return [f"报告章节未填写：{'；'.join(missing)}"] if missing else []


def run_checks(data: ReportData, layout: str = "full") -> list[str]:
    """Every failed check for one project, as plain Chinese lines (empty when all pass)."""
    if not data.dimensions():
        return ["项目尚未建立指标体系，报告中没有得分", *_cover(data)]
    lines = (_conflicts(data) + _sums(data) + _grade(data) + _cover(data) + _deductions(data)
             + _unscored(data) + _stated(data) + _conclusion(data) + _sign_off(data))
    if layout == "scoresheet":
        lines += _panel(data)
    if layout == "full":
        lines += _outline(data)
    return lines


def check_all(projects: list[ReportData], layout: str = "full") -> list[str]:
    """Checks of several projects; lines name the project when there is more than one."""
    if len(projects) == 1:
        return run_checks(projects[0], layout)
    out = []
    for data in projects:
        name = data.text(data.info.name) or "未命名项目"
        out += [f"{name}：{line}" for line in run_checks(data, layout)]
    return out
