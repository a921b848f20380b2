"""The three charts: the engine's numbers on them, order, messages, PNG size and resolution."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from pfdesk.charts import CHART_KINDS, figure, png_bytes
from pfdesk.scoring import score_project
from tests.pfdesk.charts.conftest import glyph_trouble, node, result_of
from tests.seed004 import seed004_project


@pytest.fixture(scope="module")
def seed_result():
    return score_project(seed004_project())


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [t.get_text() for t in fig.texts]


def test_kinds_have_chinese_titles():
    assert list(CHART_KINDS) == ["rates", "radar", "lost"]
    assert all(title and not title.startswith("图") for title in CHART_KINDS.values())


def test_rates_labels_are_the_engine_percents(seed_result):
    # Seed 004 表2: 决策 17/20, 过程 23.5/29, 产出 24/24, 效益 24/27.
    fig = figure("rates", seed_result)
    (ax,) = fig.axes
    assert [t.get_text() for t in ax.texts] == ["85.00%", "81.03%", "100.00%", "88.89%"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["决策", "过程", "产出", "效益"]
    heights = [round(bar.get_height(), 2) for bar in ax.patches]
    assert heights == [85.0, 81.03, 100.0, 88.89]
    dashed = [line for line in ax.get_lines() if list(line.get_ydata()) == [100, 100]]
    assert len(dashed) == 1 and dashed[0].get_linestyle() == "--"


def test_rates_not_applicable_and_unscored_dimensions():
    res = result_of([
        node("A", "决策", 1, "20", "15", rate="75.00", leaf=False),
        node("B", "满意度", 1, "10", None, leaf=False, na=True),
        node("C", "产出", 1, "30", None, leaf=False),
    ])
    (ax,) = figure("rates", res).axes
    assert [t.get_text() for t in ax.texts] == ["75.00%", "不适用", "—"]


def test_radar_axis_labels_carry_names_and_rates(seed_result):
    (ax,) = figure("radar", seed_result).axes
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == ["决策\n85.00%", "过程\n81.03%", "产出\n100.00%", "效益\n88.89%"]
    assert ax.get_ylim() == (0, 100)


def test_radar_needs_three_dimensions():
    res = result_of([node("A", "决策", 1, "50", "40", rate="80.00", leaf=False),
                     node("B", "过程", 1, "50", "50", rate="100.00", leaf=False)])
    fig = figure("radar", res)
    assert fig.axes == []
    assert _texts(fig) == ["一级指标少于三个，不绘制雷达图"]


def test_lost_largest_first_ties_in_tree_order():
    # By hand: A21 4→3 loses 1, A22 4→2 loses 2, B15 2→0.5 loses 1.5, B25 2→1 loses 1, A11 none.
    res = result_of([
        node("A", "决策", 1, "20", "15", rate="75.00", leaf=False, lost="3"),
        node("A11", "立项依据充分性", 3, "5", "5"),
        node("A21", "绩效目标合理性", 3, "4", "3", lost="1"),
        node("A22", "绩效指标明确性", 3, "4", "2", lost="2"),
        node("B", "过程", 1, "20", "17.5", rate="87.50", leaf=False, lost="2.5"),
        node("B15", "绩效自评合理性", 3, "2", "0.5", lost="1.5"),
        node("B25", "资金支付及时性", 3, "2", "1", lost="1"),
    ])
    (ax,) = figure("lost", res).axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["A22绩效指标明确性", "B15绩效自评合理性", "A21绩效目标合理性",
                      "B25资金支付及时性"]
    assert [t.get_text() for t in ax.texts] == ["2分", "1.5分", "1分", "1分"]
    bottom, top = ax.get_ylim()
    assert top < bottom  # the first label is drawn at the top


def test_lost_seed004_order(seed_result):
    (ax,) = figure("lost", seed_result).axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # Seed 004 losses: 2 each on A22, B12, D22; 1.5 on B15; 1 each on A21, B11, B25, D16.
    assert labels == ["A22绩效指标明确性", "B12制度执行有效性", "D22长效机制建立健全性",
                      "B15绩效自评合理性", "A21绩效目标合理性", "B11管理制度健全性",
                      "B25资金支付及时性", "D16应急联动能力提升情况"]


def test_lost_top_fifteen_with_note():
    leaves = [node(f"C{i:02d}", f"指标{i}", 3, "5", str(5 - 0.25 * i), lost=str(0.25 * i))
              for i in range(1, 18)]
    fig = figure("lost", result_of(leaves))
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 15
    assert labels[0] == "C17指标17" and labels[-1] == "C03指标3"
    assert [t.get_text() for t in fig.texts] == ["另有2项指标扣分，未列出"]


def test_long_names_are_shortened_on_lost():
    name = "项目实施单位绩效管理制度健全性与执行有效性"  # 21 characters: keep 15 and "…"
    (ax,) = figure("lost", result_of([node("B11", name, 3, "3", "1", lost="2")])).axes
    assert ax.get_yticklabels()[0].get_text() == "B11项目实施单位绩效管理制度健全性…"


@pytest.mark.parametrize("leaves, text", [
    ([node("A11", "立项依据充分性", 3, "5", "5")], "各指标均未扣分"),
    ([node("A11", "立项依据充分性", 3, "5", None)], "尚未评分，暂无扣分情况"),
])
def test_lost_message_when_nothing_lost(leaves, text):
    fig = figure("lost", result_of(leaves))
    assert fig.axes == []
    assert _texts(fig) == [text]


def test_unknown_kind():
    with pytest.raises(ValueError, match="未知的图表类型"):
        figure("pie", result_of([]))


@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_png_at_200_dpi_without_missing_glyphs(seed_result, kind, caplog):
    with glyph_trouble(caplog) as trouble:
        data = png_bytes(kind, seed_result)
    assert trouble == []
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert [round(v) for v in image.info["dpi"]] == [200, 200]
    # 15 cm × 9 cm at 200 dpi: 15 / 2.54 × 200 = 1181.1 px, 9 / 2.54 × 200 = 708.7 px.
    assert abs(image.width - 1181) <= 1 and abs(image.height - 709) <= 1


def test_png_size_and_dpi_follow_arguments(seed_result):
    image = Image.open(io.BytesIO(png_bytes("rates", seed_result, dpi=100, size_cm=(12.7, 7.62))))
    assert (image.width, image.height) == (500, 300)
    assert [round(v) for v in image.info["dpi"]] == [100, 100]


def test_no_pyplot_and_lazy_import():
    code = ("import sys, pfdesk, pfdesk.charts; assert 'matplotlib' not in sys.modules;"
            "from pfdesk.scoring import score_project; from tests.seed004 import seed004_project;"
            "pfdesk.charts.png_bytes('lost', score_project(seed004_project()), dpi=50);"
            "assert 'matplotlib.pyplot' not in sys.modules; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=False, cwd=Path(__file__).resolve().parents[3])
    assert out.stdout.strip() == "ok", out.stderr
