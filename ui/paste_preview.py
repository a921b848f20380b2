"""Copy and paste in the indicator tree, and the preview of a pasted block of scores.

Ctrl+C copies the selected rows as tab-separated text with a header row (编码, 名称, 分值, 得分,
得分率) that Excel and WPS paste as cells. Ctrl+V of one value stores it on the current leaf;
of a block (one column of scores, laid on the selected leaves from the top down, or on the
leaves from the current row down when one row is selected; or rows of 编码<TAB>得分 matched by
code) opens ``PastePreviewDialog``: each line with its code,
old → new score or why it is refused; 应用 stores the accepted lines as one undo step. The
reading and matching are the core's (``pfdesk.paste``).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import paste
from pfdesk.errors import PfdeskError

from .models.indicator_model import COL_SCORE, ID_ROLE, IndicatorModel
from .session import ProjectSession

if TYPE_CHECKING:
    from .pages.indicator_view import IndicatorView

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex
COPIED_COLUMNS = 5                      # 编码 名称 分值 得分 得分率
REFUSED_COLOR = QColor("#a93226")
LINE_HEADERS = ("行", "编码", "名称", "原得分", "新得分", "说明")
COL_WHY = len(LINE_HEADERS) - 1


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("PastePreview", text)


# ----- copy -----

def _selected_rows(view: IndicatorView) -> list[QModelIndex]:
    model = view.model()
    rows = view.selectionModel().selectedRows(0)
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().siblingAtColumn(0)]
    return sorted(rows, key=lambda i: model.tree_position(i.data(ID_ROLE)))


def copy_rows(view: IndicatorView) -> str:
    """Put the selected rows on the clipboard as tab-separated text with headers; the text."""
    model = view.model()
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(COPIED_COLUMNS)]
    rows = [[str(i.siblingAtColumn(c).data() or "") for c in range(COPIED_COLUMNS)]
            for i in _selected_rows(view)]
    text = paste.to_tsv([header, *rows])
    QGuiApplication.clipboard().setText(text)
    return text


# ----- paste -----

def paste_targets(view: IndicatorView) -> list[str]:
    """The leaves a column of scores lands on: with one row selected, every leaf from the
    current row down; with several (Shift or Ctrl), the selected leaves from the top down,
    wherever the selection was extended from."""
    model: IndicatorModel = view.model()
    current = view.currentIndex()
    rows = _selected_rows(view)
    if len(rows) <= 1:
        return model.leaf_ids(current if current.isValid() else None)
    leaves = set(model.leaf_ids())
    return [i.data(ID_ROLE) for i in rows if i.data(ID_ROLE) in leaves]


def paste_into(view: IndicatorView, text: str | None = None) -> PastePreviewDialog | None:
    """Paste the clipboard (or ``text``) into the tree: one value at once, a block through the
    preview (returned, opened window-modal)."""
    model: IndicatorModel = view.model()
    text = QGuiApplication.clipboard().text() if text is None else text
    cells = [c for row in paste.parse_tsv(text) for c in row]
    current = view.currentIndex()
    if len([c for c in cells if c.strip()]) == 1 and len(cells) == 1 and current.isValid() \
            and len(_selected_rows(view)) == 1:
        _paste_one(view, current, cells[0])
        return None
    plan = paste.plan_scores(model.session.project, text, paste_targets(view),
                             engine_scores(model.session))
    if plan.problem:
        model.session.error_reported.emit(plan.problem)
        if current.isValid():
            view.message.show_at(current, plan.problem)
        return None
    dialog = PastePreviewDialog(plan, model.session, view)
    view.paste_dialog = dialog
    dialog.open()
    return dialog


def engine_scores(session: ProjectSession) -> dict[str, Decimal | None]:
    """Every indicator's score as the engine has it (parents and deduction-scored leaves too)."""
    return {ind_id: score.score for ind_id, score in session.score.by_id.items()}


def _paste_one(view: IndicatorView, current: QModelIndex, raw: str) -> None:
    """One value on the current leaf's 得分, refused next to the cell with its reason."""
    model: IndicatorModel = view.model()
    score = current.siblingAtColumn(COL_SCORE)
    why = model.why_not_scored(current)
    if not why:
        plan = paste.plan_scores(model.session.project, raw, [current.data(ID_ROLE)])
        line = plan.lines[0] if plan.lines else None
        why = line.why if line is not None else plan.problem
    if why:
        view.message.show_at(score, why)
        return
    view.message.clear()
    view.setCurrentIndex(score)
    model.setData(score, paste.normal_number(raw), Qt.ItemDataRole.EditRole)


class PasteLinesModel(QAbstractTableModel):
    """The lines of a planned paste: 行, 编码, 名称, 原得分, 新得分, 说明 (read-only)."""

    def __init__(self, plan: paste.PastePlan, names: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.names = names or {}

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per pasted line."""
        return 0 if parent.isValid() else len(self.plan.lines)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Six columns."""
        return 0 if parent.isValid() else len(LINE_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(LINE_HEADERS):
            return tr(LINE_HEADERS[section])
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The line's texts; refused lines in red."""
        if not index.isValid() or not 0 <= index.row() < len(self.plan.lines):
            return None
        line = self.plan.lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            result = line.why or (tr("修改") if line.changes else tr("不变"))
            return (str(line.row), line.code, self.names.get(line.ind_id, ""), line.old,
                    line.new, result)[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (0, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and line.why:
            return QBrush(REFUSED_COLOR)
        return None


class PastePreviewDialog(QDialog):
    """What a pasted block will change; 应用 stores it as one undo step."""

    def __init__(self, plan: paste.PastePlan, session: ProjectSession,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pastePreview")
        self.setWindowTitle(tr("粘贴得分"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.plan, self.session = plan, session
        self.applied = False
        layout = QVBoxLayout(self)
        changes, refused = len(plan.changes), len(plan.refused)
        text = tr("将修改 %d 项得分（一步即可撤销）。") % changes if changes \
            else tr("没有可以修改的得分。")
        if refused:
            text += tr("%d 行不能粘贴，原因见“说明”列。") % refused
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableView()
        self.table.setObjectName("pasteLines")
        names = {i.id: i.name for i in session.project.indicators().values()}
        self.table.setModel(PasteLinesModel(plan, names, self))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(COL_WHY, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.apply_button.setText(tr("应用（%d 项）") % changes)
        self.apply_button.setEnabled(changes > 0)
        self.apply_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 400)

    def accept(self) -> None:
        """Store the accepted lines as one edit, then close."""
        try:
            edit = self.plan.edit(self.session.project)
        except PfdeskError as exc:
            self.session.report_failure(str(exc))
            return
        self.applied = self.session.push(edit)
        super().accept()
