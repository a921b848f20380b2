"""评价人员: the evaluation team and expert panel, with the total each member gave."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QVBoxLayout, QWidget

from pfdesk.edits import Change

from ...models.evaluator_list_model import EvaluatorListModel
from ...session import ProjectSession
from ..base import Page
from .common import hint_label
from .list_editor import ListEditor

log = logging.getLogger(__name__)


class EvaluatorsPage(Page):
    """评价人员 page: one table (姓名, 职务/职称, 单位, 角色, 评分)."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("评价人员")
        self.setAccessibleName(self.title)
        self.model = EvaluatorListModel(session, self)
        self.editor = ListEditor(self.model, self.tr("评价组成员"), self)
        note = hint_label(self.tr("角色可从列表选择，也可直接输入（如 副组长）；评分为该成员给出的总分，"
                              "满分100分，保留两位小数。"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(note)

    def refresh(self, change: Change | None) -> None:
        """The model follows the project itself; a full reload re-reads it."""
        if change is None:
            self.model.reload()
            self.editor.fit_columns()
