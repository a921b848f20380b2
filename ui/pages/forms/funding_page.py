"""资金情况: the funding totals with 到位率 / 执行率, funds by source, and the funding line items.

The rates shown here are display only, worked out from the totals typed above them with
``pfdesk.numbers.rate_of``: 资金到位率 = 实际到位 ÷ 预算 (the adjusted budget when there is
one), 预算执行率 = 实际支出 ÷ 实际到位. Scores are never computed here; the indicators
资金到位率 and 预算执行率 are scored on their own pages.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pfdesk.edits import Change
from pfdesk.numbers import percent, rate_of

from ...models.funding_list_model import FundingItemListModel, FundingSourceListModel
from ...session import ProjectSession
from ..base import Page
from .common import caption_label, hint_label
from .info_binder import InfoBinder
from .list_editor import ListEditor

log = logging.getLogger(__name__)


def funding_rates(budget: Decimal | None, adjusted: Decimal | None, received: Decimal | None,
                  spent: Decimal | None) -> tuple[Decimal | None, Decimal | None]:
    """(到位率, 执行率) in percent for display; None where a figure is missing or zero."""
    base = adjusted if adjusted is not None else budget
    arrival = rate_of(received, base) if received is not None and base is not None else None
    execution = rate_of(spent, received) if spent is not None and received is not None else None
    return arrival, execution


class FundingPage(Page):
    """资金情况 page."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("资金情况")
        self.setAccessibleName(self.title)
        self.binder = InfoBinder(session, self)
        self.sources = ListEditor(FundingSourceListModel(session, self), self.tr("资金来源"),
                                  self)
        self.items = ListEditor(FundingItemListModel(session, self),
                                self.tr("资金明细（万元）"), self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.sources)
        splitter.addWidget(self.items)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_totals())
        layout.addWidget(splitter, 1)

    def _build_totals(self) -> QGroupBox:
        box = QGroupBox(self.tr("资金总额（万元）"), self)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        fields = (("budget", self.tr("预算数")), ("adjusted_budget", self.tr("调整后预算数")),
                  ("received", self.tr("实际到位")), ("spent", self.tr("实际支出")))
        for i, (field, label) in enumerate(fields):
            editor = self.binder.money(field, label)
            editor.setMinimumWidth(110)
            caption = caption_label(label, editor, box)
            grid.addWidget(caption, i // 2, (i % 2) * 2)
            grid.addWidget(editor, i // 2, (i % 2) * 2 + 1)
        self.arrival = self._rate_label(grid, 0, self.tr("资金到位率："),
                                        self.tr("实际到位 ÷ 预算数（有调整后预算时用调整后预算数）"))
        self.execution = self._rate_label(grid, 1, self.tr("预算执行率："),
                                          self.tr("实际支出 ÷ 实际到位"))
        note = hint_label(self.tr("到位率、执行率按上面填写的金额计算，仅供参考；"
                                  "相关指标的得分在指标页评定。"), box)
        grid.addWidget(note, 2, 0, 1, 6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(5, 1)
        return box

    def _rate_label(self, grid: QGridLayout, row: int, caption: str, formula: str) -> QLabel:
        title = QLabel(caption, self)
        title.setToolTip(formula)
        value = QLabel("—", self)
        value.setToolTip(formula)
        value.setAccessibleName(caption.rstrip("："))
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = value.font()
        font.setBold(True)
        value.setFont(font)
        grid.addWidget(title, row, 4, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(value, row, 5)
        return value

    def refresh(self, change: Change | None) -> None:
        """Totals and rates when the project row changed; the tables follow by themselves."""
        if change is None:
            self.sources.model.reload()
            self.items.model.reload()
            self.sources.fit_columns()
            self.items.fit_columns()
        if change is None or "project" in change.tables():
            self.binder.refresh()
            info = self.session.project.info
            arrival, execution = funding_rates(info.budget, info.adjusted_budget,
                                               info.received, info.spent)
            self.arrival.setText(percent(arrival))
            self.execution.setText(percent(execution))
