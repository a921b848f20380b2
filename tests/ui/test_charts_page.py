"""The 图表 page: three live charts from the session's scores, redrawn after an edit, saved as PNG.

Expected figures by hand from seed 004 (tests/seed004.py): 决策 A11 5 + A12 3 + A21 3 + A22 2 +
A31 2 + A32 2 = 17 of 20 → 85.00%; 过程 23.5 / 29 → 81.03%; 产出 24 / 24 → 100.00%; 效益 24 / 27
→ 88.89%. With A11 at 3 instead of 5: 15 / 20 → 75.00%.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pfdesk import commands
from tests.ui.conftest import DialogLog, index_of, page_of
from ui import dialogs
from ui.main_window import MainWindow
from ui.pages.charts_page import TABS, ChartsPage

EDIT = Qt.ItemDataRole.EditRole


@pytest.fixture(autouse=True)
def _save_dialog(monkeypatch: pytest.MonkeyPatch, dialog_log: DialogLog) -> None:
    """The picture save dialog answers from the queue like the other dialogs."""
    monkeypatch.setattr(dialogs, "ask_save_image",
                        lambda *_a, **_k: dialog_log.next("ask_save_image"))


def charts_page(window: MainWindow) -> ChartsPage:
    """The 图表 page, shown."""
    assert window.workspace is not None
    page = window.workspace.pages["charts"]
    assert isinstance(page, ChartsPage)
    window.workspace.show_page("charts")
    return page


def drawn(qtbot: Any, page: ChartsPage, kind: str) -> Any:
    """Select the chart's tab and wait until it is drawn from the current scores."""
    page.tabs.setCurrentIndex([k for k, _ in TABS].index(kind))
    qtbot.waitUntil(lambda: kind in page.canvases and kind not in page._stale, timeout=5000)
    return page.canvases[kind]


def bar_labels(canvas: Any) -> list[str]:
    """The value labels written above the bars of the 得分率 chart."""
    return [text.get_text() for text in canvas.figure.axes[0].texts]


def test_three_canvases_from_the_scores(qtbot: Any, seed_window: MainWindow) -> None:
    page = charts_page(seed_window)
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    titles = {}
    for kind in ("rates", "radar", "lost"):
        canvas = drawn(qtbot, page, kind)
        assert isinstance(canvas, FigureCanvasQTAgg)
        assert canvas.isVisible()
        titles[kind] = canvas.figure.get_suptitle()
    assert titles == {"rates": "各一级指标得分率", "radar": "各一级指标得分率雷达图",
                      "lost": "各指标扣分情况"}
    assert bar_labels(page.canvases["rates"]) == ["85.00%", "81.03%", "100.00%", "88.89%"]
    lost = [t.get_text() for t in page.canvases["lost"].figure.axes[0].get_yticklabels()]
    assert "A22绩效指标明确性" in lost and "A11立项依据充分性" not in lost  # A11 lost nothing


def test_redrawn_after_a_score_edit(qtbot: Any, seed_window: MainWindow) -> None:
    page = charts_page(seed_window)
    before = drawn(qtbot, page, "rates")
    # Edited on the 决策 page as a user would: the hidden charts page does not redraw …
    dims = page_of(seed_window, "A")
    assert dims.view.model().setData(index_of(dims, "A11", "得分"), "3", EDIT)
    qtbot.wait(300)
    assert page.canvases["rates"] is before
    assert "rates" in page._stale
    # … until it is shown again.
    after = drawn(qtbot, charts_page(seed_window), "rates")
    assert after is not before
    assert bar_labels(after) == ["75.00%", "81.03%", "100.00%", "88.89%"]


def test_redrawn_while_shown_after_a_short_pause(qtbot: Any, seed_window: MainWindow) -> None:
    page = charts_page(seed_window)
    drawn(qtbot, page, "rates")
    session = seed_window.session
    assert session is not None
    a11 = session.project.by_code("A11")
    session.push(commands.set_score(session.project, a11.id, "4"))
    session.push(commands.set_score(session.project, a11.id, "3"))
    assert page._timer.isActive()          # debounced: not drawn inside the edit
    qtbot.waitUntil(lambda: "rates" not in page._stale, timeout=5000)
    assert bar_labels(page.canvases["rates"])[0] == "75.00%"
    session.undo_stack.undo()               # back to 4: 16 / 20
    qtbot.waitUntil(lambda: "rates" not in page._stale, timeout=5000)
    assert bar_labels(page.canvases["rates"])[0] == "80.00%"


def png_facts(data: bytes) -> tuple[int, int, int]:
    """(width, height, pixels per metre) read from a PNG's IHDR and pHYs chunks."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at = data.index(b"pHYs")
    per_metre = struct.unpack(">I", data[at + 4:at + 8])[0]
    return width, height, per_metre


def test_save_chart_as_png(qtbot: Any, seed_window: MainWindow, tmp_path: Path,
                           dialog_log: DialogLog) -> None:
    page = charts_page(seed_window)
    drawn(qtbot, page, "radar")
    target = tmp_path / "雷达图.png"
    dialog_log.answer("ask_save_image", str(target))
    assert page.save_current()
    width, height, per_metre = png_facts(target.read_bytes())
    # 15 × 9 cm at 200 dpi: 15 / 2.54 × 200 = 1181.1 px, 9 / 2.54 × 200 = 708.7 px;
    # 200 dots per inch = 200 / 0.0254 = 7874 per metre.
    assert width == pytest.approx(1181, abs=1)
    assert height == pytest.approx(709, abs=1)
    assert per_metre == 7874
    assert str(target) in page.saved.text()
    assert dialog_log.errors == []
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask      # colleagues can read it
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~pfdesk")] == []


def test_save_suggests_the_project_folder(qtbot: Any, seed_window: MainWindow,
                                          seed_file: Path) -> None:
    page = charts_page(seed_window)
    assert page.suggested_path("rates") == str(
        seed_file.resolve().parent / "上城区基层治理综合信息指挥中心建设项目-各一级指标得分率.png")


def test_save_cancelled_or_failing(qtbot: Any, seed_window: MainWindow, tmp_path: Path,
                                   dialog_log: DialogLog) -> None:
    page = charts_page(seed_window)
    dialog_log.answer("ask_save_image", None)
    assert not page.save_current()
    dialog_log.answer("ask_save_image", str(tmp_path / "没有这个文件夹" / "图.png"))
    assert not page.save_current()
    assert len(dialog_log.errors) == 1
    assert "没有这个文件夹" in dialog_log.errors[0][1]
    assert page.save_button.isEnabled()
