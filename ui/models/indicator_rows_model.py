"""The shared part of the table models that show the rows of one indicator.

``IndicatorRowsModel`` follows one indicator of the session's project: ``set_indicator`` shows
another one, ``refresh`` reads the rows again after a stored change that touches the tables the
subclass names (resetting the model when rows came or went, else announcing changed cells).
A subclass gives ``HEADERS``, ``TABLES``, ``EDITABLE_COLUMNS`` and ``load_rows``, and its own
``data`` / ``setData`` (which stores through ``_push``: one undo step, a refusal reported).
Column titles and other texts are translated in the subclass's context (``self.tr``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from pfdesk.edits import Change, Edit
from pfdesk.errors import PfdeskError
from pfdesk.project import Project

from ..session import ProjectSession
from .headed_table import HeadedTableModel

log = logging.getLogger(__name__)

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


class IndicatorRowsModel(HeadedTableModel):
    """Rows of one indicator; empty when no indicator is shown or it no longer exists."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    TABLES: ClassVar[frozenset[str]] = frozenset()   # a change to these reloads the rows
    EDITABLE_COLUMNS: ClassVar[frozenset[int]] = frozenset()   # typed in place unless read-only

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.indicator_id: str | None = None
        self._rows: list[Any] = []
        session.changed.connect(self.refresh)

    # ----- what a subclass gives -----

    def load_rows(self, project: Project, indicator_id: str) -> list[Any]:
        """The rows of an indicator that exists, read from the project."""
        raise NotImplementedError

    def row_id(self, row: Any) -> str:
        """The id that tells a row from the others (the rows' ``id`` by default)."""
        return str(row.id)

    def _touches(self, change: Change) -> bool:
        """True when a change may concern the shown rows."""
        return bool(change.tables() & self.TABLES)

    def _reloaded(self) -> None:
        """Called after the rows were read again (nothing by default)."""

    # ----- loading -----

    def _load(self) -> list[Any]:
        project = self.session.project
        if self.indicator_id is None or self.indicator_id not in project.indicators():
            return []
        return list(self.load_rows(project, self.indicator_id))

    def set_indicator(self, indicator_id: str | None) -> None:
        """Show the rows of another indicator (None: nothing)."""
        self.beginResetModel()
        self.indicator_id = indicator_id
        self._rows = self._load()
        self.endResetModel()
        self._reloaded()

    def refresh(self, change: Change | None = None) -> None:
        """Read the rows again after a stored change that touched them (None: always)."""
        if change is not None and not self._touches(change):
            return
        rows = self._load()
        if [self.row_id(r) for r in rows] != [self.row_id(r) for r in self._rows]:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()
        else:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(rows) - 1, len(self.HEADERS) - 1))
        self._reloaded()

    def row_at(self, row: int) -> Any:
        """The row shown at a table row, or None."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    # ----- shape -----

    def row_total(self) -> int:
        """One table row per row of the indicator."""
        return len(self._rows)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """The ``EDITABLE_COLUMNS`` are editable in place (not in a read-only project)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in self.EDITABLE_COLUMNS and not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _push(self, build: Callable[[], Edit]) -> bool:
        """Build a pfdesk edit and push it as one undo step; False when it is refused."""
        try:
            edit = build()
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(edit)
