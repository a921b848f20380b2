"""Editing cells in the views through the field delegate, as a user does."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QLineEdit

from ui.pages.forms import EvaluatorsPage, FindingsPage, FundingPage
from ui.widgets.choice_combo import ChoiceCombo
from ui.widgets.money import MoneyEdit
from ui.widgets.text_edit import CommitTextEdit


def open_page(qtbot, cls, session):
    """A page built, shown and filled the way the window does it."""
    page = cls(session)
    qtbot.addWidget(page)
    page.refresh(None)
    page.show()
    qtbot.waitExposed(page)
    return page


def start_editing(view, index):
    """Open the cell's editor and return it."""
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.indexWidget(index)
    assert editor is not None
    return editor


def test_money_cell_uses_the_money_editor(qtbot, session):
    page = open_page(qtbot, FundingPage, session)
    view, model = page.items.view, page.items.model
    editor = start_editing(view, model.index(1, 4))        # 审定价 of 大屏系统
    assert isinstance(editor, MoneyEdit)
    qtbot.keyClicks(editor, "640.555")
    qtbot.keyClick(editor, Qt.Key.Key_Return)         # a third decimal: refused, kept, said why
    assert view.indexWidget(model.index(1, 4)) is editor and editor.text() == "640.555"
    assert "最多保留两位小数" in editor.reason
    assert session.project.funding_items()[1].audited_price is None
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_Return)         # the delegate commits on the next turn
    qtbot.waitUntil(lambda: session.project.funding_items()[1].audited_price is not None)
    assert session.project.funding_items()[1].audited_price == Decimal("640.55")
    assert model.index(model.rowCount() - 1, 4).data() == "1110.80"   # 470.25 + 640.55


def test_total_row_has_no_editor(qtbot, session):
    page = open_page(qtbot, FundingPage, session)
    view, model = page.items.view, page.items.model
    index = model.index(model.rowCount() - 1, 2)
    view.setCurrentIndex(index)
    view.edit(index)
    assert view.indexWidget(index) is None


def test_role_cell_is_a_combo_with_free_text(qtbot, session):
    page = open_page(qtbot, EvaluatorsPage, session)
    view, model = page.editor.view, page.model
    editor = start_editing(view, model.index(1, 3))
    assert isinstance(editor, ChoiceCombo) and editor.isEditable()
    assert editor.value() == "专家"
    editor.setEditText("副组长")
    page.editor.view.commitData(editor)
    assert session.project.evaluators()[1].role == "副组长"


def test_text_cell_and_suggestion_combo(qtbot, session):
    page = open_page(qtbot, FindingsPage, session)
    page.tabs.setCurrentIndex(2)
    view, model = page.editors["建议"].view, page.editors["建议"].model
    text = start_editing(view, model.index(0, 0))
    assert isinstance(text, CommitTextEdit)
    text.setPlainText("细化量化绩效目标，\n明确年度产出。")
    view.commitData(text)
    assert session.project.findings("建议")[0].text == "细化量化绩效目标，\n明确年度产出。"
    view.closeEditor(text, QAbstractItemDelegate.EndEditHint.NoHint)
    combo = start_editing(view, model.index(0, 1))
    assert isinstance(combo, ChoiceCombo) and not combo.isEditable()
    second = session.project.findings("问题")[1]
    combo.setCurrentIndex(combo.findData(second.id))
    view.commitData(combo)
    assert session.project.findings("建议")[0].problem_id == second.id


def test_plain_text_cell(qtbot, session):
    page = open_page(qtbot, EvaluatorsPage, session)
    editor = start_editing(page.editor.view, page.model.index(0, 0))
    assert isinstance(editor, QLineEdit) and not isinstance(editor, MoneyEdit)
    editor.setText("张三丰")
    page.editor.view.commitData(editor)
    assert session.project.evaluators()[0].name == "张三丰"
