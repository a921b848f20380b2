"""The command line: ``pfdesk`` with no arguments opens the window; subcommands work headless.

Every error is one plain-language line on stderr with a non-zero exit code: 1 for problems
found, 2 for a file that cannot be used or bad input. Never a traceback, never a library's
English message or a file's raw bytes: errors that are not pfdesk's own (OS, SQLite, decoding,
zip, recursion, memory) are worded here, and without ``-v`` library warnings and log lines stay
off stderr. Output sent to a file or a pipe is UTF-8.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import re
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from . import plain
from .errors import PfdeskError

if TYPE_CHECKING:
    from . import selftest

log = logging.getLogger(__name__)

# Modules that add subcommands: each has register(subparsers) setting ``func`` on its parser.
COMMAND_MODULES = (
    "pfdesk.cli_commands",
    "pfdesk.cli_checks",
    "pfdesk.reports.command",
    "pfdesk.cli_backups",
    "pfdesk.cli_merge",
    "pfdesk.cli_history",
    "pfdesk.cli_survey",
    "pfdesk.cli_ahp",
)

EXIT_OK, EXIT_PROBLEMS, EXIT_UNUSABLE = 0, 1, 2


_ARGPARSE_WORDS = (
    (re.compile(r"the following arguments are required: (.+)"), "缺少参数 {0}"),
    (re.compile(r"argument (\S+): invalid choice: '([^']*)'.*"), "{0} 没有“{1}”这个选项"),
    (re.compile(r"unrecognized arguments: (.+)"), "无法识别的参数 {0}"),
    (re.compile(r"argument (\S+): expected one argument"), "{0} 后面缺少取值"),
)


def plain_argparse(message: str) -> str:
    """argparse's English message in plain Chinese."""
    for pattern, words in _ARGPARSE_WORDS:
        match = pattern.fullmatch(message)
        if match:
            return words.format(*match.groups())
    return message


def plain_oserror(exc: OSError) -> str:
    """An OS error as one Chinese line naming the file (never a temporary file's name)."""
    reason = plain.os_reason(exc)
    name = Path(str(exc.filename)).name if exc.filename else ""
    if name.endswith(".tmp") or name.startswith("."):
        name = str(Path(str(exc.filename)).parent)
    return f"{reason}：{name}" if name else reason


def one_line(text: str) -> str:
    """Text as one printable line (see ``plain.one_line``)."""
    return plain.one_line(text)


def _archive_errors() -> tuple[type[BaseException], ...]:
    """The errors of a damaged archive, from the modules that raise them; a module not loaded
    yet has raised nothing (looked up, not imported: the window starts without them)."""
    errors: list[type[BaseException]] = [NotImplementedError]
    zipfile, zlib, struct = (sys.modules.get(name) for name in ("zipfile", "zlib", "struct"))
    if zipfile is not None:
        errors += [zipfile.BadZipFile, zipfile.LargeZipFile]
    if zlib is not None:
        errors.append(zlib.error)
    if struct is not None:
        errors.append(struct.error)
    return tuple(errors)


def plain_error(exc: BaseException) -> str:
    """Any error reaching the command line, worded in plain Chinese (without the 'pfdesk：')."""
    if isinstance(exc, PfdeskError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"文件操作失败（{plain_oserror(exc)}）。"
    if isinstance(exc, sqlite3.Error):
        return f"项目文件无法使用（{plain.sqlite_reason(exc)}），请用 pfdesk check 检查该文件。"
    if isinstance(exc, UnicodeDecodeError):
        return "文件中有无法识别的字符（不是 UTF-8 文本），请确认选择了正确的文件。"
    if isinstance(exc, UnicodeEncodeError):
        return "有些字符无法按当前终端或文件的编码写出，请把输出改为 UTF-8 后重试。"
    if isinstance(exc, _archive_errors()):
        return "文件已损坏，或不是有效的 Office 文件（压缩内容有误），请重新获取该文件。"
    if isinstance(exc, EOFError):
        return "文件不完整或已损坏（内容提前结束），请重新获取该文件。"
    if isinstance(exc, RecursionError):
        return "文件内容嵌套过深，无法处理，不像是正常的文件。"
    if isinstance(exc, MemoryError):
        return "内存不足，操作未完成（文件可能过大或已损坏）。"
    return (f"出现意外错误（{type(exc).__name__}），操作未完成。"
            "加 -v 重新运行可看到详细信息。")


def _say(text: str) -> None:
    """One line on stderr, prefixed with the program's name."""
    print(f"pfdesk：{one_line(text)}", file=sys.stderr)


def _tolerant(stream: TextIO) -> None:
    """UTF-8 when output goes to a file or a pipe; a terminal shows '?' for what it cannot."""
    if not isinstance(stream, io.TextIOWrapper):
        return
    try:
        if not stream.isatty():
            if (stream.encoding or "").lower().replace("-", "").replace("_", "") != "utf8":
                stream.reconfigure(encoding="utf-8")
        elif stream.errors == "strict":
            stream.reconfigure(errors="replace")
    except (OSError, ValueError):
        log.debug("could not reconfigure %r", stream, exc_info=True)


def _quiet_logging(verbose: bool) -> None:
    """Debug log on stderr with -v; otherwise no log lines or library warnings there."""
    if verbose:
        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
        return
    logging.basicConfig(level=logging.WARNING, handlers=[logging.NullHandler()])
    logging.captureWarnings(True)


def _window_logging(verbose: bool) -> None:
    """The window's log on stderr: warnings, and with -v the debug lines too (the same with
    or without a project file to open)."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


_HEADINGS = {"positional arguments": "参数", "options": "选项", "optional arguments": "选项"}


class _Formatter(argparse.HelpFormatter):
    """argparse's help with its own words in Chinese (the usage line and section headings)."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(_HEADINGS.get(heading or "", heading))

    def add_usage(self, usage: str | None, actions: Iterable[argparse.Action],
                  groups: Iterable[argparse._MutuallyExclusiveGroup],
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """A parser whose help and usage errors are in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示本帮助并退出")

    def format_usage(self) -> str:
        """The usage line as argparse's intermixed parsing expects it: it cuts off the first
        seven characters, the length of its own "usage: " (the help shows 用法：)."""
        return "usage: " + super().format_usage().removeprefix("用法：")

    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"pfdesk：命令参数有误（{plain_argparse(message)}）。运行 pfdesk --help 查看用法。",
              file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand."""
    parser = _Parser(prog="pfdesk", description="财政支出绩效评价工作台。不带参数时打开窗口；"
                     "pfdesk 项目文件.pfdesk 在窗口中打开该项目（以前的 .sqlite 项目文件也能打开）。")
    parser.add_argument("--demo", action="store_true", help="打开演示项目")
    parser.add_argument("--selftest", action="store_true",
                        help="自检：在临时文件夹中建立演示项目，在界面中打开、评分、导出各种报告和图表，"
                             "检查模板和字体；全部通过时退出码为 0")
    parser.add_argument("--on-screen", action="store_true",
                        help="与 --selftest 一起用：在屏幕上显示自检的窗口（默认不显示）")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="命令",
                                       help="以下之一；pfdesk 命令 --help 查看该命令的用法")
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
# The window's part of --selftest (``ui.selftest.window_checks``), passed in like the opener.
WindowSelftest = Callable[["selftest.Expected"], Iterator["selftest.Check"]]


def _no_window(file: str | None, demo: bool) -> int:
    print("pfdesk：这个入口没有窗口界面，请用 pfdesk 命令启动；子命令见 pfdesk --help。",
          file=sys.stderr)
    return EXIT_UNUSABLE


def main(argv: Sequence[str] | None = None, open_window: WindowOpener | None = None,
         window_selftest: WindowSelftest | None = None) -> int:
    """Run the command line; with no subcommand, call ``open_window(file, demo)``;
    ``--selftest`` runs ``pfdesk.selftest`` with ``window_selftest`` as the window's part.

    The core knows nothing of the window: ``ui.launch`` passes the opener and the window's
    self-test in.
    """
    for stream in (sys.stdout, sys.stderr):
        _tolerant(stream)
    try:
        return _run(list(sys.argv[1:] if argv is None else argv), open_window or _no_window,
                    window_selftest)
    except KeyboardInterrupt:
        _say("已中断。")
        return 130
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early: not an error of ours.
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:  # worded in one line; the details only with -v
        log.debug("command failed", exc_info=True)
        _say(plain_error(exc))
        return EXIT_UNUSABLE


_WINDOW_FLAGS = frozenset({"-v", "--verbose", "--demo"})


def _window_request(argv: list[str]) -> tuple[str | None, bool] | None:
    """(file, demo) when the arguments only ask for the window, else None.

    Answered without building the parser, which imports every subcommand's module (python-docx
    and openpyxl among them): the window starts without them. A file is told from a subcommand
    by a dot or a folder in its name (no subcommand has either); anything else goes to argparse.
    """
    words = [a for a in argv if a not in _WINDOW_FLAGS]
    if any(a.startswith("-") for a in words) or len(words) > 1:
        return None
    if not words:
        return None, "--demo" in argv
    word = words[0]
    if "--demo" in argv or not ("." in Path(word).name or "/" in word or "\\" in word):
        return None
    return word, False


def _run(argv: list[str], opener: WindowOpener,
         window_selftest: WindowSelftest | None = None) -> int:
    window = _window_request(argv)
    if window is not None:
        file, demo = window
        _window_logging(bool(_WINDOW_FLAGS.intersection(argv) - {"--demo"}))
        return opener(file, demo)
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
        _window_logging(args.verbose)
        return opener(args.file, False)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:   # usage errors (already worded) and --help
        return int(exc.code or 0)
    if args.selftest and not getattr(args, "command", None):
        _quiet_logging(args.verbose)
        from . import selftest as selftest_module

        return selftest_module.main(window=window_selftest, on_screen=args.on_screen)
    if not getattr(args, "command", None):
        _window_logging(args.verbose)
        return opener(None, bool(args.demo))
    _quiet_logging(args.verbose)
    return int(args.func(args))
