"""The details of the selected indicator beside the tree.

指标解释, 评分标准, target and actual value, the 计分方式 of a leaf (by hand or 按规则计分 with
its rule, ``rule_editor``), the deduction list (add / edit / remove, which sets
the score), the written analysis with a button drafting the standard paragraph (asking first
whether to replace or add to text already written) and the firm's sentences for the indicator
offered while typing, the status and the not-applicable mark, and the evidence files (佐证材料,
see ``evidence_list``). Every change is one edit pushed on the session. The figures line gives
the points that count, the score written the project's way (``Numbers``) and the rate, with the
notes of ``score_notes`` as its tooltip; all of it is shown again after every change.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk import commands
from pfdesk.edits import Change, Edit
from pfdesk.errors import PfdeskError
from pfdesk.model import STATUSES
from pfdesk.numbers import Numbers, plain
from pfdesk.scoring import NodeScore
from pfdesk.wording import added_to_analysis, draft_analysis, stated_score_conflict

from .. import dialogs, draft_dialogs
from ..models.deduction_model import DeductionModel
from ..phrase_popup import PhraseCompleter, current_book
from ..score_notes import excluded_short, excluded_text, progress_short, progress_text, rounded_text
from ..session import ProjectSession
from .evidence_list import EvidenceBox
from .panel_scores import PanelScoresBox
from .rule_editor import RuleEditor
from .text_fields import CommitLineEdit, CommitTextEdit

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("IndicatorDetails", text)


class IndicatorDetails(QScrollArea):
    """Everything about one indicator that is not a column of the tree."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.indicator_id: str | None = None
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(tr("指标详情"))
        body = QWidget()
        self._layout = QVBoxLayout(body)
        self._layout.setContentsMargins(12, 8, 12, 8)
        self._build_header()
        self._build_texts()
        self.rule_editor = RuleEditor(self.session, self)
        self._layout.addWidget(self.rule_editor)
        self._build_deductions()
        self.panel_box = PanelScoresBox(self.session, self)
        self._layout.addWidget(self.panel_box)
        self._build_analysis()
        self.evidence_box = EvidenceBox(self.session, self)
        self._layout.addWidget(self.evidence_box)
        self._layout.addStretch(1)
        self.setWidget(body)
        self.show_indicator(None)

    # ----- building -----

    def _build_header(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("indicatorHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.figures = QLabel()
        self.figures.setObjectName("indicatorFigures")
        self.empty = QLabel(tr("在左侧选择一个指标，即可查看和填写它的评分依据、扣分和分析。"))
        self.empty.setWordWrap(True)
        row = QHBoxLayout()
        self.status = QComboBox()
        self.status.addItems([tr(s) for s in STATUSES])
        self.status.setAccessibleName(tr("评价状态"))
        self.status.activated.connect(self._status_chosen)
        self.not_applicable = QCheckBox(tr("不适用"))
        self.not_applicable.setToolTip(tr("不适用的指标不计分，总分按其余指标折算为百分制"))
        self.not_applicable.setAccessibleName(tr("不适用"))
        self.not_applicable.clicked.connect(self._na_clicked)
        self.status_label = QLabel(tr("状态："))
        row.addWidget(self.status_label)
        row.addWidget(self.status)
        row.addSpacing(16)
        row.addWidget(self.not_applicable)
        row.addStretch(1)
        self.figures.setWordWrap(True)
        for widget in (self.empty, self.heading, self.figures):
            self._layout.addWidget(widget)
        self._layout.addLayout(row)

    def _build_texts(self) -> None:
        box = QGroupBox(tr("评分依据"))
        layout = QVBoxLayout(box)
        self.reference = QTabWidget()
        self.reference.setAccessibleName(tr("指标解释和评分标准"))
        self.explanation = CommitTextEdit(tr("指标解释"))
        self.criteria = CommitTextEdit(tr("评分标准"))
        self.reference.addTab(self.criteria, tr("评分标准"))
        self.reference.addTab(self.explanation, tr("指标解释"))
        self.reference.setMinimumHeight(110)
        self.reference.setMaximumHeight(150)
        layout.addWidget(self.reference)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.target_value = CommitLineEdit(tr("目标值"))
        self.actual_value = CommitLineEdit(tr("实际完成值"))
        self.data_source = CommitLineEdit(tr("数据来源"))
        form.addRow(tr("目标值："), self.target_value)
        form.addRow(tr("实际完成值："), self.actual_value)
        form.addRow(tr("数据来源："), self.data_source)
        layout.addLayout(form)
        self.explanation.committed.connect(lambda t: self._set_field("explanation", t))
        self.criteria.committed.connect(lambda t: self._set_field("criteria", t))
        self.target_value.committed.connect(lambda t: self._set_field("target_value", t))
        self.actual_value.committed.connect(lambda t: self._set_field("actual_value", t))
        self.data_source.committed.connect(lambda t: self._set_field("data_source", t))
        self.texts_box = box
        self._layout.addWidget(box)

    def _build_deductions(self) -> None:
        box = QGroupBox(tr("扣分（使用扣分时，得分 = 分值 − 扣分合计）"))
        layout = QVBoxLayout(box)
        self.deduction_model = DeductionModel(self.session, self)
        self.deductions = QTableView()
        self.deductions.setObjectName("deductionView")
        self.deductions.setAccessibleName(tr("扣分列表"))
        self.deductions.setModel(self.deduction_model)
        self.deductions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.deductions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.deductions.verticalHeader().setVisible(False)
        header = self.deductions.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, 96)
        self.deductions.setWordWrap(True)
        self.deductions.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.deductions.setMinimumHeight(84)
        self.deductions.setMaximumHeight(140)
        # a double click opens 修改扣分 at the field clicked, not an editor in the cell as well
        self.deductions.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.deductions.doubleClicked.connect(
            lambda i: self.edit_deduction(dialogs.DEDUCTION_FIELDS[i.column()]))
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("添加扣分…"))
        self.edit_button = QPushButton(tr("修改…"))
        self.remove_button = QPushButton(tr("删除"))
        self.add_button.clicked.connect(self.add_deduction)
        self.edit_button.clicked.connect(lambda _checked: self.edit_deduction("points"))
        self.remove_button.clicked.connect(self.remove_deduction)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setAccessibleName(button.text().rstrip("…") + tr("扣分项"))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.deductions)
        layout.addLayout(buttons)
        self.deductions_box = box
        self._layout.addWidget(box)

    def _build_analysis(self) -> None:
        box = QGroupBox(tr("分析"))
        layout = QVBoxLayout(box)
        self.analysis = CommitTextEdit(tr("分析"))
        self.analysis.setMinimumHeight(100)
        self.analysis.setPlaceholderText(tr("写明核查到的情况和扣分理由；可先点“生成分析段落”再修改。"
                                            "输入时会提示常用语库中该指标的句子，Ctrl+空格 列出全部。"))
        self.analysis.committed.connect(lambda t: self._set_field("analysis", t))
        self.phrases = PhraseCompleter(self.analysis, self.indicator_phrases)
        self.conflict = QLabel()
        self.conflict.setObjectName("analysisConflict")
        self.conflict.setWordWrap(True)
        self.conflict.setStyleSheet("color: #c0392b;")
        row = QHBoxLayout()
        self.draft_button = QPushButton(tr("生成分析段落"))
        self.draft_button.setAccessibleName(tr("生成分析段落"))
        self.draft_button.setToolTip(tr("根据目标值、实际完成值、扣分理由和得分写出标准段落（可撤销）"))
        self.draft_button.clicked.connect(self.draft)
        self.phrases_button = QPushButton(tr("常用语…"))
        self.phrases_button.setAccessibleName(tr("常用语"))
        self.phrases_button.setToolTip(tr("列出常用语库中该指标的问题和原因表述，选中一句插入到光标处"))
        self.phrases_button.clicked.connect(self.offer_phrases)
        row.addWidget(self.draft_button)
        row.addWidget(self.phrases_button)
        row.addStretch(1)
        layout.addWidget(self.analysis)
        layout.addWidget(self.conflict)
        layout.addLayout(row)
        self._layout.addWidget(box)
        self.analysis_box = box

    # ----- showing -----

    def show_indicator(self, indicator_id: str | None) -> None:
        """Show another indicator (None: nothing selected), storing pending typing first."""
        self.commit_pending()
        self.indicator_id = indicator_id
        self.deduction_model.set_indicator(indicator_id)
        self.refresh(None)

    def commit_pending(self) -> None:
        """Store text typed into a field that still has focus."""
        for edit in (self.explanation, self.criteria, self.analysis):
            edit.commit()
        for line in (self.target_value, self.actual_value, self.data_source):
            line.commit()

    def refresh(self, change: Change | None) -> None:
        """Fill the fields from the project and the scores."""
        if change is not None:
            self.deduction_model.refresh(change)
        project = self.session.project
        ind = project.indicators().get(self.indicator_id or "")
        shown = ind is not None
        for widget in (self.heading, self.figures, self.texts_box, self.analysis_box,
                       self.status, self.status_label, self.not_applicable):
            widget.setVisible(shown)
        self.empty.setVisible(not shown)
        if self.evidence_box.indicator_id != (ind.id if ind else None):
            self.evidence_box.show_indicator(ind.id if ind else None)
        self.panel_box.show_indicator(ind.id if ind else None,
                                      ind is not None and not project.children(ind.id))
        if ind is None:
            self.deductions_box.setVisible(False)
            self.rule_editor.setVisible(False)
            self.rule_editor.show_indicator(None)
            return
        leaf = not project.children(ind.id)
        self._show_rule(ind.id if leaf else None, change)
        node = self.session.score.by_id.get(ind.id)
        numbers = Numbers.of(project.info)
        self.heading.setText(f"{ind.code} {ind.name}")
        self.figures.setText(figures_text(node, numbers))
        self.figures.setToolTip(figures_notes(node, numbers))
        self.status.setCurrentIndex(STATUSES.index(ind.status) if ind.status in STATUSES else 0)
        self.not_applicable.setChecked(ind.not_applicable)
        for widget in (self.status, self.status_label, self.deductions_box):
            widget.setVisible(leaf)
        self.explanation.set_text(ind.explanation)
        self.criteria.set_text(ind.criteria)
        self.target_value.set_text(ind.target_value)
        self.actual_value.set_text(ind.actual_value)
        self.data_source.set_text(ind.data_source)
        self.analysis.set_text(ind.analysis)
        stated = stated_score_conflict(ind, node) if node else None
        self.conflict.setVisible(stated is not None)
        if stated is not None and node is not None and node.score is not None:
            self.conflict.setText(tr("分析中写的是“该指标得%s分”，而当前得分是 %s 分。")
                                  % (stated, numbers.pts(node.score)))
        self._update_buttons()

    def _show_rule(self, leaf_id: str | None, change: Change | None) -> None:
        """The 计分方式 box of a leaf (none for a parent, whose score is its children's)."""
        self.rule_editor.setVisible(leaf_id is not None)
        if self.rule_editor.indicator_id != leaf_id:
            self.rule_editor.show_indicator(leaf_id)
        else:
            self.rule_editor.refresh(change)

    def _update_buttons(self) -> None:
        has = self.deduction_model.rowCount() > 0 and not self.session.read_only
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    # ----- actions -----

    def _push(self, build: object) -> bool:
        try:
            edit = build()  # type: ignore[operator]
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(edit)

    def _set_field(self, name: str, text: str) -> None:
        ind_id = self.indicator_id
        if ind_id is None or ind_id not in self.session.project.indicators():
            return
        if getattr(self.session.project.indicator(ind_id), name) == text:
            return
        self._push(lambda: commands.set_indicator(self.session.project, ind_id, **{name: text}))

    def _status_chosen(self, row: int) -> None:
        if self.indicator_id is not None:
            ind_id = self.indicator_id
            self._push(lambda: commands.set_status(self.session.project, ind_id, STATUSES[row]))

    def _na_clicked(self, checked: bool) -> None:
        if self.indicator_id is not None:
            ind_id = self.indicator_id
            self._push(lambda: commands.set_indicator(self.session.project, ind_id,
                                                      not_applicable=checked))

    def _selected_deduction(self) -> str | None:
        rows = self.deductions.selectionModel().selectedRows()
        row = rows[0].row() if rows else (0 if self.deduction_model.rowCount() == 1 else -1)
        ded = self.deduction_model.deduction_at(row)
        return ded.id if ded else None

    def add_deduction(self) -> None:
        """Ask for points and reason and take them off the indicator."""
        ind_id = self.indicator_id
        if ind_id is None:
            return
        value = dialogs.ask_deduction(self, tr("添加扣分"))
        if value is not None:
            self._push(lambda: commands.add_deduction(self.session.project, ind_id, value.points,
                                                      value.reason, value.evidence))

    def edit_deduction(self, focus: str = "points") -> None:
        """Change the selected deduction, the cursor in ``focus`` (points, reason, evidence)."""
        ded_id = self._selected_deduction()
        ded = self.session.project.find("deduction", ded_id) if ded_id else None
        if ded is None or self.session.read_only:   # a double click must not open the form
            return
        start = dialogs.DeductionInput(plain(ded.points) if ded.points is not None else "",
                                       ded.reason, ded.evidence)  # type: ignore[attr-defined]
        value = dialogs.ask_deduction(self, tr("修改扣分"), start, focus=focus)
        if value is not None:
            self._push(lambda: commands.update_deduction(self.session.project, ded.id,
                                                         value.points, value.reason,
                                                         value.evidence))

    def remove_deduction(self) -> None:
        """Remove the selected deduction (the score follows)."""
        ded_id = self._selected_deduction()
        if ded_id is not None:
            self._push(lambda: commands.remove_deduction(self.session.project, ded_id))

    def indicator_phrases(self) -> list[str]:
        """The firm's problem and cause sentences for the shown indicator's name."""
        ind = self.session.project.indicators().get(self.indicator_id or "")
        if ind is None:
            return []
        book = current_book()
        return book.phrases([ind.name], "problems") + book.phrases([ind.name], "causes")

    def offer_phrases(self) -> None:
        """List the indicator's sentences at the cursor of the analysis."""
        self.analysis.setFocus()
        if not self.phrases.show_phrases(""):
            ind = self.session.project.indicators().get(self.indicator_id or "")
            dialogs.show_info(self, tr("常用语"), tr(
                "常用语库中还没有“%s”的句子。可在“评价发现”页点“常用语库…”添加。")
                % (ind.name if ind else ""))

    def draft(self) -> None:
        """Write the standard analysis paragraph from the data, as one undo step; when the
        analysis already has text, ask whether to replace it or add the paragraph after it."""
        self.commit_pending()
        project = self.session.project
        ind = project.indicators().get(self.indicator_id or "")
        node = self.session.score.by_id.get(self.indicator_id or "")
        if ind is None or node is None:
            return
        fmt = Numbers.of(project.info)
        text = draft_analysis(project, ind, node, fmt)
        current = ind.analysis.strip()
        if current:
            choice = draft_dialogs.ask_draft_placement(self, f"{ind.code}{ind.name}")
            if choice is None:
                return
            if choice == draft_dialogs.APPEND:
                text = added_to_analysis(ind, node, project.deductions(ind.id), fmt)
                if text == current:
                    dialogs.show_info(self, tr("生成分析段落"), tr(
                        "分析中已写明目标值、实际完成值、各项扣分理由和得分，没有需要添加的内容。"))
                    return

        def build() -> Edit:
            edit = commands.set_indicator(project, ind.id, analysis=text)
            edit.label = tr("生成 %s 的分析段落") % (ind.code or ind.name)
            return edit

        self._push(build)


def figures_text(node: NodeScore | None, numbers: Numbers) -> str:
    """'分值 26 分（不计…）· 得分 12 分 · 得分率 46.15%': the points that count, the score written
    the project's way and the engine's rate, which is the one divided by the other."""
    if node is None:
        return ""
    if node.not_applicable:
        return tr("分值 %s 分 · 不适用，不计分") % numbers.pts(node.weight)
    counted = tr("分值 %s 分") % numbers.pts(node.max)
    excluded = excluded_short(node, numbers)
    parts = [counted + (tr("（%s）") % excluded if excluded else "")]
    if not node.is_leaf and node.leaves == 0:
        parts.append(tr("下级指标均不适用"))
    elif node.score is None or (not node.is_leaf and node.scored == 0):
        parts.append(tr("尚未评分"))
    else:
        parts.append(tr("得分 %s 分") % numbers.pts(node.score))
        parts.append(tr("得分率 %s") % numbers.percent(node.rate))
        if not node.is_leaf and progress_short(node):
            parts.append(progress_short(node))
    return " · ".join(parts)


def figures_notes(node: NodeScore | None, numbers: Numbers) -> str:
    """The figures' tooltip: points not counted, how far scoring has come, a rounded leaf."""
    if node is None:
        return ""
    notes = (excluded_text(node, numbers), "" if node.is_leaf else progress_text(node),
             rounded_text(node, numbers))
    return "\n".join(n for n in notes if n)
