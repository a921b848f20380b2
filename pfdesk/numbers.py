"""Decimal parsing and the ways numbers are written: two-decimal strings, prose points, rates, money."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO = Decimal("0.01")
HUNDRED = Decimal(100)


def to_decimal(value: object) -> Decimal | None:
    """Parse a number given as str/int/Decimal (never float); '' and None give None."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("布尔值不是数字")
    if isinstance(value, Decimal):
        return _bounded(value, value)
    if isinstance(value, int):
        return _bounded(Decimal(value), value)
    if isinstance(value, float):
        # Values from outside (Excel cells) may arrive as floats: go through repr to keep 0.1 as 0.1.
        return _bounded(Decimal(repr(value)), value)
    text = str(value).strip().replace(",", "").replace("，", "")
    if text == "":
        return None
    try:
        result = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"“{shown(value)}”不是数字") from exc
    return _bounded(result, value)


SHOWN_CHARS = 16


def shown(value: object) -> str:
    """A value as quoted in a message: printable characters only, short, never a huge number."""
    if isinstance(value, int) and value.bit_length() > 64:
        return "（位数过多的数字）"
    text = "".join(ch for ch in str(value) if ch.isprintable())
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


MAX_DIGITS_BEFORE_POINT = 12   # 万元 amounts and points never come near a trillion
MAX_DECIMALS = 10


def _bounded(result: Decimal, given: object) -> Decimal:
    """Refuse infinities, NaN and absurd magnitudes (a hostile file's '1E+999999')."""
    if not result.is_finite():
        raise ValueError(f"“{shown(given)}”不是有限的数字")
    if result == 0:   # -0 and 0E+99999 are plain zeros
        exponent = result.as_tuple().exponent
        return result.copy_abs() if -MAX_DECIMALS <= exponent <= 0 else Decimal(0)  # type: ignore[operator]
    if (result.adjusted() >= MAX_DIGITS_BEFORE_POINT
            or -result.as_tuple().exponent > MAX_DECIMALS):  # type: ignore[operator]
        raise ValueError(f"“{shown(given)}”超出了可处理的数值范围")
    return result


def q2(value: Decimal) -> Decimal:
    """Round to two decimals, half up (the way reports round)."""
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def fmt2(value: Decimal | None) -> str | None:
    """Two-decimal string ('88.50'); None stays None."""
    if value is None:
        return None
    return f"{q2(value):.2f}"


def plain(value: Decimal) -> str:
    """A number as people write it in prose: 5, 0.5, 23.5, 39.38 (no trailing zeros)."""
    text = f"{q2(value):.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def points(value: Decimal) -> str:
    """Points in prose: '5分', '0.5分'."""
    return f"{plain(value)}分"


def percent(rate: Decimal | None) -> str:
    """A rate already in percent, two decimals: '81.03%'; None gives '—'."""
    if rate is None:
        return "—"
    return f"{q2(rate):.2f}%"


def money(value: Decimal | None) -> str:
    """Money in 万元 with two decimals, thousands not separated (as reports write it)."""
    if value is None:
        return ""
    return f"{q2(value):.2f}"


def rate_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """part ÷ whole × 100, rounded to two decimals; None when whole is zero."""
    if whole == 0:
        return None
    return q2(part * HUNDRED / whole)


def cn_date(text: str) -> str:
    """An ISO date ('2025-04-28') as reports write it ('2025年4月28日'); other text unchanged."""
    parts = text.strip().split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4:
        return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
    return text.strip()


STYLES = {"plain": "88.5（去掉末尾的 0）", "fixed": "88.50（保留两位小数）"}
"""How scores and weights are written: the project setting ``number_style``."""


def fixed(value: Decimal) -> str:
    """A score or weight with two decimals always: 88.50, 5.00."""
    text = f"{q2(value):.2f}"
    return "0.00" if text == "-0.00" else text


@dataclass(frozen=True)
class Numbers:
    """The project's way of writing numbers, used alike by the window and every layout.

    Scores, weights and totals follow the style (``plain`` 88.5 or ``fixed`` 88.50); rates are
    always percent with two decimals and money always 万元 with two decimals.
    """

    style: str = "plain"

    @classmethod
    def of(cls, info: object) -> Numbers:
        """The style set on a project (``ProjectInfo.number_style``); unknown values read as plain."""
        style = getattr(info, "number_style", "plain")
        return cls(style if style in STYLES else "plain")

    def pts(self, value: Decimal | None) -> str:
        """A score or weight in a cell: '88.5' / '88.50'; '—' when there is none."""
        if value is None:
            return "—"
        return fixed(value) if self.style == "fixed" else plain(value)

    def points(self, value: Decimal) -> str:
        """Points in prose: '5分' / '5.00分'."""
        return f"{self.pts(value)}分"

    def percent(self, rate: Decimal | None) -> str:
        """A rate in percent with two decimals: '88.50%'; '—' when there is none."""
        return percent(rate)

    def money(self, value: Decimal | None) -> str:
        """Money in 万元 with two decimals; '' when there is none."""
        return money(value)
