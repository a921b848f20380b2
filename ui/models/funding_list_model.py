"""The funding tables as list models: funds by source, and the funding line items with 合计.

Amounts are in 万元 with two decimals (a third decimal is refused). The 合计 rows are display
only and come from the engine (``pfdesk.funding.of(project)``: ``sources`` and ``items``), the
same figures the reports print; they are never stored.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject

from pfdesk import funding
from pfdesk.model import FUNDING_SOURCES, FundingItem, FundingSource, Row

from ..session import ProjectSession
from ..widgets.roles import EDITOR_CHOICE, EDITOR_MONEY, EDITOR_MULTILINE
from .row_list_model import ColumnSpec, RowListModel

log = logging.getLogger(__name__)

_ = QT_TRANSLATE_NOOP
SOURCE_COLUMNS = (
    ColumnSpec("source", _("RowListModel", "资金来源"), EDITOR_CHOICE, FUNDING_SOURCES,
               stretch=True),
    ColumnSpec("budget", _("RowListModel", "预算（万元）"), EDITOR_MONEY, total=True, stretch=True),
    ColumnSpec("received", _("RowListModel", "实际到位（万元）"), EDITOR_MONEY, total=True,
               stretch=True),
    ColumnSpec("spent", _("RowListModel", "实际支出（万元）"), EDITOR_MONEY, total=True,
               stretch=True),
)
ITEM_COLUMNS = (
    ColumnSpec("name", _("RowListModel", "名称"), width=190),
    ColumnSpec("contractor", _("RowListModel", "承建单位"), width=150),
    ColumnSpec("total_budget", _("RowListModel", "总预算"), EDITOR_MONEY, total=True, width=92),
    ColumnSpec("bid_price", _("RowListModel", "中标价"), EDITOR_MONEY, total=True, width=92),
    ColumnSpec("audited_price", _("RowListModel", "审定价"), EDITOR_MONEY, total=True, width=92),
    ColumnSpec("paid_total", _("RowListModel", "已支付"), EDITOR_MONEY, total=True, width=92),
    ColumnSpec("paid_this_year", _("RowListModel", "本年支付"), EDITOR_MONEY, total=True, width=92),
    ColumnSpec("remark", _("RowListModel", "备注"), EDITOR_MULTILINE, stretch=True),
)


class _FundingListModel(RowListModel):
    """A funding table whose 合计 row reads the engine's sums (``part``: sources or items)."""

    part = "sources"
    show_total = True
    _funding: funding.Funding | None = None

    def column_total(self, field: str) -> Decimal | None:
        """The engine's sum of a money column (``funding.of(project)``)."""
        if self._funding is None:
            self._funding = funding.of(self.project)
        return getattr(self._funding, self.part).get(field)

    def sync(self, fresh: list[Row]) -> None:
        """Read the sums again, then the rows."""
        self._funding = None
        super().sync(fresh)


class FundingSourceListModel(_FundingListModel):
    """资金来源 rows (中央 / 省 / 市县 / 其他) with a 合计 row."""

    item_name = _("RowListModel", "资金来源")
    part = "sources"

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(session, FundingSource, SOURCE_COLUMNS, parent=parent)


class FundingItemListModel(_FundingListModel):
    """Funding line items (名称, 承建单位, 总预算 … 备注) with a 合计 row."""

    item_name = _("RowListModel", "资金明细")
    part = "items"

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(session, FundingItem, ITEM_COLUMNS, parent=parent)
