"""Input that explains itself, driven by keys and the mouse as a user does: dates typed the ways
people write them, amounts with full-width digits and 万元, pasted lines joined in one-line
fields, Tab passing over read-only columns, and refused values kept with their reason."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication

from ui.pages.forms import FundingPage, InfoPage, TargetsPage
from ui.widgets.date_edit import DateEdit
from ui.widgets.field_note import CellNote, note_of
from ui.widgets.money import MoneyEdit

CTRL = Qt.KeyboardModifier.ControlModifier


def open_page(qtbot, cls, session):
    """A page built, shown and filled the way the window does it."""
    page = cls(session)
    qtbot.addWidget(page)
    page.refresh(None)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    return page


def type_text(qtbot, widget, text):
    """Type text: ASCII by key presses, anything else (年, ８, 万元, ≥) committed by an input
    method, as a Chinese input method delivers it (QTest cannot press keys for those)."""
    run = ""
    for char in text + "\0":
        if char != "\0" and char.isascii():
            if run:
                event = QInputMethodEvent()
                event.setCommitString(run)
                QApplication.sendEvent(widget, event)
                run = ""
            qtbot.keyClicks(widget, char)
        elif char != "\0":
            run += char
        elif run:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


def click_into(qtbot, editor):
    """Click the field and select what it holds, as a user about to type over it."""
    qtbot.mouseClick(editor, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)


def type_into(qtbot, editor, text, finish=Qt.Key.Key_Return):
    """Click, select all, type and finish with a key."""
    click_into(qtbot, editor)
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, finish)


# ----- 报告日期 -----

@pytest.mark.parametrize("typed", ["2024-12-20", "2024.12.20", "2024/12/20", "2024年12月20日",
                                   "２０２４年１２月２０日", "20241220"])
def test_report_date_typed_over_an_existing_date(qtbot, session, typed):
    page = open_page(qtbot, InfoPage, session)
    date = page.binder.editors["report_date"]
    assert isinstance(date, DateEdit) and date.text() == "2021-12-20"
    type_into(qtbot, date, typed)
    assert session.project.info.report_date == "2024-12-20"
    assert date.text() == "2024-12-20" and date.reason == ""
    session.undo_stack.undo()
    assert session.project.info.report_date == "2021-12-20"
    assert date.text() == "2021-12-20"


def test_report_date_typed_into_an_empty_field(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    page.binder.store("report_date", "")
    date = page.binder.editors["report_date"]
    assert date.text() == ""
    type_into(qtbot, date, "2024-12-20", Qt.Key.Key_Tab)      # leaving by Tab stores it too
    assert session.project.info.report_date == "2024-12-20"


def test_unreadable_date_refused_with_a_reason_and_kept(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    date = page.binder.editors["report_date"]
    note = note_of(date)
    assert note is not None and note.isHidden()
    with qtbot.waitSignal(session.error_reported):
        type_into(qtbot, date, "2024-13-20")
    assert session.project.info.report_date == "2021-12-20"   # nothing stored
    assert date.text() == "2024-13-20"                        # kept for correction
    assert note.isVisible() and "月份应为 1～12" in note.text()
    page.binder.store("manager", "李某")                        # a refresh leaves it alone
    assert date.text() == "2024-13-20"
    qtbot.keyClick(date, Qt.Key.Key_Home)
    for _ in range(5):
        qtbot.keyClick(date, Qt.Key.Key_Right)
    qtbot.keyClick(date, Qt.Key.Key_Delete)                   # 2024-13-20 → 2024-3-20
    qtbot.keyClick(date, Qt.Key.Key_Return)
    assert session.project.info.report_date == "2024-03-20"
    assert note.isHidden() and date.text() == "2024-03-20"


def test_escape_in_the_calendar_stores_nothing(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    date = page.binder.editors["report_date"]
    click_into(qtbot, date)
    qtbot.keyClick(date, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = date.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate(2021, 12, 20)      # opens at the typed day
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert session.project.info.report_date == "2021-12-20"
    assert date.text() == "2021-12-20"
    # Picking a day with the keys and Enter stores it: one day on, 2021-12-21.
    qtbot.keyClick(date, Qt.Key.Key_F4)
    qtbot.waitUntil(calendar.isVisible)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert calendar.selectedDate() == QDate(2021, 12, 21)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.project.info.report_date == "2021-12-21")
    assert date.text() == "2021-12-21"


def test_empty_calendar_opens_at_today_and_esc_keeps_it_empty(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    page.binder.store("report_date", "")
    date = page.binder.editors["report_date"]
    date.calendar_action.trigger()
    calendar = date.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert calendar.selectedDate() == QDate.currentDate()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert session.project.info.report_date == "" and date.text() == ""


# ----- 资金情况 -----

@pytest.mark.parametrize(("typed", "stored"), [
    ("８１．８４", "81.84"),        # full-width digits from a Chinese input method
    ("81.84万元", "81.84"),         # 万元 is the unit
    ("818400元", "81.84"),          # 818400 元 = 81.84 万元 exactly
    ("1,234.5", "1234.50"),         # thousands separator
    ("1，234.5", "1234.50"),
])
def test_funding_total_understood(qtbot, session, typed, stored):
    page = open_page(qtbot, FundingPage, session)
    spent = page.binder.editors["spent"]
    type_into(qtbot, spent, typed)
    assert session.project.info.spent == Decimal(stored)
    assert spent.text() == stored
    assert note_of(spent).isHidden()


@pytest.mark.parametrize(("typed", "reason"), [
    ("-5", "实际支出不能为负数"),
    ("818450元", "81.845 万元"),
    ("12.345", "最多保留两位小数"),
    ("81.84美元", "不认识“美元”"),
    ("12,34", "千位分隔符"),
])
def test_funding_total_refused_with_a_reason_next_to_it(qtbot, session, typed, reason):
    page = open_page(qtbot, FundingPage, session)
    spent = page.binder.editors["spent"]
    with qtbot.waitSignal(session.error_reported):
        type_into(qtbot, spent, typed)
    assert session.project.info.spent == Decimal("990.00")     # unchanged
    assert spent.text() == typed                                # kept for correction
    note = note_of(spent)
    assert note.isVisible() and reason in note.text()
    page.refresh(None)                                          # a refresh keeps it
    assert spent.text() == typed and note.isVisible()
    type_into(qtbot, spent, "5")
    assert session.project.info.spent == Decimal("5.00") and note.isHidden()


def money_cell(view, row, column):
    """Double-click a cell and return its editor."""
    index = view.model().index(row, column)
    rect = view.visualRect(index)
    return index, rect


def test_funding_cell_takes_wan_yuan_and_keeps_a_refused_value(qtbot, session):
    page = open_page(qtbot, FundingPage, session)
    view, model = page.items.view, page.items.model
    index, rect = money_cell(view, 1, 4)                   # 审定价 of 大屏系统, empty
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.indexWidget(index) is not None)
    editor = view.indexWidget(index)
    assert isinstance(editor, MoneyEdit)
    qtbot.keyClicks(editor, "-5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.indexWidget(index) is editor and editor.text() == "-5"
    note = view.viewport().findChild(CellNote)
    assert note is not None and note.isVisible() and "审定价不能为负数" in note.text()
    assert session.project.funding_items()[1].audited_price is None
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    type_text(qtbot, editor, "６４０．５５万元")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.project.funding_items()[1].audited_price is not None)
    assert session.project.funding_items()[1].audited_price == Decimal("640.55")
    assert model.index(model.rowCount() - 1, 4).data() == "1110.80"   # 470.25 + 640.55


# ----- one-line fields -----

def test_two_lines_pasted_into_a_one_line_field_are_joined(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    manager = page.binder.editors["manager"]
    QGuiApplication.clipboard().setText("张三\r\n李四\r\n")     # two cells copied from Excel
    click_into(qtbot, manager)
    qtbot.keyClick(manager, Qt.Key.Key_V, CTRL)
    assert manager.text() == "张三 李四"
    qtbot.keyClick(manager, Qt.Key.Key_Return)
    assert session.project.info.manager == "张三 李四"
    QGuiApplication.clipboard().setText("王某\r\n")             # one cell: the line end goes
    click_into(qtbot, manager)
    qtbot.keyClick(manager, Qt.Key.Key_V, CTRL)
    qtbot.keyClick(manager, Qt.Key.Key_Tab)
    assert session.project.info.manager == "王某"


def test_pasted_lines_joined_in_the_middle_keep_the_cursor_after_them(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    unit = page.binder.editors["unit"]
    click_into(qtbot, unit)
    type_text(qtbot, unit, "上城区中心")
    for _ in range(2):
        qtbot.keyClick(unit, Qt.Key.Key_Left)
    QGuiApplication.clipboard().setText("城市\n运行")
    qtbot.keyClick(unit, Qt.Key.Key_V, CTRL)
    type_text(qtbot, unit, "管理")
    assert unit.text() == "上城区城市 运行管理中心"


# ----- 绩效目标: Tab over the read-only 识别为 column -----

def test_tab_passes_over_the_read_only_column(qtbot, session):
    page = open_page(qtbot, TargetsPage, session)
    view, model = page.editor.view, page.model
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    target, parsed, actual, reason = (titles.index(t) for t in
                                      ("指标值", "识别为", "实际完成值", "偏差原因"))
    assert parsed == target + 1 and actual == parsed + 1
    rect = view.visualRect(model.index(0, target))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: view.indexWidget(model.index(0, target)) is not None)
    editor = view.indexWidget(model.index(0, target))
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    type_text(qtbot, editor, "≥2600件")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: view.indexWidget(model.index(0, actual)) is not None)
    assert view.currentIndex().column() == actual
    editor = view.indexWidget(model.index(0, actual))
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, "86.5%")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: view.indexWidget(model.index(0, reason)) is not None)
    row = session.project.rows(type(model.rows[0]))[0]
    assert (row.target_text, row.comparator, row.number, row.unit) == (
        "≥2600件", "≥", Decimal(2600), "件")
    assert row.actual_value == "86.5%"
    # Shift+Tab from 偏差原因 back over 识别为 goes to 实际完成值, then to 指标值.
    editor = view.indexWidget(model.index(0, reason))
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.currentIndex().column() == actual)
    editor = view.indexWidget(model.index(0, actual))
    qtbot.keyClick(editor, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.currentIndex().column() == target)
    assert view.state() == QAbstractItemView.State.EditingState


def test_tab_without_an_editor_passes_over_read_only_and_hidden_columns(qtbot, session):
    page = open_page(qtbot, TargetsPage, session)
    view, model = page.editor.view, page.model
    last = model.columnCount() - 1                      # 差: hidden with the standards
    note = [c.field for c in model.columns].index("note")
    view.setFocus()
    view.setCurrentIndex(model.index(0, 3))             # 指标值
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert view.currentIndex().column() == 5            # 实际完成值, not 识别为
    view.setCurrentIndex(model.index(0, note))
    qtbot.keyClick(view, Qt.Key.Key_Tab)                # the standards are hidden: next row
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 0)
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, note)
    page.show_standards.setChecked(True)
    qtbot.keyClick(view, Qt.Key.Key_Tab)                # shown now: 优
    assert view.currentIndex().column() == note + 1 and last == note + 4


def test_typing_after_tab_lands_in_the_cell_reached(qtbot, session):
    page = open_page(qtbot, TargetsPage, session)
    view, model = page.editor.view, page.model
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    view.setCurrentIndex(model.index(1, 3))             # 指标值 of 系统运行
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    for char in "86.5%":                                # the first key opens the editor there
        qtbot.keyClicks(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.project.rows(type(model.rows[0]))[1].actual_value != "")
    assert session.project.rows(type(model.rows[0]))[1].actual_value == "86.5%"
