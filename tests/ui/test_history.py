"""Every change on record, seen from the window: the history view (an indicator's and the whole
project's), sign-off on the indicator page, the sign-off counts in the score panel, the user's
name asked once, and undo / redo that stay in step with the file when a write is refused.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit

from pfdesk import changelog, commands, identity, review
from pfdesk.edits import Edit
from pfdesk.project import Project
from ui import dialogs, main_window
from ui.history_view import HistoryDialog, HistoryView
from ui.main_window import MainWindow
from ui.models.history_model import LINES_ROLE, HistoryModel
from ui.pages.indicator_page import IndicatorPage
from ui.settings import Settings, load_settings

from .conftest import DialogLog, index_of, page_of

EDIT = Qt.ItemDataRole.EditRole


def digest(path: Path) -> str:
    """The file's bytes, hashed."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def named_window(qtbot: Any, name: str) -> MainWindow:
    win = MainWindow(Settings(user_name=name))
    qtbot.addWidget(win)
    win.show()
    return win


def type_score(qtbot: Any, page: IndicatorPage, code: str, text: str) -> None:
    """Type a score into the tree's 得分 editor and press Enter, as a user does."""
    view = page.view
    start = index_of(page, code, "得分")
    view.setCurrentIndex(start)
    view.edit(start)
    editor = view.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def refusal(window: MainWindow) -> str:
    """What the window says was not stored (the red banner and the corner)."""
    return window.notices.failed or ""


def table_texts(view: HistoryView, col: int = 3) -> list[str]:
    model = view.model
    return [model.index(r, col).data() for r in range(model.rowCount())]


# ----- what the window writes, the command line reads -----

def test_window_edits_read_back_by_the_command_line(qtbot: Any, seed_file: Path,
                                                    dialog_log: DialogLog,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    window = named_window(qtbot, "王会计")
    assert window.open_project(seed_file)
    page = page_of(window, "A")
    type_score(qtbot, page, "A11", "4")
    qtbot.waitUntil(lambda: window.project.by_code("A11").score == Decimal(4))
    page_b = page_of(window, "B")
    page_b.select_indicator(window.project.by_code("B12").id)
    dialog_log.answer("ask_deduction", dialogs.DeductionInput("1.5", "制度执行不到位", "检查记录"))
    page_b.details.add_deduction()
    window.close()
    assert window.project is None

    from pfdesk import cli

    assert cli.main(["history", str(seed_file), "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    # Newest first: the deduction, then the score; both by the window's user.
    deduction, score = entries[0], entries[1]
    assert [deduction["user"], score["user"]] == ["王会计", "王会计"]
    assert deduction["time"] > score["time"]
    assert deduction["device"] == score["device"] == identity.device()
    assert {"code": "A11", "field": "score", "before": "5.00", "after": "4.00"}.items() <= \
        next(c for c in score["changes"] if c["field"] == "score").items()
    added = {c["field"]: c["after"] for c in deduction["changes"] if c["table"] == "deduction"}
    assert added["points"] == "1.50" and added["reason"] == "制度执行不到位"
    assert added["evidence"] == "检查记录"
    b12 = next(c for c in deduction["changes"] if c["table"] == "indicator" and c["field"] == "score")
    # B12 (weight 4, 2 by hand) is now scored by its deduction: the stored hand score is cleared
    # and the engine gives 4 − 1.5 = 2.5
    assert (b12["code"], b12["before"], b12["after"]) == ("B12", "2.00", None)
    assert cli.main(["score", str(seed_file), "--json"]) == 0
    nodes = {n["code"]: n for n in json.loads(capsys.readouterr().out)["nodes"]}
    assert nodes["B12"]["score"] == "2.50"
    # The window's own history says the same, through the same log.
    with Project.open(seed_file, readonly=True, lock=False, backup=False) as project:
        items = changelog.history(project.conn, limit=2)
    assert [i.entry.id for i in items] == [deduction["id"], score["id"]]


# ----- undo and redo when the file refuses a write -----

def test_refused_undo_keeps_stack_and_file_in_step(seed_window: MainWindow, seed_file: Path,
                                                   dialog_log: DialogLog, qtbot: Any) -> None:
    window = seed_window
    page = page_of(window, "A")
    assert page.view.model().setData(index_of(page, "A12", "得分"), "2", EDIT)
    assert window.undo_stack.index() == 1
    # Another program commits a change to the file: the window's next write is refused.
    other = sqlite3.connect(seed_file)
    other.execute("UPDATE indicator SET name = '另一个程序改的' WHERE code = 'A31'")
    other.commit()
    other.close()
    before = digest(seed_file)
    window.actions_.undo.trigger()
    assert "无法撤销“A12 得分改为 2”" in refusal(window)
    assert "另一个窗口或程序修改" in refusal(window)
    qtbot.waitUntil(lambda: bool(dialog_log.errors))         # told once in a message box too
    assert "无法撤销“A12 得分改为 2”" in dialog_log.errors[-1][1]
    assert window.undo_stack.index() == 1 and window.undo_stack.canUndo()
    assert digest(seed_file) == before
    assert window.project.by_code("A12").score == Decimal(2)
    assert "未保存" in window.file_label.text()
    # Nothing was undone, so there is nothing to redo; asking anyway is harmless.
    assert not window.actions_.redo.isEnabled()
    window.actions_.redo.trigger()
    window.undo_stack.redo()
    assert window.undo_stack.index() == 1 and digest(seed_file) == before
    # Reopened, the file is read as it now is; the core still knows what to undo.
    window.close_project()
    assert window.open_project(seed_file)
    assert window.project.undo_label() == "A12 得分改为 2"
    assert window.project.by_code("A31").name == "另一个程序改的"


def test_undo_works_once_the_file_is_free_again(seed_window: MainWindow, seed_file: Path) -> None:
    window = seed_window
    page = page_of(window, "A")
    assert page.view.model().setData(index_of(page, "A12", "得分"), "2", EDIT)
    window.project.conn.execute("PRAGMA busy_timeout = 0")
    # Another program holds the file's write lock: undo and redo are refused, nothing moves.
    other = sqlite3.connect(seed_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    before = digest(seed_file)
    window.actions_.undo.trigger()
    assert "无法撤销“A12 得分改为 2”" in refusal(window)
    assert window.undo_stack.index() == 1 and digest(seed_file) == before
    window.undo_stack.redo()                      # nothing to redo: no error, nothing moves
    assert window.undo_stack.index() == 1
    other.execute("ROLLBACK")
    other.close()
    # The cause gone, Ctrl+Z undoes, Ctrl+Shift+Z redoes, and the file follows each step.
    window.actions_.undo.trigger()
    assert window.undo_stack.index() == 0
    assert window.project.by_code("A12").score == Decimal(3)
    with Project.open(seed_file, readonly=True, lock=False, backup=False) as disk:
        assert disk.by_code("A12").score == Decimal(3)
    window.actions_.redo.trigger()
    assert window.undo_stack.index() == 1
    assert window.project.by_code("A12").score == Decimal(2)
    # A redo refused after an undo: the stack keeps its place and the redo stays possible.
    window.actions_.undo.trigger()
    other = sqlite3.connect(seed_file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    window.actions_.redo.trigger()
    assert "无法重做“A12 得分改为 2”" in refusal(window)
    assert window.undo_stack.index() == 0 and window.undo_stack.canRedo()
    other.execute("ROLLBACK")
    other.close()
    window.actions_.redo.trigger()
    assert window.undo_stack.index() == 1
    assert window.project.by_code("A12").score == Decimal(2)


# ----- sign-off -----

def status_of(page: IndicatorPage, code: str) -> str:
    return index_of(page, code, "状态").data()


def test_sign_off_on_the_indicator_page(qtbot: Any, seed_file: Path,
                                        dialog_log: DialogLog) -> None:
    window = named_window(qtbot, "张三")
    assert window.open_project(seed_file)
    page = page_of(window, "A")
    a11 = window.project.by_code("A11")
    page.select_indicator(a11.id)
    bar = page.sign_off
    assert status_of(page, "A11") == "已评"
    status_cell = index_of(page, "A11", "状态")
    assert not status_cell.flags() & Qt.ItemFlag.ItemIsEditable    # signed beside the tree
    assert not page.view.model().setData(status_cell, "未评", EDIT)
    assert "编制：未签字 ／ 复核：未签字" in bar.line.text()
    qtbot.mouseClick(bar.buttons["prepare"], Qt.MouseButton.LeftButton)
    assert window.project.indicator(a11.id).prepared_by == "张三"
    assert bar.line.text().startswith("编制：张三 ")
    assert status_of(page, "A11") == "已编制"
    # 张三 may not review what 张三 prepared: the core's sentence is shown, nothing is stored.
    steps = window.undo_stack.count()
    qtbot.mouseClick(bar.buttons["review"], Qt.MouseButton.LeftButton)
    assert "A11 由您（张三）编制" in refusal(window)
    qtbot.waitUntil(lambda: bool(dialog_log.errors))
    assert "A11 由您（张三）编制，按本项目的规定不能由同一人复核" in dialog_log.errors[-1][1]
    assert window.project.indicator(a11.id).reviewed_by == ""
    assert window.undo_stack.count() == steps
    # 李四 reviews it.
    window.set_user_name("李四")
    qtbot.mouseClick(bar.buttons["review"], Qt.MouseButton.LeftButton)
    assert window.project.indicator(a11.id).reviewed_by == "李四"
    assert "／ 复核：李四 " in bar.line.text()
    assert status_of(page, "A11") == "已复核"
    assert not bar.changed_line.isVisible()
    counts = window.score_panel.sign_off
    assert counts.objectName() == "signOffCounts"
    assert counts.text() == "复核：已复核 1 / 35，已编制 1"
    # A later change of the score: 复核后已修改 in the tree, the red line, the panel, the history.
    assert page.view.model().setData(index_of(page, "A11", "得分"), "4", EDIT)
    assert status_of(page, "A11") == "复核后已修改"
    changed_cell = index_of(page, "A11", "状态")
    assert changed_cell.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c0392b"
    assert changed_cell.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "复核：李四" in changed_cell.data(Qt.ItemDataRole.ToolTipRole)
    assert bar.changed_line.isVisible()
    assert "复核后已修改：" in bar.changed_line.text()
    assert "A11 得分：5.00 → 4.00" in bar.changed_line.text()
    assert counts.text() == "复核：已复核 0 / 35，已编制 1\n复核后已修改 1"
    assert "A11" in counts.toolTip()
    page.tabs.setCurrentWidget(page.history)
    history = page.history.model
    assert history.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is not None  # after review
    assert history.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "复核之后的修改" in history.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert history.index(1, 3).data(Qt.ItemDataRole.BackgroundRole) is None      # the review
    # Clicking the count goes to the indicator changed after its review.
    page_of(window, "B")
    qtbot.mouseClick(counts, Qt.MouseButton.LeftButton)
    assert window.workspace.current_page() is page and page.current_id() == a11.id
    # Undo: reviewed again, and the panel says so.
    window.actions_.undo.trigger()
    assert status_of(page, "A11") == "已复核"
    assert not bar.changed_line.isVisible()
    assert counts.text() == "复核：已复核 1 / 35，已编制 1"
    # Withdrawing takes back the review first.
    qtbot.mouseClick(bar.buttons["withdraw"], Qt.MouseButton.LeftButton)
    assert status_of(page, "A11") == "已编制"


def test_sign_off_of_a_parent_signs_its_leaves(qtbot: Any, seed_file: Path) -> None:
    window = named_window(qtbot, "张三")
    assert window.open_project(seed_file)
    page = page_of(window, "A")
    page.select_indicator(window.project.by_code("A1").id)
    assert page.sign("prepare")
    assert [window.project.by_code(c).prepared_by for c in ("A11", "A12", "A21")] == \
        ["张三", "张三", ""]
    assert "下级 2 个末级指标：已编制 2，已复核 0" in page.sign_off.line.text()
    window.set_user_name("李四")
    page.select_indicator(window.project.by_code("A11").id)
    assert not page.sign("prepare")           # 张三's signature is not replaced silently
    assert page.sign("withdraw")
    assert page.sign("prepare")                              # now 李四's
    page.select_indicator(window.project.by_code("A1").id)
    assert page.sign("review")                # A12 only: 李四 prepared A11 and may not review it
    # Nothing left to review under A1: said in the status bar, nothing stored.
    steps = window.undo_stack.count()
    assert not page.sign("review")
    assert "A1 下没有您可以复核的末级指标" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == steps
    assert [window.project.by_code(c).reviewed_by for c in ("A11", "A12")] == ["", "李四"]
    for _ in range(4):
        window.actions_.undo.trigger()                       # one step for a whole branch
    assert window.project.by_code("A11").prepared_by == ""
    assert window.project.by_code("A12").prepared_by == ""


def test_self_review_allowed_in_project_information(qtbot: Any, seed_file: Path) -> None:
    window = named_window(qtbot, "张三")
    assert window.open_project(seed_file)
    info = window.workspace.pages["info"]
    box = info.findChild(QCheckBox, "info_allow_self_review")
    assert box is not None and not box.isChecked()
    box.click()
    assert window.project.info.allow_self_review is True
    page = page_of(window, "A")
    page.select_indicator(window.project.by_code("A11").id)
    assert page.sign("prepare") and page.sign("review")
    assert window.project.by_code("A11").sign_off == "已复核"
    for _ in range(3):
        window.actions_.undo.trigger()
    assert window.project.info.allow_self_review is False and not box.isChecked()


# ----- the history view -----

def test_indicator_history_follows_edits_and_undo(seed_window: MainWindow, qtbot: Any) -> None:
    window = seed_window
    page = page_of(window, "A")
    page.select_indicator(window.project.by_code("A12").id)
    page.tabs.setCurrentWidget(page.history)
    view = page.history
    assert view.table.objectName() == "historyView"
    assert view.count.text() == "共 1 条"                 # the seed's own entry, adding A12
    model = page.view.model()
    assert model.setData(index_of(page, "A12", "得分"), "2", EDIT)
    assert model.setData(index_of(page, "A11", "得分"), "4", EDIT)   # another indicator
    assert table_texts(view)[0] == "A12 得分：3.00 → 2.00"       # worded about A12 itself
    assert len(table_texts(view)) == 2
    window.actions_.undo.trigger()                                    # undoes A11: not here
    window.actions_.undo.trigger()
    texts = table_texts(view)
    assert len(texts) == 3 and texts[0] == "撤销：A12 得分：2.00 → 3.00"
    time_text = view.model.index(0, 0).data()
    assert len(time_text) == len("12-02 21:20:01") and time_text[2] == "-"
    full = view.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert full.endswith(time_text[6:]) and len(full) == len("2026-12-02 21:20:01")
    view.table.selectRow(1)
    assert view.detail.toPlainText().splitlines()[1:] == ["A12 得分：3.00 → 2.00"]
    assert view.model.index(1, 3).data(LINES_ROLE) == ["A12 得分：3.00 → 2.00"]
    # The parent shows its leaves' entries too.
    page.select_indicator(window.project.by_code("A1").id)
    assert len(table_texts(view)) == 5


def test_an_edit_of_many_indicators_is_worded_about_the_one_shown(qtbot: Any,
                                                                  seed_file: Path) -> None:
    window = named_window(qtbot, "张三")
    assert window.open_project(seed_file)
    project, session = window.project, window.session
    a11, b12 = project.by_code("A11"), project.by_code("B12")
    both = [*commands.set_score(project, a11.id, "4").ops,
            *commands.set_score(project, b12.id, "1").ops]
    assert session.push(Edit("A11、B12 得分", both))
    assert session.push(review.prepare(project, [a11.id, b12.id], identity.now_ms()))
    page = page_of(window, "B")
    page.select_indicator(b12.id)
    page.tabs.setCurrentWidget(page.history)
    view = page.history
    texts = table_texts(view)
    assert texts[:2] == ["B12 编制人：空 → 张三", "B12 得分：2.00 → 1.00"]
    assert not any("A11" in text for text in texts)
    assert view.model.index(1, 3).data(LINES_ROLE) == ["B12 得分：2.00 → 1.00"]
    # The whole project's history keeps each entry's summary, A11 and all.
    whole = HistoryModel(session)
    assert [whole.index(r, 3).data() for r in range(2)] == [
        changelog.history(project.conn, limit=2)[r].entry.summary for r in range(2)]
    assert "A11" in whole.index(1, 3).data() and "B12" in whole.index(1, 3).data()
    # An undo or a redo says so before the lines.
    window.actions_.undo.trigger()
    window.actions_.undo.trigger()
    assert table_texts(view)[0] == "撤销：B12 得分：1.00 → 2.00"
    window.actions_.redo.trigger()
    assert table_texts(view)[0] == "重做：B12 得分：2.00 → 1.00"
    assert project.by_code("B12").score == Decimal(1)


def test_project_history_filters_by_person(qtbot: Any, seed_file: Path) -> None:
    window = named_window(qtbot, "张三")
    assert window.open_project(seed_file)
    page = page_of(window, "A")
    model = page.view.model()
    assert model.setData(index_of(page, "A12", "得分"), "2", EDIT)
    window.set_user_name("李四")
    assert model.setData(index_of(page, "A21", "得分"), "2", EDIT)
    assert model.setData(index_of(page, "A22", "得分"), "1", EDIT)
    window.actions_.history.trigger()
    dialog = window.findChild(HistoryDialog)
    assert dialog is not None and dialog.isVisible()
    view = dialog.view
    combo = view.user_filter
    assert combo.objectName() == "historyUserFilter"
    people = [combo.itemText(i) for i in range(combo.count())]
    assert people[0] == "全部" and {"张三", "李四"} <= set(people)
    assert people[1:] == changelog.users(window.project.conn)
    assert [view.model.index(r, 1).data() for r in range(3)] == ["李四", "李四", "张三"]
    assert view.choose_user("张三")
    assert table_texts(view) == ["修改 A12 立项程序规范性 得分 3 → 2"]
    assert view.count.text() == "张三 的修改：共 1 条"
    # A new edit by 张三 appears at once; one by 李四 does not, under this filter.
    window.set_user_name("张三")
    assert model.setData(index_of(page, "A11", "得分"), "4", EDIT)
    assert table_texts(view)[0] == "修改 A11 立项依据充分性 得分 5 → 4"
    window.set_user_name("王五")
    assert model.setData(index_of(page, "A11", "得分"), "3", EDIT)
    assert len(table_texts(view)) == 2
    assert "王五" in [combo.itemText(i) for i in range(combo.count())]
    view.choose_user(None)
    assert len(table_texts(view)) == 5 + 2                 # and the seed's two entries
    # A double click goes to the indicator.
    page_of(window, "B")
    view.table.doubleClicked.emit(view.model.index(0, 3))
    assert window.workspace.current_page() is page
    assert page.current_id() == window.project.by_code("A11").id
    # Closing the project closes its history window.
    window.close_project()
    qtbot.waitUntil(lambda: window.findChild(HistoryDialog) is None)


def test_history_reads_a_page_at_a_time(seed_window: MainWindow, qtmodeltester: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = seed_window
    session = window.session
    page = page_of(window, "A")
    model_a = page.view.model()
    for n in range(12):
        assert model_a.setData(index_of(page, "A12", "得分"), str(n % 3), EDIT)
    asked: list[tuple[int | None, int | None]] = []
    real = changelog.history

    def counting(*args: Any, **kwargs: Any) -> list[changelog.HistoryItem]:
        asked.append((kwargs.get("limit"), kwargs.get("before_seq")))
        return real(*args, **kwargs)

    monkeypatch.setattr(changelog, "history", counting)
    every = [item.entry.seq for item in real(window.project.conn)]
    total = len(every)
    assert total == 12 + 2                                 # and the seed's two entries
    model = HistoryModel(session, page_size=5)
    qtmodeltester.check(model)
    assert asked == [(6, None)] and model.rowCount() == 5 and model.more

    def seqs() -> list[int]:
        return [model.item_at(r).entry.seq for r in range(model.rowCount())]

    # Each page reads only the entries older than the last one held: no repeats, no gaps.
    model.load_more()
    assert asked[-1] == (6, every[4]) and model.rowCount() == 10 and model.more
    assert seqs() == every[:10]
    model.load_more()
    assert asked[-1] == (6, every[9]) and not model.more
    assert seqs() == every
    asked.clear()
    model.load_more()                                      # nothing older: nothing read
    assert asked == [] and model.rowCount() == total
    # An edit reads only the newest few entries, not the whole log again.
    assert model_a.setData(index_of(page, "A12", "得分"), "3", EDIT)
    assert asked == [(16, None)] and model.rowCount() == total + 1
    assert seqs() == [item.entry.seq for item in real(window.project.conn)]
    qtmodeltester.check(model)


def test_a_hidden_history_reads_only_when_shown(seed_window: MainWindow,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    page = page_of(seed_window, "A")
    page.select_indicator(seed_window.project.by_code("A12").id)
    page.tabs.setCurrentWidget(page.history)
    assert len(table_texts(page.history)) == 1
    page.tabs.setCurrentWidget(page.details)              # score entry with the history hidden
    asked: list[object] = []
    real = changelog.history
    monkeypatch.setattr(changelog, "history", lambda *a, **k: asked.append(k) or real(*a, **k))
    for text in ("2", "1"):
        assert page.view.model().setData(index_of(page, "A12", "得分"), text, EDIT)
    page.select_indicator(seed_window.project.by_code("A11").id)
    page.select_indicator(seed_window.project.by_code("A12").id)
    assert asked == []
    page.tabs.setCurrentWidget(page.history)
    assert len(asked) == 1
    assert table_texts(page.history)[:2] == ["A12 得分：2.00 → 1.00", "A12 得分：3.00 → 2.00"]


def test_history_of_ten_thousand_entries_opens_quickly(seed_file: Path, qtbot: Any) -> None:
    project = Project.open(seed_file)
    a12 = project.by_code("A12")
    rows, log = [], []
    for n in range(10_000):
        seq = n + 100
        log.append((seq, f"e{n}", f"2026-01-01T00:00:{n % 60:02d}.000Z", f"user{n % 7}", "pc",
                    "edit", "x", f"第 {n} 次"))
        rows.append((seq, 0, "indicator", a12.id, a12.id, "A12", "update",
                     json.dumps({"score": "1"}), json.dumps({"score": "2"})))
    project.close()
    conn = sqlite3.connect(seed_file, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO change_log (seq, id, time, user, device, kind, label, summary) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", log)
    conn.executemany("INSERT INTO change_row (entry, n, tbl, row_id, indicator_id, code, op, "
                     "before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    window = MainWindow(Settings(user_name="张三"))
    qtbot.addWidget(window)
    assert window.open_project(seed_file)
    start = time.perf_counter()
    window.actions_.history.trigger()
    dialog = window.findChild(HistoryDialog)
    elapsed = time.perf_counter() - start
    assert dialog.view.model.rowCount() == 500 and dialog.view.more.isVisibleTo(dialog)
    assert table_texts(dialog.view)[0] == "第 9999 次"
    assert elapsed < 2.0, elapsed
    combo = dialog.view.user_filter
    assert combo.count() == 1 + 7 + 1                      # 全部, user0 … user6, the seed's


def test_read_only_project_shows_history_but_signs_nothing(window: MainWindow,
                                                           seed_file: Path) -> None:
    window.adopt_project(Project.open(seed_file, readonly=True, user="张三"))
    page = page_of(window, "A")
    page.select_indicator(window.project.by_code("A11").id)
    page.tabs.setCurrentWidget(page.history)
    assert page.history.user_filter.isEnabled()
    assert len(table_texts(page.history)) == 1
    assert not any(b.isEnabled() for b in page.sign_off.buttons.values())
    assert not any(a.isEnabled() for a in page.sign_actions.values())


# ----- the user's name -----

def test_name_asked_once_when_opening_from_the_window(window: MainWindow, seed_file: Path,
                                                      dialog_log: DialogLog,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main_window, "may_ask_user_name", lambda: True)
    dialog_log.answer("ask_open_project", str(seed_file))
    dialog_log.answer("ask_user_name", "赵六")
    window.ask_open()
    assert window.project is not None and window.project.author == "赵六"
    assert window.settings.user_name == "赵六"
    assert load_settings().user_name == "赵六"
    window.close_project()
    assert window.start_page.user_edit.text() == "赵六"
    dialog_log.answer("ask_open_project", str(seed_file))
    window.ask_open()                   # not asked again (no answer queued)
    assert window.project is not None


def test_scripts_and_offscreen_runs_are_never_asked(window: MainWindow, seed_file: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PFDESK_USER", "构建机")
    assert not main_window.may_ask_user_name()
    window.start_page.recent_chosen.emit(str(seed_file))      # no dialog queued: none asked
    assert window.project is not None and window.project.author == "构建机"
    assert window.settings.user_name == ""
    page = page_of(window, "A")
    assert page.view.model().setData(index_of(page, "A12", "得分"), "2", EDIT)
    assert changelog.history(window.project.conn, limit=1)[0].entry.user == "构建机"


def test_the_name_dialog_never_returns_empty(qtbot: Any) -> None:
    dialog = dialogs.UserNameDialog(None, "电脑账户")
    qtbot.addWidget(dialog)
    dialog.name.setText("   ")
    assert dialog.value() == "电脑账户"
    dialog.name.setText(" 钱  七 ")
    assert dialog.value() == "钱 七"


def test_a_blank_name_on_the_start_page_keeps_the_known_one(window: MainWindow) -> None:
    window.set_user_name("孙八")
    window.start_page.user_edit.setText("  ")
    window.start_page.user_edit.editingFinished.emit()
    assert window.settings.user_name == "孙八"
    assert window.start_page.user_edit.text() == "孙八"
