"""Editors bound to the project row's fields: each stores its field through ``set_info``.

``InfoBinder`` makes the editor for a field (line, choice, date, money, multi-line, yes/no), stores the
value when the user has finished with it (never per keystroke), and on ``refresh`` shows what
the project holds without disturbing the editor the user is typing in. Text the project refused
to store (read-only, file changed elsewhere) stays in its field until it is stored: the window
has said loudly that it was not saved, and the words are not taken away from the user.
One-line fields join pasted lines into one (``OneLineEdit``); a date or an amount that cannot be
read is refused with the reason next to the field (``field_note.noted``) and kept for correction.
Fields whose editors a page builds later (on a tab not shown yet) are named as ``pending`` with
the page's ``build``: looking one of them up in ``editors`` builds them first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QWidget

from pfdesk.edits import Edit
from pfdesk.errors import PfdeskError

from ...session import ProjectSession
from ...widgets.choice_combo import ChoiceCombo
from ...widgets.date_edit import DateEdit
from ...widgets.money import MoneyEdit
from ...widgets.text_edit import CommitTextEdit, OneLineEdit, one_line

log = logging.getLogger(__name__)


class Editors(dict[str, QWidget]):
    """The editors by field; looking up a pending field (not built yet) builds it first."""

    def __init__(self, pending: Sequence[str], build: Callable[[], None] | None) -> None:
        super().__init__()
        self.pending = set(pending) if build is not None else set()
        self.build = build

    def _built(self, field: object) -> bool:
        if field in self.pending and self.build is not None:
            self.pending.clear()
            self.build()
            return True
        return False

    def __missing__(self, field: str) -> QWidget:
        if self._built(field):
            return self[field]
        raise KeyError(field)

    def get(self, field: str, default: Any = None) -> Any:
        if field not in self:
            self._built(field)
        return super().get(field, default)


class InfoBinder(QObject):
    """Makes field editors for ``project.info`` and keeps them and the project in step."""

    def __init__(self, session: ProjectSession, parent: QObject | None = None,
                 pending: Sequence[str] = (), build: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.editors = Editors(pending, build)
        self._show: dict[str, Callable[[Any], None]] = {}
        self._labels: dict[str, str] = {}
        self._typed: set[str] = set()     # fields whose editor holds text the user types
        self.unsaved: set[str] = set()    # typed fields holding text that was refused

    def _bind(self, field: str, editor: QWidget, show: Callable[[Any], None],
              label: str) -> None:
        editor.setAccessibleName(label)
        editor.setObjectName(f"info_{field}")
        self.editors[field] = editor
        self._show[field] = show
        self._labels[field] = label

    def line(self, field: str, label: str, placeholder: str = "") -> OneLineEdit:
        """A one-line text field (pasted lines are joined into one)."""
        editor = OneLineEdit()
        editor.setPlaceholderText(placeholder)
        editor.editingFinished.connect(lambda: self.store(field, one_line(editor.text())))

        def show(value: Any) -> None:
            """Show the stored text unless the user is typing in this field."""
            if editor.hasFocus() and editor.isModified():
                return
            if editor.text() != value:
                editor.setText(value)
            editor.setModified(False)

        self._bind(field, editor, show, label)
        self._typed.add(field)
        return editor

    def choice(self, field: str, label: str, choices: Sequence[str | tuple[str, str]],
               free_text: bool = False) -> ChoiceCombo:
        """A list of choices: stored values, or (label, stored value) pairs."""
        pairs = [c if isinstance(c, tuple) else (self.tr(c), c) for c in choices]
        editor = ChoiceCombo(pairs, free_text)
        editor.committed.connect(lambda value: self.store(field, value or ""))
        self._bind(field, editor, editor.set_value, label)
        return editor

    def date(self, field: str, label: str) -> DateEdit:
        """A typed date (2024-12-20, 2024年12月20日 …) stored as ISO, with a calendar."""
        editor = DateEdit(what=label)
        editor.committed.connect(lambda value: self.store(field, value))
        editor.refused.connect(self.session.error_reported)
        self._bind(field, editor, editor.set_iso, label)
        return editor

    def money(self, field: str, label: str) -> MoneyEdit:
        """An amount in 万元 with two decimals."""
        editor = MoneyEdit(what=label)
        editor.committed.connect(lambda value: self.store(field, value))
        editor.refused.connect(self.session.error_reported)
        self._bind(field, editor, editor.set_value, label)
        return editor

    def check(self, field: str, label: str, text: str) -> QCheckBox:
        """A yes/no field, stored when clicked (a refused click shows the stored value again)."""
        editor = QCheckBox(text)
        editor.clicked.connect(lambda checked: self.store(field, bool(checked)))

        def show(value: Any) -> None:
            if editor.isChecked() != bool(value):
                editor.setChecked(bool(value))

        self._bind(field, editor, show, label)
        return editor

    def text(self, field: str, label: str, lines: int = 4) -> CommitTextEdit:
        """A multi-line text."""
        editor = CommitTextEdit(lines=lines)
        editor.committed.connect(lambda value: self.store(field, value.rstrip()))
        self._bind(field, editor, editor.set_text, label)
        self._typed.add(field)
        return editor

    def store(self, field: str, value: Any) -> bool:
        """Store one field as one command (nothing when unchanged); False if refused."""
        if getattr(self.session.project.info, field) == value:
            self.unsaved.discard(field)
            return True
        from pfdesk.commands import set_info  # loaded at the first edit, not with the page

        try:
            edit = set_info(self.session.project, **{field: value})
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            self.refresh()
            return False
        label = self._labels.get(field)
        if label:
            edit = Edit(self.tr("修改{0}").format(label), edit.ops)
        ok = self.session.push(edit)
        if ok:
            self.unsaved.discard(field)
        else:
            if field in self._typed:
                self.unsaved.add(field)
            self.refresh()
        return ok

    def refresh(self) -> None:
        """Show every field as the project holds it (refused typed text stays)."""
        info = self.session.project.info
        for field, show in self._show.items():
            if field not in self.unsaved:
                show(getattr(info, field))
