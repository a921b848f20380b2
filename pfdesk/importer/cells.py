"""Reading single cells of an indicator sheet: header labels, numbers, names with glued codes.

Everything here is pure string and number work, so the sheet reader can stay about rows and
trees. Numbers come back as ``Decimal`` (never float). A number cell arrives as the Decimal
Excel wrote (a float from other callers goes through ``repr``) and is rounded to two decimals,
so that binary noise such as 0.30000000000000004 never enters; magnitudes beyond what pfdesk
accepts anywhere (``numbers.to_decimal``) are refused as a CellError, never as a decimal error.
"""

from __future__ import annotations

import datetime as _dt
import logging
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .. import numbers

log = logging.getLogger(__name__)

TWO = Decimal("0.01")
NOISE = Decimal("0.000001")

# Cell texts that mean "nothing here" in a number column.
_BLANKS = {"", "-", "--", "—", "——", "－", "/", "／", "\\"}
# Cell texts that mean "not applicable" in the score column.
NOT_APPLICABLE = {"不适用", "N/A", "NA", "不涉及"}

_TOTAL_RE = re.compile(r"合计|总计|总分|小计|总得分|^(?:评价|绩效)?等级$|^(?:评价)?结论$")
# A note under the table ("注：…", "说明：…") ends it.
_NOTE_RE = re.compile(r"^(?:注|说明|备注|附注|填表说明)\d*[:：]")

# Codes glued to names: A / A1 / A11 / A1.1 (a letter and digits), or dotted numbers 1.1 / 1.1.1.
_LETTER_CODE = re.compile(r"^([A-Z]\d*(?:\.\d+)*)(?:\s*[.．、:：\-—]\s*|\s+|(?=[^\x00-\x7f]))(.+)$")
_DOTTED_CODE = re.compile(r"^(\d+(?:\.\d+)+)(?:\s*[、:：]\s*|\s+|(?=[^\x00-\x7f.\d]))(.+)$")
# List numbering that is not a code: 一、 （一） (1) ① 1. 1、
_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]|\d+\s*[、.．](?!\d))\s*(.+)$")


class CellError(ValueError):
    """A cell's content cannot be used; the message says why (the caller adds the place)."""


def label(value: object) -> str:
    """A header cell as a comparable label: no whitespace, no unit in brackets, NFKC."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\((?:分|%|万元|元)\)$", "", text)


def text(value: object) -> str:
    """A text cell as one tidy line-preserving string ('' for empty)."""
    if value is None:
        return ""
    if isinstance(value, (float, Decimal)):
        value = number_text(value)
    out = str(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\u3000]+", " ", line).strip() for line in out.split("\n")]
    return "\n".join(line for line in lines if line)


def name_text(value: object) -> str:
    """An indicator name: one line, spaces only where two Latin words meet."""
    raw = text(value).replace("\n", " ")
    raw = re.sub(r"(?<=[^\x00-\x7f]) (?=\S)|(?<=\S) (?=[^\x00-\x7f])", "", raw)
    return raw.strip()


def number_text(value: float | Decimal) -> str:
    """A number written without binary noise (0.1 + 0.2 → '0.3'); one out of range as it is."""
    try:
        return format(canonical(_rounded(_exact(value))[0]), "f")
    except CellError:
        return repr(value) if isinstance(value, float) else str(value)


def is_total(value: object) -> bool:
    """Whether a level cell marks a total or subtotal row (合计, 总计, 总分, 小计 …)."""
    return bool(_TOTAL_RE.search(label(value)))


def is_note(value: object) -> bool:
    """Whether a cell is a note under the table (注：…, 说明：…)."""
    return isinstance(value, str) and bool(_NOTE_RE.match(label(value)))


def canonical(value: Decimal) -> Decimal:
    """5.00 → 5, 0.50 → 0.5, without exponent notation."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def _exact(value: float | Decimal) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(repr(value))


def _rounded(exact: Decimal, noise: Decimal = NOISE) -> tuple[Decimal, bool]:
    """Two decimals, and whether more than ``noise`` was rounded away; CellError out of range."""
    if not exact.is_finite():
        raise CellError("不是有限的数字")
    if exact.adjusted() >= numbers.MAX_DIGITS_BEFORE_POINT:
        raise CellError("超出了可处理的数值范围")
    rounded = exact.quantize(TWO, rounding=ROUND_HALF_UP)
    try:
        numbers.to_decimal(rounded)
    except ValueError as exc:
        raise CellError("超出了可处理的数值范围") from exc
    return rounded, abs(exact - rounded) > noise


def number(value: object) -> tuple[Decimal | None, bool]:
    """A number cell as (Decimal or None, rounded-away-real-digits); raises CellError."""
    if value is None:
        return None, False
    if isinstance(value, (bool, _dt.date, _dt.time, _dt.timedelta)):
        raise CellError("不是数字")
    if isinstance(value, int):
        rounded, _ = _rounded(Decimal(value))
        return canonical(rounded), False
    if isinstance(value, float) and not math.isfinite(value):
        raise CellError("不是有限的数字")
    if isinstance(value, (float, Decimal)):
        rounded, lost = _rounded(_exact(value))
        return canonical(rounded), lost
    raw = unicodedata.normalize("NFKC", str(value)).strip()
    raw = re.sub(r"\s+", "", raw).replace(",", "")
    if raw in _BLANKS:
        return None, False
    raw = re.sub(r"分$", "", raw)
    if not re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)", raw):
        raise CellError("不是数字")
    try:
        exact = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above excludes it
        raise CellError("不是数字") from exc
    rounded, lost = _rounded(exact, Decimal(0))
    return canonical(rounded), lost


def is_not_applicable(value: object) -> bool:
    """Whether a score cell says the indicator does not apply (不适用)."""
    return isinstance(value, str) and label(value).upper() in NOT_APPLICABLE


def split_code(value: str) -> tuple[str, str]:
    """'A11立项依据充分性' → ('A11', '立项依据充分性'); list numbering like '一、' is dropped."""
    name = value.strip()
    for pattern in (_LETTER_CODE, _DOTTED_CODE):
        match = pattern.match(name)
        if match and match.group(2).strip():
            return match.group(1).upper(), match.group(2).strip()
    match = _NUMBERING.match(name)
    if match and match.group(1).strip():
        return "", match.group(1).strip()
    return "", name


def strip_numbering(value: str) -> str:
    """'二、绩效评价' → '绩效评价': list numbering in front of a text dropped."""
    match = _NUMBERING.match(value.strip())
    return match.group(1).strip() if match else value.strip()


def generated_code(parent_code: str, index: int, level: int) -> str:
    """Codes in the A / A1 / A11 style: letters at level 1, then the 1-based position appended."""
    if level == 1:
        letters = ""
        n = index + 1
        while n:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("A") + rem) + letters
        return letters
    return f"{parent_code}{index + 1}"
