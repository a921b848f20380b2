"""The report-outline editor and the 报告提纲 box of the 导出报告 page, driven by keys and mouse.

Expected numbering is written out by hand from the shipped outlines.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt

from pfdesk.project import Project
from pfdesk.reports import outline
from tests.ui.conftest import DialogLog
from tests.ui.test_export_page import export_page
from ui.main_window import MainWindow
from ui.pages import outline_editor
from ui.pages.outline_editor import OutlineEditor


def _brief_editor(qtbot: Any) -> OutlineEditor:
    editor = OutlineEditor(outline.shipped()["brief"])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def _click_check(qtbot: Any, editor: OutlineEditor, row: int) -> None:
    """Click the checkbox of a top-level row."""
    tree = editor.tree
    rect = tree.visualItemRect(tree.topLevelItem(row))
    # the check box sits at the left of the first column, after the indentation
    x = tree.header().sectionPosition(0) + tree.indentation() // 2 + 8
    point = QPoint(max(x, rect.left() + 10), rect.center().y())
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_brief_preview_follows_moves_and_checkboxes(qtbot: Any) -> None:
    editor = _brief_editor(qtbot)
    assert editor.preview_lines() == ["一、项目概况", "二、评价结论", "三、主要经验做法",
                                      "四、存在的主要问题", "五、相关建议"]
    # 相关建议 up twice with Ctrl+Up: before 主要经验做法
    editor.tree.setCurrentItem(editor.tree.topLevelItem(4))
    editor.tree.setFocus()
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor.tree, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert editor.preview_lines() == ["一、项目概况", "二、评价结论", "三、相关建议",
                                      "四、主要经验做法", "五、存在的主要问题"]
    # the 下移 button moves it back one
    qtbot.mouseClick(editor.down_button, Qt.MouseButton.LeftButton)
    assert editor.preview_lines()[2:] == ["三、主要经验做法", "四、相关建议", "五、存在的主要问题"]
    # 项目概况 unticked by a click on its checkbox: every number moves up
    _click_check(qtbot, editor, 0)
    assert editor.tree.topLevelItem(0).checkState(0) == Qt.CheckState.Unchecked
    assert editor.preview_lines() == ["一、评价结论", "二、主要经验做法", "三、相关建议",
                                      "四、存在的主要问题"]
    # rename in the 标题 field
    editor.tree.setCurrentItem(editor.tree.topLevelItem(1))
    editor.heading_edit.selectAll()
    qtbot.keyClick(editor.heading_edit, Qt.Key.Key_Delete)
    editor.heading_edit.insert("综合评价结论")          # typed through an input method
    assert editor.preview_lines()[0] == "一、综合评价结论"
    # 确定: the outline as edited, with its order, switches and heading
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    value = editor.value()
    assert value is not None
    assert [(s.key, s.heading, s.on) for s in value.sections] == [
        ("overview", "项目概况", False), ("verdict", "综合评价结论", True),
        ("experience", "主要经验做法", True), ("suggestions", "相关建议", True),
        ("problems", "存在的主要问题", True)]


def test_ok_refuses_a_numbered_heading_and_a_missing_conclusion(qtbot: Any) -> None:
    editor = _brief_editor(qtbot)
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    editor.heading_edit.selectAll()
    editor.heading_edit.insert("一、概况")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert editor.isVisible() and editor.value() is None
    assert editor.message.text() == ("第 1 章的标题“一、概况”不要写编号"
                                     "（一、（一）1. 按章节顺序自动生成）")
    editor.heading_edit.selectAll()
    editor.heading_edit.insert("概况")
    _click_check(qtbot, editor, 1)                        # 评价结论 off
    editor.accept()
    assert editor.value() is None
    assert editor.message.text() == "提纲缺少必需的章节：“评价结论”（不能删去或关闭）"


def test_full_outline_moves_a_subsection_within_its_chapter(qtbot: Any) -> None:
    editor = OutlineEditor(outline.shipped()["condensed"])
    qtbot.addWidget(editor)
    basics = editor.tree.topLevelItem(0)
    goals = basics.child(2)
    editor.tree.setCurrentItem(goals)
    assert editor.move(-1) and editor.move(-1)
    assert not editor.move(-1)                            # first among its siblings
    assert not editor.up_button.isEnabled()
    assert editor.preview_lines()[:4] == ["一、基本情况", "　（一）项目绩效目标", "　　1.总体目标",
                                          "　　2.年度目标"]
    assert editor.preview_lines()[4] == "　（二）项目概况"


def test_save_and_import_a_file(qtbot: Any, tmp_path: Path, monkeypatch: Any,
                                dialog_log: DialogLog) -> None:
    editor = OutlineEditor(outline.shipped()["condensed"])
    qtbot.addWidget(editor)
    target = tmp_path / "本单位.json"
    monkeypatch.setattr(outline_editor, "ask_save_outline", lambda *_a: str(target))
    editor.title_edit.setText("上城区{单位}{项目}绩效评价报告")
    assert editor.save_file()
    saved = outline.read_file(target)
    assert saved.title == "上城区{单位}{项目}绩效评价报告"
    bad = tmp_path / "bad.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["sections"][2]["sections"] = [{"key": "analysis", "heading": "分析"}]
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = editor.preview_lines()
    monkeypatch.setattr(outline_editor, "ask_open_outline", lambda *_a: str(bad))
    assert not editor.import_file()
    assert dialog_log.errors[-1][1] == ("这个文件不能作为报告提纲导入：第 3 章第 1 小节“指标分析”"
                                        "不能放在“成效与问题”之下（只能放在第一级）")
    assert editor.preview_lines() == before               # nothing changed
    monkeypatch.setattr(outline_editor, "ask_open_outline",
                        lambda *_a: str(target))
    editor.load(outline.shipped()["national"])
    assert editor.import_file()
    assert editor.title_edit.text() == "上城区{单位}{项目}绩效评价报告"
    assert editor.preview_lines()[11] == "二、综合评价情况及评价结论"


def test_export_page_box_chooses_and_edits_as_one_undo_step(
        qtbot: Any, window: MainWindow, demo_file: Path, monkeypatch: Any) -> None:
    assert window.open_project(demo_file)
    page = export_page(window)
    box = page.outline_box
    assert box.combo.currentText() == "国家通用"
    session = window.session
    assert session is not None
    box.choose("condensed")
    assert outline.for_layout(session.project.info, "full").name == "精简五部分"
    assert session.undo_stack.undoText() == "修改报告提纲（精简五部分）"
    assert box.note.text().startswith("一、基本情况　二、综合评价情况及评价结论")
    # the editor: 其他需要说明的问题 off, then 确定 stores one step
    def run_editor(parent: Any, start: Any, folder: str = "") -> Any:
        editor = OutlineEditor(start, parent, folder)
        qtbot.addWidget(editor)
        editor.tree.setCurrentItem(editor.tree.topLevelItem(4))
        editor.tree.topLevelItem(4).setCheckState(0, Qt.CheckState.Unchecked)
        editor.accept()
        return editor.value()

    monkeypatch.setattr(outline_editor, "edit_outline", run_editor)
    steps = session.undo_stack.count()
    assert box.edit()
    assert session.undo_stack.count() == steps + 1
    own = outline.for_layout(session.project.info, "full")
    assert own.name == "本项目提纲" and not own.find("other").on  # type: ignore[union-attr]
    assert box.combo.currentText() == "本项目提纲"
    session.undo()
    assert outline.for_layout(session.project.info, "full").name == "精简五部分"
    session.undo()
    assert session.project.info.outline == ""
    # the brief layout offers its own outlines; the score sheet none
    page.set_layout("brief")
    assert [box.combo.itemText(i) for i in range(box.combo.count())] == \
        ["简版（国家通用）", "部门整体（简版）"]
    page.set_layout("scoresheet")
    assert not box.combo.isEnabled() and not box.edit_button.isEnabled()
    with Project.open(demo_file, readonly=True) as again:
        assert again.info.outline == ""
