"""Pieces of the rule editor: the bands table with its buttons and the band named beside it,
number fields, and what the rules read from the open project (its funding, targets, surveys).
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
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
from pfdesk.rules import Inputs
from pfdesk.survey import Summary

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
        self.view.setFixedHeight(header + rows * 26 + 2 * self.view.frameWidth() + 2)

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
