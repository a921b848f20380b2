"""The check ahead run in a forked copy of the process (``filecheck.check_ahead(path,
apart=True)``, what ``pfdesk FILE`` does on Linux): the opening takes its answer without
checking again, yet a file it refused, a file changed since, or a copy that dies or never
answers leaves the opening to check the file itself, so nothing unchecked is ever loaded."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest

from benchmarks.generate import make_project
from pfdesk import filecheck
from pfdesk.errors import ProjectFileError
from pfdesk.project import Project

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the check runs apart only on Linux")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("apart") / "sample.pfdesk"
    make_project(path, 2, 2, 2).close()      # 2 + 4 + 8 indicators
    return path


@pytest.fixture
def copy(sample: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.pfdesk"
    shutil.copy(sample, path)
    return path


@pytest.fixture(autouse=True)
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under pytest other threads may exist (timeouts, Qt): the fork is allowed here as it is
    in ``pfdesk FILE``, where the process has no other thread yet."""
    monkeypatch.setattr(filecheck, "can_check_apart", lambda: True)


def checks_here(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The checks that run in this process (the copy's are in another one)."""
    calls: list[Path] = []
    real = filecheck._check_rows
    parent = os.getpid()

    def counted(*args: object) -> None:
        if os.getpid() == parent:
            calls.append(args[0])  # type: ignore[arg-type]
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(filecheck, "_check_rows", counted)
    return calls


def test_the_check_runs_in_another_process_and_is_taken(copy: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    calls = checks_here(monkeypatch)
    filecheck.check_ahead(copy, apart=True)
    ahead = filecheck._ahead[copy.resolve()]
    child = ahead.child
    assert child is not None and child != os.getpid()
    with Project.open(copy, backup=False) as project:
        assert len(project.indicators()) == 14
    assert calls == []                      # the copy's answer was taken
    assert ahead.child is None              # and the copy collected (no zombie)
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)


def test_a_file_refused_apart_is_refused_here_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pfdesk"
    path.write_bytes(b"SQLite format 3\x00" + bytes(200))
    filecheck.check_ahead(path, apart=True)
    with pytest.raises(ProjectFileError, match="文件"):
        Project.open(path, backup=False)


def test_a_file_changed_after_the_check_apart_is_checked_again(copy: Path) -> None:
    filecheck.check_ahead(copy, apart=True)
    filecheck._ahead[copy.resolve()].thread.join()
    stat = copy.stat()
    conn = sqlite3.connect(copy)
    conn.execute("UPDATE indicator SET weight = 'x' WHERE code = 'A'")
    conn.commit()
    conn.close()
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))   # even with its old time
    with pytest.raises(ProjectFileError, match="无法识别的数字"):
        Project.open(copy, backup=False)


def test_a_copy_that_dies_leaves_the_check_to_the_opening(copy: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = filecheck._checked

    def dying(path: Path, shown: Path) -> int:
        if os.getpid() != parent:
            os._exit(3)      # as a crash in the copy would
        return real(path, shown)

    monkeypatch.setattr(filecheck, "_checked", dying)
    calls = checks_here(monkeypatch)
    filecheck.check_ahead(copy, apart=True)
    with Project.open(copy, backup=False) as project:
        assert len(project.indicators()) == 14
    assert calls == [copy]                  # checked here instead


def test_a_copy_that_does_not_answer_is_stopped(copy: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = filecheck._checked

    def stuck(path: Path, shown: Path) -> int:
        if os.getpid() != parent:
            time.sleep(60)
        return real(path, shown)

    monkeypatch.setattr(filecheck, "_checked", stuck)
    monkeypatch.setattr(filecheck, "AHEAD_WAIT", 0.5)
    calls = checks_here(monkeypatch)
    filecheck.check_ahead(copy, apart=True)
    child = filecheck._ahead[copy.resolve()].child
    started = time.monotonic()
    with Project.open(copy, backup=False) as project:
        assert len(project.indicators()) == 14
    assert time.monotonic() - started < 10
    assert calls == [copy]
    assert child is not None
    with pytest.raises(ChildProcessError):   # killed and collected
        os.waitpid(child, os.WNOHANG)


def test_no_fork_while_another_thread_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()          # the real rule
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not filecheck.can_check_apart()
    finally:
        stop.set()
        other.join()


def test_a_collected_copy_is_never_signalled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The thread that read the copy's answer collects it while an opening that gave up
    waiting stops it: the copy is signalled only while it is still this process's child (once
    collected, its number may already belong to another program)."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    ahead = filecheck._Ahead(Path(os.devnull))
    ahead.child = pid
    real_wait = os.waitpid
    collected = threading.Event()

    def slow_wait(child: int, options: int) -> tuple[int, int]:
        status = real_wait(child, options)
        collected.set()
        time.sleep(0.3)         # collected, and not yet noted as collected
        return status

    signalled: list[int] = []
    monkeypatch.setattr(os, "waitpid", slow_wait)
    monkeypatch.setattr(os, "kill", lambda child, _sig: signalled.append(child))
    reader = threading.Thread(target=ahead._collect)
    reader.start()
    assert collected.wait(5)
    ahead._collect(kill=True)   # the opening giving up, at the worst moment
    reader.join(5)
    assert signalled == []
    assert ahead.child is None
