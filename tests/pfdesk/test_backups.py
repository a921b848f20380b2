"""Automatic backups: made on opening and while editing, pruned, never in the way, restorable."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pfdesk import backup_restore, backups, commands, projectfile
from pfdesk.backups import BackupError
from pfdesk.project import Project
from pfdesk.scoring import score_project
from tests.seed004 import seed004_project


@dataclass
class FakeClock:
    """The monotonic clock of the editing interval and the UTC time copies are stamped with."""

    seconds: float = 1000.0
    now: datetime = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)

    def advance(self, minutes: float) -> None:
        self.seconds += minutes * 60
        self.now += timedelta(minutes=minutes)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(backups, "clock", lambda: fake.seconds)
    monkeypatch.setattr(backups, "utc_now", lambda: fake.now)
    return fake


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    """A project file never opened on this computer (as if received from a colleague)."""
    path = tmp_path / "指挥中心.pfdesk"
    seed004_project(path).close()
    shutil.rmtree(backups.backup_root(), ignore_errors=True)
    return path


def open_for_editing(path: Path) -> Project:
    """What the window does: open read-write, then the on-open backup."""
    project = Project.open(path)
    backups.on_open(project)
    return project


def edit(project: Project, code: str, score: str) -> None:
    """One stored edit followed by the call Project makes after it."""
    project.apply(commands.set_score(project, project.by_code(code).id, score))
    backups.on_edit(project)


def test_opening_makes_a_backup_that_is_itself_a_project_file(project_file: Path) -> None:
    open_for_editing(project_file).close()
    [copy] = backups.list_backups(project_file)
    assert copy.reason == "打开时"
    assert copy.indicators == 50
    assert copy.project_name == "上城区基层治理综合信息指挥中心建设项目"
    assert copy.original == project_file.resolve()
    assert copy.size == copy.path.stat().st_size > 0
    assert copy.path.parent.parent == backups.backup_root()
    assert copy.path.parent.name.startswith("指挥中心-")
    assert projectfile.validate(copy.path) >= 1          # application_id, user_version, schema
    with Project.open(copy.path, readonly=True) as restored:
        assert str(score_project(restored).total) == "88.50"
    index = json.loads((copy.path.parent / backups.INDEX).read_text(encoding="utf-8"))
    [record] = index["backups"]
    assert record["reason"] == "打开时" and record["indicators"] == 50
    assert record["original"] == str(project_file.resolve()) and record["size"] == copy.size
    shown = datetime.strptime(copy.local_time(), "%Y-%m-%d %H:%M:%S")
    assert abs(shown - datetime.now()) < timedelta(minutes=5)   # local time, not UTC


def test_opening_an_unchanged_file_makes_no_duplicate(project_file: Path) -> None:
    open_for_editing(project_file).close()
    open_for_editing(project_file).close()
    assert len(backups.list_backups(project_file)) == 1
    project = open_for_editing(project_file)
    edit(project, "A11", "1")
    project.close()
    open_for_editing(project_file).close()
    newest, first = backups.list_backups(project_file)
    with Project.open(newest.path, readonly=True) as copy:
        assert str(copy.by_code("A11").score) == "1"
    with Project.open(first.path, readonly=True) as copy:
        assert str(copy.by_code("A11").score) == "5"


def test_editing_backs_up_at_most_every_interval(project_file: Path, clock: FakeClock) -> None:
    project = open_for_editing(project_file)
    clock.advance(1)
    edit(project, "A11", "4")
    clock.advance(backups.INTERVAL_MINUTES - 1.5)
    edit(project, "A11", "3")
    assert [b.reason for b in backups.list_backups(project_file)] == ["打开时"]
    clock.advance(0.5)                                  # INTERVAL_MINUTES after the on-open copy
    edit(project, "A11", "2")
    clock.advance(1)
    edit(project, "A11", "1")
    reasons = [b.reason for b in backups.list_backups(project_file)]
    assert reasons == ["编辑中", "打开时"]
    with Project.open(backups.list_backups(project_file)[0].path, readonly=True) as copy:
        assert str(copy.by_code("A11").score) == "2"     # the edit that made it due is in it
    clock.advance(backups.INTERVAL_MINUTES)
    edit(project, "A12", "1")
    assert len(backups.list_backups(project_file)) == 3
    project.close()


def test_maybe_backup_decides_by_the_interval(project_file: Path, clock: FakeClock) -> None:
    project = open_for_editing(project_file)
    edit(project, "A11", "4")
    start = clock.seconds
    assert backups.maybe_backup(project, now=start + 60) is None
    made = backups.maybe_backup(project, now=start + backups.INTERVAL_MINUTES * 60)
    assert made is not None and made.reason == "编辑中"
    project.close()


def test_generations_are_pruned_keeping_one_older_than_a_day(project_file: Path,
                                                               clock: FakeClock) -> None:
    project = open_for_editing(project_file)                     # day 1, 08:00
    clock.advance(60)
    edit(project, "A11", "4")                                    # day 1, 09:00
    made = [backups.list_backups(project_file)[0]]
    clock.advance(24 * 60)                                       # day 2
    for n in range(12):
        clock.advance(backups.INTERVAL_MINUTES)
        edit(project, "A11", str(n % 5))
        made.append(backups.list_backups(project_file)[0])
    project.close()
    assert len({b.path for b in made}) == 13
    listed = backups.list_backups(project_file)
    assert len(listed) == backups.KEEP + 1
    assert [b.path for b in listed[:backups.KEEP]] == [b.path for b in reversed(made[-10:])]
    assert listed[-1].path == made[0].path                       # the newest older than a day
    assert not any(b.reason == "打开时" for b in listed)           # day 1 08:00: pruned
    on_disk = sorted(p.name for p in listed[0].path.parent.glob("*.pfdesk"))
    assert on_disk == sorted(b.path.name for b in listed)
    index = json.loads((listed[0].path.parent / backups.INDEX).read_text(encoding="utf-8"))
    assert sorted(r["file"] for r in index["backups"]) == on_disk


def test_on_edit_costs_nothing_when_no_backup_is_due(project_file: Path, clock: FakeClock,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    project = open_for_editing(project_file)
    copies: list[object] = []
    monkeypatch.setattr(backups, "make_copy", lambda *a, **k: copies.append(a))
    monkeypatch.setattr(backups, "clock", time.monotonic)
    calls = 20_000
    start = time.perf_counter()
    for _ in range(calls):
        backups.on_edit(project)
    per_call = (time.perf_counter() - start) / calls
    assert copies == []
    assert per_call < 0.0002, f"on_edit took {per_call * 1e6:.1f} µs with nothing due"
    project.close()


def test_an_unwritable_backup_folder_never_breaks_editing(project_file: Path, clock: FakeClock,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    backups.backup_root().parent.mkdir(parents=True, exist_ok=True)
    backups.backup_root().write_text("not a folder")             # mkdir inside it fails
    caplog.set_level(logging.WARNING, logger="pfdesk.backups")
    project = open_for_editing(project_file)
    for minutes in (1, backups.INTERVAL_MINUTES, backups.INTERVAL_MINUTES):
        clock.advance(minutes)
        edit(project, "A11", "2")
        assert backups.maybe_backup(project) is None
    project.close()
    assert any("backup of" in r.getMessage() for r in caplog.records)
    with Project.open(project_file, readonly=True) as reopened:
        assert str(reopened.by_code("A11").score) == "2"


def test_a_full_disk_leaves_no_partial_copy(project_file: Path, clock: FakeClock,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    project = open_for_editing(project_file)
    folder = backups.folder_for(project_file)
    before = sorted(os.listdir(folder))

    def full_disk(_conn: sqlite3.Connection, tmp: Path) -> None:
        tmp.write_bytes(b"SQLite format 3\x00 half a copy")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "sqlite_copy", full_disk)
    clock.advance(backups.INTERVAL_MINUTES)
    edit(project, "A11", "3")
    assert sorted(os.listdir(folder)) == before
    edit(project, "A12", "1")                                    # editing goes on
    project.close()
    assert len(backups.list_backups(project_file)) == 1


def test_read_only_and_in_memory_projects_get_no_backups(project_file: Path, clock: FakeClock) -> None:
    with Project.open(project_file, readonly=True) as viewer:
        backups.on_open(viewer)
        clock.advance(backups.INTERVAL_MINUTES * 3)
        backups.on_edit(viewer)
    memory = seed004_project(None)
    backups.on_open(memory)
    clock.advance(backups.INTERVAL_MINUTES * 3)
    edit(memory, "A11", "1")
    assert backups.list_backups(project_file) == []
    assert not backups.backup_root().exists()


def test_a_deleted_dimension_comes_back_with_its_scores(project_file: Path) -> None:
    project = open_for_editing(project_file)
    dimension = project.by_code("B")
    project.apply(commands.remove_indicator(project, dimension.id))
    backups.on_edit(project)
    project.close()                                              # the window is closed
    with Project.open(project_file, readonly=True) as gone:
        assert gone.by_code("B") is None and gone.by_code("B15") is None

    on_open = next(b for b in backups.list_backups(project_file) if b.reason == "打开时")
    backups.restore(on_open, project_file)

    with Project.open(project_file) as back:
        assert back.by_code("B").name == "过程"
        assert str(back.by_code("B15").score) == "0.5"
        result = score_project(back)
        assert str(result.total) == "88.50" and result.grade == "良"
    before_restore = next(b for b in backups.list_backups(project_file) if b.reason == "恢复前")
    assert before_restore.reason == "恢复前" and before_restore.indicators == 50 - 14

    backups.restore(before_restore, project_file)                # the restore itself undone
    with Project.open(project_file, readonly=True) as undone:
        assert undone.by_code("B") is None


def test_restore_writes_into_the_same_file(project_file: Path) -> None:
    project = open_for_editing(project_file)
    edit(project, "A11", "0")
    project.close()
    inode = project_file.stat().st_ino
    reader = sqlite3.connect(project_file.resolve().as_uri() + "?mode=ro", uri=True)
    assert reader.execute("SELECT score FROM indicator WHERE code='A11'").fetchone()[0] == "0"
    backups.restore(backups.list_backups(project_file)[-1], project_file)
    assert project_file.stat().st_ino == inode
    # A pfdesk that still had the file open reads the restored content, not an orphaned file.
    assert reader.execute("SELECT score FROM indicator WHERE code='A11'").fetchone()[0] == "5"
    reader.close()
    assert not Path(str(project_file) + "-journal").exists()


def test_restore_is_refused_while_this_program_edits_the_file(project_file: Path) -> None:
    project = open_for_editing(project_file)
    [copy] = backups.list_backups(project_file)
    before = project_file.read_bytes()
    with pytest.raises(BackupError) as caught:
        backups.restore(copy, project_file)
    assert "正在本程序的窗口中打开编辑" in str(caught.value) and "\n" not in str(caught.value)
    project.close()
    assert project_file.read_bytes() == before
    assert len(backups.list_backups(project_file)) == 1          # no 恢复前 copy either


def test_restore_is_refused_while_another_pfdesk_edits_the_file(project_file: Path) -> None:
    open_for_editing(project_file).close()
    [copy] = backups.list_backups(project_file)
    before = project_file.read_bytes()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from pfdesk.filelock import ProjectLock; "
         "ProjectLock.acquire(Path(sys.argv[1]), '张三'); print('locked', flush=True); "
         "sys.stdin.read()", str(project_file)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2])
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(BackupError) as caught:
            backups.restore(copy, project_file)
        assert "正由 张三" in str(caught.value)
    finally:
        holder.communicate("", timeout=30)
    assert project_file.read_bytes() == before
    backups.restore(copy, project_file)                          # once that pfdesk has closed it


def test_a_lock_left_by_a_crash_does_not_block_restoring(project_file: Path) -> None:
    open_for_editing(project_file).close()
    [copy] = backups.list_backups(project_file)
    lock = project_file.with_name(project_file.name + ".pfdesk-lock")
    lock.write_text('{"app": "pfdesk", "user": "张三", "host": "LAPTOP-3", "pid": 1}',
                    encoding="utf-8")
    backups.restore(copy, project_file)
    assert not lock.exists()
    assert [b.reason for b in backups.list_backups(project_file)] == ["恢复前", "打开时"]


def test_a_journal_naming_another_file_stops_the_restore(project_file: Path) -> None:
    open_for_editing(project_file).close()
    [copy] = backups.list_backups(project_file)
    victim = project_file.with_name("别的文件.docx")
    victim.write_bytes(b"keep me")
    journal = Path(str(project_file) + "-journal")
    journal.write_bytes(bytes(512) + str(victim).encode() + bytes(8)
                        + bytes.fromhex("d9d505f920a163d7"))
    with pytest.raises(BackupError) as caught:
        backups.restore(copy, project_file)
    assert "没有恢复" in str(caught.value)
    assert victim.read_bytes() == b"keep me" and journal.exists()
    journal.write_bytes(b"")                                     # an empty journal is harmless
    backups.restore(copy, project_file)


def test_a_damaged_backup_is_not_restored(project_file: Path) -> None:
    open_for_editing(project_file).close()
    [copy] = backups.list_backups(project_file)
    with copy.path.open("r+b") as handle:
        handle.truncate(copy.size // 2)
    before = project_file.read_bytes()
    with pytest.raises(BackupError) as caught:
        backups.restore(backups.list_backups(project_file)[0], project_file)
    assert "备份无法使用" in str(caught.value)
    assert project_file.read_bytes() == before
    assert len(backups.list_backups(project_file)) == 1


def test_restore_is_refused_when_the_current_content_cannot_be_kept(
        project_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_for_editing(project_file).close()
    project = Project.open(project_file)
    edit(project, "A11", "0")
    project.close()
    before = project_file.read_bytes()

    def full_disk(_conn: sqlite3.Connection, _tmp: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_restore, "sqlite_copy", full_disk)
    with pytest.raises(BackupError) as caught:
        backups.restore(backups.list_backups(project_file)[0], project_file)
    assert "磁盘空间已满" in str(caught.value) and "没有恢复" in str(caught.value)
    assert project_file.read_bytes() == before


def test_a_damaged_project_file_is_replaced_and_its_bytes_kept(project_file: Path) -> None:
    open_for_editing(project_file).close()
    garbage = b"this was a project file until the USB stick failed" * 100
    project_file.write_bytes(garbage)
    backups.restore(backups.list_backups(project_file)[0], project_file)
    with Project.open(project_file, readonly=True) as restored:
        assert len(restored.indicators()) == 50
    kept = backups.list_backups(project_file)[0]
    assert kept.reason == "恢复前" and kept.indicators is None
    assert kept.path.read_bytes() == garbage


def test_a_deleted_project_file_is_restored(project_file: Path) -> None:
    open_for_editing(project_file).close()
    project_file.unlink()
    [copy] = backups.list_backups(project_file)
    backups.restore(copy, project_file)
    assert projectfile.validate(project_file) >= 1
    assert len(backups.list_backups(project_file)) == 1


def test_copies_are_listed_without_their_index(project_file: Path, clock: FakeClock) -> None:
    project = open_for_editing(project_file)
    clock.advance(backups.INTERVAL_MINUTES)
    project.apply(commands.remove_indicator(project, project.by_code("D").id))
    backups.on_edit(project)
    project.close()
    index = backups.folder_for(project_file) / backups.INDEX
    index.write_text("{damaged", encoding="utf-8")
    listed = backups.list_backups(project_file)
    assert [(b.reason, b.indicators) for b in listed] == [("编辑中", 50 - 13), ("打开时", 50)]
    assert listed[0].project_name == "上城区基层治理综合信息指挥中心建设项目"
    index.unlink()
    assert len(backups.list_backups(project_file)) == 2


def test_files_of_the_same_name_keep_separate_backups(tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "p.pfdesk", tmp_path / "b" / "p.pfdesk"
    for path in (first, second):
        path.parent.mkdir()
        seed004_project(path).close()
    shutil.rmtree(backups.backup_root(), ignore_errors=True)
    open_for_editing(first).close()
    assert len(backups.list_backups(first)) == 1
    assert backups.list_backups(second) == []
    assert backups.folder_for(first) != backups.folder_for(second)


def test_a_backup_opened_for_editing_is_not_backed_up_again(project_file: Path) -> None:
    open_for_editing(project_file).close()
    [copy] = backups.list_backups(project_file)
    open_for_editing(copy.path).close()
    assert [p.name for p in backups.backup_root().iterdir()] == [copy.path.parent.name]
