"""The indicator tree driven by the keyboard and the mouse: typing scores, moving between
editable cells, refused scores that say why, copy and paste (seed 004, hand-worked values)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from pfdesk import commands
from tests.ui.conftest import index_of, page_of
from ui.main_window import MainWindow
from ui.models.indicator_model import COL_CODE, COL_NAME, COL_SCORE, COL_WEIGHT, ID_ROLE
from ui.pages.indicator_page import IndicatorPage

EDITING = QAbstractItemView.State.EditingState


def click(qtbot: Any, page: IndicatorPage, code: str, title: str = "编码",
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    view = page.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier,
                     view.visualRect(index_of(page, code, title)).center())


def type_wide(widget: Any, text: str) -> None:
    """Key presses carrying full-width characters, as an input method in full-width mode sends
    them (QTest's keyClicks takes ASCII only)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key(ord(ch)), ch,
                           Qt.KeyboardModifier.NoModifier)


def commit(widget: Any, text: str) -> None:
    """An input method committing ``text`` (how Chinese input methods deliver 全角 digits)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def score(window: MainWindow, code: str) -> Decimal | None:
    return window.project.by_code(code).score  # type: ignore[union-attr]


def current_code(page: IndicatorPage) -> str:
    return page.session.project.indicator(page.view.currentIndex().data(ID_ROLE)).code


def editor_of(page: IndicatorPage) -> QLineEdit:
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit), editor
    assert page.view.state() == EDITING
    return editor


def wait_editing(qtbot: Any, page: IndicatorPage, code: str) -> None:
    qtbot.waitUntil(lambda: page.view.state() == EDITING and current_code(page) == code)


@pytest.fixture
def page_b(seed_window: MainWindow, qtbot: Any) -> IndicatorPage:
    """过程 (B): B11 worth 3 scored 2, B12 worth 4 scored 2, B13 worth 2 scored 2."""
    seed_window.resize(1366, 768)
    page = page_of(seed_window, "B")
    page.view.setFocus()
    qtbot.waitUntil(lambda: page.view.viewport().width() > 500)
    return page


def test_typing_a_number_on_a_row_scores_it_and_enter_moves_on(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B11")                        # on the code, as the issue did
    qtbot.keyClicks(page_b.view, "3")
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Return)
    wait_editing(qtbot, page_b, "B12")
    assert score(seed_window, "B11") == Decimal(3)
    assert seed_window.project.by_code("B11") is not None          # the code is still B11
    assert page_b.view.currentIndex().column() == COL_SCORE
    type_wide(editor_of(page_b), "３．５")                     # full-width, an input method's
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Return)
    wait_editing(qtbot, page_b, "B13")
    assert score(seed_window, "B12") == Decimal("3.5")


def test_keys_typed_at_once_land_on_their_own_leaves(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    """Keys delivered one after the other with no pause for the event queue (as a fast typist's
    do under X): each score lands on its own leaf."""
    click(qtbot, page_b, "B11")
    QTest.keyClicks(page_b.view, "1")                   # opens B11's score with "1"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    for value in ("2", "0.5", "1.5", "0.5"):               # B12 … B15
        QTest.keyClicks(QApplication.focusWidget(), value)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [score(seed_window, c) for c in ("B11", "B12", "B13", "B14", "B15")] == [
        Decimal(1), Decimal(2), Decimal("0.5"), Decimal("1.5"), Decimal("0.5")]


def test_full_width_digit_starts_editing_from_the_row(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B13", "名称")
    type_wide(page_b.view, "１")
    assert editor_of(page_b).text() == "１"
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: score(seed_window, "B13") == Decimal(1))
    click(qtbot, page_b, "B14", "名称")
    commit(page_b.view, "２")                           # through the input method
    assert editor_of(page_b).text() == "２"              # the old score 2 replaced
    commit(editor_of(page_b), "。")
    commit(editor_of(page_b), "５")
    assert editor_of(page_b).text() == "２。５"
    assert editor_of(page_b).value_text() == "2.5"
    assert page_b.view.message.isVisible()              # B14 is worth 2
    commit(page_b.view.viewport(), "")
    assert seed_window.project.by_code("B13").name == "采购程序合规性"  # type: ignore[union-attr]


def test_letters_never_rename_and_f2_does(seed_window: MainWindow, page_b: IndicatorPage,
                                          qtbot: Any) -> None:
    click(qtbot, page_b, "B11")
    qtbot.keyClicks(page_b.view, "x")
    assert page_b.view.state() != EDITING
    assert seed_window.project.by_code("B11") is not None
    qtbot.keyClick(page_b.view, Qt.Key.Key_F2)
    editor = editor_of(page_b)
    editor.selectAll()
    qtbot.keyClicks(editor, "B11X")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: seed_window.project.by_code("B11X") is not None)


def test_double_click_on_the_name_edits_the_name(page_b: IndicatorPage, qtbot: Any) -> None:
    view = page_b.view
    pos = view.visualRect(index_of(page_b, "B12", "名称")).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert view.state() == EDITING
    assert view.currentIndex().column() == COL_NAME


def test_a_number_on_a_parent_explains_and_does_nothing(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B1")
    qtbot.keyClicks(page_b.view, "3")
    assert page_b.view.state() != EDITING
    assert page_b.view.message.isVisible()
    assert page_b.view.message.text() == "B1 有下级指标，得分由下级指标合计"
    assert seed_window.project.by_code("B1") is not None
    qtbot.keyClick(page_b.view, Qt.Key.Key_Down)        # the note was about B1 only
    assert not page_b.view.message.isVisible()


def test_enter_skips_leaves_whose_score_cannot_be_typed(seed_window: MainWindow,
                                                        qtbot: Any) -> None:
    project = seed_window.project
    session = seed_window.session
    assert project is not None and session is not None
    session.push(commands.add_deduction(project, project.by_code("A21").id, "1", "不符"))  # type: ignore[union-attr]
    session.push(commands.set_indicator(project, project.by_code("A22").id,  # type: ignore[union-attr]
                                        not_applicable=True))
    seed_window.resize(1366, 768)
    page = page_of(seed_window, "A")
    page.view.setFocus()
    qtbot.waitUntil(lambda: page.view.viewport().width() > 500)
    click(qtbot, page, "A12")
    qtbot.keyClicks(page.view, "2")
    qtbot.keyClick(editor_of(page), Qt.Key.Key_Enter)
    wait_editing(qtbot, page, "A31")                   # A2, A21 (deductions), A22 (不适用), A3 skipped
    assert score(seed_window, "A12") == Decimal(2)


def test_enter_on_a_row_opens_its_score(page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B12")
    qtbot.keyClick(page_b.view, Qt.Key.Key_Return)
    assert editor_of(page_b).text() == "2"
    assert page_b.view.currentIndex().column() == COL_SCORE
    click(qtbot, page_b, "B1")                          # a parent: on to its first leaf
    qtbot.keyClick(page_b.view, Qt.Key.Key_Return)
    wait_editing(qtbot, page_b, "B11")


def test_right_reaches_the_score_and_left_comes_back(page_b: IndicatorPage, qtbot: Any) -> None:
    view = page_b.view
    click(qtbot, page_b, "B11")
    cols = []
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Right)
        cols.append(view.currentIndex().column())
    assert cols == [COL_NAME, COL_WEIGHT, COL_SCORE, COL_SCORE]     # 得分率 / 状态 skipped
    cell = view.visualRect(view.currentIndex())
    image = view.viewport().grab().toImage()
    edge = image.pixelColor(cell.left() + 1, cell.center().y())
    assert edge.red() > 180 and 90 < edge.green() < 160 and edge.blue() < 90, edge.name()  # framed
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert current_code(page_b) == "B12"
    assert view.currentIndex().column() == COL_SCORE
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.currentIndex().column() == COL_WEIGHT


def test_tab_moves_between_editable_cells_and_stays_in_the_tree(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    view = page_b.view
    click(qtbot, page_b, "B1", "名称")
    seen = []
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
        seen.append((current_code(page_b), view.currentIndex().column()))
    # B1 is a parent (编码 名称 分值 editable), so 分值, then B11's 编码 名称 分值.
    assert seen == [("B1", COL_WEIGHT), ("B11", COL_CODE), ("B11", COL_NAME),
                    ("B11", COL_WEIGHT)]
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (current_code(page_b), view.currentIndex().column()) == ("B11", COL_SCORE)
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert view.currentIndex().column() == COL_WEIGHT
    click(qtbot, page_b, "B26", "得分")                 # the last cell of the tree
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is view
    assert (current_code(page_b), view.currentIndex().column()) == ("B26", COL_SCORE)


def test_tab_from_a_score_editor_goes_on_without_renaming(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B11")
    qtbot.keyClicks(page_b.view, "1")
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: score(seed_window, "B11") == Decimal(1))
    assert (current_code(page_b), page_b.view.currentIndex().column()) == ("B12", COL_CODE)
    assert page_b.view.state() != EDITING                # a code opens with F2 only
    qtbot.keyClicks(page_b.view, "4")                  # … and a number still goes to 得分
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: score(seed_window, "B12") == Decimal(4))


@pytest.mark.parametrize(("typed", "why"), [
    ("4.5", "得分应在 0～4 分之间"), ("3.255", "得分最多保留两位小数"), ("3a", "“3a”不是数字")])
def test_refused_score_says_why_next_to_the_cell_and_keeps_it(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any, typed: str, why: str) -> None:
    view = page_b.view
    click(qtbot, page_b, "B12")                         # worth 4, scored 2
    qtbot.keyClicks(view, typed[0])
    qtbot.keyClicks(editor_of(page_b), typed[1:])
    assert view.message.isVisible()
    assert view.message.text().startswith(why)
    cell = view.visualRect(index_of(page_b, "B12", "得分"))
    assert abs(view.message.y() - cell.bottom()) < 6 or view.message.geometry().bottom() < cell.top()
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Return)
    qtbot.wait(20)
    assert editor_of(page_b).text() == typed                 # kept for correction
    assert current_code(page_b) == "B12"
    assert score(seed_window, "B12") == Decimal(2)
    assert view.message.isVisible()
    editor = editor_of(page_b)
    editor.selectAll()
    qtbot.keyClicks(editor, "3.5")
    assert not view.message.isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    wait_editing(qtbot, page_b, "B13")
    assert score(seed_window, "B12") == Decimal("3.5")


def test_esc_cancels_a_refused_score(seed_window: MainWindow, page_b: IndicatorPage,
                                     qtbot: Any) -> None:
    click(qtbot, page_b, "B12")
    qtbot.keyClicks(page_b.view, "4")
    qtbot.keyClicks(editor_of(page_b), ".5")
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Escape)
    assert page_b.view.state() != EDITING
    assert not page_b.view.message.isVisible()
    assert score(seed_window, "B12") == Decimal(2)
    assert page_b.view.delegate.drafts == {}


def test_leaving_a_refused_score_keeps_it_as_a_draft_and_says_so(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    reported: list[str] = []
    seed_window.session.error_reported.connect(reported.append)  # type: ignore[union-attr]
    view = page_b.view
    click(qtbot, page_b, "B12")
    qtbot.keyClicks(view, "4")
    qtbot.keyClicks(editor_of(page_b), ".5")
    click(qtbot, page_b, "B14", "名称")                 # leave with the mouse
    assert view.state() != EDITING
    assert score(seed_window, "B12") == Decimal(2)
    b12 = seed_window.project.by_code("B12").id  # type: ignore[union-attr]
    assert view.delegate.drafts == {b12: "4.5"}
    assert reported == ["B12 的得分仍是 2，输入的“4.5”没有存入：得分应在 0～4 分之间"]
    assert view.message.isVisible() and view.message.text().startswith(reported[0])
    click(qtbot, page_b, "B12")
    qtbot.keyClick(view, Qt.Key.Key_Return)             # back to it: the draft is there
    editor = editor_of(page_b)
    assert editor.text() == "4.5"
    editor.selectAll()
    qtbot.keyClicks(editor, "4")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: score(seed_window, "B12") == Decimal(4))
    assert view.delegate.drafts == {}


def test_esc_elsewhere_gives_up_the_draft(seed_window: MainWindow, page_b: IndicatorPage,
                                         qtbot: Any) -> None:
    view = page_b.view
    click(qtbot, page_b, "B12")
    qtbot.keyClicks(view, "4")
    qtbot.keyClicks(editor_of(page_b), ".5")
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_Up)     # leave by the keyboard
    assert view.state() != EDITING
    assert current_code(page_b) == "B11"
    assert len(view.delegate.drafts) == 1 and view.message.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.delegate.drafts == {} and not view.message.isVisible()
    assert score(seed_window, "B12") == Decimal(2)


def test_one_cell_from_excel_pastes_into_the_score_editor(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    QGuiApplication.clipboard().setText("2.5\r\n")
    click(qtbot, page_b, "B12")
    qtbot.keyClick(page_b.view, Qt.Key.Key_Return)
    editor = editor_of(page_b)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "2.5"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: score(seed_window, "B12") == Decimal("2.5"))


def test_one_cell_pasted_on_a_row_is_stored(seed_window: MainWindow, page_b: IndicatorPage,
                                            qtbot: Any) -> None:
    QGuiApplication.clipboard().setText("１．５分\r\n")
    click(qtbot, page_b, "B13")
    qtbot.keyClick(page_b.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert score(seed_window, "B13") == Decimal("1.5")
    QGuiApplication.clipboard().setText("9\r\n")
    qtbot.keyClick(page_b.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page_b.view.message.text() == "得分应在 0～2 分之间"
    assert score(seed_window, "B13") == Decimal("1.5")


def test_column_pasted_on_selected_rows_previews_and_is_one_undo_step(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    session = seed_window.session
    assert session is not None
    QGuiApplication.clipboard().setText("1\r\n1.5\r\n9\r\n")
    click(qtbot, page_b, "B11")
    qtbot.keyClick(page_b.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page_b.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert current_code(page_b) == "B13"                # extended down: the top still leads
    steps = session.undo_stack.count()
    qtbot.keyClick(page_b.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = page_b.view.paste_dialog
    assert dialog is not None and dialog.isVisible()
    lines = dialog.table.model()
    shown = [[lines.index(r, c).data() for c in range(6)] for r in range(lines.rowCount())]
    assert shown == [["1", "B11", "管理制度健全性", "2", "1", "修改"],
                     ["2", "B12", "制度执行有效性", "2", "1.5", "修改"],
                     ["3", "B13", "采购程序合规性", "2", "9", "得分应在 0～2 分之间"]]
    assert dialog.apply_button.text() == "应用（2 项）"
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert [score(seed_window, c) for c in ("B11", "B12", "B13")] == [
        Decimal(1), Decimal("1.5"), Decimal(2)]
    assert session.undo_stack.count() == steps + 1
    assert session.undo_stack.undoText() == "粘贴得分（2 项）"
    qtbot.keyClick(page_b.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [score(seed_window, c) for c in ("B11", "B12", "B13")] == [Decimal(2)] * 3


def test_column_pasted_on_one_row_runs_down_the_leaves(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    QGuiApplication.clipboard().setText("1\r\n1\r\n")
    click(qtbot, page_b, "B15")                          # the last leaf of B1, then B21
    qtbot.keyClick(page_b.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = page_b.view.paste_dialog
    assert dialog is not None
    assert [(ln.code, ln.new) for ln in dialog.plan.changes] == [("B15", "1"), ("B21", "1")]


def test_codes_and_scores_pasted_match_by_code_and_cancel_stores_nothing(
        seed_window: MainWindow, page_b: IndicatorPage, qtbot: Any) -> None:
    QGuiApplication.clipboard().setText("编码\t得分\r\nB21\t1\r\nB99\t1\r\nB2\t3\r\n")
    click(qtbot, page_b, "B11")
    qtbot.keyClick(page_b.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = page_b.view.paste_dialog
    assert dialog is not None
    lines = dialog.table.model()
    assert [lines.index(r, 5).data() for r in range(3)] == [
        "修改", "没有编码为 B99 的指标", "有下级指标，得分由下级指标合计"]
    assert dialog.summary.text() == "将修改 1 项得分（一步即可撤销）。2 行不能粘贴，原因见“说明”列。"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert score(seed_window, "B21") == Decimal(2)
    qtbot.keyClick(page_b.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page_b.view.paste_dialog, Qt.Key.Key_Return)
    assert score(seed_window, "B21") == Decimal(1)


def test_block_pasted_into_an_open_editor_goes_to_the_preview(
        page_b: IndicatorPage, qtbot: Any) -> None:
    QGuiApplication.clipboard().setText("1\r\n2\r\n")
    click(qtbot, page_b, "B11")
    qtbot.keyClick(page_b.view, Qt.Key.Key_Return)
    qtbot.keyClick(editor_of(page_b), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = page_b.view.paste_dialog
    assert dialog is not None and dialog.isVisible()
    assert [ln.code for ln in dialog.plan.changes] == ["B11"]     # B12 is already 2


def test_copy_selected_rows_as_tab_separated_text(page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B11")
    click(qtbot, page_b, "B12", modifier=Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page_b.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == (
        "编码\t名称\t分值\t得分\t得分率\r\n"
        "B11\t管理制度健全性\t3\t2\t66.67%\r\n"
        "B12\t制度执行有效性\t4\t2\t50.00%\r\n")


def test_copied_rows_pasted_back_change_nothing(page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B1")
    for _ in range(3):
        qtbot.keyClick(page_b.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(page_b.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page_b.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = page_b.view.paste_dialog
    assert dialog is not None
    assert [(ln.code, ln.old, ln.new, ln.why) for ln in dialog.plan.lines] == [
        ("B1", "8.5", "8.5", ""), ("B11", "2", "2", ""), ("B12", "2", "2", ""),
        ("B13", "2", "2", "")]
    assert not dialog.apply_button.isEnabled()
    assert dialog.summary.text() == "没有可以修改的得分。"


def test_paste_lines_model_passes_the_model_tester(seed_window: MainWindow,
                                                   qtmodeltester: Any) -> None:
    from pfdesk import paste
    from ui.paste_preview import PasteLinesModel
    plan = paste.plan_scores(seed_window.project, "编码\t得分\nB11\t1\nZ\t1\n", [])  # type: ignore[arg-type]
    qtmodeltester.check(PasteLinesModel(plan))


def test_model_index_helpers(page_b: IndicatorPage) -> None:
    model = page_b.view.model()
    b2 = index_of(page_b, "B2")
    codes = [page_b.session.project.indicator(i).code for i in model.leaf_ids(b2)]
    assert codes == ["B21", "B22", "B23", "B24", "B25", "B26"]
    assert model.why_not_scored(QModelIndex()) == ""


def test_read_only_tree_opens_no_editor_and_pastes_nothing(
        window: MainWindow, seed_file: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ui.test_read_only import make_unwritable
    make_unwritable(seed_file, monkeypatch)
    assert window.open_project(seed_file)
    window.resize(1366, 768)
    page = page_of(window, "B")
    qtbot.waitUntil(lambda: page.view.viewport().width() > 500)
    click(qtbot, page, "B12")
    for key in (Qt.Key.Key_Return, Qt.Key.Key_3, Qt.Key.Key_F2):
        qtbot.keyClick(page.view, key)
        assert page.view.state() != EDITING
    QGuiApplication.clipboard().setText("1\r\n")
    qtbot.keyClick(page.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.view.message.text() == "项目以只读方式打开，不能粘贴"
    assert page.view.paste_dialog is None
    assert score(window, "B12") == Decimal(2)


def test_ctrl_tab_leaves_the_tree(page_b: IndicatorPage, qtbot: Any) -> None:
    click(qtbot, page_b, "B11")
    qtbot.keyClick(page_b.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is not page_b.view
