"""The 合并副本 dialog: a leader's file and two members' copies merged from the window, what each
copy brought, a conflict settled by choosing a value (and reopened by undo), a refused file, the
score panel's count of open conflicts and the export check that refuses a final report.
"""

from __future__ import annotations

import re
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from pfdesk import changelog, commands, merge
from pfdesk.conflicts import open_conflicts
from pfdesk.project import Project
from tests.team_files import edit, hand_out
from ui.main_window import MainWindow
from ui.merge_dialog import MergeDialog
from ui.models.conflict_model import ConflictListModel, MergeSummaryModel
from ui.pages.export_checks import check_list

from .conftest import DialogLog, index_of, page_of

DISPLAY = Qt.ItemDataRole.DisplayRole


_edit = edit


@pytest.fixture()
def team(tmp_path: Path) -> dict[str, Path]:
    """The leader's file (A: A1 6 points, A2 4 points) and two copies: 甲 scores A1 5, 乙 scores
    A1 4 and A2 3 — one conflict (A1) and one change that simply arrives (A2)."""
    paths = hand_out(tmp_path)
    _edit(paths["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A1").id, "5"))
    _edit(paths["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A1").id, "4"))
    _edit(paths["乙"], "乙", lambda p: commands.set_score(p, p.by_code("A2").id, "3"))
    return paths


def _open(window: MainWindow, dialog_log: DialogLog, *copies: Path) -> MergeDialog:
    """The dialog from the 文件 menu, with the copies added through the file dialog."""
    window.actions_.merge.trigger()
    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.steps.currentIndex() == 0
    dialog_log.answer("ask_merge_copies", [str(p) for p in copies])
    dialog.findChild(QPushButton, "mergeAddButton").click()
    return dialog


def _score(window: MainWindow, code: str) -> D | None:
    return window.project.by_code(code).score  # type: ignore[union-attr]


def _panel_line(window: MainWindow) -> QLabel:
    return window.score_panel.findChild(QLabel, "openConflicts")


def _summary(dialog: MergeDialog) -> list[list[str]]:
    model = dialog.summary
    return [[model.index(r, c).data(DISPLAY) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_merge_summary_choose_a_value_and_undo(window: MainWindow, team: dict[str, Path],
                                               dialog_log: DialogLog) -> None:
    assert window.open_project(team["lead"])
    assert _panel_line(window).isHidden()
    page = page_of(window, "A")                # shown before the merge: it must follow it
    assert index_of(page, "A2", "得分").data(DISPLAY) in ("", None)
    dialog = _open(window, dialog_log, team["甲"], team["乙"])
    assert dialog.paths.stringList() == [str(team["甲"]), str(team["乙"])]
    dialog.findChild(QPushButton, "mergeRunButton").click()
    # ② what each copy brought
    assert dialog.steps.currentIndex() == 1
    assert _summary(dialog) == [["甲.sqlite", "甲", "带来 2 处修改", "无冲突"],
                                ["乙.sqlite", "乙", "带来 2 处修改", "冲突 1 处"]]
    assert "有 1 处冲突" in dialog.findChild(QLabel, "mergeHeadline").text()
    assert (_score(window, "A1"), _score(window, "A2")) == (D(5), D(3))
    assert index_of(page, "A2", "得分").data(DISPLAY) in ("3", "3.00")
    assert window.actions_.undo.text() == "撤销 合并 甲.sqlite、乙.sqlite"
    line = _panel_line(window)
    assert not line.isHidden() and "合并冲突未解决：1 处" in line.text()
    checks = check_list(window.project, [], "full")  # type: ignore[arg-type]
    lines = [c.message for c in checks]
    assert "合并冲突未解决：1 处（A1 得分），报告不能作为定稿" in lines
    assert checks[0].kind == "conflict" and "合并副本" in checks[0].action
    # ③ the conflict, values side by side with who and when
    dialog.findChild(QPushButton, "mergeToConflictsButton").click()
    assert dialog.steps.currentIndex() == 2
    assert dialog.findChild(QLabel, "conflictTitle").text() == "A1 立项依据充分性 · 得分（分值 6 分）"
    values = [v.text() for v in dialog.findChildren(QLabel, "conflictValue")]
    who = [w.text() for w in dialog.findChildren(QLabel, "conflictWho")]
    assert values == ["5", "4"]                  # the project's 分数写法 (plain)
    assert who[0].startswith("甲 · ") and who[1].startswith("乙 · ")
    assert re.search(r"\d\d-\d\d \d\d:\d\d\n来自 乙\.sqlite$", who[1])
    dialog.findChild(QPushButton, "conflictChoose1").click()
    assert _score(window, "A1") == D(4)
    assert dialog.findChild(QLabel, "conflictsDone").isVisible()
    assert line.isHidden() and open_conflicts(window.project) == []  # type: ignore[arg-type]
    assert not [x for x in check_list(window.project, [], "full")  # type: ignore[arg-type]
                if x.kind == "conflict"]
    assert window.score_panel.total.text() == "7"
    # Ctrl+Z reopens the conflict; a second undo takes the whole merge back
    window.undo_stack.undo()
    assert _score(window, "A1") == D(5) and "1 处" in line.text() and not line.isHidden()
    assert dialog.findChild(QLabel, "conflictValue") is not None
    assert not dialog.findChild(QLabel, "conflictsDone").isVisible()
    window.undo_stack.undo()
    assert (_score(window, "A1"), _score(window, "A2")) == (None, None)
    assert line.isHidden()


def test_another_projects_file_is_one_sentence_and_changes_nothing(
        window: MainWindow, team: dict[str, Path], tmp_path: Path,
        dialog_log: DialogLog) -> None:
    other = tmp_path / "别的项目.sqlite"
    Project.create(other, user="某人").close()
    assert window.open_project(team["lead"])
    entries = changelog.count(window.project.conn)  # type: ignore[union-attr]
    dialog = _open(window, dialog_log, team["甲"], other)
    assert not dialog.run_merge()
    error = dialog.findChild(QLabel, "mergeError")
    assert not error.isHidden()
    assert "别的项目.sqlite 是另一个项目" in error.text() and "没有合并任何内容" in error.text()
    assert "\n" not in error.text() and "请把有问题的文件从列表中移除" in error.text()
    assert dialog.steps.currentIndex() == 0
    assert changelog.count(window.project.conn) == entries  # type: ignore[union-attr]
    assert not window.undo_stack.canUndo() and _score(window, "A1") is None
    # removing the wrong file and merging again works
    dialog.copy_list.setCurrentIndex(dialog.paths.index(1))
    dialog.findChild(QPushButton, "mergeRemoveButton").click()
    assert dialog.paths.stringList() == [str(team["甲"])]
    assert dialog.run_merge() and _score(window, "A1") == D(5)
    assert error.isHidden()


def test_open_conflicts_open_the_dialog_at_the_conflicts(
        window: MainWindow, team: dict[str, Path], qtbot: Any) -> None:
    with Project.open(team["lead"], user="组长") as lead:
        merge.merge(lead, [team["甲"], team["乙"]])
    assert window.open_project(team["lead"])
    line = _panel_line(window)
    assert "1 处" in line.text()
    qtbot.mouseClick(line, Qt.MouseButton.LeftButton)
    dialog = window.findChild(MergeDialog)
    assert dialog is not None and dialog.steps.currentIndex() == 2
    # a typed value: nonsense is refused in the dialog, a number settles the conflict
    pane = dialog.pane
    pane.custom.setText("很多")
    assert not pane.use_custom()
    assert dialog.findChild(QLabel, "conflictError").text()
    assert _score(window, "A1") == D(5) and open_conflicts(window.project)  # type: ignore[arg-type]
    pane.custom.setText("4.5")
    assert pane.use_custom()
    assert _score(window, "A1") == D("4.5") and line.isHidden()
    assert window.actions_.undo.text().startswith("撤销 解决 A1 的冲突")


def test_models_pass_the_model_tester(qtmodeltester: Any, team: dict[str, Path]) -> None:
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        conflicts = ConflictListModel()
        conflicts.set_conflicts(open_conflicts(lead))
        qtmodeltester.check(conflicts)
        assert conflicts.index(0, 0).data(DISPLAY) == "A1 得分"
        summary = MergeSummaryModel()
        summary.set_reports(result.sources)
        qtmodeltester.check(summary)
        assert summary.rowCount() == 2 and summary.columnCount() == 4


def test_skip_goes_to_the_next_and_closing_the_project_closes_the_dialog(
        window: MainWindow, team: dict[str, Path], dialog_log: DialogLog, qtbot: Any) -> None:
    _edit(team["甲"], "甲", lambda p: commands.set_score(p, p.by_code("A2").id, "2"))
    assert window.open_project(team["lead"])
    dialog = _open(window, dialog_log, team["甲"], team["乙"])
    assert dialog.run_merge()
    assert "2 处" in _panel_line(window).text()
    dialog.findChild(QPushButton, "mergeToConflictsButton").click()
    title = dialog.findChild(QLabel, "conflictTitle")
    assert title.text().startswith("A1 ")
    skip = dialog.findChild(QPushButton, "conflictSkipButton")
    skip.click()
    assert title.text().startswith("A2 ") and _score(window, "A1") == D(5)
    dialog.findChild(QPushButton, "conflictChoose0").click()     # A2 keeps 甲's 2
    assert _score(window, "A2") == D(2) and title.text().startswith("A1 ")
    assert skip.isHidden() and "1 处" in _panel_line(window).text()
    window.close_project()
    qtbot.waitUntil(lambda: window.findChild(MergeDialog) is None, timeout=2000)


def test_a_row_deleted_in_a_copy_and_changed_here_is_kept_or_removed(
        window: MainWindow, team: dict[str, Path], dialog_log: DialogLog) -> None:
    _edit(team["lead"], "组长", lambda p: commands.set_fields(
        p, "finding", p.findings()[0].id, "改问题", text="目标不细化"))
    _edit(team["甲"], "甲", lambda p: commands.remove_row(p, "finding", p.findings()[0].id, "删"))
    assert window.open_project(team["lead"])
    dialog = _open(window, dialog_log, team["甲"])
    assert dialog.run_merge()
    dialog.show_step(2)
    pane = dialog.pane
    assert pane.title.text() == "问题「目标不细化」 · 整行（一方删除、一方修改）"
    values = [v.text() for v in dialog.findChildren(QLabel, "conflictValue")]
    assert sorted(values) == ["保留这一行", "删除这一行"]
    assert pane.custom.isHidden()                     # only the two choices make sense
    remove = values.index("删除这一行")
    dialog.findChild(QPushButton, f"conflictChoose{remove}").click()
    assert window.project.findings() == []  # type: ignore[union-attr]
    window.undo_stack.undo()
    assert [f.text for f in window.project.findings()] == ["目标不细化"]  # type: ignore[union-attr]


def test_a_read_only_project_says_how_to_merge(window: MainWindow, team: dict[str, Path],
                                               dialog_log: DialogLog) -> None:
    window.adopt_project(Project.open(team["lead"], readonly=True))
    dialog = _open(window, dialog_log, team["甲"])
    assert not dialog.run_merge()
    assert "另存为" in dialog.findChild(QLabel, "mergeError").text()
    assert _score(window, "A1") is None and not window.undo_stack.canUndo()


def test_two_countings_of_one_survey_are_chosen_between_not_typed(
        window: MainWindow, tmp_path: Path, dialog_log: DialogLog) -> None:
    """A survey's counts can only be one of those listed (a typed "100%" would leave the survey
    unreadable): the cards tell them apart by sample, 满意率 and file; no typing box."""
    from pfdesk import survey
    from pfdesk.survey_file import read_answers

    paths = hand_out(tmp_path)
    for who, answers in (("甲", ["满意", "一般"]), ("乙", ["满意", "满意", "满意"])):
        answers_file = tmp_path / who / f"{who}的答卷.csv"
        answers_file.parent.mkdir()
        answers_file.write_text("编号,总体满意度\n" + "".join(
            f"{k},{a}\n" for k, a in enumerate(answers, 1)), encoding="utf-8")
        counted = survey.summarize(read_answers(answers_file))
        _edit(paths[who], who, lambda p, c=counted, f=answers_file.name:
              commands.import_survey(p, "居民问卷", f, c))
    assert window.open_project(paths["lead"])
    dialog = _open(window, dialog_log, paths["甲"], paths["乙"])
    assert dialog.run_merge()
    dialog.show_step(2)
    values = sorted(v.text() for v in dialog.findChildren(QLabel, "conflictValue"))
    # 满意 1 of 2 = 50.00%; 3 of 3 = 100.00%
    assert values == ["2 份答卷，总体满意率 50.00%（甲的答卷.csv）",
                      "3 份答卷，总体满意率 100.00%（乙的答卷.csv）"]
    assert dialog.pane.custom.isHidden()
    listed = dialog.pane.conflict_list.model()
    assert listed.index(0, 0).data(DISPLAY) == "满意度调查的问卷结果"   # named once
    checks = check_list(window.project, [], "full")  # type: ignore[arg-type]
    assert any("合并冲突未解决：1 处（满意度调查的问卷结果）" in c.message for c in checks)
