"""The empty-section check: a part of the chosen layout that would be printed with no content.

Each layout prints its own parts (read from ``full``, ``brief``, ``feedback``, ``infosheet``
and ``scoresheet``): a list of findings printed as “无” (or left out, when the outline has no
wording for empty sections), a narrative left out, a form's cells left blank. The full and brief
layouts are checked for the sections their outline prints (``outline.for_layout``), by the
outline's headings. ``empty_sections(data, layout)`` names each one with what to fill in and where.
The full report's 满意度调查情况 and AHP appendix print only what the project holds: a project
without a survey or a comparison matrix has nothing missing there, and they are not named (a
survey or matrix that cannot be read, or a matrix that fails its consistency check, is named by
``checks``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from . import outline
from .checks import (
    EMPTY_SECTION,
    EVALUATORS,
    FINDINGS,
    FUNDING,
    INDICATOR,
    INFO,
    TARGETS,
    WARNING,
    Check,
)
from .data import ReportData

log = logging.getLogger(__name__)

# The findings page's tab for each kind of finding, and what the kind is called in a message.
FINDING_TABS = {"成效": "成效与经验", "经验做法": "成效与经验", "问题": "问题与原因",
                "建议": "建议", "整改情况": "整改情况"}
FINDING_WORDS = {"成效": "主要成效", "经验做法": "经验做法", "问题": "存在的问题",
                 "建议": "建议", "整改情况": "整改情况"}

# (narrative key, its title) that each layout needs written.
FULL_NARRATIVES = (("background", "项目背景"), ("purpose", "评价目的、对象和范围"),
                   ("methods", "评价方法"))
# (section as printed, finding kinds it lists) for each layout that lists findings.
FINDING_SECTIONS = {
    "full": (("主要成效", ("成效",)), ("主要经验及做法", ("经验做法",)),
             ("存在的问题及原因分析", ("问题",)), ("有关建议", ("建议",))),
    "brief": (("主要经验做法", ("成效", "经验做法")), ("存在的主要问题", ("问题",)),
              ("相关建议", ("建议",))),
    "feedback": (("主要绩效情况", ("成效",)), ("主要问题", ("问题",)), ("建议", ("建议",))),
    "infosheet": (("主要绩效", ("成效", "经验做法")), ("存在问题", ("问题",)),
                  ("整改建议", ("建议",)), ("整改情况", ("整改情况",))),
}
# (form, [(ProjectInfo field, label, page)]) cells a layout prints from the project's data.
FORM_FIELDS: dict[str, tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...]] = {
    "full": (("封面", (("evaluator_kind", "评价机构类型", INFO),)),),
    "feedback": (("结果反馈书", (("commissioner", "评价组织机构", INFO),
                            ("evaluator_org", "评价机构", INFO), ("eval_period", "评价时间", INFO),
                            ("evaluator_kind", "评价机构类型", INFO))),),
    "infosheet": (("结果信息表", (("spent", "决算金额（实际支出）", FUNDING),)),),
    "scoresheet": (("附件1封面", (("postcode", "邮编", INFO), ("org_method", "组织方式", INFO),
                              ("evaluator_kind", "评价机构类型", INFO),
                              ("submitted_at", "上报时间", INFO))),
                   ("项目基本信息", (("manager", "项目负责人", INFO), ("phone", "联系电话", INFO),
                               ("address", "地址", INFO),
                               ("budget", "计划投资额（预算数）", FUNDING)))),
}
PAGE_NAMES = {INFO: "项目信息", FUNDING: "资金情况"}


def _narratives(data: ReportData, wanted: tuple[tuple[str, str], ...],
                layout_name: str, layout: str | None = "full") -> list[Check]:
    return [Check(EMPTY_SECTION, f"报告章节“{title}”未填写，{layout_name}中这一节没有内容",
                  f"请在“项目信息”页的“报告章节”中填写“{title}”。", WARNING, section=title,
                  place=INFO)
            for key, title in wanted if not data.text(data.project.narrative(key))
            and (layout is None or _outlined(data, layout, key))]


# The finding kinds each outline key lists, by layout (see ``outline.KEYS``).
OUTLINE_FINDINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "full": {"achievements": ("成效",), "experience": ("经验做法",), "problems": ("问题",),
             "suggestions": ("建议",)},
    "brief": {"experience": ("成效", "经验做法"), "problems": ("问题",), "suggestions": ("建议",)},
}


def _printed_sections(data: ReportData, layout: str) -> dict[str, str] | None:
    """The outlined layout's section keys that are on (with their parents), by heading; None
    for a layout without an outline."""
    return outline.printed_sections(data.info, layout)


def _findings(data: ReportData, layout: str) -> list[Check]:
    out = []
    sections: list[tuple[str, tuple[str, ...]]] = list(FINDING_SECTIONS.get(layout, ()))
    empty = "将印为“无”"
    printed = _printed_sections(data, layout)
    if printed is not None:
        sections = [(printed[key], kinds) for key, kinds in OUTLINE_FINDINGS[layout].items()
                    if key in printed]
        if not outline.for_layout(data.info, layout).empty:
            empty = "将不印出"
    for section, kinds in sections:
        if any(data.findings(kind) for kind in kinds):
            continue
        if layout == "infosheet" and section == "主要绩效" and data.dimensions():
            continue            # written by dimension from the scores; the findings only add
        words = "或".join(FINDING_WORDS[k] for k in kinds)
        tabs = "、".join(dict.fromkeys(f"“{FINDING_TABS[k]}”" for k in kinds))
        out.append(Check(EMPTY_SECTION, f"没有填写{words}，“{section}”一节{empty}",
                         f"请在“评价发现”页的{tabs}中填写{words}。", WARNING, section=section,
                         place=FINDINGS))
    return out


def _outlined(data: ReportData, layout: str, key: str) -> bool:
    """Whether the layout's outline prints the section ``key`` (on, its parents on)."""
    printed = _printed_sections(data, layout)
    return printed is None or key in printed


def _form(data: ReportData, layout: str) -> list[Check]:
    """A form's cells left blank, one check per form and page where they are filled in."""
    out = []
    for form, fields in FORM_FIELDS.get(layout, ()):
        missing: dict[str, list[str]] = {}
        for key, label, page in fields:
            value = getattr(data.info, key)
            if value is None or not str(value).strip():
                missing.setdefault(page, []).append(label)
        out += [Check(EMPTY_SECTION, f"{form}中的{'、'.join(labels)}未填写，表中将是空白",
                      f"请在“{PAGE_NAMES[page]}”页填写{'、'.join(labels)}。", WARNING,
                      section=form, place=page)
                for page, labels in missing.items()]
    return out


def _goals(data: ReportData) -> list[Check]:
    info = data.info
    if (info.overall_goal.strip() or info.annual_goal.strip() or data.project.targets()
            or data.money.base is not None):
        return []           # goals to print, or a targets table with its header block
    if not any(_outlined(data, "full", k) for k in ("goals", "overall_goal", "annual_goal")):
        return []
    return [Check(EMPTY_SECTION, "总体目标、年度目标和绩效目标表都未填写，“项目绩效目标”一节没有内容",
                  "请在“项目信息”页的“目标与等级”中填写总体目标和年度目标，"
                  "或在“绩效目标”页填写绩效目标表。", WARNING, section="项目绩效目标", place=INFO)]


def _targets_header_only(data: ReportData) -> list[Check]:
    """The full report's targets table without targets: printed with its header block alone."""
    info = data.info
    if data.project.targets() or not _outlined(data, "full", "goals"):
        return []
    if not (info.overall_goal.strip() or info.annual_goal.strip()
            or data.money.base is not None):
        return []                       # nothing for the table at all: _goals names it
    heading = (_printed_sections(data, "full") or {}).get("goals", "项目绩效目标")
    return [Check(EMPTY_SECTION, f"没有填写绩效指标，“{heading}”中的绩效目标表只有表头"
                                 "（项目名称、资金和年度目标），没有指标行",
                  "请在“绩效目标”页填写绩效指标、指标值和指标值说明。", WARNING,
                  section=heading, place=TARGETS)]


def _analyses(data: ReportData) -> list[Check]:
    """Applicable leaves with no analysis: the full report gives them only the score sentence."""
    bare = [ind for ind in data.project.walk()
            if (node := data.result.by_id.get(ind.id)) is not None and node.is_leaf
            and not node.not_applicable and not data.text(ind.analysis)]
    if not bare or not _outlined(data, "full", "analysis"):
        return []
    codes = [ind.code or ind.name for ind in bare]
    shown = "、".join(codes[:10]) + ("等" if len(codes) > 10 else "")
    return [Check(EMPTY_SECTION, f"有{len(bare)}个指标没有写分析文字（{shown}），"
                                 "“绩效评价指标分析”中这些指标只有评分的一句话",
                  "请在指标页填写分析文字，或点“生成分析段落”起草后再修改。", WARNING,
                  bare[0].code, bare[0].id, section="绩效评价指标分析", place=INDICATOR)]


def _targets(data: ReportData) -> list[Check]:
    if data.project.targets():
        return []
    return [Check(EMPTY_SECTION, "没有填写绩效目标，“项目绩效目标表”将是空表",
                  "请在“绩效目标”页填写绩效指标、目标值和评价标准。", WARNING,
                  section="项目绩效目标表", place=TARGETS)]


def _evaluators(data: ReportData) -> list[Check]:
    if data.project.evaluators():
        return []
    return [Check(EMPTY_SECTION, "没有填写评价人员，“评价人员”表将是空表",
                  "请在“评价人员”页添加评价组成员。", WARNING, section="评价人员",
                  place=EVALUATORS)]


def _background(data: ReportData, layout_name: str) -> list[Check]:
    if not _outlined(data, "brief", "overview"):
        return []
    return _narratives(data, (("background", "项目背景"),), layout_name, None)


SECTIONS: dict[str, Callable[[ReportData], list[Check]]] = {
    "full": lambda d: (_form(d, "full") + _narratives(d, FULL_NARRATIVES, "完整评价报告")
                       + _goals(d) + _targets_header_only(d) + _analyses(d) + _findings(d, "full")),
    "brief": lambda d: _background(d, "简版报告的“项目概况”") + _findings(d, "brief"),
    "feedback": lambda d: _form(d, "feedback") + _findings(d, "feedback"),
    "infosheet": lambda d: _form(d, "infosheet") + _findings(d, "infosheet"),
    "scoresheet": lambda d: _targets(d) + _form(d, "scoresheet") + _evaluators(d),
}


def empty_sections(data: ReportData, layout: str) -> list[Check]:
    """The parts of ``layout`` that would be printed empty for this project."""
    check = SECTIONS.get(layout)
    return check(data) if check is not None else []
