"""One writer per project file: the lock beside it names the holder; a crash's lock is taken over."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pfdesk import commands
from pfdesk.filelock import ProjectLockedError, lock_path, read_holder
from pfdesk.project import Project
from tests.seed004 import seed004_project

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.sqlite"
    seed004_project(path).close()
    return path


_HOLDER = textwrap.dedent("""
    import sys
    from pfdesk.project import Project
    project = Project.open(sys.argv[1], user="张三")
    print("open", flush=True)
    sys.stdin.readline()
    project.close()
""")


def _hold_in_another_process(path: Path) -> subprocess.Popen[str]:
    other = subprocess.Popen([sys.executable, "-c", _HOLDER, str(path)], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert other.stdout is not None
    assert other.stdout.readline().strip() == "open"
    return other


def test_a_second_window_in_this_program_is_told(good):
    first = Project.open(good, user="李四")
    with pytest.raises(ProjectLockedError, match="另一个窗口") as caught:
        Project.open(good)
    assert caught.value.here
    with Project.open(good, readonly=True) as viewer:          # reading is always possible
        assert viewer.info.name.startswith("上城区")
    first.close()
    assert not lock_path(good).exists()
    Project.open(good).close()


def test_another_program_holding_the_file_is_named(good):
    other = _hold_in_another_process(good)
    try:
        with pytest.raises(ProjectLockedError) as caught:
            Project.open(good, user="李四")
        holder = caught.value.holder
        assert holder is not None
        assert (holder.user, holder.host, holder.pid) == ("张三", socket.gethostname(), other.pid)
        assert f"此项目正由 张三（{socket.gethostname()}）自 " in str(caught.value)
        assert "只读方式打开" in str(caught.value)
    finally:
        assert other.stdin is not None
        other.stdin.write("\n")
        other.stdin.close()
        other.wait(timeout=10)
    assert not lock_path(good).exists()
    with Project.open(good, user="李四") as project:           # released: now ours
        assert read_holder(good).user == "李四"
        project.apply(commands.set_info(project, doc_number="上财〔2021〕45号"))


def test_a_lock_left_by_a_killed_program_is_taken_over(good):
    other = _hold_in_another_process(good)
    os.kill(other.pid, signal.SIGKILL)
    other.wait(timeout=10)
    assert read_holder(good).user == "张三"                    # the crash left its lock file
    with Project.open(good, user="李四") as project:
        holder = read_holder(good)
        assert (holder.user, holder.pid) == ("李四", os.getpid())
        project.apply(commands.set_info(project, doc_number="上财〔2021〕45号"))
    assert not lock_path(good).exists()


def test_a_lock_file_with_garbage_is_taken_over(good):
    lock_path(good).write_bytes(b"\xff\xfe not json at all")
    with Project.open(good) as project:
        assert json.loads(lock_path(good).read_text(encoding="utf-8"))["app"] == "pfdesk"
        assert not project.readonly


def test_a_refused_file_gets_no_lock_file(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a project at all" * 20)
    with pytest.raises(Exception, match="不是 pfdesk 项目文件"):
        Project.open(bad)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.sqlite"]
