"""The open project as the window sees it: the project, its undo stack and its current scores.

Every edit from any page goes through ``ProjectSession.push(edit)``: the edit is wrapped in one
``EditCommand`` on the window's ``QUndoStack``; applying it (or undoing or redoing it) emits
``changed`` with the core's ``Change`` and rescores what it touched (``LiveScores``), emitting
``scores_changed``. Pages refresh from those two signals only.

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


class EditCommand(QUndoCommand):
    """One pfdesk edit on the undo stack; undo applies the inverse of what it changed."""

    def __init__(self, session: ProjectSession, edit: Edit) -> None:
        super().__init__(edit.label)
        self._session = session
        self._pending: Edit | None = edit
        self._change: Change | None = None
        self.failed: PfdeskError | None = None

    def redo(self) -> None:
        first = self._pending is not None
        edit = self._pending if self._pending is not None else self._redo_edit
        try:
            self._change = self._session._apply(edit)
        except PfdeskError as exc:
            if first:
                self.failed = exc
                self.setObsolete(True)
            else:
                self._session.report_failure(f"无法重做“{self.text()}”：{exc}")
            return
        self._pending = None

    def undo(self) -> None:
        if self._change is None:
            return
        try:
            undone = self._session._apply(self._change.inverse())
        except PfdeskError as exc:
            # Nothing was changed (the edit is one transaction); say so rather than crash.
            self._session.report_failure(f"无法撤销“{self.text()}”：{exc}")
            return
        self._redo_edit = undone.inverse()
        self._change = None


class ProjectSession(QObject):
    """An open project with its undo history and live scores."""

    changed = Signal(object)          # pfdesk.edits.Change
    scores_changed = Signal(object)   # pfdesk.scoring.ScoreResult
    error_reported = Signal(str)      # one plain-language line for the user
    edit_failed = Signal(str)         # an edit, undo or redo was not stored; why

    def __init__(self, project: Project, undo_stack: QUndoStack,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = undo_stack
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
        """Apply an edit as one undo step; False (and error_reported) if it was refused."""
        if not edit:
            return True
        command = EditCommand(self, edit)
        self.undo_stack.push(command)
        if command.failed is not None:
            self.report_failure(str(command.failed))
            return False
        return True

    def report_failure(self, message: str) -> None:
        """Say that an edit, undo or redo was not stored."""
        log.info("edit not stored: %s", message)
        self.error_reported.emit(message)
        self.edit_failed.emit(message)

    def _apply(self, edit: Edit) -> Change:
        change = self.project.apply(edit)
        score = self._live.update(change)
        self.changed.emit(change)
        self.scores_changed.emit(score)
        return change
