"""The score panel and the tree with not-applicable leaves, the trailing-zero setting, progress
on a barely scored project and a leaf rounded at the leaf. Every expected figure is worked out
by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from pfdesk import commands
from pfdesk.edits import Edit
from pfdesk.model import ProjectInfo
from pfdesk.numbers import Numbers
from pfdesk.project import Project
from pfdesk.scoring import score_project
from pfdesk.tree import IndicatorSpec, insert_ops
from tests.seed004 import seed004_project
from ui.main_window import MainWindow
from ui.pages.forms import InfoPage
from ui.score_panel import ScorePanel

from .conftest import index_of, page_of, panel

EDIT = Qt.ItemDataRole.EditRole
TIP = Qt.ItemDataRole.ToolTipRole


def _leaf(code: str, name: str, weight: str, score: str | None,
          not_applicable: bool = False) -> IndicatorSpec:
    return IndicatorSpec(code=code, name=name, weight=Decimal(weight),
                         score=None if score is None else Decimal(score),
                         status="未评" if score is None else "已评",
                         not_applicable=not_applicable)


def na_specs() -> list[IndicatorSpec]:
    """Four dimensions; 效益 (30) holds a 4-point leaf that is not applicable."""
    return [
        IndicatorSpec(code="A", name="决策", weight=Decimal(20), children=[
            _leaf("A1", "立项依据", "10", "9.5"), _leaf("A2", "绩效目标", "10", "8")]),
        IndicatorSpec(code="B", name="过程", weight=Decimal(20), children=[
            _leaf("B1", "资金管理", "20", "18")]),
        IndicatorSpec(code="C", name="产出", weight=Decimal(30), children=[
            _leaf("C1", "数量", "15", "15"), _leaf("C2", "质量", "15", "13")]),
        IndicatorSpec(code="D", name="效益", weight=Decimal(30), children=[
            _leaf("D1", "社会效益", "10", "5"), _leaf("D2", "生态效益", "4", None, True),
            _leaf("D3", "满意度", "16", "7")]),
    ]


@pytest.fixture
def na_file(tmp_path: Path) -> Path:
    """The four dimensions above in a project file."""
    path = tmp_path / "na.pfdesk"
    project = Project.create(path, ProjectInfo(name="含不适用指标的项目"))
    project.apply(Edit("导入指标", insert_ops(na_specs())))
    project.close()
    return path


def test_panel_shows_the_points_that_count(qtbot: Any, na_file: Path) -> None:
    with Project.open(na_file, readonly=True) as project:
        result = score_project(project)
    shown = ScorePanel()
    qtbot.addWidget(shown)
    shown.show_result(result, Numbers("plain"))
    rows = {row.name.text().split()[0]: row for row in shown._rows}
    # 效益: 5 + 7 = 12 of 30 − 4 = 26 → 12 ÷ 26 = 46.153…% → 46.15%
    assert (rows["D"].figures.text(), rows["D"].rate.text()) == ("12 / 26", "46.15%")
    assert rows["D"].note.text() == "不计不适用指标 1 项共 4 分"
    assert not rows["D"].note.isHidden()
    assert rows["D"].figures.toolTip() == ("分值 30 分，其中不适用指标 1 项共 4 分不计入，按 26 分计；"
                                           "得分率 = 12 ÷ 26 = 46.15%")
    # 决策 9.5 + 8 = 17.5 of 20 → 87.50%, and nothing not applicable: no note
    assert (rows["A"].figures.text(), rows["A"].rate.text()) == ("17.5 / 20", "87.50%")
    assert rows["A"].note.isHidden()
    # 产出 15 + 13 = 28 of 30 → 93.33%
    assert (rows["C"].figures.text(), rows["C"].rate.text()) == ("28 / 30", "93.33%")
    # raw 17.5 + 18 + 28 + 12 = 75.5 of 96 → 75.5 × 100 ÷ 96 = 78.6458… → 78.65 (中, 60–80)
    assert shown.total.text() == "78.65"
    assert shown.grade.text() == "中"
    assert not shown.rescaled.isHidden()
    assert shown.rescaled.text() == "含不适用指标，已按百分制折算"
    assert "实得 75.5 分，可得 96 分（不适用指标 1 项共 4 分不计入）" in shown.total.toolTip()
    assert "75.5 ÷ 96 × 100 = 78.65 分" in shown.total.toolTip()
    # every leaf that counts (7) is scored: the full grade style
    assert shown.provisional.text() == "全部指标已评分（7 / 7）"
    assert shown.grade_note.isHidden()
    assert shown.grade.font().bold()


def test_tree_shows_the_points_that_count_and_edits_the_weight(
        window: MainWindow, na_file: Path, qtmodeltester: Any) -> None:
    assert window.open_project(na_file)
    page = page_of(window, "D")
    model = page.view.model()
    qtmodeltester.check(model)
    weight = index_of(page, "D", "分值")
    # 分值 shows the 26 points that count, beside 12 and 46.15%; the editor starts from 30
    assert (weight.data(), index_of(page, "D", "得分").data(),
            index_of(page, "D", "得分率").data()) == ("26", "12", "46.15%")
    assert weight.data(EDIT) == "30"
    assert "其中不适用指标 1 项共 4 分不计入，按 26 分计" in weight.data(TIP)
    assert index_of(page, "D2", "得分").data() == "不适用"
    assert index_of(page, "D2", "分值").data() == "4"
    assert model.setData(weight, "30", EDIT)          # unchanged: nothing stored
    assert window.undo_stack.count() == 0
    # D2 applies again: 30 counts, 12 ÷ 30 = 40.00%, no rescaling (75.5)
    assert window.session is not None
    d2 = window.project.by_code("D2")  # type: ignore[union-attr]
    assert window.session.push(commands.set_indicator(window.project, d2.id,
                                                      not_applicable=False))
    assert (index_of(page, "D", "分值").data(), index_of(page, "D", "得分率").data()) == (
        "30", "40.00%")
    assert panel(window)["D"] == "12 / 30 40.00%"
    assert panel(window)["total"] == "75.5"
    assert window.score_panel.rescaled.isHidden()
    assert "已评 7 / 8" in panel(window)["note"]        # D2 now counts and has no score


def _set_style(window: MainWindow, qtbot: Any, style: str) -> InfoPage:
    assert window.session is not None
    page = InfoPage(window.session)
    qtbot.addWidget(page)
    page.refresh(None)
    combo = page.binder.editors["number_style"]
    combo.setCurrentIndex(combo.findData(style))
    combo.activated.emit(combo.currentIndex())
    return page


def test_trailing_zero_setting_in_panel_and_tree(seed_window: MainWindow, qtbot: Any) -> None:
    # Seed 004: total 88.5; 过程 23.5 of 29 (81.03%); B15 scored 0.5 of 2.
    page = page_of(seed_window, "B")
    assert panel(seed_window)["total"] == "88.5"
    assert panel(seed_window)["B"] == "23.5 / 29 81.03%"
    assert index_of(page, "B15", "得分").data() == "0.5"
    info = _set_style(seed_window, qtbot, "fixed")
    combo = info.binder.editors["number_style"]
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "88.5（去掉末尾的 0）", "88.50（保留两位小数）"]
    assert seed_window.project.info.number_style == "fixed"  # type: ignore[union-attr]
    assert seed_window.undo_stack.undoText() == "修改分数写法"
    assert panel(seed_window)["total"] == "88.50"
    assert seed_window.findChild(QLabel, "scoreTotal").text() == "88.50"
    assert panel(seed_window)["B"] == "23.50 / 29.00 81.03%"
    assert (index_of(page, "B15", "得分").data(), index_of(page, "B15", "分值").data()) == (
        "0.50", "2.00")
    assert index_of(page, "B", "得分").data() == "23.50"
    seed_window.undo_stack.undo()                      # one undo step back to 88.5
    assert seed_window.project.info.number_style == "plain"  # type: ignore[union-attr]
    assert combo.currentData() == "plain"
    assert panel(seed_window)["total"] == "88.5"
    assert index_of(page, "B15", "得分").data() == "0.5"


def test_progress_and_a_quiet_provisional_grade(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "unscored.pfdesk"
    seed004_project(path, scored=False).close()
    assert window.open_project(path)
    shown = window.score_panel
    # 35 leaves (A 6, B 11, C 9, D 9), none scored: total 0, provisional grade 差
    assert panel(window)["note"] == "已评 0 / 35，全部评完后确定等级"
    assert panel(window)["A"] == "— / 20 未评"         # no 0.00% before anything is scored
    page = page_of(window, "A")
    model = page.view.model()
    assert model.setData(index_of(page, "A11", "得分"), "5", EDIT)
    assert model.setData(index_of(page, "A12", "得分"), "3", EDIT)
    # two leaves scored: 5 + 3 = 8 → 差 as yet, shown small, grey and marked 暂定
    assert panel(window)["note"] == "已评 2 / 35，全部评完后确定等级"
    assert panel(window)["total"] == "8"
    rows = {row.name.text().split()[0]: row for row in shown._rows}
    assert panel(window)["A"] == "8 / 20 40.00%"      # 8 ÷ 20, the unscored four count as 0
    assert rows["A"].note.text() == "已评 2 / 6"
    assert panel(window)["B"] == "— / 29 未评" and rows["B"].note.text() == "已评 0 / 11"
    # the tree says the same of B and its level-2 rows (not 0 and 0.00%)
    b_page = page_of(window, "B")
    assert (index_of(b_page, "B", "得分").data(), index_of(b_page, "B", "得分率").data()) == (
        "未评", "")
    assert index_of(b_page, "B1", "得分").data() == "未评"
    assert (index_of(page, "A", "得分").data(), index_of(page, "A", "得分率").data()) == (
        "8", "40.00%")
    assert shown.grade.text() == "差"
    assert not shown.grade_note.isHidden() and shown.grade_note.text() == "暂定"
    assert "#8a8a8a" in shown.grade.styleSheet()
    assert not shown.grade.font().bold()
    assert shown.grade.font().pointSizeF() < shown._grade_fonts[False].pointSizeF()
    assert shown.grade.accessibleName() == "暂定评价等级"


def test_complete_project_has_the_full_grade_style(seed_window: MainWindow) -> None:
    shown = seed_window.score_panel
    assert panel(seed_window)["note"] == "全部指标已评分（35 / 35）"
    assert shown.grade.text() == "良"
    assert shown.grade_note.isHidden()
    assert "#2471a3" in shown.grade.styleSheet()      # 良's colour
    assert shown.grade.font().bold()


def test_leaf_rounded_at_the_leaf_says_so(window: MainWindow, tmp_path: Path) -> None:
    # 5 × 87.52% = 4.376, as firms compute it: the leaf is 4.38 (half up), its parent adds 4.38.
    specs = [IndicatorSpec(code="A", name="决策", weight=Decimal(100), children=[
        _leaf("A1", "资金到位率", "5", "4.376"), _leaf("A2", "其他", "95", "90")])]
    path = tmp_path / "rounded.pfdesk"
    project = Project.create(path, ProjectInfo(name="三位小数"))
    project.apply(Edit("导入指标", insert_ops(specs)))
    project.close()
    assert window.open_project(path)
    page = page_of(window, "A")
    score = index_of(page, "A1", "得分")
    assert score.data() == "4.38"
    assert "原值 4.376，按四舍五入保留两位小数为 4.38" in score.data(TIP)
    assert "原值" not in index_of(page, "A2", "得分").data(TIP)
    # 4.38 + 90 = 94.38 → 94.38 of 100
    assert panel(window)["A"] == "94.38 / 100 94.38%"
    assert panel(window)["total"] == "94.38"


def test_a_dimension_not_applicable_as_a_whole(qtbot: Any, tmp_path: Path) -> None:
    specs = na_specs()
    specs[3].not_applicable = True
    project = Project.create(tmp_path / "d.pfdesk", ProjectInfo(name="效益整项不适用"))
    project.apply(Edit("导入指标", insert_ops(specs)))
    result = score_project(project)
    project.close()
    shown = ScorePanel()
    qtbot.addWidget(shown)
    shown.show_result(result, Numbers("fixed"))
    rows = {row.name.text().split()[0]: row for row in shown._rows}
    assert (rows["D"].figures.text(), rows["D"].rate.text()) == ("不适用", "")
    assert rows["D"].note.text() == "分值 30.00 分，不计入总分"
    # 17.5 + 18 + 28 = 63.5 of 70 → 63.5 × 100 ÷ 70 = 90.714… → 90.71 (优)
    assert shown.total.text() == "90.71" and shown.grade.text() == "优"
    assert not shown.rescaled.isHidden()
    assert "不适用指标 3 项共 30.00 分不计入" in shown.total.toolTip()
    assert shown.provisional.text() == "全部指标已评分（5 / 5）"
