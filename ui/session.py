"""The open project as the window sees it: the project, its undo stack and its current scores.

Every edit from any page goes through ``ProjectSession.push(edit)``: the core applies it and
writes its change-log entry (``Project.apply``); then a ``LoggedStep`` goes on the window's
``HistoryStack`` so the menus can say what Ctrl+Z will undo. Undo and redo are the core's
(``Project.undo`` / ``redo``, over the same log as the command line): the window's stack is only
a view of the steps taken in this window, and it moves only after the core has stored the undo
or redo. A refused undo or redo leaves both where they were and says why.

Each stored change emits ``changed`` with the core's ``Change`` and rescores what it touched
(``LiveScores``), emitting ``scores_changed``. Pages refresh from those two signals only.

An edit, undo or redo the project refuses (read-only project, file changed by another program,
disk full) emits ``edit_failed`` as well as ``error_reported``: nothing was stored, and the
window says so where it cannot be missed. ``error_reported`` alone carries input the page could
not turn into an edit (a score out of range, an amount with a third decimal).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from pfdesk.edits import Change, Edit
from pfdesk.errors import PfdeskError
from pfdesk.live_scores import LiveScores
from pfdesk.project import Project
from pfdesk.scoring import ScoreResult

log = logging.getLogger(__name__)


class LoggedStep(QUndoCommand):
    """One stored edit as the undo stack shows it; the core does the undoing and redoing."""

    def redo(self) -> None:
        """Nothing: the core has applied (or re-applied) the edit already."""

    def undo(self) -> None:
        """Nothing: the core has undone the edit already."""


class HistoryStack(QUndoStack):
    """The window's undo stack, moved only by the session after the core has acted.

    ``undo()`` and ``redo()`` ask the session, which asks the core; the stack's index changes
    only when the core stored the step, so the stack and the file never disagree.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ProjectSession | None = None

    def undo(self) -> None:
        if self.session is not None and self.canUndo():
            self.session.undo()

    def redo(self) -> None:
        if self.session is not None and self.canRedo():
            self.session.redo()

    def step_back(self) -> None:
        """Move the index one step back (the core has undone that step)."""
        QUndoStack.undo(self)

    def step_forward(self) -> None:
        """Move the index one step forward (the core has redone that step)."""
        QUndoStack.redo(self)


class ProjectSession(QObject):
    """An open project with its undo history and live scores."""

    changed = Signal(object)          # pfdesk.edits.Change
    scores_changed = Signal(object)   # pfdesk.scoring.ScoreResult
    error_reported = Signal(str)      # one plain-language line for the user
    edit_failed = Signal(str)         # an edit, undo or redo was not stored; why

    def __init__(self, project: Project, undo_stack: HistoryStack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        if not isinstance(undo_stack, HistoryStack):
            raise TypeError("the session needs a HistoryStack (a plain QUndoStack would undo "
                            "in the window without the core)")
        self.project = project
        self.undo_stack = undo_stack
        undo_stack.session = self
        self._live = LiveScores(project)

    @property
    def read_only(self) -> bool:
        """True when the project was opened read-only (every edit will be refused)."""
        return bool(self.project.readonly)

    @property
    def score(self) -> ScoreResult:
        """The scores as of the last stored edit."""
        return self._live.result

    def push(self, edit: Edit) -> bool:
        """Apply an edit as one undo step; False (and the reason reported) if it was refused."""
        if not edit:
            return True
        try:
            change = self.project.apply(edit)
        except PfdeskError as exc:
            self.report_failure(str(exc))
            return False
        if not change.rows:
            return True
        self.undo_stack.push(LoggedStep(edit.label))
        self._emit(change)
        return True

    def undo(self) -> bool:
        """Undo the latest step of this window through the core; False if refused."""
        if not self.undo_stack.canUndo():    # the window offers only its own steps
            return False
        label = self.undo_stack.undoText()
        try:
            change = self.project.undo()
        except PfdeskError as exc:
            self.report_failure(f"无法撤销“{label}”：{exc}")
            return False
        self._step(back=True)
        self._emit(change)
        return True

    def redo(self) -> bool:
        """Redo the latest undone step through the core; False if refused."""
        if not self.undo_stack.canRedo():
            return False
        label = self.undo_stack.redoText()
        try:
            change = self.project.redo()
        except PfdeskError as exc:
            self.report_failure(f"无法重做“{label}”：{exc}")
            return False
        self._step(back=False)
        self._emit(change)
        return True

    def _step(self, back: bool) -> None:
        if back:
            self.undo_stack.step_back()
        else:
            self.undo_stack.step_forward()

    def report_failure(self, message: str) -> None:
        """Say that an edit, undo or redo was not stored."""
        log.info("edit not stored: %s", message)
        self.error_reported.emit(message)
        self.edit_failed.emit(message)

    def _emit(self, change: Change) -> None:
        score = self._live.update(change)
        self.changed.emit(change)
        self.scores_changed.emit(score)
