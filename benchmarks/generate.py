"""Synthetic projects of a given size for the benchmarks (scored, with a few deductions)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pfdesk.edits import Edit
from pfdesk.project import Project
from pfdesk.tree import DeductionSpec, IndicatorSpec, insert_ops


def big_specs(level1: int, level2: int, leaves: int) -> list[IndicatorSpec]:
    """level1 × level2 × leaves indicators; leaf weights 1 (sums need not reach 100)."""
    out = []
    for a in range(level1):
        kids = []
        for b in range(level2):
            leaf_specs = []
            for c in range(leaves):
                spec = IndicatorSpec(code=f"{chr(65 + a % 26)}{b + 1}{c + 1}", name=f"指标{a}-{b}-{c}",
                                     weight=Decimal(1), score=Decimal("0.75"), status="已评")
                if c == 0:
                    spec.method = "deduction"
                    spec.deductions = [DeductionSpec(Decimal("0.5"), "资料不全")]
                    spec.score = Decimal("0.5")
                leaf_specs.append(spec)
            kids.append(IndicatorSpec(code=f"{chr(65 + a % 26)}{b + 1}", name=f"二级{a}-{b}",
                                      weight=Decimal(leaves), children=leaf_specs))
        out.append(IndicatorSpec(code=chr(65 + a % 26), name=f"一级{a}",
                                 weight=Decimal(level2 * leaves), children=kids))
    return out


def make_project(path: Path | None, level1: int, level2: int, leaves: int) -> Project:
    """A project file holding the synthetic tree."""
    project = Project.create(path)
    project.apply(Edit("生成", insert_ops(big_specs(level1, level2, leaves))))
    return project
