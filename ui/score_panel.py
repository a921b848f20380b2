"""The score panel, docked beside every page: total, grade, dimensions and problems.

Every number comes from the session's ``ScoreResult`` (the engine); the panel only formats it,
in the project's way of writing numbers (``Numbers``: ``88.5`` or ``88.50``). ``scoreTotal``
shows the total (rescaled to 100 when some indicators are not applicable, with a note saying
so) and ``scoreGrade`` the grade (``良``). Until every leaf is scored the panel informs rather
than alarms: ``scoreProvisional`` says how many are scored (已评 x / y) and the grade is shown
small and grey, marked 暂定; the full grade style comes once every leaf is scored.
A dimension row shows its score over the points that count and the rate that is their quotient
(``12 / 26  46.15%``), with a small line saying how many points are not applicable.
``signOffCounts`` says how far sign-off has come (``review.counts``); its tooltip lists the
indicators changed after their review, and a click goes to the next of them.
``openConflicts`` counts the merge conflicts still open (shown only while there are some); a
click emits ``conflicts_activated`` (the window opens the 合并 dialog on them).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)

from pfdesk.model import Conflict
from pfdesk.numbers import Numbers
from pfdesk.project import Project
from pfdesk.review import Counts, counts
from pfdesk.scoring import NodeScore, ScoreResult

from .models.problem_model import ID_ROLE, ProblemModel
from .score_notes import excluded_short, excluded_text, progress_short, progress_text

log = logging.getLogger(__name__)

GRADE_COLORS = {"优": "#1e8449", "良": "#2471a3", "中": "#b9770e", "差": "#c0392b"}
OTHER_GRADE_COLOR = "#6c3483"
QUIET_COLOR = "#8a8a8a"      # a provisional grade: there, but not yet to be read as a verdict
NOTE_COLOR = "#6b7480"       # small explanatory lines (not applicable, rescaled, progress)
DONE_COLOR = "#1e8449"
GRADE_SIZE = 1.8             # × the normal font: the grade of a fully scored project
QUIET_GRADE_SIZE = 1.15      # × the normal font: a provisional grade


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ScorePanel", text)


def _small(label: QLabel) -> None:
    """A smaller font for a note line."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 0.88)
    label.setFont(font)


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
    """The labels and bar of one level-1 dimension (three grid lines: figures, note, bar)."""

    def __init__(self, grid: QGridLayout, row: int) -> None:
        self.name = QLabel()
        self.figures = QLabel()
        self.figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.rate = QLabel()
        self.rate.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.note = QLabel()
        self.note.setObjectName("dimensionNote")
        self.note.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.note.setWordWrap(True)
        _small(self.note)
        self.note.setStyleSheet(f"color: {NOTE_COLOR};")
        self.note.hide()
        self.bar = RateBar()
        grid.addWidget(self.name, row * 3, 0)
        grid.addWidget(self.figures, row * 3, 1)
        grid.addWidget(self.rate, row * 3, 2)
        grid.addWidget(self.note, row * 3 + 1, 0, 1, 3)
        grid.addWidget(self.bar, row * 3 + 2, 0, 1, 3)

    def widgets(self) -> list[QWidget]:
        return [self.name, self.figures, self.rate, self.note, self.bar]

    def show_node(self, node: NodeScore, numbers: Numbers) -> None:
        """Score over the points that count, their quotient, and what is not applicable."""
        self.name.setText(f"{node.code} {node.name}".strip())
        if node.not_applicable:
            figures, rate = tr("不适用"), ""
            note = tr("分值 %s 分，不计入总分") % numbers.pts(node.weight)
            tip = tr("%s 整项不适用：分值 %s 分不计入总分，总分按百分制折算") % (
                node.name, numbers.pts(node.weight))
        elif node.leaves and not node.scored:      # nothing scored yet: no 0.00% to alarm
            figures, rate = f"— / {numbers.pts(node.max)}", tr("未评")
            note, tip = dimension_note(node, numbers)
        else:
            score = numbers.pts(node.score)
            figures, rate = f"{score} / {numbers.pts(node.max)}", numbers.percent(node.rate)
            note, tip = dimension_note(node, numbers)
        self.figures.setText(figures)
        self.rate.setText(rate)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        for widget in (self.name, self.figures, self.rate, self.note):
            widget.setToolTip(tip)
        value = 0 if node.rate is None else int(min(node.rate, 100) * 100)
        self.bar.set_rate(value / 10000)
        self.bar.setAccessibleName(" ".join(t for t in (node.name, figures, rate, note) if t))


def dimension_note(node: NodeScore, numbers: Numbers) -> tuple[str, str]:
    """The small line and the tooltip of a dimension: how many of its leaves are scored (while
    some are not) and the points of its not-applicable indicators ('', '' when neither)."""
    notes = [progress_short(node), excluded_short(node, numbers)]
    tips = [progress_text(node), excluded_text(node, numbers)]
    return "；".join(n for n in notes if n), "\n".join(t for t in tips if t)


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
        self.grade_note = QLabel(tr("暂定"))
        self.grade_note.setObjectName("scoreGradeNote")
        self.grade_note.setStyleSheet(f"color: {QUIET_COLOR};")
        self.grade = QLabel()
        self.grade.setObjectName("scoreGrade")
        self.grade.setAccessibleName(tr("评价等级"))
        self._grade_fonts = {quiet: self._grade_font(quiet) for quiet in (False, True)}
        self.grade.setFont(self._grade_fonts[False])
        row = QHBoxLayout()
        row.addWidget(self.total, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addWidget(self.out_of, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addStretch(1)
        row.addWidget(self.grade_note, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addWidget(self.grade, 0, Qt.AlignmentFlag.AlignBaseline)
        self.rescaled = QLabel(tr("含不适用指标，已按百分制折算"))
        self.rescaled.setObjectName("scoreRescaled")
        self.rescaled.setWordWrap(True)
        _small(self.rescaled)
        self.rescaled.setStyleSheet(f"color: {NOTE_COLOR};")
        self.provisional = QLabel()
        self.provisional.setObjectName("scoreProvisional")
        self.provisional.setAccessibleName(tr("评分进度"))
        self.provisional.setWordWrap(True)
        layout.addWidget(caption)
        layout.addLayout(row)
        layout.addWidget(self.rescaled)
        layout.addWidget(self.provisional)

    def _grade_font(self, quiet: bool) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * (QUIET_GRADE_SIZE if quiet else GRADE_SIZE))
        font.setBold(not quiet)
        return font

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
        self.total.setToolTip("")
        self.grade.setText("")
        self.grade_note.hide()
        self.rescaled.hide()
        self.provisional.setText(tr("未打开项目"))
        _style(self.provisional, f"color: {NOTE_COLOR};")
        self._set_dimensions([], Numbers())
        self.problem_model.set_problems([])
        self.problems_caption.setText(tr("评分问题"))
        self.show_sign_off(Counts(), [])
        self.show_conflicts(0)

    def show_result(self, result: ScoreResult, numbers: Numbers | None = None) -> None:
        """Show the engine's result, written the project's way (``Numbers.of(info)``)."""
        numbers = numbers or Numbers()
        self.total.setText(numbers.pts(result.total))
        self._show_rescaled(result, numbers)
        self._show_grade(result)
        self._set_dimensions(result.level1(), numbers)
        self.problem_model.set_problems(result.problems)
        count = len(result.problems)
        self.problems_caption.setText(tr("评分问题（%d）") % count if count else tr("评分问题：无"))

    def _show_rescaled(self, result: ScoreResult, numbers: Numbers) -> None:
        """The note under a total rescaled because some indicators are not applicable."""
        self.rescaled.setVisible(result.rescaled)
        if not result.rescaled:
            self.total.setToolTip("")
            return
        tip = tr("实得 %s 分，可得 %s 分（不适用指标 %d 项共 %s 分不计入）；\n"
                 "折算为百分制：%s ÷ %s × 100 = %s 分（四舍五入保留两位小数）") % (
            numbers.pts(result.raw), numbers.pts(result.max), result.excluded_leaves,
            numbers.pts(result.excluded), numbers.pts(result.raw), numbers.pts(result.max),
            numbers.pts(result.total))
        self.total.setToolTip(tip)
        self.rescaled.setToolTip(tip)

    def _show_grade(self, result: ScoreResult) -> None:
        """The grade: full style once every leaf is scored, quiet and marked 暂定 before."""
        grade = result.grade or result.provisional_grade
        done = result.complete and result.leaves > 0
        self.grade.setText(grade if result.leaves else "")
        self.grade.setFont(self._grade_fonts[not done])
        self.grade_note.setVisible(not done and bool(result.leaves))
        if done:
            color = GRADE_COLORS.get(grade, OTHER_GRADE_COLOR)
            self.grade.setAccessibleName(tr("评价等级"))
            self.provisional.setText(tr("全部指标已评分（%d / %d）") % (result.scored,
                                                                     result.leaves))
            _style(self.provisional, f"color: {DONE_COLOR};")
        else:
            color = QUIET_COLOR
            self.grade.setAccessibleName(tr("暂定评价等级"))
            self.provisional.setText(
                tr("已评 %d / %d，全部评完后确定等级") % (result.scored, result.leaves)
                if result.leaves else tr("尚未设置评分指标"))
            _style(self.provisional, f"color: {NOTE_COLOR};")
        _style(self.grade, f"color: {color};")

    def show_sign_off_of(self, project: Project) -> None:
        """Show the sign-off counts (``review.counts``) and open merge conflicts of a project."""
        changed = [(i.id, i.code or i.name) for i in project.walk()
                   if i.sign_off == "复核后已修改" and not project.children(i.id)]
        self.show_sign_off(counts(project), changed)
        if not project.rows(Conflict):   # none at all (the merge code loads only if some)
            self.show_conflicts(0)
            return
        from pfdesk.conflicts import open_conflicts

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

    def _set_dimensions(self, nodes: list[NodeScore], numbers: Numbers) -> None:
        ids = [n.id for n in nodes]
        if ids != self._dimension_ids:
            for row in self._rows:
                for widget in row.widgets():
                    widget.deleteLater()
            self._rows = [_DimensionRow(self._grid, i) for i in range(len(nodes))]
            self._dimension_ids = ids
        for row, node in zip(self._rows, nodes, strict=True):
            row.show_node(node, numbers)

    def _problem_clicked(self, index: QModelIndex) -> None:
        ind_id = index.data(ID_ROLE)
        if ind_id:
            self.problem_activated.emit(ind_id)
