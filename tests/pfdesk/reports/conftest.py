"""Fixtures of the report tests: the seed-004-like project on disk, and reading documents back."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fixture_project import build_fixture

SECOND = "2021年度上城区视频会议系统运维项目"


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """The seed-004-like project saved as a file."""
    path = tmp_path / "seed004.sqlite"
    build_fixture(path).close()
    return path


@pytest.fixture
def second_file(tmp_path: Path) -> Path:
    """A second project (same scores, another name) for the multi-project layouts."""
    path = tmp_path / "second.sqlite"
    build_fixture(path, name=SECOND).close()
    return path
