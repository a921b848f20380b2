"""Dump to JSON and load back, losslessly; a bad dump leaves nothing behind."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.dump import dump, dumps, load
from pfdesk.errors import ImportError_
from pfdesk.model import Evaluator, Finding, FundingItem, FundingSource, Target
from pfdesk.project import Project
from pfdesk.scoring import score_project
from tests.seed004 import seed004_project


def _rich(path):
    project = seed004_project(path)
    a22 = project.by_code("A22")
    project.apply(commands.add_deduction(project, a22.id, "2", "未设置效益指标", "绩效目标申报表"))
    project.apply(commands.set_info(project, budget="170.86", received="170.86", spent="168.91"))
    project.apply(commands.add_row(project, FundingSource(source="市县", budget=D("170.86")), "t"))
    project.apply(commands.add_row(project, FundingItem(name="监理", total_budget=D("24.09")), "t"))
    project.apply(commands.add_row(project, Target(level1="产出", level3="建设面积",
                                                   target_text="≥500平方米"), "t"))
    project.apply(commands.add_row(project, Evaluator(name="王五", total=D("88.5")), "t"))
    problem = Finding(kind="问题", text="年初绩效目标申报情况不明", cause="未结合年度工作")
    project.apply(commands.add_row(project, problem, "t"))
    project.apply(commands.add_row(project, Finding(kind="建议", text="提高绩效目标编制水平",
                                                    problem_id=problem.id), "t"))
    project.apply(commands.link_finding(project, problem.id, [a22.id]))
    project.apply(commands.set_narrative(project, "background", "为推进治理体系现代化……"))
    return project


def _code(data, code):
    return next(r for r in data["tables"]["indicator"] if r["code"] == code)


def test_round_trip_is_lossless(tmp_path):
    project = _rich(tmp_path / "a.sqlite")
    first = dumps(project)
    (tmp_path / "a.json").write_text(first, encoding="utf-8")
    again = load(tmp_path / "a.json", tmp_path / "b.sqlite")
    assert dumps(again) == first
    assert score_project(again).total == score_project(project).total == D("88.50")
    assert again.deductions(again.by_code("A22").id)[0].evidence == "绩效目标申报表"


def test_cli_dump_and_load(tmp_path, capsys):
    _rich(tmp_path / "a.sqlite").close()
    assert main(["dump", str(tmp_path / "a.sqlite"), "-o", str(tmp_path / "a.json")]) == 0
    assert main(["load", str(tmp_path / "a.json"), "-o", str(tmp_path / "b.sqlite")]) == 0
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert data["format"] == "pfdesk-dump"
    with Project.open(tmp_path / "b.sqlite") as b:
        assert dump(b) == data


@pytest.mark.parametrize("mutate, words", [
    (lambda d: d.update(format="other"), "不是 pfdesk"),
    (lambda d: d["tables"]["indicator"][0].update(weight=1.5), "字符串形式"),
    (lambda d: d["tables"]["indicator"][0].update(colour="red"), "未知字段"),
    (lambda d: d["tables"].update(secrets=[]), "未知的表"),
    (lambda d: d["tables"]["deduction"][0].update(indicator_id="missing"), "矛盾"),
    (lambda d: d.update(schema_version=99), "升级"),
    (lambda d: d["tables"]["indicator"][0].update(position=10**30), "矛盾"),
    (lambda d: d["tables"]["indicator"].append(dict(d["tables"]["indicator"][3])), "重复"),
    (lambda d: d["tables"]["indicator"][5].update(score="1E+999999"), "数值范围"),
    (lambda d: d["tables"]["indicator"][5].update(status="瞎写"), "status"),
    (lambda d: _code(d, "A1").update(parent_id=_code(d, "A11")["id"]), "循环"),
])
def test_bad_dump_refused_and_nothing_left(tmp_path, mutate, words):
    data = dump(_rich(tmp_path / "a.sqlite"))
    mutate(data)
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportError_, match=words):
        load(tmp_path / "bad.json", tmp_path / "out.sqlite")
    assert not (tmp_path / "out.sqlite").exists()


def test_not_json(tmp_path, capsys):
    (tmp_path / "x.json").write_text("{oops", encoding="utf-8")
    assert main(["load", str(tmp_path / "x.json"), "-o", str(tmp_path / "o.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "第 1 行" in err and err.count("\n") == 1
