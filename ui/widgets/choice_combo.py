"""A combo box over a list of choices, optionally accepting free text (e.g. 角色: 组长 or 副组长).

Choices are plain strings or ``(label, value)`` pairs (a suggestion's 针对问题 shows the problem's
text and stores its id). A stored value that is not among the choices is kept and shown, so
opening a project made elsewhere never loses what it says. ``committed`` carries the value.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

log = logging.getLogger(__name__)


def as_pairs(choices: Sequence[Any]) -> list[tuple[str, Any]]:
    """Plain strings become (text, text) pairs; pairs stay as they are."""
    return [c if isinstance(c, tuple) else (str(c), c) for c in choices]


class ChoiceCombo(QComboBox):
    """Pick one of a list of choices; with ``free_text`` the user may type another value."""

    committed = Signal(object)

    def __init__(self, choices: Sequence[Any] = (), free_text: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._free = free_text
        self._shown: Any = None
        self.setEditable(free_text)
        self.set_choices(choices)
        self.activated.connect(lambda _i: self._finish())
        if free_text:
            self.lineEdit().editingFinished.connect(self._finish)

    def set_choices(self, choices: Sequence[Any]) -> None:
        """Replace the list, keeping the value shown."""
        keep = self._shown
        self.blockSignals(True)
        self.clear()
        for label, value in as_pairs(choices):
            self.addItem(label, value)
        self.blockSignals(False)
        self.set_value(keep)

    def set_value(self, value: Any) -> None:
        """Show a stored value, adding it to the list if it is not a choice."""
        self._shown = value
        self.blockSignals(True)
        index = self.findData(value)
        if index < 0 and value not in (None, ""):
            if self._free:
                self.setCurrentIndex(-1)
                self.setEditText(str(value))
                self.blockSignals(False)
                return
            self.addItem(str(value), value)
            index = self.count() - 1
        self.setCurrentIndex(index)
        if self._free and index < 0:
            self.setEditText("")
        self.blockSignals(False)

    def value(self) -> Any:
        """The chosen value (the typed text when free text is allowed)."""
        if self._free:
            text = self.currentText().strip()
            index = self.findText(text)
            return self.itemData(index) if index >= 0 else text
        return self.currentData()

    def _finish(self) -> None:
        value = self.value()
        if value != self._shown:
            self._shown = value
            self.committed.emit(value)
