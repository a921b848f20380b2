"""The evaluation team (评价人员) as a list model: name, title, unit, role and each member's total.

The role is a list (组长 / 成员 / 复核 / 专家) that also takes free text. The 评分 column is read
only: each member's total comes from the engine (``pfdesk.panel.evaluator_totals``, worked out
from the scores they gave the indicators) and is never stored; it follows every change of the
scores and is written the project's way (88.5 or 88.50).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt

from pfdesk import panel
from pfdesk.edits import Change
from pfdesk.model import Evaluator, Row
from pfdesk.numbers import Numbers
from pfdesk.scoring import ScoreResult

from ..session import ProjectSession
from ..widgets.roles import EDITOR_CHOICE_FREE, EDITOR_READONLY
from .row_list_model import ColumnSpec, RowListModel

log = logging.getLogger(__name__)

_ = QT_TRANSLATE_NOOP
ROLES = ("组长", "成员", "复核", "专家")
TOTAL = "total"            # the computed column: not a field of Evaluator
EVALUATOR_COLUMNS = (
    ColumnSpec("name", _("RowListModel", "姓名"), width=110),
    ColumnSpec("title", _("RowListModel", "职务/职称"), width=170),
    ColumnSpec("org", _("RowListModel", "单位"), stretch=True),
    ColumnSpec("role", _("RowListModel", "角色"), EDITOR_CHOICE_FREE, ROLES, width=110),
    ColumnSpec(TOTAL, _("RowListModel", "评分"), EDITOR_READONLY, width=100,
               tip=_("RowListModel", "该成员给出的总分：由其在各指标详情中填写的专家评分计算，"
                                     "不能直接修改")),
)


class EvaluatorListModel(RowListModel):
    """评价人员 rows, with each member's total from the engine."""

    item_name = _("RowListModel", "评价人员")

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        self._totals: dict[str, Decimal | None] | None = None
        super().__init__(session, Evaluator, EVALUATOR_COLUMNS, parent=parent)
        session.scores_changed.connect(self._scores_changed)

    def totals(self) -> dict[str, Decimal | None]:
        """Each member's total (evaluator id → total, None when they gave no score)."""
        if self._totals is None:
            self._totals = panel.evaluator_totals(self.project, self.session.score)
        return self._totals

    def display(self, row: Row, spec: ColumnSpec) -> str:
        """The computed total for 评分, the stored field otherwise."""
        if spec.field == TOTAL:
            value = self.totals().get(row.id)
            return "" if value is None else Numbers.of(self.project.info).pts(value)
        return super().display(row, spec)

    def edit_value(self, row: Row, spec: ColumnSpec) -> Any:
        """The shown total (never edited) or the stored field."""
        if spec.field == TOTAL:
            return self.display(row, spec)
        return super().edit_value(row, spec)

    def on_changed(self, change: Change | None) -> None:
        """Totals are read again after any change; rows follow their own table."""
        self._totals = None
        super().on_changed(change)

    def _scores_changed(self, _result: ScoreResult) -> None:
        self._totals = None
        col = next(i for i, c in enumerate(self.columns) if c.field == TOTAL)
        if self.rows:
            self.dataChanged.emit(self.index(0, col), self.index(len(self.rows) - 1, col),
                                  [Qt.ItemDataRole.DisplayRole])
