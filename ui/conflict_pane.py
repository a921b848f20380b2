"""Step ③ of the 合并 dialog: the open merge conflicts, one at a time, values side by side.

A list of the open conflicts (``conflictList``) beside the one shown: its indicator and field
(``conflictTitle``), each value as a card with who gave it, when (local time) and from which
file, and a 用这个值 button (``conflictChoose0``, ``conflictChoose1`` …); a box for another value
(``conflictCustomValue``); 跳过 for later. Each choice is one edit (``conflicts.resolve`` pushed
through the session), so Ctrl+Z reopens the conflict; the pane follows every change of the
project and says 全部冲突已解决 (``conflictsDone``) when none is left.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pfdesk import conflicts
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.identity import local_time
from pfdesk.model import Conflict
from pfdesk.numbers import Numbers

from .models.conflict_model import STRUCTURED, ConflictListModel, conflict_title, shown_choice
from .session import ProjectSession

log = logging.getLogger(__name__)

ERROR_STYLE = "color: #c0392b;"
# Values this long are shown in the body font (a paragraph), shorter ones large and bold.
_SHORT_VALUE = 16


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("MergeDialog", text)


def make_button(text: str, name: str) -> QPushButton:
    """A push button with an object name that Enter does not trigger."""
    button = QPushButton(tr(text))
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


def buttons_row(*buttons: QPushButton) -> QHBoxLayout:
    """Buttons at the right of a row."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


class ConflictPane(QWidget):
    """The open conflicts of the session's project; ``close_requested`` when 关闭 is clicked."""

    close_requested = Signal()

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._current: Conflict | None = None
        self._resolving = False
        self._build()
        session.changed.connect(self._changed)
        session.error_reported.connect(self._refused)
        self.load()

    @property
    def count(self) -> int:
        """How many conflicts are open."""
        return self.conflicts.rowCount()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
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
        self.skip_button = make_button("跳过，稍后再定", "conflictSkipButton")
        self.skip_button.setToolTip(tr("这一处先保持现在的值，转到下一处冲突"))
        self.skip_button.clicked.connect(self.skip)
        close = make_button("关闭", "conflictCloseButton")
        close.clicked.connect(self.close_requested)
        layout.addLayout(buttons_row(self.skip_button, close))

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
        inner = QWidget()
        inner.setObjectName("conflictChoices")
        self.choices_row = QHBoxLayout(inner)
        self.choices_row.setContentsMargins(0, 4, 0, 4)
        self.choices_box = QScrollArea()
        self.choices_box.setWidget(inner)
        self.choices_box.setWidgetResizable(True)
        self.choices_box.setFrameShape(QFrame.Shape.NoFrame)
        self.choices_box.setSizeAdjustPolicy(QScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.custom_label = QLabel(tr("都不对？填写正确的值："))
        self.custom = QLineEdit()
        self.custom.setObjectName("conflictCustomValue")
        self.custom.setAccessibleName(tr("其他取值"))
        self.custom.returnPressed.connect(self.use_custom)
        self.custom_button = make_button("使用填写的值", "conflictUseCustomButton")
        self.custom_button.clicked.connect(self.use_custom)
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.custom, 1)
        custom_row.addWidget(self.custom_button)
        self.conflict_error = QLabel()
        self.conflict_error.setObjectName("conflictError")
        self.conflict_error.setWordWrap(True)
        self.conflict_error.setStyleSheet(ERROR_STYLE)
        self.conflict_error.hide()
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
        self._detail = layout
        return holder

    # ----- showing -----

    def say(self, message: str) -> None:
        """Show why a choice was not stored (nothing when ``message`` is empty)."""
        self.conflict_error.setText(message)
        self.conflict_error.setVisible(bool(message))

    def load(self) -> None:
        """Read the open conflicts again, keeping the one shown (or the one in its place)."""
        keep = self._current.id if self._current is not None else ""
        row = max(self.conflict_list.currentIndex().row(), 0)
        self.conflicts.set_conflicts(conflicts.open_conflicts(self.session.project))
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
        self.say("")
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
        choices = conflicts.choices(conflict)
        for n, choice in enumerate(choices):
            self.choices_row.addWidget(self._choice_card(conflict, choice, n,
                                                         choice.get("value") == current))
        numbers = Numbers.of(project.info)
        long = any(len(shown_choice(conflict, c.get("value"), numbers)) > _SHORT_VALUE
                   for c in choices)
        self._detail.setStretchFactor(self.choices_box, 1 if long else 0)   # long texts: room
        self._detail.setStretch(self._detail.count() - 1, 0 if long else 1)
        # No typed value for a yes/no, a choice from a list, or a stored structure (a rule, a
        # comparison matrix, a survey's counts, an outline): only the values listed are valid.
        typed = conflict.field != conflicts.DELETED and conflict.field not in (
            "not_applicable", "resolved", "method", *STRUCTURED)
        for widget in (self.custom_label, self.custom, self.custom_button):
            widget.setVisible(typed)
        self.custom.clear()

    def _current_value(self, conflict: Conflict) -> Any:
        row = self.session.project.find(conflict.tbl, conflict.row_id)
        if conflict.field == conflicts.DELETED:
            return conflicts.KEEP if row is not None else conflicts.REMOVE
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
        value = QLabel(shown_choice(conflict, choice.get("value"),
                                    Numbers.of(self.session.project.info)))
        value.setObjectName("conflictValue")
        value.setWordWrap(True)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if len(value.text()) <= _SHORT_VALUE:
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
        self.say("")
        try:
            edit = conflicts.resolve(self.session.project, conflict.id, value)
        except PfdeskError as exc:
            self.say(str(exc))
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
            self.say(tr("请先在框中填写要采用的值，再点“使用填写的值”。"))
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
            self.load()

    def _refused(self, message: str) -> None:
        if self._resolving:
            self.say(message)
