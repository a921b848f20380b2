"""计分方式 of a leaf: scored by hand (or by deductions), or 按规则计分 with the rule edited here.

The rule is edited as a draft: its kind (按比例 / 分档 / 达标满分否则按差额扣分 / 达标与否), its
input (预算执行率, 资金到位率, a target's completion, a survey's 满意率 or mean score, or a typed
number with its name and unit) and its numbers; for 分档 the bands as a small table typed like a
spreadsheet (``BandModel``), an overlap or a gap named beside it by the core's ``check_bands``.
A preview line shows what the rule gives with the project's data as it is now: the report's
sentence ("预算执行率为98.50%，按评分标准得3分") or the missing input. 应用规则 stores the rule
through the session as one command (``commands.set_rule``); choosing 直接评分或扣分 again removes
it (one command too). The draft is left alone while other edits come in, and reloaded when the
stored rule itself changes (an undo) or another leaf is shown. A reload starts every kind's numbers
afresh before filling in the stored rule, so what was typed and not applied for one leaf (bands,
满分值, a standard) is never shown, nor stored, for another.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk import rules
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.numbers import Numbers, plain
from pfdesk.rules.kinds import INPUT_KINDS

from ..session import ProjectSession
from .rule_parts import (
    BandsBox,
    fill_refs,
    met_page,
    number_field,
    rule_inputs,
    show_standard,
    suggested_rule,
)

log = logging.getLogger(__name__)

KINDS = (("proportional", "按比例"), ("stepped", "分档"),
         ("shortfall", "达标满分，否则按差额扣分"), ("pass_fail", "达标与否"))
SOURCES = ("execution_rate", "arrival_rate", "target", "survey_rate", "survey_mean", "typed")
MANUAL, BY_RULE = 0, 1


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("RuleEditor", text)


class RuleEditor(QGroupBox):
    """The 计分方式 box of a leaf (see the module docstring)."""

    rule_stored = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(tr("计分方式"), parent)
        self.session = session
        self.indicator_id: str | None = None
        self._loaded: tuple[str | None, str] = (None, "")
        self._filling = False
        self._draft_ok = False
        layout = QVBoxLayout(self)
        self._build_method(layout)
        self.form = QWidget()
        form_layout = QVBoxLayout(self.form)
        form_layout.setContentsMargins(0, 0, 0, 0)
        self._build_kind_and_input(form_layout)
        self._build_parameters(form_layout)
        self._build_preview(form_layout)
        layout.addWidget(self.form)
        self.form.setVisible(False)

    # ----- building -----

    def _build_method(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.method = QComboBox()
        self.method.addItems([tr("直接评分或扣分"), tr("按规则计分")])
        self.method.setAccessibleName(tr("计分方式"))
        self.method.setToolTip(tr("按规则计分时，得分由资金、目标或满意度调查的数据自动算出"))
        self.method.activated.connect(self._method_chosen)
        self.method_note = QLabel()
        self.method_note.setWordWrap(True)
        row.addWidget(QLabel(tr("计分方式：")))
        row.addWidget(self.method)
        row.addWidget(self.method_note, 1)
        layout.addLayout(row)

    def _build_kind_and_input(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.kind = QComboBox()
        for _key, label in KINDS:
            self.kind.addItem(tr(label))
        self.kind.setAccessibleName(tr("规则"))
        self.kind.activated.connect(self._kind_chosen)
        self.source = QComboBox()
        for key in SOURCES:
            self.source.addItem(tr(INPUT_KINDS[key]))
        self.source.setAccessibleName(tr("数据来源"))
        self.source.activated.connect(lambda _i: self._source_chosen())
        self.ref = QComboBox()
        self.ref.setAccessibleName(tr("目标或调查"))
        self.ref.setMinimumContentsLength(12)
        self.ref.activated.connect(lambda _i: self.update_preview())
        self.import_button = QPushButton(tr("导入调查…"))
        self.import_button.setToolTip(tr("导入满意度调查问卷数据（.xlsx 或 .csv）"))
        self.import_button.clicked.connect(self.import_survey)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source)
        source_row.addWidget(self.ref, 1)
        source_row.addWidget(self.import_button)
        self.typed = QWidget()
        typed_row = QHBoxLayout(self.typed)
        typed_row.setContentsMargins(0, 0, 0, 0)
        self.typed_label = QLineEdit()
        self.typed_label.setPlaceholderText(tr("名称，如 质量达标率"))
        self.typed_label.setAccessibleName(tr("数值名称"))
        self.typed_value = number_field(tr("数值"), tr("数值"))
        self.typed_unit = QLineEdit()
        self.typed_unit.setPlaceholderText(tr("单位，如 %"))
        self.typed_unit.setAccessibleName(tr("单位"))
        self.typed_unit.setMaximumWidth(90)
        for widget in (self.typed_label, self.typed_value, self.typed_unit):
            typed_row.addWidget(widget, 2 if widget is self.typed_label else 1)
            widget.textEdited.connect(lambda _t: self.update_preview())
        form.addRow(tr("规则："), self.kind)
        form.addRow(tr("数据来源："), source_row)
        form.addRow(tr("填写数值："), self.typed)
        self.typed_row_label = form.labelForField(self.typed)
        layout.addLayout(form)

    def _build_parameters(self, layout: QVBoxLayout) -> None:
        self.params = QStackedWidget()
        # 按比例
        page = QWidget()
        row = QHBoxLayout(page)
        row.setContentsMargins(0, 0, 0, 0)
        self.full_at = number_field(tr("满分值"), "100")
        self.full_at.textEdited.connect(lambda _t: self.update_preview())
        self.full_unit = QLabel("%")
        row.addWidget(QLabel(tr("得分 = 分值 × 数值 ÷")))
        row.addWidget(self.full_at)
        row.addWidget(self.full_unit)
        row.addWidget(QLabel(tr("（达到该值即得满分）")))
        row.addStretch(1)
        self.params.addWidget(page)
        # 分档
        self.bands = BandsBox()
        self.bands.model.edited.connect(self.update_preview)
        self.bands.model.refused.connect(self._refused)
        self.params.addWidget(self.bands)
        # 达标满分否则扣分 / 达标与否
        for kind in ("shortfall", "pass_fail"):
            self.params.addWidget(self._build_met(kind))
        layout.addWidget(self.params)

    def _build_met(self, kind: str) -> QWidget:
        page, widgets = met_page(kind == "shortfall", self.update_preview)
        setattr(self, f"_{kind}", widgets)
        return page

    def _build_preview(self, layout: QVBoxLayout) -> None:
        self.preview = QLabel()
        self.preview.setObjectName("rulePreview")
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName(tr("规则计算结果"))
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(tr("应用规则"))
        self.apply_button.setToolTip(tr("保存规则，得分按规则自动计算（可撤销）"))
        self.apply_button.clicked.connect(self.apply)
        self.revert_button = QPushButton(tr("还原"))
        self.revert_button.setToolTip(tr("放弃未应用的修改，回到已保存的规则"))
        self.revert_button.clicked.connect(lambda _c=False: self._load(force=True))
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        layout.addWidget(self.preview)
        layout.addLayout(buttons)

    # ----- showing -----

    def show_indicator(self, indicator_id: str | None) -> None:
        """Show a leaf's 计分方式 (None: hide)."""
        self.indicator_id = indicator_id
        self.refresh(None)

    def refresh(self, change: Change | None) -> None:
        """Reload the stored rule when it changed; otherwise keep the draft and re-preview."""
        self._load(force=False)

    def _stored(self) -> tuple[str, str]:
        ind = self.session.project.indicators().get(self.indicator_id or "")
        if ind is None:
            return "", ""
        return getattr(ind, "method", "manual"), getattr(ind, "rule", "")

    def _load(self, force: bool) -> None:
        method, text = self._stored()
        key = (self.indicator_id, f"{method}:{text}")
        if not force and key == self._loaded:
            self._fill_refs()
            self.update_preview()
            return
        self._loaded = key
        by_rule = method == "rule"
        self.method.setCurrentIndex(BY_RULE if by_rule else MANUAL)
        rule = None
        if text:
            try:
                rule = rules.from_json(text)
            except PfdeskError as exc:
                self._show(tr("保存的规则无法读取：%s。请重新设置规则。") % exc, bad=True)
        self._fill(rule or self._suggested())
        self.form.setVisible(by_rule)
        self.method_note.setText("" if by_rule else tr("在评分树中填写得分，或在下方添加扣分"))
        self._update_enabled()

    def _suggested(self) -> rules.Rule:
        ind = self.session.project.indicators().get(self.indicator_id or "")
        return suggested_rule(self.session.project, ind.name if ind else "")

    def _fill(self, rule: rules.Rule) -> None:
        from pfdesk.rules.store import to_dict

        self._filling = True
        self._clear_numbers()
        data = to_dict(rule)
        self.kind.setCurrentIndex([k for k, _l in KINDS].index(data["kind"]))
        source = rule.input
        self.source.setCurrentIndex(SOURCES.index(source.kind))
        self._fill_refs(source.ref)
        self.typed_label.setText(source.label if source.kind == "typed" else "")
        self.typed_value.setText(plain(source.value) if source.value is not None else "")
        self.typed_unit.setText(source.unit if source.kind == "typed" else "")
        if isinstance(rule, rules.Proportional):
            self.full_at.setText(plain(rule.full_at))
        if isinstance(rule, rules.Stepped):
            self.bands.model.set_bands(rule.bands)
        if isinstance(rule, rules.Shortfall | rules.PassFail):
            widgets = getattr(self, f"_{data['kind']}")
            if rule.comparator:
                widgets["comparator"].setCurrentText(rule.comparator)
            if rule.threshold is not None:
                widgets["threshold"].setText(plain(rule.threshold))
            if isinstance(rule, rules.Shortfall):
                widgets["per"].setText(plain(rule.per))
                widgets["deduct"].setText(plain(rule.deduct))
        self._filling = False
        self._show_kind()

    def _clear_numbers(self) -> None:
        """Every kind's numbers as a new rule starts them (满分值 at the core's default, the usual
        satisfaction bands, the standard and deduction blank), so that nothing typed for another
        indicator, or left unapplied, is shown or stored with the rule loaded now. Resetting the
        bands also closes a band cell still being typed in, its text given up."""
        from pfdesk.rules.usual import SATISFACTION_BANDS, execution_rate

        self.full_at.setText(plain(execution_rate().full_at))
        self.bands.model.set_bands(SATISFACTION_BANDS)
        for kind in ("shortfall", "pass_fail"):
            widgets = getattr(self, f"_{kind}")
            widgets["comparator"].setCurrentIndex(0)
            for name in ("threshold", "per", "deduct"):
                if name in widgets:
                    widgets[name].clear()

    def _fill_refs(self, chosen: str | None = None) -> None:
        """The targets or surveys to choose from, keeping the choice."""
        keep = self.ref.currentData() if chosen is None else chosen
        fill_refs(self.ref, self.session.project, SOURCES[self.source.currentIndex()], keep)

    def _show_kind(self) -> None:
        kind = KINDS[self.kind.currentIndex()][0]
        shown = [k for k, _l in KINDS].index(kind)
        self.params.setCurrentIndex(shown)
        for k in range(self.params.count()):     # the stack as tall as the page shown
            policy = QSizePolicy.Policy.Preferred if k == shown else QSizePolicy.Policy.Ignored
            self.params.widget(k).setSizePolicy(policy, policy)
        self.params.adjustSize()
        source = SOURCES[self.source.currentIndex()]
        self.ref.setVisible(source in ("target", "survey_rate", "survey_mean"))
        self.import_button.setVisible(source in ("survey_rate", "survey_mean"))
        self.typed.setVisible(source == "typed")
        if self.typed_row_label is not None:
            self.typed_row_label.setVisible(source == "typed")
        unit = self._unit()
        self.full_unit.setText(unit)
        self.bands.set_unit(unit)
        for name in ("_shortfall", "_pass_fail"):
            widgets = getattr(self, name)
            show_standard(widgets, source == "target")
            widgets["unit"].setText(unit)
            if "per_unit" in widgets:
                widgets["per_unit"].setText(tr("个百分点") if unit == "%" else unit)
        self.update_preview()

    def _unit(self) -> str:
        source = SOURCES[self.source.currentIndex()]
        if source == "typed":
            return self.typed_unit.text().strip()
        return "分" if source == "survey_mean" else "%"

    # ----- the draft -----

    def draft(self) -> rules.Rule:
        """The rule as edited; ``RuleError`` / ValueError saying what is wrong."""
        from .rule_parts import read_number

        source_key = SOURCES[self.source.currentIndex()]
        ref = self.ref.currentData() or ""
        if source_key == "typed":
            value = read_number(self.typed_value, tr("数值"), blank_ok=True)
            source = rules.Input("typed", label=self.typed_label.text().strip(), value=value,
                                 unit=self.typed_unit.text().strip())
        else:
            if source_key == "target" and not ref:
                raise rules.RuleError(tr("请先在“绩效目标”页填写目标，再选择按哪个目标计分"))
            funding = source_key in ("execution_rate", "arrival_rate")
            source = rules.Input(source_key, ref="" if funding else ref)
        kind = KINDS[self.kind.currentIndex()][0]
        if kind == "proportional":
            full = read_number(self.full_at, tr("满分值"))
            assert full is not None
            return rules.Proportional(source, full)
        if kind == "stepped":
            return rules.Stepped(source, self.bands.model.bands())
        widgets = getattr(self, f"_{kind}")
        comparator, threshold = "", None
        if source_key != "target":
            comparator = widgets["comparator"].currentText()
            threshold = read_number(widgets["threshold"], tr("达标标准"))
        if kind == "pass_fail":
            return rules.PassFail(source, comparator, threshold)
        per = read_number(widgets["per"], tr("每差多少"))
        deduct = read_number(widgets["deduct"], tr("扣几分"))
        assert per is not None and deduct is not None
        return rules.Shortfall(source, per, deduct, comparator, threshold)

    def update_preview(self) -> None:
        """What the draft gives with the project's data now, or why it cannot be used."""
        if self._filling or self.indicator_id is None:
            return
        project = self.session.project
        ind = project.indicators().get(self.indicator_id)
        if ind is None:
            return
        self.bands.set_points(ind.weight or Decimal(0), Numbers.of(project.info))
        try:
            rule = self.draft()
        except (PfdeskError, ValueError) as exc:
            self.bands.show_problem(str(exc) if self.draft_kind() == "stepped" else "")
            self._show(str(exc), bad=True)
            self._draft_ok = False
            self._update_enabled()
            return
        self._draft_ok = True
        self.bands.show_problem("")
        outcome = rules.evaluate(rule, ind.weight or Decimal(0), rule_inputs(project),
                                 Numbers.of(project.info))
        stored = self._stored()[1] == rules.to_json(rule) and self._stored()[0] == "rule"
        if outcome.scored:
            self._show((tr("按规则计分：%s") if stored else tr("预览（尚未应用）：%s"))
                       % outcome.explanation, bad=False)
        else:
            self._show(tr("暂不能计分：%s（该指标暂不计分，不按 0 分计）") % outcome.problem, bad=True)
        self._update_enabled()

    def draft_kind(self) -> str:
        """The kind chosen in the form."""
        return KINDS[self.kind.currentIndex()][0]

    def _show(self, text: str, bad: bool) -> None:
        self.preview.setText(text)
        self.preview.setStyleSheet("color: #c0392b;" if bad else "color: #1e6b34;")

    def _refused(self, message: str) -> None:
        self._show(message, bad=True)
        self.session.error_reported.emit(message)

    def _update_enabled(self) -> None:
        editable = not self.session.read_only
        self.method.setEnabled(editable)
        self.apply_button.setEnabled(editable and self._draft_ok)
        self.revert_button.setEnabled(editable)

    # ----- storing -----

    def _kind_chosen(self, _row: int) -> None:
        self._show_kind()

    def _source_chosen(self) -> None:
        self._fill_refs("")
        self._show_kind()

    def import_survey(self) -> None:
        """导入满意度调查 (loaded when first used); the new survey is chosen once stored."""
        from ..survey_dialog import SurveyImportDialog

        dialog = SurveyImportDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.survey_stored.connect(self._survey_stored)
        dialog.open()
        self.survey_dialog = dialog

    def _survey_stored(self, name: str) -> None:
        self._fill_refs(name)
        self.update_preview()

    def _method_chosen(self, row: int) -> None:
        method, _text = self._stored()
        if row == BY_RULE:
            self.form.setVisible(True)
            self.method_note.setText(tr("设置好规则后点“应用规则”") if method != "rule" else "")
            self.update_preview()
            return
        self.form.setVisible(False)
        if method == "rule":
            self._store(None)

    def apply(self) -> bool:
        """Store the draft as the leaf's rule (one undo step); a refusal is shown."""
        try:
            rule = self.draft()
        except (PfdeskError, ValueError) as exc:
            self._show(str(exc), bad=True)
            self.session.error_reported.emit(str(exc))
            return False
        return self._store(rule)

    def _store(self, rule: rules.Rule | None) -> bool:
        from pfdesk import commands

        ind_id = self.indicator_id
        if ind_id is None:
            return False
        try:
            edit = commands.set_rule(self.session.project, ind_id, rule)  # type: ignore[attr-defined]
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            self._loaded = (None, "")
            self._load(force=True)
            return False
        ok = self.session.push(edit)
        if ok:
            self.rule_stored.emit()
        self._load(force=True)
        return ok
