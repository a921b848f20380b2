"""The window's part of ``pfdesk --selftest`` (ui.selftest): passes on the demo, fails when the
score panel shows another total than expected, a page cannot be built or the file cannot be
opened."""

from __future__ import annotations

from pathlib import Path

import pytest

from pfdesk.demo import build_demo
from pfdesk.selftest import Check, Expected
from ui import workspace
from ui.selftest import window_checks


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.pfdesk"
    build_demo(path).close()
    return path


def _by_what(checks: list[Check]) -> dict[str, Check]:
    return {check.what: check for check in checks}


def test_the_demo_passes(qapp: object, demo_file: Path) -> None:
    # The demo's total and grade, worked out from its deductions: 87, 良.
    checks = _by_what(list(window_checks(Expected(demo_file, "87", "良"))))
    assert all(check.ok for check in checks.values()), checks
    assert {"界面（Qt）启动", "界面中文字体", "主窗口打开演示项目", "各页面",
            "得分面板与评分引擎一致"} <= set(checks)
    assert checks["各页面"].detail.startswith("11 ")   # 3 forms, 4 dimensions, 4 after them


def test_another_total_fails(qapp: object, demo_file: Path) -> None:
    checks = _by_what(list(window_checks(Expected(demo_file, "88", "良"))))
    panel = checks["得分面板与评分引擎一致"]
    assert not panel.ok
    assert "界面显示 87 分 良" in panel.detail and "引擎计算 88 分" in panel.detail


def test_a_page_that_cannot_be_built_fails(qapp: object, demo_file: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    after = tuple(("charts", "ui.pages.no_such_page", *rest) if key == "charts"
                  else (key, module, *rest) for key, module, *rest in workspace.AFTER)
    monkeypatch.setattr(workspace, "AFTER", after)
    pages = _by_what(list(window_checks(Expected(demo_file, "87", "良"))))["各页面"]
    assert not pages.ok and "charts" in pages.detail


def test_a_file_that_cannot_be_opened_fails(qapp: object, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pfdesk"
    broken.write_bytes(b"not a project")
    checks = list(window_checks(Expected(broken, "87", "良")))
    assert checks[-1].what == "主窗口打开演示项目" and not checks[-1].ok
