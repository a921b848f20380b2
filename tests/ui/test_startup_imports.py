"""Start-up loads only what the first screen needs: ``pfdesk FILE`` run in a fresh process
offscreen, its window shown with the score panel filled, must not have imported sqlite-utils,
numpy, matplotlib, python-docx or openpyxl, nor built the pages not yet shown (issue 12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_startup import HEAVY, LATER_PAGES, run_child
from benchmarks.generate import make_project

pytestmark = pytest.mark.timeout(120)


def test_opening_a_project_loads_no_heavy_module_or_later_page(tmp_path: Path) -> None:
    path = tmp_path / "fifty.pfdesk"
    make_project(path, 5, 3, 2).close()
    _ms, report = run_child(["pfdesk", str(path)])
    assert report["ok"], "the window was not shown with its score filled"
    loaded = report["loaded"]
    assert isinstance(loaded, list)
    assert [m for m in loaded if m in HEAVY] == []
    assert [m for m in loaded if m in LATER_PAGES] == []


def test_the_bare_window_reference_loads_nothing_heavy() -> None:
    _ms, report = run_child(["bare"])
    assert report == {"ok": True, "loaded": []}
