"""Merging members' copies: values worked out by hand from who changed what since the hand-out."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest

from pfdesk import changelog, commands, conflicts, merge
from pfdesk.cli import main
from pfdesk.project import Project
from pfdesk.scoring import score_project
from tests.team_files import edit, hand_out


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def team(tmp_path: Path) -> dict[str, Path]:
    """The leader's file (A: A1 6 points, A2 4 points) handed out as two copies."""
    return hand_out(tmp_path)


_edit = edit


def _score(project: Project, code: str) -> D | None:
    return project.by_code(code).score


def test_disjoint_edits_both_arrive_and_copies_stay_untouched(team: dict[str, Path]) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    _edit(team["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A2").id, "3"))
    copies = {name: _digest(team[name]) for name in ("甲", "乙")}
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert result.conflicts == []
        assert (_score(lead, "A1"), _score(lead, "A2")) == (D(5), D(3))
        assert score_project(lead).total == D(8)                     # 5 + 3 of 10
        assert [(r.users, r.entries) for r in result.sources] == [(["甲"], 1), (["乙"], 1)]
    assert {name: _digest(team[name]) for name in ("甲", "乙")} == copies


def test_one_field_changed_by_two_members_is_a_conflict_until_chosen(
        team: dict[str, Path]) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    _edit(team["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A1").id, "4"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert len(result.conflicts) == 1
        shown = conflicts.conflict_json(result.conflicts[0])
        assert (shown["code"], shown["field"]) == ("A1", "score")
        assert [(v["user"], v["value"]) for v in shown["values"]] == [("甲", "5.00"),
                                                                         ("乙", "4.00")]
        assert _score(lead, "A1") == D(5)             # the first copy's value, until chosen
        problems = [p for p in score_project(lead).problems if p.kind == "conflict"]
        assert [p.code for p in problems] == ["A1"]
        lead.apply(conflicts.resolve(lead, result.conflicts[0].id, "4"))
        assert _score(lead, "A1") == D(4) and conflicts.open_conflicts(lead) == []
        assert not [p for p in score_project(lead).problems if p.kind == "conflict"]


def test_the_leaders_own_change_since_the_hand_out_conflicts_with_a_member(
        team: dict[str, Path]) -> None:
    _edit(team["lead"], "组长", lambda p: commands.set_score(p, p.by_code("A2").id, "2"))
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A2").id, "3.5"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        values = conflicts.conflict_json(result.conflicts[0])["values"]
        assert [(v["user"], v["value"], v["source"]) for v in values] == [
            ("组长", "2.00", "组长.sqlite"), ("甲", "3.50", "甲.sqlite")]
        assert _score(lead, "A2") == D(2)


def test_merging_again_adds_nothing_and_a_later_edit_of_the_copy_arrives(
        team: dict[str, Path]) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    with Project.open(team["lead"], user="组长") as lead:
        merge.merge(lead, [team["甲"]])
        entries = changelog.count(lead.conn)
        again = merge.merge(lead, [team["甲"], team["甲"]])
        assert (again.merged, again.conflicts, changelog.count(lead.conn)) == (0, [], entries)
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "4"))
    with Project.open(team["lead"], user="组长") as lead:
        later = merge.merge(lead, [team["甲"]])
        assert later.conflicts == [] and _score(lead, "A1") == D(4)


def test_deductions_and_deletions_travel(team: dict[str, Path]) -> None:
    def take_points(p: Project):  # type: ignore[no-untyped-def]
        return commands.add_deduction(p, p.by_code("A1").id, "1.5", "依据文件不全")

    def drop_finding(p: Project):  # type: ignore[no-untyped-def]
        return commands.remove_row(p, "finding", p.findings()[0].id, "删除问题")

    finding_id = _finding_id(team["乙"])
    _edit(team["甲"], "甲", take_points)
    _edit(team["乙"], "乙", drop_finding)
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert result.conflicts == []
        a1 = lead.by_code("A1")
        assert [(d.points, d.reason) for d in lead.deductions(a1.id)] == [(D("1.5"),
                                                                           "依据文件不全")]
        # 6 − 1.5 by the engine; nothing derived is stored on the leaf
        assert (a1.method, a1.score) == ("deduction", None)
        assert score_project(lead).by_id[a1.id].score == D("4.5")
        assert lead.findings() == []
        assert changelog.tombstone(lead.conn, "finding", finding_id) is not None


def _finding_id(path: Path) -> str:
    with Project.open(path, readonly=True, lock=False, backup=False) as project:
        return project.findings()[0].id


def test_a_deletion_of_a_row_the_leader_changed_is_a_conflict(team: dict[str, Path]) -> None:
    def rename(p: Project):  # type: ignore[no-untyped-def]
        return commands.set_fields(p, "finding", p.findings()[0].id, "改问题", text="目标不细化")

    _edit(team["lead"], "组长", rename)
    _edit(team["甲"], "甲", lambda p: commands.remove_row(p, "finding", p.findings()[0].id, "删"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        assert [(c.tbl, c.field) for c in result.conflicts] == [("finding", conflicts.DELETED)]
        assert [f.text for f in lead.findings()] == ["目标不细化"]          # kept until chosen
        lead.apply(conflicts.resolve(lead, result.conflicts[0].id, conflicts.REMOVE))
        assert lead.findings() == []


def test_the_merge_is_one_undoable_edit(team: dict[str, Path]) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    _edit(team["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A1").id, "4"))
    with Project.open(team["lead"], user="组长") as lead:
        merge.merge(lead, [team["甲"], team["乙"]])
        assert lead.undo_label() == "合并 甲.sqlite、乙.sqlite"
        lead.undo()
        assert _score(lead, "A1") is None and conflicts.open_conflicts(lead) == []
        again = merge.merge(lead, [team["甲"]])                    # undone, so it merges anew
        assert again.merged > 0 and _score(lead, "A1") == D(5)


def test_another_projects_file_and_a_hostile_file_are_refused_untouched(
        team: dict[str, Path], tmp_path: Path) -> None:
    other = tmp_path / "别的项目.sqlite"
    Project.create(other, user="外人").close()
    junk = tmp_path / "坏文件.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    before = _digest(team["lead"])
    with Project.open(team["lead"], user="组长") as lead:
        with pytest.raises(merge.MergeError, match="另一个项目"):
            merge.merge(lead, [team["甲"], other])
        with pytest.raises(merge.PfdeskError):
            merge.merge(lead, [team["甲"], junk])
        with pytest.raises(merge.MergeError, match="不能合并到自己"):
            merge.merge(lead, [team["lead"]])
        assert _score(lead, "A1") is None
    assert _digest(team["lead"]) == before


def test_an_older_format_copy_opens_read_only_for_the_merge(tmp_path: Path) -> None:
    sample = Path(__file__).parent / "data" / "project_v2.sqlite"
    copy = tmp_path / "v2.sqlite"
    shutil.copyfile(sample, copy)
    with Project.open(copy, readonly=True, lock=False, backup=False) as old:
        assert old.info.name                                # upgraded in memory, file untouched
    assert _digest(copy) == _digest(sample)


# ----- the command line -----

def test_cli_merge_exit_codes_and_json(team: dict[str, Path], capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    _edit(team["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A1").id, "4"))
    _edit(team["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A2").id, "3"))
    code = main(["merge", str(team["lead"]), str(team["甲"]), str(team["乙"]), "--json",
                 "--user", "组长"])
    out = json.loads(capsys.readouterr().out)
    assert code == 1
    # 甲: A1 score and status; 乙: A2 score and status (A1's status is already 已评).
    assert out["merged"] == 4
    assert out["conflicts"][0]["code"] == "A1" and out["conflicts"][0]["field"] == "score"
    assert [v["value"] for v in out["conflicts"][0]["values"]] == ["5.00", "4.00"]
    assert main(["check", str(team["lead"])]) == 1
    capsys.readouterr()
    assert main(["score", str(team["lead"]), "--json"]) == 0
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert {"code": "A1", "kind": "conflict"}.items() <= problems[-1].items()
    assert main(["merge", str(team["lead"]), str(team["甲"])]) == 1   # nothing new, still open
    assert "没有新的修改" in capsys.readouterr().out


def test_cli_merge_refuses_another_project_and_a_file_open_elsewhere(
        team: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "别的项目.sqlite"
    Project.create(other).close()
    assert main(["merge", str(team["lead"]), str(other)]) == 2
    err = capsys.readouterr().err.strip()
    assert "另一个项目" in err and err.count("\n") == 0
    with Project.open(team["lead"], user="组长"):                      # the window has it open
        assert main(["merge", str(team["lead"]), str(team["甲"])]) == 2
        assert capsys.readouterr().err.strip()


def test_a_row_deleted_here_and_changed_in_a_copy_can_be_kept(team: dict[str, Path]) -> None:
    def rename(p: Project):  # type: ignore[no-untyped-def]
        return commands.set_fields(p, "finding", p.findings()[0].id, "改问题", text="目标未细化到年度")

    _edit(team["甲"], "甲", rename)
    _edit(team["lead"], "组长", lambda p: commands.remove_row(p, "finding", p.findings()[0].id, "删"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        shown = conflicts.conflict_json(result.conflicts[0])
        assert [(v["user"], v["value"]) for v in shown["values"]] == [("组长", conflicts.REMOVE),
                                                                         ("甲", conflicts.KEEP)]
        assert lead.findings() == []
        lead.apply(conflicts.resolve(lead, result.conflicts[0].id, conflicts.KEEP))
        assert [f.text for f in lead.findings()] == ["目标未细化到年度"]


def test_a_copy_with_a_damaged_log_is_refused_untouched(team: dict[str, Path]) -> None:
    import sqlite3

    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    conn = sqlite3.connect(team["甲"])
    conn.execute("UPDATE change_row SET after = '[1, 2' WHERE entry = "
                 "(SELECT max(seq) FROM change_log)")
    conn.commit()
    conn.close()
    before = _digest(team["lead"])
    with Project.open(team["lead"], user="组长") as lead:
        with pytest.raises(merge.MergeError, match="修改记录已损坏"):
            merge.merge(lead, [team["乙"], team["甲"]])
        assert _score(lead, "A1") is None
    assert _digest(team["lead"]) == before


def test_evidence_travels_with_its_bytes(team: dict[str, Path], tmp_path: Path) -> None:
    from pfdesk import evidence

    scan = tmp_path / "支出凭证.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scanned voucher\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    _edit(team["甲"], "甲", lambda p: evidence.attach(p, scan, p.by_code("A1").id, note="抽查"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        assert result.conflicts == []
        rows = evidence.list_for(lead, lead.by_code("A1").id)
        assert [(r.name, r.note, r.size) for r in rows] == [("支出凭证.pdf", "抽查",
                                                             scan.stat().st_size)]
        assert evidence.read_bytes(lead, rows[0].hash) == scan.read_bytes()


def test_a_members_clock_set_wrong_changes_nothing(team: dict[str, Path]) -> None:
    import sqlite3

    # The leader scores A2 after the hand-out; the member's laptop thinks it is 2019.
    _edit(team["lead"], "组长", lambda p: commands.set_score(p, p.by_code("A2").id, "2"))
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    conn = sqlite3.connect(team["甲"])
    conn.execute("UPDATE change_log SET time = '2019-01-01T00:00:00.000Z' WHERE user = '甲'")
    conn.commit()
    conn.close()
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        assert result.conflicts == []
        assert (_score(lead, "A1"), _score(lead, "A2")) == (D(5), D(2))


def test_two_experts_copies_scoring_the_same_leaf_keep_one_row_each(
        team: dict[str, Path]) -> None:
    from pfdesk import panel
    from pfdesk.model import Evaluator, EvaluatorScore

    expert = Evaluator(name="刘专家")

    def add_expert(p: Project):  # type: ignore[no-untyped-def]
        return commands.add_row(p, expert, "添加评价人员")

    _edit(team["lead"], "组长", add_expert)
    for name in ("甲", "乙"):
        shutil.copyfile(team["lead"], team[name])
    _edit(team["甲"], "甲", lambda p: panel.set_evaluator_score(p, p.by_code("A1").id,
                                                                 expert.id, "5"))
    _edit(team["乙"], "乙", lambda p: panel.set_evaluator_score(p, p.by_code("A1").id,
                                                                 expert.id, "4.5"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        rows = lead.rows(EvaluatorScore)
        assert [(r.evaluator_id, r.score) for r in rows] == [(expert.id, D(5))]
        shown = conflicts.conflict_json(result.conflicts[0])
        assert (shown["code"], shown["table"], shown["field"]) == ("A1", "evaluator_score",
                                                                   "score")
        assert [v["value"] for v in shown["values"]] == ["5.00", "4.50"]
        assert [(v["user"], v["source"]) for v in shown["values"]] == [("甲", "甲.sqlite"),
                                                                       ("乙", "乙.sqlite")]


def test_a_change_the_member_took_back_brings_nothing(team: dict[str, Path]) -> None:
    _edit(team["lead"], "组长", lambda p: commands.set_score(p, p.by_code("A1").id, "3"))
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    with Project.open(team["甲"], user="甲", backup=False) as copy:
        copy.undo()                                  # back to no score: nothing changed net
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        assert result.conflicts == [] and _score(lead, "A1") == D(3)


def test_a_deleted_indicator_still_used_here_is_kept_and_asked_about(
        team: dict[str, Path]) -> None:
    # Found in review: the merge deleted A2 while a finding here still pointed to it, and the
    # whole merge failed on the foreign key.
    def link(p: Project):  # type: ignore[no-untyped-def]
        return commands.link_finding(p, p.findings()[0].id, [p.by_code("A2").id])

    _edit(team["lead"], "组长", link)
    _edit(team["甲"], "甲", lambda p: commands.remove_indicator(p, p.by_code("A2").id))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        assert [(c.tbl, c.code, c.field) for c in result.conflicts] == [
            ("indicator", "A2", conflicts.DELETED)]
        assert lead.by_code("A2") is not None
        lead.apply(conflicts.resolve(lead, result.conflicts[0].id, conflicts.REMOVE))  # with its link
        assert lead.by_code("A2") is None and lead.finding_indicators(lead.findings()[0].id) == []


def test_a_deduction_added_under_an_indicator_deleted_here_is_held_back(
        team: dict[str, Path]) -> None:
    _edit(team["lead"], "组长", lambda p: commands.remove_indicator(p, p.by_code("A2").id))
    _edit(team["甲"], "甲", lambda p: commands.add_deduction(p, p.by_code("A2").id, "1", "不细"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        tables = sorted(c.tbl for c in result.conflicts)
        assert tables == ["deduction", "indicator"]
        held = next(c for c in result.conflicts if c.tbl == "deduction")
        assert [v["user"] for v in conflicts.conflict_json(held)["values"]] == ["组长", "甲"]
        with pytest.raises(merge.EditError, match="先在它所属内容的冲突中选择"):
            conflicts.resolve(lead, held.id, conflicts.KEEP)
        first = next(c for c in result.conflicts if c.tbl == "indicator")
        lead.apply(conflicts.resolve(lead, first.id, conflicts.KEEP))           # A2 back as 甲 had it
        lead.apply(conflicts.resolve(lead, held.id, conflicts.KEEP))
        a2 = lead.by_code("A2")
        assert [d.reason for d in lead.deductions(a2.id)] == ["不细"]


def test_a_copy_that_merged_a_colleague_brings_their_work_once(team: dict[str, Path]) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    with Project.open(team["乙"], user="乙") as colleague:          # 乙 gathers 甲's copy
        merge.merge(colleague, [team["甲"]])
    with Project.open(team["lead"], user="组长") as lead:
        merge.merge(lead, [team["乙"]])
        lead.apply(commands.set_score(lead, lead.by_code("A1").id, "4"))
        later = merge.merge(lead, [team["甲"]])                    # already here through 乙
        assert later.conflicts == [] and _score(lead, "A1") == D(4)


def test_equal_numbers_written_differently_are_no_conflict(team: dict[str, Path]) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    _edit(team["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A1").id, "5.00"))
    with Project.open(team["lead"], user="组长") as lead:
        assert merge.merge(lead, [team["甲"], team["乙"]]).conflicts == []


def test_crosswise_moves_and_a_move_under_a_scored_leaf_are_conflicts(
        team: dict[str, Path]) -> None:
    # Found in review: the two moves made a loop and the whole merge was refused; a move under
    # a scored leaf made its points stop counting.
    _edit(team["甲"], "甲", lambda p: commands.move_indicator(p, p.by_code("A2").id,
                                                              p.by_code("A1").id, 0))
    _edit(team["乙"], "乙", lambda p: commands.move_indicator(p, p.by_code("A1").id,
                                                              p.by_code("A2").id, 0))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert [(c.code, c.field) for c in result.conflicts] == [("A1", "parent_id")]
        a1, a2 = lead.by_code("A1"), lead.by_code("A2")
        assert a2.parent_id == a1.id and a1.parent_id == lead.by_code("A").id


def test_a_review_brought_over_other_content_arrives_marked_changed(
        team: dict[str, Path]) -> None:
    from pfdesk import identity, review

    def sign(p: Project):  # type: ignore[no-untyped-def]
        p.apply(commands.set_info(p, allow_self_review=True))
        p.apply(review.prepare(p, [p.by_code("A1").id], identity.now_ms()))
        return review.review(p, [p.by_code("A1").id], identity.now_ms())

    _edit(team["甲"], "甲", sign)                        # 甲 reviews A1 while it is unscored
    _edit(team["lead"], "组长", lambda p: commands.set_score(p, p.by_code("A1").id, "3"))
    with Project.open(team["lead"], user="组长") as lead:
        merge.merge(lead, [team["甲"]])
        assert lead.by_code("A1").sign_off == "复核后已修改"


def test_two_members_appending_to_one_list_keep_distinct_places(team: dict[str, Path]) -> None:
    from pfdesk.model import Target

    _edit(team["甲"], "甲", lambda p: commands.add_row(p, Target(level3="来电接通率"), "添加"))
    _edit(team["乙"], "乙", lambda p: commands.add_row(p, Target(level3="办结率"), "添加"))
    with Project.open(team["lead"], user="组长") as lead:
        merge.merge(lead, [team["甲"], team["乙"]])
        keys = [t.sort_key for t in lead.targets()]
        assert len(keys) == 2 and len(set(keys)) == 2
        assert [t.level3 for t in lead.targets()] == ["来电接通率", "办结率"]


def _deduction_leaf_in_every_copy(team: dict[str, Path]) -> None:
    """A1 scored by one deduction (6 − 1 = 5) in the leader's file and both copies."""
    _edit(team["lead"], "组长", lambda p: commands.add_deduction(p, p.by_code("A1").id, "1",
                                                               "依据不全"))
    for name in ("甲", "乙"):
        shutil.copyfile(team["lead"], team[name])


@pytest.mark.parametrize("order", [("甲", "乙"), ("乙", "甲")])
def test_a_deduction_and_a_typed_score_of_one_leaf_merge_the_same_in_any_order(
        team: dict[str, Path], order: tuple[str, str]) -> None:
    _deduction_leaf_in_every_copy(team)
    _edit(team["甲"], "甲", lambda p: commands.add_deduction(p, p.by_code("A1").id, "0.5",
                                                            "程序不规范"))
    _edit(team["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A1").id, "4"))
    with Project.open(team["lead"], user="组长") as lead:
        for name in order:
            merge.merge(lead, [team[name]])
        a1 = lead.by_code("A1")
        # 乙 chose to score A1 by hand: the typed 4 counts, 甲's deductions arrive and are
        # listed as not counted; nobody's value is invented
        assert (a1.method, a1.score) == ("manual", D("4"))
        assert len(lead.deductions(a1.id)) == 2
        result = score_project(lead)
        assert result.by_id[a1.id].score == D("4")
        assert "deduction_unused" in [p.kind for p in result.problems]
        assert conflicts.open_conflicts(lead) == []


def test_merging_a_deduction_stores_no_score_on_the_leaf(team: dict[str, Path]) -> None:
    _deduction_leaf_in_every_copy(team)
    _edit(team["甲"], "甲", lambda p: commands.add_deduction(p, p.by_code("A1").id, "0.5",
                                                            "程序不规范"))
    with Project.open(team["lead"], user="组长") as lead:
        merge.merge(lead, [team["甲"]])
        a1 = lead.by_code("A1")
        assert (a1.method, a1.score) == ("deduction", None)
        assert score_project(lead).by_id[a1.id].score == D("4.5")        # 6 − 1 − 0.5


def _import(path: Path, who: str, tmp_path: Path, answers: list[str],
            file: str = "答卷.csv") -> None:
    """``who`` imports 居民问卷 counted from ``answers`` (a file of that name) in ``path``."""
    from pfdesk import survey
    from pfdesk.survey_file import read_answers

    folder = tmp_path / f"{who}-{len(answers)}"
    folder.mkdir(exist_ok=True)
    (folder / file).write_text("编号,总体满意度\n" + "".join(
        f"{k},{a}\n" for k, a in enumerate(answers, 1)), encoding="utf-8")
    summary = survey.summarize(read_answers(folder / file))
    _edit(path, who, lambda p: commands.import_survey(p, "居民问卷", file, summary))


def _delete_survey(project: Project):  # type: ignore[no-untyped-def]
    """The edit deleting 居民问卷."""
    from pfdesk.survey_rows import by_name

    row = by_name(project, "居民问卷")
    assert row is not None
    return commands.delete_survey(project, row.id)


def _respondents(project: Project) -> list[int]:
    from pfdesk.survey import from_json
    from pfdesk.survey_rows import surveys

    return [from_json(s.summary).respondents for s in surveys(project)]


def test_the_same_survey_imported_in_two_copies_is_one_survey(team: dict[str, Path],
                                                               tmp_path: Path) -> None:
    """Rules read a survey by its name: two members importing 居民问卷 give one survey, not two
    of which the first would silently be used; the same counts of the same file merge
    quietly."""
    from pfdesk.survey_rows import surveys

    same = ["满意", "满意", "一般"]
    _import(team["甲"], "甲", tmp_path, same)     # each counts the file shared with them
    _import(team["乙"], "乙", tmp_path, same)
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert result.conflicts == []
        assert [s.name for s in surveys(lead)] == ["居民问卷"]


def test_different_counts_of_one_survey_are_a_conflict(team: dict[str, Path],
                                                       tmp_path: Path) -> None:
    """Different answers counted under one name: a conflict on the counts, naming who gave
    each; the first copy's counts stand until one is chosen."""
    from pfdesk.survey import from_json
    from pfdesk.survey_rows import by_name, surveys

    _import(team["甲"], "甲", tmp_path, ["满意", "满意", "一般"])
    _import(team["乙"], "乙", tmp_path, ["满意", "不满意", "一般", "满意"])
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert [s.name for s in surveys(lead)] == ["居民问卷"]
        assert len(result.conflicts) == 1
        shown = conflicts.conflict_json(result.conflicts[0])
        assert (shown["table"], shown["field"]) == ("survey", "summary")
        assert [v["user"] for v in shown["values"]] == ["甲", "乙"]
        row = by_name(lead, "居民问卷")
        assert row is not None and from_json(row.summary).respondents == 3   # 甲's until chosen
        # each counting shown so the two can be told apart: 满意 2 of 3 valid = 66.67%;
        # 满意 2 of 4 = 50.00%
        from pfdesk.change_text import shown_value
        assert [shown_value("summary", v["value"], (), ()) for v in shown["values"]] == [
            "3 份答卷，总体满意率 66.67%（答卷.csv）", "4 份答卷，总体满意率 50.00%（答卷.csv）"]
        second = shown["values"][1]["value"]
        lead.apply(conflicts.resolve(lead, result.conflicts[0].id, second))
        row = by_name(lead, "居民问卷")
        assert row is not None and from_json(row.summary).respondents == 4   # 乙's 4 answers
        assert conflicts.open_conflicts(lead) == []


def test_a_member_importing_again_after_a_merge_updates_the_one_survey(
        team: dict[str, Path], tmp_path: Path) -> None:
    """甲's and 乙's same counts became one survey (甲's row); 乙 then imports corrected answers
    in the same copy: the next merge brings them into that survey, with no conflict (乙's row
    never was in the leader's file, so nobody deleted it)."""
    _import(team["甲"], "甲", tmp_path, ["满意", "满意", "一般"])
    _import(team["乙"], "乙", tmp_path, ["满意", "满意", "一般"])
    with Project.open(team["lead"], user="组长") as lead:
        assert merge.merge(lead, [team["甲"], team["乙"]]).conflicts == []
    _import(team["乙"], "乙", tmp_path, ["满意", "满意", "满意", "满意"])
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["乙"]])
        assert result.conflicts == []
        assert _respondents(lead) == [4]


def test_a_survey_deleted_and_imported_again_is_one_survey(team: dict[str, Path],
                                                           tmp_path: Path) -> None:
    """The survey was there at the hand-out; 甲 deleted it and imported it again (another
    row): to the leader that is one survey counted again. The leader left it alone: 甲's
    counts are taken. The leader counted it again too: one conflict on the counts, no
    question of deleting it."""

    _import(team["lead"], "组长", tmp_path, ["满意", "一般"])
    shutil.copyfile(team["lead"], team["甲"])
    _edit(team["甲"], "甲", _delete_survey)
    _import(team["甲"], "甲", tmp_path, ["满意"] * 5)
    with Project.open(team["lead"], user="组长") as lead:
        assert merge.merge(lead, [team["甲"]]).conflicts == []
        assert _respondents(lead) == [5]
    # handed out again; the leader counts it again meanwhile
    shutil.copyfile(team["lead"], team["乙"])
    _import(team["lead"], "组长", tmp_path, ["满意", "一般", "一般"])
    _edit(team["乙"], "乙", _delete_survey)
    _import(team["乙"], "乙", tmp_path, ["满意"] * 6)
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["乙"]])
        assert [c.field for c in result.conflicts] == ["summary"]
        assert _respondents(lead) == [3]                    # the leader's, until chosen
        theirs = conflicts.conflict_json(result.conflicts[0])["values"][-1]
        assert theirs["user"] == "乙"
        lead.apply(conflicts.resolve(lead, result.conflicts[0].id, theirs["value"]))
        assert _respondents(lead) == [6] and conflicts.open_conflicts(lead) == []


def test_the_same_counts_imported_again_by_two_members_merge_quietly(
        team: dict[str, Path], tmp_path: Path) -> None:
    """Imported before the hand-out, counted again by both members from the same answers
    (their files named differently, at different times): nothing to choose."""
    from pfdesk.survey_rows import by_name

    _import(team["lead"], "组长", tmp_path, ["满意", "一般"])
    for name in ("甲", "乙"):
        shutil.copyfile(team["lead"], team[name])
    _import(team["甲"], "甲", tmp_path, ["满意", "满意", "一般"], "甲的答卷.csv")
    _import(team["乙"], "乙", tmp_path, ["满意", "满意", "一般"], "乙的答卷.csv")
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert result.conflicts == []
        row = by_name(lead, "居民问卷")
        assert row is not None and row.source_name == "甲的答卷.csv"   # taken with the counts
        assert _respondents(lead) == [3]


def test_choosing_a_members_counts_takes_their_file_name_too(team: dict[str, Path],
                                                             tmp_path: Path) -> None:
    from pfdesk import changelog
    from pfdesk.errors import EditError
    from pfdesk.survey_rows import by_name

    _import(team["甲"], "甲", tmp_path, ["满意", "一般"], "甲的答卷.csv")
    _import(team["乙"], "乙", tmp_path, ["满意", "满意", "满意"], "乙的答卷.csv")
    with Project.open(team["lead"], user="组长") as lead:
        conflict = merge.merge(lead, [team["甲"], team["乙"]]).conflicts[0]
        with pytest.raises(EditError, match="只能在列出的取值中选择"):
            lead.apply(conflicts.resolve(lead, conflict.id, "100%"))   # typed: refused
        second = conflicts.conflict_json(conflict)["values"][1]["value"]
        lead.apply(conflicts.resolve(lead, conflict.id, second))
        row = by_name(lead, "居民问卷")
        assert row is not None and row.source_name == "乙的答卷.csv"
        assert _respondents(lead) == [3]
        assert changelog.history(lead.conn, limit=1)[0].entry.label == \
            "解决 满意度调查“居民问卷” 的冲突"


def test_a_survey_the_leader_deleted_and_counted_again_is_still_one_survey(
        team: dict[str, Path], tmp_path: Path) -> None:
    """The leader deleted the survey handed out and imported it again (another row); a member
    counted it again: one survey, a conflict on its counts only (keeping the member's must
    not make a second survey of the same name)."""

    _import(team["lead"], "组长", tmp_path, ["满意", "一般"])
    shutil.copyfile(team["lead"], team["甲"])
    _edit(team["lead"], "组长", _delete_survey)
    _import(team["lead"], "组长", tmp_path, ["满意"] * 3)
    _import(team["甲"], "甲", tmp_path, ["满意"] * 4)
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        assert [c.field for c in result.conflicts] == ["summary"]
        theirs = conflicts.conflict_json(result.conflicts[0])["values"][-1]
        lead.apply(conflicts.resolve(lead, result.conflicts[0].id, theirs["value"]))
        assert _respondents(lead) == [4]


def test_a_member_deleting_a_survey_merged_into_another_deletes_it(
        team: dict[str, Path], tmp_path: Path) -> None:
    """甲's and 乙's same counts became one survey (甲's row); 乙 then deletes the survey in
    the copy: the leader's survey, unchanged since, goes (the deletion was dropped)."""

    _import(team["甲"], "甲", tmp_path, ["满意", "一般"])
    _import(team["乙"], "乙", tmp_path, ["满意", "一般"])
    with Project.open(team["lead"], user="组长") as lead:
        assert merge.merge(lead, [team["甲"], team["乙"]]).conflicts == []
    _edit(team["乙"], "乙", _delete_survey)
    with Project.open(team["lead"], user="组长") as lead:
        assert merge.merge(lead, [team["乙"]]).conflicts == []
        assert _respondents(lead) == []


def test_deleting_one_of_two_surveys_of_a_name_reaches_the_leader(team: dict[str, Path],
                                                                  tmp_path: Path) -> None:
    """A file holding two surveys of one name (as a merge of an earlier pfdesk could leave it):
    a member deleting the first, which rules read, deletes it in the leader's file too (the
    second one is no re-import of it)."""
    from pfdesk.edits import Edit, Insert
    from pfdesk.model import Survey
    from pfdesk.survey_rows import surveys

    _import(team["lead"], "组长", tmp_path, ["满意", "一般"])
    with Project.open(team["lead"], user="组长") as lead:
        first = surveys(lead)[0]
        lead.apply(Edit("第二份", [Insert(Survey(sort_key=first.sort_key + "x", name="居民问卷",
                                                  source_name="旧.csv",
                                                  summary=first.summary.replace(
                                                      '"答卷.csv"', '"旧.csv"'),
                                                  imported_at=first.imported_at))]))
    shutil.copyfile(team["lead"], team["甲"])
    _edit(team["甲"], "甲", lambda p: commands.delete_survey(p, surveys(p)[0].id))
    with Project.open(team["lead"], user="组长") as lead:
        assert merge.merge(lead, [team["甲"]]).conflicts == []
        assert [s.source_name for s in surveys(lead)] == ["旧.csv"]


def test_keeping_a_survey_deleted_here_is_named_in_the_history(team: dict[str, Path],
                                                               tmp_path: Path) -> None:

    _import(team["lead"], "组长", tmp_path, ["满意", "一般"])
    shutil.copyfile(team["lead"], team["甲"])
    _edit(team["lead"], "组长", _delete_survey)
    _import(team["甲"], "甲", tmp_path, ["满意"] * 4)
    with Project.open(team["lead"], user="组长") as lead:
        conflict = merge.merge(lead, [team["甲"]]).conflicts[0]
        assert conflict.field == conflicts.DELETED
        change = lead.apply(conflicts.resolve(lead, conflict.id, conflicts.KEEP))
        assert change.label == "解决 满意度调查“居民问卷” 的冲突"
        assert _respondents(lead) == [4]


def test_a_deletion_by_an_earlier_copy_is_named_against_a_later_change(
        team: dict[str, Path], tmp_path: Path) -> None:
    """甲's and 乙's same counts became one survey; then 甲 deletes it and 乙 counts it again:
    merged together, the conflict says 甲 deleted it (it said — from the leader's file)."""
    _import(team["甲"], "甲", tmp_path, ["满意", "一般"])
    _import(team["乙"], "乙", tmp_path, ["满意", "一般"])
    with Project.open(team["lead"], user="组长") as lead:
        assert merge.merge(lead, [team["甲"], team["乙"]]).conflicts == []
    _edit(team["甲"], "甲", _delete_survey)
    _import(team["乙"], "乙", tmp_path, ["满意"] * 4)
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert [c.field for c in result.conflicts] == [conflicts.DELETED]
        values = conflicts.conflict_json(result.conflicts[0])["values"]
        assert [(v["user"], v["source"], v["value"]) for v in values] == [
            ("甲", "甲.sqlite", conflicts.REMOVE), ("乙", "乙.sqlite", conflicts.KEEP)]
