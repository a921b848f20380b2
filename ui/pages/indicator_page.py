"""The page of one level-1 dimension: its indicator tree beside the selected indicator's details.

The tree (编码, 名称, 分值, 得分, 得分率, 状态) is edited in place; the toolbar above it edits
the indicator system (add a sibling or a child, remove a branch, move up / down / out / in); the
weight problems of this dimension are shown above the tree as they arise. Beside the tree, two
tabs (评分与分析, 修改记录 of the selected indicator) above the sign-off line, whose buttons (and
the tree's context menu) sign the selected indicators: a selected parent stands for its leaves.
The toolbar also opens 层次分析法 for the selected parent and the 满意度调查 list (``ahp_dialog``,
``survey_dialog``, loaded when first used).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from pfdesk import commands, identity, review
from pfdesk.edits import Change, Edit
from pfdesk.errors import PfdeskError
from pfdesk.scoring import MISSING_WEIGHT, TOTAL_WEIGHT, WEIGHT_SUM

from .. import dialogs
from ..history_view import HistoryView
from ..models.indicator_model import COL_SCORE, ID_ROLE, IndicatorModel
from ..session import ProjectSession
from . import indicator_structure as structure
from .base import Page
from .indicator_details import IndicatorDetails
from .indicator_view import IndicatorView
from .sign_off import PREPARE, REVIEW, WITHDRAW, SignOffBar

log = logging.getLogger(__name__)

WEIGHT_KINDS = (WEIGHT_SUM, TOTAL_WEIGHT, MISSING_WEIGHT)


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("IndicatorPage", text)


class IndicatorPage(Page):
    """One dimension (决策, 过程, …) of the project's indicator tree."""

    def __init__(self, session: ProjectSession, root_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.root_id = root_id
        self.title = session.project.indicator(root_id).name
        self.setAccessibleName(tr("指标页：%s") % self.title)
        self._current_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(6)
        self._build_toolbar(layout)
        self._build_banner(layout)
        self._build_split(layout)

    # ----- building -----

    def _build_toolbar(self, layout: QVBoxLayout) -> None:
        self.toolbar = QToolBar(tr("指标体系"))
        self.toolbar.setAccessibleName(tr("指标体系工具栏"))
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.actions_by_name: dict[str, QAction] = {}
        specs: list[tuple[str, str, str, Callable[[], None]]] = [
            ("sibling", tr("添加同级"), "Insert", self.add_sibling),
            ("child", tr("添加下级"), "Shift+Insert", self.add_child),
            ("remove", tr("删除"), "Ctrl+Delete", self.remove_current),
            ("up", tr("上移"), "Alt+Up", lambda: self._move(structure.move_up)),
            ("down", tr("下移"), "Alt+Down", lambda: self._move(structure.move_down)),
            ("out", tr("升级"), "Alt+Left", lambda: self._move(structure.move_out)),
            ("in", tr("降级"), "Alt+Right", lambda: self._move(structure.move_in)),
        ]
        for name, text, keys, slot in specs:
            if name in ("up", "out"):
                self.toolbar.addSeparator()
            action = QAction(text, self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text}（{QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)}）")
            action.triggered.connect(slot)
            self.addAction(action)
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action
        self.toolbar.addSeparator()
        # these open dialogs that show a read-only project too (their storing buttons are locked)
        self.dialog_actions: dict[str, QAction] = {}
        for name, text, tip, slot in (
                ("ahp", tr("层次分析法…"), tr("用两两比较（层次分析法）确定所选指标下级指标的分值"),
                 self.open_ahp),
                ("surveys", tr("满意度调查…"), tr("导入、查看和删除满意度调查问卷数据"),
                 self.open_surveys)):
            action = QAction(text, self)
            action.setToolTip(tip)
            action.triggered.connect(slot)
            self.toolbar.addAction(action)
            self.dialog_actions[name] = action
        layout.addWidget(self.toolbar)

    def _build_banner(self, layout: QVBoxLayout) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("weightProblems")
        self.banner.setAccessibleName(tr("分值问题"))
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fdecea; color: #a93226; "
                                  "border: 1px solid #f5b7b1; border-radius: 3px; padding: 4px 8px; }")
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

    def _build_split(self, layout: QVBoxLayout) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.model = IndicatorModel(self.session, self.root_id, self)
        self.view = IndicatorView()
        self.view.setModel(self.model)
        self.view.expandAll()
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelAboutToBeReset.connect(self._remember_current)
        self.model.modelReset.connect(self._restore_current)
        self.details = IndicatorDetails(self.session)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self._build_side())
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([500, 440])
        layout.addWidget(self.splitter, 1)

    def _build_side(self) -> QWidget:
        """评分与分析 / 修改记录 tabs above the sign-off line."""
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("indicatorTabs")
        self.tabs.setDocumentMode(True)
        self.history = HistoryView(self.session, whole_project=False)
        self.tabs.addTab(self.details, tr("评分与分析"))
        self.tabs.addTab(self.history, tr("修改记录"))
        self.sign_off = SignOffBar(self.session)
        self.sign_off.sign_requested.connect(self.sign)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.sign_off)
        self.sign_actions: dict[str, QAction] = {}
        for kind, text in ((PREPARE, tr("编制签字")), (REVIEW, tr("复核签字")),
                           (WITHDRAW, tr("撤销签字"))):
            action = QAction(text, self.view)
            action.triggered.connect(lambda _c=False, k=kind: self.sign(k))
            self.view.addAction(action)
            self.sign_actions[kind] = action
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return side

    # ----- refreshing -----

    def refresh(self, change: Change | None) -> None:
        """Update the banner, the actions and the details (the model refreshes itself)."""
        project = self.session.project
        if self.root_id not in project.indicators():
            return
        self.title = project.indicator(self.root_id).name
        self._show_problems()
        self.details.refresh(change)
        self._show_sign_off()
        self._update_actions()

    def _show_problems(self) -> None:
        lines = [p.message for p in self.session.score.problems if p.kind in WEIGHT_KINDS and (
            p.indicator_id is None or self.model.contains(p.indicator_id))]
        self.banner.setVisible(bool(lines))
        self.banner.setText("\n".join("⚠ " + line for line in lines))

    def _update_actions(self) -> None:
        ind_id = self.current_id()
        has = ind_id is not None and ind_id in self.session.project.indicators() \
            and not self.session.read_only
        moves = structure.can_move(self.session.project, ind_id) if has else {}
        for name, action in self.actions_by_name.items():
            if name in ("sibling", "child", "remove"):
                action.setEnabled(has)
            else:
                action.setEnabled(bool(moves.get(name)))
        for action in self.sign_actions.values():
            action.setEnabled(has)
        project = self.session.project
        self.dialog_actions["ahp"].setEnabled(
            ind_id is not None and ind_id in project.indicators()
            and len(project.children(ind_id)) >= 2)

    def _remember_current(self) -> None:
        self._current_id = self.current_id()

    def _restore_current(self) -> None:
        self.view.expandAll()
        target = self._current_id
        if target is None or not self.model.contains(target):
            target = self.root_id if self.model.contains(self.root_id) else None
        if target is not None:
            self.select_indicator(target)
        else:
            self._show_current(None)

    # ----- selection -----

    def current_id(self) -> str | None:
        """The selected indicator's id."""
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        """The selected indicators' ids (the current one when nothing is selected)."""
        rows = self.view.selectionModel().selectedRows(0)
        ids = [i.data(ID_ROLE) for i in rows if i.data(ID_ROLE)]
        current = self.current_id()
        return ids or ([current] if current else [])

    def _selection_changed(self, selected: QItemSelection, _old: QItemSelection) -> None:
        self._show_current(self.current_id())
        self._update_actions()

    def _show_current(self, indicator_id: str | None) -> None:
        self.details.show_indicator(indicator_id)
        self.history.set_indicator(indicator_id)
        self._show_sign_off(indicator_id)

    def _show_sign_off(self, indicator_id: str | None = None) -> None:
        shown = indicator_id if indicator_id is not None else self.current_id()
        self.sign_off.show_indicator(shown, len(self.selected_ids()))
        self.history.set_highlighted(self.sign_off.highlighted)

    def select_indicator(self, indicator_id: str) -> bool:
        """Select an indicator of this dimension and show its details."""
        index = self.model.index_of(indicator_id)
        if not index.isValid():
            return False
        column = COL_SCORE if self.view.currentIndex().column() == COL_SCORE else 0
        index = self.model.index_of(indicator_id, column)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        self._show_current(indicator_id)
        self._update_actions()
        return True

    # ----- AHP weights and surveys (their dialogs load when first opened) -----

    def open_ahp(self) -> None:
        """层次分析法 for the selected parent's children."""
        from ..ahp_dialog import open_ahp

        ind_id = self.current_id()
        if ind_id is not None:
            open_ahp(self.session, ind_id, self)

    def open_surveys(self) -> None:
        """The project's satisfaction surveys, with import and delete."""
        from ..survey_dialog import SurveyListDialog

        dialog = SurveyListDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # ----- sign-off -----

    def _sign_targets(self, kind: str) -> tuple[list[str], str]:
        """The leaves a sign-off acts on: the selected leaves, and under a selected parent the
        leaves that still need it (to review: those the user may review); with a sentence when
        a selected parent has none. A leaf chosen by itself goes to the core as it is."""
        project = self.session.project
        own_ok = project.info.allow_self_review
        wanted = {PREPARE: lambda i: not i.prepared_by,
                  REVIEW: lambda i: bool(i.prepared_by) and i.sign_off != "已复核" and (
                      own_ok or i.prepared_by != project.author),
                  WITHDRAW: lambda i: bool(i.prepared_by or i.reviewed_by)}[kind]
        out: list[str] = []
        parents: list[str] = []
        for ind_id in self.selected_ids():
            ind = project.indicators().get(ind_id)
            if ind is None:
                continue
            if not project.children(ind_id):
                out.append(ind_id)
                continue
            parents.append(ind.code or ind.name)
            out.extend(i.id for i in project.walk(ind_id)
                       if not project.children(i.id) and wanted(i))
        if out or not parents:
            return list(dict.fromkeys(out)), ""
        names = "、".join(parents)
        why = {PREPARE: tr("%s 下的末级指标都已编制签字，无需再签"),
               REVIEW: tr("%s 下没有您可以复核的末级指标（须先由他人编制签字；"
                          "已复核且未再修改的无需再签）"),
               WITHDRAW: tr("%s 下的末级指标都没有签字，无需撤销")}[kind]
        return [], why % names

    def sign(self, kind: str) -> bool:
        """编制签字 / 复核签字 / 撤销签字 on the selected indicators, as one undo step; a
        refusal (reviewing one's own preparation, nothing prepared) is shown, not hidden."""
        project = self.session.project
        ids, nothing = self._sign_targets(kind)
        if nothing:
            self.session.error_reported.emit(nothing)
            return False
        try:
            if kind == PREPARE:
                edit = review.prepare(project, ids, identity.now_ms())
            elif kind == REVIEW:
                edit = review.review(project, ids, identity.now_ms())
            else:
                edit = review.withdraw(project, ids)
        except PfdeskError as exc:
            self.session.report_failure(str(exc))
            return False
        return self.session.push(edit)

    # ----- editing the indicator system -----

    def _push(self, build: Callable[[], Edit], select: str | None = None) -> bool:
        try:
            edit = build()
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        ok = self.session.push(edit)
        if ok and select is not None:
            self.select_indicator(select)
        return ok

    def _ask_new(self, title: str, parent_id: str | None, after_id: str | None
                 ) -> dialogs.IndicatorInput | None:
        code = structure.suggest_code(self.session.project, parent_id, after_id)
        return dialogs.ask_indicator(self, title, dialogs.IndicatorInput(code, "", ""))

    def add_sibling(self) -> None:
        """Ask for a new indicator and place it after the selected one."""
        ind_id = self.current_id()
        if ind_id is None:
            return
        ind = self.session.project.indicator(ind_id)
        value = self._ask_new(tr("添加同级指标"), ind.parent_id, ind_id)
        if value is not None:
            self._push(lambda: structure.add_sibling(self.session.project, ind_id, value.code,
                                                     value.name, value.weight))
            self._select_code(ind.parent_id, value.code)

    def add_child(self) -> None:
        """Ask for a new indicator and place it last under the selected one."""
        ind_id = self.current_id()
        if ind_id is None:
            return
        value = self._ask_new(tr("添加下级指标"), ind_id, None)
        if value is not None:
            self._push(lambda: structure.add_child(self.session.project, ind_id, value.code,
                                                   value.name, value.weight))
            self._select_code(ind_id, value.code)

    def _select_code(self, parent_id: str | None, code: str) -> None:
        for kid in self.session.project.children(parent_id):
            if kid.code == code:
                self.select_indicator(kid.id)

    def remove_current(self) -> None:
        """Remove the selected indicator with its whole branch (one undo step)."""
        ind_id = self.current_id()
        if ind_id is None:
            return
        project = self.session.project
        ind = project.indicator(ind_id)
        siblings = [s.id for s in project.children(ind.parent_id) if s.id != ind_id]
        index = [s.id for s in project.children(ind.parent_id)].index(ind_id)
        after = siblings[min(index, len(siblings) - 1)] if siblings else ind.parent_id
        self._current_id = after
        self._push(lambda: commands.remove_indicator(project, ind_id), select=after)

    def _move(self, how: Callable[..., Edit]) -> None:
        ind_id = self.current_id()
        if ind_id is not None:
            self._push(lambda: how(self.session.project, ind_id), select=ind_id)
