"""The session: the window's undo stack is a view of the core's history, never ahead of it."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from pfdesk import commands
from pfdesk.project import Project
from tests.seed004 import seed004_project
from ui.session import HistoryStack, ProjectSession


def test_the_window_undoes_only_its_own_steps(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    seed004_project().save_copy(path)
    with Project.open(path, user="张三") as project:     # an edit from an earlier session
        project.apply(commands.set_score(project, project.by_code("A12").id, "2"))
    project = Project.open(path, user="李四")
    session = ProjectSession(project, HistoryStack())
    assert project.undo_label() == "A12 得分改为 2"      # the core could undo it …
    assert not session.undo()                              # … but this window made no step
    assert project.by_code("A12").score == D(2)
    assert session.push(commands.set_score(project, project.by_code("A11").id, "1"))
    assert session.undo() and project.by_code("A11").score != D(1)
    assert session.undo_stack.index() == 0 and not session.undo()
    assert project.by_code("A12").score == D(2)
    assert session.redo() and project.by_code("A11").score == D(1)
    assert not session.redo()
    project.close()


def test_a_plain_undo_stack_is_refused() -> None:
    import pytest
    from PySide6.QtGui import QUndoStack

    with pytest.raises(TypeError):
        ProjectSession(seed004_project(), QUndoStack())  # type: ignore[arg-type]
