"""One file, one writer, visible to people: a locked project, a read-only file, edits that are
not stored, and the lock given up when the window closes.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
)

from pfdesk import changelog, filelock
from pfdesk.errors import EditError
from pfdesk.filelock import LockInfo
from pfdesk.project import Project
from ui import MainWindow, dialogs
from ui.settings import Settings

from .conftest import DialogLog, index_of, page_of, panel

EDIT = Qt.ItemDataRole.EditRole


def banner(window: MainWindow, name: str = "readOnlyBanner") -> Any:
    """A banner of the window by object name."""
    found = window.findChild(QFrame, name)
    assert found is not None, name
    return found


def corner(window: MainWindow) -> QLabel:
    """The status bar's corner label (已自动保存 / 只读 / 未保存)."""
    return window.file_label


class Questions(list):
    """The locked-project questions asked; answered 以只读方式打开 unless ``answers`` says no."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[bool] = []

    def __call__(self, _parent: object, text: str) -> bool:
        self.append(text)
        return self.answers.pop(0) if self.answers else True


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Questions:
    """dialogs.ask_open_read_only replaced by a recorder."""
    asked = Questions()
    monkeypatch.setattr(dialogs, "ask_open_read_only", asked)
    return asked


def make_unwritable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``path`` reports no write permission (tests run as root, so chmod would not stop them)."""
    real_access = os.access

    def access(name: Any, mode: int, *args: Any, **kwargs: Any) -> bool:
        if mode & os.W_OK and Path(name).resolve() == path.resolve():
            return False
        return real_access(name, mode, *args, **kwargs)

    monkeypatch.setattr("pfdesk.project.os.access", access)


@pytest.fixture
def unwritable(seed_file: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """seed_file, reporting no write permission."""
    make_unwritable(seed_file, monkeypatch)
    return seed_file


@pytest.fixture
def held(seed_file: Path) -> Iterator[Project]:
    """seed_file open for editing elsewhere in this program."""
    project = Project.open(seed_file, user="李四")
    yield project
    project.close()


# ----- a project someone else is editing -----

def test_locked_project_asks_and_opens_read_only(window: MainWindow, seed_file: Path,
                                                  held: Project, questions: Questions) -> None:
    assert window.open_project(seed_file)
    assert len(questions) == 1
    assert questions[0].startswith("此项目正由 李四")
    assert questions[0].endswith("打开编辑。以只读方式打开，还是取消？")
    assert window.project is not None and window.project.readonly
    assert banner(window).isVisible()
    assert "李四" in banner(window).message.text()
    assert banner(window).message.text().endswith("所做的修改不会保存。")
    assert corner(window).text().startswith("只读（不会保存）")
    assert "（只读）" in window.windowTitle()
    assert panel(window)["total"] == "88.5"


def test_locked_project_cancelled_leaves_the_start_page(window: MainWindow, seed_file: Path,
                                                        held: Project,
                                                        questions: Questions) -> None:
    questions.answers.append(False)
    window.start_page.recent_chosen.emit(str(seed_file))     # a recent file goes the same way
    assert len(questions) == 1
    assert window.project is None
    assert window.central.currentWidget() is window.start_page
    assert not banner(window).isVisible()
    assert filelock.lock_path(seed_file).exists()            # the holder keeps its lock


@pytest.mark.skipif(sys.platform.startswith("win"), reason="holds the lock with flock")
def test_a_colleague_on_another_computer_is_named(window: MainWindow, seed_file: Path,
                                                  questions: Questions) -> None:
    import fcntl

    colleague = LockInfo(user="张三", host="LAPTOP-3", pid=4242,
                         since="2024-12-02T02:32:00+00:00")
    fd = os.open(filelock.lock_path(seed_file), os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, colleague.to_json().encode("utf-8"))
        assert window.open_project(seed_file)
    finally:
        os.close(fd)
    assert questions == [f"此项目正由 {colleague.describe()}打开编辑。以只读方式打开，还是取消？"]
    assert "张三（LAPTOP-3）自 12月2日" in questions[0]
    assert window.project is not None and window.project.readonly
    assert banner(window).message.text() == \
        f"只读：{colleague.describe()}正在编辑此项目。所做的修改不会保存。"


def test_open_in_another_window_brings_that_window_forward(window: MainWindow, qtbot: Any,
                                                           seed_file: Path) -> None:
    assert window.open_project(seed_file)
    second = MainWindow(Settings())
    qtbot.addWidget(second)
    second.show()
    # No question is asked: the conftest's patched dialog would fail the test if it were.
    assert not second.open_project(seed_file)
    assert second.project is None
    assert second.central.currentWidget() is second.start_page
    assert "已在另一个窗口中打开" in second.statusBar().currentMessage()
    assert window.project is not None and not window.project.readonly


# ----- a read-only file -----

def test_read_only_file_shows_the_banner_and_the_corner(window: MainWindow,
                                                        unwritable: Path) -> None:
    assert window.open_project(unwritable)
    assert window.project is not None and window.project.readonly
    assert banner(window).isVisible()
    assert banner(window).message.text() == "只读：文件是只读的。所做的修改不会保存。"
    assert banner(window).button.text() == "另存为…"
    assert corner(window).text() == f"只读（不会保存）：{unwritable}"
    assert "已自动保存" not in corner(window).text()


def test_writable_project_has_no_banner(seed_window: MainWindow, seed_file: Path) -> None:
    assert not banner(seed_window).isVisible()
    assert not banner(seed_window, "unsavedBanner").isVisible()
    assert corner(seed_window).text() == f"已自动保存：{seed_file}"


def test_edit_of_a_read_only_file_is_refused_visibly(window: MainWindow, unwritable: Path,
                                                     dialog_log: DialogLog, qtbot: Any) -> None:
    before = unwritable.read_bytes()
    assert window.open_project(unwritable)
    page = page_of(window, "A")
    model = page.view.model()
    assert not model.setData(index_of(page, "A22", "得分"), "4", EDIT)
    qtbot.waitUntil(lambda: len(dialog_log.errors) == 1)
    title, text = dialog_log.errors[0]
    assert title == "修改没有保存"
    assert "只读" in text and "另存为" in text
    assert banner(window).flashes == 1
    assert "刚才的修改没有保存" in banner(window).detail.text()
    assert corner(window).text().startswith("只读（不会保存）")
    assert index_of(page, "A22", "得分").data() == "2"
    assert panel(window)["total"] == "88.5"
    # A second refusal flashes the banner again but does not open another message box.
    assert not model.setData(index_of(page, "A21", "得分"), "4", EDIT)
    qtbot.wait(20)
    assert len(dialog_log.errors) == 1
    assert banner(window).flashes == 2
    window.close()
    assert unwritable.read_bytes() == before


def test_read_only_editors_are_locked(window: MainWindow, seed_file: Path,
                                      dialog_log: DialogLog, qtbot: Any,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.open(seed_file) as project:
        from pfdesk import commands
        project.apply(commands.add_deduction(project, project.by_code("A21").id, "1",
                                             "目标未细化", ""))
    make_unwritable(seed_file, monkeypatch)
    assert window.open_project(seed_file)
    workspace = window.workspace
    assert workspace is not None
    page = page_of(window, "A")
    assert page.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    page.select_indicator(window.project.by_code("A22").id)  # type: ignore[union-attr]
    assert not any(action.isEnabled() for action in page.actions_by_name.values())
    details = page.details
    assert details.analysis.isReadOnly() and details.target_value.isReadOnly()
    assert not details.add_button.isEnabled() and not details.draft_button.isEnabled()
    assert not details.status.isEnabled() and not details.not_applicable.isEnabled()
    page.view.setCurrentIndex(index_of(page, "A22", "得分"))
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)          # Delete clears a score when editable
    page.select_indicator(window.project.by_code("A21").id)  # type: ignore[union-attr]
    assert details.deduction_model.rowCount() == 1
    details.edit_deduction()                              # a double click: no form to fill in
    qtbot.wait(20)
    assert dialog_log.errors == []
    assert not details.edit_button.isEnabled() and not details.remove_button.isEnabled()
    info = workspace.pages["info"]
    assert info.binder.editors["name"].isReadOnly()          # type: ignore[attr-defined]
    targets = workspace.pages["targets"]
    targets.editor.view.setCurrentIndex(targets.editor.model.index(0, 0))  # type: ignore[attr-defined]
    assert not targets.editor.add_button.isEnabled()         # type: ignore[attr-defined]
    assert not targets.editor.remove_button.isEnabled()      # type: ignore[attr-defined]
    assert targets.show_standards.isEnabled()                # type: ignore[attr-defined]
    export = workspace.pages["export"]                       # reading pages are left alone
    assert all(field.isEnabled() and not field.isReadOnly()
               for field in export.findChildren(QLineEdit))
    assert not any(isinstance(field, QLineEdit) and field.isReadOnly()
                   for field in workspace.pages["charts"].findChildren(QLineEdit))


def test_refused_typing_stays_in_its_field(window: MainWindow, unwritable: Path,
                                           dialog_log: DialogLog, qtbot: Any) -> None:
    assert window.open_project(unwritable)
    info = window.workspace.pages["info"]  # type: ignore[union-attr]
    field = info.binder.editors["overall_goal"]  # type: ignore[attr-defined]
    paragraph = "通过建设指挥中心，实现基层治理信息的统一汇聚和联动处置。"
    field.setPlainText(paragraph)
    field.commit()
    qtbot.waitUntil(lambda: len(dialog_log.errors) == 1)
    assert field.toPlainText() == paragraph
    info.refresh(None)                                       # a later refresh keeps it too
    assert field.toPlainText() == paragraph
    assert banner(window).flashes == 1
    assert window.project.info.overall_goal != paragraph     # type: ignore[union-attr]


def test_save_as_from_the_banner_continues_in_an_editable_copy(
        window: MainWindow, unwritable: Path, tmp_path: Path, dialog_log: DialogLog,
        qtbot: Any) -> None:
    before = unwritable.read_bytes()
    copy = tmp_path / "可编辑副本.pfdesk"
    assert window.open_project(unwritable)
    dialog_log.answer("ask_save_project", str(copy))
    qtbot.mouseClick(banner(window).button, Qt.MouseButton.LeftButton)
    assert window.project is not None and window.project.path == copy
    assert not window.project.readonly
    assert not banner(window).isVisible()
    assert corner(window).text() == f"已自动保存：{copy}"
    page = page_of(window, "A")
    assert page.view.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
    assert page.view.model().setData(index_of(page, "A22", "得分"), "4", EDIT)
    window.close()
    with Project.open(copy) as project:
        assert str(project.by_code("A22").score) == "4"
    assert unwritable.read_bytes() == before
    assert dialog_log.errors == []


# ----- the grids typed like a spreadsheet -----

def cells(view: QTableView) -> list[list[str]]:
    """What a grid shows, row by row."""
    model = view.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
             for r in range(model.rowCount())]


def press_editing_keys(qtbot: Any, view: QTableView, row: int, column: int) -> None:
    """On a cell: Delete, Backspace, typing, F2, a double click and Ctrl+V of a copied 7."""
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    qtbot.keyClicks(view, "7")
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    rect = view.visualRect(view.currentIndex())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QGuiApplication.clipboard().setText("7")
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(20)
    assert view.state() != QAbstractItemView.State.EditingState


def test_read_only_grade_bands_refuse_the_keys(window: MainWindow, unwritable: Path,
                                               dialog_log: DialogLog, qtbot: Any) -> None:
    assert window.open_project(unwritable)
    logged = changelog.count(window.project.conn)  # type: ignore[union-attr]
    info = window.workspace.pages["info"]  # type: ignore[union-attr]
    window.workspace.show_page("info")  # type: ignore[union-attr]
    info.tabs.setCurrentIndex(1)                             # 目标与等级
    bands = info.bands                                       # type: ignore[attr-defined]
    national = [["优", "90", "90 ≤ 总分 ≤ 100"], ["良", "80", "80 ≤ 总分 < 90"],
                ["中", "60", "60 ≤ 总分 < 80"], ["差", "0", "总分 < 60"]]
    assert cells(bands.view) == national
    for row, column in ((1, 1), (2, 0)):
        press_editing_keys(qtbot, bands.view, row, column)
        assert cells(bands.view) == national
    assert not any(button.isEnabled() for button in bands.findChildren(QPushButton))
    assert changelog.count(window.project.conn) == logged  # type: ignore[union-attr]
    assert dialog_log.errors == []
    assert panel(window)["total"] == "88.5"


SAATY = [["1", "3", "5"], ["1/3", "1", "3"], ["1/5", "1/3", "1"]]


def test_read_only_ahp_matrix_shows_the_stored_one_and_refuses_the_keys(
        window: MainWindow, demo_file: Path, dialog_log: DialogLog, qtbot: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from pfdesk import ahp, commands
    from ui.ahp_dialog import AhpDialog

    with Project.open(demo_file) as project:
        b1 = project.by_code("B1")
        names = [f"{c.code} {c.name}" for c in project.children(b1.id)]
        project.apply(commands.set_ahp(project, b1.id, ahp.comparison(SAATY, names)))
    make_unwritable(demo_file, monkeypatch)
    assert window.open_project(demo_file)
    project = window.project
    assert project is not None and project.readonly
    logged = changelog.count(project.conn)
    page = page_of(window, "B")
    page.select_indicator(project.by_code("B1").id)
    page.dialog_actions["ahp"].trigger()                     # shows a read-only project too
    opened = [d for d in page.findChildren(AhpDialog) if d.isVisible()]
    assert len(opened) == 1
    box = opened[0]
    assert cells(box.view) == SAATY
    figures = box.figures.text()
    assert figures.splitlines()[0] == "λmax = 3.0385　CI = 0.0193　RI = 0.58　CR = 0.0332"
    for row, column in ((0, 1), (0, 2), (1, 2), (2, 0)):
        press_editing_keys(qtbot, box.view, row, column)
        assert cells(box.view) == SAATY
    assert box.figures.text() == figures                     # the weights of the stored matrix
    assert not box.apply_button.isEnabled() and not box.remove_button.isEnabled()
    closing = [b for b in box.findChildren(QPushButton) if b.text() == "关闭"]
    assert len(closing) == 1 and closing[0].isEnabled()
    assert not box.step.isEnabled()                          # the stored step, 0.5 分
    assert box.step.currentText() == "0.5 分"
    assert changelog.count(project.conn) == logged
    assert project.by_code("B1").ahp != ""
    assert dialog_log.errors == []
    box.close()


def test_read_only_rule_bands_refuse_delete(window: MainWindow, demo_file: Path,
                                            dialog_log: DialogLog, qtbot: Any,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from pfdesk import commands
    from pfdesk.rules import usual

    with Project.open(demo_file) as project:
        leaf = project.by_code("B12")
        project.apply(commands.set_rule(project, leaf.id, usual.satisfaction_bands("调查")))
    make_unwritable(demo_file, monkeypatch)
    window.resize(1366, 768)
    assert window.open_project(demo_file)
    project = window.project
    assert project is not None
    logged = changelog.count(project.conn)
    page = page_of(window, "B")
    assert page.select_indicator(project.by_code("B12").id)
    box = page.details.rule_editor.bands
    stored = cells(box.view)
    assert stored[0][:2] == ["0", "60"]                      # 0% (含)～60%: the lowest band
    press_editing_keys(qtbot, box.view, 0, 1)
    assert cells(box.view) == stored
    assert box.problem.text() == ""
    assert changelog.count(project.conn) == logged
    assert dialog_log.errors == []


# ----- an edit that fails on a writable project -----

def test_edit_after_another_program_changed_the_file_is_reported(
        seed_window: MainWindow, seed_file: Path, dialog_log: DialogLog, qtbot: Any) -> None:
    with Project.open(seed_file, lock=False) as other:
        from pfdesk import commands
        other.apply(commands.set_score(other, other.by_code("B15").id, "1"))
    page = page_of(seed_window, "A")
    assert not page.view.model().setData(index_of(page, "A22", "得分"), "4", EDIT)
    qtbot.waitUntil(lambda: len(dialog_log.errors) == 1)
    assert "另一个窗口或程序修改" in dialog_log.errors[0][1]
    assert corner(seed_window).text().startswith("未保存：")
    assert "c0392b" in corner(seed_window).styleSheet()
    assert "另一个窗口或程序修改" in corner(seed_window).toolTip()
    unsaved = banner(seed_window, "unsavedBanner")
    assert unsaved.isVisible() and unsaved.flashes == 1
    assert "已自动保存" not in corner(seed_window).text()


def test_unsaved_lasts_until_the_next_stored_edit(seed_window: MainWindow, seed_file: Path,
                                                  dialog_log: DialogLog, qtbot: Any,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    project = seed_window.project
    assert project is not None

    def disk_full(edit: Any) -> Any:
        raise EditError(f"“{edit.label}”未能保存（磁盘已满），项目保持原样")

    monkeypatch.setattr(project, "apply", disk_full)
    page = page_of(seed_window, "A")
    assert not page.view.model().setData(index_of(page, "A22", "得分"), "4", EDIT)
    qtbot.waitUntil(lambda: len(dialog_log.errors) == 1)
    assert corner(seed_window).text().startswith("未保存：")
    monkeypatch.undo()
    assert page.view.model().setData(index_of(page, "A22", "得分"), "4", EDIT)
    assert corner(seed_window).text() == f"已自动保存：{seed_file}"
    assert "c0392b" not in corner(seed_window).styleSheet()
    assert not banner(seed_window, "unsavedBanner").isVisible()


def test_failed_undo_is_reported_loudly(seed_window: MainWindow, seed_file: Path,
                                        dialog_log: DialogLog, qtbot: Any) -> None:
    page = page_of(seed_window, "A")
    assert page.view.model().setData(index_of(page, "A22", "得分"), "4", EDIT)
    with Project.open(seed_file, lock=False) as other:
        from pfdesk import commands
        other.apply(commands.set_score(other, other.by_code("B15").id, "1"))
    seed_window.actions_.undo.trigger()
    qtbot.waitUntil(lambda: len(dialog_log.errors) == 1)
    assert dialog_log.errors[0][1].startswith("无法撤销")
    assert corner(seed_window).text().startswith("未保存：无法撤销")


# ----- the lock is given up -----

def test_closing_the_window_releases_the_lock(window: MainWindow, seed_file: Path) -> None:
    assert window.open_project(seed_file)
    assert filelock.lock_path(seed_file).exists()
    window.close()
    assert not filelock.lock_path(seed_file).exists()
    with Project.open(seed_file) as project:
        assert not project.readonly


def test_closing_the_project_releases_the_lock(seed_window: MainWindow, seed_file: Path) -> None:
    seed_window.close_project()
    assert not filelock.lock_path(seed_file).exists()
    with Project.open(seed_file) as project:
        assert not project.readonly
