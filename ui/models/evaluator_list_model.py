"""The evaluation team (评价人员) as a list model: name, title, unit, role and the total given.

The role is a list (组长 / 成员 / 复核 / 专家) that also takes free text; the total a member gave
is out of 100 with two decimals at most.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject

from pfdesk.model import Evaluator

from ..session import ProjectSession
from ..widgets.roles import EDITOR_CHOICE_FREE, EDITOR_DECIMAL
from .row_list_model import ColumnSpec, RowListModel

log = logging.getLogger(__name__)

_ = QT_TRANSLATE_NOOP
ROLES = ("组长", "成员", "复核", "专家")
EVALUATOR_COLUMNS = (
    ColumnSpec("name", _("RowListModel", "姓名"), width=110),
    ColumnSpec("title", _("RowListModel", "职务/职称"), width=170),
    ColumnSpec("org", _("RowListModel", "单位"), stretch=True),
    ColumnSpec("role", _("RowListModel", "角色"), EDITOR_CHOICE_FREE, ROLES, width=110),
    ColumnSpec("total", _("RowListModel", "评分"), EDITOR_DECIMAL, maximum=Decimal(100), width=100,
               tip=_("RowListModel", "该成员给出的总分（满分100分，两位小数）")),
)


class EvaluatorListModel(RowListModel):
    """评价人员 rows."""

    item_name = _("RowListModel", "评价人员")

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(session, Evaluator, EVALUATOR_COLUMNS, parent=parent)
