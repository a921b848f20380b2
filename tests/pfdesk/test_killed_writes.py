"""A command killed while it writes a new project leaves nothing under the final name."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pfdesk.cli import main
from tests.pfdesk.importer.sheets import write_seed004_sheet

ROOT = Path(__file__).resolve().parents[2]

# Runs a pfdesk command and kills the process the moment it stores its first indicators.
_KILLED = textwrap.dedent("""
    import os, signal, sys
    from pfdesk.project import Project
    real = Project.apply
    def apply(self, edit, **kwargs):
        change = real(self, edit, **kwargs)
        if self.indicators():
            os.kill(os.getpid(), signal.SIGKILL)
        return change
    Project.apply = apply
    from pfdesk.cli import main
    sys.exit(main(sys.argv[1:]))
""")


@pytest.mark.parametrize("command", ["new", "import"])
def test_a_killed_command_leaves_nothing_under_the_final_name(tmp_path, command, capsys):
    out = tmp_path / "项目.sqlite"
    if command == "new":
        args = ["new", str(out)]
    else:
        sheet = write_seed004_sheet(tmp_path / "评分表.xlsx")
        args = ["import", str(sheet), "-o", str(out)]
    done = subprocess.run([sys.executable, "-c", _KILLED, *args], cwd=ROOT, check=False,
                          capture_output=True)
    assert done.returncode == -9
    assert not out.exists()
    assert main(args) == 0                       # running it again just works
    capsys.readouterr()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert [n for n in names if n.startswith(".~pfdesk")] == []   # the killed run's file swept
