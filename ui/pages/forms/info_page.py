"""项目信息: the cover and basic fields, goals, grade bands and the report's narrative sections.

Three tabs: 基本信息 (封面信息 / 基本信息 / 评价信息 as two-column forms, with 分数写法: how
scores and weights are written in the window and every report, 88.5 or 88.50; the 附件1 cover's
上报时间, 组织方式 and 评价机构类型 — lists of the seeds' choices that also take words of the
firm's own — the unit's 邮编, and 资金截止日期, which the funding sentence states), 目标与等级
(总体目标, 年度目标, the grade bands) and 报告章节 (the narrative sections). Every field is stored
through ``set_info`` / ``set_narrative`` when the user has finished with it, one undo step each.

Only 基本信息 is built with the page; 目标与等级 and 报告章节 are built when first shown or looked
up (``bands``, ``narratives``, a goal field among ``binder.editors``: Ctrl+F goes to them), and
locked at once when the project is read-only, as the rest of the page is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk.edits import Change
from pfdesk.model import (
    EVAL_MODES,
    EVAL_OBJECTS,
    EVAL_TYPES,
    EVALUATOR_KINDS,
    ORG_METHODS,
    PROJECT_KINDS,
)
from pfdesk.numbers import STYLES

from ...session import ProjectSession
from ...widgets.field_note import line_height, noted
from ..base import Page
from .common import caption_label
from .info_binder import InfoBinder

if TYPE_CHECKING:   # their modules load with their tabs
    from .bands_editor import BandsEditor
    from .narrative_editor import NarrativeEditor

log = logging.getLogger(__name__)

Row = tuple[str, Callable[[], QWidget], bool]  # label, editor factory, spans the whole width
GOAL_FIELDS = ("overall_goal", "annual_goal")   # on 目标与等级


class InfoPage(Page):
    """项目信息 page."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("项目信息")
        self.setAccessibleName(self.title)
        self.binder = InfoBinder(session, self, pending=GOAL_FIELDS, build=self._goals_tab)
        self._bands: BandsEditor | None = None
        self._narratives: NarrativeEditor | None = None
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._scrolled(self._build_fields()), self.tr("基本信息"))
        # The later tabs: empty holders until first shown or looked up.
        self._goals_holder = self._holder(self.tr("目标与等级"))
        self._narratives_holder = self._holder(self.tr("报告章节"))
        self.tabs.currentChanged.connect(self._on_tab)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    # ----- the tabs built when first needed -----

    @property
    def bands(self) -> BandsEditor:
        """The grade bands' editor (目标与等级, built now if it is not yet)."""
        self._goals_tab()
        assert self._bands is not None
        return self._bands

    @property
    def narratives(self) -> NarrativeEditor:
        """The report sections' editor (报告章节, built now if it is not yet)."""
        self._narratives_tab()
        assert self._narratives is not None
        return self._narratives

    def _holder(self, title: str) -> QWidget:
        holder = QWidget(self.tabs)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(holder, title)
        return holder

    def _on_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self._goals_holder:
            self._goals_tab()
        elif widget is self._narratives_holder:
            self._narratives_tab()

    def _fill(self, holder: QWidget, content: QWidget) -> None:
        """Put a tab's content in its holder, locked when the project is read-only."""
        layout = holder.layout()
        assert layout is not None
        layout.addWidget(content)
        content.show()   # now, not at the next turn of the event loop
        if self.session.read_only:
            from ...read_only import lock_editors

            lock_editors(content)

    def _goals_tab(self) -> None:
        if self._bands is None:
            self._fill(self._goals_holder, self._build_goals())
            self.binder.refresh()

    def _narratives_tab(self) -> None:
        if self._narratives is None:
            from .narrative_editor import NarrativeEditor

            self._narratives = NarrativeEditor(self.session, self._narratives_holder)
            self._fill(self._narratives_holder, self._narratives)
            self._narratives.refresh()

    # ----- building -----

    def _scrolled(self, inner: QWidget) -> QScrollArea:
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(inner)
        return area

    def _build_fields(self) -> QWidget:
        b = self.binder
        tr = self.tr
        cover: list[Row] = [
            (tr("项目名称"), lambda: b.line("name", tr("项目名称")), True),
            (tr("项目单位"), lambda: b.line("unit", tr("项目单位")), False),
            (tr("主管部门"), lambda: b.line("department", tr("主管部门")), False),
            (tr("委托单位"), lambda: b.line("commissioner", tr("委托单位")), False),
            (tr("评价机构"), lambda: b.line("evaluator_org", tr("评价机构")), False),
            (tr("文号"), lambda: b.line("doc_number", tr("文号"), tr("如 上财〔2021〕45号")), False),
            (tr("报告日期"), lambda: noted(b.date("report_date", tr("报告日期"))), False),
            (tr("上报时间"), lambda: noted(b.date("submitted_at", tr("上报时间"))), False),
        ]
        basic: list[Row] = [
            (tr("项目类型"), lambda: b.choice("project_kind", tr("项目类型"), PROJECT_KINDS), False),
            (tr("项目负责人"), lambda: b.line("manager", tr("项目负责人")), False),
            (tr("联系电话"), lambda: b.line("phone", tr("联系电话")), False),
            (tr("邮编"), lambda: b.line("postcode", tr("邮编"), tr("如 310002")), False),
            (tr("单位地址"), lambda: b.line("address", tr("单位地址")), True),
        ]
        evaluation: list[Row] = [
            (tr("评价类型"), lambda: b.choice("eval_type", tr("评价类型"), EVAL_TYPES), False),
            (tr("评价对象"), lambda: b.choice("eval_object", tr("评价对象"), EVAL_OBJECTS), False),
            (tr("评价方式"), lambda: b.choice("eval_mode", tr("评价方式"), EVAL_MODES), False),
            (tr("评价年度"), lambda: b.line("eval_year", tr("评价年度"), tr("如 2021")), False),
            (tr("组织方式"), lambda: self._open_choice("org_method", tr("组织方式"),
                                                      ORG_METHODS), False),
            (tr("评价机构类型"), lambda: self._open_choice("evaluator_kind", tr("评价机构类型"),
                                                        EVALUATOR_KINDS), False),
            (tr("评价时间"), lambda: b.line("eval_period", tr("评价时间"),
                                          tr("如 2021年11月—12月")), True),
            (tr("资金截止日期"), self._funding_cutoff, False),
            (tr("分数写法"), self._number_style, False),
            (tr("复核规则"), self._self_review, True),
        ]
        inner = QWidget(self)
        layout = QVBoxLayout(inner)
        for title, rows in ((tr("封面信息"), cover), (tr("基本信息"), basic),
                            (tr("评价信息"), evaluation)):
            layout.addWidget(self._group(title, rows))
        layout.addStretch(1)
        return inner

    def _open_choice(self, field: str, label: str, choices: tuple[str, ...]) -> QWidget:
        """A list of the forms' choices that also takes words of the firm's own (typed in)."""
        combo = self.binder.choice(field, label, choices, free_text=True)
        combo.lineEdit().setPlaceholderText(self.tr("未填写（可选或直接输入）"))
        return combo

    def _funding_cutoff(self) -> QWidget:
        editor = self.binder.date("funding_cutoff", self.tr("资金截止日期"))
        editor.setPlaceholderText(self.tr("未填写时按评价年度的 12 月 31 日"))
        editor.setToolTip(self.tr("报告写“截至…，实际支付…”时的日期；") + editor.toolTip())
        return noted(editor)

    def _number_style(self) -> QWidget:
        combo = self.binder.choice("number_style", self.tr("分数写法"),
                                   [(self.tr(label), style) for style, label in STYLES.items()])
        combo.setToolTip(self.tr("得分、分值和总分在窗口和各种报告中的写法；"
                                 "得分率和金额始终保留两位小数。"))
        return combo

    def _self_review(self) -> QWidget:
        box = self.binder.check("allow_self_review", self.tr("复核规则"),
                                self.tr("允许复核本人编制的指标"))
        box.setAccessibleName(box.text())
        box.setToolTip(self.tr("不勾选时，指标须由编制人以外的人复核签字（通常的做法）；"
                               "只有一个人完成评价时才勾选。"))
        return box

    def _group(self, title: str, rows: list[Row]) -> QGroupBox:
        box = QGroupBox(title, self)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        line, col = 0, 0
        for label, make, wide in rows:
            if wide and col:
                line, col = line + 1, 0
            editor = make()
            caption = caption_label(label, editor, box)
            caption.setMinimumHeight(line_height(editor))   # level with a field whose note opens
            grid.addWidget(caption, line, col, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, line, col + 1, 1, 3 if wide else 1, Qt.AlignmentFlag.AlignTop)
            if wide or col:
                line, col = line + 1, 0
            else:
                col = 2
        return box

    def _build_goals(self) -> QWidget:
        from .bands_editor import BandsEditor

        page = QWidget(self)
        goals = QGroupBox(self.tr("绩效目标"), page)
        form = QGridLayout(goals)
        for row, (field, label) in enumerate(zip(GOAL_FIELDS, (self.tr("总体目标"),
                                                              self.tr("年度目标")), strict=True)):
            editor = self.binder.text(field, label, lines=5)
            caption = caption_label(label, editor, goals, top=True)
            form.addWidget(caption, row, 0)
            form.addWidget(editor, row, 1)
        bands = QGroupBox(self.tr("评价等级"), page)
        self._bands = BandsEditor(self.session, bands)
        QVBoxLayout(bands).addWidget(self._bands)
        layout = QHBoxLayout(page)
        layout.addWidget(goals, 3)
        layout.addWidget(bands, 2)
        return page

    # ----- refreshing -----

    def refresh(self, change: Change | None) -> None:
        """Show the stored fields when the project row or narratives changed."""
        tables = change.tables() if change is not None else {"project", "narrative"}
        if "project" in tables:
            self.binder.refresh()
            if change is None and self._bands is not None:
                self._bands.model.reload()
        if "narrative" in tables and self._narratives is not None:
            self._narratives.refresh()
