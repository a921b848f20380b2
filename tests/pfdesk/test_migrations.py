"""Older project files upgrade in order; every earlier version has a kept sample file."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

from pfdesk.cli import main
from pfdesk.project import Project
from pfdesk.projectfile import read_header
from pfdesk.schema import SCHEMA_VERSION, expected_schema, read_schema
from pfdesk.scoring import score_project

DATA = Path(__file__).parent / "data"
SAMPLES = {1: DATA / "project_v1.sqlite"}


def test_a_sample_for_every_earlier_version():
    assert set(SAMPLES) == set(range(1, SCHEMA_VERSION))
    for version, path in SAMPLES.items():
        assert read_header(path)[1] == version


def test_v1_file_upgrades_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(SAMPLES[1], path)
    with Project.open(path) as project:
        assert project.info.name == "第一版格式的示例项目"
        a11 = project.by_code("A11")
        assert a11.data_source == ""
        assert project.deductions(a11.id)[0].evidence == ""
        assert project.deductions(a11.id)[0].reason == "立项依据文件不全"
        # A11 by deductions: 12 − 2 = 10; A12 8; B1 70 → 88
        assert score_project(project).total == D("88.00")
        assert read_schema(project.conn) == expected_schema(SCHEMA_VERSION)
    assert read_header(path)[1] == SCHEMA_VERSION
    assert not Path(str(path) + "-journal").exists()


def test_reading_an_old_file_leaves_it_untouched(tmp_path, capsys):
    path = tmp_path / "old.sqlite"
    shutil.copy(SAMPLES[1], path)
    before = path.read_bytes()
    assert main(["score", str(path)]) == 0
    assert "88.00" in capsys.readouterr().out
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]
