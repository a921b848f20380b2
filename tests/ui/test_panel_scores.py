"""The expert panel in the window: the method chosen on 评价人员, each expert's score typed in
the indicator details, the score and the spread shown (red above the limit), one undo step each."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pfdesk import commands
from pfdesk.model import Evaluator
from ui.main_window import MainWindow
from ui.pages.forms import EvaluatorsPage

from .conftest import index_of, page_of, panel

EDIT = Qt.ItemDataRole.EditRole


def _add_experts(window: MainWindow) -> None:
    session = window.session
    assert session is not None
    for name, role in (("张明", "组长"), ("李华", "专家"), ("王芳", "专家")):
        assert session.push(commands.add_row(session.project, Evaluator(name=name, role=role),
                                             f"添加 {name}"))


def test_panel_scores_give_the_leaf_score(seed_window: MainWindow, qtbot: Any,
                                          qtmodeltester: Any) -> None:
    _add_experts(seed_window)
    session = seed_window.session
    assert session is not None
    page = page_of(seed_window, "A")
    a11 = session.project.by_code("A11")
    page.select_indicator(a11.id)
    box = page.details.panel_box
    assert box.isHidden()                               # no panel method yet
    evaluators = EvaluatorsPage(session)
    qtbot.addWidget(evaluators)
    evaluators.refresh(None)
    evaluators.method.setCurrentIndex(1)
    evaluators.method.activated.emit(1)                  # 平均分
    evaluators.limit.setText("0.5")
    evaluators.limit.setModified(True)
    evaluators.limit.commit()
    assert session.project.info.panel_method == "mean"
    assert str(session.project.info.spread_limit) == "0.5"
    assert not box.isHidden()
    model = box.model
    qtmodeltester.check(model)
    assert [model.index(r, 0).data() for r in range(3)] == ["张明（组长）", "李华（专家）",
                                                            "王芳（专家）"]
    for row, value in enumerate(("4", "5", "5")):
        assert model.setData(model.index(row, 1), value, EDIT)
    # A11 = 14 / 3 = 4.666… → 4.67: 88.50 − 0.33 = 88.17
    assert index_of(page, "A11", "得分").data() == "4.67"
    assert panel(seed_window)["total"] == "88.17"
    assert box.result.text() == "专家组得分（平均分）：4.67 分（由 4.6666… 四舍五入）"
    assert box.spread.text() == "分差（最高 − 最低）：1 分，上限 0.5 分，超过上限"
    assert "#c0392b" in box.spread.styleSheet()
    assert not model.setData(model.index(0, 1), "6", EDIT)       # above the weight of 5
    seed_window.undo_stack.undo()                                 # 王芳's 5: (4 + 5) / 2
    assert panel(seed_window)["total"] == "88"
    assert model.index(2, 1).data() == ""
    evaluators.method.setCurrentIndex(3)
    evaluators.method.activated.emit(3)                  # 组长裁定: the leaf's own 5 counts
    assert panel(seed_window)["total"] == "88.5"
    assert box.result.text() == "组长裁定：本指标以填写的得分为准（专家平均分 4.5 分）。"
