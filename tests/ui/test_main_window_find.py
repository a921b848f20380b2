"""The window at the keyboard: page shortcuts, 查找 (Ctrl+F) and going to what was found."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QWidget

from pfdesk import commands
from pfdesk.model import Finding
from pfdesk.project import Project
from ui import MainWindow
from ui.find_panel import HIT_ROLE, FindResultsModel

from .conftest import ID_ROLE

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
ANALYSIS = "该单位已制定管理制度，但未覆盖合同管理。"


@pytest.fixture
def texts_file(seed_file: Path) -> Path:
    """Seed 004 with an analysis on B11, a deduction on B15 and a problem found."""
    with Project.open(seed_file) as project:
        project.apply(commands.set_indicator(project, project.by_code("B11").id,
                                             analysis=ANALYSIS))
        project.apply(commands.add_deduction(project, project.by_code("B15").id, "1.5",
                                             "自评报告未说明台账偏差原因"))
        project.apply(commands.add_row(project, Finding(kind="问题", text="合同管理不规范",
                                                        cause="未建立合同台账"), "添加问题"))
        project.apply(commands.set_info(project, overall_goal="建成区级指挥中心并投入运行"))
        project.apply(commands.set_narrative(project, "basis", "依据区政府常务会议纪要立项。"))
    return seed_file


@pytest.fixture
def texts_window(window: MainWindow, texts_file: Path, qtbot: Any) -> MainWindow:
    assert window.open_project(texts_file)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def type_chinese(widget: QWidget, text: str) -> None:
    """Text committed by an input method, as Chinese (and full-width letters) are typed."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _key(window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier, qtbot: Any) -> None:
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def test_every_page_has_a_shortcut_shown_in_the_go_menu(texts_window: MainWindow,
                                                        qtbot: Any) -> None:
    window = texts_window
    menu = window.actions_.go_menu
    shown = [(a.text(), a.shortcut().toString()) for a in menu.actions() if not a.isSeparator()]
    assert shown == [("项目信息", "Ctrl+1"), ("资金情况", "Ctrl+2"), ("绩效目标", "Ctrl+3"),
                     ("指标评分", "Ctrl+4"), ("评价发现", "Ctrl+5"), ("评价人员", "Ctrl+6"),
                     ("图表", "Ctrl+7"), ("导出报告", "Ctrl+8"), ("A  决策", "Alt+1"),
                     ("B  过程", "Alt+2"), ("C  产出", "Alt+3"), ("D  效益", "Alt+4")]
    workspace = window.workspace
    assert workspace is not None
    for key, page in ((Qt.Key.Key_3, "targets"), (Qt.Key.Key_5, "findings"),
                      (Qt.Key.Key_8, "export"), (Qt.Key.Key_1, "info")):
        _key(window, key, CTRL, qtbot)
        assert workspace.current_key() == page
    _key(window, Qt.Key.Key_4, CTRL, qtbot)
    assert workspace.current_key() == "ind:" + window.project.by_code("A").id
    _key(window, Qt.Key.Key_3, ALT, qtbot)
    assert workspace.current_key() == "ind:" + window.project.by_code("C").id
    # the scoring page's tree has the keyboard, on a row, so typing goes on from there
    view = workspace.current_page().view
    assert QApplication.focusWidget() is view
    assert window.project.indicator(view.currentIndex().data(ID_ROLE)).code == "C"


def test_find_a_code_and_enter_selects_the_indicator(texts_window: MainWindow,
                                                     qtbot: Any) -> None:
    window = texts_window
    _key(window, Qt.Key.Key_F, CTRL, qtbot)
    box = window.find_panel.box
    assert window.find_panel.isVisible() and QApplication.focusWidget() is box
    type_chinese(box, "ｂ１５")           # full-width, as an input method types it
    qtbot.keyClick(box, Qt.Key.Key_Return)
    page = window.workspace.current_page()
    assert window.workspace.current_key() == "ind:" + window.project.by_code("B").id
    selected = page.view.currentIndex()
    assert window.project.indicator(selected.data(ID_ROLE)).code == "B15"


def test_find_text_lists_places_and_goes_to_the_field_and_row(texts_window: MainWindow,
                                                              qtbot: Any) -> None:
    window = texts_window
    _key(window, Qt.Key.Key_F, CTRL, qtbot)
    box = window.find_panel.box
    type_chinese(box, "台账")
    qtbot.waitUntil(lambda: window.find_panel.model.rowCount() == 2)
    results: QListView = window.find_panel.results
    places = [results.model().index(r, 0).data(HIT_ROLE).place for r in range(2)]
    assert places == ["B15 绩效自评合理性 · 扣分 · 扣分理由", "评价发现 · 问题 · 原因"]
    assert window.find_panel.count.text() == "找到 2 处"
    # Down into the list, Down to the second place, Enter: the problem's 原因 cell
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert QApplication.focusWidget() is results
    qtbot.keyClick(results, Qt.Key.Key_Down)
    qtbot.keyClick(results, Qt.Key.Key_Return)
    page = window.workspace.current_page()
    assert window.workspace.current_key() == "findings"
    editor = page.editors["问题"]
    current = editor.view.currentIndex()
    assert editor.current_row_id() is not None
    assert editor.model.columns[current.column()].field == "cause"
    assert page.tabs.currentWidget().isAncestorOf(editor.view)
    # a click on the first place: B15 selected, its deduction row current
    rect = results.visualRect(results.model().index(0, 0))
    qtbot.mouseClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert results.currentIndex().row() == 0
    qtbot.mouseDClick(results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    page = window.workspace.current_page()
    assert window.project.indicator(page.view.currentIndex().data(ID_ROLE)).code == "B15"
    deduction = page.details.deductions.currentIndex()
    assert deduction.isValid() and deduction.row() == 0


def test_find_analysis_selects_the_text_in_its_field(texts_window: MainWindow,
                                                     qtbot: Any) -> None:
    window = texts_window
    _key(window, Qt.Key.Key_F, CTRL, qtbot)
    type_chinese(window.find_panel.box, "覆盖合同")
    qtbot.keyClick(window.find_panel.box, Qt.Key.Key_Return)
    page = window.workspace.current_page()
    analysis = page.details.analysis
    assert QApplication.focusWidget() is analysis
    assert ANALYSIS in analysis.textCursor().selectedText()


def test_nothing_found_says_so_and_esc_hides(texts_window: MainWindow, qtbot: Any) -> None:
    window = texts_window
    _key(window, Qt.Key.Key_F, CTRL, qtbot)
    type_chinese(window.find_panel.box, "不存在的词")
    qtbot.keyClick(window.find_panel.box, Qt.Key.Key_Return)
    assert window.find_panel.count.text() == "没有找到“不存在的词”。可以换一个词，或只输入一部分。"
    qtbot.keyClick(window.find_panel.box, Qt.Key.Key_Escape)
    assert not window.find_panel.isVisible()


def test_find_is_off_without_a_project(window: MainWindow) -> None:
    assert not window.actions_.find.isEnabled()
    assert not window.actions_.go_to["info"].isEnabled()


def test_results_model(qtmodeltester: Any, texts_file: Path) -> None:
    from pfdesk import search

    with Project.open(texts_file) as project:
        model = FindResultsModel()
        model.set_hits(search.search(project, "合同"))
        qtmodeltester.check(model)
        assert model.rowCount() == 3
        assert isinstance(window_text := model.index(0, 0).data(), str) and "\n" in window_text


def test_find_box_is_a_line_edit(texts_window: MainWindow) -> None:
    assert isinstance(texts_window.find_panel.box, QLineEdit)


def test_find_panel_gets_half_the_height(texts_window: MainWindow, qtbot: Any) -> None:
    window = texts_window
    _key(window, Qt.Key.Key_F, CTRL, qtbot)
    # as much as the score panel leaves (it needs about 400 pixels): not the 190 of its own
    qtbot.waitUntil(lambda: window.find_panel.height() >= window.height() // 3)


@pytest.mark.parametrize(("query", "field"), [("指挥中心并投入", "overall_goal"),
                                              ("常务会议", "narrative")])
def test_find_goes_to_a_field_on_another_tab(texts_window: MainWindow, qtbot: Any,
                                            query: str, field: str) -> None:
    window = texts_window
    _key(window, Qt.Key.Key_F, CTRL, qtbot)
    type_chinese(window.find_panel.box, query)
    qtbot.keyClick(window.find_panel.box, Qt.Key.Key_Return)
    assert window.workspace.current_key() == "info"
    page = window.workspace.current_page()
    focused = QApplication.focusWidget()
    if field == "narrative":
        assert focused is page.narratives.editor
        assert page.narratives.current_key() == "basis"
    else:
        assert focused is page.binder.editors[field]
    assert focused.isVisible()                       # its tab was brought forward
    assert query in focused.textCursor().selectedText()
