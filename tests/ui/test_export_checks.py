"""The 导出报告 page's checks as data: a table of what was found and what to do, read from
each check's fields (never from its words), and double-clicking one goes where it is put right.

Seed 004 by hand: B15 scores 0.5 of 2, so it lost 1.5 points; no problem is recorded for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from pfdesk.reports.checks import COVER, DEDUCTED_NO_PROBLEM, EMPTY_SECTION, ERROR, Check
from ui.main_window import MainWindow
from ui.pages.export_checks import CHECK_ROLE, ID_ROLE, UNREADABLE, CheckModel, check_list
from ui.pages.export_page import ExportPage


def _page(qtbot: Any, window: MainWindow) -> ExportPage:
    assert window.workspace is not None
    page = window.workspace.pages["export"]
    assert isinstance(page, ExportPage)
    window.workspace.show_page("export")
    qtbot.waitUntil(lambda: not page._checks_stale and not page._timer.isActive(), timeout=5000)
    return page


def _row(page: ExportPage, kind: str, code: str = "") -> int:
    return next(row for row, check in enumerate(page.checks)
                if check.kind == kind and check.code == code)


def test_the_model(qtmodeltester: Any) -> None:
    model = CheckModel()
    checks = [Check(COVER, "封面信息未填写：项目单位", "请在“项目信息”页填写。", place="info"),
              Check(DEDUCTED_NO_PROBLEM, "B15扣了1.5分", "请写明问题。", ERROR, "B15", "id-15",
                    project="项目甲")]
    model.set_checks(checks)
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 2
    assert model.headerData(0, Qt.Orientation.Horizontal) == "发现的问题"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "怎么办"
    assert model.index(1, 0).data() == "项目甲：B15扣了1.5分"
    assert model.index(1, 1).data() == "请写明问题。"
    assert model.index(1, 0).data(CHECK_ROLE) is checks[1]
    assert model.index(1, 0).data(ID_ROLE) == "id-15"
    assert "双击" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    model.set_checks([])
    assert model.rowCount() == 0


def test_double_click_goes_to_the_indicator(qtbot: Any, seed_window: MainWindow) -> None:
    page = _page(qtbot, seed_window)
    row = _row(page, DEDUCTED_NO_PROBLEM, "B15")
    check = page.checks[row]
    assert check.message == "B15绩效自评合理性扣了1.5分，但“存在的问题”中没有一条与它关联"
    assert page.check_model.index(row, 1).data() == check.action
    page.check_view.activated.emit(page.check_model.index(row, 0))
    workspace = seed_window.workspace
    assert workspace is not None
    shown = workspace.current_page()
    assert shown is not None and shown is not page
    assert shown.current_id() == check.indicator_id  # type: ignore[attr-defined]


def test_double_click_goes_to_the_page(qtbot: Any, seed_window: MainWindow) -> None:
    page = _page(qtbot, seed_window)
    cover = page.checks[_row(page, COVER)]
    assert page.go_to(cover)
    assert seed_window.workspace is not None
    assert seed_window.workspace.current_key() == "info"
    findings = next(c for c in page.checks
                    if c.kind == EMPTY_SECTION and c.section == "有关建议")
    assert page.go_to(findings)
    assert seed_window.workspace.current_key() == "findings"


def test_checks_of_added_files_point_nowhere(seed_window: MainWindow, seed_file: Path,
                                             tmp_path: Path) -> None:
    other = tmp_path / "other.pfdesk"
    other.write_bytes(seed_file.read_bytes())
    broken = tmp_path / "broken.pfdesk"
    broken.write_bytes(b"not a project")
    project = seed_window.project
    assert project is not None
    found = check_list(project, [other, broken], "brief")
    own = [c for c in found if c.kind == DEDUCTED_NO_PROBLEM][:8]
    added = [c for c in found if c.kind == DEDUCTED_NO_PROBLEM][8:]
    assert len(own) == len(added) == 8
    assert all(c.indicator_id for c in own) and not any(c.indicator_id for c in added)
    assert found[-1].kind == UNREADABLE and "broken.pfdesk" in found[-1].message
