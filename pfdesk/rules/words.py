"""A rule in a few words, for the history, the window's lists and the command line
("预算执行率按比例计分", "满意率分档计分（5档）")."""

from __future__ import annotations

from ..numbers import plain, shown
from .kinds import INPUT_KINDS, Input, PassFail, Proportional, Rule, Shortfall, Stepped


def input_name(source: Input) -> str:
    """The input's name: '预算执行率', '“居民问卷”满意率', '质量达标率' (a typed number's label)."""
    if source.kind == "typed":
        return source.label
    name = INPUT_KINDS[source.kind]
    if source.kind in ("survey_rate", "survey_mean") and source.ref:
        return f"“{shown(source.ref)}”{name}"
    return name


def describe(rule: Rule) -> str:
    """The rule in a few words."""
    name = input_name(rule.input)
    unit = rule.input.unit_shown
    if isinstance(rule, Proportional):
        full = "" if rule.full_at == 100 else f"，达到{plain(rule.full_at)}{unit}得满分"
        return f"{name}按比例计分{full}"
    if isinstance(rule, Stepped):
        return f"{name}分档计分（{len(rule.bands)}档）"
    against = "" if rule.threshold is None else f"{rule.comparator}{plain(rule.threshold)}{unit}"
    if isinstance(rule, Shortfall):
        gap_unit = "个百分点" if unit == "%" else unit
        return (f"{name}达到{against or '目标'}得满分，每差{plain(rule.per)}{gap_unit}"
                f"扣{plain(rule.deduct)}分")
    assert isinstance(rule, PassFail)
    return f"{name}达到{against or '目标'}得满分，否则不得分"
