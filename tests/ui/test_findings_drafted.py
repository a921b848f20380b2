"""评价发现's drafting buttons, the analysis draft that asks before touching typed text, the
firm's phrases offered while typing, and the phrase library dialog.

Seed 004 as scored loses points on A21 (1), A22 (2), B11 (1), B12 (2), B15 (1.5), B25 (1), D16 (1)
and D22 (2); A21 gets a deduction of 1 with a reason, so it is scored by deduction at 4 − 1 = 3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from pfdesk import commands, phrases
from ui import draft_dialogs, phrases_dialog
from ui.main_window import MainWindow
from ui.pages.forms.findings_page import FindingsPage
from ui.phrases_dialog import PhrasesDialog

from .conftest import DialogLog, page_of

DRAFTED = [
    "决策方面：A21绩效目标合理性扣1分（以总体目标代替年度目标）；A22绩效指标明确性扣2分。",
    "过程方面：B11管理制度健全性扣1分；B12制度执行有效性扣2分；B15绩效自评合理性扣1.5分；"
    "B25资金支付及时性扣1分。",
    "效益方面：D16应急联动能力提升情况扣1分；D22长效机制建立健全性扣2分。",
]


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[Any]]:
    """The drafting questions replaced: previews recorded, answers queued per question."""
    log: dict[str, list[Any]] = {"previews": [], "add": [], "placement": []}

    def add(_parent: object, title: str, summary: str) -> bool:
        log["previews"].append((title, summary))
        return log["add"].pop(0)

    monkeypatch.setattr(draft_dialogs, "ask_add_drafts", add)
    monkeypatch.setattr(draft_dialogs, "ask_draft_placement",
                        lambda _p, _name: log["placement"].pop(0))
    return log


def type_chinese(widget: QWidget, text: str) -> None:
    """Text committed by an input method, as Chinese is typed."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def findings_page(window: MainWindow) -> FindingsPage:
    assert window.workspace is not None
    window.workspace.show_page("findings")
    page = window.workspace.pages["findings"]
    assert isinstance(page, FindingsPage)
    return page


def _with_reason(window: MainWindow) -> None:
    project = window.project
    assert project is not None
    a21 = project.by_code("A21")
    assert window.session.push(commands.add_deduction(project, a21.id, "1",
                                                      "以总体目标代替年度目标。"))


def test_problems_drafted_from_deductions_in_one_step(seed_window: MainWindow, asked,
                                                      qtmodeltester) -> None:
    _with_reason(seed_window)
    page = findings_page(seed_window)
    steps = seed_window.undo_stack.count()
    asked["add"].append(True)
    page.draft_problems_button.click()
    title, summary = asked["previews"][0]
    assert title == "由扣分生成问题"
    assert summary == "将添加 3 条问题：\n" + "\n".join(
        f"{n}. {text}" for n, text in enumerate(DRAFTED, 1))
    model = page.editors["问题"].model
    qtmodeltester.check(model, force_py=False)
    assert [model.index(r, 0).data(Qt.ItemDataRole.EditRole) for r in range(3)] == DRAFTED
    assert [model.index(r, 2).data() for r in range(3)] == [
        "A21、A22", "B11、B12、B15、B25", "D16、D22"]
    assert page.tabs.currentIndex() == 1
    assert page.editors["问题"].current_row_id() == seed_window.project.findings("问题")[0].id
    assert seed_window.undo_stack.count() == steps + 1
    assert seed_window.undo_stack.undoText() == "由扣分生成问题（3 条）"
    seed_window.undo_stack.undo()
    assert model.rowCount() == 0 and seed_window.project.findings() == []


def test_covered_indicators_are_skipped_and_nothing_twice(seed_window: MainWindow, asked,
                                                          dialog_log: DialogLog) -> None:
    page = findings_page(seed_window)
    asked["add"].append(True)
    page.draft_problems_button.click()
    # A second press finds every indicator covered: it says so and asks nothing.
    page.draft_problems_button.click()
    assert len(asked["previews"]) == 1
    assert dialog_log.infos[-1][1].startswith("没有需要添加的问题")
    assert "A21绩效目标合理性、A22绩效指标明确性、B11" in dialog_log.infos[-1][1]
    assert len(seed_window.project.findings("问题")) == 3


def test_cancelling_the_preview_adds_nothing(seed_window: MainWindow, asked) -> None:
    page = findings_page(seed_window)
    steps = seed_window.undo_stack.count()
    asked["add"].append(False)
    page.draft_problems_button.click()
    assert seed_window.project.findings() == [] and seed_window.undo_stack.count() == steps


def test_suggestions_drafted_one_per_problem(seed_window: MainWindow, asked) -> None:
    page = findings_page(seed_window)
    asked["add"].extend([True, True])
    page.draft_problems_button.click()
    page.draft_suggestions_button.click()
    project = seed_window.project
    problems = project.findings("问题")
    suggestions = project.findings("建议")
    assert [s.problem_id for s in suggestions] == [p.id for p in problems]
    book = phrases.default_book()
    # 决策: the shipped sentences for 绩效目标合理性 and 绩效指标明确性, in that order.
    assert suggestions[0].text == (book.get("绩效目标合理性").suggestions[0]
                                   + book.get("绩效指标明确性").suggestions[0])
    assert page.tabs.currentIndex() == 2
    assert page.editors["建议"].model.index(0, 1).data().startswith("1. 决策方面")
    seed_window.undo_stack.undo()
    assert project.findings("建议") == [] and len(project.findings("问题")) == 3


def test_analysis_draft_asks_before_touching_typed_text(seed_window: MainWindow, asked,
                                                        dialog_log: DialogLog) -> None:
    _with_reason(seed_window)
    page = page_of(seed_window, "A")
    project = seed_window.project
    a21 = project.by_code("A21")
    page.select_indicator(a21.id)
    details = page.details
    draft = "以总体目标代替年度目标。根据相关评分标准，扣1分，该指标得3分。"
    seed_window.session.push(commands.set_indicator(project, a21.id, analysis="经查阅申报表"))
    steps = seed_window.undo_stack.count()
    asked["placement"].append(None)                       # 取消
    details.draft()
    assert project.indicator(a21.id).analysis == "经查阅申报表"
    assert seed_window.undo_stack.count() == steps
    asked["placement"].append(draft_dialogs.APPEND)      # 添加到末尾
    details.draft()
    assert project.indicator(a21.id).analysis == "经查阅申报表。" + draft
    # Everything is written now: adding again would repeat it, so nothing is added.
    asked["placement"].append(draft_dialogs.APPEND)
    details.draft()
    assert project.indicator(a21.id).analysis == "经查阅申报表。" + draft
    assert dialog_log.infos[-1][1] == (
        "分析中已写明目标值、实际完成值、各项扣分理由和得分，没有需要添加的内容。")
    asked["placement"].append(draft_dialogs.REPLACE)     # 替换
    details.draft()
    assert project.indicator(a21.id).analysis == draft
    assert details.analysis.toPlainText() == draft
    seed_window.undo_stack.undo()
    assert project.indicator(a21.id).analysis == "经查阅申报表。" + draft


def test_phrases_offered_while_typing_the_analysis(seed_window: MainWindow, qtbot) -> None:
    page = page_of(seed_window, "B")
    page.select_indicator(seed_window.project.by_code("B26").id)   # 预算执行率
    details = page.details
    page.tabs.setCurrentWidget(details)
    details.analysis.setFocus()
    qtbot.waitUntil(details.analysis.hasFocus)
    type_chinese(details.analysis, "经核查，")
    assert not details.phrases.completer.popup().isVisible()
    type_chinese(details.analysis, "支出进度")
    popup = details.phrases.completer.popup()
    assert popup.isVisible()
    shown = details.phrases.completer.completionModel()
    entry = phrases.default_book().get("预算执行率")
    expected = entry.problems[1]
    # The problem and the cause that mention 支出进度, problems first.
    assert expected.startswith("项目资金支出进度") and "支出进度" in entry.causes[0]
    assert [shown.index(r, 0).data() for r in range(shown.rowCount())] == [
        expected, entry.causes[0]]
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert details.analysis.toPlainText() == "经核查，" + expected
    assert not popup.isVisible()
    # Ctrl+Space lists every sentence for the indicator and inserts at the cursor.
    qtbot.keyClick(details.analysis, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert popup.isVisible()
    assert shown.rowCount() == len(entry.problems) + len(entry.causes)
    # A click on the cause puts it at the cursor, after what is there.
    rect = popup.visualRect(shown.index(2, 0))
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert details.analysis.toPlainText() == "经核查，" + expected + entry.causes[0]
    # Leaving the field stores the text as one step.
    details.commit_pending()
    assert seed_window.project.by_code("B26").analysis == "经核查，" + expected + entry.causes[0]


def test_problem_cells_offer_the_linked_indicators_sentences(seed_window: MainWindow,
                                                             asked) -> None:
    page = findings_page(seed_window)
    asked["add"].append(True)
    page.draft_problems_button.click()
    view = page.editors["问题"].view
    model = page.editors["问题"].model
    view.edit(model.index(0, 1))                       # 原因分析 of the 决策 problem
    editor = view.indexWidget(model.index(0, 1)) or view.focusWidget()
    completer = editor.phrase_completer
    book = phrases.default_book()
    assert completer.provider() == (book.get("绩效目标合理性").causes
                                    + book.get("绩效指标明确性").causes)


def test_phrase_library_button_opens_the_dialog(seed_window: MainWindow, monkeypatch) -> None:
    opened: list[object] = []
    monkeypatch.setattr(phrases_dialog, "edit_phrases", opened.append)
    page = findings_page(seed_window)
    page.phrases_button.click()
    assert opened == [page]


def test_phrase_dialog_edits_imports_and_exports(qtbot, tmp_path: Path, monkeypatch,
                                                 dialog_log: DialogLog) -> None:
    dialog = PhrasesDialog(phrases.default_book())
    qtbot.addWidget(dialog)
    assert dialog.select_name("预算执行率")
    dialog.texts["suggestions"].setPlainText("本所建议一\n\n本所建议二\n本所建议一")
    # A hostile file is refused with the reason; what is shown stays.
    bad = tmp_path / "bad.json"
    bad.write_text("[" * 50_000, encoding="utf-8")
    monkeypatch.setattr(draft_dialogs, "ask_phrase_import", lambda _p: str(bad))
    dialog.import_button.click()
    assert dialog_log.errors[-1][1] == ("无法读取常用语文件 bad.json：嵌套层数过多。\n"
                                        "请选择由 pfdesk 导出的常用语文件（.json）。")
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"indicators": [
        {"name": "预算执行率", "suggestions": ["本所建议一", "外来建议"]},
        {"name": "新的指标", "problems": ["外来问题"]}]}, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(draft_dialogs, "ask_phrase_import", lambda _p: str(good))
    dialog.import_button.click()
    assert dialog_log.infos[-1][1] == "已导入 2 句新的常用语，原有的常用语保留不变。点“保存”后生效。"
    out = tmp_path / "导出.json"
    monkeypatch.setattr(draft_dialogs, "ask_phrase_export", lambda _p, _s: str(out))
    dialog.export_button.click()
    exported = phrases.read_file(out)
    assert exported.get("预算执行率").suggestions == ["本所建议一", "本所建议二", "外来建议"]
    assert exported.get("新的指标").problems == ["外来问题"]
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert phrases.firm_book() == (exported, "")


def test_phrase_dialog_refuses_a_duplicate_name(qtbot, dialog_log: DialogLog) -> None:
    dialog = PhrasesDialog(phrases.default_book())
    qtbot.addWidget(dialog)
    dialog.add_button.click()
    index = dialog.names.currentIndex()
    assert index.data() == "新指标"
    dialog.name_model.setData(index, "预算执行率")
    assert dialog_log.errors[-1][1] == "已有名为“预算执行率”的指标"
    assert index.data() == "新指标"
    dialog.remove_button.click()
    assert dialog.book.get("新指标") is None


def test_phrases_button_lists_or_says_there_are_none(seed_window: MainWindow,
                                                     dialog_log: DialogLog) -> None:
    page = page_of(seed_window, "B")
    details = page.details
    page.select_indicator(seed_window.project.by_code("B26").id)   # 预算执行率: in the library
    details.phrases_button.click()
    assert details.phrases.completer.popup().isVisible() and not dialog_log.infos
    details.phrases.completer.popup().hide()
    page.select_indicator(seed_window.project.by_code("B13").id)   # 采购程序合规性: not
    details.phrases_button.click()
    assert dialog_log.infos[-1][1] == (
        "常用语库中还没有“采购程序合规性”的句子。可在“评价发现”页点“常用语库…”添加。")


def test_phrase_dialog_says_why_the_firms_file_was_not_used(qtbot, monkeypatch) -> None:
    phrases.firm_path().parent.mkdir(parents=True, exist_ok=True)
    phrases.firm_path().write_text('{"indicators": 5}', encoding="utf-8")
    shown: list[PhrasesDialog] = []

    def exec_(dialog: PhrasesDialog) -> int:
        shown.append(dialog)
        return 0

    monkeypatch.setattr(PhrasesDialog, "exec", exec_)
    assert not phrases_dialog.edit_phrases(None, "预算执行率")
    dialog = shown[0]
    assert dialog.problem.text() == (
        "无法读取常用语文件 phrases.json：不是 pfdesk 常用语库（缺少“indicators”列表），"
        "已改用程序自带的常用语。保存后将用这里显示的内容替换该文件。")
    assert dialog.names.currentIndex().data() == "预算执行率"
    assert dialog.book == phrases.default_book()
    # The dialog is freed once closed.
    destroyed: list[bool] = []
    dialog.destroyed.connect(lambda: destroyed.append(True))
    qtbot.waitUntil(lambda: bool(destroyed))
