"""The history subcommands: history, undo, redo, sign (and the registration of ``set``).

``pfdesk history`` lists the change log, newest first (the file is opened read-only, so it works
while someone else edits it); ``undo`` and ``redo`` walk the same history as the window; ``sign``
records 编制 / 复核 sign-off as one edit. Every refusal is one line with exit 2 (through
``cli.main``) and leaves the file as it was.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from . import changelog, identity, review
from .change_text import change_lines
from .cli_edit import (
    CommandInputError,
    cmd_set,
    find_indicator,
    indicators_coded,
    nfkc,
    open_for_edit,
    user_option,
)
from .edits import Change
from .errors import EditError
from .model import Indicator
from .numbers import shown
from .plain import one_line
from .project import Project

EXIT_OK = 0
_MAX_LINES = 12             # change lines shown under an entry (--json lists them all)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``set``, ``history``, ``undo``, ``redo`` and ``sign`` to the ``pfdesk`` parser."""
    p = sub.add_parser("set", help="设置得分、不适用或添加扣分（一次命令记为一次修改）")
    p.add_argument("project", type=Path)
    p.add_argument("assignments", nargs="*", metavar="编码=得分",
                   help="如 A11=4.5；写“不适用”（或 na）、“适用”、“清空”代替得分")
    p.add_argument("--deduct", action="append", default=[], metavar="编码=扣分:理由",
                   help="给末级指标添加一项扣分，如 B15=1.5:自评报告不完整（可重复）")
    user_option(p)
    p.set_defaults(func=cmd_set)
    _intermixed(p)

    p = sub.add_parser("history", help="列出项目的修改记录（最新在前）")
    p.add_argument("project", type=Path)
    p.add_argument("--code", default=None, help="只看涉及这个指标（含其扣分）的修改")
    p.add_argument("--user", default=None, help="只看这个人的修改")
    p.add_argument("--limit", default=None, metavar="N", help="最多列出 N 条")
    p.add_argument("--json", action="store_true", help="以 JSON 输出（稳定接口）")
    p.set_defaults(func=cmd_history)

    for name, words in (("undo", "撤销最近一次修改"), ("redo", "重做最近一次撤销的修改")):
        p = sub.add_parser(name, help=words)
        p.add_argument("project", type=Path)
        user_option(p)
        p.set_defaults(func=cmd_undo if name == "undo" else cmd_redo)

    p = sub.add_parser("sign", help="编制签字、复核签字或撤销签字（上级指标代表其下全部末级指标）")
    p.add_argument("project", type=Path)
    p.add_argument("codes", nargs="+", metavar="编码")
    for flag, what in (("prepare", "编制签字"), ("review", "复核签字"), ("withdraw", "撤销签字")):
        p.add_argument(f"--{flag}", dest="actions", action="append_const", const=flag, help=what)
    user_option(p)
    p.set_defaults(func=cmd_sign, actions=None)
    _intermixed(p)


class _IntermixedMixin(argparse.ArgumentParser):
    """Options may come before, between or after the positional arguments."""

    _mixing = False

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        if self._mixing:      # parse_known_intermixed_args calls back in here
            return super().parse_known_args(args, namespace)
        self._mixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._mixing = False


def _intermixed(p: argparse.ArgumentParser) -> None:
    """``pfdesk set 文件 --user 张三 A11=4`` as well as ``… A11=4 --user 张三``."""
    p.__class__ = type(f"Intermixed{type(p).__name__}", (_IntermixedMixin, type(p)), {})


# ----- pfdesk undo / redo / sign -----

def _refused(exc: EditError) -> CommandInputError:
    text = str(exc)
    return CommandInputError(text if "保持原样" in text else f"{text}；没有保存任何修改")


def _done(change: Change, words: str) -> int:
    if change.entry is None:
        print("没有变化，没有记录修改。")
    else:
        print(f"{words}（记录者 {change.entry.user}）")
    return EXIT_OK


def _step(args: argparse.Namespace, forward: bool) -> int:
    with open_for_edit(args.project, args.user) as project:
        try:
            change = project.redo() if forward else project.undo()
        except EditError as exc:
            raise _refused(exc) from exc
    return _done(change, f"已{one_line(change.entry.summary)}" if change.entry else "")


def cmd_undo(args: argparse.Namespace) -> int:
    """pfdesk undo PROJECT: revert the latest edit in the file's history."""
    return _step(args, forward=False)


def cmd_redo(args: argparse.Namespace) -> int:
    """pfdesk redo PROJECT: restore the latest undone edit."""
    return _step(args, forward=True)


def _leaves(project: Project, ind: Indicator) -> list[Indicator]:
    kids = [i for i in project.walk(ind.id) if not project.children(i.id)]
    return kids or [ind]


def cmd_sign(args: argparse.Namespace) -> int:
    """pfdesk sign PROJECT CODE … --prepare|--review|--withdraw: sign-off as one edit."""
    actions = sorted(set(args.actions or ()))
    if len(actions) != 1:
        raise CommandInputError("请只选一种签字方式：--prepare（编制签字）、--review（复核签字）"
                                "或 --withdraw（撤销签字）")
    with open_for_edit(args.project, args.user) as project:
        ids: list[str] = []
        for code in args.codes:
            for leaf in _leaves(project, find_indicator(project, code)):
                if leaf.id not in ids:
                    ids.append(leaf.id)
        try:
            if actions[0] == "withdraw":
                edit = review.withdraw(project, ids)
            else:
                make = review.prepare if actions[0] == "prepare" else review.review
                edit = make(project, ids, identity.now_ms())
            change = project.apply(edit)
        except EditError as exc:
            raise _refused(exc) from exc
    return _done(change, f"已保存：{change.label}")


# ----- pfdesk history -----

def _limit(text: str | None) -> int | None:
    if text is None:
        return None
    value = nfkc(text)
    if not value.isdigit() or int(value) < 1:
        raise CommandInputError(f"--limit 应是正整数（输入的是 {shown(text)}），例如 --limit 20")
    return int(value)


def history_json(items: list[changelog.HistoryItem]) -> list[dict[str, Any]]:
    """The documented JSON of ``pfdesk history --json``."""
    return [{"id": item.entry.id, "time": item.entry.time, "user": item.entry.user,
             "device": item.entry.device, "summary": item.entry.summary,
             "kind": item.entry.kind, "label": item.entry.label, "damaged": item.damaged,
             "changes": [{"code": c["code"], "field": c["field"], "before": c["before"],
                          "after": c["after"], "table": c["table"], "op": c["op"],
                          "row": c["row"]} for c in item.changes]}
            for item in items]


def history_text(items: list[changelog.HistoryItem], codes: dict[str, str]) -> list[str]:
    """One line per entry (time, user, device, summary), then one indented line per change."""
    lines = []
    for item in items:
        e = item.entry
        when = identity.local_time(e.time) or "时间不明"
        head = "  ".join(one_line(p) or "—" for p in (when, e.user, e.device, e.summary))
        if item.damaged:
            head += "  [记录已损坏：明细无法读取，这条修改不能撤销]"
        lines.append(head)
        shown_lines = change_lines(item.changes, codes)
        lines.extend(f"    {line}" for line in shown_lines[:_MAX_LINES])
        if len(shown_lines) > _MAX_LINES:
            lines.append(f"    ……另有 {len(shown_lines) - _MAX_LINES} 行（用 --json 查看全部）")
    return lines


def _code_known(project: Project, code: str) -> bool:
    row = project.conn.execute("SELECT 1 FROM change_row WHERE code = ? LIMIT 1", (code,))
    return bool(indicators_coded(project, code)) or row.fetchone() is not None


def cmd_history(args: argparse.Namespace) -> int:
    """pfdesk history PROJECT [--code CODE] [--user NAME] [--limit N] [--json]."""
    limit = _limit(args.limit)
    with Project.open(args.project, readonly=True, lock=False, backup=False) as project:
        code = (args.code or "").strip() or None
        if code is not None and not _code_known(project, code):
            if nfkc(code) != code and _code_known(project, nfkc(code)):
                code = nfkc(code)
            else:
                raise CommandInputError(f"找不到编码为 {shown(code)} 的指标，也没有它的修改记录")
        ids = [i.id for i in indicators_coded(project, code)] if code else []
        items = changelog.history(project.conn, indicator_ids=ids, code=code,
                                  user=args.user or None, limit=limit)
        codes = {i.id: i.code for i in project.indicators().values()}
    if args.json:
        json.dump(history_json(items), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return EXIT_OK
    if not items:
        print("没有符合条件的修改记录。" if code or args.user else "还没有修改记录。")
        return EXIT_OK
    print("\n".join(history_text(items, codes)))
    return EXIT_OK
