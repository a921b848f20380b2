"""The window saves .pfdesk files and still opens files named .sqlite by earlier versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QLabel

from tests.seed004 import seed004_project
from ui import file_drops
from ui.dialogs import ask_open_project as real_ask_open_project  # before conftest's patches
from ui.dialogs import ask_save_project as real_ask_save_project
from ui.main_window import MainWindow


def _fake_dialog(monkeypatch: pytest.MonkeyPatch, name: str, answer: str) -> list[str]:
    filters: list[str] = []

    def fake(_parent: Any, _title: str, _folder: str, filter_: str) -> tuple[str, str]:
        filters.append(filter_)
        return answer, filter_.split(";;", maxsplit=1)[0]

    monkeypatch.setattr(QFileDialog, name, staticmethod(fake))
    return filters


def test_save_dialog_offers_pfdesk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    filters = _fake_dialog(monkeypatch, "getSaveFileName", str(tmp_path / "新项目"))
    assert real_ask_save_project(None, "另存为", str(tmp_path / "x.pfdesk")) == str(
        tmp_path / "新项目.pfdesk")
    assert filters == ["pfdesk 项目文件 (*.pfdesk)"]


def test_save_dialog_keeps_a_dotted_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_dialog(monkeypatch, "getSaveFileName", str(tmp_path / "评价 2024.1"))
    assert real_ask_save_project(None, "另存为", "") == str(tmp_path / "评价 2024.1.pfdesk")


def test_open_dialog_lists_old_names_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    filters = _fake_dialog(monkeypatch, "getOpenFileName", str(tmp_path / "a.sqlite"))
    assert real_ask_open_project(None) == str(tmp_path / "a.sqlite")
    first = filters[0].split(";;")[0]
    for pattern in ("*.pfdesk", "*.sqlite", "*.sqlite3", "*.db"):
        assert pattern in first


def test_window_opens_a_sqlite_project(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "earlier.sqlite"
    seed004_project(path).close()
    assert window.open_project(path)
    assert window.findChild(QLabel, "scoreTotal").text() == "88.5"


def test_a_dropped_sqlite_project_opens(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "dropped.db"
    seed004_project(path).close()
    assert file_drops.open_dropped(window, path)
    assert window.findChild(QLabel, "scoreTotal").text() == "88.5"


def test_a_dropped_text_file_is_refused(window: MainWindow, tmp_path: Path,
                                        dialog_log: Any) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("x", encoding="utf-8")
    assert not file_drops.open_dropped(window, path)
    assert ".pfdesk" in dialog_log.errors[-1][1]
