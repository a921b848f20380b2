"""Funding figures: the one place where funding totals, rates and money column totals are worked out.

The project holds the amounts as typed (资金总额 on the project row, funds by source, the line
items of the funding table); nothing derived is stored. From them, exactly in Decimal:

- 资金到位率 = 实际到位 ÷ 预算 (the adjusted budget when there is one), in percent, two decimals;
- 预算执行率 = 实际支出 ÷ 实际到位, in percent, two decimals;
- the sum of each column of funds by source and of the funding table;
- each column of funds by source whose sum differs from the project's total (a report whose
  sources do not add up to its 资金总额 is one a finance bureau deducts for).

The window, the reports and the checks read these; none of them adds up money itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .model import FundingItem, FundingSource, ProjectInfo
from .numbers import rate_of

if TYPE_CHECKING:
    from .project import Project

SOURCE_COLUMNS = (("budget", "预算"), ("received", "实际到位"), ("spent", "实际支出"))
ITEM_COLUMNS = FundingItem.DECIMALS


@dataclass(frozen=True)
class Mismatch:
    """A column of funds by source whose sum differs from the project's total."""

    column: str            # 'budget' | 'received' | 'spent'
    label: str             # '预算' | '实际到位' | '实际支出'
    sources: Decimal       # the sum of the sources
    total: Decimal         # the project's figure (for the budget: the adjusted one if set)

    @property
    def difference(self) -> Decimal:
        """Sources less the total (positive when the sources add up to more)."""
        return self.sources - self.total


@dataclass(frozen=True)
class Funding:
    """Every funding figure a window or a report shows, worked out once."""

    budget: Decimal | None
    adjusted_budget: Decimal | None
    received: Decimal | None
    spent: Decimal | None
    base: Decimal | None                 # adjusted budget when set, else budget
    arrival_rate: Decimal | None         # received ÷ base, percent
    execution_rate: Decimal | None       # spent ÷ received, percent
    sources: dict[str, Decimal | None]   # Σ of funds by source, per column
    items: dict[str, Decimal | None]     # Σ of the funding table, per money column
    mismatches: list[Mismatch]


def column_sum(values: Sequence[Decimal | None]) -> Decimal | None:
    """The exact sum of the filled values; None when none is filled."""
    present = [v for v in values if v is not None]
    return sum(present, Decimal(0)) if present else None


def _mismatches(info: ProjectInfo, base: Decimal | None,
                sources: dict[str, Decimal | None]) -> list[Mismatch]:
    out = []
    for column, label in SOURCE_COLUMNS:
        summed = sources[column]
        total = base if column == "budget" else getattr(info, column)
        if summed is None or total is None:
            continue
        # funds by source may be given against the budget before or after adjustment
        accepted = {total, info.budget} if column == "budget" else {total}
        if summed not in accepted:
            out.append(Mismatch(column, label, summed, total))
    return out


def compute(info: ProjectInfo, sources: Sequence[FundingSource],
            items: Sequence[FundingItem]) -> Funding:
    """The funding figures of a project given as its rows."""
    base = info.adjusted_budget if info.adjusted_budget is not None else info.budget
    arrival = rate_of(info.received, base) if info.received is not None and base else None
    execution = (rate_of(info.spent, info.received)
                 if info.spent is not None and info.received else None)
    by_source = {column: column_sum([getattr(s, column) for s in sources])
                 for column, _ in SOURCE_COLUMNS}
    by_item = {column: column_sum([getattr(i, column) for i in items])
               for column in ITEM_COLUMNS}
    return Funding(info.budget, info.adjusted_budget, info.received, info.spent, base, arrival,
                   execution, by_source, by_item, _mismatches(info, base, by_source))


def of(project: Project) -> Funding:
    """The funding figures of an open project."""
    return compute(project.info, project.funding_sources(), project.funding_items())
