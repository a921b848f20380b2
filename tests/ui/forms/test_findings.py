"""Findings: problems linked to indicators, suggestions tied to problems, removal and undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from ui.models.finding_list_model import FindingListModel
from ui.pages.forms import FindingsPage
from ui.pages.forms.indicator_picker import IndicatorCheckModel

from .conftest import reopen

EDIT = Qt.ItemDataRole.EditRole
CHECK = Qt.ItemDataRole.CheckStateRole


def test_picker_passes_the_model_tester(session, qtmodeltester):
    model = IndicatorCheckModel(session)
    qtmodeltester.check(model, force_py=False)
    model.set_finding(session.project.findings("问题")[0].id)
    qtmodeltester.check(model, force_py=False)


def test_checking_indicators_links_them_to_the_problem(session):
    problem = session.project.findings("问题")[0]
    model = IndicatorCheckModel(session)
    model.set_finding(problem.id)
    a21 = model.index_of(session.project.by_code("A21").id)
    a22 = model.index_of(session.project.by_code("A22").id)
    assert a21.data() == "A21 绩效目标合理性"
    assert model.setData(a22, Qt.CheckState.Checked.value, CHECK)
    assert model.setData(a21, Qt.CheckState.Checked.value, CHECK)
    assert session.undo_stack.count() == 2
    with reopen(session) as again:
        assert [i.code for i in again.finding_indicators(problem.id)] == ["A21", "A22"]
    assert a21.data(CHECK) == Qt.CheckState.Checked.value
    problems = FindingListModel(session, "问题")
    assert problems.index(0, 2).data() == "A21、A22"
    model.setData(a21, Qt.CheckState.Unchecked.value, CHECK)
    assert [i.code for i in session.project.finding_indicators(problem.id)] == ["A22"]
    session.undo_stack.undo()
    assert [i.code for i in session.project.finding_indicators(problem.id)] == ["A21", "A22"]


def test_picker_is_disabled_without_a_problem(session):
    model = IndicatorCheckModel(session)
    index = model.index(0, 0)
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEnabled
    assert not model.setData(index, Qt.CheckState.Checked.value, CHECK)


def test_suggestion_tied_to_a_problem(session):
    problems = session.project.findings("问题")
    model = FindingListModel(session, "建议")
    row = model.add()
    index = model.index(row, 1)
    choices = index.data(Qt.ItemDataRole.UserRole + 2)
    assert choices[0][1] is None and [c[1] for c in choices[1:]] == [p.id for p in problems]
    assert model.setData(index, problems[1].id, EDIT)
    assert index.data() == "2. 项目资金支付不够及时"
    with reopen(session) as again:
        assert again.findings("建议")[row].problem_id == problems[1].id
    assert model.setData(index, None, EDIT)
    assert session.project.findings("建议")[row].problem_id is None


def test_removing_a_problem_unties_its_suggestions_and_undo_restores(session):
    problem = session.project.findings("问题")[0]
    links = IndicatorCheckModel(session)
    links.set_finding(problem.id)
    links.setData(links.index_of(session.project.by_code("A21").id),
                  Qt.CheckState.Checked.value, CHECK)
    problems = FindingListModel(session, "问题")
    suggestions = FindingListModel(session, "建议")
    assert suggestions.index(0, 1).data() == "1. 绩效目标设置不够细化"
    assert problems.remove([0])
    assert session.project.findings("建议")[0].problem_id is None
    assert suggestions.index(0, 1).data() == ""
    assert links.finding_id is None
    with reopen(session) as again:
        assert again.findings("建议")[0].problem_id is None
        assert len(again.findings("问题")) == 1
    session.undo_stack.undo()
    assert session.project.findings("问题")[0].id == problem.id
    assert session.project.findings("建议")[0].problem_id == problem.id
    assert [i.code for i in session.project.finding_indicators(problem.id)] == ["A21"]
    assert suggestions.index(0, 1).data() == "1. 绩效目标设置不够细化"


def test_removing_a_problem_with_its_suggestion_is_one_step(session):
    """Both rows removed together: no update of a row that is removed anyway."""
    from pfdesk.model import Finding
    from ui.models.row_list_model import RowListModel
    model = RowListModel(session, Finding, FindingListModel(session, "问题").columns)
    rows = [i for i, f in enumerate(model.rows) if f.kind in ("问题", "建议")]
    assert model.remove(rows)
    assert session.project.findings("问题") == [] and session.project.findings("建议") == []
    session.undo_stack.undo()
    suggestion = session.project.findings("建议")[0]
    assert suggestion.problem_id == session.project.findings("问题")[0].id


def test_page_shows_the_selected_problem_links(session, qtbot):
    page = FindingsPage(session)
    qtbot.addWidget(page)
    page.refresh(None)
    editor = page.editors["问题"]
    editor.select_row_id(session.project.findings("问题")[1].id)
    assert page.picker.model.finding_id == session.project.findings("问题")[1].id
    assert page.tabs.tabText(1) == "问题与原因"


def test_a_suggestion_with_sub_points_is_typed_line_by_line(session, qtbot):
    """In a finding's cell Enter starts a new line (the first line is the title, each further
    line a sub-point, as the reports print them); Tab stores the whole text as one edit."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    page = FindingsPage(session)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    page.refresh(None)
    page.tabs.setCurrentIndex(2)                       # 建议
    view = page.editors["建议"].view
    index = view.model().index(0, 0)
    view.setCurrentIndex(index)
    view.edit(index)
    editor = view.viewport().findChild(QPlainTextEdit)
    assert isinstance(editor, QPlainTextEdit)
    editor.selectAll()

    def typed(text: str) -> None:   # committed by an input method, as Chinese is typed
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(editor, event)

    typed("细化量化绩效目标")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    typed("补充产出质量指标")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    typed("明确时效指标")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: session.project.findings("建议")[0].text
                    == "细化量化绩效目标\n补充产出质量指标\n明确时效指标")
    assert "第一行为标题" in " ".join(label.text() for label in page.findChildren(QLabel))
