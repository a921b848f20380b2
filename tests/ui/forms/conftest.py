"""A populated project on disk and its session, for the form pages and list models."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from pfdesk.commands import add_row
from pfdesk.edits import Edit
from pfdesk.model import Evaluator, Finding, FundingItem, FundingSource, ProjectInfo, Target
from pfdesk.project import Project
from pfdesk.tree import insert_ops
from tests.seed004 import seed004_specs
from ui.session import HistoryStack, ProjectSession

INFO = ProjectInfo(
    name="上城区城市运行管理指挥中心建设项目", unit="上城区城市运行管理中心",
    department="上城区人民政府办公室", commissioner="上城区财政局",
    evaluator_org="浙江某会计师事务所有限公司", eval_year="2021", eval_period="2021年11月—12月",
    report_date="2021-12-20", doc_number="上财〔2021〕45号", manager="王某", phone="0571-0000000",
    overall_goal="建成区级城市运行管理指挥中心，实现一屏统览、一键联动。",
    annual_goal="完成指挥中心装修、大屏及会议系统建设并通过验收。",
    budget=Decimal("1200.00"), adjusted_budget=Decimal("1150.00"),
    received=Decimal("1100.00"), spent=Decimal("990.00"),
)


def populate(project: Project) -> dict[str, str]:
    """Add indicators, funding, targets, team and findings; ids of a few rows by name."""
    project.apply(Edit("指标", insert_ops(seed004_specs(), None)))
    rows = [
        FundingSource(source="市县", budget=Decimal("1200.00"), received=Decimal("1100.00"),
                      spent=Decimal("990.00")),
        FundingItem(name="指挥中心装修工程", contractor="某建设公司", total_budget=Decimal("500.00"),
                    bid_price=Decimal("480.50"), audited_price=Decimal("470.25"),
                    paid_total=Decimal("400.00"), paid_this_year=Decimal("300.00")),
        FundingItem(name="大屏系统", contractor="某科技公司", total_budget=Decimal("700.00"),
                    bid_price=Decimal("650.00"), paid_total=Decimal("590.00"),
                    paid_this_year=Decimal("590.00"), remark="尚未审计"),
        Target(level1="产出指标", level2="数量指标", level3="受理工单数", target_text="≥2500件",
               comparator="≥", number=Decimal(2500), unit="件", actual_value="2730件"),
        Target(level1="效益指标", level2="社会效益指标", level3="系统运行", target_text="正常运行"),
        Evaluator(name="张三", title="高级会计师", org="浙江某会计师事务所", role="组长"),
        Evaluator(name="李四", title="工程师", org="某大学", role="专家"),
        Finding(kind="成效", text="指挥中心建成投用，实现了城市运行一屏统览。"),
        Finding(kind="经验做法", text="建立周例会制度，及时协调各参建单位。"),
        Finding(kind="问题", text="绩效目标设置不够细化", cause="申报时对产出指标研究不足"),
        Finding(kind="问题", text="项目资金支付不够及时", cause="验收资料报送滞后"),
        Finding(kind="整改情况", text="已修订绩效目标申报表。"),
    ]
    ids: dict[str, str] = {}
    for row in rows:
        project.apply(add_row(project, row, "添加"))
        ids[getattr(row, "text", "") or getattr(row, "name", "") or row.id] = row.id
    problem = project.findings("问题")[0]
    project.apply(add_row(project, Finding(kind="建议", text="细化量化绩效目标",
                                           problem_id=problem.id), "添加"))
    return ids


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """A populated project file."""
    path = tmp_path / "forms.pfdesk"
    project = Project.create(path, ProjectInfo(**{
        k: getattr(INFO, k) for k in INFO.to_fields() if k not in ("modified_at", "modified_by")}))
    populate(project)
    project.close()
    return path


@pytest.fixture
def session(project_path: Path, qtbot):
    """A session over the populated project, with its own undo stack."""
    project = Project.open(project_path)
    stack = HistoryStack()
    sess = ProjectSession(project, stack)
    yield sess
    stack.clear()
    project.close()


def reopen(session: ProjectSession) -> Project:
    """The session's file opened a second time, as another program would read it."""
    assert session.project.path is not None
    return Project.open(session.project.path, readonly=True)
