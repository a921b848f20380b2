"""计分方式 of a leaf in the window: a rule chosen, its bands typed in the table with the keys,
the live sentence, storing as one undo step, and bad bands or numbers refused with a message.

Hand-worked values from the demo's funding table: 实际到位 1320.00万元, 实际支出 1188.00万元, so
预算执行率 = 1188 ÷ 1320 = 90.00%. B12 预算执行率 is worth 5 points.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from pfdesk import rules
from tests.ui.conftest import page_of
from tests.ui.grid_typing import type_cell, type_refused
from ui.main_window import MainWindow
from ui.pages.indicator_page import IndicatorPage
from ui.pages.rule_editor import BY_RULE, MANUAL, RuleEditor

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def demo_window(window: MainWindow, demo_file: Path) -> MainWindow:
    window.resize(1366, 768)
    assert window.open_project(demo_file)
    return window


def select(window: MainWindow, code: str) -> tuple[IndicatorPage, RuleEditor]:
    page = page_of(window, code[0])
    ind = window.project.by_code(code)  # type: ignore[union-attr]
    assert page.select_indicator(ind.id)
    return page, page.details.rule_editor


def commit(widget: Any, text: str) -> None:
    """An input method committing ``text`` (how Chinese is typed)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def choose(editor: RuleEditor, combo: Any, index: int) -> None:
    """As a click on a combo's item: the current index, then ``activated``."""
    combo.setCurrentIndex(index)
    combo.activated.emit(index)


def bands_typed(qtbot: Any, editor: RuleEditor, rows: list[tuple[str, str, str]]) -> None:
    """Make the table ``rows`` long, then type every cell from the first, Tab between cells and
    Enter at the end of each row."""
    model = editor.bands.model
    while model.rowCount() > len(rows):
        model.remove_band(model.rowCount() - 1)
    while model.rowCount() < len(rows):
        model.add_band()
    view = editor.bands.view
    view.setCurrentIndex(model.index(0, 0))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            assert (view.currentIndex().row(), view.currentIndex().column()) == (r, c)
            if value:
                type_cell(qtbot, view, value, Qt.Key.Key_Tab if c < 2 else Qt.Key.Key_Return)
            else:   # the top band's 上限 is left blank: Delete clears it, Tab moves on
                qtbot.keyClick(view, Qt.Key.Key_Delete)
                qtbot.keyClick(view, Qt.Key.Key_Tab)


def stepped_b12(qtbot: Any, window: MainWindow) -> tuple[IndicatorPage, RuleEditor]:
    page, editor = select(window, "B12")
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.kind, 1)                 # 分档
    assert editor.source.currentText() == "预算执行率"
    return page, editor


def test_bands_typed_with_the_keys_give_the_hand_worked_score(
        qtbot: Any, demo_window: MainWindow) -> None:
    _page, editor = stepped_b12(qtbot, demo_window)
    # 90.00% falls in 80（含）～95: 60% of 5 points = 3 points
    bands_typed(qtbot, editor, [("0", "80", "0"), ("80", "95", "60"), ("95", "", "100")])
    assert editor.bands.model.bands() == (
        rules.Band(Decimal(0), Decimal(80), Decimal(0)),
        rules.Band(Decimal(80), Decimal(95), Decimal(60)),
        rules.Band(Decimal(95), None, Decimal(100)))
    assert editor.bands.model.index(1, 3).data() == "3"
    assert editor.preview.text() == "预览（尚未应用）：预算执行率为90.00%，按评分标准得3分"
    assert editor.apply_button.isEnabled()


def test_applying_stores_one_undo_step_and_undo_restores(
        qtbot: Any, demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    before = project.by_code("B12")
    _page, editor = stepped_b12(qtbot, demo_window)
    bands_typed(qtbot, editor, [("0", "90", "50"), ("90", "", "100")])
    steps = demo_window.undo_stack.count()
    editor.apply_button.click()
    after = project.by_code("B12")
    assert after.method == "rule", after.rule
    # 90.00% is the lower end of the top band (inclusive): all 5 points
    assert demo_window.session.score.by_id[after.id].score == Decimal(5)
    assert editor.preview.text() == "按规则计分：预算执行率为90.00%，按评分标准得5分"
    assert demo_window.undo_stack.count() == steps + 1
    demo_window.undo_stack.undo()
    restored = project.by_code("B12")
    assert (restored.method, restored.rule, restored.score) == (before.method, before.rule,
                                                                 before.score)
    assert editor.method.currentIndex() == (BY_RULE if before.method == "rule" else MANUAL)


def test_back_to_typed_scores_is_one_step(qtbot: Any, demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    _page, editor = stepped_b12(qtbot, demo_window)
    choose(editor, editor.kind, 0)                 # 按比例, full marks at 95%
    editor.full_at.clear()
    qtbot.keyClicks(editor.full_at, "95")
    # 90 ÷ 95 × 5 = 4.7368… → 4.74 (rounded half up at the leaf)
    assert editor.preview.text() == ("预览（尚未应用）：预算执行率为90.00%（达到95%得满分），"
                                     "按评分标准得4.74分")
    assert editor.apply()
    assert project.by_code("B12").method == "rule"
    assert demo_window.session.score.by_id[project.by_code("B12").id].score == Decimal("4.74")
    choose(editor, editor.method, MANUAL)
    assert project.by_code("B12").method == "manual"
    assert project.by_code("B12").rule == ""
    assert not editor.form.isVisible()
    demo_window.undo_stack.undo()
    assert project.by_code("B12").method == "rule"
    assert '"full_at": "95"' in project.by_code("B12").rule
    assert editor.method.currentIndex() == BY_RULE
    assert editor.full_at.text() == "95"


def test_overlapping_bands_are_refused_naming_them(qtbot: Any, demo_window: MainWindow) -> None:
    project = demo_window.project
    assert project is not None
    _page, editor = stepped_b12(qtbot, demo_window)
    bands_typed(qtbot, editor, [("0", "80", "0"), ("70", "", "100")])
    problem = "档次“0%（含）～80%”与“70%及以上”重叠，请调整上下限"
    assert editor.bands.problem.text() == problem
    assert not editor.apply_button.isEnabled()
    method = project.by_code("B12").method
    assert not editor.apply()
    assert project.by_code("B12").method == method


def test_a_gap_is_named(qtbot: Any, demo_window: MainWindow) -> None:
    _page, editor = stepped_b12(qtbot, demo_window)
    bands_typed(qtbot, editor, [("0", "80", "0"), ("85", "", "100")])
    assert "之间有空缺（80%～85%没有对应的档次）" in editor.bands.problem.text()


def test_a_word_in_a_band_is_refused_with_a_message(qtbot: Any, demo_window: MainWindow) -> None:
    _page, editor = stepped_b12(qtbot, demo_window)
    said: list[str] = []
    demo_window.session.error_reported.connect(said.append)
    model, view = editor.bands.model, editor.bands.view
    old = model.index(0, 2).data()
    view.setCurrentIndex(model.index(0, 2))
    type_refused(qtbot, view, "abc")
    assert said == ["第 1 档的得分比例“abc”不是数字"]
    assert model.index(0, 2).data() == old
    view.setCurrentIndex(model.index(0, 2))
    type_refused(qtbot, view, "120")
    assert said[-1] == "第 1 档的得分比例应在 0～100 之间（是分值的百分之几）"


def test_a_typed_number_missing_leaves_the_leaf_unscored(
        qtbot: Any, demo_window: MainWindow) -> None:
    _page, editor = select(demo_window, "C21")
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.kind, 0)
    choose(editor, editor.source, 5)               # 填写的数值
    commit(editor.typed_label, "质量达标率")
    assert editor.preview.text() == ("暂不能计分：尚未填写质量达标率（该指标暂不计分，不按 0 分计）")
    qtbot.keyClicks(editor.typed_value, "96")
    qtbot.keyClicks(editor.typed_unit, "%")
    # 96% of C21's 8 points = 7.68
    assert editor.preview.text() == "预览（尚未应用）：质量达标率为96.00%，按评分标准得7.68分"


def test_a_survey_not_imported_is_named_as_missing(qtbot: Any, demo_window: MainWindow) -> None:
    _page, editor = select(demo_window, "B12")
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.source, 3)               # 满意率
    texts = [editor.ref.itemText(k) for k in range(editor.ref.count())]
    if texts == ["（还没有导入满意度调查）"]:
        assert editor.preview.text().startswith("暂不能计分：尚未导入满意度调查")
    else:   # a demo that ships its survey: the rate is read from it
        assert editor.preview.text().startswith("预览（尚未应用）：满意率为")


def test_the_bands_model_passes_the_model_tester(qtmodeltester: Any,
                                                 demo_window: MainWindow) -> None:
    _page, editor = select(demo_window, "B12")
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.kind, 1)
    qtmodeltester.check(editor.bands.model)


def test_a_parent_has_no_rule_box(qtbot: Any, demo_window: MainWindow) -> None:
    _page, editor = select(demo_window, "B1")
    assert not editor.isVisible()
    assert editor.indicator_id is None


def test_a_target_met_or_short_by_its_own_standard(qtbot: Any, demo_window: MainWindow) -> None:
    _page, editor = select(demo_window, "C21")     # 8 points
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.kind, 2)                 # 达标满分，否则按差额扣分
    choose(editor, editor.source, 2)               # 目标完成率
    at = next(k for k in range(editor.ref.count()) if "话务一次接通率" in editor.ref.itemText(k))
    choose(editor, editor.ref, at)
    widgets = editor._shortfall
    assert not widgets["threshold"].isVisible() and widgets["own"].isVisible()
    widgets["per"].clear()
    qtbot.keyClicks(widgets["per"], "1")
    widgets["deduct"].clear()
    qtbot.keyClicks(widgets["deduct"], "2")
    # target ≥95%, actual 93.6%: 1.4 points of percentage short, 1.4 × 2 = 2.8 off 8 = 5.2;
    # completion 93.6 ÷ 95 = 98.53%
    text = editor.preview.text()
    assert "完成率98.53%" in text and "相差1.4个百分点" in text
    assert text.endswith("扣2.8分，按评分标准得5.2分")
    assert editor.apply()
    ind = demo_window.project.by_code("C21")  # type: ignore[union-attr]
    assert demo_window.session.score.by_id[ind.id].score == Decimal("5.2")


def test_a_survey_imported_from_the_rule_is_read(
        qtbot: Any, demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    from pfdesk.resources import resource
    from ui import survey_dialog

    monkeypatch.setattr(survey_dialog, "ask_survey_file",
                        lambda _p: str(resource("surveys", "demo-survey.csv")))
    _page, editor = select(demo_window, "D15")     # 服务对象满意度, 6 points
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.kind, 0)
    choose(editor, editor.source, 3)               # 满意率
    editor.full_at.clear()
    qtbot.keyClicks(editor.full_at, "90")
    assert editor.import_button.isVisible()
    editor.import_button.click()
    dialog = editor.survey_dialog
    dialog.choose_button.click()
    dialog.name.setText("热线满意度")
    assert dialog.store()
    assert editor.ref.currentData() == "热线满意度"
    # 满意率 83.97% (199 of 237 valid answers), full marks at 90%: 83.97 ÷ 90 × 6 = 5.598 → 5.6
    assert editor.preview.text() == ("预览（尚未应用）：满意率为83.97%（达到90%得满分），"
                                     "按评分标准得5.6分")


def test_a_read_only_project_shows_the_rule_but_stores_nothing(
        qtbot: Any, window: MainWindow, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ui.test_read_only import make_unwritable

    make_unwritable(demo_file, monkeypatch)
    assert window.open_project(demo_file)
    assert window.session.read_only
    _page, editor = select(window, "B12")
    assert not editor.method.isEnabled()
    assert not editor.apply_button.isEnabled()


# ----- moving to another indicator with a rule half typed -----
#
# One 计分方式 box serves every leaf of a page. A rule typed but not applied belongs to the leaf
# it was typed for: moving to another leaf shows that leaf's stored rule, and a kind chosen
# there starts from the usual numbers, never from what was typed for the leaf left.

USUAL_BANDS = (   # pfdesk.rules.usual's satisfaction bands, written out: 0/60/70/80/90
    rules.Band(Decimal(0), Decimal(60), Decimal(0)),
    rules.Band(Decimal(60), Decimal(70), Decimal(40)),
    rules.Band(Decimal(70), Decimal(80), Decimal(60)),
    rules.Band(Decimal(80), Decimal(90), Decimal(80)),
    rules.Band(Decimal(90), None, Decimal(100)))
B11_RULE = ('{"format": "pfdesk-rule", "version": 1, "kind": "proportional", '
            '"input": {"kind": "arrival_rate"}, "full_at": "100"}')
B12_RULE = ('{"format": "pfdesk-rule", "version": 1, "kind": "proportional", '
            '"input": {"kind": "execution_rate"}, "full_at": "100"}')


def click_row(qtbot: Any, page: IndicatorPage, code: str) -> None:
    """A mouse click on an indicator's row in the page's tree."""
    ind = page.session.project.by_code(code)
    rect = page.view.visualRect(page.model.index_of(ind.id))
    assert rect.isValid()
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.current_id() == ind.id


def click_page(qtbot: Any, window: MainWindow, code: str) -> None:
    """A mouse click on a level-1 page's entry in the navigation list."""
    assert window.workspace is not None
    nav = window.workspace.nav
    row = next(r for r in range(nav.count()) if nav.item(r).text().startswith(code + " "))
    rect = nav.visualItemRect(nav.item(row))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert nav.currentRow() == row


def stored(window: MainWindow, code: str) -> tuple[str, str]:
    ind = window.project.by_code(code)  # type: ignore[union-attr]
    return ind.method, ind.rule


def start_typing_cell(qtbot: Any, view: Any, row: int, col: int, text: str) -> None:
    """Type into a band's cell and leave the cell editor open (no Enter, no Tab)."""
    view.setCurrentIndex(view.model().index(row, col))
    view.setFocus()
    qtbot.keyClick(view, text[0])
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    qtbot.keyClicks(view.indexWidget(view.currentIndex()), text[1:])


def test_bands_typed_for_one_leaf_are_not_shown_or_stored_for_the_next(
        qtbot: Any, demo_window: MainWindow) -> None:
    page, editor = stepped_b12(qtbot, demo_window)
    bands_typed(qtbot, editor, [("0", "80", "0"), ("80", "95", "60"), ("95", "", "100")])
    click_row(qtbot, page, "B11")                  # not applied: given up
    assert editor.indicator_id == demo_window.project.by_code("B11").id  # type: ignore[union-attr]
    assert (editor.method.currentIndex(), editor.kind.currentText(),
            editor.source.currentText(), editor.full_at.text()) == (BY_RULE, "按比例",
                                                                    "资金到位率", "100")
    # 到位 1320 of a 1320 budget = 100%, full marks at 100%: all of B11's 3 points
    assert editor.preview.text() == "按规则计分：资金到位率为100.00%，按评分标准得3分"
    assert stored(demo_window, "B11") == ("rule", B11_RULE)
    assert stored(demo_window, "B12") == ("rule", B12_RULE)
    choose(editor, editor.kind, 1)                 # 分档 for B11: the usual bands
    assert editor.bands.model.bands() == USUAL_BANDS
    steps = demo_window.undo_stack.index()
    assert editor.apply()
    assert demo_window.undo_stack.index() == steps + 1
    assert rules.from_json(stored(demo_window, "B11")[1]) == rules.Stepped(
        rules.Input("arrival_rate"), USUAL_BANDS)
    assert stored(demo_window, "B12") == ("rule", B12_RULE)
    click_row(qtbot, page, "B12")                  # B12 as stored, its typing gone
    assert (editor.kind.currentText(), editor.full_at.text()) == ("按比例", "100")
    choose(editor, editor.kind, 1)
    assert editor.bands.model.bands() == USUAL_BANDS
    demo_window.undo_stack.undo()                  # B11's rule as it was
    assert demo_window.undo_stack.index() == steps
    assert stored(demo_window, "B11") == ("rule", B11_RULE)
    assert stored(demo_window, "B12") == ("rule", B12_RULE)
    click_row(qtbot, page, "B11")
    assert (editor.kind.currentText(), editor.source.currentText(),
            editor.full_at.text()) == ("按比例", "资金到位率", "100")


def test_a_band_cell_still_open_does_not_follow_to_the_next_leaf(
        qtbot: Any, demo_window: MainWindow) -> None:
    page, editor = stepped_b12(qtbot, demo_window)
    view = editor.bands.view
    start_typing_cell(qtbot, view, 1, 2, "33")     # the second band's share, not yet stored
    click_row(qtbot, page, "B13")                  # 资金使用合规性: scored by hand, 4 points
    assert view.state() != view.State.EditingState
    assert stored(demo_window, "B13") == ("manual", "")
    assert stored(demo_window, "B12") == ("rule", B12_RULE)
    assert editor.method.currentIndex() == MANUAL and not editor.form.isVisible()
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.kind, 1)
    assert editor.bands.model.bands() == USUAL_BANDS
    # 预算执行率 90.00% is the lower end of the top band (inclusive): all 4 points
    assert editor.preview.text() == "预览（尚未应用）：预算执行率为90.00%，按评分标准得4分"
    assert stored(demo_window, "B13") == ("manual", "")


def test_a_kind_and_standard_chosen_stay_with_their_leaf_when_moving_by_keys(
        qtbot: Any, demo_window: MainWindow) -> None:
    page, editor = select(demo_window, "B12")
    choose(editor, editor.kind, 3)                 # 达标与否, ≥ 88%
    threshold = editor._pass_fail["threshold"]
    threshold.clear()
    qtbot.keyClicks(threshold, "88")
    assert editor.preview.text() == ("预览（尚未应用）：预算执行率为90.00%，达到≥88%的标准，"
                                     "按评分标准得5分")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Down)     # B13, the next row
    assert page.current_id() == demo_window.project.by_code("B13").id  # type: ignore[union-attr]
    assert editor.method.currentIndex() == MANUAL and not editor.form.isVisible()
    choose(editor, editor.method, BY_RULE)
    assert (editor.kind.currentText(), editor.full_at.text()) == ("按比例", "100")
    choose(editor, editor.kind, 3)
    assert (editor._pass_fail["comparator"].currentText(), threshold.text()) == ("≥", "")
    assert editor.preview.text() == "达标标准不能为空"
    assert not editor.apply_button.isEnabled()
    assert not editor.apply()
    assert stored(demo_window, "B13") == ("manual", "")
    qtbot.keyClick(page.view, Qt.Key.Key_Up)       # back to B12: as stored
    assert (editor.method.currentIndex(), editor.kind.currentText(),
            editor.full_at.text()) == (BY_RULE, "按比例", "100")
    # 90.00% of 5 points, full marks at 100%
    assert editor.preview.text() == "按规则计分：预算执行率为90.00%，按评分标准得4.5分"
    choose(editor, editor.kind, 3)
    assert threshold.text() == ""
    assert stored(demo_window, "B12") == ("rule", B12_RULE)


def test_a_typed_number_stays_with_its_leaf(qtbot: Any, demo_window: MainWindow) -> None:
    page, editor = select(demo_window, "C21")
    before = {code: stored(demo_window, code) for code in ("C21", "C31")}
    choose(editor, editor.method, BY_RULE)
    choose(editor, editor.source, 5)               # 填写的数值
    commit(editor.typed_label, "质量达标率")
    qtbot.keyClicks(editor.typed_value, "96")
    qtbot.keyClicks(editor.typed_unit, "%")
    click_row(qtbot, page, "C31")
    assert editor.method.currentIndex() == MANUAL
    choose(editor, editor.method, BY_RULE)
    assert editor.source.currentText() == "预算执行率"
    choose(editor, editor.source, 5)
    assert (editor.typed_label.text(), editor.typed_value.text(),
            editor.typed_unit.text()) == ("", "", "")
    assert "96" not in editor.preview.text()
    assert {code: stored(demo_window, code) for code in ("C21", "C31")} == before
    assert before["C21"][1] == before["C31"][1] == ""


def test_another_page_has_its_own_box_and_undo_reloads_the_leaf_left(
        qtbot: Any, demo_window: MainWindow) -> None:
    page_b, editor_b = stepped_b12(qtbot, demo_window)
    bands_typed(qtbot, editor_b, [("0", "90", "50"), ("90", "", "100")])
    steps = demo_window.undo_stack.index()
    assert editor_b.apply()
    typed = rules.Stepped(rules.Input("execution_rate"), (
        rules.Band(Decimal(0), Decimal(90), Decimal(50)),
        rules.Band(Decimal(90), None, Decimal(100))))
    assert rules.from_json(stored(demo_window, "B12")[1]) == typed
    view = editor_b.bands.view
    start_typing_cell(qtbot, view, 0, 2, "20")     # a change to B12's bands, not applied
    click_page(qtbot, demo_window, "C")
    page_c = page_of(demo_window, "C")
    assert page_c is not page_b
    click_row(qtbot, page_c, "C21")
    editor_c = page_c.details.rule_editor
    assert editor_c is not editor_b
    assert editor_c.method.currentIndex() == MANUAL and not editor_c.form.isVisible()
    choose(editor_c, editor_c.method, BY_RULE)
    choose(editor_c, editor_c.kind, 1)
    assert editor_c.bands.model.bands() == USUAL_BANDS
    assert stored(demo_window, "C21") == ("deduction", "")
    assert rules.from_json(stored(demo_window, "B12")[1]) == typed
    demo_window.undo_stack.undo()                  # B12's rule as before it was applied
    assert demo_window.undo_stack.index() == steps
    assert stored(demo_window, "B12") == ("rule", B12_RULE)
    click_page(qtbot, demo_window, "B")
    assert page_b.current_id() == demo_window.project.by_code("B12").id  # type: ignore[union-attr]
    assert (editor_b.kind.currentText(), editor_b.full_at.text()) == ("按比例", "100")
    assert editor_b.preview.text() == "按规则计分：预算执行率为90.00%，按评分标准得4.5分"
    choose(editor_b, editor_b.kind, 1)
    assert editor_b.bands.model.bands() == USUAL_BANDS
