"""The command line: ``pfdesk`` with no arguments opens the window; subcommands work headless.

Every error is one plain-language line on stderr with a non-zero exit code: 1 for problems
found, 2 for a file that cannot be used or bad input. Never a traceback.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import logging
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import PfdeskError, ProjectFileError

log = logging.getLogger(__name__)

# Modules that add subcommands: each has register(subparsers) setting ``func`` on its parser.
COMMAND_MODULES = (
    "pfdesk.cli_commands",
    "pfdesk.reports.command",
    "pfdesk.cli_backups",
)

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


_ARGPARSE_WORDS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数 {0}"),
    (re.compile(r"argument (\S+): invalid choice: '([^']*)'.*"), "{0} 没有“{1}”这个选项"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数 {0}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0} 后面缺少取值"),
)
_ERRNO_WORDS = {
    errno.ENOENT: "找不到文件或文件夹",
    errno.EACCES: "没有访问权限",
    errno.EPERM: "没有访问权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "磁盘是只读的",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.EEXIST: "文件已存在",
}


def plain_argparse(message: str) -> str:
    """argparse's English message in plain Chinese."""
    for pattern, words in _ARGPARSE_WORDS:
        match = pattern.fullmatch(message)
        if match:
            return words.format(*match.groups())
    return message


def plain_oserror(exc: OSError) -> str:
    """An OS error as one Chinese line naming the file (never a temporary file's name)."""
    reason = _ERRNO_WORDS.get(exc.errno or 0, exc.strerror or str(exc))
    name = Path(str(exc.filename)).name if exc.filename else ""
    if name.endswith(".tmp") or name.startswith("."):
        name = str(Path(str(exc.filename)).parent)
    return f"{reason}：{name}" if name else reason


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"pfdesk：命令参数有误（{plain_argparse(message)}）。运行 pfdesk --help 查看用法。",
              file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = _Parser(prog="pfdesk", description="财政支出绩效评价工作台。不带参数时打开窗口；"
                     "pfdesk 项目文件.sqlite 在窗口中打开该项目。")
    parser.add_argument("--demo", action="store_true", help="打开演示项目")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue
            raise
        module.register(subparsers)
    parser.set_defaults(command_names=frozenset(subparsers.choices))
    return parser


WindowOpener = Callable[[str | None, bool], int]


def _no_window(file: str | None, demo: bool) -> int:
    print("pfdesk：这个入口没有窗口界面，请用 pfdesk 命令启动；子命令见 pfdesk --help。",
          file=sys.stderr)
    return EXIT_UNUSABLE


def main(argv: Sequence[str] | None = None, open_window: WindowOpener | None = None) -> int:
    """Run the command line; with no subcommand, call ``open_window(file, demo)``.

    The core knows nothing of the window: ``ui.launch`` passes the opener in.
    """
    opener = open_window or _no_window
    argv = list(sys.argv[1:] if argv is None else argv)
    # A bare file argument opens the window; keep argparse from reading it as a subcommand.
    parser = build_parser()
    known = parser.get_default("command_names")
    if argv and not argv[0].startswith("-") and argv[0] not in known:
        file_parser = _Parser(prog="pfdesk")
        file_parser.add_argument("file")
        file_parser.add_argument("-v", "--verbose", action="store_true")
        try:
            args = file_parser.parse_args(argv)
        except SystemExit as exc:
            return int(exc.code or 0)
        return opener(args.file, False)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:   # usage errors (already worded) and --help
        return int(exc.code or 0)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not getattr(args, "command", None):
        return opener(None, bool(args.demo))
    try:
        return int(args.func(args))
    except ProjectFileError as exc:
        print(f"pfdesk：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except PfdeskError as exc:
        print(f"pfdesk：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("pfdesk：已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except OSError as exc:
        print(f"pfdesk：文件操作失败（{plain_oserror(exc)}）。", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # a bug: still one line, the details only with -v
        log.debug("unexpected error", exc_info=True)
        print(f"pfdesk：出现意外错误（{type(exc).__name__}：{exc}），操作未完成。"
              "加 -v 重新运行可看到详细信息。", file=sys.stderr)
        return EXIT_UNUSABLE
