"""Money in 万元 and other two-decimal numbers: the line editor for them.

Reading typed text is the core's (``pfdesk.typed.amount``): full-width digits, thousands
separators and a unit after the number ('81.84万元', '818400元') are understood; a negative
amount, a third decimal or an unknown unit is refused with a reason. A refused value stays in the
field for correction, the field turns red and ``reason_changed`` carries the reason (shown next to
the field by ``ui.widgets.field_note``); values come back as ``Decimal`` with two places.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from pfdesk import typed
from pfdesk.numbers import money

log = logging.getLogger(__name__)

REFUSED_STYLE = "QLineEdit { border: 1px solid #c0392b; background: #fdecea; }"


def _tr(text: str) -> str:
    return QCoreApplication.translate("money", text)


def parse_amount(text: object, what: str = "", maximum: Decimal | None = None) -> Decimal | None:
    """Typed text → Decimal with two places ('' → None); ValueError with a plain reason."""
    return typed.amount(text, what or _tr("金额"), maximum)


def amount_text(value: Decimal | None) -> str:
    """A stored amount as the editor shows it: '12.50', '' for none."""
    return money(value)


class MoneyEdit(QLineEdit):
    """A line editor for an amount with two decimals; emits ``committed`` when the user is done."""

    committed = Signal(object)     # Decimal | None
    refused = Signal(str)          # why the typed text was not taken
    reason_changed = Signal(str)   # the reason shown next to the field ('' once it is taken)

    def __init__(self, parent: QWidget | None = None, what: str = "",
                 maximum: Decimal | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self._maximum = maximum
        self._shown: Decimal | None = None
        self.reason = ""
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(_tr("未填写"))
        self.setToolTip(_tr("单位：万元，最多两位小数；可写 81.84、1,234.50、81.84万元"))
        self.editingFinished.connect(self._finish)

    def set_value(self, value: Decimal | None) -> None:
        """Show a stored value (leaves the text alone if it already says the same, and leaves a
        refused value the user has still to correct)."""
        self._shown = value
        if self.reason:
            return
        if self.hasFocus():
            try:
                if self.value() == value:
                    return
            except ValueError:
                pass
        if self.text() != amount_text(value):
            self.setText(amount_text(value))

    def value(self) -> Decimal | None:
        """The typed value (ValueError when it is not a valid amount)."""
        return parse_amount(self.text(), self._what, self._maximum)

    def check(self) -> bool:
        """Read the typed text; on refusal keep it, mark the field and say why. True if taken."""
        try:
            self.value()
        except ValueError as exc:
            self._set_reason(str(exc))
            return False
        self._set_reason("")
        return True

    def _set_reason(self, reason: str) -> None:
        changed = reason != self.reason
        self.reason = reason
        self.setStyleSheet(REFUSED_STYLE if reason else "")
        self.setAccessibleDescription(reason)
        if changed:
            self.reason_changed.emit(reason)

    def _finish(self) -> None:
        if not self.check():
            log.info("amount refused: %s", self.reason)
            self.refused.emit(self.reason)
            return
        value = self.value()
        self.setText(amount_text(value))
        if value != self._shown:
            self._shown = value
            self.committed.emit(value)
