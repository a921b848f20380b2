"""Reading a rule's named input from what the project holds, or saying which input is missing.

The funding rates are taken from ``pfdesk.funding`` as it computes them (never recomputed here):
资金到位率 = 实际到位 ÷ 预算 (adjusted when set), 预算执行率 = 实际支出 ÷ 实际到位. When a rate is
missing the reason is named: the figure not filled in, or a divisor of 0. A target's completion
comes from ``pfdesk.targets``, a survey's 满意率 and mean from ``pfdesk.survey``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from .. import funding
from .. import targets as target_values
from ..funding import Funding
from ..model import Target
from ..numbers import percent, plain, shown
from ..survey import Summary
from .kinds import INPUT_KINDS, Input

if TYPE_CHECKING:
    from ..project import Project


class MissingInput(Exception):  # noqa: N818 (a state, not a failure: the leaf stays unscored)
    """A rule's input cannot be read; ``str(exc)`` names what is missing."""


@dataclass(frozen=True)
class Reading:
    """An input's value with its name and unit; ``target`` for a target's planned and actual."""

    label: str
    value: Decimal
    unit: str
    target: target_values.Reading | None = None

    @property
    def text(self) -> str:
        """The value as the report writes it: '98.50%', '85.00分', '96件'."""
        if self.unit == "%":
            return percent(self.value)
        if self.unit == "分":
            return f"{self.value:.2f}分"
        return f"{plain(self.value)}{self.unit}"


@dataclass
class Inputs:
    """What the rules read: the funding figures, the targets by id, the surveys by name."""

    funding: Funding | None = None
    targets: Mapping[str, Target] = field(default_factory=dict)
    surveys: Mapping[str, Summary] = field(default_factory=dict)
    unreadable: Mapping[str, str] = field(default_factory=dict)   # survey name → why

    @classmethod
    def of(cls, project: Project, surveys: Mapping[str, Summary] | None = None) -> Inputs:
        """The inputs of an open project: its funding figures, its targets and its surveys
        (those stored in the project unless ``surveys`` is given)."""
        from .. import survey_rows

        broken: Mapping[str, str] = {}
        if surveys is None:
            surveys, broken = survey_rows.read(project)
        return cls(funding.of(project), {t.id: t for t in project.targets()}, surveys, broken)

    def read(self, source: Input) -> Reading:
        """The input's value; ``MissingInput`` naming what is missing."""
        if source.kind in ("arrival_rate", "execution_rate"):
            return self._funding(source.kind)
        if source.kind == "target":
            return self._target(source.ref)
        if source.kind in ("survey_rate", "survey_mean"):
            return self._survey(source)
        if source.value is None:
            raise MissingInput(f"尚未填写{source.label}")
        return Reading(source.label, source.value, source.unit)

    def _funding(self, kind: str) -> Reading:
        label = INPUT_KINDS[kind]
        f = self.funding
        if kind == "arrival_rate":
            need = (("预算资金", f.base if f else None), ("实际到位资金", f.received if f else None))
            rate = f.arrival_rate if f else None
        else:
            need = (("实际到位资金", f.received if f else None), ("实际支出", f.spent if f else None))
            rate = f.execution_rate if f else None
        for name, value in need:
            if value is None:
                raise MissingInput(f"缺少{name}，无法计算{label}：请在“资金”页填写")
        divisor_name, divisor = need[0]
        if divisor == 0:
            raise MissingInput(f"{divisor_name}为 0，无法计算{label}（除数为 0）")
        if rate is None:
            raise MissingInput(f"无法计算{label}")
        return Reading(label, rate, "%")

    def _target(self, ref: str) -> Reading:
        row = self.targets.get(ref)
        if row is None:
            raise MissingInput("评分规则所用的绩效目标已不在目标表中，请重新选择")
        name = row.level3 or "该目标"
        try:
            reading = target_values.read(name, row.target_text, row.actual_value)
            rate = reading.rate
        except target_values.TargetError as exc:
            raise MissingInput(str(exc)) from exc
        return Reading(f"{name}完成率", rate, "%", reading)

    def _survey(self, source: Input) -> Reading:
        """A survey by name; no name means the project's only survey."""
        ref = source.ref
        if not ref and len(self.surveys) + len(self.unreadable) > 1:
            raise MissingInput(f"项目中有多个满意度调查，请在评分规则中选择用哪一个计算"
                               f"{INPUT_KINDS[source.kind]}")
        if not ref and self.surveys:
            ref = next(iter(self.surveys))
        if ref in self.unreadable or (not ref and self.unreadable):
            name, why = (ref, self.unreadable[ref]) if ref else next(iter(self.unreadable.items()))
            raise MissingInput(f"满意度调查“{shown(name)}”的保存内容无法读取（{why}），请重新导入")
        summary = self.surveys.get(ref)
        if summary is None:
            what = f"满意度调查“{shown(source.ref)}”" if source.ref else "满意度调查"
            raise MissingInput(f"尚未导入{what}，无法计算{INPUT_KINDS[source.kind]}")
        overall = summary.overall()
        if source.kind == "survey_rate":
            value, unit = overall.rate, "%"
        else:
            value, unit = overall.mean, "分"
        if value is None:
            raise MissingInput("满意度调查没有有效回答，无法计算满意度")
        return Reading(INPUT_KINDS[source.kind], value, unit)
