"""资金情况: the funding totals with 到位率 / 执行率, funds by source, and the funding line items.

Every derived figure comes from the engine (``pfdesk.funding.of(project)``), the same the
reports print: 资金到位率 = 实际到位 ÷ 预算 (the adjusted budget when there is one), 预算执行率 =
实际支出 ÷ 实际到位, and the tables' 合计 rows. When the 资金来源 rows do not add up to the
资金总额 typed above (``funding.mismatches``) a warning says which column, both figures and what
to do. Scores are never computed here; the indicators 资金到位率 and 预算执行率 are scored on
their own pages.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from pfdesk import funding
from pfdesk.edits import Change
from pfdesk.numbers import money, percent

from ...models.funding_list_model import FundingItemListModel, FundingSourceListModel
from ...session import ProjectSession
from ...widgets.field_note import line_height, noted
from ...widgets.table_keys import skip_read_only
from ..base import Page
from .common import caption_label, hint_label
from .info_binder import InfoBinder
from .list_editor import ListEditor

log = logging.getLogger(__name__)

WARNING_STYLE = ("QLabel { color: #8a3b12; background: #fdf2e9; border: 1px solid #e59866;"
                 " border-radius: 3px; padding: 6px 8px; }")
FUNDING_TABLES = frozenset({"project", "funding_source", "funding_item"})


def tr(text: str) -> str:
    """Translate a text of this page."""
    return QCoreApplication.translate("FundingPage", text)


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
        for table in (self.sources, self.items):
            skip_read_only(table.view)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.sources)
        splitter.addWidget(self.items)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 400])
        self.mismatch = QLabel(self)
        self.mismatch.setObjectName("fundingMismatch")
        self.mismatch.setAccessibleName(self.tr("资金来源合计与资金总额不一致"))
        self.mismatch.setWordWrap(True)
        self.mismatch.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mismatch.setStyleSheet(WARNING_STYLE)
        self.mismatch.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_totals())
        layout.addWidget(self.mismatch)
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
            caption.setMinimumHeight(line_height(editor))
            grid.addWidget(caption, i // 2, (i % 2) * 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(noted(editor), i // 2, (i % 2) * 2 + 1, Qt.AlignmentFlag.AlignTop)
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
        height = line_height(QLineEdit())
        title.setMinimumHeight(height)
        value.setMinimumHeight(height)
        grid.addWidget(title, row, 4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(value, row, 5, Qt.AlignmentFlag.AlignTop)
        return value

    def refresh(self, change: Change | None) -> None:
        """Totals, rates and the mismatch warning when the funding changed; the tables
        follow by themselves."""
        if change is None:
            self.sources.model.reload()
            self.items.model.reload()
            self.sources.fit_columns()
            self.items.fit_columns()
        if change is None or "project" in change.tables():
            self.binder.refresh()
        if change is None or FUNDING_TABLES & change.tables():
            figures = funding.of(self.session.project)
            self.arrival.setText(percent(figures.arrival_rate))
            self.execution.setText(percent(figures.execution_rate))
            self._show_mismatches(figures)

    def _show_mismatches(self, figures: funding.Funding) -> None:
        """Say which 资金来源 columns do not add up to the 资金总额, with both figures."""
        self.mismatch.setVisible(bool(figures.mismatches))
        if not figures.mismatches:
            self.mismatch.setText("")
            return
        lines = [self.tr("资金来源合计与资金总额不一致：")]
        lines += [mismatch_line(m, figures) for m in figures.mismatches]
        lines.append(self.tr("请核对下方“资金来源”各行的金额，或上方“资金总额”中填写的数字，"
                             "使两者一致；不一致时报告中的资金表与正文数字会互相矛盾。"))
        self.mismatch.setText("\n".join(lines))


def mismatch_line(mismatch: funding.Mismatch, figures: funding.Funding) -> str:
    """One column that does not add up, with both figures and the difference. The budget is
    accepted against the budget before or after adjustment, so both are named when both are set."""
    if mismatch.column == "budget" and figures.adjusted_budget is not None \
            and figures.budget is not None and figures.adjusted_budget != figures.budget:
        return tr("· {0}：资金来源合计 {1} 万元，与资金总额中的预算数 {2} 万元、"
                  "调整后预算数 {3} 万元都不一致").format(
            mismatch.label, money(mismatch.sources), money(figures.budget),
            money(figures.adjusted_budget))
    return tr("· {0}：资金来源合计 {1} 万元，资金总额 {2} 万元，相差 {3} 万元").format(
        mismatch.label, money(mismatch.sources), money(mismatch.total),
        money(abs(mismatch.difference)))
