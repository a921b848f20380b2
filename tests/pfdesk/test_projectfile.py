"""Project files: identity, journal mode, and refusing hostile or damaged files untouched."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.errors import EditError, ProjectFileError
from pfdesk.project import Project
from pfdesk.schema import APPLICATION_ID, SCHEMA_VERSION
from tests.seed004 import seed004_project


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.sqlite"
    seed004_project(path).close()
    return path


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.close()


def test_new_file_identity_and_journal(good):
    conn = sqlite3.connect(good)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    ids = [r[0] for r in conn.execute("SELECT id FROM indicator")]
    assert all(len(i) == 36 for i in ids)              # UUIDs
    stamps = conn.execute("SELECT DISTINCT modified_at = '' FROM indicator").fetchall()
    assert stamps == [(0,)]
    conn.close()


def test_each_edit_is_stored_at_once(good):
    project = Project.open(good, user="李四")
    a11 = project.by_code("A11")
    project.apply(commands.set_score(project, a11.id, "4"))
    # Another connection sees the edit before this one closes: no Save step.
    other = sqlite3.connect(good)
    row = other.execute("SELECT score, modified_by FROM indicator WHERE id = ?",
                        (a11.id,)).fetchone()
    other.close()
    project.close()
    assert row == ("4", "李四")


def _garbage(p, good):
    p.write_bytes(b"this is not a database at all\n" * 40)


def _empty(p, good):
    p.write_bytes(b"")


def _truncated(p, good):
    data = good.read_bytes()
    p.write_bytes(data[: len(data) // 2])


def _foreign(p, good):
    _sql(p, "CREATE TABLE contacts (name TEXT)", "INSERT INTO contacts VALUES ('x')")


def _wrong_app_id(p, good):
    p.write_bytes(good.read_bytes())
    _sql(p, "PRAGMA application_id = 1234")


def _newer(p, good):
    p.write_bytes(good.read_bytes())
    _sql(p, f"PRAGMA user_version = {SCHEMA_VERSION + 1}")


def _trigger(p, good):
    p.write_bytes(good.read_bytes())
    _sql(p, "CREATE TRIGGER t AFTER UPDATE ON indicator BEGIN DELETE FROM deduction; END")


def _view(p, good):
    p.write_bytes(good.read_bytes())
    _sql(p, "CREATE VIEW v AS SELECT * FROM indicator")


def _extra_table(p, good):
    p.write_bytes(good.read_bytes())
    _sql(p, "CREATE TABLE notes (x TEXT)")


def _wal(p, good):
    p.write_bytes(good.read_bytes())
    conn = sqlite3.connect(p)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()


def _edited(*statements):
    def make(p, good):
        p.write_bytes(good.read_bytes())
        _sql(p, *statements)
    return make


def _deep_chain(p, good):
    p.write_bytes(good.read_bytes())
    conn = sqlite3.connect(p)
    parent = None
    for i in range(40):
        conn.execute("INSERT INTO indicator (id, parent_id, sort_key, code, name, weight) "
                     "VALUES (?, ?, 'V', ?, 'x', '1')", (f"deep{i}", parent, f"Z{i}"))
        parent = f"deep{i}"
    conn.commit()
    conn.close()


HOSTILE = {
    "blob_sort_key": (_edited("UPDATE indicator SET sort_key = x'56'"), "sort_key"),
    "bad_sort_key": (_edited("UPDATE indicator SET sort_key = 'V0' WHERE code = 'A11'"),
                     "排序键"),
    "empty_sort_key": (_edited("UPDATE indicator SET sort_key = '' WHERE code = 'A11'"),
                       "indicator 有 1 行的排序键"),
    "old_status": (_edited("UPDATE indicator SET status = '已复核' WHERE code = 'A11'"), "status"),
    "bad_review_flag": (_edited("UPDATE indicator SET changed_after_review = 2"), "复核后已修改"),
    "text_review_flag": (_edited("UPDATE indicator SET changed_after_review = 'no'"),
                         "changed_after_review"),
    "bad_self_review": (_edited("UPDATE project SET allow_self_review = 5"), "允许本人复核"),
    "huge_score": (_edited("UPDATE indicator SET score = '1E+999999' WHERE code = 'A11'"),
                   "无法识别的数字"),
    "blob_text": (_edited("UPDATE indicator SET analysis = x'00ff' WHERE code = 'A11'"),
                  "analysis"),
    "orphan": (_edited("PRAGMA foreign_keys = OFF",
                       "UPDATE indicator SET parent_id = 'nowhere' WHERE code = 'A1'"),
               "不存在的行"),
    "cycle": (_edited("UPDATE indicator SET parent_id = (SELECT id FROM indicator "
                      "WHERE code = 'A11') WHERE code = 'A1'"), "循环"),
    "bad_status": (_edited("UPDATE indicator SET status = '瞎写' WHERE code = 'A11'"), "status"),
    "deep": (_deep_chain, "超过"),
    "garbage": (_garbage, "文件头"),
    "empty": (_empty, "空的"),
    "truncated": (_truncated, "不完整"),
    "foreign": (_foreign, "其他程序"),
    "wrong_app_id": (_wrong_app_id, "其他程序"),
    "newer": (_newer, "更新版本"),
    "trigger": (_trigger, "trigger t"),
    "view": (_view, "view v"),
    "extra_table": (_extra_table, "table notes"),
    "wal": (_wal, "WAL"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
@pytest.mark.parametrize("command", ["check", "score"])
def test_hostile_file_refused_untouched(kind, command, tmp_path, good, capsys):
    make, words = HOSTILE[kind]
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "project.sqlite"
    make(path, good)
    before = path.read_bytes()
    code = main([command, str(path)])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err
    assert err.count("\n") == 1 and "Traceback" not in err and "project.sqlite" in err
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["project.sqlite"]


def test_trigger_never_runs_on_open(tmp_path, good):
    path = tmp_path / "t.sqlite"
    _trigger(path, good)
    with pytest.raises(ProjectFileError, match="安全"):
        Project.open(path)


def test_missing_file_and_folder(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.sqlite")]) == 2
    assert "不存在" in capsys.readouterr().err
    assert main(["score", str(tmp_path)]) == 2
    assert "不是一个文件" in capsys.readouterr().err


def test_create_refuses_to_overwrite(good):
    with pytest.raises(ProjectFileError, match="已存在"):
        Project.create(good)


def test_save_copy_is_a_complete_project(tmp_path, good):
    with Project.open(good) as project:
        copy = tmp_path / "copy #1?.sqlite"
        project.save_copy(copy)
    with Project.open(copy, readonly=True) as again:
        assert again.info.name.startswith("上城区")
        assert len(again.indicators()) == len(Project.open(good, readonly=True).indicators())


def test_edit_interrupted_by_a_crash_is_rolled_back(tmp_path, good, capsys):
    # Copy the file and its journal in the middle of a transaction: what a crash leaves behind.
    conn = sqlite3.connect(good, isolation_level=None)
    conn.execute("PRAGMA cache_size = 1")
    conn.execute("BEGIN")
    conn.execute("UPDATE indicator SET name = name || '（半途）'")
    conn.execute("UPDATE project SET name = zeroblob(200000)")
    crashed = tmp_path / "crashed.sqlite"
    crashed.write_bytes(good.read_bytes())
    Path(str(crashed) + "-journal").write_bytes(Path(str(good) + "-journal").read_bytes())
    conn.execute("ROLLBACK")
    conn.close()
    before = crashed.read_bytes()
    assert main(["check", str(crashed)]) == 0               # checked as it will be after rollback
    assert "中断" in capsys.readouterr().out
    assert crashed.read_bytes() == before                    # read-only commands never repair
    assert Path(str(crashed) + "-journal").exists()
    with Project.open(crashed) as project:                   # SQLite rolls back on opening
        assert project.info.name.startswith("上城区")
        assert not any("半途" in i.name for i in project.indicators().values())
    assert not Path(str(crashed) + "-journal").exists()
    assert main(["check", str(crashed)]) == 0


def test_hostile_file_with_a_journal_is_not_recovered(tmp_path, good):
    # A planted trigger plus a hot journal: recovery works on a copy, the copy fails the
    # checks, and the original pair stays exactly as it was.
    conn = sqlite3.connect(good, isolation_level=None)
    conn.execute("CREATE TRIGGER t AFTER UPDATE ON indicator BEGIN DELETE FROM deduction; END")
    conn.execute("PRAGMA cache_size = 1")
    conn.execute("BEGIN")
    conn.execute("UPDATE project SET name = zeroblob(200000)")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(good.read_bytes())
    journal = Path(str(bad) + "-journal")
    journal.write_bytes(Path(str(good) + "-journal").read_bytes())
    conn.execute("ROLLBACK")
    conn.close()
    before = (bad.read_bytes(), journal.read_bytes())
    with pytest.raises(ProjectFileError, match="trigger t"):
        Project.open(bad)
    assert (bad.read_bytes(), journal.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["bad.sqlite", "bad.sqlite-journal", "good.sqlite"])


def test_a_file_open_twice_never_loses_an_edit(good):
    # Without the lock file (a share without locks), SQLite's counter still refuses the stale writer.
    first = Project.open(good)
    second = Project.open(good, lock=False)
    a11 = first.by_code("A11")
    first.apply(commands.set_indicator(first, a11.id, analysis="第一个窗口写的分析"))
    with pytest.raises(EditError, match="另一个窗口"):
        second.apply(commands.set_status(second, a11.id, "未评"))
    first.close()
    second.close()
    with Project.open(good, readonly=True) as again:
        assert again.by_code("A11").analysis == "第一个窗口写的分析"


def test_save_copy_onto_the_open_file_is_refused(good):
    with Project.open(good) as project:
        with pytest.raises(ProjectFileError, match="正在编辑"):
            project.save_copy(good)
        project.apply(commands.set_score(project, project.by_code("A11").id, "4"))
