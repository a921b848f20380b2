"""A project on a read-only disk (a write-protected stick, a read-only share): it opens read-only,
an interrupted edit is rolled back in memory, and nothing is written there.

A real read-only file system: a tmpfs mounted for the test, filled, then remounted read-only
(root only; skipped where mounting is not allowed). Root ignores file permissions, not this.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.errors import EditError
from pfdesk.project import Project
from tests.pfdesk.file_attacks import crash_mid_edit, journal_of
from tests.seed004 import seed004_project


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@pytest.fixture
def stick(tmp_path: Path) -> Iterator[Path]:
    """A folder holding a crashed project (a hot journal beside it), then made read-only."""
    folder = tmp_path / "stick"
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount") or not _mount(
            "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)):
        pytest.skip("mounting a disk needs root")
    try:
        good = tmp_path / "good.sqlite"
        seed004_project(good).close()
        crash_mid_edit(good, folder / "项目.sqlite")
        if not _mount("-o", "remount,ro", str(folder)):
            pytest.skip("remounting read-only is not allowed here")
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def test_a_crashed_project_on_a_read_only_disk_opens_read_only(stick, capsys):
    path = stick / "项目.sqlite"
    assert journal_of(path).exists()
    before = _state(stick)
    with Project.open(path) as project:                 # asked for editing
        assert project.readonly
        assert project.readonly_reason == "文件是只读的"
        assert not any("半途" in i.name for i in project.indicators().values())
        with pytest.raises(EditError, match="只读"):
            project.apply(commands.set_info(project, name="改不了"))
    assert main(["check", str(path)]) == 0
    assert main(["dump", str(path), "-o", str(stick / "项目.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "只读" in err and "Traceback" not in err
    assert _state(stick) == before
