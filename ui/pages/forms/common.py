"""Small pieces the form pages share: hint lines and form captions of one width."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

log = logging.getLogger(__name__)

HINT_COLOUR = "#5f6b7a"
CAPTION_CHARS = "项目负责人：："  # the widest caption, plus a little room


def hint_label(text: str, parent: QWidget | None = None) -> QLabel:
    """A wrapped explanatory line in a muted (still readable) colour."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HINT_COLOUR};")
    return label


def caption_label(text: str, buddy: QWidget, parent: QWidget | None = None,
                  top: bool = False) -> QLabel:
    """A right-aligned form caption 'text：' of the common width, bound to its editor."""
    label = QLabel(text + QLabel.tr("："), parent)
    label.setBuddy(buddy)
    vertical = Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignVCenter
    label.setAlignment(Qt.AlignmentFlag.AlignRight | vertical)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance(CAPTION_CHARS))
    return label
