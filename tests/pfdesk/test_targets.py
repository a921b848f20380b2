"""Targets: reading a typed 指标值 and an actual value, and the completion rate of ≥ / ≤ / = targets.

Expected rates are worked out by hand from the formulas in ``pfdesk.targets`` (the GUIDE's
min(1, actual ÷ target) for ≥ and min(1, target ÷ actual) for ≤; 1 − deviation rate for =).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk.targets import (
    TargetError,
    completion_rate,
    met,
    parse_actual,
    parse_target_value,
    read,
    shortfall,
)


@pytest.mark.parametrize(("text", "expected"), [
    ("≥2500件", ("≥", D("2500"), "件")),
    ("≤5%", ("≤", D("5"), "%")),
    ("=100%", ("=", D("100"), "%")),
    ("100%", ("=", D("100"), "%")),            # a bare value: as written, no direction added
    ("2500件", ("=", D("2500"), "件")),
    (">=1,200人次", ("≥", D("1200"), "人次")),
    ("不超过90.41万元", ("≤", D("90.41"), "万元")),
    ("≤3个月以内", ("≤", D("3"), "个月")),
    ("2025年底前", ("定性", None, "")),         # a date, not a value
    ("3月前完成", ("定性", None, "")),
    ("明显提升", ("定性", None, "")),
    ("", ("定性", None, "")),
])
def test_reading_a_target_value(text, expected):
    assert parse_target_value(text) == expected


def test_reading_an_actual_value():
    assert parse_actual("2650件") == (D("2650"), "件")
    assert parse_actual(" 98.5% ") == (D("98.5"), "%")
    assert parse_actual("已完成") == (None, "")


# ≥ 2500 件: 2300 done → 2300 ÷ 2500 = 0.92 → 92.00%; 2650 done → capped at 100%;
# 2499 done → 99.96%.
@pytest.mark.parametrize(("actual", "rate"), [("2300", "92.00"), ("2650", "100.00"),
                                              ("2500", "100.00"), ("2499", "99.96")])
def test_at_least_target(actual, rate):
    assert completion_rate("≥", D("2500"), D(actual)) == D(rate)


# ≤ 90.41 万元: 85 spent → met, 100%; 95 spent → 90.41 ÷ 95 = 0.951684… → 95.17%;
# ≤ 5% complaint rate at 8% → 5 ÷ 8 = 62.50%.
@pytest.mark.parametrize(("planned", "actual", "rate"), [
    ("90.41", "85", "100.00"), ("90.41", "95", "95.17"), ("5", "8", "62.50"), ("5", "0", "100.00")])
def test_at_most_target(planned, actual, rate):
    assert completion_rate("≤", D(planned), D(actual)) == D(rate)


# = 100%: 96% → 100 − 4 = 96.00%; = 12 次: 15 done → 100 − 3 ÷ 12 × 100 = 75.00%;
# 9 done → 75.00% (short by 3 as well); = 12 exactly → 100%.
@pytest.mark.parametrize(("planned", "actual", "rate"), [
    ("100", "96", "96.00"), ("12", "15", "75.00"), ("12", "9", "75.00"), ("12", "12", "100.00"),
    ("12", "30", "0.00")])
def test_exact_target(planned, actual, rate):
    assert completion_rate("=", D(planned), D(actual)) == D(rate)


def test_shortfall_in_the_targets_unit():
    assert shortfall("≥", D("2500"), D("2300")) == D("200")
    assert shortfall("≤", D("90.41"), D("95")) == D("4.59")
    assert shortfall("=", D("12"), D("15")) == D("3")
    assert met("≥", D("2500"), D("2650")) and not met("=", D("12"), D("15"))


def test_reading_a_target_with_its_actual_value():
    reading = read("培训人次", "≥2500人次", "2300人次")
    assert (reading.comparator, reading.planned, reading.actual, reading.rate) == (
        "≥", D("2500"), D("2300"), D("92.00"))
    assert reading.target_text == "≥2500人次"


@pytest.mark.parametrize(("target", "actual", "words"), [
    ("明显提升", "提升", "定性"),
    ("≥2500件", "", "尚未填写实际完成值"),
    ("≥2500件", "大部分完成", "不是数值"),
    ("≤90万元", "900000元", "单位"),
])
def test_unusable_targets_are_named(target, actual, words):
    with pytest.raises(TargetError, match=words) as caught:
        read("培训人次", target, actual)
    assert "培训人次" in str(caught.value)


def test_negative_values_are_refused():
    with pytest.raises(TargetError):
        completion_rate("≥", D("10"), D("-1"))
