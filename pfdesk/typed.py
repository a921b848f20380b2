"""Reading numbers as people type them into the window: full-width digits, thousands separators,
a unit after an amount; anything that cannot be read is refused with a reason in Chinese.

``amount`` reads money in 万元 (the unit of every amount in a project): '81.84', '８１．８４',
'1,234.5', '81.84万元', '81.84万'. An amount written in 元 ('818400元') is converted to 万元 when
that is exact to two decimals ('818400元' → 81.84) and refused otherwise ('818450元' would be
81.845 万元): the unit is written out, so the meaning is clear, and the converted value is shown
in the field at once. A negative amount, a third decimal, a unit that is not money, or separators
in the wrong places are refused with a ``ValueError`` whose message says what to type instead.

``score_text`` only normalises ('３.５分' → '3.5') and leaves the checks to the core. ``day`` reads
a date the ways people type one (2024-12-20, 2024.12.20, 2024/12/20, 2024年12月20日).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from .numbers import money, q2, shown, to_decimal

TEN_THOUSAND = Decimal(10000)
MINUS_SIGNS = "-－−﹣‐–—"
# Units an amount may carry, and how many 万元 one of them is.
UNITS: dict[str, Decimal] = {
    "万元": Decimal(1), "万": Decimal(1), "元": Decimal(1) / TEN_THOUSAND,
    "亿元": TEN_THOUSAND, "亿": TEN_THOUSAND,
}
# What spreadsheets and input methods put in or around a number that NFKC leaves: the minus
# sign U+2212 as '-', no-break and ideographic spaces as spaces, zero-width marks removed.
_INVISIBLE = str.maketrans({"\u2212": "-", "\u00a0": " ", "\u3000": " ", "\u200b": "",
                            "\ufeff": ""})
_NUMBER = re.compile(r"^(?P<int>[0-9][0-9,]*)?(?:\.(?P<frac>[0-9]*))?$")
_GROUPED = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")


def normalised(text: str) -> str:
    """Full-width digits and signs as ASCII ('８１．８４' → '81.84'), spaces trimmed; the
    ideographic full stop of a Chinese input method ('81。84') read as a decimal point."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()
    if "." not in text and text.count("。") == 1:
        text = text.replace("。", ".")
    return text.replace("，", ",")


def score_text(text: object) -> str:
    """A typed score or points as the core reads them: full-width digits and a trailing 分
    removed ('３.５分' → '3.5', '２ 分' → '2'); other text is returned normalised, unchecked."""
    if text is None:
        return ""
    value = normalised(str(text))
    if value.endswith("分"):
        value = value[:-1].rstrip()
    return value


def _split_unit(text: str) -> tuple[str, Decimal, str]:
    """'81.84万元' → ('81.84', 1, '万元'); the unit's size in 万元."""
    for unit in sorted(UNITS, key=len, reverse=True):
        number = text[: -len(unit)].rstrip()
        if text.endswith(unit) and number[-1:] != "" and number[-1] in "0123456789.":
            return number, UNITS[unit], unit
    return text, Decimal(1), ""


def _digits(number: str, given: str, what: str) -> Decimal:
    """The number of '1,234.5' (commas only between groups of three digits)."""
    match = _NUMBER.match(number)
    if not number or match is None or (match["int"] is None and not match["frac"]):
        tail = re.sub(r"^[0-9.,]+", "", number)
        if tail and tail != number and not tail[0].isdigit():
            raise ValueError(f"{what}的单位是万元，不认识“{shown(tail)}”；请只填写数字，"
                             f"如 81.84（输入的是“{shown(given)}”）")
        raise ValueError(f"{what}应为数字，如 81.84 或 1,234.50（输入的是“{shown(given)}”）")
    whole = match["int"] or "0"
    if "," in whole and not _GROUPED.match(whole):
        raise ValueError(f"{what}的千位分隔符位置不对，应每三位一个，如 1,234.50"
                         f"（输入的是“{shown(given)}”）")
    value = to_decimal(whole.replace(",", "") + "." + (match["frac"] or "0"))
    assert value is not None
    return value


def amount(text: object, what: str = "金额", maximum: Decimal | None = None) -> Decimal | None:
    """A typed amount in 万元 as a Decimal with two places ('' → None); ValueError with a reason
    in Chinese when it cannot be taken as typed."""
    if text is None:
        return None
    if isinstance(text, Decimal | int):
        value = to_decimal(text)
        return None if value is None else _checked(value, str(text), what, maximum)
    given = str(text)
    body = normalised(given)
    if body == "":
        return None
    if body[0] in MINUS_SIGNS:
        raise ValueError(f"{what}不能为负数（输入的是“{shown(given)}”）；"
                         f"收回或退还的资金请在备注中说明")
    number, size, _unit = _split_unit(body)
    try:
        value = _digits(number.replace(" ", ""), given, what)
    except InvalidOperation as exc:   # pragma: no cover - the pattern admits digits only
        raise ValueError(f"{what}应为数字（输入的是“{shown(given)}”）") from exc
    if size != 1:
        converted = value * size
        if converted != q2(converted):
            raise ValueError(f"{what}以万元为单位：{shown(given)}合 {converted.normalize():f} 万元，"
                             f"超过两位小数；请直接填写万元数（最多两位小数）")
        value = converted
    return _checked(value, given, what, maximum)


def _checked(value: Decimal, given: str, what: str, maximum: Decimal | None) -> Decimal:
    if value < 0:
        raise ValueError(f"{what}不能为负数（输入的是“{shown(given)}”）")
    if value != q2(value):
        raise ValueError(f"{what}最多保留两位小数（输入的是“{shown(given)}”）")
    if maximum is not None and value > maximum:
        raise ValueError(f"{what}不能大于 {money(maximum)}（输入的是“{shown(given)}”）")
    return q2(value)


_DAY_TEXT = re.compile(
    r"^(?P<y>[0-9]+)\s*(?P<s1>[-/.年])\s*(?P<m>[0-9]+)\s*(?P<s2>[-/.月])\s*(?P<d>[0-9]+)\s*日?$")
_COMPACT_DAY = re.compile(r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$")
DATE_EXAMPLES = "2024-12-20、2024.12.20、2024/12/20 或 2024年12月20日"


def day(text: object, what: str = "日期") -> datetime.date | None:
    """A typed day: '2024-12-20', '2024.12.20', '2024/12/20', '2024年12月20日', '20241220' and
    the same in full-width digits ('' → None); ValueError with a reason in Chinese otherwise."""
    given = "" if text is None else str(text)
    body = normalised(given).replace("。", ".")
    if body == "":
        return None
    match = _DAY_TEXT.match(body) or _COMPACT_DAY.match(body)
    if match is None:
        raise ValueError(f"{what}无法识别（输入的是“{shown(given)}”）；请写成年、月、日，"
                         f"如 {DATE_EXAMPLES}")
    year, month, dom = (int(match[k]) for k in ("y", "m", "d"))
    if len(match["y"]) != 4:
        raise ValueError(f"{what}的年份应写四位，如 2024（输入的是“{shown(given)}”）")
    if not 1900 <= year <= 2100:
        raise ValueError(f"{what}的年份 {year} 不像是评价所用的年份（输入的是“{shown(given)}”）")
    if not 1 <= month <= 12:
        raise ValueError(f"{what}的月份应为 1～12（输入的是“{shown(given)}”）")
    try:
        return datetime.date(year, month, dom)
    except ValueError as exc:
        raise ValueError(f"{year}年{month}月没有{dom}日（{what}输入的是“{shown(given)}”）") \
            from exc
