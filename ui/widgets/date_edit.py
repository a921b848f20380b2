"""A date field typed as people type dates, with a calendar; it stores ISO text ('YYYY-MM-DD').

The field is a line editor: '2024-12-20', '2024.12.20', '2024/12/20', '2024年12月20日' (and the
same in full-width digits, or '20241220') are read by ``pfdesk.typed.day`` when the user has
finished (Enter or leaving the field) and shown again as 2024-12-20. Text that is no day is
refused with the reason next to the field (``reason_changed``) and kept for correction; an empty
field clears the date. The calendar opens from the button at the field's end (or Alt+↓ / F4) at
the typed day, or today; clicking a day or Enter stores it, Esc closes it and stores nothing.
Stored text that is no day ('2025年4月', written elsewhere) is shown as it is and left alone
until the user changes it. ``committed`` carries the ISO text ('' when cleared).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QFrame, QLineEdit, QVBoxLayout, QWidget

from pfdesk import typed

log = logging.getLogger(__name__)

EMPTY_DATE = QDate(1900, 1, 1)   # date() of an empty field
REFUSED_STYLE = "QLineEdit { border: 1px solid #c0392b; background: #fdecea; }"


def parse_date_text(text: str) -> QDate | None:
    """'2025-04-28', '2025年4月28日', '2025/4/28' → QDate; None when the text is no valid day."""
    try:
        day = typed.day(text)
    except ValueError:
        return None
    return QDate(day.year, day.month, day.day) if day is not None else None


_ICON: list[QIcon] = []


def _calendar_icon() -> QIcon:
    """The calendar button's icon, painted once per process (every date field shares it)."""
    if not _ICON:
        _ICON.append(_paint_calendar_icon())
    return _ICON[0]


def _paint_calendar_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor("#44505e"))
    painter.drawRect(1, 2, 13, 12)
    painter.fillRect(2, 3, 12, 3, QColor("#44505e"))
    for x in (4, 7, 10):
        for y in (8, 11):
            painter.fillRect(x, y, 2, 2, QColor("#44505e"))
    painter.end()
    return QIcon(pixmap)


class CalendarPopup(QFrame):
    """The calendar under a date field: a day clicked or Enter picks it, Esc closes."""

    picked = Signal(QDate)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setGridVisible(True)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.activated.connect(self._pick)
        self.calendar.installEventFilter(self)

    def _pick(self, date: QDate) -> None:
        self.close()
        self.picked.emit(date)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc closes the calendar without choosing."""
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape):
            self.close()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc on the frame itself closes it too."""
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class DateEdit(QLineEdit):
    """A typed date with a calendar button, an empty state and ISO text in and out."""

    committed = Signal(str)
    refused = Signal(str)          # why the typed text is no day
    reason_changed = Signal(str)   # the reason shown next to the field ('' once corrected)

    def __init__(self, parent: QWidget | None = None, what: str = "") -> None:
        super().__init__(parent)
        self._what = what or self.tr("日期")
        self._shown = ""
        self.reason = ""
        self.setPlaceholderText(self.tr("未填写（如 2024-12-20）"))
        self.setToolTip(self.tr("可写 2024-12-20、2024.12.20、2024/12/20 或 2024年12月20日；"
                                "也可点右端的按钮（Alt+↓）在日历中选择"))
        self.popup: CalendarPopup | None = None
        self.calendar_action = QAction(_calendar_icon(), self.tr("选择日期"), self)
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.editingFinished.connect(self._finish)

    # ----- reading and showing -----

    def iso(self) -> str:
        """The typed date as 'YYYY-MM-DD'; '' when empty or not a day."""
        date = parse_date_text(self.text())
        return date.toString(Qt.DateFormat.ISODate) if date is not None else ""

    def date(self) -> QDate:
        """The typed day; ``EMPTY_DATE`` when empty or not a day."""
        return parse_date_text(self.text()) or EMPTY_DATE

    def setDate(self, date: QDate) -> None:
        """Put a day in the field as the user would (stored on ``editingFinished``)."""
        self.setText("" if date == EMPTY_DATE else date.toString(Qt.DateFormat.ISODate))
        self._set_reason("")

    def set_iso(self, text: str) -> None:
        """Show a stored date; text that is no day is shown as written (and kept as it was).
        A refused value the user is still correcting stays."""
        self._shown = text
        if self.reason:
            return
        date = parse_date_text(text)
        shown = date.toString(Qt.DateFormat.ISODate) if date is not None else text.strip()
        if self.hasFocus() and self.isModified():
            return
        if self.text() != shown:
            self.setText(shown)
        self.setModified(False)

    def clear_date(self) -> None:
        """Empty the field and commit that."""
        self.setText("")
        self._finish()

    def calendarWidget(self) -> QCalendarWidget:
        """The calendar of the popup (made on first use)."""
        return self._popup().calendar

    # ----- the calendar -----

    def _popup(self) -> CalendarPopup:
        if self.popup is None:
            self.popup = CalendarPopup(self)
            self.popup.picked.connect(self._picked)
        return self.popup

    def show_calendar(self) -> None:
        """Open the calendar under the field at the typed day (today when there is none)."""
        popup = self._popup()
        date = parse_date_text(self.text()) or QDate.currentDate()
        popup.calendar.setSelectedDate(date)
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        popup.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        self.setDate(date)
        self.setFocus()
        self._finish()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Alt+↓ or F4 opens the calendar."""
        if event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    # ----- finishing -----

    def _set_reason(self, reason: str) -> None:
        changed = reason != self.reason
        self.reason = reason
        self.setStyleSheet(REFUSED_STYLE if reason else "")
        self.setAccessibleDescription(reason)
        if changed:
            self.reason_changed.emit(reason)

    def _finish(self) -> None:
        text = self.text().strip()
        if text == self._shown.strip():
            self._set_reason("")         # left as stored, however it was written
            return
        try:
            day = typed.day(text, self._what)
        except ValueError as exc:
            log.info("date refused: %s", exc)
            self._set_reason(str(exc))
            self.refused.emit(str(exc))
            return
        value = day.isoformat() if day is not None else ""
        self._set_reason("")
        self.setText(value)
        self.setModified(False)
        stored = parse_date_text(self._shown)
        if value == (stored.toString(Qt.DateFormat.ISODate) if stored is not None else
                     self._shown.strip()):
            return                       # the same day, however it was written
        self._shown = value
        self.committed.emit(value)
