"""Indicator trees outside a project: the shape templates, sheet imports and the demo are given in.

An ``IndicatorSpec`` is a plain nested description of indicators (code, name, weight, texts,
optionally a score and deductions). ``insert_ops`` turns one into the row inserts of an edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import order
from .edits import Insert, Op
from .model import Deduction, Indicator
from .numbers import to_decimal


@dataclass
class DeductionSpec:
    """Points taken off, with the reason."""

    points: Decimal
    reason: str = ""
    evidence: str = ""


@dataclass
class IndicatorSpec:
    """One indicator and its children, before it is placed in a project."""

    code: str
    name: str
    weight: Decimal | None
    explanation: str = ""
    criteria: str = ""
    method: str = "manual"
    score: Decimal | None = None
    target_value: str = ""
    actual_value: str = ""
    data_source: str = ""
    analysis: str = ""
    not_applicable: bool = False
    status: str = "未评"
    deductions: list[DeductionSpec] = field(default_factory=list)
    children: list[IndicatorSpec] = field(default_factory=list)

    def walk(self) -> list[IndicatorSpec]:
        """This node and every node below, depth first."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


_TEXT_KEYS = ("explanation", "criteria", "method", "target_value", "actual_value",
              "data_source", "analysis", "status")


def spec_from_dict(data: dict[str, Any]) -> IndicatorSpec:
    """Build a spec from a JSON-like dict (weights and scores as strings or ints)."""
    spec = IndicatorSpec(
        code=str(data.get("code", "")),
        name=str(data["name"]),
        weight=to_decimal(data.get("weight")),
        score=to_decimal(data.get("score")),
        not_applicable=bool(data.get("not_applicable", False)),
    )
    for key in _TEXT_KEYS:
        if key in data and data[key] is not None:
            setattr(spec, key, str(data[key]))
    if spec.status == "已复核":     # written before sign-off had columns of its own
        spec.status = "已评"
    spec.deductions = [
        DeductionSpec(to_decimal(d["points"]) or Decimal(0), str(d.get("reason", "")),
                      str(d.get("evidence", "")))
        for d in data.get("deductions", [])
    ]
    spec.children = [spec_from_dict(c) for c in data.get("children", [])]
    return spec


def spec_to_dict(spec: IndicatorSpec) -> dict[str, Any]:
    """The JSON-like dict of a spec (inverse of ``spec_from_dict``)."""
    out: dict[str, Any] = {"code": spec.code, "name": spec.name,
                           "weight": None if spec.weight is None else str(spec.weight)}
    for key in _TEXT_KEYS:
        value = getattr(spec, key)
        if value and not (key == "method" and value == "manual") and not (
                key == "status" and value == "未评"):
            out[key] = value
    if spec.score is not None:
        out["score"] = str(spec.score)
    if spec.not_applicable:
        out["not_applicable"] = True
    if spec.deductions:
        out["deductions"] = [{"points": str(d.points), "reason": d.reason,
                              **({"evidence": d.evidence} if d.evidence else {})}
                             for d in spec.deductions]
    if spec.children:
        out["children"] = [spec_to_dict(c) for c in spec.children]
    return out


def insert_ops(specs: list[IndicatorSpec], parent_id: str | None = None,
               keys: list[str] | None = None) -> list[Op]:
    """Row inserts for a list of specs (parents before children, deductions after their leaf).

    ``keys`` are the ordering keys of the top-level specs (one each, increasing); by default
    they are spread evenly, as for a new tree. Children and deductions get spread keys.
    """
    if keys is None:
        keys = order.spread(len(specs))
    if len(keys) != len(specs):
        raise ValueError(f"{len(specs)} 个指标需要 {len(specs)} 个排序键，给了 {len(keys)} 个")
    ops: list[Op] = []
    for key, spec in zip(keys, specs, strict=True):
        row = Indicator(
            parent_id=parent_id, sort_key=key, code=spec.code,
            name=spec.name, weight=spec.weight, explanation=spec.explanation,
            criteria=spec.criteria, method=spec.method,
            score=None if spec.method == "deduction" else spec.score,   # the engine's
            target_value=spec.target_value, actual_value=spec.actual_value,
            data_source=spec.data_source, analysis=spec.analysis,
            not_applicable=spec.not_applicable, status=spec.status)
        ops.append(Insert(row))
        ded_keys = order.spread(len(spec.deductions))
        for ded_key, ded in zip(ded_keys, spec.deductions, strict=True):
            ops.append(Insert(Deduction(indicator_id=row.id, sort_key=ded_key, points=ded.points,
                                        reason=ded.reason, evidence=ded.evidence)))
        ops.extend(insert_ops(spec.children, row.id))
    return ops
