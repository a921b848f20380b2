"""Pieces of the rule editor: the bands table with its buttons and the problem named under it,
the 达标 standard's page, number fields, and what the rules read from the open project (its
funding, targets, surveys).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk.numbers import Numbers
from pfdesk.project import Project
from pfdesk.rules import Inputs, Rule
from pfdesk.survey import Summary
from pfdesk.targets import COMPARATORS

from ..models.band_model import BandModel, number_or_none
from ..widgets.grid_keys import make_typed_grid

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("RuleEditor", text)


def project_surveys(project: Project) -> dict[str, Summary]:
    """The project's imported surveys by name (none when the file has no surveys yet)."""
    try:
        from pfdesk import survey_rows
    except ImportError:       # a core without stored surveys
        return {}
    return dict(survey_rows.summaries(project))


def rule_inputs(project: Project) -> Inputs:
    """What a rule reads from the open project: funding, targets and imported surveys."""
    return Inputs.of(project, project_surveys(project))


def suggested_rule(project: Project, name: str) -> Rule:
    """The usual rule for an indicator's name (预算执行率, 资金到位率, 满意度 in bands), else
    预算执行率 in proportion: where a new rule starts."""
    from pfdesk.rules import usual

    for key, make in usual.BY_NAME.items():
        if key in name:
            return make()
    if "满意" in name:
        surveys = list(project_surveys(project))
        return usual.satisfaction_bands(surveys[0] if surveys else "")
    return usual.execution_rate()


def fill_refs(combo: QComboBox, project: Project, key: str, keep: str | None) -> None:
    """The project's targets (for 目标完成率) or surveys (满意率, 平均分) in ``combo``, keeping
    ``keep`` chosen (a survey not imported any more stays, marked so)."""
    combo.blockSignals(True)
    combo.clear()
    if key == "target":
        for t in project.targets():
            combo.addItem(f"{t.level3 or tr('（未命名目标）')}　{t.target_text}".strip(), t.id)
    elif key in ("survey_rate", "survey_mean"):
        for name in project_surveys(project):
            combo.addItem(name, name)
        if keep and combo.findData(keep) < 0:
            combo.addItem(tr("%s（未导入）") % keep, keep)
    if combo.count() == 0 and key in ("target", "survey_rate", "survey_mean"):
        combo.addItem(tr("（还没有绩效目标）") if key == "target"
                      else tr("（还没有导入满意度调查）"), "")
    at = combo.findData(keep) if keep else -1
    combo.setCurrentIndex(max(at, 0))
    combo.blockSignals(False)


def number_field(name: str, placeholder: str) -> QLineEdit:
    """A short field for a number."""
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setAccessibleName(name)
    field.setMaximumWidth(90)
    field.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return field


def read_number(field: QLineEdit, what: str, blank_ok: bool = False) -> Decimal | None:
    """The field's number; ValueError saying what is wrong."""
    return number_or_none(field.text(), what, blank_ok)


class BandsBox(QWidget):
    """The bands of a stepped rule: the table, 添加一档 / 删除此档, and the problem beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = BandModel(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        layout = QHBoxLayout()
        self.view = QTableView()
        self.view.setObjectName("bandsView")
        self.view.setAccessibleName(tr("分档表"))
        self.view.setModel(self.model)
        make_typed_grid(self.view)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.verticalHeader().setDefaultSectionSize(26)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._fit_rows)
        self._fit_rows()
        side = QVBoxLayout()
        self.add_button = QPushButton(tr("添加一档"))
        self.add_button.clicked.connect(self.add_band)
        self.remove_button = QPushButton(tr("删除此档"))
        self.remove_button.clicked.connect(self.remove_band)
        for widget in (self.add_button, self.remove_button):
            side.addWidget(widget)
        side.addStretch(1)
        layout.addWidget(self.view, 1)
        layout.addLayout(side)
        self.hint = QLabel(tr("每档从下限（含）到上限（不含），从 0 起连续排列，最高一档的上限留空。"
                              "直接输入数字，回车或 Tab 到下一格。"))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555555;")
        self.problem = QLabel()
        self.problem.setObjectName("bandsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        outer.addLayout(layout)
        outer.addWidget(self.hint)
        outer.addWidget(self.problem)

    def _fit_rows(self) -> None:
        """The table as tall as its bands (3 to 8 rows shown, more scroll)."""
        rows = min(max(self.model.rowCount(), 3), 8)
        header = self.view.horizontalHeader().sizeHint().height()
        self.view.setFixedHeight(header + rows * 26 + 2 * self.view.frameWidth() + 4)

    def set_unit(self, unit: str) -> None:
        """The unit the bands are in (% for rates)."""
        self.model.unit = unit
        self.view.setToolTip(tr("下限、上限的单位：%s") % (unit or tr("无")))

    def set_points(self, points: Decimal, numbers: Numbers) -> None:
        """The leaf's points, for the 得分 column."""
        self.model.set_points(points, numbers)

    def show_problem(self, text: str) -> None:
        """An overlap, a gap or a missing number, named under the table."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def add_band(self) -> None:
        """Add a band at the bottom and start typing its 下限."""
        row = self.model.add_band()
        if row >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.setFocus()

    def remove_band(self) -> None:
        """Remove the band of the current cell."""
        row = self.view.currentIndex().row()
        self.model.remove_band(row if row >= 0 else self.model.rowCount() - 1)


def met_page(with_deduction: bool, changed: Callable[[], None]) -> tuple[QWidget, dict[str, Any]]:
    """The page of 达标与否 (and 达标满分，否则按差额扣分 ``with_deduction``): the standard
    (comparator and number, or the target's own 指标值), and 每差 … 扣 … 分. ``changed`` is
    called on every edit."""
    page = QWidget()
    form = QFormLayout(page)
    form.setContentsMargins(0, 0, 0, 0)
    comparator = QComboBox()
    comparator.addItems(COMPARATORS)
    comparator.setAccessibleName(tr("比较方式"))
    comparator.activated.connect(lambda _i: changed())
    threshold = number_field(tr("达标标准"), "95")
    unit = QLabel("%")
    standard = QWidget()
    row = QHBoxLayout(standard)
    row.setContentsMargins(0, 0, 0, 0)
    own = QLabel(tr("按所选绩效目标自身的指标值判断是否达标"))
    for widget in (comparator, threshold, unit, own):
        row.addWidget(widget)
    row.addStretch(1)
    form.addRow(tr("达标标准："), standard)
    widgets: dict[str, Any] = {"comparator": comparator, "threshold": threshold, "unit": unit,
                               "standard": standard, "own": own}
    if with_deduction:
        per = number_field(tr("每差多少"), "1")
        deduct = number_field(tr("扣几分"), "0.5")
        per_unit = QLabel(tr("个百分点"))
        line = QWidget()
        row2 = QHBoxLayout(line)
        row2.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel(tr("每差")), per, per_unit, QLabel(tr("扣")), deduct,
                       QLabel(tr("分（扣完为止）"))):
            row2.addWidget(widget)
        row2.addStretch(1)
        form.addRow(tr("扣分："), line)
        widgets.update(per=per, deduct=deduct, per_unit=per_unit)
    for name in ("threshold", "per", "deduct"):
        if name in widgets:
            widgets[name].textEdited.connect(lambda _t: changed())
    return page, widgets


def show_standard(widgets: dict[str, Any], own_target: bool) -> None:
    """The typed standard, or the sentence saying the target's own 指标值 decides."""
    for name in ("comparator", "threshold", "unit"):
        widgets[name].setVisible(not own_target)
    widgets["own"].setVisible(own_target)
