"""The window's part of ``pfdesk --selftest`` (ui.selftest): passes on the demo, fails when the
score panel shows another total than expected, a page cannot be built or the file cannot be
opened; the program started on the file as a double-click does fails the check when a module of
that path cannot be imported or its window shows another total."""

from __future__ import annotations

from pathlib import Path

import pytest

from pfdesk.demo import build_demo
from pfdesk.selftest import Check, Expected
from ui import selftest as selftest_module
from ui import workspace
from ui.selftest import OPEN_BY_PATH, check_open_by_path, window_checks


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.pfdesk"
    build_demo(path).close()
    return path


def _by_what(checks: list[Check]) -> dict[str, Check]:
    return {check.what: check for check in checks}


def test_the_demo_passes(qapp: object, demo_file: Path) -> None:
    # The demo's total and grade, worked out from its deductions and rules: 87.6, 良.
    checks = _by_what(list(window_checks(Expected(demo_file, "87.6", "良"))))
    assert all(check.ok for check in checks.values()), checks
    assert {"界面（Qt）启动", "界面中文字体", "主窗口打开演示项目", "各页面",
            "得分面板与评分引擎一致", OPEN_BY_PATH} <= set(checks)
    assert checks["各页面"].detail.startswith("11 ")   # 3 forms, 4 dimensions, 4 after them


def test_another_total_fails(qapp: object, demo_file: Path) -> None:
    checks = _by_what(list(window_checks(Expected(demo_file, "88", "良"))))
    panel = checks["得分面板与评分引擎一致"]
    assert not panel.ok
    assert "界面显示 87.6 分 良" in panel.detail and "引擎计算 88 分" in panel.detail


def test_a_page_that_cannot_be_built_fails(qapp: object, demo_file: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    after = tuple(("charts", "ui.pages.no_such_page", *rest) if key == "charts"
                  else (key, module, *rest) for key, module, *rest in workspace.AFTER)
    monkeypatch.setattr(workspace, "AFTER", after)
    pages = _by_what(list(window_checks(Expected(demo_file, "87.6", "良"))))["各页面"]
    assert not pages.ok and "charts" in pages.detail


def test_a_file_that_cannot_be_opened_fails(qapp: object, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pfdesk"
    broken.write_bytes(b"not a project")
    checks = list(window_checks(Expected(broken, "87", "良")))
    assert checks[-1].what == "主窗口打开演示项目" and not checks[-1].ok


def test_opening_by_path_runs_the_program_on_the_file(qapp: object, demo_file: Path) -> None:
    check = check_open_by_path(Expected(demo_file, "87.6", "良"))
    assert check.ok, check
    assert check.what == OPEN_BY_PATH and "demo.pfdesk" in check.detail and "87.6" in check.detail


def test_opening_by_path_fails_when_a_module_of_that_path_is_missing(
        qapp: object, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a bundle that lacks a module only ``pfdesk FILE`` imports: the program started on
    the file cannot import it (the in-process window, which never imports it, would pass)."""
    monkeypatch.setattr(selftest_module, "ENTRY",
                        "import sys; sys.modules['pfdesk.filecheck'] = None; "
                        + selftest_module.ENTRY)
    check = check_open_by_path(Expected(demo_file, "87.6", "良"))
    assert not check.ok
    assert "窗口未能显示项目" in check.detail and "pfdesk.filecheck" in check.detail


def test_opening_by_path_fails_when_the_total_differs(qapp: object, demo_file: Path) -> None:
    check = check_open_by_path(Expected(demo_file, "88", "良"))
    assert not check.ok and "窗口显示总分 87.6，引擎计算 88" in check.detail
