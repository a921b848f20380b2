"""层次分析法判断矩阵及权重, an appendix of the full report (outline key ``ahp``): for each parent
indicator holding a comparison matrix (``ahp.weighting_of``), a table of the matrix, the
weights and the points its children have, and the consistency check below it.

The matrix is printed as judged (1, 3, 1/3; a typed 2.5 as 2.5 and its reciprocal as 1/2.5),
the weights with four decimals, λmax, CI and CR with four, RI with two, all from
``ahp.analyse``; the points are the children's weights as stored in the project (what the
indicator tables print), not recomputed. Without any parent holding a matrix the appendix has
nothing to say and is not printed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from ..ahp import Analysis, Weighting, analyse, weighting_of
from ..model import Indicator
from .data import ReportData
from .tables import TableSpec, add_table
from .writer import Writer

log = logging.getLogger(__name__)

FOUR = Decimal("0.0001")
TWO = Decimal("0.01")
INTRO = ("评价组采用层次分析法确定下列指标的权重：按1～9标度对同一上级指标下的各项指标两两比较"
         "相对重要性，构成判断矩阵；以判断矩阵最大特征值对应的特征向量归一化后作为权重，以一致性比率"
         "CR＜0.10作为判断矩阵通过一致性检验的标准，再按权重分配上级指标的分值。")


@dataclass(frozen=True)
class Matrix:
    """A parent's stored comparison with its analysis."""

    parent: Indicator
    weighting: Weighting
    analysis: Analysis


def matrices(data: ReportData) -> list[Matrix]:
    """Each parent holding a readable comparison, in the tree's order."""
    out = []
    for ind in data.project.walk():
        weighting = weighting_of(ind)
        if weighting is not None:
            out.append(Matrix(ind, weighting, analyse(weighting.comparison)))
    return out


def has_ahp(data: ReportData) -> bool:
    """Whether some parent holds a comparison matrix."""
    return any(weighting_of(ind) is not None for ind in data.project.walk())


def four(value: Decimal) -> str:
    """Four decimals, half up: '0.6370'."""
    return f"{value.quantize(FOUR, rounding=ROUND_HALF_UP):.4f}"


def entry(value: Fraction) -> str:
    """A matrix entry as judged: '3', '1/3', '2.5', '1/2.5'."""
    if value.denominator == 1:
        return str(value.numerator)
    if value >= 1:
        return _decimal(value)
    inverse = 1 / value
    return f"1/{inverse.numerator}" if inverse.denominator == 1 else f"1/{_decimal(inverse)}"


def _decimal(value: Fraction) -> str:
    text = f"{Decimal(value.numerator) / Decimal(value.denominator):.4f}"
    return text.rstrip("0").rstrip(".")


def check_sentence(analysis: Analysis, n: int) -> str:
    """'λmax＝3.0385，CI＝0.0193，RI＝0.58，CR＝0.0332＜0.10，判断矩阵通过一致性检验。'"""
    if n <= 2:
        return (f"λmax＝{four(analysis.lambda_max)}；{n}阶判断矩阵总是满足一致性，"
                "不需要检验（CI＝CR＝0）。")
    values = (f"λmax＝{four(analysis.lambda_max)}，CI＝{four(analysis.ci)}，"
              f"RI＝{analysis.ri.quantize(TWO):.2f}，CR＝{four(analysis.cr)}")
    if analysis.consistent:
        return f"{values}＜0.10，判断矩阵通过一致性检验。"
    text = f"{values}≥0.10，判断矩阵未通过一致性检验"
    worst = analysis.worst
    if worst is not None:
        text += f"（与权重最不相符的一对判断为第{worst.i + 1}行第{worst.j + 1}列）"
    return text + "。"


def child_names(data: ReportData, matrix: Matrix) -> list[str]:
    """The children in the matrix's order: code and name as they are now, or the name kept
    with the matrix when a child is gone."""
    known = data.project.indicators()
    return [data.label(known[child_id]) if child_id in known
            else matrix.weighting.comparison.names[k]
            for k, child_id in enumerate(matrix.weighting.children)]


def child_points(data: ReportData, matrix: Matrix) -> list[str]:
    """Each child's points as stored ('—' when a child is gone or has none)."""
    known = data.project.indicators()
    return [data.pts(known[child_id].weight) if child_id in known else "—"
            for child_id in matrix.weighting.children]


def table_cells(data: ReportData, matrix: Matrix) -> list[list[str | None]]:
    """指标 / each child / 权重系数 / 分值, one row per child, then the check in a merged row."""
    names = child_names(data, matrix)
    points = child_points(data, matrix)
    comp = matrix.weighting.comparison
    cells: list[list[str | None]] = [["指标", *names, "权重系数", "分值"]]
    for i, name in enumerate(names):
        cells.append([name, *(entry(x) for x in comp.matrix[i]),
                      four(matrix.analysis.weights[i]), points[i]])
    width = len(cells[0])
    cells.append([check_sentence(matrix.analysis, comp.n), *([None] * (width - 1))])
    return cells


def write_matrix(w: Writer, data: ReportData, matrix: Matrix) -> None:
    """One parent's table."""
    parent = matrix.parent
    w.table_title(f"{data.label(parent)}（{data.points(parent.weight or Decimal(0))}）"
                  "下级指标判断矩阵及权重")
    cells = table_cells(data, matrix)
    n = matrix.weighting.comparison.n
    name_width = 40.0
    rest = (156 - name_width) / (n + 2)
    widths = [name_width, *([rest] * (n + 2))]
    last = len(cells) - 1
    add_table(w, TableSpec(cells, widths, merges=[(last, 0, last, n + 2)],
                           aligns=["left", *(["center"] * (n + 2))]))


def write_ahp(w: Writer, data: ReportData) -> None:
    """层次分析法判断矩阵及权重 (after its heading): what was done, then each parent's table."""
    found = matrices(data)
    labels = "、".join(data.label(m.parent) for m in found)
    w.body(f"{INTRO}采用层次分析法的有{labels}，判断矩阵及权重见表{w.table_no + 1}"
           + (f"至表{w.table_no + len(found)}。" if len(found) > 1 else "。"))
    for matrix in found:
        write_matrix(w, data, matrix)
