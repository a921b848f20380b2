"""Money in 万元 and other two-decimal numbers: parsing typed text and the line editor for it.

Rule (the same as the core's ``set_info``): an amount has at most two decimals. A third decimal
is refused, never rounded away: the editor's validator does not let it be typed or pasted, and
``parse_amount('12.345')`` raises ``ValueError`` with a sentence for the user. Values come back
as ``Decimal`` quantized to two places ('12.5' → Decimal('12.50')); floats are never involved.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from pfdesk.numbers import money, q2, to_decimal

log = logging.getLogger(__name__)

# Up to 12 digits, an optional point and at most two decimals; thousands commas allowed.
AMOUNT_PATTERN = r"^\s*[0-9][0-9,，]{0,15}([.][0-9]{0,2})?\s*$|^\s*[.][0-9]{1,2}\s*$|^\s*$"


def _tr(text: str) -> str:
    return QCoreApplication.translate("money", text)


def parse_amount(text: object, what: str = "", maximum: Decimal | None = None) -> Decimal | None:
    """Typed text → Decimal with two places ('' → None); ValueError with a plain reason."""
    what = what or _tr("金额")
    try:
        value = to_decimal(text)
    except ValueError as exc:
        raise ValueError(_tr("{0}应为数字（输入的是“{1}”）").format(what, text)) from exc
    if value is None:
        return None
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(_tr("{0}最多保留两位小数（输入的是 {1}）").format(what, text))
    if value < 0:
        raise ValueError(_tr("{0}不能为负数").format(what))
    if maximum is not None and value > maximum:
        raise ValueError(_tr("{0}不能大于 {1}").format(what, money(maximum)))
    return q2(value)


def amount_text(value: Decimal | None) -> str:
    """A stored amount as the editor shows it: '12.50', '' for none."""
    return money(value)


class MoneyEdit(QLineEdit):
    """A line editor for an amount with two decimals; emits ``committed`` when the user is done."""

    committed = Signal(object)  # Decimal | None
    refused = Signal(str)       # why the typed text was not taken

    def __init__(self, parent: QWidget | None = None, what: str = "",
                 maximum: Decimal | None = None) -> None:
        super().__init__(parent)
        self._what = what
        self._maximum = maximum
        self._shown: Decimal | None = None
        self.setValidator(QRegularExpressionValidator(QRegularExpression(AMOUNT_PATTERN), self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(_tr("未填写"))
        self.editingFinished.connect(self._finish)

    def set_value(self, value: Decimal | None) -> None:
        """Show a stored value (leaves the text alone if it already says the same)."""
        self._shown = value
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

    def _finish(self) -> None:
        try:
            value = self.value()
        except ValueError as exc:
            log.info("amount refused: %s", exc)
            self.setText(amount_text(self._shown))
            self.refused.emit(str(exc))
            return
        self.setText(amount_text(value))
        if value != self._shown:
            self._shown = value
            self.committed.emit(value)
