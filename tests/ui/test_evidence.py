"""The 佐证材料 section of the indicator details: add (chooser, drop, to a deduction), open with
the system's viewer, remove, undo, refusals said in a dialog, a read-only project."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from pfdesk import commands, evidence
from pfdesk.model import Evidence
from pfdesk.project import Project
from ui.main_window import MainWindow
from ui.pages import evidence_list
from ui.pages.evidence_list import EvidenceBox

from .conftest import DialogLog, page_of
from .test_read_only import make_unwritable

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
EDIT = Qt.ItemDataRole.EditRole


def box_for(window: MainWindow, code: str = "B12") -> EvidenceBox:
    page = page_of(window, code[0])
    page.select_indicator(window.project.by_code(code).id)  # type: ignore[union-attr]
    return page.details.evidence_box


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {"pdf": tmp_path / "验收报告.pdf", "png": tmp_path / "现场照片.png",
           "exe": tmp_path / "工具.exe"}
    out["pdf"].write_bytes(PDF)
    out["png"].write_bytes(PNG)
    out["exe"].write_bytes(b"MZ")
    return out


def test_add_open_remove_and_undo(seed_window: MainWindow, files: dict[str, Path],
                                  monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any) -> None:
    box = box_for(seed_window)
    assert box.isVisible() and not box.open_button.isEnabled()
    monkeypatch.setattr(evidence_list, "ask_evidence_files",
                        lambda _p: [str(files["pdf"]), str(files["png"])])
    box.add_button.click()
    model = box.model
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(2)] == ["验收报告.pdf", "现场照片.png"]
    assert model.index(0, 1).data() == evidence.size_text(len(PDF))
    assert seed_window.undo_stack.undoText() == "为 B12 添加佐证材料 2 份"
    # The note is edited in place, as one undo step.
    assert model.setData(model.index(0, 2), "竣工验收", EDIT)
    assert model.index(0, 2).data() == "竣工验收"
    # 打开 writes the file to the data folder and hands it to the viewer.
    opened: list[QUrl] = []
    monkeypatch.setattr(evidence_list, "open_url", lambda url: opened.append(url) or True)
    box.view.selectRow(1)
    assert box.open_selected()
    shown = Path(opened[0].toLocalFile())
    assert shown.name == "现场照片.png" and shown.read_bytes() == PNG
    assert evidence_list.open_folder() in shown.parents
    # 删除, then undo brings the row back with its bytes.
    box.remove_selected()
    assert model.rowCount() == 1
    seed_window.undo_stack.undo()
    assert model.rowCount() == 2
    for _ in range(3):
        seed_window.undo_stack.undo()
    assert model.rowCount() == 0


def test_refused_files_are_said_and_the_rest_added(seed_window: MainWindow,
                                                   files: dict[str, Path],
                                                   dialog_log: DialogLog,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    box = box_for(seed_window)
    assert not box.add_files([files["exe"], files["pdf"]])
    assert box.model.rowCount() == 1
    title, text = dialog_log.errors[-1]
    assert title == "1 个文件没有添加"
    assert "工具.exe 的文件类型（.exe）不能作为佐证材料添加" in text and "可以添加 PDF" in text
    monkeypatch.setattr(evidence, "MAX_BYTES", 10)
    assert not box.add_files([files["pdf"]])
    title, text = dialog_log.errors[-1]
    assert title == "文件没有添加" and "超过了每份佐证材料 10 字节 的上限" in text
    assert box.model.rowCount() == 1


def test_files_dropped_on_the_list_are_added(seed_window: MainWindow, files: dict[str, Path]
                                             ) -> None:
    box = box_for(seed_window)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(files["pdf"]))])
    event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    box.view.dropEvent(event)
    assert [e.name for e in seed_window.project.rows(Evidence)] == ["验收报告.pdf"]


def test_files_for_a_deduction(seed_window: MainWindow, files: dict[str, Path],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    project = seed_window.project
    assert project is not None
    ind = project.by_code("B12")
    assert seed_window.session.push(commands.add_deduction(project, ind.id, "1", "台账不全", ""))
    box = box_for(seed_window)
    actions = box.add_menu.actions()
    assert box.add_button.menu() is box.add_menu
    assert [a.text() for a in actions if a.text()] == ["添加到本指标…", "添加到扣分“台账不全”…"]
    monkeypatch.setattr(evidence_list, "ask_evidence_files", lambda _p: [str(files["pdf"])])
    actions[-1].trigger()
    row = project.rows(Evidence)[0]
    assert row.deduction_id == project.deductions(ind.id)[0].id and row.indicator_id == ind.id
    assert "台账不全" in box.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)


def test_a_damaged_file_is_not_opened(seed_window: MainWindow, files: dict[str, Path],
                                      dialog_log: DialogLog,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    box = box_for(seed_window)
    box.add_files([files["pdf"]])
    project = seed_window.project
    assert project is not None
    project.conn.execute("UPDATE evidence_blob SET data = ?", (PDF.replace(b"1.4", b"1.7"),))
    project.conn.commit()
    monkeypatch.setattr(evidence_list, "open_url", lambda _u: pytest.fail("opened"))
    assert not box.open_selected()
    assert "内容已损坏" in dialog_log.errors[-1][1]


def test_read_only_project_offers_open_only(window: MainWindow, seed_file: Path,
                                            files: dict[str, Path],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    with Project.open(seed_file) as project:
        ind = project.by_code("B12")
        project.apply(evidence.attach(project, files["pdf"], ind.id))  # type: ignore[union-attr]
    make_unwritable(seed_file, monkeypatch)
    assert window.open_project(seed_file)
    box = box_for(window)
    assert window.session.read_only
    assert not box.add_button.isEnabled() and not box.remove_button.isEnabled()
    assert box.open_button.isEnabled() and not box.view.acceptDrops()
    assert not (box.model.flags(box.model.index(0, 2)) & Qt.ItemFlag.ItemIsEditable)
    monkeypatch.setattr(evidence_list, "open_url", lambda _u: True)
    assert box.open_selected()
