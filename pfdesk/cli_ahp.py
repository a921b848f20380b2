"""``pfdesk ahp``: AHP weights, λmax, CI and CR of a pairwise comparison matrix saved as CSV,
and the matrix kept with a parent indicator of a project, its weights applied.

    pfdesk ahp MATRIX.csv [--points 20 --step 0.5] [--json]
    pfdesk ahp PROJECT.pfdesk PARENT_CODE MATRIX.csv [--apply [--force]] [--step 0.5]

With a project, the matrix (one row per child of PARENT_CODE, in their order) is kept with the
parent; ``--apply`` then gives the children the points of the weights (the parent's points,
in the step, summing exactly), refused when CR ≥ 0.10 unless ``--force``.

The matrix may carry the children's names in its first row and/or column. With ``--points``
the weights are turned into points in the step (0.5 or 1) that add up exactly to them.
``--json`` prints ``{"file", "names", "weights", "lambda_max", "ci", "ri", "cr", "consistent",
"worst", "points"}`` with every number as a decimal string. Exit code 0 when CR < 0.10, 1 when
the matrix is not consistent enough (the pair most out of line is named), 2 when it cannot be
used.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from . import ahp
from .errors import PfdeskError
from .numbers import plain, to_decimal

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``ahp``."""
    parser = sub.add_parser("ahp", help="层次分析法：由判断矩阵（CSV）计算权重、λmax、CI、CR")
    parser.add_argument("matrix", nargs="+", type=Path, metavar="[PROJECT CODE] MATRIX",
                        help="判断矩阵 CSV（可带名称行、名称列）；前面给出项目文件和上级指标编码时，"
                             "把矩阵存入该指标")
    parser.add_argument("--points", default=None, metavar="分值",
                        help="上级指标的分值：按权重分配给各项")
    parser.add_argument("--step", default="0.5", metavar="单位",
                        help="分配分值的取整单位（默认 0.5，也可为 1）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（稳定接口）")
    parser.add_argument("--apply", action="store_true", help="按权重分配下级指标的分值（需给出项目）")
    parser.add_argument("--force", action="store_true", help="CR ≥ 0.10 时仍然分配")
    parser.add_argument("--user", default="", help="记录的修改人")
    parser.set_defaults(func=cmd_ahp)


def _number(text: str, what: str) -> Decimal:
    try:
        value = to_decimal(text)
    except ValueError as exc:
        raise PfdeskError(f"{what}“{text[:20]}”不是数字") from exc
    if value is None:
        raise PfdeskError(f"{what}不能为空")
    return value


def cmd_ahp(args: argparse.Namespace) -> int:
    """pfdesk ahp [PROJECT CODE] MATRIX.csv: 0 consistent, 1 CR ≥ 0.10, 2 unusable."""
    if len(args.matrix) == 3:
        return _in_project(args, *args.matrix)
    if len(args.matrix) != 1:
        raise PfdeskError("请给出判断矩阵文件，或 项目文件 上级指标编码 判断矩阵文件")
    if args.apply:
        raise PfdeskError("--apply 需要给出项目文件和上级指标编码")
    args.matrix = args.matrix[0]
    comp = ahp.read_csv(args.matrix)
    result = ahp.analyse(comp)
    points: list[Decimal] | None = None
    if args.points is not None:
        points = ahp.allocate(_number(args.points, "分值"), result.weights,
                              _number(args.step, "取整单位"))
    if args.json:
        worst = result.worst
        print(json.dumps({
            "file": args.matrix.name, "names": list(comp.names),
            "weights": [f"{w:.6f}" for w in result.weights],
            "lambda_max": f"{result.lambda_max:.6f}", "ci": f"{result.ci:.6f}",
            "ri": f"{result.ri:.2f}", "cr": f"{result.cr:.6f}", "consistent": result.consistent,
            "worst": None if worst is None else {
                "row": worst.i + 1, "col": worst.j + 1, "given": str(worst.given),
                "implied": f"{worst.implied:.4f}", "message": worst.message},
            "points": None if points is None else [plain(p) for p in points]},
            ensure_ascii=False, indent=1))
    else:
        print(f"{args.matrix.name}：{comp.n} 项")
        for k, name in enumerate(comp.names):
            extra = f"\t{plain(points[k])}分" if points is not None else ""
            print(f"  {name}\t权重 {result.weights[k]:.4f}{extra}")
        verdict = "通过一致性检验" if result.consistent else "未通过一致性检验"
        print(f"λmax = {result.lambda_max:.4f}，CI = {result.ci:.4f}，RI = {result.ri:.2f}，"
              f"CR = {result.cr:.4f}（{verdict}）")
        if result.worst is not None:
            print(result.worst.message)
    return EXIT_OK if result.consistent else EXIT_PROBLEMS


def _in_project(args: argparse.Namespace, path: Path, code: Path, matrix: Path) -> int:
    """Keep the matrix with the parent ``code`` and, with --apply, apply its weights."""
    from . import commands
    from .cli_edit import find_indicator, open_for_edit

    comp = ahp.read_csv(matrix)
    result = ahp.analyse(comp)
    step = _number(args.step, "取整单位")
    with open_for_edit(path, args.user) as project:
        parent = find_indicator(project, str(code))
        # with --apply, the matrix and the points are one edit: refused points store nothing
        edit = (commands.apply_ahp_weights(project, parent.id, step, args.force, comparison=comp)
                if args.apply else commands.set_ahp(project, parent.id, comp, step))
        change = project.apply(edit)
        print(f"已保存 {parent.code}{parent.name} 的判断矩阵（{comp.n}×{comp.n}）："
              f"CR = {result.cr:.4f}（{'通过' if result.consistent else '未通过'}一致性检验）")
        if result.worst is not None:
            print(result.worst.message)
        if args.apply:
            print(f"已保存：{change.label}")
    return EXIT_OK if result.consistent else EXIT_PROBLEMS
