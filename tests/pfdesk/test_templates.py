"""Bundled templates load, add up and carry their texts; new projects get the tree unscored."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pfdesk.errors import TemplateError
from pfdesk.model import ProjectInfo
from pfdesk.project import Project
from pfdesk.scoring import UNSCORED, score_project
from pfdesk.templates import (
    DEFAULT_TEMPLATE,
    check_specs,
    list_templates,
    load_template,
    new_project,
    templates_dir,
)
from pfdesk.tree import IndicatorSpec

IDS = ["national-2020", "national-2020-satisfaction", "department"]

# The level-1 split chosen for each template, written down by hand.
LEVEL1 = {
    "national-2020": {"决策": 20, "过程": 20, "产出": 30, "效益": 30},
    "national-2020-satisfaction": {"决策": 15, "过程": 20, "产出": 30, "效益": 25, "满意度": 10},
    "department": {"投入": 15, "过程": 25, "产出": 30, "效果": 30},
}
# Number of level-3 indicators counted by hand from the designs.
LEAVES = {"national-2020": 20, "national-2020-satisfaction": 21, "department": 25}


def test_list_has_the_three_templates_default_first() -> None:
    ids = [t.id for t in list_templates()]
    assert sorted(ids) == sorted(IDS)
    assert ids[0] == DEFAULT_TEMPLATE == "national-2020"
    assert all(t.name and t.description for t in list_templates())


@pytest.mark.parametrize("tid", IDS)
def test_level1_split_and_leaf_count(tid: str) -> None:
    template = load_template(tid)
    split = {s.name: s.weight for s in template.indicators}
    assert split == {k: Decimal(v) for k, v in LEVEL1[tid].items()}
    assert sum(LEVEL1[tid].values()) == 100
    assert len(template.leaves()) == LEAVES[tid]
    assert all(len(s.walk()[-1].code) == 3 for s in template.indicators)  # three levels deep


@pytest.mark.parametrize("tid", IDS)
def test_children_add_up_and_codes_unique(tid: str) -> None:
    template = load_template(tid)
    nodes = [s for top in template.indicators for s in top.walk()]
    for spec in nodes:
        if spec.children:
            assert sum(c.weight for c in spec.children) == spec.weight, spec.code
            assert all(c.code.startswith(spec.code) for c in spec.children)
    codes = [s.code for s in nodes]
    assert len(codes) == len(set(codes))
    assert check_specs(template.indicators) == []


@pytest.mark.parametrize("tid", IDS)
def test_every_leaf_has_explanation_and_numbered_criteria(tid: str) -> None:
    for leaf in load_template(tid).leaves():
        assert len(leaf.explanation) >= 20, leaf.code
        assert len(leaf.criteria) >= 30, leaf.code
        assert "①" in leaf.criteria or "＝" in leaf.criteria, leaf.code
        assert leaf.score is None and not leaf.deductions


def test_checklist_points_add_up_to_the_weight() -> None:
    """'（1分）' marks in a numbered criterion add up to the indicator's weight."""
    for tid in IDS:
        for leaf in load_template(tid).leaves():
            marks = re.findall(r"（(\d+(?:\.\d+)?)分）", leaf.criteria)
            if marks:
                assert sum(Decimal(m) for m in marks) == leaf.weight, (tid, leaf.code)


def test_national_hand_weights() -> None:
    t = load_template("national-2020")
    w = {s.code: s.weight for top in t.indicators for s in top.walk()}
    assert (w["A1"], w["A2"], w["A3"]) == (6, 8, 6)
    assert (w["B1"], w["B2"]) == (12, 8)
    assert (w["B11"], w["B12"], w["B13"]) == (3, 5, 4)
    assert (w["C11"], w["C21"], w["C31"], w["C41"]) == (8, 8, 7, 7)
    assert [w[f"D1{i}"] for i in range(1, 6)] == [6, 8, 4, 6, 6]


def test_department_has_the_whole_department_indicators() -> None:
    names = {s.name for s in load_template("department").leaves()}
    for wanted in ("在职人员控制率", "“三公经费”变动率", "预算完成率", "结转结余率",
                   "政府采购执行率", "预决算信息公开性", "固定资产利用率", "重点工作办结率"):
        assert wanted in names


@pytest.mark.parametrize("tid", IDS)
def test_new_project_has_the_tree_unscored(tid: str) -> None:
    project = new_project(None, tid, ProjectInfo(name="测试项目"))
    result = score_project(project)
    assert project.info.template_id == tid
    assert project.info.name == "测试项目"
    assert json.loads(project.info.grade_bands)[0] == {"name": "优", "min": "90"}
    assert result.unscored == LEAVES[tid]
    assert {p.kind for p in result.problems} == {UNSCORED}
    assert result.grade is None and result.total == 0
    assert [n.weight for n in result.level1()] == [Decimal(v) for v in LEVEL1[tid].values()]
    assert project.by_code("A11") is not None


def test_new_project_on_disk_is_one_undo_step(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite"
    project = new_project(path, user="张三")
    leaves = len(load_template(DEFAULT_TEMPLATE).leaves())
    project.close()
    with Project.open(path) as again:
        assert len([i for i in again.walk() if not again.children(i.id)]) == leaves
        assert again.info.template_id == DEFAULT_TEMPLATE
        assert {i.modified_by for i in again.walk()} == {"张三"}


def test_unknown_template_is_refused_without_creating_a_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="no-such"):
        load_template("no-such")
    with pytest.raises(TemplateError):
        new_project(tmp_path / "x.sqlite", "no-such")
    assert not (tmp_path / "x.sqlite").exists()
    with pytest.raises(TemplateError, match="不正确"):
        load_template("../national-2020")


def _write(folder: Path, tid: str, data: object) -> None:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    (folder / f"{tid}.json").write_text(text, encoding="utf-8")


def _tree(top_weight: str = "100", leaf_weight: str = "100") -> list[dict[str, object]]:
    return [{"code": "A", "name": "决策", "weight": top_weight,
             "children": [{"code": "A1", "name": "立项", "weight": leaf_weight}]}]


def test_malformed_json_names_file_and_place(tmp_path: Path) -> None:
    _write(tmp_path, "bad", '{"id": "bad",\n "name": ')
    with pytest.raises(TemplateError, match=r"bad\.json.*第2行"):
        load_template("bad", tmp_path)


@pytest.mark.parametrize(("data", "message"), [
    ({"id": "t", "name": "x"}, "缺少“indicators”"),
    ({"id": "other", "name": "x", "indicators": _tree()}, "与文件名不一致"),
    ({"id": "t", "name": "x", "indicators": _tree("100", "90")}, "A决策 的下级指标分值合计 90 分"),
    ({"id": "t", "name": "x", "indicators": _tree("90", "90")}, "一级指标分值合计 90 分"),
    ({"id": "t", "name": "x", "indicators": [{"code": "A", "weight": "100"}]}, "第1个指标缺少名称"),
    ({"id": "t", "name": "x", "indicators": [{"name": "A", "weight": "十"}]}, "无法读取"),
    ({"id": "t", "name": "x", "indicators": _tree(), "grade_bands": [{"name": "优"}]},
     "grade_bands"),
])
def test_malformed_templates_are_refused(tmp_path: Path, data: object, message: str) -> None:
    _write(tmp_path, "t", data)
    with pytest.raises(TemplateError, match=message) as info:
        load_template("t", tmp_path)
    assert "t.json" in str(info.value)
    assert list_templates(tmp_path) == []  # a broken file is left out of the list


def test_duplicate_codes_are_reported() -> None:
    specs = [IndicatorSpec("A", "决策", Decimal(100), children=[
        IndicatorSpec("A1", "一", Decimal(50)), IndicatorSpec("A1", "二", Decimal(50))])]
    assert check_specs(specs) == ["指标编码 A1 重复"]


def test_bundled_folder_is_in_resources() -> None:
    assert (templates_dir() / "national-2020.json").is_file()


def test_the_usual_rules_score_a_new_project_once_its_funding_is_entered() -> None:
    from pfdesk import commands

    project = new_project(None, DEFAULT_TEMPLATE, ProjectInfo(name="测试项目"))
    ruled = {i.code: i.name for i in project.walk() if i.method == "rule"}
    assert ruled == {"B11": "资金到位率", "B12": "预算执行率", "D15": "服务对象满意度"}
    result = score_project(project)
    b12 = project.by_code("B12")
    assert result.by_id[b12.id].score is None
    assert any("缺少实际到位资金" in p.message for p in result.problems if p.code == "B12")
    project.apply(commands.set_info(project, budget="200", received="160", spent="150"))
    result = score_project(project)
    # 资金到位率 160 ÷ 200 = 80% of B11's 3 points = 2.4; 预算执行率 150 ÷ 160 = 93.75% of
    # B12's 5 points = 4.6875 → 4.69
    assert result.by_id[project.by_code("B11").id].score == Decimal("2.40")
    assert result.by_id[b12.id].score == Decimal("4.69")
    # 满意度 waits for a survey, named
    assert any("尚未导入满意度调查" in p.message for p in result.problems if p.code == "D15")


def test_a_template_rule_is_checked(tmp_path: Path) -> None:
    tree = _tree()
    leaf = tree[0]["children"][0]   # type: ignore[index]
    leaf["rule"] = {"format": "pfdesk-rule", "version": 1, "kind": "stepped",
                    "input": {"kind": "execution_rate"},
                    "bands": [{"lower": "0", "upper": "90", "share": "0"},
                              {"lower": "95", "upper": None, "share": "100"}]}
    _write(tmp_path, "t", {"id": "t", "name": "x", "indicators": tree})
    with pytest.raises(TemplateError, match=r"（立项）的评分规则有误.*90%～95%没有对应的档次"):
        load_template("t", tmp_path)
    leaf["rule"]["bands"][0]["upper"] = "95"
    _write(tmp_path, "t", {"id": "t", "name": "x", "indicators": tree})
    assert list(load_template("t", tmp_path).rules) == ["A1"]
    tree[0]["rule"] = leaf["rule"]        # on a parent: refused
    _write(tmp_path, "t", {"id": "t", "name": "x", "indicators": tree})
    with pytest.raises(TemplateError, match="只能设在"):
        load_template("t", tmp_path)
