"""The 分值 editor reads full-width digits as an input method commits them; the indicator
page's one-line fields join pasted lines."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from ui.delegates import NumberEdit


def _commit(widget: NumberEdit, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_full_width_digits_become_plain_and_the_range_still_holds(qtbot: Any) -> None:
    editor = NumberEdit(100.0)
    qtbot.addWidget(editor)
    editor.show()
    editor.setFocus()
    _commit(editor, "４．５")
    assert (editor.text(), editor.hasAcceptableInput()) == ("4.5", True)
    editor.clear()
    _commit(editor, "１５０")
    assert editor.text() == "150" and not editor.hasAcceptableInput()   # above 100 points
    editor.clear()
    _commit(editor, "４.５６７")                                        # a third decimal
    assert not editor.hasAcceptableInput()


def test_lines_pasted_into_an_indicator_one_line_field_are_joined(qtbot: Any) -> None:
    from ui.pages.text_fields import CommitLineEdit

    field = CommitLineEdit("实际完成值")
    qtbot.addWidget(field)
    stored: list[str] = []
    field.committed.connect(stored.append)
    field.show()
    field.setFocus()
    QApplication.clipboard().setText("完成率98.7%\r\n（含补办）\r\n")
    field.paste()
    field.commit()
    assert stored == ["完成率98.7% （含补办）"]
