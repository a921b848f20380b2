"""Fitting the main window to the screen it opens on, at any scaling.

Sizes here are Qt's logical pixels: at 150 % a 1920×1080 screen is 1280×720 of them, so a
window of a fixed 1366×768 would run off it. The first window takes the preferred size or what
the available geometry (the screen less its task bars) leaves, whichever is smaller, centred;
a remembered geometry is restored and then clamped to the screen it lands on, so a window saved
on a large monitor still fits a laptop.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize

PREFERRED = QSize(1366, 820)
MINIMUM = QSize(960, 600)
# Room for the window manager's frame: borders and the title bar (not part of geometry()).
FRAME = QMargins(4, 32, 4, 4)


def frame_margins(measured: QMargins | None) -> QMargins:
    """The frame around the client area: the one measured, or a typical one before showing."""
    if measured is None or measured.isNull():
        return FRAME
    return measured


def fit_rect(rect: QRect, available: QRect, frame: QMargins = FRAME) -> QRect:
    """``rect`` (a client area) made small enough and moved so that it and its frame fit."""
    room = available.marginsRemoved(frame)
    width = max(min(rect.width(), room.width()), 1)
    height = max(min(rect.height(), room.height()), 1)
    x = min(max(rect.x(), room.left()), room.right() - width + 1)
    y = min(max(rect.y(), room.top()), room.bottom() - height + 1)
    return QRect(x, y, width, height)


def first_rect(available: QRect, frame: QMargins = FRAME,
               preferred: QSize = PREFERRED) -> QRect:
    """The first window's client area: the preferred size or less, centred on the screen."""
    room = available.marginsRemoved(frame)
    size = preferred.boundedTo(room.size())
    top_left = room.center() - QPoint(size.width() // 2, size.height() // 2)
    return fit_rect(QRect(top_left, size), available, frame)


def minimum_size(available: QRect, frame: QMargins = FRAME) -> QSize:
    """The window's minimum size: ``MINIMUM`` unless the screen is smaller than that."""
    return MINIMUM.boundedTo(available.marginsRemoved(frame).size())
