"""How a report reaches the disk: umask permissions, nothing left by a failure or a kill."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pfdesk.cli import main
from pfdesk.project import Project
from pfdesk.reports.export import export
from tests.pfdesk.reports.checks_fixture import explain_deductions
from tests.pfdesk.reports.docx_read import all_text, open_doc

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True)
def _passing_checks(project_file: Path) -> None:
    """The project passes every check, so that stderr holds only what these tests look for."""
    with Project.open(project_file) as project:
        explain_deductions(project)


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_report_follows_the_umask(tmp_path: Path, project_file: Path, umask: int,
                                  mode: int) -> None:
    previous = os.umask(umask)
    try:
        export([project_file], "brief", tmp_path / "r.docx", charts=False)
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "r.docx").stat().st_mode) == mode


def _full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: Path, data: bytes) -> int:
        with open(self, "wb") as handle:
            handle.write(data[:1000])
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)


def test_full_disk_is_one_line_and_leaves_nothing(tmp_path: Path, project_file: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.docx"
    out.write_bytes(b"previous report")
    _full_disk(monkeypatch)
    code = main(["export", str(project_file), "--layout", "brief", "-o", str(out), "--no-charts"])
    monkeypatch.undo()
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err == f"pfdesk：文件操作失败（磁盘空间已满：{tmp_path}）。\n"
    assert out.read_bytes() == b"previous report"
    assert _names(tmp_path) == ["out.docx", "seed004.sqlite"]


FILE_TOO_BIG = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))
from pfdesk.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_real_write_failure_prints_one_line_and_no_traceback(tmp_path: Path,
                                                                project_file: Path) -> None:
    # The process may not write files over 20 kB: the report's zip fails part way, as on a
    # full disk. The zip writer must not complain again when it is collected.
    out = tmp_path / "out.docx"
    proc = subprocess.run([sys.executable, "-c", FILE_TOO_BIG, "export", str(project_file),
                           "--layout", "full", "-o", str(out), "--no-charts"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert proc.stderr.startswith("pfdesk：文件操作失败（文件太大")
    assert _names(tmp_path) == ["seed004.sqlite"]


KILLED_EXPORT = """
import os, signal, sys
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
os.replace = killed
os.link = killed
from pfdesk.reports.export import export
export([sys.argv[1]], "brief", sys.argv[2], charts=False)
"""


def test_killed_export_leaves_a_temporary_file_the_next_export_removes(
        tmp_path: Path, project_file: Path) -> None:
    out = tmp_path / "out.docx"
    proc = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(project_file), str(out)],
                          capture_output=True, timeout=120, cwd=ROOT, check=False)
    assert proc.returncode == -9
    left = [name for name in _names(tmp_path) if name != "seed004.sqlite"]
    assert len(left) == 1 and left[0].startswith(".~pfdesk-") and left[0].endswith(".tmp")
    export([project_file], "brief", out, charts=False)
    assert _names(tmp_path) == ["out.docx", "seed004.sqlite"]
    assert "评价等级" in all_text(open_doc(out))


def test_a_house_style_with_a_damaged_zip_directory_is_one_line(tmp_path: Path,
                                                                project_file: Path,
                                                                capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    import docx

    style = tmp_path / "本所样式.docx"
    docx.Document().save(str(style))
    data = bytearray(style.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[central + 6] = 238            # "version needed to extract" 23.8: zipfile raises NotImplementedError
    style.write_bytes(bytes(data))
    out = tmp_path / "报告.docx"
    code = main(["export", str(project_file), "--layout", "brief", "--style", str(style),
                 "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "样式文件 本所样式.docx 已损坏" in err
    assert not out.exists()
