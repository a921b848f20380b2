"""``pfdesk export``: write a Word report (or the score tables as Excel) from project files.

    pfdesk export PROJECT.pfdesk [MORE.pfdesk …] --layout LAYOUT [--style HOUSE.docx] -o OUT.docx
    pfdesk export PROJECT.pfdesk --layout scoresheet -o OUT.xlsx

The format follows the output's suffix: .xlsx writes the score table, the funding tables and the
targets table as a workbook with formulas for the sums.

The checks' failures go to stderr before writing and are repeated at the end, each with what to
do about it; the report is written anyway. Exit code 0 when clean, 1 when there were warnings,
2 when nothing was written.
"""

from __future__ import annotations

import argparse
import logging
import sys

from . import outline
from .export import LAYOUTS, export

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser("export", help="导出 Word 报告或 Excel 评分表",
                                   description="从项目文件生成 Word 报告（.docx）；"
                                               "输出文件以 .xlsx 结尾时生成带公式的 Excel 评分表"
                                               "（仅 --layout scoresheet）")
    parser.add_argument("projects", nargs="+", metavar="PROJECT.pfdesk",
                        help="项目文件（可多个；.pfdesk，旧的 .sqlite 也可）")
    parser.add_argument("--layout", required=True, choices=list(LAYOUTS),
                        help="报告格式：" + "；".join(f"{k} {v}" for k, v in LAYOUTS.items()))
    parser.add_argument("--style", metavar="HOUSE.docx", help="作为样式的 Word 文档（.docx）")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.docx",
                        help="输出文件（.docx 为 Word，.xlsx 为 Excel）")
    parser.add_argument("--no-charts", action="store_true", help="不插入图表")
    parser.add_argument("--gb2312", action="store_true",
                        help="正文用仿宋_GB2312、标题用楷体_GB2312（很多财政部门要求）")
    parser.add_argument("--no-toc-pages", action="store_true",
                        help="不用 LibreOffice 计算目录页码（导出更快；页码留给 Word 更新）")
    parser.add_argument("--outline", metavar="OUTLINE.json",
                        help="按此报告提纲文件导出（仅本次导出，不保存到项目；"
                             "适用于 full 和 brief）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the export and word its outcome for the terminal."""
    def progress(fraction: float, message: str) -> None:
        log.info("%3d%% %s", round(fraction * 100), message)

    def warn(line: str) -> None:
        print(f"警告：{line}", file=sys.stderr)

    chosen = None
    if args.outline:
        try:
            chosen = outline.read_file(args.outline)
        except outline.OutlineError as exc:
            print(f"错误：提纲文件 {args.outline} 不能使用：{exc}。未导出任何文件。",
                  file=sys.stderr)
            return 2
        if chosen.layout != args.layout:
            print(f"错误：提纲文件 {args.outline} 是{LAYOUTS.get(chosen.layout, chosen.layout)}"
                  f"的提纲，不能用于{LAYOUTS[args.layout]}。未导出任何文件。", file=sys.stderr)
            return 2
    with outline.applied(chosen):
        result = export(args.projects, args.layout, args.output, style=args.style,
                        progress=progress, charts=not args.no_charts, warn=warn,
                        gb2312=args.gb2312, toc_pages=False if args.no_toc_pages else None)
    what = LAYOUTS[args.layout]
    if result.path.suffix.lower() == ".xlsx":
        what = "Excel 工作簿（评分表、资金来源、资金明细、绩效目标，合计为公式）"
    print(f"已导出 {what}：{result.path}")
    for note in result.notes():
        print(note)
    if result.checks:
        print(f"注意：导出前检查发现 {len(result.checks)} 个问题，报告仍已生成，请核对后再提交：",
              file=sys.stderr)
        for check in result.checks:
            print(f"  · {check.line()}", file=sys.stderr)
            if check.action:
                print(f"    {check.action}", file=sys.stderr)
        return 1
    return 0
