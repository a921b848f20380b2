"""A date editor with a calendar that stores ISO dates ('YYYY-MM-DD') and may be left empty.

An empty date is shown as 未填写 (the editor's minimum date stands for "no date"); opening the
calendar on an empty field starts at today. ``committed`` carries the ISO text ('' when cleared)
once the user has finished: on leaving the field or on picking a day in the calendar.
Stored text written by hand elsewhere is read too ('2025年4月28日', '2025/4/28', '2025.4.28');
text that is no day at all ('2025年4月') is shown as it is and kept until the user picks a date.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QDateEdit, QWidget

log = logging.getLogger(__name__)

EMPTY_DATE = QDate(1900, 1, 1)
_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


def parse_date_text(text: str) -> QDate | None:
    """'2025-04-28', '2025年4月28日', '2025/4/28' → QDate; None when the text is no valid day."""
    match = _DAY.match(text or "")
    if match is None:
        return None
    date = QDate(*(int(g) for g in match.groups()))
    return date if date.isValid() else None


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
        """Show a stored date; text that is no day is shown as written (and kept as it was)."""
        self._shown = text
        date = parse_date_text(text)
        self.setSpecialValueText(text.strip() if text.strip() and date is None
                                 else self.tr("未填写"))
        self.setDate(date or EMPTY_DATE)

    def clear_date(self) -> None:
        """Empty the field and commit that."""
        self.setDate(EMPTY_DATE)
        self._finish()

    def _finish(self) -> None:
        value = self.iso()
        stored = parse_date_text(self._shown)
        if value == "" and stored is None:
            return                      # still empty, or free text left untouched
        if stored is not None and value == stored.toString(Qt.DateFormat.ISODate):
            return                      # the same day, however it was written
        self._shown = value
        self.setSpecialValueText(self.tr("未填写"))
        self.committed.emit(value)
