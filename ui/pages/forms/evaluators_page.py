"""评价人员: the evaluation team and expert panel, with the total each member gave (worked out by
the engine from their scores, read only), and how the panel's scores of each leaf make its score
(专家组评分方式, 分差上限)."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pfdesk import panel
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.model import PANEL_METHODS
from pfdesk.numbers import Numbers

from ...models.evaluator_list_model import EvaluatorListModel
from ...session import ProjectSession
from ..base import Page
from ..text_fields import CommitLineEdit
from .common import hint_label
from .list_editor import ListEditor

log = logging.getLogger(__name__)

METHOD_KEYS = tuple(PANEL_METHODS)


class EvaluatorsPage(Page):
    """评价人员 page: one table (姓名, 职务/职称, 单位, 角色, 评分) and the panel's method."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("评价人员")
        self.setAccessibleName(self.title)
        self.model = EvaluatorListModel(session, self)
        self.editor = ListEditor(self.model, self.tr("评价组成员"), self)
        note = hint_label(self.tr("角色可从列表选择，也可直接输入（如 副组长）；评分为该成员给出的总分，"
                              "由其在各末级指标详情中填写的专家评分计算，不能直接修改。"), self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.editor, 1)
        layout.addWidget(note)
        layout.addLayout(self._build_panel())
        layout.addWidget(hint_label(self.tr(
            "设了专家组评分方式后，每个末级指标的详情里可以填写各专家的评分：按平均分或去掉最高最低后"
            "平均计算该指标得分（四舍五入到两位小数），组长裁定时以指标自身得分为准；"
            "专家评分的分差超过上限时会标红并列入评分问题。"), self))

    def _build_panel(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.method = QComboBox()
        self.method.addItems([self.tr(PANEL_METHODS[k]) for k in METHOD_KEYS])
        self.method.setAccessibleName(self.tr("专家组评分方式"))
        self.method.activated.connect(self._method_chosen)
        self.limit = CommitLineEdit(self.tr("分差上限"))
        self.limit.setPlaceholderText(self.tr("不限"))
        self.limit.setMaximumWidth(90)
        self.limit.committed.connect(self._limit_committed)
        method_label = QLabel(self.tr("专家组评分方式："))
        method_label.setBuddy(self.method)
        limit_label = QLabel(self.tr("分差上限："))
        limit_label.setBuddy(self.limit)
        row.addWidget(method_label)
        row.addWidget(self.method)
        row.addSpacing(16)
        row.addWidget(limit_label)
        row.addWidget(self.limit)
        row.addWidget(QLabel(self.tr("分")))
        row.addStretch(1)
        return row

    def refresh(self, change: Change | None) -> None:
        """The model follows the project itself; a full reload re-reads it."""
        if change is None:
            self.model.reload()
            self.editor.fit_columns()
        if change is None or "project" in change.tables():
            self._show_panel()

    def _show_panel(self) -> None:
        """Show the stored panel method and spread limit."""
        info = self.session.project.info
        method = info.panel_method if info.panel_method in METHOD_KEYS else ""
        self.method.setCurrentIndex(METHOD_KEYS.index(method))
        self.limit.set_text("" if info.spread_limit is None
                            else Numbers.of(info).pts(info.spread_limit))
        self.limit.setEnabled(bool(method) and not self.session.read_only)
        self.method.setEnabled(not self.session.read_only)

    def _push(self, method: str, limit: object) -> None:
        try:
            edit = panel.set_panel_method(self.session.project, method, limit)
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            self._show_panel()
            return
        if not self.session.push(edit):
            self._show_panel()

    def _method_chosen(self, index: int) -> None:
        self._push(METHOD_KEYS[index], self.session.project.info.spread_limit)

    def _limit_committed(self, text: str) -> None:
        self._push(self.session.project.info.panel_method, text)
