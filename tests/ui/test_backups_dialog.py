"""文件 → 历史备份…: the list of the open project's backups and 恢复到此版本."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from pfdesk import backup_restore, commands
from ui import MainWindow
from ui.backups_dialog import BackupListModel, BackupsDialog

from .conftest import DialogLog, panel


def delete_dimension(window: MainWindow, code: str) -> None:
    """What a user does by mistake: remove a whole level-1 dimension."""
    project = window.project
    assert project is not None and window.session is not None
    assert window.session.push(commands.remove_indicator(project, project.by_code(code).id))
    assert project.by_code(code) is None


def open_dialog(window: MainWindow) -> BackupsDialog:
    """文件 → 历史备份…, as the menu does it."""
    window.actions_.backups.trigger()
    dialog = window.findChild(BackupsDialog, "backupsDialog")
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_file_menu_offers_history_backups(window: MainWindow, seed_file: Path) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert "历史备份…" in [a.text() for a in file_menu.actions()]
    assert not window.actions_.backups.isEnabled()              # start page: no project
    assert window.open_project(seed_file)
    assert window.actions_.backups.isEnabled()


def test_the_list_shows_time_reason_and_indicators(seed_window: MainWindow,
                                                   qtmodeltester: Any) -> None:
    delete_dimension(seed_window, "B")
    dialog = open_dialog(seed_window)
    qtmodeltester.check(dialog.model)
    model = dialog.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["时间", "原因", "指标数", "大小"]
    newest = [model.index(0, c).data() for c in range(4)]
    assert newest[1] == "打开时" and newest[2] == "50"      # the copy made as the window opened it
    assert dialog.selected() == model.backup_at(0)
    assert dialog.findChild(QPushButton, "restoreBackup").isEnabled()


def test_restoring_brings_a_deleted_dimension_back(seed_window: MainWindow, seed_file: Path,
                                                   dialog_log: DialogLog, qtbot: Any) -> None:
    delete_dimension(seed_window, "B")
    assert panel(seed_window)["total"] == "65"                   # 88.5 − 23.5
    dialog = open_dialog(seed_window)
    dialog_log.answer("confirm", True)
    qtbot.mouseClick(dialog.findChild(QPushButton, "restoreBackup"), Qt.MouseButton.LeftButton)
    project = seed_window.project
    assert project is not None and project.path == seed_file
    assert project.by_code("B").name == "过程" and str(project.by_code("B15").score) == "0.5"
    assert panel(seed_window)["total"] == "88.5" and panel(seed_window)["B"] == "23.5 / 29 81.03%"
    assert seed_window.undo_stack.count() == 0
    assert "已恢复到" in seed_window.statusBar().currentMessage()
    assert dialog_log.errors == []
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))        # closed and freed
    # The content before the restore is itself a backup: the restore can be undone.
    again = open_dialog(seed_window)
    reasons = [again.model.index(r, 1).data() for r in range(again.model.rowCount())]
    assert "恢复前" in reasons
    again.reject()


def test_declining_the_question_changes_nothing(seed_window: MainWindow,
                                                dialog_log: DialogLog) -> None:
    delete_dimension(seed_window, "B")
    project = seed_window.project
    dialog = open_dialog(seed_window)
    dialog_log.answer("confirm", False)
    assert not dialog.ask_restore()
    assert seed_window.project is project and dialog.isVisible()
    assert project.by_code("B") is None
    dialog.reject()


def test_a_damaged_backup_is_reported_and_the_project_stays_open(
        seed_window: MainWindow, seed_file: Path, dialog_log: DialogLog) -> None:
    delete_dimension(seed_window, "B")
    dialog = open_dialog(seed_window)
    chosen = dialog.selected()
    assert chosen is not None
    with chosen.path.open("r+b") as handle:
        handle.truncate(chosen.size // 3)
    dialog_log.answer("confirm", True)
    assert dialog.ask_restore()
    [(title, text)] = dialog_log.errors
    assert title == "恢复备份" and "备份无法使用" in text and "\n" not in text
    project = seed_window.project
    assert project is not None and project.path == seed_file and not project.readonly
    assert project.by_code("B") is None
    assert seed_window.undo_stack.count() == 1                      # the deletion can still be undone


def test_a_refused_restore_reopens_the_project(seed_window: MainWindow, seed_file: Path,
                                               dialog_log: DialogLog,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    delete_dimension(seed_window, "B")
    dialog = open_dialog(seed_window)

    def full_disk(_conn: object, _tmp: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_restore, "sqlite_copy", full_disk)
    dialog_log.answer("confirm", True)
    assert dialog.ask_restore()
    [(_title, text)] = dialog_log.errors
    assert "磁盘空间已满" in text and "没有恢复" in text
    project = seed_window.project
    assert project is not None and project.path == seed_file and project.by_code("B") is None


def test_the_model_over_no_backups(qtmodeltester: Any) -> None:
    model = BackupListModel([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.backup_at(0) is None
