"""Number and date wording, as people write them in reports."""

from decimal import Decimal as D

import pytest

from pfdesk.numbers import cn_date, fmt2, percent, plain, points, rate_of, to_decimal


def test_points_as_people_write_them():
    assert [points(D(x)) for x in ("5", "0.5", "23.50", "39.38", "0")] == [
        "5分", "0.5分", "23.5分", "39.38分", "0分"]
    assert plain(D("88.500")) == "88.5"


def test_rates_two_decimals_half_up():
    assert rate_of(D("23.5"), D(29)) == D("81.03")      # 81.034…
    assert rate_of(D("24"), D(27)) == D("88.89")        # 88.888…
    assert rate_of(D("1"), D(8)) == D("12.50")          # 12.5 exactly
    assert rate_of(D("1"), D(0)) is None
    assert percent(D("85")) == "85.00%"


def test_iso_dates_in_chinese():
    assert cn_date("2025-04-28") == "2025年4月28日"
    assert cn_date("2021年12月8日") == "2021年12月8日"
    assert cn_date("") == ""


@pytest.mark.parametrize("value", [
    "NaN", "sNaN", "-Infinity", "1e999", "1e-999", float("nan"), float("inf"), 1e30,
    pytest.param(10**5000, id="huge-int"), pytest.param("9" * 5000, id="huge-text"),
    "1.2.3", "很多", "8\n\n8", "\x00",
])
def test_hostile_numbers_are_one_short_chinese_line(value):
    with pytest.raises(ValueError) as caught:
        to_decimal(value)
    message = str(caught.value)
    assert "\n" not in message and "\x00" not in message and len(message) < 60
    assert "limit" not in message and "digits" not in message


def test_zeros_are_plain_zeros():
    assert [str(to_decimal(v)) for v in ("-0", "-0.00", "0E+99999999", "0E-1000000000", "0.00")
            ] == ["0", "0.00", "0", "0", "0.00"]
    assert fmt2(to_decimal("-0")) == "0.00"
