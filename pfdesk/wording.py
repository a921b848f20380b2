"""The standard sentences of an indicator's analysis, shared by the window's draft button and the reports.

"A21绩效目标合理性，权重4分，得分3分。" opens an indicator's paragraph; the analysis ends with
"根据相关评分标准，扣1分，该指标得3分。". Every number comes from the scoring engine: the
points lost are the engine's ``NodeScore.lost``, each deduction's points are the ones recorded.

The full report prints, for an indicator whose analysis is empty, the facts the project holds
(target and actual value, each deduction's reason and points, the closing sentence); for one the
user wrote, the user's text with only the deduction reasons it does not already contain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from .model import Deduction, Indicator
from .numbers import Numbers, plain, q2
from .project import Project
from .scoring import NodeScore

# A sentence stating the indicator's own score: 该指标得3分, 本指标得分4.5分, 该项得3分,
# 该指标最终得分为3分, or 扣1分，得3分.
_NUMBER = r"(\d+(?:\.\d+)?)\s*分"
_STATED = re.compile(r"(?:(?:该|本)(?:项)?指标|该项|本项)(?:最终)?得分?[为是:：]?\s*" + _NUMBER
                     + r"|扣\s*\d+(?:\.\d+)?\s*分[，,]\s*(?:最终)?得分?[为是]?\s*" + _NUMBER)


def _stated_value(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)
_TRIM = "。；;，,、 \t\n"
_SENTENCE_END = "。！？!?\n"
PLAIN = Numbers()
FULL_MARKS = "经核查相关资料，该指标符合评分标准要求。"


def heading(ind: Indicator, node: NodeScore, fmt: Numbers | None = None) -> str:
    """'A11立项依据充分性，权重5分，得分5分。' (or '不适用' / '尚未评分')."""
    fmt = fmt or PLAIN
    start = f"{ind.code}{ind.name}，权重{fmt.points(node.weight)}"
    if node.not_applicable:
        return f"{start}，该指标不适用，不计分。"
    if node.score is None:
        return f"{start}，尚未评分。"
    return f"{start}，得分{fmt.points(node.score)}。"


def closing(node: NodeScore, fmt: Numbers | None = None) -> str:
    """'根据相关评分标准，该指标得5分。' or, with points lost, '…扣1分，该指标得3分。'."""
    fmt = fmt or PLAIN
    if node.score is None:
        return ""
    if node.lost > 0:
        return f"根据相关评分标准，扣{fmt.points(node.lost)}，该指标得{fmt.points(node.score)}。"
    return f"根据相关评分标准，该指标得{fmt.points(node.score)}。"


def reason_text(reason: str) -> str:
    """A deduction reason without its closing punctuation ('指标值不可衡量。' → '指标值不可衡量')."""
    return reason.strip().strip(_TRIM)


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


_NOT_WORDS = re.compile(r"[\s\d。；;，,、：:！？!?“”\"‘’'（）()《》]+")
# The share of a clause's two-character pieces the analysis must hold for the clause to count
# as already written there (in the user's own words: "项目以总体目标作为年度绩效目标" holds
# most of "以项目总体目标作为年度绩效目标"). Every clause of a reason must be there: "缺少佐证依据"
# after "缺少项目成效和问题分析" is a fact of its own.
MENTIONED = 0.65
_CLAUSES = re.compile(r"[，,；;。！？!?]")


def _pairs(text: str) -> set[str]:
    bare = _NOT_WORDS.sub("", text)
    return {bare[i:i + 2] for i in range(len(bare) - 1)}


def mentioned(reason: str, text: str) -> bool:
    """True when ``text`` already says ``reason``, word for word or nearly: each clause of the
    reason has most of its two-character pieces (figures and punctuation aside) in the text."""
    if _squeezed(reason) in _squeezed(text):
        return True
    held = _pairs(text)
    clauses = [_pairs(c) for c in _CLAUSES.split(reason)]
    clauses = [c for c in clauses if c]
    return bool(clauses) and all(len(c & held) >= MENTIONED * len(c) for c in clauses)


def _counted(node: NodeScore) -> bool:
    """True when the leaf's deductions give its score (so each one's points may be stated)."""
    return node.deducted > 0


def _value_sentence(ind: Indicator) -> str:
    bits = []
    if ind.target_value.strip():
        bits.append(f"目标值为{ind.target_value.strip()}")
    if ind.actual_value.strip():
        bits.append(f"实际完成{ind.actual_value.strip()}")
    return "，".join(bits) + "。" if bits else ""


def deduction_sentences(ind: Indicator, node: NodeScore, deductions: Sequence[Deduction],
                        fmt: Numbers | None = None, skip_in: str = "") -> list[str]:
    """One sentence per deduction with a reason: '指标值不可衡量，扣0.5分。'.

    The points are stated only when the deductions give the score and there is more than one
    (with one, the closing sentence already says how much was taken off); reasons already
    present in ``skip_in`` are left out.
    """
    fmt = fmt or PLAIN
    if node.score is None or node.not_applicable:
        return []
    reasons = [(d, reason_text(d.reason)) for d in deductions if reason_text(d.reason)]
    # items of more than two decimals (an older file's) would print rounded points that do not
    # add up to the points lost: then the reasons are given without them
    exact = all(d.points is None or d.points == q2(d.points) for d, _ in reasons)
    with_points = _counted(node) and len(reasons) > 1 and exact
    out = []
    for ded, reason in reasons:
        if skip_in and mentioned(reason, skip_in):
            continue
        if with_points and ded.points is not None and ded.points > 0:
            out.append(f"{reason}，扣{fmt.points(ded.points)}。")
        else:
            out.append(f"{reason}。")
    if with_points and out and not skip_in:
        taken = sum((d.points for d, _ in reasons if d.points is not None and d.points > 0),
                    Decimal(0))
        if taken > node.lost:
            out.append(f"各项扣分合计{fmt.points(taken)}，超过该指标分值，扣完为止。")
    return out


def draft_paragraph(ind: Indicator, node: NodeScore, deductions: Sequence[Deduction],
                    fmt: Numbers | None = None) -> str:
    """What the project holds about a leaf as prose: values, each deduction, the closing."""
    parts = [_value_sentence(ind), *deduction_sentences(ind, node, deductions, fmt),
             closing(node, fmt)]
    return "".join(p for p in parts if p)


def draft_analysis(project: Project, ind: Indicator, node: NodeScore,
                   fmt: Numbers | None = None) -> str:
    """A first draft of the written analysis from the data: actual value, deduction reasons, closing."""
    deductions = project.deductions(ind.id)
    text = draft_paragraph(ind, node, deductions, fmt)
    if text == closing(node, fmt) and node.score is not None and node.lost <= 0:
        return FULL_MARKS + text
    return text


def _insert_before_stated(text: str, extra: str) -> str:
    """``extra`` placed before the sentence stating the score (or at the end)."""
    match = _STATED.search(text)
    if match is None:
        return text + extra
    start = max(text.rfind(ch, 0, match.start()) for ch in _SENTENCE_END) + 1
    return text[:start] + extra + text[start:]


def _completed(ind: Indicator, node: NodeScore, deductions: Sequence[Deduction],
               fmt: Numbers | None, values: bool) -> str:
    """The written analysis with what it lacks: (the values and) the deduction reasons it does
    not mention, placed before the sentence stating the score, and the closing sentence unless
    the text states the score itself."""
    text = ind.analysis.strip()
    parts = []
    shown = _value_sentence(ind) if values else ""
    if shown and not mentioned(shown.rstrip("。"), text):
        parts.append(shown)
    parts.extend(deduction_sentences(ind, node, deductions, fmt, skip_in=text))
    missing = "".join(parts)
    if missing and text[-1] not in _SENTENCE_END and not _STATED.search(text):
        text += "。"
    if missing:
        text = _insert_before_stated(text, missing)
    end = closing(node, fmt)
    if not end or _STATED.search(text):
        return text
    return f"{text}{end}"


def added_to_analysis(ind: Indicator, node: NodeScore, deductions: Sequence[Deduction],
                      fmt: Numbers | None = None) -> str:
    """生成分析段落 → 添加到末尾: the analysis already written completed the way the report
    completes it (the values and reasons it lacks before its statement of the score, the
    closing sentence if it has none); equal to the written text when nothing is missing."""
    if not ind.analysis.strip():
        return draft_paragraph(ind, node, deductions, fmt)
    return _completed(ind, node, deductions, fmt, values=True)


def full_paragraph_text(ind: Indicator, node: NodeScore,
                        deductions: Sequence[Deduction] | None = None,
                        fmt: Numbers | None = None) -> str:
    """The analysis as printed in a report.

    Empty analysis: the draft (values, each deduction with its reason, the closing). Written
    analysis: the user's text, with the reasons of deductions it does not mention added before
    the closing sentence, and the closing sentence ensured. Pass the leaf's ``deductions``
    (``project.deductions(ind.id)``) so that their reasons are stated.
    """
    deductions = deductions or ()
    if node.not_applicable:
        return ind.analysis.strip()
    if not ind.analysis.strip():
        return draft_paragraph(ind, node, deductions, fmt)
    return _completed(ind, node, deductions, fmt, values=False)


def stated_score_conflict(ind: Indicator, node: NodeScore) -> str | None:
    """The score the analysis text states ('该指标得3分') when it differs from the engine's."""
    if node.score is None:
        return None
    for match in _STATED.finditer(ind.analysis):
        if Decimal(_stated_value(match)) != node.score:
            return plain(Decimal(_stated_value(match)))
    return None
