"""The indicator section page: deductions drive the score, the system is edited in one undo
step per action, problems jump to their indicator, Enter moves to the next score."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from ui import dialogs
from ui.main_window import MainWindow
from ui.models.indicator_model import ID_ROLE

from .conftest import DialogLog, index_of, page_of, panel

EDIT = Qt.ItemDataRole.EditRole


def codes_under(window: MainWindow, code: str) -> list[str]:
    project = window.project
    assert project is not None
    return [c.code for c in project.children(project.by_code(code).id)]


def test_deductions_drive_the_score(seed_window: MainWindow, dialog_log: DialogLog) -> None:
    page = page_of(seed_window, "B")
    page.select_indicator(seed_window.project.by_code("B12").id)  # type: ignore[union-attr]
    details = page.details
    # B12 is worth 4 and scored 2 by hand; deducting 1.5 gives 4 − 1.5 = 2.5: 88.5 + 0.5 = 89.00.
    dialog_log.answer("ask_deduction", dialogs.DeductionInput("1.5", "制度执行不到位", ""))
    details.add_deduction()
    assert index_of(page, "B12", "得分").data() == "2.5"
    assert panel(seed_window)["total"] == "89"
    # A second deduction of 1: 4 − 2.5 = 1.5 → 88.00.
    dialog_log.answer("ask_deduction", dialogs.DeductionInput("1", "台账不全", "检查记录"))
    details.add_deduction()
    assert panel(seed_window)["total"] == "88"
    assert details.deduction_model.rowCount() == 2
    assert not (index_of(page, "B12", "得分").flags() & Qt.ItemFlag.ItemIsEditable)
    # Editing the first deduction in place to 2: 4 − 3 = 1 → 87.50.
    model = details.deduction_model
    assert model.setData(model.index(0, 0), "2", EDIT)
    assert panel(seed_window)["total"] == "87.5"
    # Removing it leaves 1 point off: 3 → 89.50.
    details.deductions.selectRow(0)
    details.remove_deduction()
    assert index_of(page, "B12", "得分").data() == "3"
    assert panel(seed_window)["total"] == "89.5"
    for expected in ("87.5", "88", "89", "88.5"):
        seed_window.undo_stack.undo()
        assert panel(seed_window)["total"] == expected


def test_drafted_analysis_is_one_step(seed_window: MainWindow, dialog_log: DialogLog) -> None:
    page = page_of(seed_window, "A")
    a21 = seed_window.project.by_code("A21")  # type: ignore[union-attr]
    page.select_indicator(a21.id)
    dialog_log.answer("ask_deduction", dialogs.DeductionInput("1", "部分目标未细化量化", ""))
    page.details.add_deduction()
    before = seed_window.undo_stack.count()
    page.details.draft()
    text = seed_window.project.indicator(a21.id).analysis  # type: ignore[union-attr]
    # One deduction: its amount is said once, in the closing sentence.
    assert text == "部分目标未细化量化。根据相关评分标准，扣1分，该指标得3分。"
    assert page.details.analysis.toPlainText() == text
    assert seed_window.undo_stack.count() == before + 1
    seed_window.undo_stack.undo()
    assert seed_window.project.indicator(a21.id).analysis == ""  # type: ignore[union-attr]


def test_add_child_shows_weight_problem_and_undoes(seed_window: MainWindow,
                                                   dialog_log: DialogLog) -> None:
    page = page_of(seed_window, "A")
    page.select_indicator(seed_window.project.by_code("A3").id)  # type: ignore[union-attr]
    dialog_log.answer("ask_indicator", dialogs.IndicatorInput("A33", "资金使用效益", "2"))
    page.add_child()
    assert codes_under(seed_window, "A3") == ["A31", "A32", "A33"]
    assert index_of(page, "A33", "名称").data() == "资金使用效益"
    # A3 is worth 4 but its children now add up to 2 + 2 + 2 = 6.
    assert page.banner.isVisible()
    assert "A3 的下级指标分值合计 6 分，与其分值 4 分不一致" in page.banner.text()
    assert panel(seed_window)["note"] == "已评 35 / 36，全部评完后确定等级"
    seed_window.undo_stack.undo()
    assert codes_under(seed_window, "A3") == ["A31", "A32"]
    assert not page.banner.isVisible()
    assert panel(seed_window)["note"] == "全部指标已评分（35 / 35）"


def test_reweight_in_place_shows_problem_live(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "A")
    assert page.view.model().setData(index_of(page, "A1", "分值"), "9", EDIT)
    # A1 (5 + 3 = 8) re-weighted to 9: A's children add up to 9 + 8 + 4 = 21, A1's to 8.
    assert "A 的下级指标分值合计 21 分，与其分值 20 分不一致" in page.banner.text()
    assert "A1 的下级指标分值合计 8 分，与其分值 9 分不一致" in page.banner.text()
    seed_window.undo_stack.undo()
    assert not page.banner.isVisible()


def test_remove_branch_is_one_step(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "A")
    page.select_indicator(seed_window.project.by_code("A2").id)  # type: ignore[union-attr]
    count = seed_window.undo_stack.count()
    page.remove_current()
    assert codes_under(seed_window, "A") == ["A1", "A3"]
    assert seed_window.project.by_code("A21") is None  # type: ignore[union-attr]
    # A2 held 3 + 2 = 5 points: 88.5 − 5 = 83.50.
    assert panel(seed_window)["total"] == "83.5"
    assert seed_window.undo_stack.count() == count + 1
    seed_window.undo_stack.undo()
    assert codes_under(seed_window, "A") == ["A1", "A2", "A3"]
    assert codes_under(seed_window, "A2") == ["A21", "A22"]
    assert panel(seed_window)["total"] == "88.5"


def test_moves_undo_one_step_each(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "A")
    a12 = seed_window.project.by_code("A12")  # type: ignore[union-attr]
    page.select_indicator(a12.id)
    page.actions_by_name["up"].trigger()
    assert codes_under(seed_window, "A1") == ["A12", "A11"]
    assert page.current_id() == a12.id
    seed_window.undo_stack.undo()
    assert codes_under(seed_window, "A1") == ["A11", "A12"]
    page.select_indicator(a12.id)
    page.actions_by_name["out"].trigger()
    assert codes_under(seed_window, "A") == ["A1", "A12", "A2", "A3"]
    seed_window.undo_stack.undo()
    assert codes_under(seed_window, "A") == ["A1", "A2", "A3"]
    page.select_indicator(seed_window.project.by_code("A2").id)  # type: ignore[union-attr]
    page.actions_by_name["in"].trigger()
    assert codes_under(seed_window, "A1") == ["A11", "A12", "A2"]
    seed_window.undo_stack.undo()
    assert codes_under(seed_window, "A1") == ["A11", "A12"]


def test_adding_a_dimension_adds_a_page(seed_window: MainWindow, dialog_log: DialogLog) -> None:
    page = page_of(seed_window, "D")
    page.select_indicator(page.root_id)
    dialog_log.answer("ask_indicator", dialogs.IndicatorInput("E", "满意度", "10"))
    page.add_sibling()
    nav = seed_window.workspace.nav  # type: ignore[union-attr]
    labels = [nav.item(i).text() for i in range(nav.count())]
    assert "E  满意度" in labels
    assert "一级指标分值合计 110 分，应为 100 分" in page.banner.text()
    seed_window.undo_stack.undo()
    labels = [nav.item(i).text() for i in range(nav.count())]
    assert "E  满意度" not in labels


def test_clicking_a_problem_selects_its_indicator(seed_window: MainWindow, qtbot: object) -> None:
    page_c = page_of(seed_window, "C")
    c13 = seed_window.project.by_code("C13")  # type: ignore[union-attr]
    assert page_c.view.model().setData(index_of(page_c, "C13", "得分"), "", EDIT)
    page_of(seed_window, "A")
    view = seed_window.score_panel.problem_view
    rows = [view.model().index(r, 0) for r in range(view.model().rowCount())]
    target = next(i for i in rows if i.data() == "C13 尚未评分")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,  # type: ignore[attr-defined]
                     pos=view.visualRect(target).center())
    assert seed_window.workspace.current_page() is page_c  # type: ignore[union-attr]
    assert page_c.current_id() == c13.id
    assert page_c.details.heading.text() == "C13 建成系统数"


def test_enter_stores_and_moves_to_next_score(seed_window: MainWindow, qtbot: object) -> None:
    page = page_of(seed_window, "A")
    view = page.view
    start = index_of(page, "A11", "得分")
    view.setCurrentIndex(start)
    view.edit(start)
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "4.5")  # type: ignore[attr-defined]
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: view.currentIndex().data(ID_ROLE)  # type: ignore[attr-defined]
                    == seed_window.project.by_code("A12").id)  # type: ignore[union-attr]
    assert seed_window.project.by_code("A11").score == Decimal("4.5")  # type: ignore[union-attr]
    assert view.state() == QAbstractItemView.State.EditingState
    assert view.currentIndex().column() == index_of(page, "A12", "得分").column()


def test_score_editor_accepts_only_zero_to_weight(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "A")
    index = index_of(page, "A21", "得分")          # worth 4
    editor = page.view.itemDelegate().createEditor(page.view.viewport(), None, index)
    for text, ok in (("3.25", True), ("4", True), ("0", True), ("4.5", False),
                     ("3.255", False), ("-1", False)):
        editor.setText(text)
        assert (editor.problem() == "") is ok, text


def test_not_applicable_rescales_and_marks_the_branch(seed_window: MainWindow) -> None:
    page = page_of(seed_window, "D")
    d3 = seed_window.project.by_code("D3")  # type: ignore[union-attr]
    page.select_indicator(d3.id)
    page.details.not_applicable.click()
    # D3 (3 of 3) drops out: 85.5 of 97 points → 85.5 × 100 / 97 = 88.14.
    assert panel(seed_window)["total"] == "88.14"
    assert index_of(page, "D31", "得分").data() == "不适用"
    seed_window.undo_stack.undo()
    assert index_of(page, "D31", "得分").data() == "3"
    assert panel(seed_window)["total"] == "88.5"


def test_text_fields_store_on_leaving(seed_window: MainWindow, qtbot: object) -> None:
    page = page_of(seed_window, "A")
    a11 = seed_window.project.by_code("A11")  # type: ignore[union-attr]
    page.select_indicator(a11.id)
    field = page.details.actual_value
    field.setFocus()
    qtbot.keyClicks(field, "98.5%")  # type: ignore[attr-defined]
    qtbot.keyClick(field, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    assert seed_window.project.indicator(a11.id).actual_value == "98.5%"  # type: ignore[union-attr]
    page.details.criteria.setPlainText("有依据得满分")
    page.details.criteria.document().setModified(True)
    page.select_indicator(seed_window.project.by_code("A12").id)  # type: ignore[union-attr]
    assert seed_window.project.indicator(a11.id).criteria == "有依据得满分"  # type: ignore[union-attr]
