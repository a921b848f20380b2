"""``pfdesk check``: is the file sound, and what would the finance bureau's checks find.

    pfdesk check PROJECT [--layout LAYOUT] [--json]

Every check of the project file runs when it is opened. Without ``--layout`` the scoring
problems follow, one per problem; with it, the pre-export checks of that layout, the same
list the window's 导出报告 page shows and ``pfdesk export`` prints. Each check is a line with
what to do under it; ``--json`` prints ``{"file", "interrupted", "layout", "checks": [{kind,
severity, project, code, indicator_id, section, message, action}]}`` instead.
Exit code 0 when nothing is found, 1 when something is, 2 when the file cannot be used.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

from . import projectfile
from .numbers import Numbers
from .project import Project
from .reports.checks import Check, problem_checks, run_checks
from .reports.data import ReportData
from .reports.export import LAYOUTS

log = logging.getLogger(__name__)

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``check``."""
    parser = sub.add_parser("check", help="检查文件完整性和评分问题")
    parser.add_argument("project", type=Path)
    parser.add_argument("--layout", choices=list(LAYOUTS), default=None,
                        help="同时做导出该格式报告前的全部检查："
                             + "；".join(f"{k} {v}" for k, v in LAYOUTS.items()))
    parser.add_argument("--json", action="store_true", help="以 JSON 输出（稳定接口）")
    parser.set_defaults(func=cmd_check)


def check_lines(check: Check) -> list[str]:
    """A check for the terminal: the line, then what to do, indented."""
    out = [f"  · {check.line()}"]
    if check.action:
        out.append(f"    {check.action}")
    return out


def cmd_check(args: argparse.Namespace) -> int:
    """pfdesk check PROJECT [--layout L] [--json]: 0 clean, 1 found something, 2 unusable."""
    interrupted = projectfile.interrupted_edit(args.project)
    with Project.open(args.project, readonly=True) as project:   # every file check runs here
        data = ReportData.of(project)
        layout = getattr(args, "layout", None)
        checks = run_checks(data, layout) if layout else problem_checks(data.result)
    if getattr(args, "json", False):
        print(json.dumps({"file": args.project.name, "interrupted": bool(interrupted),
                          "layout": layout, "checks": [c.as_json() for c in checks]},
                         ensure_ascii=False, indent=2))
        return EXIT_PROBLEMS if checks else EXIT_OK
    print(f"{args.project.name}：文件完好。")
    if interrupted:
        print("上次编辑被中断：那次未完成的修改会在下次用 pfdesk 打开编辑时自动撤销，其余内容完好。")
    result = data.result
    if not checks:
        what = f"导出“{LAYOUTS[layout]}”前的检查全部通过" if layout else "评分无问题"
        print(f"{what}，总分 {Numbers.of(data.info).pts(result.total)}，等级 {result.grade}。")
        return EXIT_OK
    what = f"导出“{LAYOUTS[layout]}”前的检查" if layout else "评分检查"
    print(f"{what}发现 {len(checks)} 个问题：")
    for check in checks:
        print("\n".join(check_lines(check)))
    return EXIT_PROBLEMS
