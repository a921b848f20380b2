"""A flat table model with fixed column titles: the part every such model repeats.

A subclass names its titles (``HEADERS``), the translation context they belong to
(``TR_CONTEXT``; empty: the subclass's own class name) and how many rows it holds
(``row_total``); rows, columns and header texts come from here. ``data`` stays its own.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

ModelIndex = QModelIndex | QPersistentModelIndex


class HeadedTableModel(QAbstractTableModel):
    """Rows from ``row_total``, one column per title in ``HEADERS``."""

    HEADERS: ClassVar[tuple[str, ...]] = ()
    TR_CONTEXT: ClassVar[str] = ""     # '' translates in the subclass's own name

    def row_total(self) -> int:
        """How many rows the model holds (subclasses)."""
        raise NotImplementedError

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """The subclass's rows (a flat table: none under a row)."""
        return 0 if parent.isValid() else self.row_total()

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One column per title."""
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column titles, translated in the subclass's context."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.HEADERS):
            title = self.HEADERS[section]
            if not self.TR_CONTEXT:
                return self.tr(title)
            return QCoreApplication.translate(self.TR_CONTEXT, title)
        return None
