"""The open project as the window sees it: the project, its undo stack and its current scores.

Every edit from any page goes through ``ProjectSession.push(edit)``: the core applies it and
writes its change-log entry (``Project.apply``); then a ``LoggedStep`` goes on the window's
``HistoryStack`` so the menus can say what Ctrl+Z will undo. Undo and redo are the core's
(``Project.undo`` / ``redo``, over the same log as the command line): the window's stack is only
a view of the steps taken in this window, and it moves only after the core has stored the undo
or redo. A refused undo or redo leaves both where they were and says why.

Each stored change emits ``changed`` with the core's ``Change`` and rescores what it touched
(``LiveScores``), emitting ``scores_changed``. Pages refresh from those two signals only.

A core operation that stores its own edit (a merge of members' copies) runs through
``ProjectSession.run(action)``: the entry it stored goes on the stack like a pushed edit, and its
``Change`` (read back from the change log) is emitted the same way.

An edit, undo or redo the project refuses (read-only project, file changed by another program,
disk full) emits ``edit_failed`` as well as ``error_reported``: nothing was stored, and the
window says so where it cannot be missed. ``error_reported`` alone carries input the page could
not turn into an edit (a score out of range, an amount with a third decimal).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from pfdesk import changelog
from pfdesk.edits import Change, Edit, RowChange
from pfdesk.errors import PfdeskError
from pfdesk.live_scores import LiveScores
from pfdesk.model import ROW_TYPES
from pfdesk.project import Project
from pfdesk.scoring import ScoreResult
from pfdesk.undo import StackItem

log = logging.getLogger(__name__)
T = TypeVar("T")


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
                 parent: QObject | None = None, scores: LiveScores | None = None) -> None:
        super().__init__(parent)
        if not isinstance(undo_stack, HistoryStack):
            raise TypeError("the session needs a HistoryStack (a plain QUndoStack would undo "
                            "in the window without the core)")
        self.project = project
        self.undo_stack = undo_stack
        undo_stack.session = self
        # The scores already computed for this project (the window scores a file before
        # showing it) are taken as they are rather than computed a second time.
        self._live = scores if scores is not None and scores.project is project \
            else LiveScores(project)
        self._deferred: list[Callable[[], object]] = []

    def defer(self, work: Callable[[], object]) -> None:
        """Work left until the window has shown the project (the copy made on opening): it
        runs at ``settle()``, which the window calls once it has painted, and always before
        the first edit, undo or redo is stored."""
        self._deferred.append(work)

    def settle(self) -> None:
        """Run the deferred work now (each once)."""
        while self._deferred:
            self._deferred.pop(0)()

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
        self.settle()
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

    def run(self, action: Callable[[Project], T]) -> T:
        """Run a core operation that applies its own edit(s) (``merge.merge``), then follow it.

        Each undoable entry the action stored becomes one step of the window's stack, and its
        change is emitted like a pushed edit's. Errors of the action propagate unchanged (the
        core stores nothing when it refuses).
        """
        self.settle()
        done = self.project.stacks.done
        last = done[-1].seq if done else 0
        result = action(self.project)
        for item in [i for i in self.project.stacks.done if i.seq > last]:
            change = logged_change(self.project, item)
            self.undo_stack.push(LoggedStep(item.label))
            self._emit(change)
        return result

    def undo(self) -> bool:
        """Undo the latest step of this window through the core; False if refused."""
        if not self.undo_stack.canUndo():    # the window offers only its own steps
            return False
        self.settle()
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
        self.settle()
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


def logged_change(project: Project, item: StackItem) -> Change:
    """The ``Change`` of a stored entry, rebuilt from its log rows and the rows as they are now."""
    rows: list[RowChange] = []
    try:
        for logged in changelog.rows_of(project.conn, item.seq):
            cls = ROW_TYPES[logged.table]
            now = project.find(logged.table, logged.row_id)
            if logged.op == "insert":
                rows.append(RowChange(logged.table, logged.row_id, None, now))
            elif logged.op == "delete":
                before = cls.from_row({**(logged.before or {}), "id": logged.row_id})
                rows.append(RowChange(logged.table, logged.row_id, before, None))
            elif now is not None:
                before = cls.from_row({**now.to_row(), **(logged.before or {})})
                rows.append(RowChange(logged.table, logged.row_id, before, now))
    except (ValueError, TypeError):   # cannot happen for an entry just written; refresh all
        log.exception("entry %s could not be read back", item.id)
    return Change(item.label, rows, changelog.entry_by_id(project.conn, item.id))
