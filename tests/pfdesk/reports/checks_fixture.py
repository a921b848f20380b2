"""The seed-004-like project with every deduction explained by a recorded problem, so that it
passes every pre-export check; and a short way to read the checks' kinds and messages.

The fixture records two problems and does not link them; its eight deducted leaves are A21, A22,
B11, B12, B15, B25, D16 and D22. Here the two problems are linked to the first four and two more
problems cover the other four.
"""

from __future__ import annotations

from pfdesk import commands
from pfdesk.model import Finding
from pfdesk.project import Project
from pfdesk.reports.checks import Check, run_checks
from pfdesk.reports.data import ReportData
from tests.pfdesk.reports.fixture_project import build_fixture

PROBLEM_LINKS = {
    "项目年初绩效目标申报情况不明。": ("A21", "A22"),
    "项目实施过程中业务制度执行不到位。": ("B11", "B12"),
}
MORE_PROBLEMS = (
    ("绩效自评内容不完整，设计费尾款支付晚于合同约定。", "自评工作不够重视。", ("B15", "B25")),
    ("项目效益缺乏量化数据支撑，长效管理机制尚未建立。", "重建设、轻管理。", ("D16", "D22")),
)


def add_problem(project: Project, text: str, cause: str, codes: tuple[str, ...]) -> str:
    """Record a problem linked to the indicators ``codes``; its id."""
    edit = commands.add_row(project, Finding(kind="问题", text=text, cause=cause), "添加问题")
    project.apply(edit)
    finding_id = edit.ops[0].row.id  # type: ignore[attr-defined]
    project.apply(commands.link_finding(project, finding_id,
                                        [project.by_code(c).id for c in codes]))
    return finding_id


def explain_deductions(project: Project) -> Project:
    """Link the fixture's problems to their indicators and record the missing ones."""
    for finding in project.findings("问题"):
        codes = PROBLEM_LINKS.get(finding.text, ())
        if codes:
            project.apply(commands.link_finding(project, finding.id,
                                                [project.by_code(c).id for c in codes]))
    for text, cause, codes in MORE_PROBLEMS:
        add_problem(project, text, cause, codes)
    return project


COVER_FACTS = {"postcode": "310002", "org_method": "财政部门", "evaluator_kind": "中介机构",
               "submitted_at": "2021-12-10"}


def clean_fixture(name: str | None = None) -> Project:
    """The fixture that passes every check of every layout (with the 附件1 cover's facts)."""
    project = build_fixture() if name is None else build_fixture(name=name)
    project.apply(commands.set_info(project, **COVER_FACTS))
    return explain_deductions(project)


def checks(project: Project, layout: str = "full") -> list[Check]:
    """The failed checks of one project."""
    return run_checks(ReportData.of(project), layout)


def of_kind(project: Project, kind: str, layout: str = "full") -> list[Check]:
    """The failed checks of one kind."""
    return [c for c in checks(project, layout) if c.kind == kind]
