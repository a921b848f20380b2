"""修改扣分 as a user reaches it: a double click on a deduction's cell opens the dialog with the
cursor in the field clicked and no editor left open in the cell; in the dialog Enter is 确定,
also inside 扣分理由 (Shift+Enter starts a new line); full-width points are read as numbers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog

from ui import dialogs
from ui.main_window import MainWindow

from .conftest import DialogLog, page_of

SHIFT = Qt.KeyboardModifier.ShiftModifier


def commit_text(widget, text: str) -> None:
    """Text as a Chinese input method commits it."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def b12(seed_window: MainWindow, dialog_log: DialogLog):
    """B (过程) shown with B12 selected and one deduction of 1.5 on it."""
    page = page_of(seed_window, "B")
    page.select_indicator(seed_window.project.by_code("B12").id)  # type: ignore[union-attr]
    dialog_log.answer("ask_deduction", dialogs.DeductionInput("1.5", "制度执行不到位", "检查记录"))
    page.details.add_deduction()
    assert page.details.deduction_model.rowCount() == 1
    return page


@pytest.mark.parametrize(("column", "field"), [(0, "points"), (1, "reason"), (2, "evidence")])
def test_double_click_opens_the_dialog_at_the_field_clicked(
        qtbot, b12, monkeypatch: pytest.MonkeyPatch, column: int, field: str) -> None:
    asked: list[dict[str, Any]] = []

    def ask(_parent, title, value=None, focus="points"):
        asked.append({"title": title, "value": value, "focus": focus})
        return dialogs.DeductionInput("1.5", "制度执行不到位，台账不全", "检查记录")

    monkeypatch.setattr(dialogs, "ask_deduction", ask)
    view = b12.details.deductions
    b12.details.ensureWidgetVisible(view)
    rect = view.visualRect(view.model().index(0, column))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert [a["focus"] for a in asked] == [field]
    assert asked[0]["title"] == "修改扣分" and asked[0]["value"].reason == "制度执行不到位"
    qtbot.wait(20)
    assert view.state() != QAbstractItemView.State.EditingState      # no editor in the cell
    assert view.indexWidget(view.model().index(0, column)) is None
    ded = b12.session.project.deductions(b12.details.indicator_id)[0]
    assert ded.reason == "制度执行不到位，台账不全" and ded.points == Decimal("1.5")


def open_dialog(qtbot, focus: str, value: dialogs.DeductionInput | None = None):
    dialog = dialogs.DeductionDialog(None, "修改扣分", value or dialogs.DeductionInput(
        "1.5", "制度执行不到位", "检查记录"), focus)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


@pytest.mark.parametrize(("focus", "attr"), [("points", "points"), ("reason", "reason"),
                                             ("evidence", "evidence")])
def test_dialog_puts_the_cursor_where_asked(qtbot, focus: str, attr: str) -> None:
    dialog = open_dialog(qtbot, focus)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is getattr(dialog, attr))


def test_typing_in_the_reason_and_enter_is_ok(qtbot) -> None:
    dialog = open_dialog(qtbot, "reason")
    qtbot.waitUntil(dialog.reason.hasFocus)
    commit_text(dialog.reason, "，台账不全")          # appended: the cursor is at the end
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert dialog.value() == dialogs.DeductionInput("1.5", "制度执行不到位，台账不全", "检查记录")


def test_shift_enter_starts_a_new_line_in_the_reason(qtbot) -> None:
    dialog = open_dialog(qtbot, "reason")
    qtbot.waitUntil(dialog.reason.hasFocus)
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, SHIFT)
    commit_text(dialog.reason, "台账不全")
    assert dialog.isVisible()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value().reason == "制度执行不到位\n台账不全"


def test_full_width_points_are_read_as_a_number(qtbot) -> None:
    dialog = open_dialog(qtbot, "points")
    qtbot.waitUntil(dialog.points.hasFocus)
    assert dialog.points.selectedText() == "1.5"         # typed over at once
    commit_text(dialog.points, "０．５分")
    qtbot.keyClick(dialog.points, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.value().points == "0.5"


def test_escape_cancels(qtbot) -> None:
    dialog = open_dialog(qtbot, "reason")
    qtbot.waitUntil(dialog.reason.hasFocus)
    commit_text(dialog.reason, "改了又不要")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
