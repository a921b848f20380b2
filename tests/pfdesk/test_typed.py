"""Reading typed amounts, scores and dates (pfdesk.typed): what is understood and what is refused
with a reason. Expected values worked by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from pfdesk.typed import amount, day, normalised, score_text


@pytest.mark.parametrize(("text", "expected"), [
    ("81.84", "81.84"),
    ("８１．８４", "81.84"),            # full-width digits and point (Chinese input method)
    ("81。84", "81.84"),                # the ideographic full stop typed for a point
    ("81.84万元", "81.84"),             # 万元 is the unit of every amount
    ("81.84 万", "81.84"),
    ("８１．８４万元", "81.84"),
    ("818400元", "81.84"),              # 818400 ÷ 10000 = 81.84 exactly
    ("1.2亿元", "12000.00"),            # 1.2 × 10000
    ("1,234.56", "1234.56"),
    ("1，234.56", "1234.56"),           # full-width comma as thousands separator
    ("1,234,567", "1234567.00"),
    ("12.340", "12.34"),                # a trailing zero is not a third decimal
    (".5", "0.50"),
    (" 7 ", "7.00"),
    (Decimal("3.5"), "3.50"),
    (12, "12.00"),
])
def test_amount_understood(text, expected):
    value = amount(text)
    assert value == Decimal(expected) and str(value) == expected


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_amount_is_none(text):
    assert amount(text) is None


@pytest.mark.parametrize(("text", "reason"), [
    ("-5", "不能为负数"),
    ("－5", "不能为负数"),             # full-width minus
    ("−5万元", "不能为负数"),          # the minus sign of Word
    ("12.345", "最多保留两位小数"),
    ("818450元", "81.845 万元"),       # 818450 ÷ 10000 needs three decimals: refused, not rounded
    ("12,34", "千位分隔符"),
    ("81.84美元", "不认识“美元”"),
    ("abc", "应为数字"),
    ("万元", "应为数字"),
    ("1.2.3", "应为数字"),
])
def test_amount_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=reason) as caught:
        amount(text, "预算数")
    assert "预算数" in str(caught.value)


def test_amount_names_the_field_and_quotes_the_text():
    with pytest.raises(ValueError) as caught:
        amount("-5", "实际支出")
    assert str(caught.value).startswith("实际支出不能为负数") and "“-5”" in str(caught.value)


def test_amount_maximum():
    assert amount("100", maximum=Decimal(100)) == Decimal("100.00")
    with pytest.raises(ValueError, match=r"不能大于 100\.00"):
        amount("100.01", "等级下限", Decimal(100))


@pytest.mark.parametrize(("text", "expected"), [
    ("３.５", "3.5"), ("３.５分", "3.5"), ("２ 分", "2"), (" 0.5 ", "0.5"), ("", ""), (None, ""),
    ("４。５", "4.5"), ("很好", "很好"),
])
def test_score_text(text, expected):
    assert score_text(text) == expected


def test_normalised_keeps_other_text():
    assert normalised("　ＡＢＣ　") == "ABC"


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-12-20", (2024, 12, 20)),
    ("2024.12.20", (2024, 12, 20)),
    ("2024/12/20", (2024, 12, 20)),
    ("2024年12月20日", (2024, 12, 20)),
    ("2024年12月20", (2024, 12, 20)),
    ("２０２４年１２月２０日", (2024, 12, 20)),
    ("2024 年 4 月 8 日", (2024, 4, 8)),
    ("20241220", (2024, 12, 20)),
    ("2024-2-29", (2024, 2, 29)),        # a leap year
])
def test_day_understood(text, expected):
    assert day(text) == datetime.date(*expected)


@pytest.mark.parametrize(("text", "reason"), [
    ("2023-2-29", "2023年2月没有29日"),
    ("2024-13-01", "月份应为 1～12"),
    ("24-12-20", "年份应写四位"),
    ("2025年4月", "无法识别"),
    ("明天", "无法识别"),
    ("1024-01-01", "不像是"),
])
def test_day_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError, match=reason):
        day(text, "报告日期")


def test_empty_day_is_none():
    assert day("") is None and day("  ") is None and day(None) is None
