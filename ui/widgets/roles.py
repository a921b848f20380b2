"""Item-data roles shared by the list models and the field delegate.

A model tells the delegate which editor a cell wants (``EDITOR_ROLE``: one of the ``EDITOR_*``
names) and, for choice cells, the choices (``CHOICES_ROLE``: a list of ``(label, value)``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

EDITOR_ROLE = Qt.ItemDataRole.UserRole + 1
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 3

EDITOR_TEXT = "text"
EDITOR_MULTILINE = "multiline"
EDITOR_MONEY = "money"
EDITOR_DECIMAL = "decimal"
EDITOR_CHOICE = "choice"
EDITOR_CHOICE_FREE = "choice_free"
EDITOR_READONLY = "readonly"
