"""What opening a project leaves until the window has shown it (issue 12): the copy made on
opening (``backups.on_open``) runs once the score total has painted, and in any case before the
first edit is stored and when the project is closed, so it always holds the file as opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pfdesk import backups, commands
from ui import MainWindow


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
