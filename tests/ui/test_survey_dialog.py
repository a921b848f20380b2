"""导入满意度调查 and the list of surveys: the demo survey's results against a count by hand, the
option map edited with the keys and the results recomputed, import and delete as one undo step
each, and a file that cannot be used refused with the core's message.

The demo survey (resources/surveys/demo-survey.csv), 60 respondents, counted by hand:
D 接通速度 非常满意 22, 满意 28, 一般 6, 不满意 3, 非常不满意 1: 50/60 = 83.33%,
  (22×100 + 28×80 + 6×60 + 3×40 + 1×20) ÷ 60 = 4940 ÷ 60 = 82.33;
E 服务态度 30, 25, 3, 1, 0 and one blank (row 18): 55/59 = 93.22%, 5220 ÷ 59 = 88.47;
F 办理结果 15, 26, 10, 5, 2, 还行 (row 34) and a blank (row 49): 41/58 = 70.69%, 4420 ÷ 58 = 76.21;
G 总体 24, 29, 5, 2, 0: 53/60 = 88.33%, 5100 ÷ 60 = 85.00;
overall 199 satisfied of 237 valid = 83.97%, 19680 ÷ 237 = 83.04.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from pfdesk.resources import resource
from tests.ui.conftest import DialogLog
from tests.ui.grid_typing import type_cell, type_refused
from ui.main_window import MainWindow
from ui.survey_dialog import SurveyImportDialog, SurveyListDialog

pytestmark = pytest.mark.timeout(60)
DEMO = resource("surveys", "demo-survey.csv")


@pytest.fixture
def demo_window(window: MainWindow, demo_file: Path) -> MainWindow:
    assert window.open_project(demo_file)
    return window


@pytest.fixture
def dialog(qtbot: Any, demo_window: MainWindow) -> SurveyImportDialog:
    box = SurveyImportDialog(demo_window.session, demo_window)
    qtbot.addWidget(box)
    box.show()
    return box


def table(box: SurveyImportDialog) -> list[list[str]]:
    model = box.results
    return [[model.index(r, c).data() for c in range(1, 5)] for r in range(model.rowCount())]


def surveys(window: MainWindow) -> list[str]:
    from pfdesk import survey_rows

    return [s.name for s in survey_rows.surveys(window.project)]  # type: ignore[arg-type]


def test_the_demo_survey_gives_the_hand_counted_results(dialog: SurveyImportDialog,
                                                        qtmodeltester: Any) -> None:
    assert dialog.load(DEMO)
    assert table(dialog) == [
        ["60", "60", "83.33%", "82.33"],
        ["60", "59", "93.22%", "88.47"],
        ["60", "58", "70.69%", "76.21"],
        ["60", "60", "88.33%", "85.00"],
        ["60", "237", "83.97%", "83.04"],
    ]
    issues = dialog.issues
    assert [[issues.index(r, c).data() for c in range(3)] for r in range(issues.rowCount())] == [
        ["第18行", "E列", "未作答"], ["第34行", "F列", "“还行”不是选项"], ["第49行", "F列", "未作答"]]
    assert dialog.name.text() == "demo-survey"
    for model in (dialog.results, dialog.issues, dialog.options):
        qtmodeltester.check(model)


def test_editing_the_option_map_recounts(qtbot: Any, dialog: SurveyImportDialog) -> None:
    dialog.load(DEMO)
    options, view = dialog.options, dialog.options_view
    # 一般 counted as satisfied: 199 + (6 + 3 + 10 + 5) = 223 of 237 = 94.09%
    assert options.index(2, 0).data() == "一般"
    assert options.setData(options.index(2, 2), Qt.CheckState.Checked.value,
                           Qt.ItemDataRole.CheckStateRole)
    assert table(dialog)[-1][2] == "94.09%"
    options.setData(options.index(2, 2), Qt.CheckState.Unchecked.value,
                    Qt.ItemDataRole.CheckStateRole)
    # 一般 not scored (blank, typed with the keys): 237 − 24 = 213 valid, 199/213 = 93.43%,
    # (19680 − 24×60) ÷ 213 = 18240 ÷ 213 = 85.63
    view.setCurrentIndex(options.index(2, 1))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert table(dialog)[-1] == ["60", "213", "93.43%", "85.63"]
    # 非常满意 worth 90 instead of 100, typed: Σ = 18240 − 91×10 = 17330, ÷ 213 = 81.36
    view.setCurrentIndex(options.index(0, 1))
    type_cell(qtbot, view, "90")
    assert table(dialog)[-1] == ["60", "213", "93.43%", "81.36"]
    assert view.currentIndex().row() == 1              # Enter moved on to the next score


def test_a_bad_score_is_refused_with_a_message(qtbot: Any, dialog: SurveyImportDialog) -> None:
    dialog.load(DEMO)
    view, options = dialog.options_view, dialog.options
    view.setCurrentIndex(options.index(1, 1))
    type_refused(qtbot, view, "120")
    assert dialog.message.text() == "选项“满意”的分值应在 0～100 之间"
    assert options.index(1, 1).data() == "80"
    assert table(dialog)[-1][2] == "83.97%"


def test_a_file_without_answers_is_refused(tmp_path: Path, dialog: SurveyImportDialog) -> None:
    bad = tmp_path / "空白.csv"
    bad.write_text("序号,1、您对服务是否满意？\n1,\n2,\n", encoding="utf-8")
    assert not dialog.load(bad)
    assert "没有" in dialog.message.text()
    assert not dialog.import_button.isEnabled()
    old = tmp_path / "旧版.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert not dialog.load(old)
    assert dialog.message.text() == "旧版.xls 是旧版 Excel 文件：请另存为 .xlsx 或 CSV 后再导入"


def test_import_and_delete_are_one_undo_step_each(
        qtbot: Any, demo_window: MainWindow, dialog: SurveyImportDialog,
        dialog_log: DialogLog, qtmodeltester: Any) -> None:
    before = surveys(demo_window)
    dialog.load(DEMO)
    dialog.name.setText("热线满意度")
    steps = demo_window.undo_stack.count()
    assert dialog.store()
    assert surveys(demo_window) == [*before, "热线满意度"]
    assert demo_window.undo_stack.count() == steps + 1
    listing = SurveyListDialog(demo_window.session, demo_window)
    qtbot.addWidget(listing)
    qtmodeltester.check(listing.model)
    names = [listing.model.index(r, 0).data() for r in range(listing.model.rowCount())]
    assert names == [*before, "热线满意度"]
    row = names.index("热线满意度")
    assert [listing.model.index(row, c).data() for c in range(1, 5)] == [
        "demo-survey.csv", "60", "83.97%", "83.04"]
    listing.view.selectRow(row)
    dialog_log.answer("confirm", True)
    assert listing.delete_selected()
    assert surveys(demo_window) == before
    assert listing.model.rowCount() == len(before)
    demo_window.undo_stack.undo()
    assert surveys(demo_window) == [*before, "热线满意度"]
    demo_window.undo_stack.undo()
    assert surveys(demo_window) == before


def test_a_survey_needs_a_name(dialog: SurveyImportDialog, demo_window: MainWindow) -> None:
    before = surveys(demo_window)
    dialog.load(DEMO)
    dialog.name.setText("  ")
    assert not dialog.store()
    assert dialog.message.text() == "请填写调查名称（评分规则按名称引用调查）"
    assert surveys(demo_window) == before


def test_the_file_is_asked_for(monkeypatch: pytest.MonkeyPatch,
                               dialog: SurveyImportDialog) -> None:
    import ui.survey_dialog as module

    monkeypatch.setattr(module, "ask_survey_file", lambda _parent: str(DEMO))
    dialog.choose_button.click()
    assert dialog.file_label.text() == "demo-survey.csv"
    assert dialog.results.rowCount() == 5


def test_an_odd_answer_becomes_an_option_with_a_typed_score(
        qtbot: Any, dialog: SurveyImportDialog) -> None:
    dialog.load(DEMO)
    assert dialog.add_odd_answers() == 1
    options, view = dialog.options, dialog.options_view
    assert options.index(5, 0).data() == "还行"
    assert options.index(5, 1).data() == "不计分"
    # 还行 listed but not scored: neither valid nor odd, the results as before
    assert dialog.issues.rowCount() == 2
    assert table(dialog)[-1] == ["60", "237", "83.97%", "83.04"]
    assert (view.currentIndex().row(), view.currentIndex().column()) == (5, 1)
    type_cell(qtbot, view, "60")
    # 还行 worth 60, not satisfied: F has 59 valid; overall 199 of 238 = 83.61%,
    # (19680 + 60) ÷ 238 = 82.94
    assert table(dialog)[2] == ["60", "59", "69.49%", "75.93"]
    assert table(dialog)[-1] == ["60", "238", "83.61%", "82.94"]
    assert dialog.add_odd_answers() == 0


def checked_columns(box: SurveyImportDialog) -> list[str]:
    model = box.columns
    return [model.index(r).data()[:2] for r in range(model.rowCount())
            if model.index(r).data(Qt.ItemDataRole.CheckStateRole)
            == Qt.CheckState.Checked.value]


def test_the_question_columns_are_chosen_with_the_keys(qtbot: Any,
                                                       dialog: SurveyImportDialog,
                                                       qtmodeltester: Any) -> None:
    dialog.load(DEMO)
    columns, view = dialog.columns, dialog.columns_view
    qtmodeltester.check(columns)
    # the file's seven columns, the four whose answers are options ticked
    assert columns.rowCount() == 7
    assert columns.index(3).data() == "D列 1、您对热线接通速度是否满意？"
    assert checked_columns(dialog) == ["D列", "E列", "F列", "G列"]
    assert not dialog.auto_columns_button.isEnabled()
    # F cleared with the space bar: (50 + 55 + 53) ÷ (60 + 59 + 60) = 158/179 = 88.27%,
    # (4940 + 5220 + 5100) ÷ 179 = 15260 ÷ 179 = 85.25
    view.setFocus()
    view.setCurrentIndex(columns.index(5))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert checked_columns(dialog) == ["D列", "E列", "G列"]
    assert table(dialog) == [
        ["60", "60", "83.33%", "82.33"],
        ["60", "59", "93.22%", "88.47"],
        ["60", "60", "88.33%", "85.00"],
        ["60", "179", "88.27%", "85.25"],
    ]
    assert "F列“3、您对诉求办理结果是否满意？”" in dialog.skipped.text()
    assert dialog.auto_columns_button.isEnabled()
    # the choice stays when the option map is edited: 一般 satisfied, D 6 + E 3 + G 5 more,
    # 172/179 = 96.09%
    dialog.options.setData(dialog.options.index(2, 2), Qt.CheckState.Checked.value,
                           Qt.ItemDataRole.CheckStateRole)
    assert table(dialog)[-1][:3] == ["60", "179", "96.09%"]
    dialog.options.setData(dialog.options.index(2, 2), Qt.CheckState.Unchecked.value,
                           Qt.ItemDataRole.CheckStateRole)
    # only D and G (the Up key to E, then Space): 103/120 = 85.83%
    qtbot.keyClick(view, Qt.Key.Key_Up)
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert checked_columns(dialog) == ["D列", "G列"]
    assert table(dialog)[-1][:3] == ["60", "120", "85.83%"]
    # every column cleared: said, nothing to import
    for row in (3, 6):
        view.setCurrentIndex(columns.index(row))
        qtbot.keyClick(view, Qt.Key.Key_Space)
    assert checked_columns(dialog) == []
    assert dialog.message.text() == "没有勾选题目列：请至少勾选一列作为题目"
    assert not dialog.import_button.isEnabled()
    # 自动识别 goes back to D–G
    dialog.auto_columns_button.click()
    assert checked_columns(dialog) == ["D列", "E列", "F列", "G列"]
    assert table(dialog)[-1] == ["60", "237", "83.97%", "83.04"]


def test_the_chosen_columns_are_what_is_imported(dialog: SurveyImportDialog,
                                                 demo_window: MainWindow) -> None:
    from pfdesk import survey, survey_rows

    dialog.load(DEMO)
    dialog.columns.setData(dialog.columns.index(5), Qt.CheckState.Unchecked.value,
                           Qt.ItemDataRole.CheckStateRole)
    dialog.name.setText("不含办理结果")
    assert dialog.store()
    stored = next(s for s in survey_rows.surveys(demo_window.project)  # type: ignore[arg-type]
                  if s.name == "不含办理结果")
    summary = survey.from_json(stored.summary)
    assert [q.col for q in summary.questions] == [4, 5, 7]
    assert summary.overall().rate == Decimal("88.27")
