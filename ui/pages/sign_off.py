"""The sign-off line under an indicator's details: who prepared it, who reviewed it, and what
changed after the review; with 编制签字 / 复核签字 / 撤销签字.

For a leaf the line reads ``编制：张三 12-02 21:20 ／ 复核：李四 12-02 21:30``; an indicator
changed after its review gets a red line listing those changes (``review.changes_since_review``)
and the page highlights them in 修改记录. For a parent the line counts the leaves under it. The
buttons only ask (``sign_requested``): the page signs the selected indicators through the core,
which refuses what its rules do not allow.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pfdesk import review
from pfdesk.model import Indicator

from ..models.history_model import change_lines, minute_time, sign_off_line
from ..session import ProjectSession

log = logging.getLogger(__name__)

PREPARE, REVIEW, WITHDRAW = "prepare", "review", "withdraw"
_SHOWN_CHANGES = 3
CHANGED_STYLE = ("QLabel { background: #fdecea; color: #a93226; border: 1px solid #f5b7b1; "
                 "border-radius: 3px; padding: 3px 6px; }")


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("SignOffBar", text)


class SignOffBar(QFrame):
    """Sign-off of the shown indicator, and the buttons that sign the selected ones."""

    sign_requested = Signal(str)      # PREPARE / REVIEW / WITHDRAW

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.indicator_id: str | None = None
        self.selected = 1
        self.highlighted: set[str] = set()      # entries after the review of the shown one
        self.setObjectName("signOffBar")
        self.setAccessibleName(tr("签字"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        self._build_line(layout)
        self.changed_line = QLabel()
        self.changed_line.setObjectName("changedAfterReview")
        self.changed_line.setAccessibleName(tr("复核后已修改"))
        self.changed_line.setWordWrap(True)
        self.changed_line.setStyleSheet(CHANGED_STYLE)
        self.changed_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.changed_line)
        self._build_buttons(layout)
        self.show_indicator(None)

    def _build_line(self, layout: QVBoxLayout) -> None:
        self.line = QLabel()
        self.line.setObjectName("signOffLine")
        self.line.setAccessibleName(tr("签字情况"))
        self.line.setWordWrap(True)
        self.line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.line)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for kind, text, name in ((PREPARE, tr("编制签字"), "prepareButton"),
                                 (REVIEW, tr("复核签字"), "reviewButton"),
                                 (WITHDRAW, tr("撤销签字"), "withdrawButton")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setAccessibleName(text)
            button.clicked.connect(lambda _c=False, k=kind: self.sign_requested.emit(k))
            row.addWidget(button)
            self.buttons[kind] = button
        row.addStretch(1)
        layout.addLayout(row)

    # ----- showing -----

    def show_indicator(self, indicator_id: str | None, selected: int = 1) -> None:
        """Show another indicator's sign-off (``selected``: how many rows the buttons act on)."""
        self.indicator_id = indicator_id
        self.selected = selected
        self.refresh()

    def refresh(self) -> None:
        """Read the shown indicator's sign-off again."""
        project = self.session.project
        ind = project.indicators().get(self.indicator_id or "")
        self.highlighted = set()
        self.changed_line.setVisible(False)
        if ind is None:
            self.line.setText(tr("选择一个指标，查看它的编制和复核签字。"))
        elif project.children(ind.id):
            self.line.setText(self._branch_line(ind))
        else:
            self.line.setText(sign_off_line(ind) + self._selection_note())
            self._show_changes(ind)
        self._update_buttons(ind is not None)

    def _selection_note(self) -> str:
        return tr("（签字将用于选中的 %d 个指标）") % self.selected if self.selected > 1 else ""

    def _branch_line(self, ind: Indicator) -> str:
        project = self.session.project
        leaves = [i for i in project.walk(ind.id) if not project.children(i.id)]
        prepared = sum(1 for i in leaves if i.prepared_by)
        reviewed = sum(1 for i in leaves if i.sign_off == "已复核")
        changed = sum(1 for i in leaves if i.sign_off == "复核后已修改")
        text = tr("下级 %d 个末级指标：已编制 %d，已复核 %d") % (len(leaves), prepared, reviewed)
        if changed:
            text += tr("，复核后已修改 %d") % changed
        return text + tr("。签字按钮作用于其下的末级指标。")

    def _show_changes(self, ind: Indicator) -> None:
        if ind.sign_off != "复核后已修改":
            return
        items = review.changes_since_review(self.session.project, ind.id)
        self.highlighted = {item.entry.id for item in items}
        codes = {i.id: i.code for i in self.session.project.indicators().values()}
        lines = []
        for item in items[:_SHOWN_CHANGES]:
            what = "；".join(change_lines(item.changes, codes)) or item.entry.summary
            lines.append(f"{minute_time(item.entry.time)} {item.entry.user}：{what}")
        if len(items) > _SHOWN_CHANGES:
            lines.append(tr("……共 %d 次修改，见“修改记录”中标红的记录") % len(items))
        if not lines:
            lines.append(tr("（修改明细无法读取）"))
        self.changed_line.setText(tr("复核后已修改：") + "\n" + "\n".join(lines)
                                  + "\n" + tr("请复核人再次核对后重新点“复核签字”。"))
        self.changed_line.setVisible(True)

    def _update_buttons(self, has: bool) -> None:
        enabled = has and not self.session.read_only
        who = self.session.project.author
        tips = {PREPARE: tr("以“%s”的名义签字：已完成编制"),
                REVIEW: tr("以“%s”的名义签字：已复核（不能复核本人编制的指标，除非项目信息中允许）"),
                WITHDRAW: tr("撤销复核签字；没有复核签字时撤销编制签字（操作人：%s）")}
        for kind, button in self.buttons.items():
            button.setEnabled(enabled)
            button.setToolTip(tips[kind] % who)
