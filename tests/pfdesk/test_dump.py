"""Dump to JSON and load back, losslessly; a bad dump leaves nothing behind."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.dump import dump, dumps, load
from pfdesk.errors import ImportError_
from pfdesk.model import Evaluator, Finding, FundingItem, FundingSource, Target
from pfdesk.project import Project
from pfdesk.schema import SCHEMA_VERSION
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
    project.apply(commands.add_row(project, Evaluator(name="王五"), "t"))
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
    (lambda d: d["tables"]["indicator"][0].update(position=0), "未知字段"),
    (lambda d: d["tables"]["indicator"][0].update(sort_key=5), "应为文本"),
    (lambda d: d["tables"]["indicator"][0].update(sort_key="V0"), "第 1 行 的 sort_key"),
    (lambda d: d["tables"]["target"][0].update(sort_key=""), "target 第 1 行 的 sort_key"),
    (lambda d: d["tables"]["finding"][0].pop("sort_key"), "finding 第 1 行 的 sort_key 缺失"),
    (lambda d: d["tables"]["indicator"][5].update(status="已复核"), "status"),
    (lambda d: d["tables"]["indicator"][5].update(changed_after_review=2), "0 或 1"),
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


def test_a_lone_surrogate_escape_is_refused_by_name(tmp_path, capsys):
    # Found by the fuzzer: "\\ud800" in a dump reached SQLite and came back as Python's words.
    data = dump(_rich(tmp_path / "a.sqlite"))
    data["tables"]["indicator"][0]["code"] = "\ud800"
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    assert main(["load", str(tmp_path / "bad.json"), "-o", str(tmp_path / "out.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "表 indicator 第 1 行 的 code 含有无法保存的字符" in err and "codec" not in err
    assert not (tmp_path / "out.sqlite").exists()


def test_not_json(tmp_path, capsys):
    (tmp_path / "x.json").write_text("{oops", encoding="utf-8")
    assert main(["load", str(tmp_path / "x.json"), "-o", str(tmp_path / "o.sqlite")]) == 2
    err = capsys.readouterr().err
    assert "第 1 行" in err and err.count("\n") == 1


def _leftovers(folder, *keep):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def _closed_dump(path):
    project = _rich(path)
    try:
        return dump(project)
    finally:
        project.close()


def _chain(data, depth, reverse=True):
    """Append ``depth`` indicators, each the child of the one before, below the last leaf."""
    inds = data["tables"]["indicator"]
    base, parent, chain = dict(inds[-1]), inds[-1]["id"], []
    for i in range(depth):
        row = dict(base, id=f"deep{i}", parent_id=parent, code=f"Z{i}", sort_key="V")
        chain.append(row)
        parent = row["id"]
    inds.extend(chain[::-1] if reverse else chain)


@pytest.mark.parametrize("depth, reverse", [(3000, True), (3000, False), (20, True)])
def test_deep_parent_chain_is_refused_in_one_line(tmp_path, capsys, depth, reverse):
    data = _closed_dump(tmp_path / "a.sqlite")
    _chain(data, depth, reverse)
    (tmp_path / "deep.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportError_, match="超过 12 级"):
        load(tmp_path / "deep.json", tmp_path / "out.sqlite")
    assert main(["load", str(tmp_path / "deep.json"), "-o", str(tmp_path / "out.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "超过 12 级" in err and "Recursion" not in err
    assert _leftovers(tmp_path, "a.sqlite", "deep.json") == []


def test_chain_of_twelve_levels_still_loads(tmp_path):
    data = _closed_dump(tmp_path / "a.sqlite")     # seed 004 has three levels: nine more fit
    _chain(data, 9)
    (tmp_path / "ok.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with load(tmp_path / "ok.json", tmp_path / "out.sqlite") as project:
        assert project.by_code("Z8").parent_id == "deep7"


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "嵌套"),
    ('{"a": ' * 100_000 + "1" + "}" * 100_000, "嵌套"),
    ('{"format": "pfdesk-dump", "schema_version": ' + "9" * 5000 + "}", "不是合法的 JSON"),
])
def test_hostile_json_is_refused_in_one_line(tmp_path, capsys, text, words):
    (tmp_path / "x.json").write_text(text, encoding="utf-8")
    with pytest.raises(ImportError_, match=words):
        load(tmp_path / "x.json", tmp_path / "o.sqlite")
    assert main(["load", str(tmp_path / "x.json"), "-o", str(tmp_path / "o.sqlite")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and len(err) < 200
    assert _leftovers(tmp_path, "x.json") == []


@pytest.mark.parametrize("mutate", [
    lambda d: d["tables"]["indicator"][0].update({"x\n" * 10_000: 1}),
    lambda d: d["tables"].update({"t\n" * 10_000: []}),
    lambda d: d.update(schema_version="9\n" * 10_000),
    lambda d: d["tables"]["indicator"].extend([
        dict(d["tables"]["indicator"][-1], id="b", parent_id="环\n" * 10_000, code="Y2"),
        dict(d["tables"]["indicator"][-1], id="环\n" * 10_000, parent_id="b", code="Y1")]),
])
def test_refusals_never_echo_long_or_multiline_values(tmp_path, mutate):
    data = _closed_dump(tmp_path / "a.sqlite")
    mutate(data)
    (tmp_path / "bad.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportError_) as caught:
        load(tmp_path / "bad.json", tmp_path / "out.sqlite")
    message = str(caught.value)
    assert "\n" not in message and len(message) < 200


def test_interrupted_load_leaves_no_file(tmp_path, monkeypatch):
    project = _rich(tmp_path / "a.sqlite")
    (tmp_path / "a.json").write_text(dumps(project), encoding="utf-8")
    project.close()

    def interrupted(self, rows):
        raise KeyboardInterrupt

    monkeypatch.setattr(Project, "insert_verbatim", interrupted)
    with pytest.raises(KeyboardInterrupt):
        load(tmp_path / "a.json", tmp_path / "out.sqlite")
    assert _leftovers(tmp_path, "a.sqlite", "a.json") == []


KILLED_LOAD = """
import os, signal, sys
from pfdesk.project import Project
from pfdesk.schema import SCHEMA_VERSION
from pfdesk.dump import load
def killed(self, rows):
    os.kill(os.getpid(), signal.SIGKILL)
Project.insert_verbatim = killed
load(sys.argv[1], sys.argv[2])
"""


def test_killed_load_leaves_no_file_under_the_final_name(tmp_path):
    project = _rich(tmp_path / "a.sqlite")
    (tmp_path / "a.json").write_text(dumps(project), encoding="utf-8")
    project.close()
    out = tmp_path / "out.sqlite"
    proc = subprocess.run([sys.executable, "-c", KILLED_LOAD, str(tmp_path / "a.json"), str(out)],
                          capture_output=True, timeout=120, check=False)
    assert proc.returncode == -9
    assert not out.exists()
    load(tmp_path / "a.json", out).close()         # the same name works at once
    assert _leftovers(tmp_path, "a.sqlite", "a.json", "out.sqlite") == []


def _full_disk(monkeypatch):
    def full(self, data, *args, **kwargs):
        with open(self, "wb") as handle:
            handle.write(b'{"format": "pfdesk-du')
        raise OSError(28, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_bytes", full)
    monkeypatch.setattr(Path, "write_text", full)


def test_dump_to_a_full_disk_leaves_nothing_and_keeps_the_old_file(tmp_path, capsys,
                                                                   monkeypatch):
    _rich(tmp_path / "a.sqlite").close()
    old = tmp_path / "old.json"
    old.write_text("previous dump", encoding="utf-8")
    _full_disk(monkeypatch)
    assert main(["dump", str(tmp_path / "a.sqlite"), "-o", str(tmp_path / "new.json")]) == 2
    assert main(["dump", str(tmp_path / "a.sqlite"), "-o", str(old)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and err.count("磁盘空间已满") == 2
    assert ".tmp" not in err and "No space" not in err
    monkeypatch.undo()
    assert old.read_text(encoding="utf-8") == "previous dump"
    assert _leftovers(tmp_path, "a.sqlite", "old.json") == []


def test_dump_is_written_with_the_umask_and_never_onto_the_project(tmp_path, capsys):
    _rich(tmp_path / "a.sqlite").close()
    before = (tmp_path / "a.sqlite").read_bytes()
    previous = os.umask(0o022)
    try:
        assert main(["dump", str(tmp_path / "a.sqlite"), "-o", str(tmp_path / "d.json")]) == 0
        assert main(["dump", str(tmp_path / "a.sqlite"), "-o", str(tmp_path / "a.sqlite")]) == 2
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "d.json").stat().st_mode) == 0o644
    assert "项目文件" in capsys.readouterr().err
    assert (tmp_path / "a.sqlite").read_bytes() == before


# ----- dumps written before ordering keys (version 1 and 2) -----

DUMP_V2 = Path(__file__).parent / "data" / "dump_v2.json"


def _v2_dump():
    return json.loads(DUMP_V2.read_text(encoding="utf-8"))


def _load_data(tmp_path, data, name="out.sqlite"):
    (tmp_path / "in.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return load(tmp_path / "in.json", tmp_path / name)


def test_an_old_dump_keeps_its_order_as_keys(tmp_path):
    data = _v2_dump()
    targets = data["tables"]["target"]
    targets.reverse()                                        # the order comes from positions
    assert [t["position"] for t in targets] == [1, 0]
    with _load_data(tmp_path, data) as project:
        assert [t.level3 for t in project.rows(Target)] == ["群众满意度", "完成率"]
        assert [t.sort_key for t in project.rows(Target)] == ["0000000000V", "0000000001V"]
        assert [k.code for k in project.children(None)] == ["A", "B"]
        assert dump(project)["schema_version"] == SCHEMA_VERSION == 7


def test_an_old_reviewed_indicator_without_a_name_is_signed_off_by_the_upgrade(tmp_path):
    data = _v2_dump()
    b11 = _code(data, "B11")
    assert b11["status"] == "已复核"
    b11["modified_by"] = ""
    with _load_data(tmp_path, data) as project:
        row = project.by_code("B11")
        assert (row.status, row.sign_off) == ("已评", "已复核")
        assert row.prepared_by == row.reviewed_by == "升级前复核"
        assert row.prepared_at == row.reviewed_at == b11["modified_at"]


def test_an_old_dump_without_positions_loads(tmp_path):
    data = _v2_dump()
    data["schema_version"] = 1
    for row in data["tables"]["evaluator"]:
        del row["position"]
    with _load_data(tmp_path, data) as project:
        assert {e.sort_key for e in project.rows(Evaluator)} == {"0000000000V"}


@pytest.mark.parametrize("value, words", [
    (10**30, "position 应为整数"), ("3", "position 应为整数"), (True, "position 应为整数"),
    (-4, None),
])
def test_old_dump_positions_are_checked(tmp_path, value, words):
    data = _v2_dump()
    data["tables"]["finding"][0]["position"] = 3
    data["tables"]["finding"][1]["position"] = value
    if words is None:       # a negative position counts as 0, as in the file upgrade
        with _load_data(tmp_path, data) as project:
            assert [f.kind for f in project.rows(Finding)] == ["建议", "问题"]
        return
    with pytest.raises(ImportError_, match=f"表 finding 第 2 行 的 {words}"):
        _load_data(tmp_path, data)
    assert not (tmp_path / "out.sqlite").exists()


def test_a_current_dump_is_listed_in_display_order(tmp_path):
    project = _rich(tmp_path / "a.sqlite")
    a = project.by_code("A")
    project.apply(commands.move_indicator(project, a.id, None, 99))      # A goes last
    tables = dump(project)["tables"]
    top = [r["code"] for r in tables["indicator"] if r["parent_id"] is None]
    assert top == [k.code for k in project.children(None)] and top[-1] == "A"
    keys = [r["sort_key"] for r in tables["indicator"]]
    assert keys == sorted(keys)
