"""``pfdesk check`` renders the same checks as the export, as lines or as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.project import Project
from tests.pfdesk.reports.checks_fixture import explain_deductions


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["check", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_check_for_a_layout_as_json(project_file: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, str(project_file), "--layout", "full")
    assert code == 1
    assert data["file"] == "seed004.sqlite" and data["layout"] == "full"
    assert data["interrupted"] is False
    # the fixture's eight deducted leaves have no problem linked to them
    first = data["checks"][0]
    assert first == {
        "kind": "deducted_no_problem", "severity": "warning", "project": "", "code": "A21",
        "indicator_id": first["indicator_id"], "section": "存在的问题",
        "message": "A21绩效目标合理性扣了1分，但“存在的问题”中没有一条与它关联",
        "action": "请在“评价发现”页的“问题与原因”中写明这一扣分反映的问题，并勾选这个指标；"
                  "或核对该指标的得分。"}
    assert [c["code"] for c in data["checks"]] == ["A21", "A22", "B11", "B12", "B15", "B25",
                                                  "D16", "D22"]


def test_check_passes_once_deductions_are_explained(project_file: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(project_file) as project:
        explain_deductions(project)
    assert _json(capsys, str(project_file), "--layout", "full") == (0, {
        "file": "seed004.sqlite", "interrupted": False, "layout": "full", "checks": []})
    assert main(["check", str(project_file), "--layout", "brief"]) == 0
    out = capsys.readouterr().out
    assert "导出“重点绩效评价报告（简版）”前的检查全部通过，总分 88.5，等级 良。" in out


def test_check_lines_with_what_to_do(project_file: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(project_file) as project:
        explain_deductions(project)
        project.apply(commands.set_narrative(project, "conclusion", "综合得分90分。"))
    assert main(["check", str(project_file), "--layout", "full"]) == 1
    out = capsys.readouterr().out
    assert "导出“完整评价报告”前的检查发现 1 个问题：" in out
    assert ("  · 报告章节“综合评价结论”中写“综合得分90分”，而综合得分是88.5分\n"
            "    请在“项目信息”页的“报告章节”中修改“综合评价结论”里的这句话；如评分有误，先改评分。") in out


def test_check_without_a_layout_lists_the_scoring_problems(project_file: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    with Project.open(project_file) as project:
        project.apply(commands.set_score(project, project.by_code("A11").id, ""))
    code, data = _json(capsys, str(project_file))
    assert code == 1 and data["layout"] is None
    assert [(c["kind"], c["code"], c["message"]) for c in data["checks"]] == [
        ("unscored", "A11", "A11 尚未评分")]
