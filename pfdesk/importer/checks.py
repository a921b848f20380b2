"""Checking a tree read from a sheet and turning it into indicator specs.

Weights: a leaf must have one; a parent without one takes the sum of its children; a parent
weight written in the sheet must equal that sum, or the import stops and says where. Scores: a
leaf score must lie between 0 and the weight. Codes: kept as written, inferred for a parent from
its children (A11, A12 → A1), or generated A / A1 / A11 when the sheet has none at all. The
sheet's own subtotals and totals are compared with what the scoring engine computes.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from decimal import Decimal

from .. import scoring
from ..edits import Insert
from ..errors import ImportError_
from ..model import Deduction, Indicator
from ..text import clean
from ..tree import DeductionSpec, IndicatorSpec, insert_ops
from . import cells
from .rows import Node, RowReader, TotalRow

log = logging.getLogger(__name__)

HUNDRED = Decimal(100)


def resolve_weights(reader: RowReader, roots: list[Node]) -> None:
    """Fill parents' missing weights, check given ones; raise on a leaf without a weight."""
    mismatches: list[str] = []
    for root in roots:
        _weight(reader, root, mismatches)
    if mismatches:
        more = f"（另有 {len(mismatches) - 1} 处不一致）" if len(mismatches) > 1 else ""
        raise ImportError_(mismatches[0] + more)


def _weight(reader: RowReader, node: Node, mismatches: list[str]) -> Decimal:
    if not node.children:
        if node.weight is None:
            raise reader.fail(node.row, _weight_col(reader, node.depth),
                              f"“{node.shown}”没有分值")
        if node.weight < 0:
            row, col = node.weight_at or (node.row, None)
            raise reader.fail(row, col, f"“{node.shown}”的分值 {node.weight} 为负数")
        return node.weight
    total = sum((_weight(reader, kid, mismatches) for kid in node.children), Decimal(0))
    if node.weight is None:
        node.weight = total
    elif node.weight != total:
        row, col = node.weight_at or (node.row, None)
        mismatches.append(f"{reader.where(row, col)}：“{node.shown}”的分值 {node.weight} 分"
                          f"与下级指标分值合计 {total} 分不一致")
    return node.weight


def _weight_col(reader: RowReader, depth: int) -> int | None:
    cols = reader.header.weight_cols
    deeper = [d for d in cols if d >= depth]
    return cols[min(deeper)] if deeper else None


def check_scores(reader: RowReader, roots: list[Node]) -> None:
    """Raise on a leaf score below zero or above its weight, naming the score cell."""
    for node in (n for root in roots for n in root.walk()):
        if node.children or node.score is None or node.not_applicable:
            continue
        row, col = node.score_at or (node.row, None)
        if node.score < 0:
            raise reader.fail(row, col, f"“{node.shown}”的得分 {node.score} 为负数")
        if node.weight is not None and node.score > node.weight:
            raise reader.fail(row, col, f"“{node.shown}”的得分 {node.score} 分超过分值"
                                        f" {node.weight} 分")


def assign_codes(reader: RowReader, roots: list[Node]) -> None:
    """Keep the sheet's codes, infer parents' codes, or generate A / A1 / A11 if there are none."""
    nodes = [n for root in roots for n in root.walk()]
    if not any(n.code for n in nodes):
        _generate(roots, "", 1)
        return
    for root in roots:
        _infer(root)
    missing = [n for n in nodes if not n.code]
    if missing:
        rows = "、".join(str(n.row) for n in missing[:5]) + ("等" if len(missing) > 5 else "")
        reader.warnings.append(f"工作表“{reader.grid.sheet}”有 {len(missing)} 个指标没有编号"
                               f"（第 {rows} 行），已保留原样")
    seen: dict[str, Node] = {}
    for node in nodes:
        if node.code and node.code in seen:
            reader.warnings.append(f"{reader.where(node.row)}的编号 {node.code} 与第"
                                   f" {seen[node.code].row} 行重复")
        seen.setdefault(node.code, node)


def _generate(nodes: list[Node], parent_code: str, level: int) -> None:
    for index, node in enumerate(nodes):
        node.code = cells.generated_code(parent_code, index, level)
        _generate(node.children, node.code, level + 1)


def _infer(node: Node) -> None:
    for kid in node.children:
        _infer(kid)
    if node.code or not node.children:
        return
    prefixes = {_parent_code(kid.code) for kid in node.children}
    if len(prefixes) == 1 and "" not in prefixes:
        node.code = prefixes.pop()


def _parent_code(code: str) -> str:
    if "." in code:
        return code.rsplit(".", 1)[0]
    return code[:-1] if len(code) >= 2 else ""


def to_specs(roots: list[Node]) -> list[IndicatorSpec]:
    """The specs of the tree (scores, deductions and texts on the leaves)."""
    return [_spec(node) for node in roots]


def _spec(node: Node) -> IndicatorSpec:
    texts = {key: clean(value) for key, value in node.texts.items()}
    spec = IndicatorSpec(
        code=node.code, name=clean(node.name), weight=node.weight,
        explanation=texts.get("explanation", ""), criteria=texts.get("criteria", ""),
        target_value=texts.get("target", ""), actual_value=texts.get("actual", ""),
        data_source=texts.get("data_source", ""), not_applicable=node.not_applicable)
    if node.children:
        spec.children = [_spec(kid) for kid in node.children]
        return spec
    reason = texts.get("reason", "")
    weight = node.weight or Decimal(0)
    if node.not_applicable or node.score is None:
        spec.analysis = reason
        return spec
    spec.status = "已评"
    spec.score = node.score
    if node.score < weight and reason:
        spec.method = "deduction"
        spec.deductions = [DeductionSpec(points=weight - node.score, reason=reason)]
    else:
        spec.analysis = reason
    return spec


def compare_with_engine(reader: RowReader, roots: list[Node], specs: list[IndicatorSpec],
                        totals: list[TotalRow]) -> None:
    """Warn where the sheet's own subtotals, totals or level-1 weights differ from the engine."""
    rows = [op.row for op in insert_ops(specs) if isinstance(op, Insert)]
    inds = [row for row in rows if isinstance(row, Indicator)]
    children: dict[str | None, list[Indicator]] = defaultdict(list)
    deductions: dict[str, list[Deduction]] = defaultdict(list)
    for row in rows:
        if isinstance(row, Indicator):
            children[row.parent_id].append(row)
        elif isinstance(row, Deduction):
            deductions[row.indicator_id].append(row)
    result = scoring.compute(children, deductions)
    nodes = [n for root in roots for n in root.walk()]
    for ind, node in zip(inds, nodes, strict=True):
        computed = result.by_id[ind.id]
        if node.children and node.score is not None and computed.complete and (
                computed.score is not None and computed.score != node.score):
            reader.warnings.append(
                f"{reader.where(*(node.score_at or (node.row, None)))}：“{node.shown}”的得分"
                f" {node.score} 分与下级指标得分之和 {computed.score} 分不一致，以下级指标得分为准")
    level1 = result.level1()
    declared = sum((n.weight for n in level1), Decimal(0))
    if declared != HUNDRED:
        reader.warnings.append(f"工作表“{reader.grid.sheet}”的一级指标分值合计 {declared} 分，"
                               "不是 100 分")
    for total in (t for t in totals if not t.subtotal and t.last > t.first):
        _check_total(reader, total, level1, result)


def _check_total(reader: RowReader, total: TotalRow, level1: list[scoring.NodeScore],
                 result: scoring.ScoreResult) -> None:
    """Compare a 合计 row with the level-1 indicators above it (all of them, or one section)."""
    covered = level1[total.first:total.last]
    weight = sum((n.weight for n in covered), Decimal(0))
    score: Decimal | None
    if len(covered) == len(level1):
        score, complete, what = result.total, result.complete, "各项得分之和"
    elif len(covered) == 1:
        score, complete, what = covered[0].score, covered[0].complete, f"“{covered[0].name}”的得分"
    else:
        score, complete, what = None, False, ""
    place = reader.where(total.row)
    if total.weight is not None and total.weight != weight:
        reader.warnings.append(f"{place}合计分值 {total.weight} 分与上方一级指标分值之和"
                               f" {weight} 分不一致")
    if total.score is not None and complete and score is not None and total.score != score:
        reader.warnings.append(f"{place}合计得分 {total.score} 分与{what} {score} 分不一致，"
                               "以各项得分为准")
