"""A date editor with a calendar that stores ISO dates ('YYYY-MM-DD') and may be left empty.

An empty date is shown as 未填写 (the editor's minimum date stands for "no date"); opening the
calendar on an empty field starts at today. ``committed`` carries the ISO text ('' when cleared)
once the user has finished: on leaving the field or on picking a day in the calendar.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDateEdit, QWidget

log = logging.getLogger(__name__)

EMPTY_DATE = QDate(1900, 1, 1)


class DateEdit(QDateEdit):
    """QDateEdit with a calendar popup, an empty state and ISO text in and out."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(EMPTY_DATE)
        self.setSpecialValueText(self.tr("未填写"))
        self.setDate(EMPTY_DATE)
        self._shown = ""
        self.editingFinished.connect(self._finish)
        calendar = self.calendarWidget()
        calendar.clicked.connect(lambda _d: QTimer.singleShot(0, self._finish))
        calendar.activated.connect(lambda _d: QTimer.singleShot(0, self._finish))
        calendar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Open the calendar at today when the field is empty."""
        if event.type() == QEvent.Type.Show and self.iso() == "":
            self.calendarWidget().setSelectedDate(QDate.currentDate())
        return super().eventFilter(watched, event)

    def iso(self) -> str:
        """The date as 'YYYY-MM-DD', or '' when empty."""
        if self.date() == EMPTY_DATE:
            return ""
        return self.date().toString(Qt.DateFormat.ISODate)

    def set_iso(self, text: str) -> None:
        """Show an ISO date; text that is not a date shows as empty (and is kept as it was)."""
        self._shown = text
        date = QDate.fromString(text[:10], Qt.DateFormat.ISODate) if text else QDate()
        self.setDate(date if date.isValid() else EMPTY_DATE)

    def clear_date(self) -> None:
        """Empty the field and commit that."""
        self.setDate(EMPTY_DATE)
        self._finish()

    def _finish(self) -> None:
        value = self.iso()
        if value != self._shown and not (value == "" and not _is_iso(self._shown)):
            self._shown = value
            self.committed.emit(value)


def _is_iso(text: str) -> bool:
    return bool(text) and QDate.fromString(text[:10], Qt.DateFormat.ISODate).isValid()
