"""The standard sentences of an indicator's analysis, shared by the window's draft button and the reports.

"A21绩效目标合理性，权重4分，得分3分。" opens an indicator's paragraph; the analysis ends with
"根据相关评分标准，扣1分，该指标得3分。". Every number comes from the scoring engine.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .model import Indicator
from .numbers import plain, points
from .project import Project
from .scoring import NodeScore

_STATED = re.compile(r"该指标得\s*(\d+(?:\.\d+)?)\s*分")


def heading(ind: Indicator, node: NodeScore) -> str:
    """'A11立项依据充分性，权重5分，得分5分。' (or '不适用' / '尚未评分')."""
    start = f"{ind.code}{ind.name}，权重{points(node.weight)}"
    if node.not_applicable:
        return f"{start}，该指标不适用，不计分。"
    if node.score is None:
        return f"{start}，尚未评分。"
    return f"{start}，得分{points(node.score)}。"


def closing(node: NodeScore) -> str:
    """'根据相关评分标准，该指标得5分。' or, with points lost, '…扣1分，该指标得3分。'."""
    if node.score is None:
        return ""
    lost = node.weight - node.score
    if lost > 0:
        return f"根据相关评分标准，扣{points(lost)}，该指标得{points(node.score)}。"
    return f"根据相关评分标准，该指标得{points(node.score)}。"


def draft_analysis(project: Project, ind: Indicator, node: NodeScore) -> str:
    """A first draft of the written analysis from the data: actual value, deduction reasons, closing."""
    parts: list[str] = []
    if ind.target_value or ind.actual_value:
        bits = []
        if ind.target_value:
            bits.append(f"目标值为{ind.target_value}")
        if ind.actual_value:
            bits.append(f"实际完成{ind.actual_value}")
        parts.append("，".join(bits) + "。")
    deductions = [d for d in project.deductions(ind.id) if d.reason.strip()]
    for ded in deductions:
        reason = ded.reason.strip().rstrip("。；;，,")
        # With one deduction the closing sentence already says how much was taken off.
        if len(deductions) == 1:
            parts.append(f"{reason}。")
        else:
            parts.append(f"{reason}，扣{points(ded.points or Decimal(0))}。")
    if not parts and node.score is not None and node.score >= node.weight:
        parts.append("经核查相关资料，该指标符合评分标准要求。")
    parts.append(closing(node))
    return "".join(p for p in parts if p)


def full_paragraph_text(ind: Indicator, node: NodeScore) -> str:
    """The analysis as printed in a report: the user's text, with the closing sentence ensured."""
    text = ind.analysis.strip()
    end = closing(node)
    if not end or _STATED.search(text):
        return text
    return f"{text}{end}" if text else end


def stated_score_conflict(ind: Indicator, node: NodeScore) -> str | None:
    """The score the analysis text states ('该指标得3分') when it differs from the engine's."""
    if node.score is None:
        return None
    for match in _STATED.finditer(ind.analysis):
        if Decimal(match.group(1)) != node.score:
            return plain(Decimal(match.group(1)))
    return None
