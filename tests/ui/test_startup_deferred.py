"""What opening a project leaves until the window has shown it (issue 12): the copy made on
opening (``backups.on_open``) runs once the score total has painted, and in any case before the
first edit is stored and when the project is closed, so it always holds the file as opened.

``pfdesk FILE`` builds a staged window: the project (menus and toolbar, page, score panel,
title) is painted first, so nothing moves after that paint; the find panel and the list of
recent files come right after, in the state of the open project, or at once when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDockWidget, QToolBar

from pfdesk import backups, commands
from ui import MainWindow
from ui.settings import Settings


def test_the_copy_on_opening_waits_for_the_first_paint(window: MainWindow, seed_file: Path,
                                                       qtbot: Any) -> None:
    assert window.open_project(seed_file)
    assert backups.list_backups(seed_file) == []      # nothing yet: the window paints first
    window.show()
    qtbot.waitUntil(lambda: len(backups.list_backups(seed_file)) == 1, timeout=5000)
    copy = backups.list_backups(seed_file)[0]
    assert copy.reason == backups.OPENED and copy.indicators == 50


def test_the_copy_is_made_before_the_first_edit(window: MainWindow, seed_file: Path) -> None:
    assert window.open_project(seed_file)
    project, session = window.project, window.session
    assert project is not None and session is not None
    assert session.push(commands.remove_indicator(project, project.by_code("B").id))
    copies = backups.list_backups(seed_file)
    assert [(c.reason, c.indicators) for c in copies] == [(backups.OPENED, 50)]  # as opened


def test_the_copy_is_made_when_closed_before_it_was_shown(window: MainWindow,
                                                          seed_file: Path) -> None:
    assert window.open_project(seed_file)
    window.close_project()
    assert [c.reason for c in backups.list_backups(seed_file)] == [backups.OPENED]


# ----- the staged window of ``pfdesk FILE``: the project first, the find panel right after -----

def staged_window(qtbot: Any, settings: Settings | None = None) -> MainWindow:
    win = MainWindow(settings or Settings(), fill_start=False, staged=True)
    qtbot.addWidget(win)
    return win


def test_a_staged_window_paints_the_project_with_its_menus(qtbot: Any,
                                                          seed_file: Path) -> None:
    win = staged_window(qtbot)
    win.show()
    assert win.open_project(seed_file)
    # Before the first paint: the project, the menus and the toolbar are there; the find
    # panel and the list of recent files are not yet.
    assert win.score_panel.total.text() == "88.5"     # seed 004: 88.50, written 88.5
    assert seed_file.name in win.windowTitle()
    assert win.findChild(QToolBar, "mainToolbar") is not None
    menus = [a.text() for a in win.menuBar().actions()]
    assert menus == ["文件(&F)", "编辑(&E)", "视图(&V)", "转到(&G)", "帮助(&H)"]
    assert win.findChild(QDockWidget, "findDock") is None
    assert win.actions_.recent_menu.actions() == []
    qtbot.waitUntil(lambda: win.findChild(QDockWidget, "findDock") is not None, timeout=5000)
    # The menus are in the state of an open project: 转到 lists the four dimensions (Alt+1…4),
    # 最近打开 names the file, 关闭项目 is enabled, the score panel is shown.
    scoring = win.actions_.scoring_actions
    assert [a.shortcut().toString() for a in scoring] == ["Alt+1", "Alt+2", "Alt+3", "Alt+4"]
    qtbot.waitUntil(lambda: [a.toolTip() for a in win.actions_.recent_menu.actions()]
                    == [str(seed_file)], timeout=5000)
    assert win.actions_.close.isEnabled() and win.score_dock.isVisible()


def test_nothing_moves_after_the_first_paint(qtbot: Any, seed_file: Path) -> None:
    """The page and the score panel stay where the first paint put them (the menus and
    toolbar built after it pushed them 58 pixels down)."""
    from PySide6.QtCore import QEvent, QObject

    win = staged_window(qtbot)
    places: list[tuple[int, int]] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if watched is win.score_panel and event.type() == QEvent.Type.Paint:
                central = win.centralWidget()
                places.append((central.mapTo(win, central.rect().topLeft()).y(),
                               win.score_dock.geometry().y()))
            return False

    watcher = Painted()
    win.score_panel.installEventFilter(watcher)
    win.show()
    assert win.open_project(seed_file)
    qtbot.waitUntil(lambda: win.findChild(QDockWidget, "findDock") is not None, timeout=5000)
    win.score_panel.update()
    qtbot.waitUntil(lambda: len(places) >= 2, timeout=5000)
    assert places[0][0] > 0                        # under the menu bar and toolbar
    assert set(places) == {places[0]}


def test_the_actions_follow_an_edit_before_the_first_paint(qtbot: Any,
                                                           seed_file: Path) -> None:
    win = staged_window(qtbot)
    assert win.open_project(seed_file)
    project, session = win.project, win.session
    assert project is not None and session is not None
    assert session.push(commands.remove_indicator(project, project.by_code("B").id))
    undo = win.actions_.undo    # built after the edit: says what Ctrl+Z undoes
    assert undo.isEnabled() and undo.text().startswith("撤销 ")
    assert win.findChild(QToolBar, "mainToolbar") is not None


def test_a_staged_window_whose_file_is_refused_shows_the_whole_start_page(
        qtbot: Any, tmp_path: Path, monkeypatch: Any) -> None:
    from ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda *args: None)
    bad = tmp_path / "bad.pfdesk"
    bad.write_bytes(b"not a project")
    win = staged_window(qtbot)
    assert not win.open_project(bad)
    win.close_project()          # as ui.app does when the file is refused
    assert win.central.currentWidget() is win.start_page
    assert win.findChild(QToolBar, "mainToolbar") is not None
    assert not win.actions_.close.isEnabled()


def test_a_read_only_project_gets_its_recent_files_after_the_first_paint(
        qtbot: Any, seed_file: Path, monkeypatch: Any) -> None:
    """A file that cannot be written opens read-only (no copy is made on opening): the find
    panel and the recent files still follow the first paint."""
    from tests.ui.test_read_only import make_unwritable

    make_unwritable(seed_file, monkeypatch)
    win = staged_window(qtbot)
    win.show()
    assert win.open_project(seed_file)
    assert win.project is not None and win.project.readonly
    qtbot.waitUntil(lambda: win.findChild(QDockWidget, "findDock") is not None, timeout=5000)
    assert [a.toolTip() for a in win.actions_.recent_menu.actions()] == [str(seed_file)]
    assert backups.list_backups(seed_file) == []


def test_ctrl_f_before_the_deferred_step_searches_the_project(qtbot: Any,
                                                               seed_file: Path) -> None:
    """The menus are there from the first paint, so 查找 can come before the find panel is
    built: it is built then, with the project, and stays open."""
    first = MainWindow(Settings(), fill_start=False)     # a layout remembered with the find
    qtbot.addWidget(first)                               # panel hidden, as usual
    first.finish_building()
    state = bytes(first.saveState().toBase64().data()).decode("ascii")
    win = staged_window(qtbot, Settings(window_state=state))
    win.show()
    assert win.open_project(seed_file)
    win.actions_.find.trigger()
    panel = win.findChild(QDockWidget, "findDock")
    assert panel is not None and panel.isVisible()
    win.finish_building()
    assert panel.isVisible()
    panel.box.setText("A1")  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=3000)  # type: ignore[attr-defined]
