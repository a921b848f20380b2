"""The satisfaction survey chart: 满意率 by question as horizontal bars, from a survey ``Summary``.

Every number shown is the survey module's (``Summary.result(question).rate`` and
``Summary.overall().rate``), written with ``numbers.percent``; this module only places them. A
question without valid answers gets no bar and is labelled 无有效回答. The overall rate is a
dashed line labelled 总体. Long question titles wrap over up to three lines, never inside a number.
"""

from __future__ import annotations

import logging
import math
import re
from typing import TYPE_CHECKING

from ..numbers import percent
from .draw import (
    FONT,
    GRID,
    MUTED,
    NOTE_FONT,
    RATE_BAR,
    REFERENCE,
    TEXT,
    VALUE_FONT,
    _plain_axes,
    message,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..survey import Summary

log = logging.getLogger(__name__)

KIND_PREFIX = "survey:"      # the chart kind of a project's survey: "survey:<its name>"
TITLE = "各题目满意率"
TITLE_CHARS = 14             # characters of a question title per line
TITLE_LINES = 3


def question_label(title: str) -> str:
    """A question's title on the chart: wrapped, cut after three lines."""
    text = " ".join(title.split()) or "（无题目）"
    limit = TITLE_CHARS * TITLE_LINES
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    if len(text) <= TITLE_CHARS:
        return text
    width = math.ceil(len(text) / math.ceil(len(text) / TITLE_CHARS))
    lines = [""]
    for token in re.findall(r"[0-9A-Za-z.%]+|.", text):   # a number is never split
        if len(lines[-1]) >= width:
            lines.append("")
        lines[-1] += token
    return "\n".join(lines)


def draw_survey(fig: Figure, summary: Summary) -> None:
    """满意率 per question, first question on top, the rate at the end of each bar and the
    overall rate as a dashed line."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    questions = summary.questions
    if not questions:
        message(fig, "问卷没有题目，无法绘制满意率图")
        return
    ax = fig.add_subplot()
    _plain_axes(ax)
    results = [summary.result(q) for q in questions]
    ys = list(range(len(questions)))
    values = [float(r.rate) if r.rate is not None else 0.0 for r in results]
    ax.barh(ys, values, height=0.55, color=RATE_BAR, zorder=2)
    for y, result, value in zip(ys, results, values, strict=True):
        label = percent(result.rate) if result.rate is not None else "无有效回答"
        ax.annotate(label, (value, y), xytext=(4, 0), textcoords="offset points", ha="left",
                    va="center", fontsize=VALUE_FONT, color=TEXT, zorder=4)
    overall = summary.overall().rate
    if overall is not None:
        ax.axvline(float(overall), color=REFERENCE, linewidth=1.0, linestyle=(0, (4, 3)),
                   zorder=3)
        ax.annotate(f"总体 {percent(overall)}", (float(overall), -0.5), xytext=(0, 2),
                    textcoords="offset points", ha="center", va="bottom", fontsize=NOTE_FONT,
                    color=MUTED, annotation_clip=False)
    size = FONT if len(questions) <= 8 else NOTE_FONT
    ax.set_yticks(ys, [question_label(q.title) for q in questions], fontsize=size)
    ax.set_ylim(max(len(questions), 3) - 0.5, -0.5)
    ax.set_xlim(0, 118)
    ax.xaxis.set_major_locator(FixedLocator([0, 20, 40, 60, 80, 100]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:.0f}%"))
    ax.grid(axis="x", color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    ax.tick_params(axis="y", length=0, pad=4)
    ax.set_xlabel("满意率", fontsize=FONT, color=TEXT)
