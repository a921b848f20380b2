"""Start-up loads only what the first screen needs (issue 12): ``pfdesk FILE`` run in a fresh
process offscreen, reported once its window has painted the project (title naming the file,
score total filled), must not have imported sqlite-utils, numpy, matplotlib, python-docx or
openpyxl, nor the pages, windows and report code not yet shown, nor what the window builds
right after that first paint (menus and toolbar, find panel, start page), nor the message
boxes and file dialogs (``ui.dialogs``) that no one has asked for, nor the edit commands
before the first edit.

The child is the start-up benchmark's (``benchmarks/bench_startup.py``), so the test and the
figures measure the same thing; a child that imports one of those modules first shows that
the check sees it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.bench_startup import HEAVY, LATER_PAGES, STDLIB_LATER, run_child
from benchmarks.generate import make_project
from ui.workspace import AFTER, BEFORE

pytestmark = pytest.mark.timeout(180)

# Modules of the pages, windows and work the first screen does not show.
MUST_WAIT = (*HEAVY, *STDLIB_LATER, *LATER_PAGES)


@pytest.fixture(scope="module")
def fifty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("startup") / "fifty.pfdesk"
    make_project(path, 5, 3, 2).close()
    return path


@pytest.fixture(autouse=True)
def private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The started window keeps its settings, recent files and backups here."""
    monkeypatch.setenv("PFDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path / "data"))


def test_opening_a_project_loads_no_heavy_module_or_later_page(fifty: Path) -> None:
    _ms, report = run_child(["pfdesk", str(fifty)])
    assert report["ok"], "the window did not paint the project (title and score total)"
    assert report["loaded"] == []


def test_every_page_but_the_first_is_watched() -> None:
    first = BEFORE[0][1]
    pages = {module for _key, module, _cls, _label in (*BEFORE, *AFTER)} - {first}
    assert pages <= set(LATER_PAGES)
    assert "ui.pages.indicator_page" in LATER_PAGES     # the scoring pages
    assert first not in LATER_PAGES
    assert {"numpy", "sqlite_utils", "matplotlib", "docx", "openpyxl"} <= set(HEAVY)
    assert {"ui.find_panel", "ui.start_page", "ui.dialogs",
            "pfdesk.commands", "pfdesk.conflicts"} <= set(LATER_PAGES)


@pytest.mark.parametrize("module", ["numpy", "ui.pages.export_page", "ui.history_view",
                                    "ui.find_panel", "pfdesk.commands", "socket", "uuid"])
def test_a_module_loaded_on_the_way_is_seen(fifty: Path, module: str) -> None:
    """The check can fail: the same start with one of those modules imported first."""
    _ms, report = run_child(["pfdesk", str(fifty)], preload=(module,))
    assert report["ok"]
    assert module in report["loaded"]  # type: ignore[operator]


@pytest.mark.parametrize("reference", ["bare", "floor"])
def test_the_reference_windows_paint_and_load_nothing_heavy(reference: str) -> None:
    """The bare window and the Qt floor (the first screen's widgets from Qt alone) report
    after their first paint, and load none of what pfdesk must not load either."""
    _ms, report = run_child([reference])
    assert report["ok"] and report["loaded"] == []
    assert float(report["cpu_ms"]) > 0  # type: ignore[arg-type]


def test_a_refused_file_is_not_reported_as_shown(tmp_path: Path) -> None:
    """The probe says ``ok`` only for a painted project: a file refused on opening is not."""
    bad = tmp_path / "bad.pfdesk"
    bad.write_bytes(b"not a project")
    _ms, report = run_child(["pfdesk", str(bad)], probe_seconds=3)
    assert not report["ok"]


def test_a_project_with_merge_conflicts_loads_their_code(tmp_path: Path) -> None:
    """The score panel counts open conflicts: a project that has some loads the merge code
    (and shows the count); one without any does not (see the first test)."""
    from pfdesk.model import Conflict
    from pfdesk.project import Project

    path = tmp_path / "conflicts.pfdesk"
    make_project(path, 5, 3, 2).close()
    with Project.open(path, backup=False) as project:
        first = next(project.walk())
        row = Conflict(tbl="indicator", row_id=first.id, field="name", code=first.code,
                       choices="[]", resolved=False)
        project.insert_verbatim([row])
    _ms, report = run_child(["pfdesk", str(path)])
    assert report["ok"]
    assert "pfdesk.conflicts" in report["loaded"]  # type: ignore[operator]
