"""Performance targets read as numbers: the 指标值 reader and the completion rate of a target.

A 指标值 typed as '≥2500件', '≤ 90.41万元', '=100%' (or 不低于 / 不少于 / 不超过 …) is split into
comparator, number and unit. Strict signs are read as their non-strict forms ('>' as ≥), the
only comparators the model knows. A bare number ('100%', '2500件') states the value without a
direction and is read as '=' (shown as '= 100 %' so the evaluator sees the reading and types
≥ or ≤ where that is meant); anything else is 定性 with no number.

The completion rate (目标完成率, percent, two decimals, half up) of a target from its planned
value p and actual value a, both ≥ 0, exactly in Decimal:

- ``≥`` (higher is better): min(a ÷ p, 1) × 100. Over-achievement is capped at 100%.
  p = 0: any a ≥ 0 meets it (100%).
- ``≤`` (lower is better, e.g. cost): 100 when a ≤ p, else p ÷ a × 100 (the GUIDE's
  min(1, target ÷ actual)). a = 0 meets it.
- ``=`` (exact): 100 − |a − p| ÷ p × 100, never below 0 — one minus the deviation rate
  (偏差率 = |实际 − 目标| ÷ 目标) evaluators report; short of the value it equals a ÷ p, as for ≥.
  p = 0: 100% when a = 0, else 0%.

The actual value (实际完成值) is free text: its first number is read, and a unit written after it
must be the target's (万元 against 元 is refused, never converted).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import PfdeskError
from .numbers import HUNDRED, q2, shown

GE, LE, EQ, QUALITATIVE = "≥", "≤", "=", "定性"
COMPARATORS = (GE, LE, EQ)

SIGNS = {
    "≥": GE, ">=": GE, "＞＝": GE, "≧": GE, ">": GE, "＞": GE,
    "≤": LE, "<=": LE, "＜＝": LE, "≦": LE, "<": LE, "＜": LE,
    "=": EQ, "＝": EQ, "==": EQ,
    "不低于": GE, "不少于": GE, "大于等于": GE, "大于或等于": GE, "至少": GE,
    "达到": GE, "高于": GE, "大于": GE, "多于": GE,
    "不高于": LE, "不超过": LE, "不多于": LE, "小于等于": LE, "小于或等于": LE,
    "低于": LE, "小于": LE, "控制在": LE, "等于": EQ,
}
_SIGN_RE = "|".join(sorted((re.escape(s) for s in SIGNS), key=len, reverse=True))
_NUMBER = r"([0-9][0-9,，]*(?:\.[0-9]+)?)"
_UNIT = r"([^\s0-9].{0,9}?)?"
_TARGET_RE = re.compile(rf"^\s*({_SIGN_RE})?\s*{_NUMBER}\s*{_UNIT}\s*$")
# A bare number is a value only with a plain unit: '2025年底前', '3月前完成' are dates, 定性.
_NOT_A_UNIT = re.compile(r"^[年月日号]|[前后底]|[0-9]")
_ACTUAL_RE = re.compile(rf"^\s*(?:实际|完成|约|共)?\s*{_NUMBER}\s*{_UNIT}\s*$")
MAX_TEXT = 200


class TargetError(PfdeskError):
    """A target whose completion cannot be worked out; the message names what is missing."""


# No target or actual value reaches this (10^15, a thousand trillion): a longer number is a slip
# of the keyboard, read as no number rather than carried into rates and scores.
_TOO_LARGE = Decimal(10) ** 15


def _number(digits: str) -> Decimal | None:
    try:
        number = Decimal(digits.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) < _TOO_LARGE else None


def _unit(unit: str | None) -> str:
    return re.sub(r"(以内|以上|以下)$", "", (unit or "").strip())


def parse_target_value(text: str) -> tuple[str, Decimal | None, str]:
    """'≥2500件' → ('≥', Decimal('2500'), '件'); '100%' → ('=', 100, '%'); else ('定性', None, '')."""
    match = _TARGET_RE.match((text or "")[:MAX_TEXT])
    if match is None:
        return QUALITATIVE, None, ""
    sign, digits, unit = match.groups()
    number = _number(digits)
    if number is None or (not sign and _NOT_A_UNIT.search(unit or "")):
        return QUALITATIVE, None, ""
    return SIGNS[sign] if sign else EQ, number, _unit(unit)


def parse_actual(text: str) -> tuple[Decimal | None, str]:
    """An actual value as typed: '2650件' → (2650, '件'), '98.5%' → (98.5, '%'); else (None, '')."""
    match = _ACTUAL_RE.match((text or "")[:MAX_TEXT])
    if match is None:
        return None, ""
    return _number(match.group(1)), _unit(match.group(2))


def same_unit(a: str, b: str) -> bool:
    """Units compared as people write them: '％' is '%', spaces do not count."""
    def norm(u: str) -> str:
        return unicodedata.normalize("NFKC", u).replace(" ", "")
    return norm(a) == norm(b)


def number_text(value: Decimal | None) -> str:
    """A target number as written: 2500, 90.41, 0.5."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def completion_rate(comparator: str, planned: Decimal, actual: Decimal) -> Decimal:
    """The completion rate in percent, two decimals (formulas in the module docstring)."""
    if comparator not in COMPARATORS:
        raise TargetError("定性目标没有数值，无法计算完成率")
    if planned < 0 or actual < 0:
        raise TargetError("目标值和实际完成值不能为负数")
    if comparator == GE:
        if planned == 0 or actual >= planned:
            return q2(HUNDRED)
        return q2(actual * HUNDRED / planned)
    if comparator == LE:
        if actual <= planned:
            return q2(HUNDRED)
        return q2(planned * HUNDRED / actual)
    if planned == 0:
        return q2(HUNDRED if actual == 0 else Decimal(0))
    return q2(max(Decimal(0), HUNDRED - abs(actual - planned) * HUNDRED / planned))


def shortfall(comparator: str, planned: Decimal, actual: Decimal) -> Decimal:
    """How far the actual value misses the target, in the target's unit (0 when met)."""
    if comparator == GE:
        return max(Decimal(0), planned - actual)
    if comparator == LE:
        return max(Decimal(0), actual - planned)
    return abs(actual - planned)


def met(comparator: str, planned: Decimal, actual: Decimal) -> bool:
    """Whether the actual value meets the target."""
    return shortfall(comparator, planned, actual) == 0


@dataclass(frozen=True)
class Reading:
    """A numeric target with its actual value read: what the rules score."""

    name: str
    comparator: str
    planned: Decimal
    actual: Decimal
    unit: str

    @property
    def rate(self) -> Decimal:
        """The completion rate in percent (two decimals)."""
        return completion_rate(self.comparator, self.planned, self.actual)

    @property
    def target_text(self) -> str:
        """'≥2500件'."""
        return f"{self.comparator}{number_text(self.planned)}{self.unit}"


def read(name: str, target_text: str, actual_text: str) -> Reading:
    """A target and its actual value as typed; ``TargetError`` naming what is missing."""
    label = name or "该目标"
    comparator, planned, unit = parse_target_value(target_text)
    if planned is None:
        raise TargetError(f"{label}的指标值“{shown(target_text)}”是定性的，没有可计算的数值")
    if not (actual_text or "").strip():
        raise TargetError(f"{label}尚未填写实际完成值")
    actual, actual_unit = parse_actual(actual_text)
    if actual is None:
        raise TargetError(f"{label}的实际完成值“{shown(actual_text)}”不是数值")
    if actual_unit and not same_unit(actual_unit, unit):
        raise TargetError(f"{label}的实际完成值单位“{shown(actual_unit)}”与指标值单位"
                          f"“{shown(unit) or '无'}”不同，请换算成同一单位")
    return Reading(label, comparator, planned, actual, unit)
