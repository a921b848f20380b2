"""Fixtures for the window tests: project files (seed 004, a sheet import, the demo), a window,
and dialogs replaced so that no modal box ever blocks an offscreen run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from tests.seed004 import seed004_project
from ui import dialogs, draft_dialogs
from ui.main_window import MainWindow
from ui.models.indicator_model import ID_ROLE, IndicatorModel
from ui.pages.indicator_page import IndicatorPage
from ui.settings import Settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and the demo go to the test's own folder."""
    monkeypatch.setenv("PFDESK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(autouse=True)
def _application_font() -> Any:
    """The application's font as it was before the test: a test that starts the program the
    way ui.app does (which sets the Chinese UI font) must not change the sizes later tests see."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    font = QApplication.font() if app is not None else None
    yield
    if font is not None and QApplication.instance() is not None:
        QApplication.setFont(font)


@dataclass
class DialogLog:
    """What the patched dialogs were asked, and what they will answer."""

    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    answers: dict[str, list[Any]] = field(default_factory=dict)

    def answer(self, name: str, *values: Any) -> None:
        """Queue answers for a dialog function (``ask_deduction``, ``ask_save_project`` …)."""
        self.answers.setdefault(name, []).extend(values)

    def next(self, name: str) -> Any:
        queue = self.answers.get(name)
        if not queue:
            raise AssertionError(f"unexpected dialog: {name}")
        return queue.pop(0)


@pytest.fixture(autouse=True)
def dialog_log(monkeypatch: pytest.MonkeyPatch) -> DialogLog:
    """Every dialog function of ui.dialogs and ui.draft_dialogs replaced by a recorder."""
    log = DialogLog()
    monkeypatch.setattr(dialogs, "show_error", lambda _p, t, x: log.errors.append((t, x)))
    monkeypatch.setattr(dialogs, "show_info", lambda _p, t, x: log.infos.append((t, x)))
    # Every asking function, including ones added later: a test that did not queue an
    # answer fails instead of opening a real dialog (which would hang offscreen).
    for module in (dialogs, draft_dialogs):
        asking = [n for n in vars(module) if n.startswith(("ask_", "confirm", "open_file"))
                  and callable(getattr(module, n))]
        for name in asking:
            monkeypatch.setattr(module, name, lambda *_a, _n=name, **_k: log.next(_n))
    return log


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    """Seed 004's scored tree in a project file (total 88.50, 良)."""
    path = tmp_path / "seed004.pfdesk"
    seed004_project(path).close()
    return path


@pytest.fixture
def sheet_file(tmp_path: Path) -> Path:
    """A project imported from a seed-004-like score sheet."""
    excel = pytest.importorskip("pfdesk.importer.excel")
    sheets = pytest.importorskip("tests.pfdesk.importer.sheets")
    sheet = sheets.write_seed004_sheet(tmp_path / "seed004.xlsx")
    out = tmp_path / "imported.pfdesk"
    excel.import_sheet(sheet, out).close()
    return out


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    """The demo project in a file of its own."""
    demo = pytest.importorskip("pfdesk.demo")
    path = tmp_path / "demo.pfdesk"
    demo.build_demo(path).close()
    return path


@pytest.fixture
def window(qtbot: Any) -> MainWindow:
    """A main window with default settings, shown offscreen."""
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def seed_window(window: MainWindow, seed_file: Path) -> MainWindow:
    """The window with seed 004 open."""
    assert window.open_project(seed_file)
    return window


def page_of(window: MainWindow, code: str) -> IndicatorPage:
    """The indicator page of a level-1 code, shown."""
    assert window.workspace is not None
    for page in window.workspace.indicator_pages():
        if window.project.indicator(page.root_id).code == code:  # type: ignore[union-attr]
            window.workspace.show_page("ind:" + page.root_id)
            return page
    raise AssertionError(f"no page for {code}")


def column_titled(model: IndicatorModel, title: str) -> int:
    """The column whose header says ``title``."""
    for col in range(model.columnCount()):
        if model.headerData(col, Qt.Orientation.Horizontal) == title:
            return col
    raise AssertionError(f"no column {title}")


def index_of(page: IndicatorPage, code: str, title: str = "编码") -> QModelIndex:
    """The cell of an indicator (by code) in the page's view, under a column title."""
    model = page.view.model()
    col = column_titled(model, title)

    def walk(parent: QModelIndex) -> QModelIndex | None:
        for row in range(model.rowCount(parent)):
            idx = model.index(row, 0, parent)
            ind = page.session.project.indicator(idx.data(ID_ROLE))
            if ind.code == code:
                return model.index(row, col, parent)
            found = walk(idx)
            if found is not None:
                return found
        return None

    found = walk(QModelIndex())
    assert found is not None, code
    return found


def panel(window: MainWindow) -> dict[str, str]:
    """The score panel's total, grade, provisional note and each dimension's figures."""
    p = window.score_panel
    out = {"total": p.total.text(), "grade": p.grade.text(), "note": p.provisional.text()}
    for row in p._rows:
        code = row.name.text().split()[0]
        out[code] = f"{row.figures.text()} {row.rate.text()}"
    return out
