"""The 项目信息 page's fields for the 附件1 cover and the funding sentence: 上报时间 and 资金截止日期
as dates stored ISO, 邮编 as a line, 组织方式 and 评价机构类型 as lists of the seeds' choices that
also take words of the firm's own; each stored as one undo step named by its field."""

from __future__ import annotations

from PySide6.QtCore import QDate

from ui.pages.forms import InfoPage

from .conftest import reopen
from .test_pages import open_page


def _items(combo) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


def test_the_cover_facts_have_their_editors(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    editors = page.binder.editors
    assert _items(editors["org_method"]) == ["财政部门", "主管部门", "项目单位"]
    assert _items(editors["evaluator_kind"]) == ["中介机构", "专家组", "项目单位评价组",
                                                 "部门（单位）评价组", "财政评价组"]
    # nothing stored yet: the lists show nothing chosen
    assert editors["org_method"].currentText() == "" == editors["evaluator_kind"].currentText()
    assert editors["funding_cutoff"].placeholderText() == "未填写时按评价年度的 12 月 31 日"
    for field in ("postcode", "org_method", "evaluator_kind", "submitted_at", "funding_cutoff"):
        assert editors[field].isVisible(), field


def test_choices_and_own_words_are_stored(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    kind = page.binder.editors["evaluator_kind"]
    kind.setCurrentIndex(kind.findData("中介机构"))
    kind.activated.emit(kind.currentIndex())
    assert session.project.info.evaluator_kind == "中介机构"
    assert session.undo_stack.undoText() == "修改评价机构类型"
    method = page.binder.editors["org_method"]
    method.setEditText("委托第三方")
    method.lineEdit().editingFinished.emit()
    assert session.project.info.org_method == "委托第三方"
    with reopen(session) as again:
        assert (again.info.org_method, again.info.evaluator_kind) == ("委托第三方", "中介机构")
    session.undo_stack.undo()
    assert session.project.info.org_method == ""
    assert method.currentText() == ""


def test_dates_and_postcode_are_stored(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    editors = page.binder.editors
    submitted, cutoff = editors["submitted_at"], editors["funding_cutoff"]
    submitted.setText("2021年12月25日")
    submitted.editingFinished.emit()
    cutoff.setDate(QDate(2021, 12, 31))
    cutoff.editingFinished.emit()
    postcode = editors["postcode"]
    postcode.setText("310002")
    postcode.editingFinished.emit()
    assert session.undo_stack.undoText() == "修改邮编"
    with reopen(session) as again:
        info = again.info
        assert (info.submitted_at, info.funding_cutoff, info.postcode) == (
            "2021-12-25", "2021-12-31", "310002")
    assert submitted.text() == "2021-12-25"


def test_a_day_that_is_no_day_is_not_stored(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    cutoff = page.binder.editors["funding_cutoff"]
    cutoff.setText("2021年13月1日")
    cutoff.editingFinished.emit()
    assert session.project.info.funding_cutoff == ""
    assert cutoff.reason
