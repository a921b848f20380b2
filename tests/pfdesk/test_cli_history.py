"""pfdesk set / history / undo / redo / sign: one recorded edit per command, refusals that store
nothing, the change log as text and stable JSON, and a damaged log that is shown but not undone.

The test project (built by hand below): A 决策 40 → A1 项目立项 40 → A11 立项依据充分性 20 (得 15),
A12 立项程序规范性 20 (得 20); B 过程 60 → B1 组织实施 60 → B11 管理制度健全性 30 (得 24),
B12 制度执行有效性 30 (得 18). Total 15 + 20 + 24 + 18 = 77.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from pfdesk import changelog, commands, identity
from pfdesk.cli import main
from pfdesk.model import Deduction
from pfdesk.project import Project
from pfdesk.scoring import score_project
from pfdesk.tree import IndicatorSpec

ROOT = Path(__file__).resolve().parents[2]
TIME_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def _leaf(code: str, name: str, weight: str, score: str) -> IndicatorSpec:
    return IndicatorSpec(code=code, name=name, weight=D(weight), score=D(score), status="已评")


def build(path: Path) -> Path:
    """The small project of the module docstring, written with Project.create and commands."""
    project = Project.create(path, user="建档人")
    a = IndicatorSpec(code="A", name="决策", weight=D(40), children=[
        IndicatorSpec(code="A1", name="项目立项", weight=D(40), children=[
            _leaf("A11", "立项依据充分性", "20", "15"), _leaf("A12", "立项程序规范性", "20", "20")])])
    b = IndicatorSpec(code="B", name="过程", weight=D(60), children=[
        IndicatorSpec(code="B1", name="组织实施", weight=D(60), children=[
            _leaf("B11", "管理制度健全性", "30", "24"), _leaf("B12", "制度执行有效性", "30", "18")])])
    project.apply(commands.add_indicator(project, None, 0, a))
    project.apply(commands.add_indicator(project, None, 1, b))
    project.close()
    return path


@pytest.fixture
def pf(tmp_path: Path) -> Path:
    return build(tmp_path / "评价.pfdesk")


def reading(path: Path) -> Project:
    return Project.open(path, readonly=True, lock=False, backup=False)


def log_count(path: Path) -> int:
    with reading(path) as project:
        return changelog.count(project.conn)


def state(path: Path) -> dict[str, tuple[Any, ...]]:
    """Every leaf's (score, method, not applicable, prepared by, reviewed by), and the log size."""
    with reading(path) as project:
        out: dict[str, tuple[Any, ...]] = {
            i.code: (i.score, i.method, i.not_applicable, i.prepared_by, i.reviewed_by)
            for i in project.indicators().values()}
        out["log"] = (changelog.count(project.conn), len(project.rows(Deduction)))
    return out


def ok(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 0, capsys.readouterr().err
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Exit 2, nothing on stdout, exactly one line on stderr: returns it."""
    assert main(list(args)) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("pfdesk：") and "Traceback" not in captured.err
    return lines[0]


def history(capsys: pytest.CaptureFixture[str], path: Path, *extra: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(ok(capsys, "history", str(path), "--json", *extra))
    return data


def score(path: Path, code: str) -> D | None:
    """The engine's score of a leaf (a leaf scored by deductions stores none)."""
    with reading(path) as project:
        ind = project.by_code(code)
        assert ind is not None
        return score_project(project).by_id[ind.id].score


# ----- pfdesk set -----

def test_set_then_history_json_shows_who_when_where_and_before_after(pf, capsys):
    before = log_count(pf)
    out = ok(capsys, "set", str(pf), "A11=12", "--user", "张三")
    assert out == "已保存：A11 得分 15 → 12（记录者 张三）\n"
    assert score(pf, "A11") == D(12)
    assert log_count(pf) == before + 1
    entry = history(capsys, pf)[0]
    assert {"id", "time", "user", "device", "summary", "changes"} <= set(entry)
    assert entry["user"] == "张三"
    assert entry["device"] == identity.device() and entry["device"]
    assert TIME_UTC.fullmatch(entry["time"])
    assert entry["kind"] == "edit" and entry["label"] == "命令行设置 A11 的得分"
    assert entry["summary"] == "修改 A11 立项依据充分性 得分 15 → 12"
    assert entry["changes"] == [{"code": "A11", "field": "score", "before": "15.00",
                                 "after": "12.00", "table": "indicator", "op": "update",
                                 "row": entry["changes"][0]["row"]}]


def test_several_assignments_are_one_entry_and_full_width_digits_are_read(pf, capsys):
    before = log_count(pf)
    out = ok(capsys, "set", str(pf), "A11=１２．５", "Ｂ１２=20", "--user", "张三")
    assert out == "已保存：A11 得分 15 → 12.5；B12 得分 18 → 20（记录者 张三）\n"
    assert log_count(pf) == before + 1
    entry = history(capsys, pf)[0]
    assert entry["label"] == "命令行设置 A11、B12 的得分"
    assert [(c["code"], c["before"], c["after"]) for c in entry["changes"]] == [
        ("A11", "15.00", "12.50"), ("B12", "18.00", "20.00")]
    # total 12.5 + 20 + 24 + 20 = 76.5
    assert json.loads(ok(capsys, "score", str(pf), "--json"))["total"] == "76.50"


def test_options_may_come_anywhere(pf, capsys):
    before = log_count(pf)
    out = ok(capsys, "set", str(pf), "--user", "张三", "A11=12", "--deduct", "B11=6:无制度", "B12=20")
    # B11: 30 − 6 = 24, as it was scored by hand
    assert out == ("已保存：A11 得分 15 → 12；B12 得分 18 → 20；"
                   "B11 扣 6 分（无制度），得分 24 → 24（记录者 张三）\n")
    assert ok(capsys, "sign", str(pf), "--prepare", "A11", "--user", "张三").startswith("已保存：A11 ")
    assert log_count(pf) == before + 2


def test_the_same_value_again_is_no_change_and_no_entry(pf, capsys):
    before = log_count(pf)
    assert ok(capsys, "set", str(pf), "A11=15") == "没有变化：A11 得分未变（15），没有记录修改。\n"
    assert log_count(pf) == before


def test_the_name_comes_from_pfdesk_user_when_not_given(pf, capsys, monkeypatch):
    monkeypatch.setenv("PFDESK_USER", "赵六")
    assert ok(capsys, "set", str(pf), "B11=25").endswith("（记录者 赵六）\n")
    assert history(capsys, pf)[0]["user"] == "赵六"


@pytest.mark.parametrize(("args", "words"), [
    (["X9=3"], "找不到编码为 X9 的指标"),
    (["A1=3"], "A1 有下级指标"),
    (["A11=20.5"], "0～20"),
    (["A11=-1"], "0～20"),
    (["A11=4.555"], "A11 的得分最多保留两位小数"),
    (["A11=abc"], "A11 的得分：“abc”不是数字"),
    (["A11"], "“A11”的写法不对，应写成 编码=得分"),
    (["A11="], "A11= 后面缺少得分"),
    (["A11=10", "B12=31"], "B12制度执行有效性 的得分应在 0～30 分之间"),
    (["A11=10", "A11=11"], "A11 在这条命令中出现了不止一次"),
    (["--deduct", "B11=2"], "缺少扣分理由"),
    (["--deduct", "B11=2: "], "缺少扣分理由"),
    (["--deduct", "B11=0:没有扣分"], "扣分应为大于 0 的数"),
    (["A11=10", "--deduct", "A1=1:上级"], "有下级指标"),
])
def test_bad_assignments_store_nothing(pf, capsys, args, words):
    before = state(pf)
    line = refused(capsys, "set", str(pf), *args)
    assert words in line
    assert "没有保存任何修改" in line
    assert state(pf) == before
    assert score(pf, "A11") == D(15)


def test_a_leaf_scored_by_deductions_is_changed_through_its_deductions(pf, capsys):
    out = ok(capsys, "set", str(pf), "--deduct", "B11=4.5:制度不健全：缺少考核办法", "--user", "张三")
    # B11 weight 30, 4.5 taken off: 25.5 (it was 24 by hand)
    assert out == "已保存：B11 扣 4.5 分（制度不健全：缺少考核办法），得分 24 → 25.5（记录者 张三）\n"
    assert score(pf, "B11") == D("25.5")
    before = state(pf)
    line = refused(capsys, "set", str(pf), "B11=20")
    assert "B11 的得分由扣分计算" in line and "--deduct" in line
    assert state(pf) == before


def test_not_applicable_round_trip(pf, capsys):
    before = log_count(pf)
    who = identity.default_user()
    assert ok(capsys, "set", str(pf), "A11=NA") == f"已保存：A11 标记为不适用（记录者 {who}）\n"
    data = json.loads(ok(capsys, "score", str(pf), "--json"))
    # A11 (20 points, scored 15) no longer counts: 62 of 80, rescaled 62 × 100 ÷ 80 = 77.50
    assert (data["max"], data["total"]) == ("80.00", "77.50")
    change = history(capsys, pf)[0]["changes"]
    assert change[0]["field"] == "not_applicable"
    assert (change[0]["before"], change[0]["after"]) == (False, True)
    line = refused(capsys, "set", str(pf), "A11=10")
    assert "A11 已标记为不适用" in line and "A11=适用" in line
    assert ok(capsys, "set", str(pf), "A11=适用").startswith("已保存：A11 标记为适用")
    assert ok(capsys, "set", str(pf), "A12=不适用").startswith("已保存：A12 标记为不适用")
    assert json.loads(ok(capsys, "score", str(pf), "--json"))["total"] == "71.25"  # 57 × 100 ÷ 80
    assert log_count(pf) == before + 3


def test_a_missing_or_foreign_file_is_one_line(tmp_path, capsys):
    assert "文件不存在" in refused(capsys, "set", str(tmp_path / "无.pfdesk"), "A11=1")
    text = tmp_path / "说明.txt"
    text.write_text("不是项目", encoding="utf-8")
    assert "不是 pfdesk 项目文件" in refused(capsys, "set", str(text), "A11=1")
    assert "文件不存在" in refused(capsys, "history", str(tmp_path / "无.pfdesk"))


def test_a_read_only_file_is_refused(pf, capsys, monkeypatch):
    real_access = os.access

    def access(name: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(name).resolve() == pf.resolve():
            return False    # tests run as root, so chmod would not stop them
        return real_access(name, mode, *args, **kwargs)

    monkeypatch.setattr("pfdesk.project.os.access", access)
    before = state(pf)
    line = refused(capsys, "set", str(pf), "A11=10")
    assert "无法修改 评价.pfdesk：文件是只读的" in line
    assert "文件是只读的" in refused(capsys, "undo", str(pf))
    assert state(pf) == before


@pytest.fixture
def held_elsewhere(pf: Path) -> Iterator[Path]:
    """The project open for editing by 王五 in another process."""
    script = ("import sys\nfrom pfdesk.project import Project\n"
              f"p = Project.open({str(pf)!r}, user='王五')\nprint('ready', flush=True)\n"
              "sys.stdin.read()\np.close()\n")
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield pf
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def test_a_file_being_edited_elsewhere_refuses_edits_but_shows_history(held_elsewhere, capsys):
    before = state(held_elsewhere)
    line = refused(capsys, "set", str(held_elsewhere), "A11=10")
    assert "正由 王五" in line and "这次修改没有保存" in line
    assert "正由 王五" in refused(capsys, "undo", str(held_elsewhere))
    assert state(held_elsewhere) == before
    entries = history(capsys, held_elsewhere)
    assert len(entries) == before["log"][0]
    assert entries[-1]["kind"] == "create"


# ----- undo and redo -----

def test_undo_and_redo_from_the_command_line(pf, capsys):
    ok(capsys, "set", str(pf), "A11=12", "B11=20", "--user", "张三")
    out = ok(capsys, "undo", str(pf), "--user", "李四")
    assert out.startswith("已撤销“命令行设置 A11、B11 的得分”：")
    assert out.endswith("（记录者 李四）\n")
    assert (score(pf, "A11"), score(pf, "B11")) == (D(15), D(24))
    assert history(capsys, pf)[0]["kind"] == "undo"
    assert ok(capsys, "redo", str(pf)).startswith("已重做“命令行设置 A11、B11 的得分”：")
    assert (score(pf, "A11"), score(pf, "B11")) == (D(12), D(20))
    before = state(pf)
    assert refused(capsys, "redo", str(pf)) == "pfdesk：没有可以重做的修改；没有保存任何修改"
    assert state(pf) == before


def test_undo_with_nothing_to_undo(tmp_path, capsys):
    path = tmp_path / "空.pfdesk"
    Project.create(path).close()
    before = log_count(path)
    assert "没有可以撤销的修改" in refused(capsys, "undo", str(path))
    assert log_count(path) == before


def test_undo_refused_when_the_content_changed_since(pf, capsys):
    ok(capsys, "set", str(pf), "A11=12")
    conn = sqlite3.connect(pf)          # changed outside the log, as another program might
    with conn:
        conn.execute("UPDATE indicator SET score = '11' WHERE code = 'A11'")
    conn.close()
    before = state(pf)
    line = refused(capsys, "undo", str(pf))
    assert "此后这部分内容又被修改过" in line and "项目保持原样" in line
    assert state(pf) == before


# ----- sign-off -----

def test_sign_prepare_then_self_review_is_refused_and_another_reviews(pf, capsys):
    out = ok(capsys, "sign", str(pf), "A1", "--prepare", "--user", "张三")
    assert out == "已保存：A11、A12 编制签字（记录者 张三）\n"     # a parent stands for its leaves
    before = state(pf)
    line = refused(capsys, "sign", str(pf), "A11", "--review", "--user", "张三")
    assert "A11 由您（张三）编制，按本项目的规定不能由同一人复核" in line
    assert state(pf) == before
    assert "B11 还没有编制签字" in refused(capsys, "sign", str(pf), "B11", "--review",
                                          "--user", "李四")
    assert ok(capsys, "sign", str(pf), "A11", "--review", "--user", "李四") == \
        "已保存：A11 复核签字（记录者 李四）\n"
    after = state(pf)
    assert after["A11"][3:] == ("张三", "李四") and after["A12"][3:] == ("张三", "")
    ok(capsys, "set", str(pf), "A11=10")
    with reading(pf) as project:
        assert project.by_code("A11").changed_after_review
    assert ok(capsys, "sign", str(pf), "A11", "--withdraw").startswith("已保存：A11 撤销签字")
    assert state(pf)["A11"][3:] == ("张三", "")


def test_sign_needs_exactly_one_kind(pf, capsys):
    before = state(pf)
    for extra in ([], ["--prepare", "--review"]):
        assert "请只选一种签字方式" in refused(capsys, "sign", str(pf), "A11", *extra)
    assert "找不到编码为 Z1 的指标" in refused(capsys, "sign", str(pf), "Z1", "--prepare")
    assert state(pf) == before


# ----- pfdesk history -----

def test_history_code_keeps_only_entries_touching_that_indicator(pf, capsys):
    ok(capsys, "set", str(pf), "A11=12", "--user", "张三")
    ok(capsys, "set", str(pf), "--deduct", "B11=4.5:制度不健全", "--user", "李四")
    ok(capsys, "set", str(pf), "B12=20", "--user", "张三")
    entries = history(capsys, pf, "--code", "B11")
    # the deduction, and the edit that added B's branch; not A11, B12 or creating the file
    assert [e["label"] for e in entries] == ["命令行设置 B11 的扣分", "添加指标 B过程"]
    assert all(c["code"] == "B11" for e in entries for c in e["changes"])
    changes = {(c["table"], c["field"]): (c["before"], c["after"]) for c in entries[0]["changes"]}
    assert changes[("deduction", "points")] == (None, "4.50")
    assert changes[("deduction", "reason")] == (None, "制度不健全")
    # the hand score is cleared: the engine gives 30 − 4.5 = 25.5, nothing derived is stored
    assert changes[("indicator", "score")] == ("24.00", None)
    assert changes[("indicator", "method")] == ("manual", "deduction")
    assert [e["user"] for e in history(capsys, pf, "--user", "张三")] == ["张三", "张三"]
    assert len(history(capsys, pf, "--limit", "2")) == 2
    assert "--limit 应是正整数" in refused(capsys, "history", str(pf), "--limit", "0")


def test_history_of_a_deleted_indicator_and_of_an_unknown_code(pf, capsys):
    project = Project.open(pf)
    project.apply(commands.remove_indicator(project, project.by_code("B12").id))
    project.close()
    entries = history(capsys, pf, "--code", "B12")
    assert entries[0]["label"] == "删除指标 B12制度执行有效性"
    assert ("score", "18.00", None) in [(c["field"], c["before"], c["after"])
                                        for c in entries[0]["changes"]]
    line = refused(capsys, "history", str(pf), "--code", "Q7")
    assert line == "pfdesk：找不到编码为 Q7 的指标，也没有它的修改记录"


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_history_text_in_local_time(pf, capsys, shanghai):
    ok(capsys, "set", str(pf), "A11=12", "--deduct", "B11=4.5:制度不健全", "--user", "张三")
    entry = history(capsys, pf)[0]
    utc = datetime.strptime(entry["time"][:19], "%Y-%m-%dT%H:%M:%S")
    local = (utc + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M:%S")   # Shanghai: UTC+8
    lines = ok(capsys, "history", str(pf), "--limit", "1").splitlines()
    assert lines[0] == f"{local}  张三  {identity.device()}  {entry['summary']}"
    assert lines[1:] == ["    A11 得分：15.00 → 12.00",
                         "    新增 B11 的扣分：扣分 4.50，扣分理由 制度不健全",
                         "    B11 计分方式：直接评分 → 扣分制",
                         "    B11 得分：24.00 → 由扣分计算"]


def test_history_reads_a_page_before_an_entry_without_repeats_or_gaps(pf, capsys):
    for n in range(7):
        ok(capsys, "set", str(pf), f"A11={n + 1}", "--user", "张三")
    with reading(pf) as project:
        every = [item.entry.seq for item in changelog.history(project.conn)]
        pages: list[list[int]] = []
        while True:
            before = pages[-1][-1] if pages else None
            page = changelog.history(project.conn, limit=3, before_seq=before)
            if not page:
                break
            pages.append([item.entry.seq for item in page])
        # Paging keeps the other filters: A11's entries older than the third newest.
        a11 = project.by_code("A11").id
        older = changelog.history(project.conn, indicator_ids=[a11], user="张三",
                                  before_seq=every[2], limit=2)
    assert len(every) == log_count(pf) >= 10
    assert [seq for page in pages for seq in page] == every
    assert all(len(page) == 3 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 3
    assert [(i.changes[0]["before"], i.changes[0]["after"]) for i in older] == [
        ("3.00", "4.00"), ("2.00", "3.00")]


def damage_latest(path: Path, column: str, text: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"UPDATE change_row SET {column} = ? "
                     "WHERE entry = (SELECT max(seq) FROM change_log)", (text,))
    conn.close()


@pytest.mark.parametrize(("column", "garbage"), [("after", "{不是 JSON"), ("before", "[1, 2]")])
def test_a_damaged_entry_is_shown_but_not_undone(pf, capsys, column, garbage):
    ok(capsys, "set", str(pf), "A11=12", "--user", "张三")
    damage_latest(pf, column, garbage)
    entry = history(capsys, pf)[0]
    assert entry["damaged"] is True and entry["changes"] == []
    assert entry["user"] == "张三"
    text = ok(capsys, "history", str(pf)).splitlines()
    assert text[0].endswith("[记录已损坏：明细无法读取，这条修改不能撤销]")
    assert not text[1].startswith("    ")          # no change lines under the damaged entry
    before = state(pf)
    line = refused(capsys, "undo", str(pf))
    assert "这条修改记录已损坏" in line and "项目保持原样" in line
    assert state(pf) == before and score(pf, "A11") == D(12)
