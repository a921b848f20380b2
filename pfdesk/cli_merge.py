"""``pfdesk merge``: members' copies merged into the leader's file (see ``merge``).

Exit 0 merged with no conflict open, 1 merged with conflicts left to resolve (in the window's
合并 page or by editing the field), 2 a file cannot be used or is another project's (nothing
written). The copies are opened read-only and never changed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import conflicts, merge
from .cli_edit import open_for_edit, user_option

EXIT_OK, EXIT_CONFLICTS = 0, 1


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``merge`` to the ``pfdesk`` parser."""
    p = sub.add_parser("merge", help="把组员的项目副本合并进本文件（逐字段合并，冲突逐项列出）")
    p.add_argument("into", type=Path, metavar="INTO", help="合并进的项目文件（组长的文件）")
    p.add_argument("sources", type=Path, nargs="+", metavar="FROM", help="组员的副本（只读取）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（稳定接口）")
    user_option(p)
    p.set_defaults(func=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    """pfdesk merge INTO FROM [FROM …] [--json]."""
    with open_for_edit(args.into, args.user) as project:
        result = merge.merge(project, args.sources)
        still_open = conflicts.open_conflicts(project)
        if args.json:
            out = {"merged": result.merged,
                   "conflicts": [conflicts.conflict_json(c) for c in still_open],
                   "sources": [{"file": r.path.name, "users": r.users, "entries": r.entries,
                                "merged": r.merged, "conflicts": r.conflicts}
                               for r in result.sources]}
            json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
            print()
        else:
            _print_text(result, still_open)
    return EXIT_CONFLICTS if still_open else EXIT_OK


def _print_text(result: merge.MergeResult, still_open: list[Any]) -> None:
    for report in result.sources:
        who = "、".join(report.users) or "无人"
        if not report.entries:
            print(f"{report.path.name}：没有新的修改（已合并过或未改动）")
            continue
        print(f"{report.path.name}（{who}）：带来 {report.merged} 处修改，"
              f"冲突 {report.conflicts} 处")
    for conflict in still_open:
        data = conflicts.conflict_json(conflict)
        values = "；".join(f"{v['user']}（{v['source']}）：{_shown(v['value'])}"
                          for v in data["values"])
        field = "整行" if conflict.field == conflicts.DELETED else conflict.field
        print(f"  冲突 {conflict.code or conflict.tbl} {field}：{values}")
    if still_open:
        print(f"还有 {len(still_open)} 处冲突待解决：请在窗口的合并页面逐项选择取值。")


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "空"
    if value is True:
        return "是"
    if value is False:
        return "否"
    return str(value)
