"""The project's 分数写法 (88.5 / 88.50) in the indicator details: the figures line, the
deduction table, the expert panel's table and lines, and a merge conflict's values. Each figure
is worked out by hand in the comments; rates always have two decimals.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from pfdesk import commands, panel
from pfdesk.edits import Edit
from pfdesk.model import Conflict, Evaluator, ProjectInfo
from pfdesk.numbers import Numbers
from pfdesk.project import Project
from pfdesk.tree import IndicatorSpec, insert_ops
from tests.seed004 import seed004_project
from ui import dialogs
from ui.main_window import MainWindow
from ui.models.conflict_model import conflict_title, shown_choice
from ui.pages.indicator_page import IndicatorPage

from .conftest import DialogLog, page_of
from .test_score_panel import na_specs

DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole


def _style(window: MainWindow, style: str) -> None:
    """Set the project's 分数写法 as the info page does: one undo step."""
    session = window.session
    assert session is not None
    assert session.push(commands.set_number_style(session.project, style))


def _show(window: MainWindow, code: str) -> IndicatorPage:
    """The page of ``code``'s dimension with ``code`` selected."""
    project = window.project
    assert project is not None
    page = page_of(window, code[0])
    page.select_indicator(project.by_code(code).id)
    return page


def _open(window: MainWindow, path: Path, specs: list[IndicatorSpec]) -> None:
    project = Project.create(path, ProjectInfo(name="分数写法"))
    project.apply(Edit("导入指标", insert_ops(specs)))
    project.close()
    assert window.open_project(path)


def test_deduction_and_figures_follow_the_style(seed_window: MainWindow, dialog_log: DialogLog,
                                                qtmodeltester: Any) -> None:
    # B12 is worth 4 (scored 2 by hand); a deduction of 2 gives 4 − 2 = 2, 2 ÷ 4 = 50.00%.
    page = _show(seed_window, "B12")
    details = page.details
    dialog_log.answer("ask_deduction", dialogs.DeductionInput("2", "制度执行不到位", ""))
    details.add_deduction()
    model = details.deduction_model
    qtmodeltester.check(model)
    assert model.index(0, 0).data(DISPLAY) == "2"
    assert details.figures.text() == "分值 4 分 · 得分 2 分 · 得分率 50.00%"
    _style(seed_window, "fixed")
    assert model.index(0, 0).data(DISPLAY) == "2.00"
    assert model.index(0, 0).data(EDIT) == "2"            # the editor starts from what one types
    assert details.figures.text() == "分值 4.00 分 · 得分 2.00 分 · 得分率 50.00%"
    # Typing the same points again stores nothing (2 = 2.00)
    steps = seed_window.undo_stack.count()
    assert model.setData(model.index(0, 0), "2", EDIT)
    assert seed_window.undo_stack.count() == steps
    # An analysis stating another score: the warning gives the engine's score the project's way
    details.analysis.setPlainText("经核查，该指标得3分。")
    details.analysis.document().setModified(True)      # as typed
    details.analysis.commit()
    assert details.conflict.text() == "分析中写的是“该指标得3分”，而当前得分是 2.00 分。"
    # B1 = 2 + 2 + 2 + 2 + 0.5 = 8.5 of 3 + 4 + 2 + 2 + 2 = 13: 8.5 ÷ 13 = 65.38%
    page.select_indicator(seed_window.project.by_code("B1").id)  # type: ignore[union-attr]
    assert details.figures.text() == "分值 13.00 分 · 得分 8.50 分 · 得分率 65.38%"
    seed_window.undo_stack.undo()                        # the analysis
    seed_window.undo_stack.undo()                        # back to plain
    assert details.figures.text() == "分值 13 分 · 得分 8.5 分 · 得分率 65.38%"
    page.select_indicator(seed_window.project.by_code("B12").id)  # type: ignore[union-attr]
    assert model.index(0, 0).data(DISPLAY) == "2"


def test_a_style_change_refreshes_the_shown_deductions(seed_window: MainWindow,
                                                       dialog_log: DialogLog) -> None:
    # 0.5 off B11 (3): 2.5, shown 0.5 / 0.50 in place without selecting anything again
    page = _show(seed_window, "B11")
    dialog_log.answer("ask_deduction", dialogs.DeductionInput("0.5", "台账不全", ""))
    page.details.add_deduction()
    model = page.details.deduction_model
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    _style(seed_window, "fixed")
    assert changed and model.index(0, 0).data(DISPLAY) == "0.50"
    assert page.details.figures.text() == "分值 3.00 分 · 得分 2.50 分 · 得分率 83.33%"


def test_not_applicable_points_in_the_details(window: MainWindow, tmp_path: Path) -> None:
    # 效益 30 with D2 (4) not applicable: 26 count; 5 + 7 = 12, 12 ÷ 26 = 46.15%
    _open(window, tmp_path / "na.pfdesk", na_specs())
    page = _show(window, "D")
    figures = page.details.figures
    assert figures.text() == "分值 26 分（不计不适用指标 1 项共 4 分） · 得分 12 分 · 得分率 46.15%"
    assert figures.toolTip() == ("分值 30 分，其中不适用指标 1 项共 4 分不计入，按 26 分计；"
                                 "得分率 = 12 ÷ 26 = 46.15%")
    page.select_indicator(window.project.by_code("D2").id)  # type: ignore[union-attr]
    assert figures.text() == "分值 4 分 · 不适用，不计分"
    _style(window, "fixed")
    assert figures.text() == "分值 4.00 分 · 不适用，不计分"
    page.select_indicator(window.project.by_code("D").id)  # type: ignore[union-attr]
    assert figures.text() == ("分值 26.00 分（不计不适用指标 1 项共 4.00 分） · 得分 12.00 分 · "
                              "得分率 46.15%")


def test_rounded_leaf_and_progress_in_the_details(window: MainWindow, tmp_path: Path) -> None:
    # 5 × 87.52% = 4.376 → 4.38 at the leaf; 4.38 ÷ 5 = 87.60%. A2 is not scored yet.
    specs = [IndicatorSpec(code="A", name="决策", weight=Decimal(100), children=[
        IndicatorSpec(code="A1", name="资金到位率", weight=Decimal(5), score=Decimal("4.376"),
                      status="已评"),
        IndicatorSpec(code="A2", name="其他", weight=Decimal(95), status="未评")])]
    _open(window, tmp_path / "rounded.pfdesk", specs)
    page = _show(window, "A1")
    figures = page.details.figures
    assert figures.text() == "分值 5 分 · 得分 4.38 分 · 得分率 87.60%"
    assert figures.toolTip() == "原值 4.376，按四舍五入保留两位小数为 4.38"
    # The parent: 4.38 of 100 so far, one leaf of two scored
    page.select_indicator(window.project.by_code("A").id)  # type: ignore[union-attr]
    assert figures.text() == "分值 100 分 · 得分 4.38 分 · 得分率 4.38% · 已评 1 / 2"
    assert figures.toolTip() == "共 2 项指标，已评分 1 项；未评的暂按 0 分计入得分和得分率"
    page.select_indicator(window.project.by_code("A2").id)  # type: ignore[union-attr]
    assert figures.text() == "分值 95 分 · 尚未评分"


def test_unscored_parent_says_so(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "unscored.pfdesk"
    seed004_project(path, scored=False).close()
    assert window.open_project(path)
    page = _show(window, "A")
    assert page.details.figures.text() == "分值 20 分 · 尚未评分"


def test_panel_table_and_lines_follow_the_style(seed_window: MainWindow,
                                                qtmodeltester: Any) -> None:
    session = seed_window.session
    assert session is not None
    project = session.project
    experts = []
    for name in ("张明", "李华", "王芳"):
        row = Evaluator(name=name, role="专家")
        assert session.push(commands.add_row(project, row, f"添加 {name}"))
        experts.append(row.id)
    assert session.push(panel.set_panel_method(project, "mean", "0.5"))
    page = _show(seed_window, "A11")
    box = page.details.panel_box
    model = box.model
    a11 = project.by_code("A11").id
    for ev_id, value in zip(experts, ("4.5", "5", "4"), strict=True):
        assert session.push(panel.set_evaluator_score(project, a11, ev_id, value))
    qtmodeltester.check(model)
    # (4.5 + 5 + 4) ÷ 3 = 4.5 exactly; spread 5 − 4 = 1 above the limit of 0.5
    assert [model.index(r, 1).data(DISPLAY) for r in range(3)] == ["4.5", "5", "4"]
    assert box.result.text() == "专家组得分（平均分）：4.5 分"
    assert box.spread.text() == "分差（最高 − 最低）：1 分，上限 0.5 分，超过上限"
    _style(seed_window, "fixed")
    assert [model.index(r, 1).data(DISPLAY) for r in range(3)] == ["4.50", "5.00", "4.00"]
    assert [model.index(r, 1).data(EDIT) for r in range(3)] == ["4.5", "5", "4"]
    assert box.result.text() == "专家组得分（平均分）：4.50 分"
    assert box.spread.text() == "分差（最高 − 最低）：1.00 分，上限 0.50 分，超过上限"
    # 4.5 of 5 is 90.00% in the figures line too
    assert page.details.figures.text() == "分值 5.00 分 · 得分 4.50 分 · 得分率 90.00%"


def test_conflict_values_follow_the_style(tmp_path: Path) -> None:
    path = tmp_path / "seed.pfdesk"
    with seed004_project(path) as project:
        a11 = project.by_code("A11")
        choices = json.dumps([{"value": "5.00"}, {"value": "4.50"}])
        score = Conflict(tbl="indicator", row_id=a11.id, field="score", code="A11",
                         choices=choices)
        budget = Conflict(tbl="project", row_id=project.info.id, field="budget",
                          choices=json.dumps([{"value": "120"}]))
        assert conflict_title(project, score) == "A11 立项依据充分性 · 得分（分值 5 分）"
        assert [shown_choice(score, v, Numbers("plain")) for v in ("5.00", "4.50")] == [
            "5", "4.5"]
        assert [shown_choice(score, v, Numbers("fixed")) for v in ("5", "4.5")] == [
            "5.00", "4.50"]
        assert shown_choice(budget, "120", Numbers("plain")) == "120.00"   # money: two decimals
        project.apply(commands.set_number_style(project, "fixed"))
        assert conflict_title(project, score) == "A11 立项依据充分性 · 得分（分值 5.00 分）"
