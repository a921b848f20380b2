"""The headless subcommands: new, templates, import, score, dump, load (check: ``cli_checks``).

They use the same core objects as the window; numbers come from the scoring engine only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import dump as dumping
from .numbers import Numbers, fmt2
from .paths import with_project_suffix
from .project import Project
from .scoring import ScoreResult, score_project

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the core subcommands to the ``pfdesk`` parser."""
    p = sub.add_parser("new", help="新建项目文件（.pfdesk）")
    p.add_argument("project", type=Path, metavar="PROJECT.pfdesk",
                   help="新项目文件；没写扩展名时自动加上 .pfdesk")
    p.add_argument("--template", default=None, help="指标体系模板编号（见 pfdesk templates）")
    p.add_argument("--name", default="", help="项目名称")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("templates", help="列出可用的指标体系模板")
    p.set_defaults(func=cmd_templates)

    p = sub.add_parser("import", help="从 Excel 指标评分表导入，生成项目文件")
    p.add_argument("sheet", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PROJECT.pfdesk",
                   help="生成的项目文件；没写扩展名时自动加上 .pfdesk")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("score", help="显示得分、得分率、等级和评分问题")
    p.add_argument("project", type=Path, help="项目文件（.pfdesk，旧的 .sqlite 也可）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（稳定接口）")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("dump", help="把整个项目导出为可读的 JSON")
    p.add_argument("project", type=Path, help="项目文件（.pfdesk，旧的 .sqlite 也可）")
    p.add_argument("-o", "--output", type=Path, default=None, help="写入文件（默认输出到屏幕）")
    p.set_defaults(func=cmd_dump)

    p = sub.add_parser("load", help="从 JSON 导出文件重建项目文件")
    p.add_argument("dump", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PROJECT.pfdesk",
                   help="重建的项目文件；没写扩展名时自动加上 .pfdesk")
    p.set_defaults(func=cmd_load)


def cmd_new(args: argparse.Namespace) -> int:
    """pfdesk new PROJECT [--template ID]."""
    from .model import ProjectInfo
    from .templates import DEFAULT_TEMPLATE, new_project

    info = ProjectInfo(name=args.name)
    path = with_project_suffix(args.project)
    project = new_project(path, args.template or DEFAULT_TEMPLATE, info=info)
    count = len(project.indicators())
    project.close()
    print(f"已新建 {path}（{count} 个指标）。")
    return EXIT_OK


def cmd_templates(args: argparse.Namespace) -> int:
    """pfdesk templates."""
    from .templates import DEFAULT_TEMPLATE, list_templates

    for info in list_templates():
        mark = "（默认）" if info.id == DEFAULT_TEMPLATE else ""
        print(f"{info.id}\t{info.name}{mark}\t{info.description}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """pfdesk import SHEET.xlsx -o PROJECT."""
    from .importer.excel import import_sheet, read_indicator_sheet

    sheet = read_indicator_sheet(args.sheet)
    for warning in sheet.warnings:
        print(f"pfdesk：提醒：{warning}", file=sys.stderr)
    output = with_project_suffix(args.output)
    project = import_sheet(args.sheet, output, sheet=sheet)
    result = score_project(project)
    count = len(project.indicators())
    project.close()
    print(f"已导入 {count} 个指标到 {output}，当前总分 {fmt2(result.total)}。")
    return EXIT_OK


def score_json(result: ScoreResult) -> dict[str, Any]:
    """The documented JSON of ``pfdesk score --json``: numbers as two-decimal strings.

    ``max`` is the points that count (not-applicable points excluded, ``excluded`` of them);
    ``total`` is rescaled to 100 when ``rescaled``; ``leaves`` / ``scored`` give the progress.
    A leaf whose value had more than two decimals gives it in ``unrounded``.
    """
    return {
        "total": fmt2(result.total),
        "raw": fmt2(result.raw),
        "max": fmt2(result.max),
        "rate": fmt2(result.rate),
        "grade": result.grade,
        "provisional_grade": result.provisional_grade,
        "complete": result.complete,
        "unscored": result.unscored,
        "rescaled": result.rescaled,
        "excluded": fmt2(result.excluded),
        "excluded_leaves": result.excluded_leaves,
        "leaves": result.leaves,
        "scored": result.scored,
        "nodes": [
            {"code": n.code, "name": n.name, "level": n.level, "parent": n.parent_code,
             "weight": fmt2(n.weight), "max": fmt2(n.max), "score": fmt2(n.score),
             "rate": fmt2(n.rate), "lost": fmt2(n.lost), "not_applicable": n.not_applicable,
             "unrounded": None if n.unrounded is None else str(n.unrounded)}
            for n in result.nodes
        ],
        "problems": [{"code": p.code, "kind": p.kind, "message": p.message}
                     for p in result.problems],
    }


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _rjust(text: str, width: int) -> str:
    return " " * max(0, width - _width(text)) + text


def score_text(project: Project, result: ScoreResult) -> str:
    """The score tree as an aligned text table for the terminal, numbers in the project's style.

    分值 is the points that count; a dimension with not-applicable parts says how many are
    excluded, and the total is the rescaled one.
    """
    numbers = Numbers.of(project.info)
    lines = [f"项目：{project.info.name or '（未命名）'}", ""]
    lines.append(_pad("指标", 44) + _rjust("计分分值", 10) + _rjust("得分", 10)
                 + _rjust("得分率", 10))
    for n in result.nodes:
        label = "  " * (n.level - 1) + f"{n.code} {n.name}".strip()
        untouched = n.score is None or (not n.is_leaf and n.leaves and not n.scored)
        score = "不适用" if n.not_applicable else ("未评" if untouched else numbers.pts(n.score))
        shown_max = numbers.pts(n.weight if n.not_applicable else n.max)
        note = f"  （不适用 {numbers.pts(n.excluded)} 分不计）" if n.excluded and not \
            n.not_applicable else ""
        rate = "—" if untouched else numbers.percent(n.rate)
        lines.append(_pad(label, 44) + _rjust(shown_max, 10) + _rjust(score, 10)
                     + _rjust(rate, 10) + note)
    lines.append("")
    grade = result.grade or (f"暂定{result.provisional_grade}（已评 {result.scored} / "
                             f"{result.leaves} 项）")
    lines.append(f"总分 {numbers.pts(result.total)}（满分 100），等级 {grade}")
    if result.rescaled:
        lines.append(f"说明：{result.excluded_leaves} 项不适用指标共 "
                     f"{numbers.pts(result.excluded)} 分不计分，计分分值 "
                     f"{numbers.pts(result.max)} 分，得分 {numbers.pts(result.raw)} 分，"
                     "总分已按百分制折算。")
    if result.problems:
        lines.append("")
        lines.append(f"评分问题（{len(result.problems)} 项）：")
        lines.extend(f"  {p.message}" for p in result.problems)
    return "\n".join(lines)


def cmd_score(args: argparse.Namespace) -> int:
    """pfdesk score PROJECT [--json]."""
    with Project.open(args.project, readonly=True) as project:
        result = score_project(project)
        if args.json:
            json.dump(score_json(result), sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            print(score_text(project, result))
    return EXIT_OK


def cmd_dump(args: argparse.Namespace) -> int:
    """pfdesk dump PROJECT [-o OUT.json]: the file appears complete or not at all."""
    if args.output:
        dumping.write(args.project, args.output)
        return EXIT_OK
    with Project.open(args.project, readonly=True) as project:
        text = dumping.dumps(project)
    sys.stdout.write(text)
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    """pfdesk load DUMP.json -o PROJECT."""
    output = with_project_suffix(args.output)
    project = dumping.load(args.dump, output)
    count = len(project.indicators())
    project.close()
    print(f"已从 {args.dump.name} 重建 {output}（{count} 个指标）。")
    return EXIT_OK
