"""Typing into a table's cells as a user does, for the window's grid tests (bands, the AHP
matrix, the survey's option scores): the first key opens the editor, the rest go into it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView

EDITING = QAbstractItemView.State.EditingState


def _open_and_type(qtbot: Any, view: Any, text: str) -> Any:
    view.setFocus()
    qtbot.keyClick(view, text[0])
    qtbot.waitUntil(lambda: view.state() == EDITING)
    editor = view.indexWidget(view.currentIndex())
    assert editor is not None
    if len(text) > 1:
        qtbot.keyClicks(editor, text[1:])
    return editor


def type_cell(qtbot: Any, view: Any, text: str, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Type into the current cell, then Enter (or Tab) stores the value and moves on."""
    editor = _open_and_type(qtbot, view, text)
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: view.state() != EDITING)


def type_refused(qtbot: Any, view: Any, text: str) -> None:
    """Type a value the model refuses: Enter keeps the editor open with the text for
    correction, Esc gives it up."""
    editor = _open_and_type(qtbot, view, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.state() == EDITING and editor.text() == text
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.state() != EDITING)
