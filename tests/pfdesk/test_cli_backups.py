"""pfdesk backups PROJECT and pfdesk restore PROJECT N: the list, a restore, one-line errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from pfdesk import backups, commands
from pfdesk.cli import main
from pfdesk.project import Project
from tests.seed004 import seed004_project


@pytest.fixture
def edited_file(tmp_path: Path) -> Path:
    """Opened once (on-open backup of the seed), then dimension D deleted and closed."""
    path = tmp_path / "项目.pfdesk"
    seed004_project(path).close()
    shutil.rmtree(backups.backup_root(), ignore_errors=True)
    project = Project.open(path)
    backups.on_open(project)
    project.apply(commands.remove_indicator(project, project.by_code("D").id))
    project.close()
    return path


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("pfdesk：") and "Traceback" not in captured.err
    return lines[0]


def test_backups_lists_number_time_reason_indicators_size(edited_file: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    Project.open(edited_file).close()            # a second opening: its content changed
    assert main(["backups", str(edited_file)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "项目.pfdesk 的备份（共 2 个，最新在前）："
    assert out[1].split() == ["编号", "时间", "原因", "指标数", "大小"]
    rows = [line.split() for line in out[2:4]]
    assert [r[0] for r in rows] == ["1", "2"]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d", r[1]) and re.fullmatch(r"\d\d:\d\d:\d\d", r[2])
               for r in rows)
    assert [(r[3], r[4]) for r in rows] == [("打开时", "37"), ("打开时", "50")]
    assert all(r[6] in ("KB", "MB") for r in rows)
    assert "pfdesk restore" in out[-1]


def test_restore_brings_the_dimension_back(edited_file: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["restore", str(edited_file), "1"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("已把 项目.pfdesk 恢复到 1 号备份（") and "打开时" in out[0]
    assert "恢复前的内容已另存为新的 1 号备份" in out[0]
    with Project.open(edited_file, readonly=True) as restored:
        assert restored.by_code("D").name == "效益"
        assert str(restored.by_code("D22").score) == "1"
    assert main(["backups", str(edited_file)]) == 0
    assert "恢复前" in capsys.readouterr().out.splitlines()[2]
    assert main(["restore", str(edited_file), "1"]) == 0         # and back again
    with Project.open(edited_file, readonly=True) as undone:
        assert undone.by_code("D") is None


def test_a_project_never_backed_up(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "新.pfdesk"
    seed004_project(path).close()
    shutil.rmtree(backups.backup_root(), ignore_errors=True)
    assert main(["backups", str(path)]) == 0
    assert "还没有备份" in capsys.readouterr().out
    assert main(["restore", str(path), "1"]) == 2
    assert "还没有任何备份" in one_error_line(capsys)


@pytest.mark.parametrize(("number", "words"), [
    ("x", "备份编号应是数字"), ("0", "没有编号为 0 的备份（只有 1 到 1 号）"),
    ("7", "没有编号为 7 的备份"), ("-1", "备份编号应是数字")])
def test_a_wrong_number_is_one_line_exit_2(edited_file: Path, number: str, words: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    before = edited_file.read_bytes()
    assert main(["restore", str(edited_file), number]) == 2
    assert words in one_error_line(capsys)
    assert edited_file.read_bytes() == before


def test_a_missing_project_without_backups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backups", str(tmp_path / "没有.pfdesk")]) == 2
    assert "找不到项目文件" in one_error_line(capsys)


def test_a_deleted_project_is_listed_and_restored(edited_file: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    edited_file.unlink()
    assert main(["backups", str(edited_file)]) == 0
    capsys.readouterr()
    assert main(["restore", str(edited_file), "1"]) == 0
    assert "恢复前" not in capsys.readouterr().out
    with Project.open(edited_file, readonly=True) as restored:
        assert len(restored.indicators()) == 50


def test_restore_while_open_for_editing_is_refused(edited_file: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    project = Project.open(edited_file)
    try:
        assert main(["restore", str(edited_file), "1"]) == 2
        assert "请先关闭它，再恢复备份" in one_error_line(capsys)
    finally:
        project.close()
    assert project.by_code("D") is None
