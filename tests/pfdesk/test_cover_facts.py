"""The version 6 cover facts (邮编, 组织方式, 评价机构类型, 上报时间, 资金截止日期) merge field by
field like every project field, are worded in the history by their Chinese names, and a file
holding something other than text in them is refused by the opening checks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pfdesk import commands, conflicts, merge
from pfdesk.errors import ProjectFileError
from pfdesk.project import Project
from tests.team_files import edit, hand_out


def test_two_members_fill_different_cover_facts(tmp_path: Path) -> None:
    team = hand_out(tmp_path)
    edit(team["甲"], "甲", lambda p: commands.set_info(p, postcode="570125",
                                                       submitted_at="2020-04-14"))
    edit(team["乙"], "乙", lambda p: commands.set_info(p, org_method="财政部门",
                                                       evaluator_kind="中介机构",
                                                       submitted_at="2020-04-20"))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        info = lead.info
        assert (info.postcode, info.org_method, info.evaluator_kind) == (
            "570125", "财政部门", "中介机构")
        # both changed 上报时间 since the hand-out: a conflict, named in words
        assert len(result.conflicts) == 1
        shown = conflicts.conflict_json(result.conflicts[0])
        assert shown["field"] == "submitted_at"
        assert [(v["user"], v["value"]) for v in shown["values"]] == [
            ("甲", "2020-04-14"), ("乙", "2020-04-20")]


def test_history_names_the_fields_in_chinese(tmp_path: Path) -> None:
    with Project.create(tmp_path / "p.sqlite", user="王") as project:
        project.apply(commands.set_info(project, funding_cutoff="2021-12-31",
                                        evaluator_kind="专家组"))
        summary = project.conn.execute(
            "SELECT summary FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert "资金截止日期 空 → 2021-12-31" in summary
    assert "评价机构类型 空 → 专家组" in summary


def test_a_file_whose_cover_fact_is_no_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.pfdesk"
    Project.create(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE project SET evaluator_kind = x'ff00'")
    conn.commit()
    conn.close()
    with pytest.raises(ProjectFileError, match="evaluator_kind"):
        Project.open(path)
