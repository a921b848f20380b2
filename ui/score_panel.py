"""The score panel, docked beside every page: total, grade, dimensions and problems.

Every number comes from the session's ``ScoreResult`` (the engine); the panel only formats it.
``scoreTotal`` shows the total with two decimals (``88.50``) and ``scoreGrade`` the grade
(``良``); while leaves are unscored a separate label says the grade is provisional.
``signOffCounts`` says how far sign-off has come (``review.counts``); its tooltip lists the
indicators changed after their review, and a click goes to the next of them.
``openConflicts`` counts the merge conflicts still open (shown only while there are some); a
click emits ``conflicts_activated`` (the window opens the 合并 dialog on them).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from pfdesk.conflicts import open_conflicts
from pfdesk.numbers import fmt2, percent, plain
from pfdesk.project import Project
from pfdesk.review import Counts, counts
from pfdesk.scoring import ScoreResult

from .models.problem_model import ID_ROLE, ProblemModel

log = logging.getLogger(__name__)

GRADE_COLORS = {"优": "#1e8449", "良": "#2471a3", "中": "#b9770e", "差": "#c0392b"}
OTHER_GRADE_COLOR = "#6c3483"


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ScorePanel", text)


def _style(widget: QWidget, sheet: str) -> None:
    """Set a style sheet only when it differs (setting one re-polishes the widget)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


class RateBar(QWidget):
    """A thin bar showing a rate from 0 to 1 (painted on the next update, never at once)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedHeight(8)
        self.setMinimumWidth(60)
        self.rate = 0.0

    def set_rate(self, rate: float) -> None:
        """Show a new rate."""
        rate = max(0.0, min(1.0, rate))
        if rate != self.rate:
            self.rate = rate
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """A rounded track with the filled part in the highlight colour."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        rect = QRectF(self.rect())
        painter.setBrush(QColor("#e3e6ea"))
        painter.drawRoundedRect(rect, 3, 3)
        if self.rate > 0:
            filled = QRectF(rect.x(), rect.y(), rect.width() * self.rate, rect.height())
            painter.setBrush(self.palette().highlight())
            painter.drawRoundedRect(filled, 3, 3)
        painter.end()


class ClickableLabel(QLabel):
    """A label that says when it was clicked."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """Clicked with the left button."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class _DimensionRow:
    """The labels and bar of one level-1 dimension."""

    def __init__(self, grid: QGridLayout, row: int) -> None:
        self.name = QLabel()
        self.figures = QLabel()
        self.figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.rate = QLabel()
        self.rate.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.bar = RateBar()
        grid.addWidget(self.name, row * 2, 0)
        grid.addWidget(self.figures, row * 2, 1)
        grid.addWidget(self.rate, row * 2, 2)
        grid.addWidget(self.bar, row * 2 + 1, 0, 1, 3)

    def widgets(self) -> list[QWidget]:
        return [self.name, self.figures, self.rate, self.bar]


class ScorePanel(QWidget):
    """Live totals; ``problem_activated(indicator_id)`` when a problem is clicked."""

    problem_activated = Signal(str)
    conflicts_activated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("得分面板"))
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self._build_total(layout)
        self._build_sign_off(layout)
        self._build_conflicts(layout)
        self._build_dimensions(layout)
        self._build_problems(layout)
        self._rows: list[_DimensionRow] = []
        self._dimension_ids: list[str] = []
        self.clear()

    # ----- building -----

    def _build_total(self, layout: QVBoxLayout) -> None:
        caption = QLabel(tr("总得分"))
        caption.setStyleSheet("color: #555;")
        self.total = QLabel()
        self.total.setObjectName("scoreTotal")
        self.total.setAccessibleName(tr("总得分"))
        font = self.total.font()
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self.total.setFont(font)
        self.out_of = QLabel(tr("/ 100"))
        self.out_of.setStyleSheet("color: #777;")
        self.grade = QLabel()
        self.grade.setObjectName("scoreGrade")
        self.grade.setAccessibleName(tr("评价等级"))
        grade_font = self.grade.font()
        grade_font.setPointSizeF(grade_font.pointSizeF() * 1.8)
        grade_font.setBold(True)
        self.grade.setFont(grade_font)
        self.provisional = QLabel()
        self.provisional.setObjectName("scoreProvisional")
        self.provisional.setAccessibleName(tr("等级说明"))
        self.provisional.setStyleSheet("color: #b9770e;")
        row = QHBoxLayout()
        row.addWidget(self.total, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addWidget(self.out_of, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addStretch(1)
        row.addWidget(self.grade, 0, Qt.AlignmentFlag.AlignBaseline)
        layout.addWidget(caption)
        layout.addLayout(row)
        layout.addWidget(self.provisional)

    def _build_sign_off(self, layout: QVBoxLayout) -> None:
        self.sign_off = ClickableLabel()
        self.sign_off.setObjectName("signOffCounts")
        self.sign_off.setAccessibleName(tr("签字进度"))
        self.sign_off.setWordWrap(True)
        self.sign_off.clicked.connect(self._sign_off_clicked)
        self._changed_ids: list[str] = []
        self._next_changed = 0
        layout.addWidget(self.sign_off)

    def _build_conflicts(self, layout: QVBoxLayout) -> None:
        self.conflicts = ClickableLabel()
        self.conflicts.setObjectName("openConflicts")
        self.conflicts.setAccessibleName(tr("未解决的合并冲突"))
        self.conflicts.setWordWrap(True)
        self.conflicts.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts.setToolTip(tr("合并副本时各方改得不一样的地方，点击逐个选择取值"))
        self.conflicts.setStyleSheet("color: #c0392b;")
        self.conflicts.clicked.connect(self.conflicts_activated)
        self.conflicts.hide()
        layout.addWidget(self.conflicts)

    def _build_dimensions(self, layout: QVBoxLayout) -> None:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        head = QLabel(tr("各一级指标（得分 / 分值 · 得分率）"))
        head.setStyleSheet("color: #555;")
        layout.addWidget(head)
        holder = QWidget()
        holder.setAccessibleName(tr("一级指标得分"))
        self._grid = QGridLayout(holder)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(2)
        self._grid.setColumnStretch(0, 1)
        layout.addWidget(holder)

    def _build_problems(self, layout: QVBoxLayout) -> None:
        self.problems_caption = QLabel()
        self.problems_caption.setStyleSheet("color: #555; margin-top: 6px;")
        self.problem_model = ProblemModel(self)
        self.problem_view = QListView()
        self.problem_view.setObjectName("problemView")
        self.problem_view.setAccessibleName(tr("评分问题"))
        self.problem_view.setModel(self.problem_model)
        self.problem_view.setWordWrap(True)
        self.problem_view.setUniformItemSizes(False)
        self.problem_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.problem_view.clicked.connect(self._problem_clicked)
        self.problem_view.activated.connect(self._problem_clicked)
        layout.addWidget(self.problems_caption)
        layout.addWidget(self.problem_view, 1)

    # ----- showing -----

    def clear(self) -> None:
        """No project: empty figures."""
        self.total.setText("—")
        self.grade.setText("")
        self.provisional.setText(tr("未打开项目"))
        self._set_dimensions([])
        self.problem_model.set_problems([])
        self.problems_caption.setText(tr("评分问题"))
        self.show_sign_off(Counts(), [])
        self.show_conflicts(0)

    def show_result(self, result: ScoreResult) -> None:
        """Show the engine's result."""
        self.total.setText(fmt2(result.total) or "0.00")
        grade = result.grade or result.provisional_grade
        self.grade.setText(grade)
        color = GRADE_COLORS.get(grade, OTHER_GRADE_COLOR)
        _style(self.grade, f"color: {color};")
        if result.complete:
            self.provisional.setText(tr("全部指标已评分"))
            _style(self.provisional, "color: #1e8449;")
        else:
            self.provisional.setText(tr("暂定 · %d 项未评") % result.unscored)
            _style(self.provisional, "color: #b9770e;")
        self._set_dimensions(result.level1())
        self.problem_model.set_problems(result.problems)
        count = len(result.problems)
        self.problems_caption.setText(tr("评分问题（%d）") % count if count else tr("评分问题：无"))

    def show_sign_off_of(self, project: Project) -> None:
        """Show the sign-off counts (``review.counts``) and open merge conflicts of a project."""
        changed = [(i.id, i.code or i.name) for i in project.walk()
                   if i.sign_off == "复核后已修改" and not project.children(i.id)]
        self.show_sign_off(counts(project), changed)
        self.show_conflicts(len(open_conflicts(project)))

    def show_conflicts(self, count: int) -> None:
        """Show how many merge conflicts are open (the line is hidden when there are none)."""
        self.conflicts.setText(tr("合并冲突未解决：%d 处\n点击逐个选择取值") % count if count else "")
        self.conflicts.setVisible(count > 0)

    def show_sign_off(self, totals: Counts, changed: list[tuple[str, str]]) -> None:
        """Show the sign-off counts; ``changed`` holds (id, code) of the indicators changed
        after their review, in tree order."""
        self._changed_ids = [ind_id for ind_id, _ in changed]
        self._next_changed = 0
        if not totals.leaves:
            self.sign_off.setText("")
            self.sign_off.setToolTip("")
            return
        text = tr("复核：已复核 %d / %d，已编制 %d") % (totals.reviewed, totals.leaves,
                                                   totals.prepared)
        if totals.changed_after_review:     # on a line of its own: the panel is narrow
            text += "\n" + tr("复核后已修改 %d") % totals.changed_after_review
        self.sign_off.setText(text)
        if changed:
            self.sign_off.setToolTip(tr("复核后已修改：%s\n点击转到这些指标（依次）") % "、".join(
                code for _, code in changed))
            color = "#c0392b"
        else:
            self.sign_off.setToolTip(tr("编制签字和复核签字在各指标页右下方"))
            color = "#1e8449" if totals.reviewed == totals.leaves else "#555"
        _style(self.sign_off, f"color: {color};")
        self.sign_off.setCursor(Qt.CursorShape.PointingHandCursor if changed
                                else Qt.CursorShape.ArrowCursor)

    def _sign_off_clicked(self) -> None:
        if not self._changed_ids:
            return
        ind_id = self._changed_ids[self._next_changed % len(self._changed_ids)]
        self._next_changed += 1
        self.problem_activated.emit(ind_id)

    def _set_dimensions(self, nodes: list) -> None:  # type: ignore[type-arg]
        ids = [n.id for n in nodes]
        if ids != self._dimension_ids:
            for row in self._rows:
                for widget in row.widgets():
                    widget.deleteLater()
            self._rows = [_DimensionRow(self._grid, i) for i in range(len(nodes))]
            self._dimension_ids = ids
        for row, node in zip(self._rows, nodes, strict=True):
            row.name.setText(f"{node.code} {node.name}".strip())
            score = "—" if node.score is None else plain(node.score)
            row.figures.setText(f"{score} / {plain(node.weight)}")
            row.rate.setText(percent(node.rate))
            value = 0 if node.rate is None else int(min(node.rate, 100) * 100)
            row.bar.set_rate(value / 10000)
            accessible = tr("%s：得分 %s，分值 %s，得分率 %s") % (
                node.name, score, plain(node.weight), percent(node.rate))
            row.bar.setAccessibleName(accessible)

    def _problem_clicked(self, index: QModelIndex) -> None:
        ind_id = index.data(ID_ROLE)
        if ind_id:
            self.problem_activated.emit(ind_id)
