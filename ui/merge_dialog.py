"""The 合并副本 dialog: merge members' copies into the open project, then settle the conflicts.

Three steps in one window. ① choose the copies (a list with 添加 / 移除) and 合并: the core's
``merge.merge`` runs through ``ProjectSession.run``, so the whole merge is one step of the
window's undo stack (撤销 合并 …); a copy the core refuses (another project's file, a damaged
copy, this file itself) is said in one sentence under the list and nothing changes. ② what each
copy brought: its file, who worked in it, how many changes, how many conflicts. ③ the open
conflicts one by one, each value side by side with who gave it and when: choosing one (or typing
another) is one edit (``merge.resolve`` pushed through the session), so Ctrl+Z reopens the
conflict; 跳过 leaves it for later. Opened while conflicts are open, the dialog starts at ③.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import merge
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.identity import local_time
from pfdesk.merge import MergeResult
from pfdesk.model import Conflict

from . import dialogs
from .models.conflict_model import (
    ConflictListModel,
    MergeSummaryModel,
    conflict_title,
    shown_choice,
)
from .session import ProjectSession

log = logging.getLogger(__name__)

STEPS = ("① 选择副本", "② 合并结果", "③ 解决冲突")
ERROR_STYLE = "color: #c0392b;"


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("MergeDialog", text)


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(tr(text))
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


class MergeDialog(QDialog):
    """Merge copies into the session's project and resolve the conflicts, step by step."""

    def __init__(self, session: ProjectSession, folder: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.folder = folder
        self.result: MergeResult | None = None
        self._resolving = False
        self._current: Conflict | None = None
        self.setObjectName("mergeDialog")
        self.setWindowTitle(tr("合并成员副本"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(860, 520)
        layout = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setObjectName("mergeStepLabel")
        layout.addWidget(self.step_label)
        self.steps = QStackedWidget()
        self.steps.setObjectName("mergeSteps")
        self.steps.addWidget(self._build_choose())
        self.steps.addWidget(self._build_summary())
        self.steps.addWidget(self._build_conflicts())
        layout.addWidget(self.steps, 1)
        session.changed.connect(self._changed)
        session.error_reported.connect(self._refused)
        session.destroyed.connect(self.close)
        self._load_conflicts()
        self.show_step(2 if self.conflicts.rowCount() else 0)

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
        self.add_button = _button("添加副本…", "mergeAddButton")
        self.add_button.clicked.connect(self.ask_copies)
        self.remove_button = _button("移除所选", "mergeRemoveButton")
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
        self.run_button = _button("合并", "mergeRunButton")
        self.run_button.clicked.connect(self.run_merge)
        close = _button("关闭", "mergeCloseButton")
        close.clicked.connect(self.close)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        layout.addWidget(self.error)
        layout.addLayout(_buttons(self.run_button, close))
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
        self.to_conflicts = _button("逐个解决冲突", "mergeToConflictsButton")
        self.to_conflicts.clicked.connect(lambda: self.show_step(2))
        done = _button("完成", "mergeDoneButton")
        done.clicked.connect(self.close)
        self.summary_view.setSizeAdjustPolicy(
            QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.summary_view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        layout.addWidget(self.headline)
        layout.addWidget(self.summary_view)
        layout.addWidget(note)
        layout.addWidget(self.next_hint)
        layout.addStretch(1)
        layout.addLayout(_buttons(self.to_conflicts, done))
        return page

    def _build_conflicts(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        body = QHBoxLayout()
        left = QVBoxLayout()
        self.list_caption = QLabel()
        self.list_caption.setStyleSheet("color: #555;")
        self.conflicts = ConflictListModel(self)
        self.conflict_list = QListView()
        self.conflict_list.setObjectName("conflictList")
        self.conflict_list.setAccessibleName(tr("待解决的冲突"))
        self.conflict_list.setModel(self.conflicts)
        self.conflict_list.setMaximumWidth(220)
        self.conflict_list.selectionModel().currentChanged.connect(
            lambda current, _old: self._show_conflict(self.conflicts.conflict_at(current.row())))
        left.addWidget(self.list_caption)
        left.addWidget(self.conflict_list, 1)
        body.addLayout(left)
        body.addWidget(self._build_detail(), 1)
        layout.addLayout(body, 1)
        self.skip_button = _button("跳过，稍后再定", "conflictSkipButton")
        self.skip_button.setToolTip(tr("这一处先保持现在的值，转到下一处冲突"))
        self.skip_button.clicked.connect(self.skip)
        close = _button("关闭", "conflictCloseButton")
        close.clicked.connect(self.close)
        layout.addLayout(_buttons(self.skip_button, close))
        return page

    def _build_detail(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(8, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("conflictTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.choices_box = QWidget()
        self.choices_box.setObjectName("conflictChoices")
        self.choices_row = QHBoxLayout(self.choices_box)
        self.choices_row.setContentsMargins(0, 4, 0, 4)
        self.custom_label = QLabel(tr("都不对？填写正确的值："))
        self.custom = QLineEdit()
        self.custom.setObjectName("conflictCustomValue")
        self.custom.setAccessibleName(tr("其他取值"))
        self.custom.returnPressed.connect(self.use_custom)
        self.custom_button = _button("使用填写的值", "conflictUseCustomButton")
        self.custom_button.clicked.connect(self.use_custom)
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.custom, 1)
        custom_row.addWidget(self.custom_button)
        self.conflict_error = QLabel()
        self.conflict_error.setObjectName("conflictError")
        self.conflict_error.setWordWrap(True)
        self.conflict_error.setStyleSheet(ERROR_STYLE)
        self.done_label = QLabel(tr("全部冲突已解决"))
        self.done_label.setObjectName("conflictsDone")
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_label.setStyleSheet("color: #1e8449; font-size: 16pt; font-weight: bold;")
        for widget in (self.title, self.hint, self.choices_box, self.custom_label):
            layout.addWidget(widget)
        layout.addLayout(custom_row)
        layout.addWidget(self.conflict_error)
        layout.addWidget(self.done_label, 1)
        layout.addStretch(1)
        return holder

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
        try:
            result = self.session.run(lambda project: merge.merge(project, paths))
        except PfdeskError as exc:
            return self._merge_refused(str(exc))
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
        count = len(merge.open_conflicts(self.session.project))
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

    # ----- step ③ -----

    def _load_conflicts(self) -> None:
        """Read the open conflicts again, keeping the one shown (or the one in its place)."""
        keep = self._current.id if self._current is not None else ""
        row = max(self.conflict_list.currentIndex().row(), 0)
        self.conflicts.set_conflicts(merge.open_conflicts(self.session.project))
        count = self.conflicts.rowCount()
        self.list_caption.setText(tr("待解决的冲突（%d）") % count if count else tr("待解决的冲突"))
        self.skip_button.setVisible(count > 1)
        if not count:
            self._show_conflict(None)
            return
        found = self.conflicts.row_of(keep)
        self.select_row(found if found >= 0 else min(row, count - 1))

    def select_row(self, row: int) -> None:
        """Show the conflict in a row of the list."""
        index = self.conflicts.index(row, 0)
        self.conflict_list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._show_conflict(self.conflicts.conflict_at(row))

    def _show_conflict(self, conflict: Conflict | None) -> None:
        self._current = conflict
        self.conflict_error.clear()
        for widget in (self.title, self.hint, self.choices_box, self.custom_label, self.custom,
                       self.custom_button):
            widget.setVisible(conflict is not None)
        self.done_label.setVisible(conflict is None)
        self._clear_choices()
        if conflict is None:
            return
        project = self.session.project
        self.title.setText(conflict_title(project, conflict))
        self.hint.setText(tr("合并时各方给了不同的值，目前暂用“当前值”。请选定正确的一个"
                             "（选定后可用 Ctrl+Z 撤销），或跳过稍后再定。"))
        current = self._current_value(conflict)
        for n, choice in enumerate(merge.choices(conflict)):
            self.choices_row.addWidget(self._choice_card(conflict, choice, n,
                                                         choice.get("value") == current))
        typed = conflict.field != merge.DELETED and conflict.field not in (
            "not_applicable", "resolved", "method")
        for widget in (self.custom_label, self.custom, self.custom_button):
            widget.setVisible(typed)
        self.custom.clear()

    def _current_value(self, conflict: Conflict) -> Any:
        row = self.session.project.find(conflict.tbl, conflict.row_id)
        if conflict.field == merge.DELETED:
            return merge.KEEP if row is not None else merge.REMOVE
        return None if row is None else row.to_row().get(conflict.field)

    def _clear_choices(self) -> None:
        while self.choices_row.count():
            item = self.choices_row.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # type: ignore[call-overload]
                widget.deleteLater()

    def _choice_card(self, conflict: Conflict, choice: dict[str, Any], n: int,
                     current: bool) -> QFrame:
        card = QFrame()
        card.setObjectName("conflictChoice")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setStyleSheet("#conflictChoice { border: 1px solid #c8ccd2; border-radius: 6px; "
                           "background: #fafbfc; }")
        layout = QVBoxLayout(card)
        tag = QLabel(tr("当前值") if current else tr("另一方的值"))
        tag.setStyleSheet("color: #2471a3;" if current else "color: #777;")
        value = QLabel(shown_choice(conflict, choice.get("value")))
        value.setObjectName("conflictValue")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = value.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        value.setFont(font)
        who = QLabel(self._who(choice))
        who.setObjectName("conflictWho")
        who.setWordWrap(True)
        who.setStyleSheet("color: #555;")
        button = QPushButton(tr("用这个值"))
        button.setObjectName(f"conflictChoose{n}")
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self.choose(choice.get("value")))
        for widget in (tag, value, who):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(button)
        return card

    @staticmethod
    def _who(choice: dict[str, Any]) -> str:
        user = str(choice.get("user") or tr("未署名"))
        stamp = str(choice.get("time") or "")
        when = local_time(stamp, "%m-%d %H:%M") if stamp else ""
        source = str(choice.get("source") or "")
        first = " · ".join(p for p in (user, when) if p)
        return f"{first}\n{tr('来自 %s') % source}" if source else first

    def choose(self, value: Any) -> bool:
        """Settle the shown conflict with a value, as one undoable edit; False if refused."""
        conflict = self._current
        if conflict is None:
            return False
        self.conflict_error.clear()
        try:
            edit = merge.resolve(self.session.project, conflict.id, value)
        except PfdeskError as exc:
            self.conflict_error.setText(str(exc))
            return False
        self._resolving = True
        try:
            return self.session.push(edit)
        finally:
            self._resolving = False

    def use_custom(self) -> bool:
        """Settle the shown conflict with the typed value."""
        text = self.custom.text().strip()
        if not text:
            self.conflict_error.setText(tr("请先在框中填写要采用的值，再点“使用填写的值”。"))
            return False
        return self.choose(text)

    def skip(self) -> None:
        """Leave the shown conflict open and go to the next one."""
        count = self.conflicts.rowCount()
        if count:
            self.select_row((self.conflict_list.currentIndex().row() + 1) % count)

    # ----- following the project -----

    def _changed(self, change: Change) -> None:
        shown = self._current
        if "conflict" in change.tables() or (
                shown is not None and shown.row_id in change.ids(shown.tbl)):
            self._load_conflicts()

    def _refused(self, message: str) -> None:
        if self._resolving:
            self.conflict_error.setText(message)


def show_merge(window: Any) -> MergeDialog | None:
    """Open (or bring forward) the window's 合并 dialog for its open project."""
    session = getattr(window, "session", None)
    if session is None:
        return None
    for dialog in window.findChildren(MergeDialog):
        if dialog.session is session:
            dialog.show()
            dialog.raise_()
            dialog.activateWindow()
            return dialog
        dialog.close()
    folder = getattr(getattr(window, "settings", None), "last_folder", "")
    dialog = MergeDialog(session, folder, window)
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.show()
    return dialog
