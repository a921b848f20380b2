"""Chart text is shown as typed (never read as mathematics); saved charts are complete files."""

from __future__ import annotations

import io
import os
import stat
import warnings

import pytest
from PIL import Image

from pfdesk import charts
from pfdesk.charts import CHART_KINDS, figure
from tests.pfdesk.charts.conftest import node, result_of

DOLLARS = ["成本$x$节约", r"效率$\frac{1}{2}$", r"质量$\nosuchcommand$", "满意度$"]


def _dollar_result():
    # Four level-1 dimensions with dollar signs in their names, each with a leaf that lost points.
    dims = [node(f"D{i}", name, 1, "25", "20", rate="80.00", leaf=False)
            for i, name in enumerate(DOLLARS)]
    leaves = [node(f"D{i}1", name, 2, "25", "20", rate="80.00", lost="5")
              for i, name in enumerate(DOLLARS)]
    return result_of(dims + leaves)


def _drawn_texts(fig):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    FigureCanvasAgg(fig).draw()
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_dollar_signs_are_drawn_as_typed(kind, monkeypatch):
    from matplotlib.mathtext import MathTextParser

    parsed: list[str] = []
    original = MathTextParser.parse

    def recording(self, s, *args, **kwargs):
        parsed.append(s)
        return original(self, s, *args, **kwargs)

    monkeypatch.setattr(MathTextParser, "parse", recording)
    with warnings.catch_warnings():
        warnings.simplefilter("error")              # any mathtext warning fails the test
        fig = figure(kind, _dollar_result(), title=True)
        texts = _drawn_texts(fig)
    assert parsed == []
    assert texts and all(not t.get_parse_math() for t in texts)
    shown = "\n".join(t.get_text() for t in texts)
    assert "质量$" in shown and "满意度$" in shown
    assert "成本$x$节约" in shown


def test_png_with_dollar_labels_renders():
    data = charts.png_bytes("rates", _dollar_result(), dpi=50)
    assert Image.open(io.BytesIO(data)).format == "PNG"


def test_saved_chart_follows_the_umask_and_leaves_nothing_behind(tmp_path, monkeypatch):
    result = _dollar_result()
    previous = os.umask(0o022)
    try:
        path = charts.save_png("rates", result, tmp_path / "图.png", dpi=50)
    finally:
        os.umask(previous)
    assert path == tmp_path / "图.png"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert Image.open(path).format == "PNG"

    def full(self, data):
        with open(self, "wb") as handle:
            handle.write(data[:10])
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(type(path), "write_bytes", full)
    with pytest.raises(OSError):
        charts.save_png("rates", result, tmp_path / "图.png", dpi=50)
    with pytest.raises(OSError):
        charts.save_png("rates", result, tmp_path / "新.png", dpi=50)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["图.png"]
    assert Image.open(path).format == "PNG"


@pytest.mark.parametrize(("style", "label"), [("plain", "1.5分"), ("fixed", "1.50分")])
def test_lost_points_follow_the_projects_number_style(style, label):
    from types import SimpleNamespace

    result = result_of([node("A11", "立项依据充分性", 1, "5", "3.5", rate="70.00", lost="1.5")])
    project = SimpleNamespace(info=SimpleNamespace(number_style=style))
    shown = [t.get_text() for t in _drawn_texts(figure("lost", result, project))]
    assert label in shown
