"""Every command writing onto a full disk: one line of Chinese, exit 2, nothing left behind.

A real full disk: a 64 KB tmpfs mounted for the test (root only; skipped where mounting is not
allowed).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pfdesk.cli import main
from pfdesk.demo import build_demo
from tests.pfdesk.importer.sheets import write_seed004_sheet


@pytest.fixture(scope="module")
def full_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("full")
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small disk needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip("mounting is not allowed here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


@pytest.fixture
def disk(full_disk: Path) -> Iterator[Path]:
    yield full_disk
    for item in full_disk.iterdir():
        with contextlib.suppress(OSError):
            item.unlink()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    build_demo(path).close()
    return path


def _one_line_failure(capsys: pytest.CaptureFixture[str], code: int, disk: Path) -> str:
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "磁盘空间" in err
    assert sorted(p.name for p in disk.iterdir()) == []
    return err


def test_new_onto_a_full_disk(disk, capsys):
    code = main(["new", str(disk / "新项目.sqlite")])
    _one_line_failure(capsys, code, disk)


def test_import_onto_a_full_disk(disk, tmp_path, capsys):
    sheet = tmp_path / "评分表.xlsx"
    write_seed004_sheet(sheet)
    code = main(["import", str(sheet), "-o", str(disk / "导入.sqlite")])
    _one_line_failure(capsys, code, disk)


def test_load_onto_a_full_disk(disk, demo, tmp_path, capsys):
    dump = tmp_path / "demo.json"
    assert main(["dump", str(demo), "-o", str(dump)]) == 0
    capsys.readouterr()
    code = main(["load", str(dump), "-o", str(disk / "重建.sqlite")])
    _one_line_failure(capsys, code, disk)


def test_dump_onto_a_full_disk(disk, demo, capsys):
    code = main(["dump", str(demo), "-o", str(disk / "demo.json")])
    _one_line_failure(capsys, code, disk)


def test_export_onto_a_full_disk(disk, demo, capsys):
    code = main(["export", str(demo), "--layout", "full", "-o", str(disk / "报告.docx")])
    _one_line_failure(capsys, code, disk)
