"""``pfdesk export`` on the command line: exit codes, stderr warnings repeated, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.project import Project
from tests.pfdesk.reports.checks_fixture import explain_deductions
from tests.pfdesk.reports.docx_read import all_text, open_doc


def test_export_brief_of_two_projects(tmp_path: Path, project_file: Path, second_file: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    for path in (project_file, second_file):
        with Project.open(path) as project:
            explain_deductions(project)     # every check passes
    out = tmp_path / "two.docx"
    code = main(["export", str(project_file), str(second_file), "--layout", "brief",
                 "-o", str(out), "--no-charts"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "已导出" in captured.out and captured.err == ""
    assert all_text(open_doc(out)).count("评价等级为“良”") == 2


def test_warnings_on_stderr_before_and_after(tmp_path: Path, project_file: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(project_file) as project:
        project.apply(commands.set_info(project, unit=""))
    out = tmp_path / "w.docx"
    code = main(["export", str(project_file), "--layout", "feedback", "-o", str(out),
                 "--no-charts"])
    err = capsys.readouterr().err
    assert code == 1
    assert out.exists()
    assert err.count("封面信息未填写：项目单位") == 2      # as found, and repeated at the end
    assert err.index("警告：") < err.index("报告仍已生成")
    # repeated with what to do under it
    assert "封面信息未填写：项目单位\n    请在“项目信息”页的“基本信息”中填写这些内容。" in err


def test_errors_are_one_line(tmp_path: Path, project_file: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["export", str(tmp_path / "missing.sqlite"), "--layout", "full",
                 "-o", str(tmp_path / "x.docx")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code = main(["export", str(project_file), "--layout", "poster", "-o", str(tmp_path / "x.docx")])
    err = capsys.readouterr().err
    assert code == 2 and "poster" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.docx").exists()
