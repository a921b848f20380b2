"""Older project files upgrade in order; every earlier version has a kept sample file."""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

from pfdesk import order
from pfdesk.cli import main
from pfdesk.dump import dump, dumps, load
from pfdesk.model import ROW_TYPES, Evaluator, Finding, FindingIndicator, FundingItem, Target
from pfdesk.project import Project
from pfdesk.projectfile import read_header
from pfdesk.schema import SCHEMA_VERSION, expected_schema, read_schema
from pfdesk.scoring import score_project

DATA = Path(__file__).parent / "data"
# project_v2.sqlite and its dump dump_v2.json were written by the version 2 code (commit 320e8a4),
# project_v3.sqlite and dump_v3.json by the version 3 code (commit 218012c),
# project_v4.sqlite and dump_v4.json by the version 4 code (commit 5359afa),
# project_v5.sqlite and dump_v5.json by the version 5 code (commit 0a8f5e6),
# project_v6.sqlite and dump_v6.json by the version 6 code (commit f870b83)
SAMPLES = {1: DATA / "project_v1.sqlite", 2: DATA / "project_v2.sqlite",
           3: DATA / "project_v3.sqlite", 4: DATA / "project_v4.sqlite",
           5: DATA / "project_v5.sqlite", 6: DATA / "project_v6.sqlite"}
DUMP_V2 = DATA / "dump_v2.json"
DUMP_V3 = DATA / "dump_v3.json"
DUMP_V4 = DATA / "dump_v4.json"
DUMP_V5 = DATA / "dump_v5.json"
DUMP_V6 = DATA / "dump_v6.json"
V6_FIELDS = ("postcode", "org_method", "evaluator_kind", "submitted_at", "funding_cutoff")


def test_a_sample_for_every_earlier_version():
    assert set(SAMPLES) == set(range(1, SCHEMA_VERSION))
    for version, path in SAMPLES.items():
        assert read_header(path)[1] == version


def test_v1_file_upgrades_and_keeps_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    shutil.copy(SAMPLES[1], path)
    with Project.open(path) as project:
        assert project.info.name == "第一版格式的示例项目"
        a11 = project.by_code("A11")
        assert a11.data_source == ""
        assert project.deductions(a11.id)[0].evidence == ""
        assert project.deductions(a11.id)[0].reason == "立项依据文件不全"
        # A11 by deductions: 12 − 2 = 10; A12 8; B1 70 → 88
        assert score_project(project).total == D("88.00")
        assert read_schema(project.conn) == expected_schema(SCHEMA_VERSION)
    assert read_header(path)[1] == SCHEMA_VERSION
    assert not Path(str(path) + "-journal").exists()


def test_reading_an_old_file_leaves_it_untouched(tmp_path, capsys):
    path = tmp_path / "old.sqlite"
    shutil.copy(SAMPLES[1], path)
    before = path.read_bytes()
    assert main(["score", str(path)]) == 0
    assert "总分 88（满分 100）" in capsys.readouterr().out
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]


def _v2_copy(tmp_path: Path) -> Path:
    path = tmp_path / "v2.sqlite"
    shutil.copy(SAMPLES[2], path)
    return path


def _tree(project: Project, parent_id: str | None = None) -> list[tuple[str, list]]:
    return [(kid.code, _tree(project, kid.id)) for kid in project.children(parent_id)]


# The sample's order as the version 2 code left it: A was inserted before B, A11 before A12,
# and the second target was moved to the top.
V2_TREE = [("A", [("A1", [("A11", []), ("A12", [])])]),
           ("B", [("B1", [("B11", [])]), ("B2", [("B21", [])])])]


def test_v2_file_upgrades_keeping_order_and_data(tmp_path):
    path = _v2_copy(tmp_path)
    with Project.open(path) as project:
        assert project.info.name == "第二版格式的示例项目"
        assert _tree(project) == V2_TREE
        a11 = project.by_code("A11")
        assert [d.reason for d in project.deductions(a11.id)] == ["立项依据文件不全", "未附可行性研究"]
        assert [t.level3 for t in project.rows(Target)] == ["群众满意度", "完成率"]
        assert [f.name for f in project.rows(FundingItem)] == ["设备采购", "项目监理"]
        assert [e.name for e in project.rows(Evaluator)] == ["张华", "李静"]
        problem, advice = project.rows(Finding)
        assert (problem.kind, advice.kind, advice.problem_id) == ("问题", "建议", problem.id)
        links = {(link.finding_id, project.indicator(link.indicator_id).code)
                 for link in project.rows(FindingIndicator)}
        assert links == {(problem.id, "A11"), (advice.id, "A11"), (advice.id, "B11")}
        # A11 12 − 2 = 10, A12 15, B11 36, B21 unscored
        assert score_project(project).total == D("61.00")
        for table, cls in ROW_TYPES.items():
            if "sort_key" in cls.columns():
                assert all(order.valid(r.sort_key) for r in project.rows(cls)), table
        assert read_schema(project.conn) == expected_schema(SCHEMA_VERSION)
    assert read_header(path)[1] == SCHEMA_VERSION


def test_v2_reviewed_indicator_keeps_its_sign_off(tmp_path):
    with Project.open(_v2_copy(tmp_path)) as project:
        b11, a12, b21 = (project.by_code(c) for c in ("B11", "A12", "B21"))
        assert b11.status == "已评" and b11.sign_off == "已复核"
        assert b11.prepared_by == b11.reviewed_by == "王编制"
        assert b11.reviewed_at == b11.prepared_at == b11.modified_at != ""
        assert not b11.changed_after_review
        assert (a12.status, a12.sign_off) == ("已评", "未编制")
        assert (b21.status, b21.sign_off) == ("未评", "未编制")


def test_v2_dump_loads_into_the_rows_the_v2_file_upgrades_to(tmp_path):
    loaded = load(DUMP_V2, tmp_path / "from_dump.sqlite")
    with Project.open(_v2_copy(tmp_path)) as upgraded:
        assert dump(loaded) == dump(upgraded)
        assert _tree(loaded) == V2_TREE
        b11 = loaded.by_code("B11")
        assert (b11.status, b11.sign_off, b11.reviewed_by) == ("已评", "已复核", "王编制")
    loaded.close()


def _v3_copy(tmp_path: Path) -> Path:
    path = tmp_path / "v3.sqlite"
    shutil.copy(SAMPLES[3], path)
    return path


def test_v3_file_upgrades_dropping_what_the_engine_derives(tmp_path):
    with Project.open(_v3_copy(tmp_path)) as project:
        assert project.info.name == "第三版格式的示例项目"
        assert project.info.number_style == "plain"
        a11, a12, b11 = (project.by_code(c) for c in ("A11", "A12", "B11"))
        # deduction leaves keep their deductions and 已评, but no stored score
        assert (a11.method, a11.status, a11.score) == ("deduction", "已评", None)
        assert [d.points for d in project.deductions(a11.id)] == [D("2"), D("1.5")]
        # A12 had its only deduction removed: full marks, still scored
        assert (a12.method, a12.status, a12.score) == ("deduction", "已评", None)
        assert (b11.method, b11.score) == ("manual", D("27.5"))
        result = score_project(project)
        # A11 20 − 2 − 1.5 = 16.5, A12 20, B11 27.5, B21 unscored → 64
        assert result.by_id[a11.id].score == D("16.5")
        assert result.by_id[a12.id].score == D("20")
        assert result.total == D("64.00")
        assert "total" not in Evaluator.columns()
        assert [e.name for e in project.evaluators()] == ["张华"]
        assert read_schema(project.conn) == expected_schema(SCHEMA_VERSION)
        last = project.conn.execute(
            "SELECT kind, summary FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
        assert last[0] == "upgrade" and "第 4 版" in last[1]
        # the total typed for 张华 in the version 3 file is kept in the log's words
        assert last[1].endswith("升级前填写的评价人员总分：张华 88")
    assert read_header(tmp_path / "v3.sqlite")[1] == SCHEMA_VERSION


def test_v3_dump_loads_into_the_rows_the_v3_file_upgrades_to(tmp_path):
    loaded = load(DUMP_V3, tmp_path / "from_dump.sqlite")
    with Project.open(_v3_copy(tmp_path)) as upgraded:
        assert dump(loaded)["tables"] == dump(upgraded)["tables"]
        assert score_project(loaded).total == D("64.00")
    loaded.close()


def _v4_copy(tmp_path: Path) -> Path:
    path = tmp_path / "v4.sqlite"
    shutil.copy(SAMPLES[4], path)
    return path


def test_v4_file_upgrades_with_the_default_outline(tmp_path):
    from pfdesk.reports import outline

    with Project.open(_v4_copy(tmp_path)) as project:
        assert project.info.name == "第四版格式的示例项目"
        assert project.info.outline == ""
        assert outline.for_layout(project.info, "full").name == "国家通用"
        # A1 27 of 30, B1 63.5 of 70 → 90.5
        assert score_project(project).total == D("90.50")
        assert [f.text for f in project.findings("问题")] == ["资金拨付不及时。"]
        assert read_schema(project.conn) == expected_schema(SCHEMA_VERSION)
        from pfdesk import commands

        project.apply(commands.set_outline(project, "full", outline.shipped()["condensed"]))
    assert read_header(tmp_path / "v4.sqlite")[1] == SCHEMA_VERSION
    with Project.open(tmp_path / "v4.sqlite", readonly=True) as again:
        assert outline.for_layout(again.info, "full").name == "精简五部分"


def test_v4_dump_loads_into_the_rows_the_v4_file_upgrades_to(tmp_path):
    loaded = load(DUMP_V4, tmp_path / "from_dump.sqlite")
    with Project.open(_v4_copy(tmp_path)) as upgraded:
        assert dump(loaded)["tables"] == dump(upgraded)["tables"]
        assert loaded.info.outline == ""
    loaded.close()


def _v5_copy(tmp_path: Path) -> Path:
    path = tmp_path / "v5.sqlite"
    shutil.copy(SAMPLES[5], path)
    return path


def test_v5_file_upgrades_with_the_cover_facts_empty(tmp_path):
    from pfdesk import commands
    from pfdesk.reports import outline

    with Project.open(_v5_copy(tmp_path)) as project:
        info = project.info
        assert (info.name, info.address, info.report_date) == (
            "第五版格式的示例项目", "海口市滨海大道28号", "2021年4月14日")
        assert all(getattr(info, name) == "" for name in V6_FIELDS)
        # the outline chosen in the version 5 file is kept
        assert outline.for_layout(info, "full").name == "精简五部分"
        # A1 26 of 30, B1 62.5 of 70 → 88.5
        assert score_project(project).total == D("88.50")
        assert [f.text for f in project.findings("问题")] == ["绩效目标不够细化。"]
        assert read_schema(project.conn) == expected_schema(SCHEMA_VERSION)
        project.apply(commands.set_info(project, postcode="570125", org_method="财政部门",
                                        evaluator_kind="中介机构", submitted_at="2020-04-14",
                                        funding_cutoff="2020-12-31"))
    assert read_header(tmp_path / "v5.sqlite")[1] == SCHEMA_VERSION == 7
    with Project.open(tmp_path / "v5.sqlite", readonly=True) as again:
        info = again.info
        assert [getattr(info, name) for name in V6_FIELDS] == [
            "570125", "财政部门", "中介机构", "2020-04-14", "2020-12-31"]
        last = again.conn.execute(
            "SELECT summary FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
        assert "邮编 空 → 570125" in last and "组织方式 空 → 财政部门" in last


def test_v5_dump_loads_into_the_rows_the_v5_file_upgrades_to(tmp_path):
    loaded = load(DUMP_V5, tmp_path / "from_dump.sqlite")
    with Project.open(_v5_copy(tmp_path)) as upgraded:
        assert dump(loaded)["tables"] == dump(upgraded)["tables"]
        assert all(getattr(loaded.info, name) == "" for name in V6_FIELDS)
    loaded.close()


def test_the_v6_fields_travel_through_a_dump(tmp_path):
    from pfdesk import commands

    project = Project.create(tmp_path / "p.sqlite")
    values = dict(zip(V6_FIELDS, ("310002", "主管部门", "专家组", "2021-12-20", "2021-12-31"),
                      strict=True))
    project.apply(commands.set_info(project, **values))
    (tmp_path / "p.json").write_text(dumps(project), encoding="utf-8")
    project.close()
    with load(tmp_path / "p.json", tmp_path / "back.sqlite") as back:
        assert {name: getattr(back.info, name) for name in V6_FIELDS} == values


def _v6_copy(tmp_path: Path) -> Path:
    path = tmp_path / "v6.sqlite"
    shutil.copy(SAMPLES[6], path)
    return path


def test_v6_file_upgrades_without_rules_and_takes_one(tmp_path):
    from pfdesk import commands
    from pfdesk.model import Survey
    from pfdesk.rules import usual

    with Project.open(_v6_copy(tmp_path)) as project:
        assert project.info.name == "第六版格式的示例项目"
        assert project.info.postcode == "570125"
        assert all(i.rule == "" and i.ahp == "" for i in project.indicators().values())
        assert project.rows(Survey) == []
        # A1 9 + A2 18 + B1 62.5 typed by hand
        assert score_project(project).total == D("89.50")
        assert read_schema(project.conn) == expected_schema(SCHEMA_VERSION)
        a2 = project.by_code("A2")
        project.apply(commands.set_rule(project, a2.id, usual.execution_rate()))
        # 预算执行率 = 实际支出 171 ÷ 实际到位 180 = 95.00%; A2 (20 points) × 95% = 19
        # → 9 + 19 + 62.5 = 90.5
        assert score_project(project).by_id[a2.id].score == D("19.00")
        assert score_project(project).total == D("90.50")
    assert read_header(tmp_path / "v6.sqlite")[1] == SCHEMA_VERSION == 7
    with Project.open(tmp_path / "v6.sqlite", readonly=True) as again:
        assert again.by_code("A2").method == "rule"
        assert score_project(again).total == D("90.50")
        last = again.conn.execute(
            "SELECT summary FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
        assert "评分规则 空 → 预算执行率按比例计分" in last
        assert "计分方式 直接评分 → 按规则计分" in last


def test_v6_dump_loads_into_the_rows_the_v6_file_upgrades_to(tmp_path):
    loaded = load(DUMP_V6, tmp_path / "from_dump.sqlite")
    with Project.open(_v6_copy(tmp_path)) as upgraded:
        assert dump(loaded)["tables"] == dump(upgraded)["tables"]
        assert dump(loaded)["tables"]["survey"] == []
        assert all(i.rule == "" for i in loaded.indicators().values())
    loaded.close()
