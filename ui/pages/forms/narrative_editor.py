"""The report's narrative sections (项目背景, 立项依据 … 其他需要说明的问题) as a list and a text.

The sections are the fixed ``NARRATIVE_KEYS``; the list marks the written ones with their
length. The text is stored through ``set_narrative`` when the user leaves the editor or picks
another section, never per keystroke.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pfdesk.errors import PfdeskError
from pfdesk.model import NARRATIVE_KEYS

from ...session import ProjectSession
from ...widgets.text_edit import CommitTextEdit

log = logging.getLogger(__name__)

KEY_ROLE = Qt.ItemDataRole.UserRole


class NarrativeEditor(QWidget):
    """Section list on the left, the chosen section's text on the right."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.sections = QListWidget(self)
        self.sections.setAccessibleName(self.tr("报告章节"))
        self.sections.setMinimumWidth(210)
        self.sections.setMaximumWidth(260)
        for key, title in NARRATIVE_KEYS.items():
            item = QListWidgetItem(self.tr(title))
            item.setData(KEY_ROLE, key)
            self.sections.addItem(item)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.editor = CommitTextEdit(self, lines=12)
        self.editor.setAccessibleName(self.tr("章节内容"))
        self.editor.setPlaceholderText(self.tr("在此填写该章节的内容，离开编辑框即保存。"))
        self._key = next(iter(NARRATIVE_KEYS))
        self.editor.committed.connect(lambda text: self._store(text, self._key))
        self._build_layout()
        self.sections.currentItemChanged.connect(self._on_section)
        self.sections.setCurrentRow(0)

    def _build_layout(self) -> None:
        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.editor, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.sections)
        layout.addLayout(right, 1)

    def current_key(self) -> str:
        """The key of the section shown."""
        item = self.sections.currentItem()
        return item.data(KEY_ROLE) if item is not None else next(iter(NARRATIVE_KEYS))

    def show_section(self, key: str) -> None:
        """Select a section by key."""
        for row in range(self.sections.count()):
            if self.sections.item(row).data(KEY_ROLE) == key:
                self.sections.setCurrentRow(row)
                return

    def _on_section(self, current: QListWidgetItem | None,
                    previous: QListWidgetItem | None) -> None:
        if previous is not None:
            self._store(self.editor.text(), previous.data(KEY_ROLE))
        if current is None:
            return
        key = current.data(KEY_ROLE)
        self._key = key
        self.heading.setText(self.tr(NARRATIVE_KEYS[key]))
        self.editor.load(self.session.project.narrative(key))

    def _store(self, text: str, key: str | None = None) -> None:
        key = key or self.current_key()
        text = text.rstrip()
        if self.session.project.narrative(key) == text:
            return
        from pfdesk.commands import set_narrative  # loaded at the first edit

        try:
            edit = set_narrative(self.session.project, key, text)
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return
        self.session.push(edit)

    def refresh(self) -> None:
        """Show the stored texts (the open editor keeps what the user is typing)."""
        for row in range(self.sections.count()):
            item = self.sections.item(row)
            key = item.data(KEY_ROLE)
            text = self.session.project.narrative(key)
            title = self.tr(NARRATIVE_KEYS[key])
            item.setText(self.tr("{0}（{1}字）").format(title, len(text)) if text else title)
        self.editor.set_text(self.session.project.narrative(self._key))
