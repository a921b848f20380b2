"""评价发现: 成效与经验, 问题与原因 (with the indicators each problem concerns), 建议 (each tied to
a problem) and 整改情况, one tab each.

Above the tabs: 由扣分生成问题 and 由问题生成建议 draft findings from the scoring
(``pfdesk.drafting``), each after a preview of what will be added and as one undo step; 常用语库…
edits the firm's sentences, which the 问题, 原因分析 and 建议 cells offer while typing.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk import drafting
from pfdesk.edits import Change
from pfdesk.numbers import Numbers

from ... import dialogs, draft_dialogs, phrases_dialog
from ...models.finding_list_model import FindingListModel
from ...phrase_popup import book_problem, current_book
from ...read_only import mark_view_only
from ...session import ProjectSession
from ..base import Page
from .common import hint_label
from .finding_phrases import PhraseDelegate
from .indicator_picker import IndicatorPicker
from .list_editor import ListEditor

log = logging.getLogger(__name__)


class FindingsPage(Page):
    """评价发现 page."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("评价发现")
        self.setAccessibleName(self.title)
        self.editors: dict[str, ListEditor] = {
            kind: ListEditor(FindingListModel(session, kind, self), title, self)
            for kind, title in (("成效", self.tr("主要成效")), ("经验做法", self.tr("经验做法")),
                                ("问题", self.tr("存在问题及原因")), ("建议", self.tr("有关建议")),
                                ("整改情况", self.tr("整改情况")))
        }
        self.picker = IndicatorPicker(session, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._build_results(), self.tr("成效与经验"))
        self.tabs.addTab(self._build_problems(), self.tr("问题与原因"))
        self.tabs.addTab(self._padded(self.editors["建议"], self.tr(
            "每条建议可在“针对问题”一列选择它所针对的问题。格内第一行为标题，按回车另起一行写一个小点，"
            "报告中编为 1. 2.。")), self.tr("建议"))
        self.tabs.addTab(self._padded(self.editors["整改情况"], self.tr(
            "记录项目单位对问题的整改落实情况。")), self.tr("整改情况"))
        for kind in ("问题", "建议"):
            view = self.editors[kind].view
            view.setItemDelegate(PhraseDelegate(view))
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_drafting())
        layout.addWidget(self.tabs)
        self.editors["问题"].current_changed.connect(self.picker.set_finding)

    def _build_drafting(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.draft_problems_button = QPushButton(self.tr("由扣分生成问题…"), self)
        self.draft_problems_button.setToolTip(self.tr(
            "按一级指标汇总扣分的指标，各起草一条问题，写明扣分和扣分理由，并关联到这些指标；"
            "已有问题涉及的指标不再重复"))
        self.draft_problems_button.clicked.connect(self.draft_problems)
        self.draft_suggestions_button = QPushButton(self.tr("由问题生成建议…"), self)
        self.draft_suggestions_button.setToolTip(self.tr(
            "为每条还没有建议的问题起草一条建议：常用语库中有该指标的建议时采用，否则用通用表述"))
        self.draft_suggestions_button.clicked.connect(self.draft_suggestions)
        self.phrases_button = QPushButton(self.tr("常用语库…"), self)
        self.phrases_button.setToolTip(self.tr("编辑、导入或导出本所按指标整理的问题、原因和建议表述"))
        self.phrases_button.clicked.connect(self.edit_phrases)
        mark_view_only(self.phrases_button)      # the firm's file, not the project
        for button in (self.draft_problems_button, self.draft_suggestions_button,
                       self.phrases_button):
            button.setAccessibleName(button.text().rstrip("…"))
            row.addWidget(button)
        row.addWidget(hint_label(self.tr(
            "先预览再添加，已有的内容不会改动；添加后可逐条修改，一次撤销即可撤回。"), self), 1)
        return row

    def _padded(self, editor: QWidget, hint: str) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(hint_label(hint, page))
        layout.addWidget(editor, 1)
        return page

    def _build_results(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.editors["成效"])
        splitter.addWidget(self.editors["经验做法"])
        return self._padded(splitter, self.tr("双击单元格填写，离开单元格即保存；每条占表格的一行。"
                                              "格内第一行为标题，按回车另起一行写一个小点。"))

    def _build_problems(self) -> QWidget:
        box = QGroupBox(self.tr("问题涉及的指标"), self)
        inner = QVBoxLayout(box)
        inner.addWidget(hint_label(self.tr("在左侧选中一个问题，再勾选它涉及的指标。"), box))
        inner.addWidget(self.picker, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.editors["问题"])
        splitter.addWidget(box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 400])
        return self._padded(splitter, self.tr("每个问题写明原因，并勾选扣分所在的指标。格内第一行为标题，"
                                              "按回车另起一行写一个小点。"))

    # ----- drafting -----

    def draft_problems(self) -> None:
        """由扣分生成问题: preview, then add the drafted problems as one undo step."""
        project = self.session.project
        plan = drafting.draft_problems(project, self.session.score, Numbers.of(project.info))
        self._add(plan, self.tr("由扣分生成问题"), "问题", 1)

    def draft_suggestions(self) -> None:
        """由问题生成建议: preview, then add one suggestion per problem without one."""
        problem = book_problem()
        if problem:
            self.session.error_reported.emit(problem)
        plan = drafting.draft_suggestions(self.session.project, current_book())
        self._add(plan, self.tr("由问题生成建议"), "建议", 2)

    def _add(self, plan: drafting.ProblemPlan | drafting.SuggestionPlan, title: str,
             kind: str, tab: int) -> None:
        if not plan:
            dialogs.show_info(self, title, plan.summary())
            return
        if not draft_dialogs.ask_add_drafts(self, title, plan.summary()):
            return
        editor = self.editors[kind]
        first = len(editor.model.rows)
        if self.session.push(plan.edit(self.session.project)):
            self.tabs.setCurrentIndex(tab)
            editor.view.setCurrentIndex(editor.model.index(first, 0))
            editor.view.scrollTo(editor.model.index(first, 0))

    def edit_phrases(self) -> None:
        """Open the firm's phrase library."""
        phrases_dialog.edit_phrases(self)

    def _fit(self) -> None:
        for editor in self.editors.values():
            editor.fit_columns()

    def refresh(self, change: Change | None) -> None:
        """The models follow the project themselves; a full reload re-reads them."""
        if change is None:
            for editor in self.editors.values():
                editor.model.reload()
            self.picker.model.reload()
            self.picker.set_finding(self.editors["问题"].current_row_id())
            self._fit()
