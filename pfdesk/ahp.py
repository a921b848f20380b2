"""AHP (层次分析法) weights of a parent's children from a pairwise comparison matrix.

A ``Comparison`` is a square matrix of Saaty's 1–9 scale and reciprocals: a_ij says how many
times more important child i is than child j. It is checked before anything is computed
(``AhpError`` naming the cell): square, 1 to 15 children, every entry positive (a zero is
named), within 1/9 … 9, the diagonal 1, and a_ij × a_ji = 1 within ``TOLERANCE`` (0.33 for 1/3
is accepted). Of each pair the entry ≥ 1 is taken as typed and the other as its exact
reciprocal, so the matrix computed with is exactly reciprocal.

``analyse`` gives, in Decimal with ``PRECISION`` significant digits (no floats, no numpy):

- the weights w, the principal eigenvector normalised to sum 1, by power iteration
  (w ← A·w ÷ Σ(A·w) until no component moves by more than 10⁻³⁰);
- λmax = the mean of (A·w)_i ÷ w_i;
- CI = (λmax − n) ÷ (n − 1) and CR = CI ÷ RI with Saaty's random index (``RANDOM_INDEX``,
  n = 1…15; CR is 0 for n ≤ 2, every such matrix being consistent);
- when CR ≥ 0.10, the pair most out of line: the i < j whose a_ij differs most from w_i ÷ w_j
  (by the ratio, |ln(a_ij · w_j ÷ w_i)|).

``allocate`` turns weights into points: a parent's points split in proportion, each child a
multiple of the firm's step (0.5 or 1), the sum exactly the parent's points (largest remainder).
``to_json``/``from_json`` store a matrix as text (untrusted input checked as above); a
``Weighting`` (kept on a parent indicator) adds the children's ids in the matrix's order and the
step their points are rounded to (``weighting_to_json`` / ``weighting_from_json``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import PfdeskError
from .numbers import shown

FORMAT = "pfdesk-ahp"
VERSION = 1
MAX_N = 15
PRECISION = 50
TOLERANCE = Fraction(2, 100)
CR_LIMIT = Decimal("0.10")
MAX_ITERATIONS = 5000
MAX_NAME = 60
SCALE_MIN, SCALE_MAX = Fraction(1, 9), Fraction(9)
# Saaty's random consistency index by order n (Saaty 1980, The Analytic Hierarchy Process).
RANDOM_INDEX = (Decimal("0"), Decimal("0"), Decimal("0.58"), Decimal("0.90"), Decimal("1.12"),
                Decimal("1.24"), Decimal("1.32"), Decimal("1.41"), Decimal("1.45"),
                Decimal("1.49"), Decimal("1.51"), Decimal("1.48"), Decimal("1.56"),
                Decimal("1.57"), Decimal("1.59"))


class AhpError(PfdeskError):
    """A comparison matrix that cannot be used; the message names the cell."""


@dataclass(frozen=True)
class Comparison:
    """A checked, exactly reciprocal comparison matrix with the children's names."""

    names: tuple[str, ...]
    matrix: tuple[tuple[Fraction, ...], ...]

    @property
    def n(self) -> int:
        """The number of children compared."""
        return len(self.matrix)


@dataclass(frozen=True)
class Pair:
    """The comparison most out of line with the weights."""

    i: int
    j: int
    given: Fraction            # a_ij as judged
    implied: Decimal           # w_i ÷ w_j
    message: str


@dataclass(frozen=True)
class Analysis:
    """Weights, λmax, CI, CR and, when CR ≥ 0.10, the pair most out of line."""

    weights: tuple[Decimal, ...]
    lambda_max: Decimal
    ci: Decimal
    ri: Decimal
    cr: Decimal
    worst: Pair | None

    @property
    def consistent(self) -> bool:
        """CR below 0.10 (Saaty's limit)."""
        return self.cr < CR_LIMIT


def cell_name(names: Sequence[str], i: int, j: int) -> str:
    """'第2行第3列（预算执行率 对 资金到位率）'."""
    return f"第{i + 1}行第{j + 1}列（{shown(names[i])} 对 {shown(names[j])}）"


# How an entry may be written: 3, 0.5, 1/3 (a few digits each side; no exponent, which would
# make Fraction build a number of millions of digits before the 1/9–9 check).
_ENTRY = re.compile(r"\d{1,8}(?:\.\d{1,8})?(?:/\d{1,8}(?:\.\d{1,8})?)?")


def _entry_fraction(text: str) -> Fraction:
    """``Fraction`` of an entry written as ``_ENTRY`` allows; ValueError otherwise."""
    if not _ENTRY.fullmatch(text):
        raise ValueError(text)
    return Fraction(text)


def parse_entry(value: object, where: str) -> Fraction:
    """One matrix entry: 3, '3', '1/3', '0.333' (never a float); ``AhpError`` naming the cell."""
    if isinstance(value, bool | float):
        raise AhpError(f"{where}的值应写成整数、分数或小数文字")
    if isinstance(value, Decimal) and (not value.is_finite() or abs(value.adjusted()) > 3):
        raise AhpError(f"{where}的值 {shown(value)} 超出 1/9～9 的标度")
    if isinstance(value, int) and abs(value) > 1000:
        raise AhpError(f"{where}的值 {shown(value)} 超出 1/9～9 的标度")
    if isinstance(value, Fraction | int | Decimal):
        number = Fraction(value)
    elif isinstance(value, str):
        text = value.strip().replace("／", "/")
        if not text or len(text) > 20:
            raise AhpError(f"{where}{'为空' if not text else '的值过长'}，请填写 1～9 或其倒数")
        try:
            number = _entry_fraction(text)
        except (ValueError, ZeroDivisionError) as exc:
            raise AhpError(f"{where}的“{shown(text)}”不是数值，请填写 1～9 或其倒数（如 1/3）") from exc
    else:
        raise AhpError(f"{where}的值应为数值")
    if number == 0:
        raise AhpError(f"{where}为 0：判断矩阵不能有 0，请填写 1～9 或其倒数")
    if number < 0:
        raise AhpError(f"{where}为负数：判断矩阵的值应为 1～9 或其倒数")
    if not SCALE_MIN * (1 - TOLERANCE) <= number <= SCALE_MAX:
        raise AhpError(f"{where}的值 {shown(value)} 超出 1/9～9 的标度")
    return number


def comparison(rows: Sequence[Sequence[object]], names: Sequence[str] | None = None) -> Comparison:
    """A checked matrix from its rows (entries as ``parse_entry`` reads them)."""
    n = len(rows)
    if n == 0:
        raise AhpError("判断矩阵是空的")
    if n > MAX_N:
        raise AhpError(f"判断矩阵有 {n} 行，最多只能比较 {MAX_N} 项")
    labels = tuple(str(x) for x in names) if names else tuple(f"第{k + 1}项" for k in range(n))
    if len(labels) != n:
        raise AhpError(f"有 {len(labels)} 个名称，但判断矩阵有 {n} 行")
    for k, label in enumerate(labels):
        if not label.strip() or len(label) > MAX_NAME:
            raise AhpError(f"第 {k + 1} 项的名称{'为空' if not label.strip() else '过长'}")
    for k, row in enumerate(rows):
        if len(row) != n:
            raise AhpError(f"判断矩阵第{k + 1}行有 {len(row)} 个值，应为 {n} 个（矩阵须为方阵）")
    given = [[parse_entry(rows[i][j], cell_name(labels, i, j)) for j in range(n)]
             for i in range(n)]
    out = [[Fraction(1)] * n for _ in range(n)]
    for i in range(n):
        if given[i][i] != 1:
            raise AhpError(f"{cell_name(labels, i, i)}在对角线上，应为 1")
        for j in range(i + 1, n):
            a, b = given[i][j], given[j][i]
            if abs(a * b - 1) > TOLERANCE:
                raise AhpError(f"{cell_name(labels, i, j)}为 {_frac(a)}，{cell_name(labels, j, i)}"
                               f"为 {_frac(b)}，两者应互为倒数（如 3 与 1/3）")
            upper = a if a >= 1 else 1 / b
            out[i][j], out[j][i] = upper, 1 / upper
    return Comparison(labels, tuple(tuple(r) for r in out))


def _frac(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else (
        f"{value.numerator}/{value.denominator}" if value.numerator < 100 else
        f"{Decimal(value.numerator) / Decimal(value.denominator):.4f}")


def _dec(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def analyse(comp: Comparison) -> Analysis:
    """Weights, λmax, CI, CR and the pair most out of line (see the module docstring)."""
    n = comp.n
    with localcontext(Context(prec=PRECISION)):
        a = [[_dec(x) for x in row] for row in comp.matrix]
        w = [Decimal(1) / n] * n
        eps = Decimal(10) ** -30
        for _ in range(MAX_ITERATIONS):
            aw = [sum((a[i][j] * w[j] for j in range(n)), Decimal(0)) for i in range(n)]
            total = sum(aw, Decimal(0))
            nxt = [x / total for x in aw]
            moved = max(abs(x - y) for x, y in zip(nxt, w, strict=True))
            w = nxt
            if moved <= eps:
                break
        aw = [sum((a[i][j] * w[j] for j in range(n)), Decimal(0)) for i in range(n)]
        lam = sum((aw[i] / w[i] for i in range(n)), Decimal(0)) / n
        ci = (lam - n) / (n - 1) if n > 2 else Decimal(0)
        ri = RANDOM_INDEX[n - 1]
        cr = ci / ri if ri else Decimal(0)
        worst = _worst(comp, w) if cr >= CR_LIMIT else None
        return Analysis(tuple(+x for x in w), +lam, +ci, ri, +cr, worst)


def _worst(comp: Comparison, w: Sequence[Decimal]) -> Pair:
    best: tuple[Decimal, int, int] | None = None
    for i in range(comp.n):
        for j in range(i + 1, comp.n):
            off = abs((_dec(comp.matrix[i][j]) * w[j] / w[i]).ln())
            if best is None or off > best[0]:
                best = (off, i, j)
    assert best is not None
    _, i, j = best
    implied = w[i] / w[j]
    names = comp.names
    message = (f"判断矩阵一致性比率 CR ≥ 0.10，最不一致的是“{shown(names[i])}”对“{shown(names[j])}”："
               f"判断为 {_frac(comp.matrix[i][j])}，按权重约为 {implied:.2f}，请重新比较这一对")
    return Pair(i, j, comp.matrix[i][j], implied, message)


def allocate(points: Decimal, weights: Sequence[Decimal], step: Decimal) -> list[Decimal]:
    """Points for each child in proportion to ``weights``, each a multiple of ``step``, summing
    exactly to ``points`` (largest remainder; a tie goes to the earlier child)."""
    if step <= 0:
        raise AhpError("分值取整单位应大于 0")
    units = points / step
    if units != units.to_integral_value() or points < 0:
        raise AhpError(f"上级分值 {points} 不是取整单位 {step} 的整数倍")
    total_units = int(units)
    if not weights or any(w < 0 for w in weights):
        raise AhpError("权重应为非负数")
    with localcontext(Context(prec=PRECISION)):
        weight_sum = sum(weights, Decimal(0))
        if weight_sum == 0:
            raise AhpError("权重合计为 0，无法分配分值")
        quotas = [total_units * w / weight_sum for w in weights]
        floors = [int(q) for q in quotas]
        left = total_units - sum(floors)
        # remainders compared to 20 places: weights equal in exact arithmetic may differ in
        # the last of the 50 digits, and the tie must still go to the earlier child
        tie = Decimal(10) ** -20
        order = sorted(range(len(quotas)),
                       key=lambda k: (-(quotas[k] - floors[k]).quantize(tie), k))
        for k in order[:left]:
            floors[k] += 1
    return [step * f for f in floors]


# ----- storage -----

def to_dict(comp: Comparison) -> dict[str, Any]:
    """The matrix as JSON-ready data (entries as '3' or '1/3')."""
    return {"format": FORMAT, "version": VERSION, "names": list(comp.names),
            "matrix": [[_frac(x) if x.denominator < 100 else f"{x.numerator}/{x.denominator}"
                        for x in row] for row in comp.matrix]}


def to_json(comp: Comparison) -> str:
    """The matrix as JSON text."""
    return json.dumps(to_dict(comp), ensure_ascii=False)


MAX_BYTES = 50_000


def from_json(text: str) -> Comparison:
    """A matrix from stored or imported JSON text (untrusted): checked like any matrix."""
    return _read(text)[0]


def _read(text: str) -> tuple[Comparison, dict[str, Any]]:
    if len(text) > MAX_BYTES:
        raise AhpError("保存的判断矩阵过大")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise AhpError("保存的判断矩阵不是有效的 JSON") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise AhpError("这不是 pfdesk 的判断矩阵（缺少 \"format\": \"pfdesk-ahp\"）")
    if set(data) - {"format", "version", "names", "matrix", "children", "step"}:
        raise AhpError("判断矩阵中有不认识的项")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise AhpError("判断矩阵的版本不对（可能来自更新版本的 pfdesk）")
    names, rows = data.get("names"), data.get("matrix")
    if not isinstance(names, list) or not all(isinstance(x, str) for x in names):
        raise AhpError("判断矩阵的 names 应为名称列表")
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise AhpError("判断矩阵的 matrix 应为按行的列表")
    if any(not isinstance(x, str) for r in rows for x in r):
        raise AhpError("判断矩阵的值应写成文字（如 \"3\"、\"1/3\"）")
    return comparison(rows, names or None), data


STEPS = (Decimal("0.5"), Decimal(1))


@dataclass(frozen=True)
class Weighting:
    """A parent's comparison of its children: the matrix, the children's ids in its order and
    the step (0.5 or 1) their points are rounded to."""

    comparison: Comparison
    children: tuple[str, ...]
    step: Decimal = Decimal("0.5")

    def __post_init__(self) -> None:
        if len(self.children) != self.comparison.n or len(set(self.children)) != len(
                self.children):
            raise AhpError("判断矩阵的行数应与下级指标一一对应")
        if self.step not in STEPS:
            raise AhpError("分值取整单位只能是 0.5 或 1")


def weighting_to_json(weighting: Weighting) -> str:
    """The weighting as JSON text (the matrix's format with ``children`` and ``step``)."""
    data = to_dict(weighting.comparison)
    data["children"] = list(weighting.children)
    data["step"] = "1" if weighting.step == 1 else "0.5"   # 1.0 and 0.50 are the same steps
    return json.dumps(data, ensure_ascii=False)


def weighting_of(indicator: Any) -> Weighting | None:
    """The weighting kept on a parent indicator (``Indicator.ahp``), or None when it has none
    or it cannot be read."""
    text = getattr(indicator, "ahp", "")
    if not text:
        return None
    try:
        return weighting_from_json(text)
    except AhpError:
        return None


def weighting_from_json(text: str) -> Weighting:
    """A weighting from stored JSON text (untrusted): ``AhpError`` naming what is wrong."""
    comp, data = _read(text)
    children, step = data.get("children"), data.get("step")
    if not isinstance(children, list) or not all(
            isinstance(x, str) and 0 < len(x) <= 64 for x in children):
        raise AhpError("判断矩阵缺少对应的下级指标")
    if step not in ("0.5", "1"):
        raise AhpError("判断矩阵的分值取整单位只能是 0.5 或 1")
    return Weighting(comp, tuple(children), Decimal(step))


# ----- a matrix typed in a spreadsheet -----

MAX_FILE = 100_000


def _is_entry(text: str) -> bool:
    try:
        _entry_fraction(text.strip().replace("／", "/"))
    except (ValueError, ZeroDivisionError):
        return False
    return True


def read_csv(path: str | Path) -> Comparison:
    """A matrix saved as CSV from Excel or WPS: the values, optionally with the children's names
    in a first row and/or a first column; UTF-8 or GBK. ``AhpError`` naming what is wrong."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_FILE:
            raise AhpError(f"{path.name} 过大，不像是判断矩阵（最多 {MAX_N} 行）")
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise AhpError(f"找不到文件 {path.name}") from exc
    except OSError as exc:
        raise AhpError(f"无法读取 {path.name}（{exc.strerror or exc}）") from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise AhpError(f"{path.name} 的编码无法识别，请另存为 UTF-8 编码的 CSV")
    try:
        rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise AhpError(f"{path.name} 不是有效的 CSV 文件") from exc
    rows = [r for r in rows if any(r)]
    if not rows or len(rows) > MAX_N + 1:
        raise AhpError(f"{path.name} 中{'没有内容' if not rows else '行数过多'}，应为 n×n 的判断矩阵")
    names: list[str] | None = None
    if not all(_is_entry(c) for c in rows[0][1:] if c):
        head, rows = rows[0], rows[1:]
        names = head[1:] if (head and not head[0]) or len(head) == len(rows) + 1 else head
    if rows and all(r and not _is_entry(r[0]) for r in rows):
        first = [r[0] for r in rows]
        rows = [r[1:] for r in rows]
        names = names or first
    while rows and all(len(r) > len(rows) and not r[-1] for r in rows):
        rows = [r[:-1] for r in rows]      # trailing empty cells Excel leaves
    return comparison(rows, names[:len(rows)] if names else None)
