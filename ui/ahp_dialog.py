"""层次分析法 (AHP) for a parent indicator: the pairwise comparison of its children, live weights,
λmax, CI and CR, and 应用权重 giving the children their points as one undo step.

The matrix (``MatrixModel``) is typed like a spreadsheet above the diagonal (Enter and Tab move
on); below it the reciprocals follow by themselves. Every change is analysed at once by the
core (``pfdesk.ahp.analyse``): the weights, the points they give the children at the chosen step
(0.5 or 1, ``ahp.allocate``, summing exactly to the parent's points), λmax, CI, RI and CR, and,
when CR ≥ 0.10, the pair most out of line named in red. 应用权重 stores the matrix and the new
points through the core's commands; with CR ≥ 0.10 it asks first. 删除已保存的矩阵 removes the
matrix kept on the parent (``commands.set_ahp(…, None)``, one undo step, the children's points
unchanged) after asking; undoing it brings the matrix back into the grid. A read-only project
shows its stored matrix, step and weights locked like the pages' editors
(``read_only.lock_editors``): no cell can be typed in or cleared, the step cannot be changed,
and neither button stores anything; 关闭 stays. Loaded when first opened.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import ahp
from pfdesk.edits import Edit
from pfdesk.errors import PfdeskError
from pfdesk.numbers import Numbers

from . import dialogs
from .models.ahp_models import MatrixModel, WeightModel
from .read_only import lock_editors, mark_view_only
from .session import ProjectSession
from .widgets.grid_keys import make_typed_grid

log = logging.getLogger(__name__)
STEPS = (Decimal("0.5"), Decimal(1))


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("AhpDialog", text)


def stored_weighting(project: object, parent_id: str) -> object | None:
    """The matrix stored on the parent (``ahp.Weighting``), or None."""
    reader = getattr(ahp, "weighting_of", None)
    ind = project.indicators().get(parent_id)  # type: ignore[attr-defined]
    if reader is None or ind is None:
        return None
    return reader(ind)


class AhpDialog(QDialog):
    """The AHP weights of one parent's children (see the module docstring)."""

    def __init__(self, session: ProjectSession, parent_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.parent_id = parent_id
        self.analysis: ahp.Analysis | None = None
        self.comparison: ahp.Comparison | None = None
        self.stored: object | None = None          # the matrix kept on the parent (ahp.Weighting)
        project = session.project
        ind = project.indicator(parent_id)
        self.children = project.children(parent_id)
        self.setWindowTitle(tr("层次分析法定权重：%s %s") % (ind.code, ind.name))
        self.resize(980, 560)
        layout = QVBoxLayout(self)
        heading = QLabel(tr("%s %s（%s 分）的 %d 个下级指标两两比较") % (
            ind.code, ind.name, Numbers.of(project.info).pts(ind.weight), len(self.children)))
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        intro = QLabel(tr("在对角线右上方填写“行指标比列指标重要几倍”：1 同样重要，3 稍重要，5 明显重要，"
                          "7 强烈重要，9 极端重要，2、4、6、8 居中；反过来填 1/3、1/5 等。左下方自动取倒数。"
                          "回车或 Tab 填下一格。"))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        body = QHBoxLayout()
        self._build_matrix(body)
        self._build_results(body)
        layout.addLayout(body, 1)
        self._build_buttons(layout)
        self._load()
        if session.read_only:
            lock_editors(self)
        session.changed.connect(self._changed)

    def _changed(self, _change: object) -> None:
        """The children's points now (an undo, an edit elsewhere), the matrix as typed."""
        project = self.session.project
        if self.parent_id not in project.indicators():
            self.reject()
            return
        self.children = project.children(self.parent_id)
        stored = stored_weighting(project, self.parent_id)
        restored = stored is not None and stored != self.stored and (
            self.comparison is None
            or stored.comparison.matrix != self.comparison.matrix)  # type: ignore[attr-defined]
        if len(self.children) != self.matrix.rowCount() or restored:
            self._load()
        else:
            self.stored = stored
            self.recompute()

    # ----- building -----

    def _build_matrix(self, layout: QHBoxLayout) -> None:
        self.matrix = MatrixModel(self)
        self.matrix.edited.connect(self.recompute)
        self.matrix.refused.connect(self._refused)
        self.view = QTableView()
        self.view.setObjectName("ahpMatrix")
        self.view.setAccessibleName(tr("判断矩阵"))
        self.view.setModel(self.matrix)
        make_typed_grid(self.view)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setMinimumSectionSize(48)
        layout.addWidget(self.view, 3)

    def _build_results(self, layout: QHBoxLayout) -> None:
        side = QVBoxLayout()
        self.weights = WeightModel(self)
        self.weights_view = QTableView()
        self.weights_view.setAccessibleName(tr("权重"))
        self.weights_view.setModel(self.weights)
        self.weights_view.verticalHeader().setVisible(False)
        header = self.weights_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        side.addWidget(self.weights_view, 1)
        self.figures = QLabel()
        self.figures.setObjectName("ahpFigures")
        self.figures.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("ahpWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c0392b;")
        side.addWidget(self.figures)
        side.addWidget(self.warning)
        layout.addLayout(side, 2)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("分值取整到：")))
        self.step = QComboBox()
        self.step.addItems([tr("0.5 分"), tr("1 分")])
        self.step.setAccessibleName(tr("分值取整单位"))
        self.step.activated.connect(lambda _i: self.recompute())
        row.addWidget(self.step)
        row.addStretch(1)
        self.apply_button = QPushButton(tr("应用权重"))
        self.apply_button.setToolTip(tr("保存判断矩阵，并把各下级指标的分值改为按权重分配的分值（可撤销）"))
        self.apply_button.clicked.connect(self.apply)
        self.remove_button = QPushButton(tr("删除已保存的矩阵"))
        self.remove_button.setToolTip(tr("删除上级指标上保存的判断矩阵；下级指标的分值不变（可撤销）"))
        self.remove_button.clicked.connect(self.remove)
        close = QPushButton(tr("关闭"))
        mark_view_only(close)
        close.clicked.connect(self.reject)
        row.addWidget(self.remove_button)
        row.addWidget(self.apply_button)
        row.addWidget(close)
        layout.addLayout(row)

    # ----- analysing -----

    def _load(self) -> None:
        names = [f"{c.code} {c.name}".strip() for c in self.children]
        stored = stored_weighting(self.session.project, self.parent_id)
        self.stored = stored
        matrix = None
        self.stale = stored is not None and \
            list(stored.children) != [c.id for c in self.children]  # type: ignore[attr-defined]
        if stored is not None and not self.stale:
            matrix = stored.comparison.matrix  # type: ignore[attr-defined]
            step = stored.step  # type: ignore[attr-defined]
            self.step.setCurrentIndex(1 if step == Decimal(1) else 0)
        self.matrix.set_matrix(names, matrix)
        if len(names) > 1:
            self.view.setCurrentIndex(self.matrix.index(0, 1))
        self.recompute()

    def chosen_step(self) -> Decimal:
        """0.5 or 1."""
        return STEPS[self.step.currentIndex()]

    def recompute(self) -> None:
        """Weights, figures and the warning from the matrix as typed."""
        project = self.session.project
        numbers = Numbers.of(project.info)
        points = project.indicator(self.parent_id).weight or Decimal(0)
        try:
            self.comparison = ahp.comparison(self.matrix.rows(), self.matrix.names)
            self.analysis = ahp.analyse(self.comparison)
        except ahp.AhpError as exc:
            self.comparison = self.analysis = None
            self._show_failure(str(exc), numbers)
            return
        analysis = self.analysis
        given: list[Decimal | None] = [None] * len(self.children)
        note = tr("上级指标没有分值，无法按权重分配分值：请先填写它的分值") if points <= 0 else ""
        if not note:
            try:
                given = list(ahp.allocate(points, analysis.weights, self.chosen_step()))
            except ahp.AhpError as exc:
                note = str(exc)
        self.weights.set_rows([(c.name, w, c.weight, g) for c, w, g
                               in zip(self.children, analysis.weights, given, strict=True)],
                              numbers)
        total = sum((g for g in given if g is not None), Decimal(0))
        lines = [tr("λmax = %s　CI = %s　RI = %s　CR = %s") % (
            f"{analysis.lambda_max:.4f}", f"{analysis.ci:.4f}", f"{analysis.ri:.2f}",
            f"{analysis.cr:.4f}")]
        if analysis.consistent:
            lines.append(tr("CR < 0.10，判断矩阵的一致性可以接受。"))
        lines.append(note or tr("上级分值 %s 分，按权重分配后合计 %s 分。")
                     % (numbers.pts(points), numbers.pts(total)))
        self.figures.setText("\n".join(lines))
        self.warning.setText(analysis.worst.message if analysis.worst is not None else (
            tr("下级指标在上次填写判断矩阵后有增删或调整了顺序，已保存的矩阵不再适用，请重新比较。")
            if self.stale else ""))
        self.apply_button.setEnabled(not note and not self.session.read_only)
        self._enable_remove()

    def _enable_remove(self) -> None:
        self.remove_button.setEnabled(self.stored is not None and not self.session.read_only)

    def _show_failure(self, message: str, numbers: Numbers) -> None:
        self.weights.set_rows([(c.name, None, c.weight, None) for c in self.children], numbers)
        self.figures.setText("")
        self.warning.setText(message)
        self.apply_button.setEnabled(False)
        self._enable_remove()

    def _refused(self, message: str) -> None:
        self.warning.setText(message)
        self.session.error_reported.emit(message)

    # ----- storing -----

    def apply(self) -> bool:
        """Store the matrix and give the children their points (one undo step)."""
        if self.comparison is None or self.analysis is None:
            return False
        force = False
        if not self.analysis.consistent:
            assert self.analysis.worst is not None
            if not dialogs.confirm(self, tr("一致性不足"), self.analysis.worst.message
                                   + tr("\n\n仍然按这些权重分配分值吗？")):
                return False
            force = True
        try:
            edit = self._edit(force)
        except PfdeskError as exc:
            self.warning.setText(str(exc))
            self.session.error_reported.emit(str(exc))
            return False
        ok = self.session.push(edit)
        if ok:
            self.stale = False
            self.recompute()
        return ok

    def remove(self) -> bool:
        """Remove the matrix stored on the parent (one undo step), after asking."""
        from pfdesk import commands

        if self.stored is None:
            return False
        ind = self.session.project.indicator(self.parent_id)
        if not dialogs.confirm(self, tr("删除判断矩阵"),
                               tr("删除 %s %s 已保存的判断矩阵？下级指标的分值不变（可撤销）。")
                               % (ind.code, ind.name)):
            return False
        try:
            edit = commands.set_ahp(self.session.project, self.parent_id, None)
        except PfdeskError as exc:
            self.warning.setText(str(exc))
            self.session.error_reported.emit(str(exc))
            return False
        ok = self.session.push(edit)
        if ok:
            self._load()
        return ok

    def _edit(self, force: bool) -> Edit:
        """The matrix stored and the points applied, as one edit."""
        from pfdesk import commands

        return commands.apply_ahp_weights(self.session.project, self.parent_id,
                                          self.chosen_step(), force=force,
                                          comparison=self.comparison)


def open_ahp(session: ProjectSession, parent_id: str, parent: QWidget | None) -> AhpDialog | None:
    """Open the AHP dialog for a parent with two children or more; say why not otherwise."""
    project = session.project
    ind = project.indicators().get(parent_id)
    if ind is None:
        return None
    if len(project.children(parent_id)) < 2:
        dialogs.show_info(parent, tr("层次分析法"),
                          tr("层次分析法用于给同一上级下的多个指标定权重：请选择有两个或以上下级指标的指标。"))
        return None
    dialog = AhpDialog(session, parent_id, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
