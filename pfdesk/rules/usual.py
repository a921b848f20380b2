"""The usual rules for the common indicators, as a template or a new project offers them.

Each follows the scoring practice the GUIDE records, and an evaluator edits it like any rule:

- 预算执行率 and 资金到位率: points × rate, capped at full (``Proportional`` at 100%);
- 目标完成率 of one target: min(1, actual ÷ target) for ≥, min(1, target ÷ actual) for ≤
  (the target's completion rate, ``Proportional``);
- 满意度: in proportion to a 满意率 of 90% (``Proportional`` with ``full_at`` 90);
- 满意度 in bands, for firms that score it so: 90% and up all the points, 80–90% 80%,
  70–80% 60%, 60–70% 40%, below 60% none.
"""

from __future__ import annotations

from decimal import Decimal

from .kinds import Band, Input, Proportional, Rule, Stepped

SATISFACTION_BANDS = (
    Band(Decimal(0), Decimal(60), Decimal(0)), Band(Decimal(60), Decimal(70), Decimal(40)),
    Band(Decimal(70), Decimal(80), Decimal(60)), Band(Decimal(80), Decimal(90), Decimal(80)),
    Band(Decimal(90), None, Decimal(100)))


def execution_rate() -> Rule:
    """预算执行率 × points, capped."""
    return Proportional(Input("execution_rate"))


def arrival_rate() -> Rule:
    """资金到位率 × points, capped."""
    return Proportional(Input("arrival_rate"))


def target_completion(target_id: str) -> Rule:
    """The target's completion rate × points."""
    return Proportional(Input("target", ref=target_id))


def satisfaction(survey: str = "", full_at: Decimal = Decimal(90)) -> Rule:
    """Points in proportion to the 满意率, full at ``full_at`` percent."""
    return Proportional(Input("survey_rate", ref=survey), full_at)


def satisfaction_bands(survey: str = "") -> Rule:
    """Points by the 满意率's band (``SATISFACTION_BANDS``)."""
    return Stepped(Input("survey_rate", ref=survey), SATISFACTION_BANDS)


BY_NAME = {"预算执行率": execution_rate, "资金到位率": arrival_rate}
"""Indicators a template can tie to a rule by name alone (the others need a target or survey)."""
