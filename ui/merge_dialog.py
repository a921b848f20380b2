"""The 合并副本 dialog: merge members' copies into the open project, then settle the conflicts.

Three steps in one window. ① choose the copies (a list with 添加 / 移除) and 合并: the core's
``merge.merge`` runs through ``ProjectSession.run``, so the whole merge is one step of the
window's undo stack (撤销 合并 …); a copy the core refuses (another project's file, a damaged
copy, this file itself) is said in one sentence under the list and nothing changes. ② what each
copy brought: its file, who worked in it, how many changes, how many conflicts. ③ the open
conflicts one by one, each value side by side with who gave it and when: choosing one (or typing
another) is one edit (``conflicts.resolve`` pushed through the session), so Ctrl+Z reopens the
conflict; 跳过 leaves it for later. Opened while conflicts are open, the dialog starts at ③.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import conflicts, merge
from pfdesk.errors import PfdeskError
from pfdesk.merge import MergeResult

from . import dialogs
from .conflict_pane import ERROR_STYLE, ConflictPane, buttons_row, make_button
from .models.conflict_model import MergeSummaryModel
from .session import ProjectSession

log = logging.getLogger(__name__)

STEPS = ("① 选择副本", "② 合并结果", "③ 解决冲突")


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("MergeDialog", text)


class MergeDialog(QDialog):
    """Merge copies into the session's project and resolve the conflicts, step by step."""

    def __init__(self, session: ProjectSession, folder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.folder = folder
        self.result: MergeResult | None = None
        self.setObjectName("mergeDialog")
        self.setWindowTitle(tr("合并成员副本"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(880, 560)
        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setObjectName("mergeStepLabel")
        layout.addWidget(self.step_label)
        self.steps = QStackedWidget()
        self.steps.setObjectName("mergeSteps")
        self.steps.addWidget(self._build_choose())
        self.steps.addWidget(self._build_summary())
        self.pane = ConflictPane(session)
        self.pane.close_requested.connect(self.close)
        self.steps.addWidget(self.pane)
        layout.addWidget(self.steps, 1)
        session.destroyed.connect(self.close)
        self.show_step(2 if self.pane.count else 0)

    # ----- building -----

    def _build_choose(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        intro = QLabel(tr("请添加组员交回的项目副本（可一次选多个）。合并只读取副本，不会改动副本；"
                          "整个合并记为一步修改，合并后可用“撤销”（Ctrl+Z）整体撤回。"))
        intro.setWordWrap(True)
        self.paths = QStringListModel(self)
        self.copy_list = QListView()
        self.copy_list.setObjectName("mergeCopyList")
        self.copy_list.setAccessibleName(tr("要合并的副本"))
        self.copy_list.setModel(self.paths)
        self.copy_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.copy_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.add_button = make_button("添加副本…", "mergeAddButton")
        self.add_button.clicked.connect(self.ask_copies)
        self.remove_button = make_button("移除所选", "mergeRemoveButton")
        self.remove_button.clicked.connect(self.remove_selected)
        side = QVBoxLayout()
        side.addWidget(self.add_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.copy_list, 1)
        row.addLayout(side)
        self.error = QLabel()
        self.error.setObjectName("mergeError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.run_button = make_button("合并", "mergeRunButton")
        self.run_button.clicked.connect(self.run_merge)
        close = make_button("关闭", "mergeCloseButton")
        close.clicked.connect(self.close)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons_row(self.run_button, close))
        self._update_choose()
        return page

    def _build_summary(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.headline = QLabel()
        self.headline.setObjectName("mergeHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.headline.setFont(font)
        self.summary = MergeSummaryModel(self)
        self.summary_view = QTableView()
        self.summary_view.setObjectName("mergeSummaryView")
        self.summary_view.setAccessibleName(tr("各副本带来的修改"))
        self.summary_view.setModel(self.summary)
        self.summary_view.verticalHeader().hide()
        self.summary_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.summary_view.setWordWrap(True)
        header = self.summary_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        note = QLabel(tr("合并已保存为一步修改：如需整体撤回，请点“编辑 → 撤销”（Ctrl+Z）。"))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.next_hint = QLabel()
        self.next_hint.setObjectName("mergeNextHint")
        self.next_hint.setWordWrap(True)
        self.next_hint.setStyleSheet("margin-top: 12px;")
        self.to_conflicts = make_button("逐个解决冲突", "mergeToConflictsButton")
        self.to_conflicts.clicked.connect(lambda: self.show_step(2))
        done = make_button("完成", "mergeDoneButton")
        done.clicked.connect(self.close)
        self.summary_view.setSizeAdjustPolicy(
            QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.summary_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary_view)
        layout.addWidget(note)
        layout.addWidget(self.next_hint)
        layout.addStretch(1)
        layout.addLayout(buttons_row(self.to_conflicts, done))
        return page

    # ----- step ① -----

    def show_step(self, step: int) -> None:
        """Show one of the three steps, and say which it is."""
        self.steps.setCurrentIndex(step)
        self.step_label.setText("　→　".join(
            f"<b>{tr(s)}</b>" if i == step else f"<span style='color:#888'>{tr(s)}</span>"
            for i, s in enumerate(STEPS)))

    def add_copies(self, paths: list[str]) -> None:
        """Add copies to the list (each file once)."""
        known = self.paths.stringList()
        self.paths.setStringList(known + [p for p in paths if p not in known])
        self.error.hide()
        self._update_choose()

    def ask_copies(self) -> None:
        """Choose copies with the file dialog."""
        paths = dialogs.ask_merge_copies(self, self.folder)
        if paths:
            self.folder = str(Path(paths[0]).parent)
            self.add_copies(paths)

    def remove_selected(self) -> None:
        """Take the selected copies off the list."""
        rows = sorted({i.row() for i in self.copy_list.selectedIndexes()}, reverse=True)
        for row in rows:
            self.paths.removeRows(row, 1)
        self.error.hide()
        self._update_choose()

    def _update_choose(self) -> None:
        self.run_button.setEnabled(bool(self.paths.rowCount()))
        self.remove_button.setEnabled(bool(self.paths.rowCount()))

    def run_merge(self) -> bool:
        """Merge the listed copies as one undo step; False (and the reason shown) if refused."""
        paths = self.paths.stringList()
        if not paths:
            return False
        if self.session.read_only:
            return self._merge_refused(tr("项目以只读方式打开，不能合并。请先点“文件 → 另存为…”"
                                          "得到一个可编辑的文件，再在那个文件中合并。"))
        try:
            result = self.session.run(lambda project: merge.merge(project, paths))
        except PfdeskError as exc:
            text = str(exc).rstrip("。")
            return self._merge_refused(tr("%s。请把有问题的文件从列表中移除（或换成组员重新发来的副本），"
                                          "再点“合并”。") % text)
        except (OSError, sqlite3.Error) as exc:
            log.exception("merging %s failed", paths)
            return self._merge_refused(tr("无法读取副本（%s），没有合并任何内容。"
                                          "请确认文件没有被移动或占用后再试。") % exc)
        self.result = result
        self.error.hide()
        self._show_summary(result)
        return True

    def _merge_refused(self, message: str) -> bool:
        self.error.setText(message)
        self.error.show()
        return False

    # ----- step ② -----

    def _show_summary(self, result: MergeResult) -> None:
        self.summary.set_reports(result.sources)
        copies = len(result.sources)
        count = len(conflicts.open_conflicts(self.session.project))
        if not result.merged and not result.conflicts:
            text = tr("这 %d 份副本没有新的修改（以前已经合并过），项目没有变化。") % copies
        elif count:
            text = tr("已合并 %d 份副本，带来 %d 处修改；有 %d 处冲突需要您选择取值。") % (
                copies, result.merged, count)
        else:
            text = tr("已合并 %d 份副本，带来 %d 处修改，没有冲突。") % (copies, result.merged)
        self.headline.setText(text)
        self.next_hint.setText(tr(
            "有冲突的地方暂时保留先合并的一方的值（“当前值”）。请点“逐个解决冲突”，对照各方的值和修改时间"
            "逐一选定；也可以先点“完成”，以后再点得分面板上的红字“合并冲突未解决”继续。"
            "冲突未解决时，导出的报告不能作为定稿。") if count else tr(
            "各成员的修改已全部并入本项目，可以在各页面查看，也可以在“编辑 → 修改记录”中查看这次合并。"))
        self.to_conflicts.setVisible(bool(count))
        self.to_conflicts.setText(tr("逐个解决冲突（%d 处）") % count)
        self.show_step(1)

def show_merge(window: Any) -> MergeDialog | None:
    """Open (or bring forward) the window's 合并 dialog for its open project."""
    session = getattr(window, "session", None)
    if session is None:
        return None
    shown = dialogs.bring_forward(window, MergeDialog, session)
    if shown is not None:
        return shown
    folder = getattr(getattr(window, "settings", None), "last_folder", "")
    dialog = MergeDialog(session, folder, window)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.show()
    return dialog
