"""A project file from a crash or a hostile sender: nothing deleted, nothing lost, nothing written.

Each test here failed on the opening code that rolled interrupted edits back on a copy and put
the copy in place of the file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pfdesk import commands, projectfile
from pfdesk.cli import main
from pfdesk.demo import build_demo
from pfdesk.errors import EditError, ProjectFileError
from pfdesk.project import Project
from pfdesk.projectfile import read_header
from pfdesk.schema import SCHEMA_VERSION
from tests.pfdesk.file_attacks import (
    crash_before_writing,
    crash_mid_edit,
    journal_of,
    plant_super_journal,
    swap_index_roots,
)
from tests.seed004 import seed004_project

DATA = Path(__file__).parent / "data"


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.sqlite"
    seed004_project(path).close()
    return path


def _folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


# ----- item 1: a journal naming a super-journal -----

def test_a_journal_naming_another_file_never_deletes_it(tmp_path, good, capsys):
    crashed = crash_mid_edit(good, tmp_path / "received.sqlite")
    victim = tmp_path / "评价报告终稿.docx"
    victim.write_bytes(b"two days of fieldwork")
    plant_super_journal(crashed, victim)
    # The crafted pair is real: plain SQLite opening a copy of it deletes the named file.
    bait = tmp_path / "bait.bin"
    bait.write_bytes(b"x")
    copy = tmp_path / "copy" / "received.sqlite"
    copy.parent.mkdir()
    shutil.copyfile(crashed, copy)
    shutil.copyfile(journal_of(crashed), journal_of(copy))
    with journal_of(copy).open("r+b") as handle:   # aim the copy's record at the bait
        handle.truncate(journal_of(crashed).stat().st_size - len(str(victim).encode()) - 16 - 4)
    plant_super_journal(copy, bait)
    sqlite3.connect(copy).execute("SELECT count(*) FROM indicator").fetchone()
    assert not bait.exists()
    shutil.rmtree(copy.parent)

    before = _folder_state(tmp_path)
    for readonly in (False, True):
        with pytest.raises(ProjectFileError, match="指向另一个文件"):
            Project.open(crashed, readonly=readonly)
    assert main(["check", str(crashed)]) == 2
    assert "指向另一个文件" in capsys.readouterr().err
    assert victim.read_bytes() == b"two days of fieldwork"
    assert _folder_state(tmp_path) == before


# ----- item 2: opening while another program is in the middle of an edit -----

_HOLDER = textwrap.dedent("""
    import sqlite3, sys
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("UPDATE project SET name = '另一个窗口的修改'")
    print("editing", flush=True)
    sys.stdin.readline()
    conn.execute("COMMIT")
    print("saved", flush=True)
""")


def test_opening_during_another_programs_edit_keeps_that_edit(good):
    other = subprocess.Popen([sys.executable, "-c", _HOLDER, str(good)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout.readline().strip() == "editing"
        assert journal_of(good).exists()              # a live journal, not a crash's leftover
        inode = os.stat(good).st_ino
        project = Project.open(good)
        assert os.stat(good).st_ino == inode           # the file was not replaced under the other
        other.stdin.write("\n")
        other.stdin.flush()
        assert other.stdout.readline().strip() == "saved"
    finally:
        other.wait(timeout=10)
    with pytest.raises(EditError, match="另一个窗口或程序修改"):
        project.apply(commands.set_info(project, name="本窗口的修改"))
    project.close()
    with Project.open(good, readonly=True) as again:
        assert again.info.name == "另一个窗口的修改"


# ----- item 3: a journal that is not hot is SQLite's business -----

@pytest.mark.parametrize("leftover", ["empty", "zeroed header"])
def test_a_journal_that_is_not_hot_does_not_stop_opening(tmp_path, good, leftover):
    crashed = crash_before_writing(good, tmp_path / "crashed.sqlite")
    journal = journal_of(crashed)
    assert journal.read_bytes()[:8] == bytes(8)
    if leftover == "empty":
        journal.write_bytes(b"")
    assert main(["check", str(crashed)]) == 0
    with Project.open(crashed) as project:
        assert project.info.name.startswith("上城区")
        assert not any("半途" in i.name for i in project.indicators().values())
        project.apply(commands.set_info(project, doc_number="上财〔2021〕45号"))
    with Project.open(crashed, readonly=True) as again:
        assert again.info.doc_number == "上财〔2021〕45号"


def test_an_interrupted_edit_is_rolled_back_by_sqlite_in_place(tmp_path, good):
    crashed = crash_mid_edit(good, tmp_path / "crashed.sqlite")
    inode = os.stat(crashed).st_ino
    with Project.open(crashed, readonly=True) as viewed:    # read-only: rolled back in memory
        assert not any("半途" in i.name for i in viewed.indicators().values())
    assert journal_of(crashed).exists()
    with Project.open(crashed) as project:
        assert not any("半途" in i.name for i in project.indicators().values())
    assert os.stat(crashed).st_ino == inode
    assert not journal_of(crashed).exists()


# ----- item 4: a refused file is never written -----

def test_an_older_file_refused_after_upgrading_stays_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.sqlite"
    shutil.copy(DATA / "project_v1.sqlite", path)
    before = path.read_bytes()

    def refuse(self):
        raise ProjectFileError(self.path or path, "内容无法读取（测试）")

    monkeypatch.setattr(Project, "_load", refuse)
    with pytest.raises(ProjectFileError, match="测试"):
        Project.open(path)
    assert path.read_bytes() == before
    assert read_header(path)[1] == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]


# ----- item 8: opening for editing runs the full integrity check -----

def test_a_damaged_index_is_refused_before_any_edit(tmp_path, good):
    swap_index_roots(good, "sqlite_autoindex_indicator_1", "sqlite_autoindex_deduction_1")
    conn = sqlite3.connect(good)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]   # what used to be run
    conn.close()
    before = _folder_state(tmp_path)
    for readonly in (False, True):
        with pytest.raises(ProjectFileError, match="已损坏"):
            Project.open(good, readonly=readonly)
    assert main(["check", str(good)]) == 2
    assert _folder_state(tmp_path) == before


def test_an_edit_that_finds_no_row_in_a_damaged_file_is_one_sentence(good):
    swap_index_roots(good, "sqlite_autoindex_indicator_1", "sqlite_autoindex_deduction_1")
    project = Project(projectfile._open_writable(good, SCHEMA_VERSION, recovering=False),
                      good)  # no checks
    a11 = project.by_code("A11")
    with pytest.raises(EditError, match="索引不一致"):
        project.apply(commands.set_indicator(project, a11.id, analysis="新的分析"))
    project.close()


# ----- a file that is missing its folder's write permission opens read-only -----

def test_a_read_only_file_opens_read_only_and_says_why(good, monkeypatch):
    real_access = os.access
    monkeypatch.setattr("pfdesk.project.os.access",
                        lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    before = good.read_bytes()
    with Project.open(good) as project:
        assert project.readonly
        assert project.readonly_reason == "文件是只读的"
        with pytest.raises(EditError, match=r"只读.*另存为"):
            project.apply(commands.set_info(project, name="改不了"))
    assert good.read_bytes() == before
    assert sorted(p.name for p in good.parent.iterdir()) == ["good.sqlite"]


# ----- item 5: SQLite echoing bytes that are not UTF-8 -----

def test_a_schema_name_that_is_not_utf8_is_one_sentence(tmp_path, good, capsys):
    swap_index_roots(good, "indicator_parent", "deduction_indicator")
    conn = sqlite3.connect(good, isolation_level=None)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET name = CAST(X'fffe41' AS TEXT) "
                 "WHERE name = 'indicator_parent'")
    conn.execute("PRAGMA writable_schema = OFF")
    conn.close()
    before = _folder_state(tmp_path)
    for readonly in (False, True):
        with pytest.raises(ProjectFileError, match="已损坏") as caught:
            Project.open(good, readonly=readonly)
        assert str(caught.value).isprintable()
    assert main(["check", str(good)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _folder_state(tmp_path) == before


@pytest.mark.parametrize(("statement", "words"), [
    ("UPDATE finding SET text = CAST(X'e8af84eda080' AS TEXT) WHERE rowid = 1",
     "finding 的 text 列有无法识别的字符"),
    ("UPDATE narrative SET key = CAST(X'eda080' AS TEXT) WHERE rowid = 1",
     "narrative 的 key 列有无法识别的字符"),
])
def test_text_that_is_not_utf8_is_refused_in_one_sentence(tmp_path, statement, words):
    good = tmp_path / "demo.sqlite"
    build_demo(good).close()
    conn = sqlite3.connect(good, isolation_level=None)
    conn.execute(statement)
    conn.close()
    before = _folder_state(tmp_path)
    with pytest.raises(ProjectFileError, match=words) as caught:
        Project.open(good)
    assert "\ufffd" not in str(caught.value)
    assert _folder_state(tmp_path) == before


def test_findings_linked_in_a_circle_are_refused(tmp_path):
    good = tmp_path / "demo.sqlite"
    build_demo(good).close()
    # A file that opened with such links could not be loaded back from its own dump.
    conn = sqlite3.connect(good, isolation_level=None)
    first, second = [r[0] for r in conn.execute("SELECT id FROM finding LIMIT 2")]
    conn.execute("UPDATE finding SET problem_id = ? WHERE id = ?", (second, first))
    conn.execute("UPDATE finding SET problem_id = ? WHERE id = ?", (first, second))
    conn.close()
    with pytest.raises(ProjectFileError, match="循环"):
        Project.open(good, readonly=True)


def test_a_commit_by_another_program_during_an_edit_is_noticed(good, monkeypatch):
    # Found by the two-writer harness: the change counter was read before the write lock.
    first, second = Project.open(good, lock=False), Project.open(good, lock=False)
    a11 = first.by_code("A11")
    real, saved = first._resolve_all, []

    def resolve_while_the_other_saves(ops, stamp, author):
        if not saved:
            saved.append(second.apply(commands.set_indicator(second, a11.id, analysis="对方的分析")))
        return real(ops, stamp, author)

    monkeypatch.setattr(first, "_resolve_all", resolve_while_the_other_saves)
    with pytest.raises(EditError, match="另一个窗口或程序修改"):
        first.apply(commands.set_indicator(first, a11.id, analysis="本窗口的分析"))
    first.close()
    second.close()
    with Project.open(good, readonly=True) as again:
        assert again.by_code("A11").analysis == "对方的分析"


def test_a_row_without_an_id_is_refused(good):
    # Found by the fuzzer: such a file opened but its own dump could not be loaded back.
    conn = sqlite3.connect(good, isolation_level=None)
    conn.execute("UPDATE indicator SET id = '' WHERE parent_id IS NULL AND rowid = "
                 "(SELECT min(rowid) FROM indicator WHERE parent_id IS NULL)")
    conn.close()
    with pytest.raises(ProjectFileError, match="编号（id）为空"):
        Project.open(good, readonly=True)


def test_a_commit_by_another_program_while_loading_is_noticed(good, monkeypatch):
    # Found by the two-writer harness: tables were read one by one and the change counter
    # afterwards, so a commit in between left a mixed, stale view that later edits saved.
    import pfdesk.project as project_module

    first = Project.open(good, lock=False)
    first.conn.execute("PRAGMA busy_timeout = 100")
    a11 = first.by_code("A11")
    order, outcome, passes = list(project_module.TABLE_ORDER), [], []

    def tables_with_a_commit_between():
        passes.append(1)
        for number, table in enumerate(order):
            if number == 1 and len(passes) == 2:   # the second pass over the tables: loading
                try:
                    first.apply(commands.set_score(first, a11.id, "1"))
                    outcome.append("saved")
                except EditError:
                    outcome.append("refused")       # the loading reader holds its snapshot
            yield table

    class Interleaved:
        def __iter__(self):
            return tables_with_a_commit_between()

    monkeypatch.setattr(project_module, "TABLE_ORDER", Interleaved())
    second = Project.open(good, lock=False)
    monkeypatch.setattr(project_module, "TABLE_ORDER", order)
    if outcome == ["saved"]:
        with pytest.raises(EditError, match="另一个窗口或程序修改"):
            second.apply(commands.set_indicator(second, a11.id, analysis="基于旧内容的修改"))
    else:
        assert outcome == ["refused"]
    first.close()
    second.close()
