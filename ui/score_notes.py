"""Sentences that explain an engine figure where the window shows it (tooltips and small notes).

Shared by the score panel and the indicator tree so that both say the same thing in the same
words: the points of not-applicable indicators left out of a node's points, how far a node's
scoring has come, and a leaf score rounded to two decimals at the leaf. Numbers are written the
project's way (``Numbers``); nothing here computes a figure, it only words the engine's.
"""

from __future__ import annotations

import logging
from decimal import ROUND_DOWN, Decimal

from PySide6.QtCore import QCoreApplication

from pfdesk.numbers import Numbers
from pfdesk.scoring import NodeScore

log = logging.getLogger(__name__)

EXACT_PLACES = 6


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ScoreNotes", text)


def excluded_short(node: NodeScore, numbers: Numbers) -> str:
    """'不计不适用指标 1 项共 4 分' for a node with not-applicable parts ('' otherwise)."""
    if not node.excluded or node.not_applicable:
        return ""
    return tr("不计不适用指标 %d 项共 %s 分") % (node.excluded_leaves, numbers.pts(node.excluded))


def excluded_text(node: NodeScore, numbers: Numbers) -> str:
    """The points that count and why, with the rate worked from them ('' when all count)."""
    if not node.excluded or node.not_applicable:
        return ""
    text = tr("分值 %s 分，其中不适用指标 %d 项共 %s 分不计入，按 %s 分计") % (
        numbers.pts(node.weight), node.excluded_leaves, numbers.pts(node.excluded),
        numbers.pts(node.max))
    if node.scored and node.score is not None and node.rate is not None:
        text += tr("；得分率 = %s ÷ %s = %s") % (numbers.pts(node.score), numbers.pts(node.max),
                                              numbers.percent(node.rate))
    return text


def progress_short(node: NodeScore) -> str:
    """'已评 3 / 6' while some applicable leaves below are unscored ('' otherwise)."""
    return tr("已评 %d / %d") % (node.scored, node.leaves) if node.scored < node.leaves else ""


def progress_text(node: NodeScore) -> str:
    """What a partly scored node's figures include ('' once every leaf is scored)."""
    if node.scored >= node.leaves:
        return ""
    return tr("共 %d 项指标，已评分 %d 项；未评的暂按 0 分计入得分和得分率") % (
        node.leaves, node.scored)


def rounded_text(node: NodeScore | None, numbers: Numbers) -> str:
    """'原值 4.376，按四舍五入保留两位小数为 4.38' for a leaf rounded at the leaf."""
    if node is None or node.unrounded is None or node.score is None:
        return ""
    return tr("原值 %s，按四舍五入保留两位小数为 %s") % (exact(node.unrounded),
                                                    numbers.pts(node.score))


def exact(value: Decimal) -> str:
    """A value before rounding, in full up to six decimals ('4.376', '4.666666…')."""
    shown = value.quantize(Decimal(1).scaleb(-EXACT_PLACES), rounding=ROUND_DOWN)
    text = f"{shown.normalize():f}"
    return text + "…" if shown != value else text
