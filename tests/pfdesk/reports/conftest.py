"""Fixtures of the report tests: the seed-004-like project on disk, and reading documents back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pfdesk.reports.fixture_project import SECOND, build_fixture


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """The seed-004-like project saved as a file, with the 附件1 cover's facts."""
    from pfdesk import commands
    from tests.pfdesk.reports.checks_fixture import COVER_FACTS

    path = tmp_path / "seed004.sqlite"
    project = build_fixture(path)
    project.apply(commands.set_info(project, **COVER_FACTS))
    project.close()
    return path


@pytest.fixture
def second_file(tmp_path: Path) -> Path:
    """A second project (same scores, another name) for the multi-project layouts."""
    path = tmp_path / "second.sqlite"
    build_fixture(path, name=SECOND).close()
    return path
