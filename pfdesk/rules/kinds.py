"""The kinds of scoring rule and the named input each reads, as plain checked data.

An ``Input`` names a quantity the project already holds (``INPUT_KINDS``): 资金到位率 and
预算执行率 (from ``pfdesk.funding``), one target's completion (``pfdesk.targets``, by the target's
row id), a survey's 满意率 or mean score (``pfdesk.survey``, by the survey's name), or a number
typed for the indicator (kept in the input itself; None until typed).

The rules (``Rule``), each giving a leaf's points from its input:

- ``Proportional``: min(value ÷ ``full_at``, 1) × points (``full_at`` 100: rate × points, capped;
  90: full points from a 满意率 of 90%).
- ``Stepped``: a table of bands, each from ``lower`` (inclusive) to ``upper`` (exclusive; the top
  band has none) giving ``share`` percent of the points. The bands must start at 0, follow one
  another without gap or overlap and end open: ``check_bands`` refuses others, naming the band.
- ``Shortfall``: full points when the target is met, else ``deduct`` points for each ``per``
  units of shortfall (linear, never below 0). For a target the target's own comparator and
  value apply; for any other input ``comparator`` and ``threshold`` say what is met.
- ``PassFail``: full points when met, else 0 (met as for ``Shortfall``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from ..errors import PfdeskError
from ..numbers import HUNDRED, plain
from ..targets import COMPARATORS

ZERO = Decimal(0)

INPUT_KINDS = {
    "arrival_rate": "资金到位率",
    "execution_rate": "预算执行率",
    "target": "目标完成率",
    "survey_rate": "满意率",
    "survey_mean": "满意度平均分",
    "typed": "填写的数值",
}
RATE_KINDS = ("arrival_rate", "execution_rate", "target", "survey_rate")
MAX_BANDS = 12
MAX_LABEL = 60


class RuleError(PfdeskError):
    """A rule that cannot be used (bands overlapping or leaving gaps, a bad number…)."""


@dataclass(frozen=True)
class Input:
    """The named quantity a rule reads (see the module docstring)."""

    kind: str
    ref: str = ""                  # target id or survey name
    label: str = ""                # the typed number's name (质量达标率); others have their own
    value: Decimal | None = None   # the typed number
    unit: str = ""                 # the typed number's unit

    def __post_init__(self) -> None:
        if self.kind not in INPUT_KINDS:
            raise RuleError(f"评分规则的数据来源“{self.kind[:20]}”不存在"
                            f"（可用：{'、'.join(INPUT_KINDS.values())}）")
        if self.kind == "target" and not self.ref:
            raise RuleError("按目标完成率评分的规则须指定绩效目标")
        if self.kind == "typed" and not self.label.strip():
            raise RuleError("填写数值的评分规则须写明数值的名称（如 质量达标率）")
        if len(self.label) > MAX_LABEL or len(self.unit) > 10 or len(self.ref) > 100:
            raise RuleError("评分规则的名称、单位或引用过长")

    @property
    def unit_shown(self) -> str:
        """The unit values are written with: % for rates, 分 for a mean score."""
        if self.kind in RATE_KINDS:
            return "%"
        return "分" if self.kind == "survey_mean" else self.unit


@dataclass(frozen=True)
class Band:
    """One band of a stepped rule: lower (inclusive) to upper (exclusive, None: no upper)."""

    lower: Decimal
    upper: Decimal | None
    share: Decimal                 # percent of the points

    def shown(self, unit: str = "%") -> str:
        """'90%（含）～95%' / '95%及以上'."""
        if self.upper is None:
            return f"{plain(self.lower)}{unit}及以上"
        return f"{plain(self.lower)}{unit}（含）～{plain(self.upper)}{unit}"

    def holds(self, value: Decimal) -> bool:
        """Whether the value falls in the band."""
        return self.lower <= value and (self.upper is None or value < self.upper)


def check_bands(bands: tuple[Band, ...], unit: str = "%") -> tuple[Band, ...]:
    """The bands in order from the lowest; ``RuleError`` naming an overlap, a gap or a bad band."""
    if not bands:
        raise RuleError("分档评分规则没有任何档次")
    if len(bands) > MAX_BANDS:
        raise RuleError(f"分档评分规则的档次过多（最多 {MAX_BANDS} 档）")
    for band in bands:
        name = f"档次“{band.shown(unit)}”"
        if band.upper is not None and band.upper <= band.lower:
            raise RuleError(f"{name}的上限应大于下限")
        if not ZERO <= band.share <= HUNDRED:
            raise RuleError(f"{name}的得分比例应在 0%～100% 之间")
    ordered = tuple(sorted(bands, key=lambda b: b.lower))
    if ordered[0].lower != 0:
        raise RuleError(f"分档有空缺：0{unit}（含）～{plain(ordered[0].lower)}{unit}"
                        "没有对应的档次，请把最低一档的下限设为 0")
    for low, high in pairwise(ordered):
        if low.upper is None or low.upper > high.lower:
            raise RuleError(f"档次“{low.shown(unit)}”与“{high.shown(unit)}”重叠，请调整上下限")
        if low.upper < high.lower:
            raise RuleError(f"档次“{low.shown(unit)}”与“{high.shown(unit)}”之间有空缺"
                            f"（{plain(low.upper)}{unit}～{plain(high.lower)}{unit}没有对应的档次）")
    if ordered[-1].upper is not None:
        raise RuleError(f"分档有空缺：{plain(ordered[-1].upper)}{unit}及以上没有对应的档次，"
                        "请把最高一档的上限留空")
    return ordered


def _threshold(input_: Input, comparator: str, threshold: Decimal | None) -> None:
    if input_.kind == "target":
        if comparator or threshold is not None:
            raise RuleError("按绩效目标评分时，是否达标由目标本身的指标值判断，不另设标准")
        return
    if comparator not in COMPARATORS or threshold is None:
        raise RuleError(f"{INPUT_KINDS[input_.kind]}须设定达标标准（如 ≥ 95）")


@dataclass(frozen=True)
class Proportional:
    """min(value ÷ full_at, 1) × points."""

    input: Input
    full_at: Decimal = HUNDRED

    def __post_init__(self) -> None:
        if self.full_at <= 0:
            raise RuleError("按比例计分的满分值应大于 0")


@dataclass(frozen=True)
class Stepped:
    """A share of the points by the band the value falls in."""

    input: Input
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "bands", check_bands(self.bands, self.input.unit_shown))


@dataclass(frozen=True)
class Shortfall:
    """Full points when met, else ``deduct`` points for each ``per`` units short."""

    input: Input
    per: Decimal
    deduct: Decimal
    comparator: str = ""
    threshold: Decimal | None = None

    def __post_init__(self) -> None:
        _threshold(self.input, self.comparator, self.threshold)
        if self.per <= 0 or self.deduct <= 0:
            raise RuleError("扣分规则的“每差多少”和“扣几分”都应大于 0")


@dataclass(frozen=True)
class PassFail:
    """Full points when met, else 0."""

    input: Input
    comparator: str = ""
    threshold: Decimal | None = None

    def __post_init__(self) -> None:
        _threshold(self.input, self.comparator, self.threshold)


Rule = Proportional | Stepped | Shortfall | PassFail
RULE_KINDS = {"proportional": Proportional, "stepped": Stepped, "shortfall": Shortfall,
              "pass_fail": PassFail}
