"""The change log, undo and redo in the core, tombstones and sign-off (issue: every change on record)."""

from __future__ import annotations

import re
import sqlite3
from decimal import Decimal as D
from pathlib import Path

import pytest

from pfdesk import changelog, commands, identity, review
from pfdesk.edits import Edit, Update
from pfdesk.errors import EditError
from pfdesk.project import Project
from pfdesk.tree import IndicatorSpec

MS_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def _project(path: Path, user: str = "张三") -> Project:
    """A: 10 points, with A1 (6) and A2 (4) as leaves."""
    project = Project.create(path, user=user)
    project.apply(commands.add_indicator(project, None, 0, IndicatorSpec(
        "A", "决策", D(10), children=[IndicatorSpec("A1", "立项依据充分性", D(6)),
                                      IndicatorSpec("A2", "绩效目标合理性", D(4))])))
    return project


def _log_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM change_log").fetchone()[0])
    finally:
        conn.close()


# ----- bugs found in review -----

def test_two_operations_on_one_row_both_reach_memory_and_file(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path)
    a1 = project.by_code("A1")
    project.apply(Edit("两处修改", [Update("indicator", a1.id, {"name": "立项依据"}),
                                    Update("indicator", a1.id, {"explanation": "看文件"})]))
    in_memory = project.indicator(a1.id)
    assert (in_memory.name, in_memory.explanation) == ("立项依据", "看文件")
    project.close()
    with Project.open(path, readonly=True) as again:
        on_disk = again.indicator(a1.id)
        assert (on_disk.name, on_disk.explanation) == ("立项依据", "看文件")


def test_update_then_delete_of_one_row_is_a_delete_and_undo_restores_it(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite")
    a1 = project.by_code("A1")
    project.apply(commands.add_deduction(project, a1.id, "1", "依据不足"))
    ded = project.deductions(a1.id)[0]
    change = project.apply(Edit("改后删除", [Update("deduction", ded.id, {"reason": "改"}),
                                              commands.remove_deduction(project, ded.id).ops[0]]))
    assert [(rc.table, rc.before is not None, rc.after is None) for rc in change.rows] == [
        ("deduction", True, True)]
    assert change.rows[0].before.reason == "依据不足"     # the state before the edit, not between
    project.undo()
    assert project.deductions(a1.id)[0].reason == "依据不足"


def test_reviewed_indicator_edited_afterwards_is_marked_and_undo_restores_the_review(
        tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite", user="张三")
    a1 = project.by_code("A1")
    project.apply(commands.set_score(project, a1.id, "5"))
    project.apply(review.prepare(project, [a1.id], identity.now_ms()))
    project.user = "李四"
    project.apply(review.review(project, [a1.id], identity.now_ms()))
    assert project.indicator(a1.id).sign_off == "已复核"
    project.user = "张三"
    project.apply(commands.add_deduction(project, a1.id, "2", "绩效目标不明确"))
    assert project.indicator(a1.id).sign_off == "复核后已修改"
    since = review.changes_since_review(project, a1.id)
    assert len(since) == 1 and since[0].entry.user == "张三"
    assert {c["field"] for c in since[0].changes} >= {"points", "method", "score"}
    counts = review.counts(project)
    assert (counts.leaves, counts.prepared, counts.reviewed, counts.changed_after_review) == (
        2, 1, 0, 1)
    project.undo()
    assert project.indicator(a1.id).sign_off == "已复核"


def test_a_change_of_sign_off_alone_does_not_mark_the_indicator_changed(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite", user="张三")
    project.apply(commands.set_info(project, allow_self_review=True))
    a2 = project.by_code("A2")
    project.apply(review.prepare(project, [a2.id], identity.now_ms()))
    project.apply(review.review(project, [a2.id], identity.now_ms()))   # allowed by the project
    project.apply(review.withdraw(project, [a2.id]))                    # review taken back
    assert project.indicator(a2.id).sign_off == "已编制"
    project.apply(review.review(project, [a2.id], identity.now_ms()))
    assert project.indicator(a2.id).sign_off == "已复核"


def test_signatures_are_not_replaced_silently(tmp_path: Path) -> None:
    # Found in review: the reviewer pressing 编制签字 made himself the preparer of what he had
    # reviewed, and it still showed 已复核.
    project = _project(tmp_path / "p.sqlite", user="陈思远")
    a1 = project.by_code("A1")
    project.apply(review.prepare(project, [a1.id], identity.now_ms()))
    project.user = "王立群"
    with pytest.raises(EditError, match="已由陈思远编制签字"):
        review.prepare(project, [a1.id], identity.now_ms())
    project.apply(review.review(project, [a1.id], identity.now_ms()))
    with pytest.raises(EditError, match="已由王立群复核签字"):
        review.prepare(project, [a1.id], identity.now_ms())
    with pytest.raises(EditError, match="无需再次复核"):
        review.review(project, [a1.id], identity.now_ms())
    ind = project.indicator(a1.id)
    assert (ind.prepared_by, ind.reviewed_by, ind.sign_off) == ("陈思远", "王立群", "已复核")
    project.apply(commands.set_score(project, a1.id, "3"))          # changed after the review:
    project.apply(review.review(project, [a1.id], identity.now_ms()))   # reviewed again
    assert project.indicator(a1.id).sign_off == "已复核"


def test_a_reviewer_cannot_review_what_they_prepared(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite", user="张三")
    a1 = project.by_code("A1")
    with pytest.raises(EditError, match="还没有编制签字"):
        review.review(project, [a1.id], identity.now_ms())
    project.apply(review.prepare(project, [a1.id], identity.now_ms()))
    with pytest.raises(EditError, match="同一人复核"):
        review.review(project, [a1.id], identity.now_ms())


def test_deletes_leave_tombstones_naming_who_and_when(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path, user="王五")
    a2 = project.by_code("A2")
    change = project.apply(commands.remove_indicator(project, a2.id))
    stone = changelog.tombstone(project.conn, "indicator", a2.id)
    assert stone is not None and stone[1] == "王五" and MS_TIME.match(stone[0])
    assert change.entry is not None and change.entry.summary == "删除 A2 绩效目标合理性"
    project.undo()                                   # back again: no longer a tombstone
    assert changelog.tombstone(project.conn, "indicator", a2.id) is None


def test_stamps_have_milliseconds_and_a_name_even_when_none_was_given(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PFDESK_USER", "现场评价员")
    project = _project(tmp_path / "p.sqlite", user="")
    a1 = project.by_code("A1")
    change = project.apply(commands.set_score(project, a1.id, "4"))
    row = project.indicator(a1.id)
    assert MS_TIME.match(row.modified_at)
    assert row.modified_by == "现场评价员" and change.entry.user == "现场评价员"
    assert change.entry.device


# ----- the log -----

def test_every_edit_writes_one_entry_with_before_and_after(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path, user="张三")
    a1 = project.by_code("A1")
    before = _log_count(path)
    project.apply(commands.set_score(project, a1.id, "5"))
    project.apply(commands.set_score(project, a1.id, "4"))
    assert _log_count(path) == before + 2
    newest = changelog.history(project.conn, code="A1")[0]
    assert newest.entry.summary == "修改 A1 立项依据充分性 得分 5 → 4"
    assert [(c["field"], c["before"], c["after"]) for c in newest.changes] == [
        ("score", "5.00", "4.00")]


def test_a_failed_write_leaves_neither_change_nor_entry(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path)
    a1 = project.by_code("A1")
    before = _log_count(path)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(changelog, "write", broken)
    with pytest.raises(EditError, match="项目保持原样"):
        project.apply(commands.set_score(project, a1.id, "5"))
    monkeypatch.undo()
    assert project.indicator(a1.id).score is None
    project.close()
    assert _log_count(path) == before
    with Project.open(path, readonly=True) as again:
        assert again.by_code("A1").score is None


def test_history_filters_by_indicator_and_person_and_keeps_deleted_codes(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite", user="张三")
    a1, a2 = project.by_code("A1"), project.by_code("A2")
    project.apply(commands.set_score(project, a1.id, "5"))
    project.user = "李四"
    project.apply(commands.add_deduction(project, a2.id, "1", "目标不细"))
    project.apply(commands.remove_indicator(project, a2.id))
    a2_items = changelog.history(project.conn, code="A2")
    assert [i.entry.user for i in a2_items][:2] == ["李四", "李四"]
    assert all(c["code"] == "A2" for i in a2_items for c in i.changes)
    assert changelog.history(project.conn, user="张三")[0].entry.summary == \
        "修改 A1 立项依据充分性 得分 空 → 5、评分状态 未评 → 已评"
    assert changelog.users(project.conn) == sorted(["张三", "李四"])


# ----- undo and redo in the core -----

def test_undo_and_redo_survive_closing_the_file(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path)
    a1 = project.by_code("A1")
    project.apply(commands.set_score(project, a1.id, "5"))
    project.apply(commands.set_score(project, a1.id, "4"))
    project.close()
    with Project.open(path, user="李四") as again:
        assert again.undo_label() == "A1 得分改为 4"
        undone = again.undo()
        assert again.by_code("A1").score == D(5)
        assert undone.entry.kind == "undo" and undone.entry.user == "李四"
        assert again.redo_label() == "A1 得分改为 4"
    with Project.open(path) as third:
        third.redo()
        assert third.by_code("A1").score == D(4)
        assert third.redo_label() is None


def test_a_new_edit_after_undo_drops_the_redo(tmp_path: Path) -> None:
    project = _project(tmp_path / "p.sqlite")
    a1 = project.by_code("A1")
    project.apply(commands.set_score(project, a1.id, "5"))
    project.undo()
    project.apply(commands.set_score(project, a1.id, "3"))
    assert project.redo_label() is None
    with pytest.raises(EditError, match="没有可以重做"):
        project.redo()


def test_a_refused_undo_changes_nothing_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path)
    a1 = project.by_code("A1")
    project.apply(commands.set_score(project, a1.id, "5"))
    other = sqlite3.connect(path)                        # another program writes meanwhile
    other.execute("UPDATE project SET name = '别人改的'")
    other.commit()
    other.close()
    log_before = _log_count(path)
    with pytest.raises(EditError, match="另一个窗口或程序修改"):
        project.undo()
    assert project.undo_label() == "A1 得分改为 5" and _log_count(path) == log_before
    assert project.indicator(a1.id).score == D(5)
    project.close()
    with Project.open(path) as again:                    # once reopened, undo works
        again.undo()
        assert again.by_code("A1").score is None


def test_undo_refuses_when_the_row_changed_outside_the_log(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path)
    a1 = project.by_code("A1")
    project.apply(commands.set_score(project, a1.id, "5"))
    project.close()
    conn = sqlite3.connect(path)                         # an edit that left no record
    conn.execute("UPDATE indicator SET score = '2' WHERE code = 'A1'")
    conn.commit()
    conn.close()
    with Project.open(path) as again:
        with pytest.raises(EditError, match="又被修改过"):
            again.undo()
        assert again.by_code("A1").score == D(2)


def test_undo_of_a_damaged_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project = _project(path)
    project.apply(commands.set_score(project, project.by_code("A1").id, "5"))
    project.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE change_row SET before = '{not json' WHERE entry = "
                 "(SELECT max(seq) FROM change_log)")
    conn.commit()
    conn.close()
    with Project.open(path) as again:
        with pytest.raises(EditError, match="已损坏"):
            again.undo()
        assert again.by_code("A1").score == D(5)
        assert changelog.history(again.conn)[0].damaged


def test_create_and_load_entries_are_not_undoable(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.sqlite", user="张三")
    assert project.undo_label() is None
    entries = changelog.history(project.conn)
    assert [e.entry.kind for e in entries] == ["create"]


def test_an_undo_that_would_make_the_tree_loop_is_refused(tmp_path: Path) -> None:
    # A crafted log: the entry of a move claims the indicator used to be its own parent.
    path = tmp_path / "p.sqlite"
    project = _project(path)
    a, a2 = project.by_code("A"), project.by_code("A2")
    project.apply(commands.move_indicator(project, a2.id, None, 1))
    project.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE change_row SET before = json_set(before, '$.parent_id', ?) "
                 "WHERE entry = (SELECT max(seq) FROM change_log) AND row_id = ?", (a2.id, a2.id))
    conn.commit()
    conn.close()
    with Project.open(path) as again:
        with pytest.raises(EditError, match="循环"):
            again.undo()
        assert again.indicator(a2.id).parent_id is None
        assert [i.code for i in again.walk()] == ["A", "A1", "A2"]
    assert a.parent_id is None


# Kills the process inside an edit's transaction: the rows are written, the log entry is not.
_KILLED_MID_EDIT = """
import os, signal, sys
from pfdesk import changelog, commands
from pfdesk.project import Project
changelog.write = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
project = Project.open(sys.argv[1], user="张三")
project.apply(commands.set_score(project, project.by_code("A1").id, "3"))
"""


def test_an_edit_killed_before_its_log_entry_leaves_neither(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "p.sqlite"
    project = _project(path)
    project.apply(commands.set_score(project, project.by_code("A1").id, "5"))
    project.close()
    entries = _log_count(path)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", _KILLED_MID_EDIT, str(path)], cwd=root,
                          check=False, capture_output=True)
    assert done.returncode == -9, done.stderr.decode()
    with Project.open(path, user="李四") as again:    # SQLite rolls the half-made edit back
        assert again.by_code("A1").score == D(5)
        assert changelog.count(again.conn) == entries
        assert again.undo_label() == "A1 得分改为 5"
