"""专家评分: the selected leaf's expert panel beside its details.

Each evaluator's score (editable in place), the score the panel gives by the project's method
and the spread, in red when it is above the project's limit. Shown only when the project has a
panel method and a leaf is selected. Scores are written the project's way (``Numbers``).
"""

from __future__ import annotations

import logging
from decimal import ROUND_DOWN, Decimal

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk.model import PANEL_METHODS
from pfdesk.numbers import Numbers
from pfdesk.panel import AGGREGATING, PanelView

from ..models.panel_score_model import PanelScoreModel
from ..session import ProjectSession

log = logging.getLogger(__name__)

FLAG_COLOUR = "#c0392b"
_SHOWN_PLACES = Decimal("0.0001")


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("PanelScoresBox", text)


class PanelScoresBox(QGroupBox):
    """The expert panel of one leaf: a small table and two lines (score, spread)."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(tr("专家评分"), parent)
        self.session = session
        self.model = PanelScoreModel(session, self)
        self._build()
        self.model.refreshed.connect(self._update_summary)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.table = QTableView()
        self.table.setObjectName("panelScoreView")
        self.table.setAccessibleName(tr("各专家评分"))
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 96)
        self.table.setMinimumHeight(84)
        self.table.setMaximumHeight(150)
        self.result = QLabel()
        self.result.setObjectName("panelResult")
        self.result.setWordWrap(True)
        self.spread = QLabel()
        self.spread.setObjectName("panelSpread")
        self.spread.setWordWrap(True)
        layout.addWidget(self.table)
        layout.addWidget(self.result)
        layout.addWidget(self.spread)

    def show_indicator(self, indicator_id: str | None, leaf: bool) -> None:
        """Follow the selected indicator; hidden for a parent or a project without a panel."""
        shown = bool(leaf and indicator_id and self.session.project.info.panel_method)
        self.setVisible(shown)
        wanted = indicator_id if shown else None
        if wanted != self.model.indicator_id:
            self.model.set_indicator(wanted)
        else:
            self.model.refresh()

    def _update_summary(self) -> None:
        view = self.model.view
        if view is None:
            return
        numbers = self.model.numbers
        self.result.setText(result_text(view, numbers))
        over = view.over_limit
        self.spread.setText(spread_text(view, numbers))
        self.spread.setStyleSheet(f"color: {FLAG_COLOUR}; font-weight: bold;" if over else "")


def _exact(value: Decimal) -> str:
    shown = value.quantize(_SHOWN_PLACES, rounding=ROUND_DOWN)
    return f"{shown.normalize():f}" + ("…" if shown != value else "")


def result_text(view: PanelView, numbers: Numbers | None = None) -> str:
    """What the panel gives the leaf, in one line (scores written the way ``numbers`` says)."""
    pts = (numbers or Numbers()).pts
    if not view.rows:
        return tr("尚无评价人员，请先在“评价人员”页添加专家。")
    agg = view.aggregate
    if agg is None:
        return tr("尚无专家评分，本指标按自身得分计。")
    if view.method not in AGGREGATING:
        return tr("组长裁定：本指标以填写的得分为准（专家平均分 %s 分）。") % pts(agg.value)
    text = tr("专家组得分（%s）：%s 分") % (tr(PANEL_METHODS[view.method]), pts(agg.value))
    notes = []
    if view.method == "trimmed" and not agg.trimmed:
        notes.append(tr("不足 3 人评分，按平均分"))
    if agg.rounded:
        notes.append(tr("由 %s 四舍五入") % _exact(agg.exact))
    return text + (tr("（%s）") % "；".join(notes) if notes else "")


def spread_text(view: PanelView, numbers: Numbers | None = None) -> str:
    """The spread of the scores and the limit, in one line ('' with fewer than two scores)."""
    if view.spread is None:
        return ""
    pts = (numbers or Numbers()).pts
    text = tr("分差（最高 − 最低）：%s 分") % pts(view.spread)
    if view.limit is not None:
        text += tr("，上限 %s 分") % pts(view.limit)
        if view.over_limit:
            text += tr("，超过上限")
    return text
