"""Editors that show, not change, a read-only project.

``lock_editors(page)`` is applied by the workspace to every page that edits the project when the
project was opened read-only: item views stop opening editors, text fields become read-only
(their text can still be selected and copied), choices and dates are disabled, and the page's
buttons, check boxes and actions (tool bar entries, shortcuts) that edit are disabled. A control that only
changes what is shown (a column toggle) is marked with ``mark_view_only`` and left alone.

Widgets that enable their own buttons as the selection changes ask ``session.read_only``
themselves. A dialog that shows a read-only project (层次分析法) is locked the same way, its
关闭 marked view-only; a grid's own Delete key (``widgets.grid_keys``) keeps a locked cell.
Whatever slips through still reaches the core, which refuses it; the window reports that
refusal where it cannot be missed.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTextEdit,
    QWidget,
)

log = logging.getLogger(__name__)

VIEW_ONLY = "pfdeskViewOnly"


def mark_view_only(widget: QWidget) -> QWidget:
    """Mark a control that changes only what is shown, so a read-only page keeps it usable."""
    widget.setProperty(VIEW_ONLY, True)
    return widget


def _view_only(widget: QWidget) -> bool:
    return bool(widget.property(VIEW_ONLY))


def _read_only_text(field: QLineEdit | QPlainTextEdit | QTextEdit) -> None:
    field.setReadOnly(True)
    palette = field.palette()
    palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
    field.setPalette(palette)


def lock_editors(root: QWidget) -> None:
    """Make every editor under ``root`` read-only and disable the controls that edit."""
    for view in root.findChildren(QAbstractItemView):
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    for kind in (QLineEdit, QPlainTextEdit, QTextEdit):
        for field in root.findChildren(kind):
            _read_only_text(field)
    for spin in root.findChildren(QAbstractSpinBox):
        spin.setReadOnly(True)
        spin.setEnabled(False)
    for combo in root.findChildren(QComboBox):
        if not _view_only(combo):
            combo.setEnabled(False)
    for button in root.findChildren(QAbstractButton):
        # Tool buttons belong to tab bars and tool bars: tool bar entries are actions, below.
        if isinstance(button, (QPushButton, QCheckBox, QRadioButton)) and not _view_only(button):
            button.setEnabled(False)
    for widget in (root, *root.findChildren(QWidget)):
        for action in widget.actions():
            action.setEnabled(False)
