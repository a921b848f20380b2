"""The pre-export checks (GUIDE §4): each failure found and worded; a clean project passes."""

from __future__ import annotations

from decimal import Decimal

from pfdesk import commands
from pfdesk.edits import Edit, Update
from pfdesk.reports.checks import check_all, run_checks
from pfdesk.reports.data import ReportData
from tests.pfdesk.reports.fixture_project import build_fixture


def _checks(project, layout: str = "full") -> list[str]:
    return run_checks(ReportData.of(project), layout)


def test_clean_fixture_passes_every_check() -> None:
    assert _checks(build_fixture()) == []
    assert _checks(build_fixture(), "scoresheet") == []


def test_unscored_indicator_and_undetermined_grade() -> None:
    project = build_fixture()
    project.apply(commands.set_score(project, project.by_code("A11").id, None))
    lines = _checks(project)
    assert "有1项指标尚未评分：A11" in lines
    assert any(line.startswith("评价等级无法确定") for line in lines)


def test_weights_that_do_not_add_up() -> None:
    project = build_fixture()
    a11 = project.by_code("A11")
    project.apply(Edit("w", [Update("indicator", a11.id, {"weight": Decimal(6)})]))
    lines = _checks(project)
    # A1 now holds 6 + 3 = 9 against its 8 points.
    assert any(line.startswith("分值合计不一致") and "A1 " in line for line in lines)


def test_missing_cover_fields() -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, unit="", department=" "))
    assert "封面信息未填写：项目单位、主管部门" in _checks(project)


def test_deduction_without_reason() -> None:
    project = build_fixture()
    project.apply(commands.add_deduction(project, project.by_code("C11").id, "1", ""))
    assert any("扣分没有写扣分理由" in line for line in _checks(project))


def test_analysis_stating_another_score() -> None:
    project = build_fixture()
    b14 = project.by_code("B14")   # seed 004 wrote 得分2分 … 该指标得3分 here
    project.apply(commands.set_indicator(project, b14.id, analysis="手续完备。该指标得3分。"))
    assert "B14运转程序规范性的分析文字写“该指标得3分”，评分为2分" in _checks(project)


def test_conclusion_stating_another_total_or_grade() -> None:
    project = build_fixture()
    project.apply(commands.set_narrative(project, "conclusion", "综合得分90分，评价等级为“优”。"))
    lines = _checks(project)
    assert "评价结论中写的综合得分90分与评分88.5分不一致" in lines
    assert "评价结论中写的等级“优”与评定等级“良”不一致" in lines


def test_panel_totals_in_scoresheet() -> None:
    project = build_fixture()
    ev = project.evaluators()[1]
    project.apply(Edit("t", [Update("evaluator", ev.id, {"total": Decimal(92)})]))
    assert _checks(project, "scoresheet") == [
        "评价人员李静的项目评分92分与综合得分88.5分不一致，请核对"]


def test_several_projects_name_the_project() -> None:
    first, second = build_fixture(), build_fixture(name="第二个项目")
    second.apply(commands.set_info(second, unit=""))
    assert check_all([ReportData.of(first), ReportData.of(second)], "brief") == [
        "第二个项目：封面信息未填写：项目单位"]


def test_check_projects_from_files(project_file) -> None:
    from pfdesk.reports import check_projects
    assert check_projects([project_file], "full") == []


def test_empty_project_exports_every_layout(tmp_path) -> None:
    from pfdesk.project import Project
    from pfdesk.reports import LAYOUTS, export
    for layout in LAYOUTS:
        result = export([Project.create(None)], layout, tmp_path / f"{layout}.docx")
        assert result.warnings[0] == "项目尚未建立指标体系，报告中没有得分"
        assert result.path.stat().st_size > 0


def test_unusable_grade_bands_are_a_warning_before_export() -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, grade_bands='[{"name": "优", "min": NaN}]'))
    lines = _checks(project)
    assert [line for line in lines if line.startswith("评价等级设置无法使用")] == [
        "评价等级设置无法使用（有的下限不是数字），已按默认等级（优≥90、良≥80、中≥60、差<60）评定，"
        "请在“项目信息”页重新设置评价等级"]
