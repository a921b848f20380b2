"""Charts of a project's scores (得分率 bars, radar, points lost) and of its satisfaction surveys
(kind "survey:<name>": 满意率 by question, ``charts.survey``), drawn with matplotlib's Agg.

``figure(kind, result)`` gives a ``matplotlib.figure.Figure`` for the window's 图表 page (wrap it
in a FigureCanvasQTAgg there), ``png_bytes(kind, result)`` a 200 dpi PNG for Word and
``save_png(kind, result, path)`` a PNG file written through ``atomic``. Chart text is never read
as mathematics (names may hold ``$``). matplotlib
is imported only when the first chart is drawn, so importing pfdesk stays fast; pyplot is
never used. The numbers come from the ScoreResult alone, written in the project's number style
when a project is given.
"""

from __future__ import annotations

import io
import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import atomic
from ..numbers import Numbers
from .fonts import FontChoice, apply_rc, chart_font, prepare_config_dir

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..scoring import ScoreResult
    from ..survey import Summary

__all__ = ["CHART_KINDS", "FontChoice", "chart_font", "figure", "png_bytes",
           "prepare_config_dir", "save_png"]

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

    survey = _survey_of(kind, project)
    if kind not in DRAWERS and survey is None:
        raise ValueError(f"未知的图表类型：{kind}（可选：{'、'.join(CHART_KINDS)}）")
    prepare_config_dir()
    apply_rc()
    from matplotlib.figure import Figure

    width, height = size_cm
    fig = Figure(figsize=(width / CM_PER_INCH, height / CM_PER_INCH), layout="constrained")
    fig.get_layout_engine().set(w_pad=0.06, h_pad=0.06)  # type: ignore[union-attr, call-arg]
    if survey is not None:
        from .survey import TITLE, draw_survey

        if title:
            fig.suptitle(TITLE, fontsize=TITLE_FONT)
        draw_survey(fig, survey)
    else:
        if title:
            fig.suptitle(CHART_KINDS[kind], fontsize=TITLE_FONT)
        DRAWERS[kind](fig, result, Numbers.of(project.info) if project is not None else Numbers())
    _plain_text(fig)
    return fig


def _survey_of(kind: str, project: Any) -> Summary | None:
    """The project's survey a "survey:<name>" kind names (None for the score charts);
    ValueError when the project has no readable survey of that name."""
    from .survey import KIND_PREFIX

    if not kind.startswith(KIND_PREFIX):
        return None
    from ..survey_rows import summaries

    name = kind[len(KIND_PREFIX):]
    found = summaries(project).get(name) if project is not None else None
    if found is None:
        raise ValueError(f"项目中没有可读取的问卷：{name}")
    return found


def _plain_text(fig: Figure) -> None:
    """Every text on the figure drawn as typed, even if rcParams were changed elsewhere."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


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


def save_png(kind: str, result: ScoreResult, path: str | Path, dpi: int = 200,
             size_cm: tuple[float, float] = (15, 9), *, project: Any = None,
             title: bool = False) -> Path:
    """Write the chart as a PNG file, complete or not at all, with the umask's permissions."""
    data = png_bytes(kind, result, dpi, size_cm, project=project, title=title)
    target = Path(path)
    atomic.write_bytes(target, data)
    return target
