"""The backup subcommands: ``pfdesk backups PROJECT`` lists, ``pfdesk restore PROJECT N`` restores.

Backups are numbered from 1, the newest, as ``pfdesk backups`` shows them. Errors are one line
of Chinese with exit 2 (through ``cli.main``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from . import backups

EXIT_OK = 0


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``backups`` and ``restore`` to the ``pfdesk`` parser."""
    p = sub.add_parser("backups", help="列出项目文件的自动备份（最新的编号为 1）")
    p.add_argument("project", type=Path)
    p.set_defaults(func=cmd_backups)

    p = sub.add_parser("restore", help="把项目文件恢复到编号为 N 的备份（编号见 pfdesk backups）")
    p.add_argument("project", type=Path)
    p.add_argument("number", metavar="N")
    p.set_defaults(func=cmd_restore)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * max(0, w - _width(c))
                     for c, w in zip(cells, widths, strict=True)).rstrip()


def _listed(project: Path) -> list[backups.Backup]:
    items = backups.list_backups(project)
    if not items and not project.exists():
        raise backups.BackupError(f"找不到项目文件 {project}，也没有它的备份，请检查路径")
    return items


def cmd_backups(args: argparse.Namespace) -> int:
    """pfdesk backups PROJECT."""
    items = _listed(args.project)
    if not items:
        print(f"{args.project.name} 还没有备份（在窗口中打开项目编辑时会自动备份）。")
        return EXIT_OK
    print(f"{args.project.name} 的备份（共 {len(items)} 个，最新在前）：")
    widths = [4, 19, 6, 6, 8]
    print(_row(["编号", "时间", "原因", "指标数", "大小"], widths))
    for number, item in enumerate(items, 1):
        count = "—" if item.indicators is None else str(item.indicators)
        print(_row([str(number), item.local_time(), item.reason, count, item.size_text()], widths))
    print(f"恢复：pfdesk restore {args.project} 编号")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """pfdesk restore PROJECT N."""
    items = _listed(args.project)
    text = str(args.number).strip()
    if not text.isdigit():
        raise backups.BackupError(f"备份编号应是数字，例如 1；运行 pfdesk backups {args.project} 查看编号")
    number = int(text)
    if not 1 <= number <= len(items):
        have = f"只有 1 到 {len(items)} 号" if items else "还没有任何备份"
        raise backups.BackupError(f"没有编号为 {number} 的备份（{have}）；"
                                  f"运行 pfdesk backups {args.project} 查看编号")
    chosen = items[number - 1]
    existed = args.project.exists()
    backups.restore(chosen, args.project)
    kept = "；恢复前的内容已另存为新的 1 号备份" if existed else ""
    print(f"已把 {args.project.name} 恢复到 {number} 号备份"
          f"（{chosen.local_time()}，{chosen.reason}）{kept}。")
    return EXIT_OK
