"""层次分析法 in the window: the matrix typed with the keys (reciprocals below by themselves),
weights, λmax, CI and CR against textbook values, the step, 应用权重 as one undo step, and bad
entries or an inconsistent matrix refused or warned about with a message.

Values checked against:
- Saaty's 3×3 example [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]: weights 0.6370, 0.2583, 0.1047,
  λmax 3.0385, CI 0.0193, RI 0.58, CR 0.0332 (Saaty 1980; the figures every AHP course repeats).
  On 资金管理 B1 (12 points), at step 0.5: 24 half-points × w = 15.29, 6.20, 2.51 → 15, 6, 2 and
  the one left to the largest remainder (0.51): 7.5, 3, 1.5; at step 1: 7.64, 3.10, 1.26 →
  7, 3, 1 and the one left to 0.64: 8, 3, 1.
- A consistent 4×4 matrix built from weights 4 : 2 : 1 : 1, a_ij = w_i ÷ w_j: weights 0.5,
  0.25, 0.125, 0.125 exactly, λmax 4, CI 0, CR 0. On C 产出 (30 points) at step 0.5: 30, 15,
  7.5, 7.5 half-points → 30, 15, 7, 7 and the one left to the earlier of the tied 0.5
  remainders: 15, 7.5, 4, 3.5.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import DialogLog
from tests.ui.grid_typing import type_cell, type_refused
from ui.ahp_dialog import AhpDialog, open_ahp
from ui.main_window import MainWindow

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def demo_window(window: MainWindow, demo_file: Path) -> MainWindow:
    assert window.open_project(demo_file)
    return window


def dialog_for(qtbot: Any, window: MainWindow, code: str) -> AhpDialog:
    ind = window.project.by_code(code)  # type: ignore[union-attr]
    box = AhpDialog(window.session, ind.id, window)
    qtbot.addWidget(box)
    box.show()
    return box


def grid(box: AhpDialog) -> list[list[str]]:
    m = box.matrix
    return [[m.index(i, j).data() for j in range(m.columnCount())] for i in range(m.rowCount())]


def points(box: AhpDialog) -> list[str]:
    w = box.weights
    return [w.index(r, 3).data() for r in range(w.rowCount())]


def weights(window: MainWindow, codes: list[str]) -> list[Decimal | None]:
    return [window.project.by_code(c).weight for c in codes]  # type: ignore[union-attr]


def test_saaty_3x3_typed_with_the_keys(qtbot: Any, demo_window: MainWindow,
                                       qtmodeltester: Any) -> None:
    box = dialog_for(qtbot, demo_window, "B1")
    view = box.view
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 1)
    type_cell(qtbot, view, "3")                       # Enter: on to row 1, column 3
    assert (view.currentIndex().row(), view.currentIndex().column()) == (0, 2)
    type_cell(qtbot, view, "5", Qt.Key.Key_Tab)       # Tab steps over the diagonal and below
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, 2)
    type_cell(qtbot, view, "3")
    assert grid(box) == [["1", "3", "5"], ["1/3", "1", "3"], ["1/5", "1/3", "1"]]
    w = box.weights
    assert [w.index(r, 1).data() for r in range(3)] == ["0.6370", "0.2583", "0.1047"]
    assert box.figures.text().splitlines()[0] == \
        "λmax = 3.0385　CI = 0.0193　RI = 0.58　CR = 0.0332"
    assert box.warning.text() == ""
    assert points(box) == ["7.5", "3", "1.5"]
    box.step.setCurrentIndex(1)
    box.step.activated.emit(1)
    assert points(box) == ["8", "3", "1"]
    for model in (box.matrix, box.weights):
        qtmodeltester.check(model)


def test_apply_is_one_undo_step_and_the_matrix_comes_back(
        qtbot: Any, demo_window: MainWindow) -> None:
    codes = ["A1", "A2", "A3"]
    before = weights(demo_window, codes)
    box = dialog_for(qtbot, demo_window, "A")
    for (i, j), value in {(0, 1): "3", (0, 2): "5", (1, 2): "3"}.items():
        assert box.matrix.setData(box.matrix.index(i, j), value)
    # 决策 20 points at step 0.5: 40 × w = 25.48, 10.33, 4.19 → 25, 10, 4, the one left to 0.48
    assert points(box) == ["13", "5", "2"]
    steps = demo_window.undo_stack.count()
    box.apply_button.click()
    assert weights(demo_window, codes) == [Decimal(13), Decimal(5), Decimal(2)]
    assert demo_window.undo_stack.count() == steps + 1
    again = dialog_for(qtbot, demo_window, "A")
    assert grid(again) == [["1", "3", "5"], ["1/3", "1", "3"], ["1/5", "1/3", "1"]]
    demo_window.undo_stack.undo()
    assert weights(demo_window, codes) == before
    assert demo_window.project.by_code("A").ahp == ""  # type: ignore[union-attr]


def test_points_below_a_typed_score_are_refused_with_the_reason(
        qtbot: Any, demo_window: MainWindow) -> None:
    codes = ["B11", "B12", "B13"]
    before = weights(demo_window, codes)
    project = demo_window.project
    assert project is not None
    b13 = project.by_code("B13")
    box = dialog_for(qtbot, demo_window, "B1")
    for (i, j), value in {(0, 1): "3", (0, 2): "5", (1, 2): "3"}.items():
        box.matrix.setData(box.matrix.index(i, j), value)
    steps = demo_window.undo_stack.count()
    assert not box.apply()            # B13 would get 1.5 points but has a typed score
    assert box.warning.text() == f"B13 已得 {b13.score.normalize():f} 分，分值不能小于得分"
    assert weights(demo_window, codes) == before
    assert project.by_code("B1").ahp == ""
    assert demo_window.undo_stack.count() == steps


def test_a_consistent_4x4_on_a_parent_of_four(qtbot: Any, demo_window: MainWindow) -> None:
    box = dialog_for(qtbot, demo_window, "C")
    values = {(0, 1): "2", (0, 2): "4", (0, 3): "4", (1, 2): "2", (1, 3): "2", (2, 3): "1"}
    for (i, j), value in values.items():
        assert box.matrix.setData(box.matrix.index(i, j), value)
    assert grid(box)[3] == ["1/4", "1/2", "1", "1"]
    w = box.weights
    assert [w.index(r, 1).data() for r in range(4)] == ["0.5000", "0.2500", "0.1250", "0.1250"]
    assert box.figures.text().splitlines()[0] == "λmax = 4.0000　CI = 0.0000　RI = 0.90　CR = 0.0000"
    assert points(box) == ["15", "7.5", "4", "3.5"]
    box.apply_button.click()
    assert weights(demo_window, ["C1", "C2", "C3", "C4"]) == [
        Decimal(15), Decimal("7.5"), Decimal(4), Decimal("3.5")]


def test_bad_entries_are_refused_naming_the_cell(qtbot: Any, demo_window: MainWindow) -> None:
    said: list[str] = []
    demo_window.session.error_reported.connect(said.append)
    box = dialog_for(qtbot, demo_window, "B1")
    view = box.view
    for text in ("0", "10", "2.5", "abc"):
        view.setCurrentIndex(box.matrix.index(0, 1))
        type_refused(qtbot, view, text)
    assert said == [
        "第1行第2列（B11 资金到位率 对 B12 预算执行率）为 0：判断矩阵不能有 0，请填写 1～9 或其倒数",
        "第1行第2列（B11 资金到位率 对 B12 预算执行率）的值 10 超出 1/9～9 的标度",
        "第1行第2列（B11 资金到位率 对 B12 预算执行率）的值 5/2 不在 1～9 的标度上："
        "请填写 1～9 的整数或其倒数（如 1/3）",
        "第1行第2列（B11 资金到位率 对 B12 预算执行率）的“abc”不是数值，请填写 1～9 或其倒数（如 1/3）",
    ]
    assert grid(box)[0][1] == "1"
    assert not box.matrix.setData(box.matrix.index(1, 0), "3")   # below the diagonal: not typed


def test_an_inconsistent_matrix_is_warned_and_asked(
        qtbot: Any, demo_window: MainWindow, dialog_log: DialogLog) -> None:
    codes = ["B11", "B12", "B13"]
    before = weights(demo_window, codes)
    box = dialog_for(qtbot, demo_window, "B1")
    # B11 ≫ B12 ≫ B13 yet B13 ≫ B11: a circle no weights can follow
    for (i, j), value in {(0, 1): "9", (0, 2): "1/9", (1, 2): "9"}.items():
        box.matrix.setData(box.matrix.index(i, j), value)
    assert box.analysis is not None and box.analysis.cr >= Decimal("0.10")
    assert box.warning.text().startswith("判断矩阵一致性比率 CR ≥ 0.10，最不一致的是“")
    assert "请重新比较这一对" in box.warning.text()
    dialog_log.answer("confirm", False)
    assert not box.apply()
    assert weights(demo_window, codes) == before
    dialog_log.answer("confirm", True)
    assert box.apply()
    assert sum(weights(demo_window, codes)) == Decimal(12)   # type: ignore[arg-type]


def test_a_leaf_or_a_single_child_has_no_matrix(qtbot: Any, demo_window: MainWindow,
                                                dialog_log: DialogLog) -> None:
    c1 = demo_window.project.by_code("C1")  # type: ignore[union-attr]
    assert open_ahp(demo_window.session, c1.id, demo_window) is None
    assert dialog_log.infos == [("层次分析法", "层次分析法用于给同一上级下的多个指标定权重："
                                               "请选择有两个或以上下级指标的指标。")]


def test_the_toolbar_opens_it_for_a_parent_only(qtbot: Any, demo_window: MainWindow) -> None:
    from tests.ui.conftest import page_of

    page = page_of(demo_window, "B")
    action = page.dialog_actions["ahp"]
    page.select_indicator(demo_window.project.by_code("B11").id)  # type: ignore[union-attr]
    assert not action.isEnabled()
    page.select_indicator(demo_window.project.by_code("B1").id)  # type: ignore[union-attr]
    assert action.isEnabled()
    action.trigger()
    opened = [d for d in page.findChildren(AhpDialog) if d.isVisible()]
    assert len(opened) == 1 and opened[0].matrix.rowCount() == 3
    opened[0].close()


def test_a_matrix_from_before_the_children_changed_is_not_reused(
        qtbot: Any, demo_window: MainWindow) -> None:
    from pfdesk import commands

    box = dialog_for(qtbot, demo_window, "A")
    for (i, j), value in {(0, 1): "3", (0, 2): "5", (1, 2): "3"}.items():
        box.matrix.setData(box.matrix.index(i, j), value)
    assert box.apply()
    box.close()
    project = demo_window.project
    assert project is not None
    a3 = project.by_code("A3")
    assert demo_window.session.push(commands.move_indicator(project, a3.id, a3.parent_id, 0))
    again = dialog_for(qtbot, demo_window, "A")
    assert grid(again) == [["1", "1", "1"], ["1", "1", "1"], ["1", "1", "1"]]
    assert again.warning.text() == ("下级指标在上次填写判断矩阵后有增删或调整了顺序，"
                                     "已保存的矩阵不再适用，请重新比较。")


def test_the_stored_matrix_is_removed_as_one_undo_step_after_asking(
        qtbot: Any, demo_window: MainWindow, dialog_log: DialogLog) -> None:
    project = demo_window.project
    assert project is not None
    codes = ["A1", "A2", "A3"]
    box = dialog_for(qtbot, demo_window, "A")
    assert not box.remove_button.isEnabled()          # nothing stored yet
    saaty = [["1", "3", "5"], ["1/3", "1", "3"], ["1/5", "1/3", "1"]]
    for (i, j), value in {(0, 1): "3", (0, 2): "5", (1, 2): "3"}.items():
        box.matrix.setData(box.matrix.index(i, j), value)
    assert box.apply()
    stored = project.by_code("A").ahp  # type: ignore[union-attr]
    assert stored != "" and box.remove_button.isEnabled()
    steps = demo_window.undo_stack.count()
    dialog_log.answer("confirm", False)
    assert not box.remove()
    assert project.by_code("A").ahp == stored  # type: ignore[union-attr]
    assert demo_window.undo_stack.count() == steps
    dialog_log.answer("confirm", True)
    box.remove_button.click()
    assert project.by_code("A").ahp == ""  # type: ignore[union-attr]
    assert demo_window.undo_stack.count() == steps + 1
    assert demo_window.undo_stack.undoText() == "A 删除层次分析判断矩阵"
    # the points stay as the weights gave them; the grid is back to every pair equal
    assert weights(demo_window, codes) == [Decimal(13), Decimal(5), Decimal(2)]
    assert grid(box) == [["1", "1", "1"], ["1", "1", "1"], ["1", "1", "1"]]
    assert not box.remove_button.isEnabled()
    demo_window.undo_stack.undo()
    assert project.by_code("A").ahp == stored  # type: ignore[union-attr]
    assert grid(box) == saaty
    assert box.remove_button.isEnabled()


def test_a_matrix_that_no_longer_fits_can_be_removed(
        qtbot: Any, demo_window: MainWindow, dialog_log: DialogLog) -> None:
    from pfdesk import commands

    project = demo_window.project
    assert project is not None
    box = dialog_for(qtbot, demo_window, "A")
    for (i, j), value in {(0, 1): "3", (0, 2): "5", (1, 2): "3"}.items():
        box.matrix.setData(box.matrix.index(i, j), value)
    assert box.apply()
    box.close()
    a3 = project.by_code("A3")
    assert demo_window.session.push(commands.move_indicator(project, a3.id, a3.parent_id, 0))
    again = dialog_for(qtbot, demo_window, "A")
    assert again.warning.text().startswith("下级指标在上次填写判断矩阵后有增删")
    dialog_log.answer("confirm", True)
    assert again.remove()
    assert project.by_code("A").ahp == ""  # type: ignore[union-attr]
    assert again.warning.text() == ""


def test_delete_on_a_cell_puts_it_back_to_equal(qtbot: Any, demo_window: MainWindow) -> None:
    """Delete on a judged cell clears the judgement: the pair is equal again (1, its mirror
    1), with no message saying the cell is empty."""
    box = dialog_for(qtbot, demo_window, "B1")
    view = box.view
    type_cell(qtbot, view, "3")
    view.setCurrentIndex(box.matrix.index(0, 1))
    assert grid(box)[0][1] == "3"
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert grid(box)[0][1] == "1" and grid(box)[1][0] == "1"
    assert box.warning.text() == ""
