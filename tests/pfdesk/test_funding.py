"""Funding figures: rates, column totals and sources against 资金总额, worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

from pfdesk import commands, funding
from pfdesk.model import FundingItem, FundingSource, ProjectInfo


def _info(**kw) -> ProjectInfo:
    return ProjectInfo(**{"budget": D("81.84"), "received": D("81.84"), "spent": D("80"), **kw})


SOURCES = [FundingSource(source="中央", budget=D("50"), received=D("50"), spent=D("50")),
           FundingSource(source="市县", budget=D("31.84"), received=D("31.84"), spent=D("30"))]


def test_rates_from_the_totals():
    figures = funding.compute(_info(), SOURCES, [])
    assert figures.base == D("81.84")
    assert figures.arrival_rate == D("100.00")
    # 80 ÷ 81.84 = 0.977517… → 97.75%
    assert figures.execution_rate == D("97.75")
    assert figures.mismatches == []


def test_the_adjusted_budget_is_the_base_of_the_arrival_rate():
    figures = funding.compute(_info(adjusted_budget=D("90")), SOURCES, [])
    # 81.84 ÷ 90 = 90.93%; sources given against the original budget still add up
    assert (figures.base, figures.arrival_rate) == (D("90"), D("90.93"))
    assert figures.mismatches == []


def test_sources_that_do_not_add_up_to_the_totals_are_named_per_column():
    extra = FundingSource(source="其他", budget=D("5"), received=D("5"), spent=D("5"))
    figures = funding.compute(_info(), [*SOURCES, extra], [])
    assert figures.sources == {"budget": D("86.84"), "received": D("86.84"), "spent": D("85")}
    assert [(m.label, m.sources, m.total, m.difference) for m in figures.mismatches] == [
        ("预算", D("86.84"), D("81.84"), D("5")), ("实际到位", D("86.84"), D("81.84"), D("5")),
        ("实际支出", D("85"), D("80"), D("5"))]


def test_missing_figures_give_no_rate_and_no_mismatch():
    figures = funding.compute(ProjectInfo(budget=D("0"), received=D("10")), [], [])
    assert (figures.arrival_rate, figures.execution_rate) == (None, None)
    assert figures.sources == {"budget": None, "received": None, "spent": None}
    assert figures.mismatches == []


def test_item_column_totals_skip_blank_cells():
    items = [FundingItem(name="建设", total_budget=D("803"), paid_total=D("640")),
             FundingItem(name="监理", total_budget=D("24.09"), bid_price=D("23.60"))]
    figures = funding.compute(_info(), [], items)
    assert figures.items["total_budget"] == D("827.09")
    assert figures.items["bid_price"] == D("23.60")
    assert figures.items["paid_total"] == D("640")
    assert figures.items["audited_price"] is None


def test_of_reads_the_project():
    from pfdesk.project import Project
    project = Project.create(None, _info())
    for row in SOURCES:
        project.apply(commands.add_row(project, FundingSource(
            source=row.source, budget=row.budget, received=row.received, spent=row.spent), "t"))
    project.apply(commands.add_row(project, FundingSource(source="其他", spent=D("1")), "t"))
    figures = funding.of(project)
    assert [(m.column, m.sources) for m in figures.mismatches] == [("spent", D("81"))]
