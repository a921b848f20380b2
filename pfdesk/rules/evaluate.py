"""Scoring a leaf by its rule: a score rounded at the leaf with the sentence the report prints,
or "unscored" with the problem naming the missing input (never 0).

The score is worked out exactly from the input as shown (rates with two decimals, so the
sentence and the number agree) and rounded half up to two decimals once, at the leaf, as
``pfdesk.scoring`` rounds every leaf; ``unrounded`` keeps the value before rounding when it
differs. The sentence reads "预算执行率为98.50%，按评分标准得4.93分".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import targets
from ..numbers import HUNDRED, Numbers, plain, q2
from .inputs import Inputs, MissingInput, Reading
from .kinds import ZERO, PassFail, Proportional, Rule, Shortfall, Stepped

PLAIN = Numbers()


@dataclass(frozen=True)
class Outcome:
    """A rule's result: ``score`` with ``explanation``, or None with ``problem``."""

    score: Decimal | None
    explanation: str = ""
    problem: str = ""
    unrounded: Decimal | None = None

    @property
    def scored(self) -> bool:
        """Whether the rule gave a score."""
        return self.score is not None


def _scored(value: Decimal, sentence: str, fmt: Numbers) -> Outcome:
    rounded = q2(value)
    return Outcome(rounded, f"{sentence}，按评分标准得{fmt.points(rounded)}",
                   unrounded=None if rounded == value else value)


def _met(rule: Shortfall | PassFail, reading: Reading) -> tuple[bool, Decimal, str]:
    """(met, shortfall in the input's unit, what the value is held against)."""
    if reading.target is not None:
        t = reading.target
        gap = targets.shortfall(t.comparator, t.planned, t.actual)
        return gap == 0, gap, t.target_text
    assert rule.threshold is not None
    gap = targets.shortfall(rule.comparator, rule.threshold, reading.value)
    return gap == 0, gap, f"{rule.comparator}{plain(rule.threshold)}{reading.unit}"


def _describe(reading: Reading) -> str:
    if reading.target is not None:
        t = reading.target
        return (f"{t.name}目标{t.target_text}，实际完成{plain(t.actual)}{t.unit}，"
                f"完成率{reading.text}")
    return f"{reading.label}为{reading.text}"


def evaluate(rule: Rule, points: Decimal, inputs: Inputs, fmt: Numbers = PLAIN) -> Outcome:
    """The leaf's score out of ``points`` by ``rule`` (see the module docstring)."""
    try:
        reading = inputs.read(rule.input)
    except MissingInput as exc:
        return Outcome(None, problem=str(exc))
    said = _describe(reading)
    if isinstance(rule, Proportional):
        share = min(reading.value / rule.full_at, Decimal(1))
        if rule.full_at != HUNDRED:
            said += f"（达到{plain(rule.full_at)}{reading.unit}得满分）"
        return _scored(max(ZERO, share) * points, said, fmt)
    if isinstance(rule, Stepped):
        band = next((b for b in rule.bands if b.holds(reading.value)), None)
        if band is None:
            return Outcome(None, problem=f"{said}，不在评分标准的任何档次中，请检查数值或分档")
        return _scored(points * band.share / HUNDRED, said, fmt)
    met, gap, against = _met(rule, reading)
    if isinstance(rule, PassFail):
        return _scored(points if met else ZERO,
                       f"{said}，{'达到' if met else '未达到'}{against}的标准", fmt)
    if met:
        return _scored(points, f"{said}，达到{against}的标准", fmt)
    unit = reading.target.unit if reading.target is not None else reading.unit
    unit = "个百分点" if unit == "%" else unit
    taken = min(gap / rule.per * rule.deduct, points)   # never more than the points
    return _scored(max(ZERO, points - taken),
                   f"{said}，未达到{against}，相差{plain(gap)}{unit}，按每差{plain(rule.per)}{unit}"
                   f"扣{plain(rule.deduct)}分扣{fmt.points(q2(taken))}", fmt)
