"""Drawing the three score charts onto a matplotlib Figure, from a ScoreResult only.

Every number shown is the engine's: rates and lost points are read from the NodeScores and
written with the project's ``Numbers`` (its number style); this module only places them.
Sizes suit a picture 15 cm wide in a Word report (text 8.5–10 pt, 小五 to 五号); colours are
muted and print well in grey.
"""

from __future__ import annotations

import logging
import math
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..numbers import Numbers, percent
from ..scoring import NodeScore, ScoreResult

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

TEXT = "#262626"
MUTED = "#6E6E6E"
GRID = "#E2E2E2"
REFERENCE = "#7A7A7A"
RATE_BAR = "#5A7CA3"
RADAR_LINE = "#3E6590"
LOST_BAR = "#B26F5E"
FONT = 10.0         # tick and axis labels (about 五号)
VALUE_FONT = 9.0    # value labels on bars (小五)
NOTE_FONT = 8.5
MESSAGE_FONT = 11.0
LOST_TOP = 15
NAME_CHARS = 16     # longer indicator names are shortened on the 'lost' chart


def message(fig: Figure, text: str) -> None:
    """A figure holding only a centred message (nothing to chart)."""
    fig.text(0.5, 0.5, text, ha="center", va="center", fontsize=MESSAGE_FONT, color=MUTED)


def _plain_axes(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(MUTED)
        ax.spines[side].set_linewidth(0.8)
    ax.tick_params(labelsize=FONT, colors=TEXT, length=3, width=0.8)
    ax.tick_params(axis="both", color=MUTED)


def rate_label(node: NodeScore) -> str:
    """The text shown for a dimension's rate: the engine's percent, or why there is none."""
    if node.not_applicable:
        return "不适用"
    return percent(node.rate)


def _rate_value(node: NodeScore) -> float:
    return float(node.rate) if node.rate is not None else 0.0


def _wrap(name: str, width: int) -> str:
    """Break a long name into lines of even length, none longer than width."""
    if len(name) <= width:
        return name
    lines = math.ceil(len(name) / width)
    return "\n".join(textwrap.wrap(name, math.ceil(len(name) / lines)))


def _percent_ticks(value: float, _pos: int) -> str:
    return f"{value:.0f}%"


PLAIN = Numbers()


def draw_rates(fig: Figure, result: ScoreResult, nums: Numbers = PLAIN) -> None:
    """得分率 per level-1 dimension: bars with the engine's percent above and a dashed 100% line."""
    from matplotlib.ticker import FixedLocator, FuncFormatter

    dims = result.level1()
    if not dims:
        message(fig, "暂无一级指标，无法绘制得分率图")
        return
    ax = fig.add_subplot()
    _plain_axes(ax)
    xs = list(range(len(dims)))
    width = 0.55 if len(dims) > 2 else 0.4
    ax.bar(xs, [_rate_value(d) for d in dims], width=width, color=RATE_BAR, zorder=2)
    ax.axhline(100, color=REFERENCE, linewidth=1.0, linestyle=(0, (4, 3)), zorder=3)
    for x, dim in zip(xs, dims, strict=True):
        ax.annotate(rate_label(dim), (x, _rate_value(dim)), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom",
                    fontsize=VALUE_FONT, color=TEXT, zorder=4,
                    bbox={"boxstyle": "square,pad=0.15", "facecolor": "white",
                          "edgecolor": "none"})
    ax.set_ylim(0, 114)
    ax.set_xlim(-0.6, len(dims) - 0.4)
    ax.yaxis.set_major_locator(FixedLocator([0, 20, 40, 60, 80, 100]))
    ax.yaxis.set_major_formatter(FuncFormatter(_percent_ticks))
    ax.grid(axis="y", color=GRID, linewidth=0.6, zorder=0)
    ax.set_axisbelow(True)
    wrap_at = 8 if len(dims) <= 5 else 5
    ax.set_xticks(xs, [_wrap(d.name or d.code, wrap_at) for d in dims])
    ax.tick_params(axis="x", length=0)
    ax.set_ylabel("得分率", fontsize=FONT, color=TEXT)


def draw_radar(fig: Figure, result: ScoreResult, nums: Numbers = PLAIN) -> None:
    """A radar of the level-1 得分率 on a 0–100% scale, each axis labelled with name and rate."""
    dims = result.level1()
    if len(dims) < 3:
        message(fig, "一级指标少于三个，不绘制雷达图")
        return
    ax: Any = fig.add_subplot(projection="polar")
    angles = [2 * math.pi * i / len(dims) for i in range(len(dims))]
    values = [_rate_value(d) for d in dims]
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.plot([*angles, angles[0]], [*values, values[0]], color=RADAR_LINE, linewidth=1.5,
            marker="o", markersize=3.5, zorder=3)
    ax.fill([*angles, angles[0]], [*values, values[0]], color=RADAR_LINE, alpha=0.16, zorder=2)
    ax.set_ylim(0, 100)
    ax.set_yticks([20, 40, 60, 80, 100], ["20%", "40%", "60%", "80%", "100%"])
    ax.set_rlabel_position(180 / len(dims))
    ax.tick_params(axis="y", labelsize=NOTE_FONT - 0.5, colors=MUTED)
    for label in ax.get_yticklabels():
        label.set_bbox({"boxstyle": "round,pad=0.1", "facecolor": "white", "alpha": 0.75,
                        "edgecolor": "none"})
    ax.set_xticks(angles, [f"{_wrap(d.name or d.code, 8)}\n{rate_label(d)}" for d in dims])
    ax.tick_params(axis="x", labelsize=FONT, colors=TEXT, pad=6)
    for label, angle in zip(ax.get_xticklabels(), angles, strict=True):
        _align_outward(label, angle)
    ax.grid(color=GRID, linewidth=0.7)
    ax.spines["polar"].set_color(MUTED)
    ax.spines["polar"].set_linewidth(0.8)


def _align_outward(label: Any, angle: float) -> None:
    """Anchor a radar axis label on the side facing the circle so it never covers the plot."""
    across = math.sin(angle)  # angles run clockwise from the top
    label.set_horizontalalignment("center" if abs(across) < 0.3 else
                                  "left" if across > 0 else "right")


def lost_label(node: NodeScore) -> str:
    """An indicator's label on the 'lost' chart: code and name, long names shortened."""
    name = node.name if len(node.name) <= NAME_CHARS else node.name[: NAME_CHARS - 1] + "…"
    return f"{node.code}{name}" if node.code else name


def lost_nodes(result: ScoreResult) -> list[NodeScore]:
    """Leaf indicators that lost points, largest loss first (tree order among equals)."""
    leaves = [n for n in result.nodes if n.is_leaf and n.lost > 0]
    return sorted(leaves, key=lambda n: n.lost, reverse=True)


def _nothing_lost_text(result: ScoreResult) -> str:
    scored = any(n.is_leaf and n.score is not None for n in result.nodes)
    return "各指标均未扣分" if scored else "尚未评分，暂无扣分情况"


def draw_lost(fig: Figure, result: ScoreResult, nums: Numbers = PLAIN) -> None:
    """Points lost per leaf indicator, largest first, as labelled horizontal bars (top 15),
    each labelled in the project's number style."""
    ordered = lost_nodes(result)
    if not ordered:
        message(fig, _nothing_lost_text(result))
        return
    shown = ordered[:LOST_TOP]
    ax = fig.add_subplot()
    _plain_axes(ax)
    ys = list(range(len(shown)))
    values = [float(n.lost) for n in shown]
    ax.barh(ys, values, height=0.62, color=LOST_BAR, zorder=2)
    for y, node, value in zip(ys, shown, values, strict=True):
        ax.annotate(nums.points(node.lost), (value, y), xytext=(4, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=VALUE_FONT, color=TEXT)
    label_size = FONT if len(shown) <= 10 else NOTE_FONT
    ax.set_yticks(ys, [lost_label(n) for n in shown], fontsize=label_size)
    ax.set_ylim(max(len(shown), 6) - 0.5, -0.5)
    ax.set_xlim(0, max(values) * 1.18)
    ax.xaxis.set_visible(False)
    ax.spines["bottom"].set_visible(False)
    ax.tick_params(axis="y", length=0, pad=4)
    if len(ordered) > len(shown):
        fig.text(0.99, 0.01, f"另有{len(ordered) - len(shown)}项指标扣分，未列出",
                 ha="right", va="bottom", fontsize=NOTE_FONT, color=MUTED)


DRAWERS: dict[str, Callable[[Figure, ScoreResult, Numbers], None]] = {
    "rates": draw_rates,
    "radar": draw_radar,
    "lost": draw_lost,
}
