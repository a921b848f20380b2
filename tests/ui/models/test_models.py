"""Every Qt model of the indicator pages and the panel passes Qt's model tester, before and
after the edits that change it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from pfdesk import commands
from tests.seed004 import seed004_project
from ui.models.deduction_model import DeductionModel
from ui.models.indicator_model import COL_SCORE, ID_ROLE, IndicatorModel
from ui.models.problem_model import ProblemModel
from ui.session import HistoryStack, ProjectSession

EDIT = Qt.ItemDataRole.EditRole


def make_session() -> ProjectSession:
    return ProjectSession(seed004_project(), HistoryStack())


def test_indicator_model(qtmodeltester: Any) -> None:
    session = make_session()
    project = session.project
    root = project.by_code("B")
    model = IndicatorModel(session, root.id)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    top = model.index(0, 0)
    assert model.rowCount(top) == 2                       # B1, B2
    assert model.rowCount(model.index(0, 0, top)) == 5    # B11 … B15
    # Edits while the tester watches: a score, a structural change, its undo.
    b11 = model.index_of(project.by_code("B11").id, COL_SCORE)
    assert model.setData(b11, "3", EDIT)
    session.push(commands.remove_indicator(project, project.by_code("B1").id))
    assert model.rowCount(model.index(0, 0)) == 1
    session.undo_stack.undo()
    assert model.rowCount(model.index(0, 0)) == 2
    qtmodeltester.check(model)


def test_indicator_model_parent_rows_are_not_scored_by_hand() -> None:
    session = make_session()
    model = IndicatorModel(session, session.project.by_code("A").id)
    a1 = model.index_of(session.project.by_code("A1").id, COL_SCORE)
    assert not (model.flags(a1) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(a1, "1", EDIT)
    assert a1.data() == "8"          # A11 5 + A12 3, from the engine
    assert a1.data(ID_ROLE) == session.project.by_code("A1").id


def test_deduction_model(qtmodeltester: Any) -> None:
    session = make_session()
    project = session.project
    b12 = project.by_code("B12")
    session.push(commands.add_deduction(project, b12.id, "1", "制度未执行", "检查记录"))
    model = DeductionModel(session)
    model.set_indicator(b12.id)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "制度未执行"
    session.push(commands.add_deduction(project, b12.id, "0.5", "台账不全"))
    assert model.rowCount() == 2
    assert model.setData(model.index(1, 0), "1.5", EDIT)
    # 4 − (1 + 1.5) = 1.5
    assert str(session.score.by_id[b12.id].score) == "1.5"
    qtmodeltester.check(model)


def test_problem_model(qtmodeltester: Any) -> None:
    session = make_session()
    project = session.project
    session.push(commands.set_score(project, project.by_code("C13").id, ""))
    session.push(commands.set_indicator(project, project.by_code("C1").id, weight="10"))
    model = ProblemModel()
    model.set_problems(session.score.problems)
    qtmodeltester.check(model)
    messages = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert "C13 尚未评分" in messages
    assert "C1 的下级指标分值合计 9 分，与其分值 10 分不一致" in messages
    model.set_problems([])
    assert model.rowCount() == 0
