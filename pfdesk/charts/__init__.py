"""Charts of a project's scores (得分率 bars, radar, points lost), drawn with matplotlib's Agg.

``figure(kind, result)`` gives a ``matplotlib.figure.Figure`` for the window's 图表 page (wrap it
in a FigureCanvasQTAgg there) and ``png_bytes(kind, result)`` a 200 dpi PNG for Word. matplotlib
is imported only when the first chart is drawn, so importing pfdesk stays fast; pyplot is
never used. The numbers come from the ScoreResult alone.
"""

from __future__ import annotations

import io
import logging
import time
from typing import TYPE_CHECKING, Any

from .fonts import FontChoice, apply_rc, chart_font, prepare_config_dir

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..scoring import ScoreResult

__all__ = ["CHART_KINDS", "FontChoice", "chart_font", "figure", "png_bytes",
           "prepare_config_dir"]

log = logging.getLogger(__name__)

# Chart kinds and their plain titles; a report numbers them ("图1 …") in its captions.
CHART_KINDS: dict[str, str] = {
    "rates": "各一级指标得分率",
    "radar": "各一级指标得分率雷达图",
    "lost": "各指标扣分情况",
}
CM_PER_INCH = 2.54
TITLE_FONT = 10.5


def figure(kind: str, result: ScoreResult, project: Any = None, *,
           size_cm: tuple[float, float] = (15, 9), title: bool = False) -> Figure:
    """A chart of the given kind as a Figure (names come from the result; project is optional)."""
    from .draw import DRAWERS

    if kind not in DRAWERS:
        raise ValueError(f"未知的图表类型：{kind}（可选：{'、'.join(CHART_KINDS)}）")
    prepare_config_dir()
    apply_rc()
    from matplotlib.figure import Figure

    width, height = size_cm
    fig = Figure(figsize=(width / CM_PER_INCH, height / CM_PER_INCH), layout="constrained")
    fig.get_layout_engine().set(w_pad=0.06, h_pad=0.06)  # type: ignore[union-attr]
    if title:
        fig.suptitle(CHART_KINDS[kind], fontsize=TITLE_FONT)
    DRAWERS[kind](fig, result)
    return fig


def png_bytes(kind: str, result: ScoreResult, dpi: int = 200,
              size_cm: tuple[float, float] = (15, 9), *, project: Any = None,
              title: bool = False) -> bytes:
    """The chart as PNG bytes at the given dpi (stored in the file, so Word sizes it right)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    started = time.perf_counter()
    fig = figure(kind, result, project, size_cm=size_cm, title=title)
    FigureCanvasAgg(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white",
                metadata={"Software": "pfdesk"})
    log.debug("chart %s rendered in %.0f ms", kind, (time.perf_counter() - started) * 1000)
    return buffer.getvalue()
