"""A small evaluator for the formulas the .xlsx export writes, to check that they add up.

Understands numbers, "text", cell references and ranges (A1, A1:B3), + - * /, comparisons
(= <> < > <= >=) and SUM / IF / OR / ROUND, as Excel does: an empty cell is 0 in arithmetic
and "" when compared with text. Values are Decimal, so sums are checked exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

TOKEN = re.compile(r'\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>"[^"]*")|(?P<range>[A-Z]+\d+:[A-Z]+\d+)'
                   r'|(?P<ref>[A-Z]+\d+)|(?P<fn>[A-Z]+)\(|(?P<op><=|>=|<>|[-+*/=<>(),]))')
EMPTY = None


class Evaluator:
    """Evaluate formulas of one sheet, following references to other formulas."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.cache: dict[str, Any] = {}

    def value(self, ref: str) -> Any:
        """The computed value of a cell ('E52')."""
        if ref not in self.cache:
            raw = self.ws[ref].value
            if isinstance(raw, str) and raw.startswith("=") and self.ws[ref].data_type == "f":
                self.cache[ref] = self.formula(raw[1:])
            elif isinstance(raw, (int, float)) and not isinstance(raw, bool):
                self.cache[ref] = Decimal(repr(raw))
            else:
                self.cache[ref] = raw
        return self.cache[ref]

    def formula(self, text: str) -> Any:
        """Evaluate a formula without its '='."""
        tokens = [(m.lastgroup, m.group(m.lastgroup)) for m in TOKEN.finditer(text)]
        rebuilt = "".join(t + "(" if k == "fn" else t for k, t in tokens)
        assert rebuilt == text.replace(" ", ""), text
        saved = getattr(self, "tokens", []), getattr(self, "pos", 0)   # a reference's formula
        self.tokens, self.pos = tokens, 0
        result = self._compare()
        assert self.pos == len(tokens), text
        self.tokens, self.pos = saved
        return result

    # ----- parsing -----

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> tuple[str, str]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def _compare(self) -> Any:
        left = self._sum()
        peek = self._peek()
        if peek and peek[1] in ("=", "<>", "<", ">", "<=", ">="):
            op = self._take()[1]
            right = self._sum()
            return _COMPARE[op](*_comparable(left, right))
        return left

    def _sum(self) -> Any:
        value = self._product()
        while (peek := self._peek()) and peek[1] in "+-" and peek[0] == "op":
            op = self._take()[1]
            other = _num(self._product())
            value = _num(value) + other if op == "+" else _num(value) - other
        return value

    def _product(self) -> Any:
        value = self._atom()
        while (peek := self._peek()) and peek[1] in "*/" and peek[0] == "op":
            op = self._take()[1]
            other = _num(self._atom())
            if op == "/" and not other:
                return "#DIV/0!"
            value = _num(value) * other if op == "*" else _num(value) / other
        return value

    def _atom(self) -> Any:
        kind, text = self._take()
        if kind == "num":
            return Decimal(text)
        if kind == "str":
            return text[1:-1]
        if kind == "ref":
            return self.value(text)
        if kind == "range":
            return self._range(text)
        if kind == "fn":
            args = self._args()
            return _FUNCTIONS[text](*args)
        if text == "(":
            value = self._compare()
            assert self._take()[1] == ")"
            return value
        if text == "-":
            return -_num(self._atom())
        raise AssertionError(f"unexpected {text}")

    def _args(self) -> list[Any]:
        args = []
        while True:
            args.append(self._compare())
            sep = self._take()[1]
            if sep == ")":
                return args
            assert sep == ","

    def _range(self, text: str) -> list[Any]:
        first, last = text.split(":")
        c1, r1 = _split(first)
        c2, r2 = _split(last)
        return [self.value(f"{_letters(c)}{r}") for r in range(r1, r2 + 1)
                for c in range(c1, c2 + 1)]


def _split(ref: str) -> tuple[int, int]:
    letters = re.match(r"[A-Z]+", ref).group(0)  # type: ignore[union-attr]
    return column_index_from_string(letters), int(ref[len(letters):])


def _letters(column: int) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter(column)


def _num(value: Any) -> Decimal:
    if value is EMPTY:
        return Decimal(0)
    assert isinstance(value, Decimal), f"not a number: {value!r}"
    return value


def _comparable(left: Any, right: Any) -> tuple[Any, Any]:
    if isinstance(left, str) or isinstance(right, str):
        return ("" if left is EMPTY else left), ("" if right is EMPTY else right)
    return _num(left), _num(right)


def _flat(args: tuple[Any, ...]) -> list[Any]:
    out: list[Any] = []
    for arg in args:
        out.extend(arg if isinstance(arg, list) else [arg])
    return out


def _sum(*args: Any) -> Decimal:
    return sum((v for v in _flat(args) if isinstance(v, Decimal)), Decimal(0))


def _round(value: Any, places: Any) -> Decimal:
    return _num(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "<>": lambda a, b: a != b, "<": lambda a, b: a < b,
    ">": lambda a, b: a > b, "<=": lambda a, b: a <= b, ">=": lambda a, b: a >= b,
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "SUM": _sum,
    "IF": lambda cond, yes, no="": yes if cond else no,
    "OR": lambda *args: any(bool(a) for a in args),
    "ROUND": _round,
}
