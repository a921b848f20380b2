"""Number and date wording, as people write them in reports."""

from decimal import Decimal as D

from pfdesk.numbers import cn_date, percent, plain, points, rate_of


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
