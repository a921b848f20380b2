"""评价发现: 成效与经验, 问题与原因 (with the indicators each problem concerns), 建议 (each tied to
a problem) and 整改情况, one tab each.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk.edits import Change

from ...models.finding_list_model import FindingListModel
from ...session import ProjectSession
from ..base import Page
from .common import hint_label
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
            "每条建议可在“针对问题”一列选择它所针对的问题。")), self.tr("建议"))
        self.tabs.addTab(self._padded(self.editors["整改情况"], self.tr(
            "记录项目单位对问题的整改落实情况。")), self.tr("整改情况"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.editors["问题"].current_changed.connect(self.picker.set_finding)

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
        return self._padded(splitter, self.tr("双击单元格填写，离开单元格即保存；一行写一条。"))

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
        return self._padded(splitter, self.tr("每个问题写明原因，并勾选扣分所在的指标。"))

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
