"""Ordering keys: where a row sits among its siblings, without renumbering the others.

A key is a short string of the digits ``0-9A-Za-z`` read as a fraction (``"V"`` is about one
half); rows sort by their key as plain text. ``between(a, b)`` makes a key strictly between two
neighbours, so inserting or moving a row writes that row only. Two team members appending to
one list can make the same key; a merge then gives the arriving row a key of its own. A key
never ends in ``0`` (a trailing zero would leave no room between ``"1"`` and ``"10"``).
"""

from __future__ import annotations

from collections.abc import Sequence

DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BASE = len(DIGITS)
_VALUE = {d: i for i, d in enumerate(DIGITS)}


def valid(key: str) -> bool:
    """True for a well-formed key (digits only, not empty, no trailing ``0``)."""
    return bool(key) and key[-1] != "0" and all(c in _VALUE for c in key)


def between(low: str | None, high: str | None) -> str:
    """A key sorting after ``low`` and before ``high`` (None: no bound on that side).

    Both bounds must be valid keys with ``low < high``; otherwise ValueError.
    """
    for key in (low, high):
        if key is not None and not valid(key):
            raise ValueError(f"排序键无效：{key!r}")
    if low is not None and high is not None and not low < high:
        raise ValueError(f"排序键 {low!r} 不在 {high!r} 之前")
    lo = low or ""
    hi = high
    out: list[str] = []
    i = 0
    while True:
        d_lo = _VALUE[lo[i]] if i < len(lo) else 0
        d_hi = BASE if hi is None else _VALUE[hi[i]]
        if d_hi - d_lo > 1:
            out.append(DIGITS[(d_lo + d_hi) // 2])
            return "".join(out)
        out.append(DIGITS[d_lo])
        if d_hi - d_lo == 1:
            hi = None          # anything after lo's remaining digits now fits
        i += 1


def spread(count: int, low: str | None = None, high: str | None = None) -> list[str]:
    """``count`` increasing keys between ``low`` and ``high``, evenly spaced and short.

    Used when many rows arrive at once (a new project, an import), so that keys stay a few
    characters long instead of growing with every row.
    """
    if count <= 0:
        return []
    if low is None and high is None:
        width = 1
        while BASE ** width <= count + 1:
            width += 1
        step = BASE ** width // (count + 1)
        keys = []
        for n in range(1, count + 1):
            keys.append(_digits(n * step, width).rstrip("0") or DIGITS[1])
        return keys
    middle = between(low, high)
    below = count // 2
    return [*spread(below, low, middle), middle, *spread(count - below - 1, middle, high)]


def _digits(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, rest = divmod(number, BASE)
        chars.append(DIGITS[rest])
    return "".join(reversed(chars))


def after(keys: Sequence[str]) -> str:
    """A key after the last of ``keys`` (the first key when there are none).

    Steps one digit up rather than halving the room left, so appending row after row keeps
    keys short (about thirty appends per extra character).
    """
    if not keys:
        return DIGITS[BASE // 2]
    last = max(keys)
    prefix = ""
    while last and last[0] == DIGITS[-1]:
        prefix, last = prefix + last[0], last[1:]
    if not last:
        return prefix + DIGITS[BASE // 2]
    return prefix + DIGITS[_VALUE[last[0]] + 1]


def at(keys: Sequence[str], index: int) -> str:
    """A key for a row inserted at ``index`` into siblings whose keys are ``keys`` (in order)."""
    index = max(0, min(index, len(keys)))
    low = keys[index - 1] if index > 0 else None
    high = keys[index] if index < len(keys) else None
    if low is not None and high is not None and low >= high:
        high = None   # equal or disordered neighbours (an old or merged file): go after low
    return between(low, high)
