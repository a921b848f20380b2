"""The pre-export checks (GUIDE §4): each failure found, as data, worded; a clean project passes.

The other checks have files of their own: test_checks_text (numbers and grades in the text),
test_checks_more (funding sources, deductions without a problem, the panel's spread) and
test_checks_sections (empty sections of each layout).
"""

from __future__ import annotations

from decimal import Decimal

from pfdesk import commands
from pfdesk.edits import Edit, Update
from pfdesk.reports import LAYOUTS
from pfdesk.reports.checks import (
    COVER,
    ERROR,
    INDICATOR,
    INFO,
    NO_INDICATORS,
    UNSCORED,
    Check,
    check_all,
    lines,
)
from pfdesk.reports.data import ReportData
from pfdesk.scoring import DEDUCTION_REASON, GRADE_BANDS, WEIGHT_SUM
from tests.pfdesk.reports.checks_fixture import checks, clean_fixture, of_kind


def test_clean_fixture_passes_every_check_of_every_layout() -> None:
    project = clean_fixture()
    for layout in LAYOUTS:
        assert checks(project, layout) == [], layout


def test_unscored_indicator_and_undetermined_grade() -> None:
    project = clean_fixture()
    a11 = project.by_code("A11")
    project.apply(commands.set_score(project, a11.id, None))
    [check] = of_kind(project, UNSCORED)
    # 88.5 − A11's 5 = 83.5: still 良, but only for now.
    assert check.message == "有1项指标尚未评分：A11；评价等级暂定为“良”，要全部评分后才能确定"
    assert (check.code, check.indicator_id, check.place) == ("A11", a11.id, INDICATOR)


def test_weights_that_do_not_add_up() -> None:
    project = clean_fixture()
    a11 = project.by_code("A11")
    project.apply(Edit("w", [Update("indicator", a11.id, {"weight": Decimal(6)})]))
    # A1 now holds 6 + 3 = 9 against its 8 points.
    sums = of_kind(project, WEIGHT_SUM)
    assert [(c.code, c.severity) for c in sums] == [("A1", ERROR)]
    assert sums[0].indicator_id == project.by_code("A1").id
    assert "下级指标的分值之和应等于上级指标的分值" in sums[0].action


def test_missing_cover_fields() -> None:
    project = clean_fixture()
    project.apply(commands.set_info(project, unit="", department=" "))
    [check] = of_kind(project, COVER)
    assert check.message == "封面信息未填写：项目单位、主管部门"
    assert check.place == INFO and "项目信息" in check.action


def test_deduction_without_reason() -> None:
    project = clean_fixture()
    c11 = project.by_code("C11")
    project.apply(commands.add_deduction(project, c11.id, "1", ""))
    [check] = of_kind(project, DEDUCTION_REASON)
    assert check.indicator_id == c11.id and "补写扣分理由" in check.action


def test_several_projects_name_the_project() -> None:
    first, second = clean_fixture(), clean_fixture(name="第二个项目")
    second.apply(commands.set_info(second, unit=""))
    found = check_all([ReportData.of(first), ReportData.of(second)], "brief")
    assert [(c.kind, c.project) for c in found] == [(COVER, "第二个项目")]
    assert lines(found) == ["第二个项目：封面信息未填写：项目单位"]


def test_a_check_as_one_line_and_as_json() -> None:
    check = Check("cover", "封面信息未填写：项目单位", "请填写。", section="封面", place=INFO)
    assert check.line() == "封面信息未填写：项目单位"
    assert check.as_json() == {"kind": "cover", "severity": "warning", "project": "", "code": "",
                               "indicator_id": None, "section": "封面",
                               "message": "封面信息未填写：项目单位", "action": "请填写。"}


def test_check_projects_from_files(project_file) -> None:
    from pfdesk.project import Project
    from pfdesk.reports import check_projects

    assert check_projects([project_file], "scoresheet") == []
    with Project.open(project_file, backup=False) as project:
        project.apply(commands.set_info(project, postcode="", org_method="", evaluator_kind=""))
    # the 附件1 cover's facts left blank: named once, on the 项目信息 page; the full report's
    # cover ticks no 评价机构 either
    found = check_projects([project_file], "scoresheet")
    assert [(c.message, c.place) for c in found] == [
        ("附件1封面中的邮编、组织方式、评价机构类型未填写，表中将是空白", INFO)]
    assert "封面中的评价机构类型未填写，表中将是空白" in [
        c.message for c in check_projects([project_file], "full")]


def test_empty_project_exports_every_layout(tmp_path) -> None:
    from pfdesk.project import Project
    from pfdesk.reports.export import export
    for layout in LAYOUTS:
        result = export([Project.create(None)], layout, tmp_path / f"{layout}.docx")
        assert result.checks[0].kind == NO_INDICATORS
        assert result.warnings[0] == "项目尚未建立指标体系，报告中没有得分"
        assert result.path.stat().st_size > 0


def test_unusable_grade_bands_are_a_warning_before_export() -> None:
    project = clean_fixture()
    project.apply(commands.set_info(project, grade_bands='[{"name": "优", "min": NaN}]'))
    assert [c.message for c in of_kind(project, GRADE_BANDS)] == [
        "评价等级设置无法使用（有的下限不是数字），已按默认等级（优≥90、良≥80、中≥60、差<60）评定，"
        "请在“项目信息”页重新设置评价等级"]


def test_the_grade_check_reads_the_written_grade() -> None:
    """Bands under which 88.5 is 优 change the engine's grade and every grade the layouts print
    with it; only a grade someone wrote in the text can then disagree."""
    project = clean_fixture()
    project.apply(commands.set_narrative(project, "conclusion", "评价等级为“良”。"))
    assert checks(project) == []
    project.apply(commands.set_info(project, grade_bands='[{"name": "优", "min": 85}, '
                                                         '{"name": "差", "min": 0}]'))
    assert [c.message for c in checks(project)] == [
        "报告章节“综合评价结论”中写“评价等级为‘良’”，而按综合得分88.5分评定的等级是“优”"]
