"""Project files are called .pfdesk; files named .sqlite/.db by earlier versions still open."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pfdesk.cli import main
from pfdesk.demo import DEMO_FILE
from pfdesk.paths import PROJECT_SUFFIX, with_project_suffix
from tests.seed004 import seed004_project


@pytest.mark.parametrize(("given", "expected"), [
    ("评价项目", "评价项目.pfdesk"),
    ("评价 2024.1", "评价 2024.1.pfdesk"),   # a dot in the name is not an extension
    ("a.pfdesk", "a.pfdesk"),
    ("old.sqlite", "old.sqlite"),
    ("old.sqlite3", "old.sqlite3"),
    ("OLD.DB", "OLD.DB"),
    ("report.docx", "report.docx.pfdesk"),
])
def test_with_project_suffix(given: str, expected: str) -> None:
    assert with_project_suffix(Path("/x") / given) == Path("/x") / expected


def test_our_names() -> None:
    assert PROJECT_SUFFIX == ".pfdesk"
    assert DEMO_FILE == "demo.pfdesk"


def test_new_without_suffix_makes_a_pfdesk_file(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", str(tmp_path / "评价项目")]) == 0
    assert (tmp_path / "评价项目.pfdesk").is_file()
    assert not (tmp_path / "评价项目").exists()
    assert "评价项目.pfdesk" in capsys.readouterr().out
    assert main(["score", "--json", str(tmp_path / "评价项目.pfdesk")]) == 0


def test_new_keeps_a_suffix_given(tmp_path: Path) -> None:
    assert main(["new", str(tmp_path / "old.sqlite")]) == 0
    assert (tmp_path / "old.sqlite").is_file()
    assert not (tmp_path / "old.sqlite.pfdesk").exists()


def test_a_sqlite_project_still_opens_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "earlier.sqlite"
    seed004_project(path).close()
    assert main(["score", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == "88.50" and data["grade"] == "良"   # seed 004's hand-worked total


@pytest.mark.parametrize("command", ["new", "import", "export", "load"])
def test_help_names_pfdesk_files(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    text = capsys.readouterr().out
    assert "PROJECT.pfdesk" in text
    assert "PROJECT.sqlite" not in text
