"""Choosing the chart font: installed Chinese fonts first, the bundled subset otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.font_manager import FontEntry
from matplotlib.ft2font import FT2Font

from pfdesk.charts import chart_font, fonts, png_bytes
from pfdesk.resources import resource
from pfdesk.scoring import score_project
from tests.pfdesk.charts.conftest import glyph_trouble
from tests.seed004 import seed004_project

CHINESE = "财政支出绩效评价得分率扣分情况决策过程产出效益满意度"
DEJAVU = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf")
BUNDLED = str(resource("fonts", "NotoSansSC-GB2312.otf"))


def _covers(path: str, index: int, text: str) -> bool:
    font = FT2Font(path, face_index=index)
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


def _entry(name: str, path: str, weight: int = 400) -> FontEntry:
    return FontEntry(fname=path, name=name, style="normal", weight=weight)


def _is_cjk(name: str) -> bool:
    return name in fonts.CANDIDATES or name.startswith(fonts.PREFIXES) or "CJK" in name


def test_chosen_font_has_chinese_glyphs(fresh_font):
    choice = chart_font()
    assert _covers(choice.path, choice.index, CHINESE)


def test_rc_names_only_installed_fonts_and_sets_minus(fresh_font):
    choice = fonts.apply_rc()
    installed = {e.name for e in font_manager.fontManager.ttflist}
    assert set(matplotlib.rcParams["font.sans-serif"]) <= installed
    assert matplotlib.rcParams["font.sans-serif"][0] == choice.name
    assert matplotlib.rcParams["axes.unicode_minus"] == _covers(choice.path, choice.index, "\u2212")


def test_preference_order_and_glyph_check():
    entries = [
        _entry("WenQuanYi Zen Hei", BUNDLED),
        _entry("Microsoft YaHei", DEJAVU),          # a broken entry: no Chinese in it
        _entry("SimHei", BUNDLED, weight=700),
        _entry("SimHei", BUNDLED),
        _entry("Noto Sans Mono CJK SC", BUNDLED),    # monospaced faces are never taken
    ]
    choice = fonts.choose_font(entries)
    assert (choice.name, choice.bundled) == ("SimHei", False)
    assert fonts.choose_font(entries[:2]).name == "WenQuanYi Zen Hei"
    other = fonts.choose_font([_entry("Noto Sans CJK JP", BUNDLED), _entry("Arial", DEJAVU)])
    assert other.name == "Noto Sans CJK JP"


def test_bundled_font_when_no_chinese_font_installed(fresh_font, monkeypatch, caplog):
    plain = [e for e in font_manager.fontManager.ttflist if not _is_cjk(e.name)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", plain)
    choice = chart_font()
    assert (choice.name, choice.bundled) == (fonts.BUNDLED_NAME, True)
    assert Path(choice.path) == Path(BUNDLED)
    assert choice.has_minus
    result = score_project(seed004_project())
    with glyph_trouble(caplog) as trouble:
        for kind in ("rates", "radar", "lost"):
            assert png_bytes(kind, result, dpi=72).startswith(b"\x89PNG")
    assert trouble == []
    assert matplotlib.rcParams["font.sans-serif"][0] == fonts.BUNDLED_NAME


def test_missing_glyph_is_caught(fresh_font, monkeypatch, caplog):
    """The capture used above does see a missing glyph (a character outside the subset)."""
    plain = [e for e in font_manager.fontManager.ttflist if not _is_cjk(e.name)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", plain)
    fonts.apply_rc()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    fig.text(0.5, 0.5, "\U0002A6D6")  # an extension-B character no font here has
    with glyph_trouble(caplog) as trouble:
        FigureCanvasAgg(fig).draw()
    assert trouble


def _template_names() -> set[str]:
    names: set[str] = set()

    def walk(items):
        for item in items:
            names.add(item["code"] + item["name"])
            walk(item.get("children", []))

    for path in resource("templates").glob("*.json"):
        walk(json.loads(path.read_text("utf-8"))["indicators"])
    return names


def test_bundled_subset_covers_templates_words_and_punctuation():
    cmap = TTFont(BUNDLED).getBestCmap()
    text = "".join(sorted(_template_names()))
    text += ("财政支出绩效评价报告得分率扣分情况各一级指标雷达图尚未评分暂无不适用另有项未列出"
             "优良中差合计权重分值万元预算执行率满意度可持续影响")
    text += "，。、；：？！“”‘’（）《》【】—…～％０１２３４５６７８９＋－＝"
    text += "0123456789.%+-" + "\u2212"
    missing = sorted({ch for ch in text if ord(ch) not in cmap and not ch.isspace()})
    assert missing == []
    assert len(_template_names()) > 50


def test_bundled_subset_size_and_licence():
    size = Path(BUNDLED).stat().st_size
    assert 1_000_000 < size < 2_500_000
    licence = resource("fonts", "OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    names = {r.toUnicode() for r in TTFont(BUNDLED)["name"].names if r.nameID == 1}
    assert names == {fonts.BUNDLED_NAME}


@pytest.mark.parametrize("frozen, preset, expected_set", [
    (True, None, True), (False, None, False), (True, "/somewhere", False)])
def test_config_dir_only_when_frozen(monkeypatch, tmp_path, frozen, preset, expected_set):
    monkeypatch.setattr(fonts.sys, "frozen", frozen, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    if preset:
        monkeypatch.setenv("MPLCONFIGDIR", preset)
    else:
        monkeypatch.delenv("MPLCONFIGDIR", raising=False)
    fonts.prepare_config_dir()
    value = fonts.os.environ.get("MPLCONFIGDIR")
    if expected_set:
        assert value is not None and Path(value).is_dir()
        assert Path(value).name == "matplotlib" and Path(value).parent.name == "pfdesk"
    else:
        assert value == preset
