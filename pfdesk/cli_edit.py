"""Editing from the command line: ``pfdesk set`` and what the writing subcommands share.

``pfdesk set`` stores scores, 不适用 and deductions as one recorded edit, checked the way the
window checks them; if any part is refused, nothing is stored. ``open_for_edit`` and
``find_indicator`` turn a locked or read-only file and an unknown code into one line of Chinese
(``cli_history`` registers the subcommands).
"""

from __future__ import annotations

import argparse
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import commands
from .edits import Edit, Op
from .errors import EditError, PfdeskError
from .filelock import ProjectLockedError
from .model import Indicator
from .numbers import plain, shown, to_decimal
from .plain import one_line
from .project import Project
from .scoring import ScoreResult, score_project

EXIT_OK = 0
_NA_WORDS = ("不适用", "na")
_APPLICABLE_WORDS = ("适用",)
_CLEAR_WORDS = ("清空",)


class CommandInputError(PfdeskError):
    """What was typed on the command line cannot be carried out; nothing was stored."""


def user_option(p: argparse.ArgumentParser) -> None:
    """The ``--user NAME`` option of the writing subcommands."""
    p.add_argument("--user", default="", help="记录的修改人（默认取 PFDESK_USER 或系统账户名）")


# ----- opening -----

def open_for_edit(path: Path, user: str) -> Project:
    """The project opened for editing, or one line saying why it cannot be edited."""
    try:
        project = Project.open(path, user=user)
    except ProjectLockedError as exc:
        if exc.here or exc.holder is None:
            raise
        raise CommandInputError(f"{path.name} 正由 {exc.holder.describe()}打开编辑，这次修改没有保存；"
                                "请对方关闭后再运行（查看记录可用 pfdesk history）") from exc
    if project.readonly:
        why = project.readonly_reason or "只能以只读方式打开"
        project.close()
        raise CommandInputError(f"无法修改 {path.name}：{why}，这次修改没有保存；"
                                "请检查文件和文件夹的写入权限，或复制到可写的位置再运行")
    return project


def indicators_coded(project: Project, code: str) -> list[Indicator]:
    """Every current indicator with exactly this code."""
    return [i for i in project.indicators().values() if i.code == code]


def find_indicator(project: Project, code: str) -> Indicator:
    """The one indicator with this code (full-width letters and digits accepted)."""
    found = indicators_coded(project, code) or indicators_coded(project, nfkc(code))
    if not found:
        raise CommandInputError(f"找不到编码为 {shown(code)} 的指标，没有保存任何修改；"
                                "运行 pfdesk score 查看全部编码")
    if len(found) > 1:
        raise CommandInputError(f"编码 {shown(code)} 对应 {len(found)} 个指标，无法确定是哪一个；"
                                "请先在窗口中改正重复的编码")
    return found[0]


def nfkc(text: str) -> str:
    """Full-width letters, digits and signs as ordinary ones (``３．５`` → ``3.5``), trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


# ----- pfdesk set -----

@dataclass
class _Assignment:
    code: str
    kind: str             # score / clear / na / applicable / deduct
    value: str = ""
    reason: str = ""


def _split(arg: str, example: str) -> tuple[str, str]:
    at = min((i for i in (arg.find("="), arg.find("＝")) if i >= 0), default=-1)
    if at <= 0:
        raise CommandInputError(f"“{shown(arg)}”的写法不对，应写成 {example}；没有保存任何修改")
    return arg[:at].strip(), arg[at + 1:].strip()


def parse_assignment(arg: str) -> _Assignment:
    """``CODE=VALUE``: a score, 不适用 / na, 适用 or 清空."""
    code, raw = _split(arg, "编码=得分，例如 A11=4.5")
    value = nfkc(raw)
    if value.lower() in _NA_WORDS:
        return _Assignment(code, "na")
    if value in _APPLICABLE_WORDS:
        return _Assignment(code, "applicable")
    if value in _CLEAR_WORDS:
        return _Assignment(code, "clear")
    if not value:
        raise CommandInputError(f"{shown(code)}= 后面缺少得分（要清空得分请写 {shown(code)}=清空）；"
                                "没有保存任何修改")
    return _Assignment(code, "score", value.removesuffix("分").strip())


def parse_deduction(arg: str) -> _Assignment:
    """``CODE=POINTS:REASON`` (the reason is kept exactly as typed)."""
    example = "编码=扣分:理由，例如 B15=1.5:自评报告不完整"
    code, rest = _split(arg, example)
    at = min((i for i in (rest.find(":"), rest.find("：")) if i >= 0), default=-1)
    reason = rest[at + 1:].strip() if at >= 0 else ""
    if not reason:
        raise CommandInputError(f"“{shown(arg)}”缺少扣分理由，应写成 {example}；没有保存任何修改")
    return _Assignment(code, "deduct", nfkc(rest[:at]).removesuffix("分").strip(), reason)


def _ops(project: Project, a: _Assignment, ind: Indicator) -> list[Op]:
    """The operations of one assignment, checked the way the window checks them."""
    if a.kind in ("na", "applicable"):
        return commands.set_indicator(project, ind.id, not_applicable=a.kind == "na").ops
    if a.kind == "deduct":
        return commands.add_deduction(project, ind.id, a.value, a.reason).ops
    if project.children(ind.id):
        raise EditError(f"{ind.code} 有下级指标，得分由下级指标合计，不能直接填写；请给它的下级指标评分")
    if ind.method == "deduction" or project.deductions(ind.id):
        raise EditError(f"{ind.code} 的得分由扣分计算，不能直接填写；请改它的扣分"
                        f"（用 --deduct {ind.code}=扣分:理由 添加，或在窗口中修改）")
    if ind.not_applicable:
        raise EditError(f"{ind.code} 已标记为不适用，不能填写得分；要评分请先运行 pfdesk set 文件 "
                        f"{ind.code}=适用")
    return commands.set_score(project, ind.id, "" if a.kind == "clear" else a.value).ops


def _codes_text(codes: list[str]) -> str:
    text = "、".join(codes[:3])
    return text + (f" 等 {len(codes)} 个指标" if len(codes) > 3 else "")


def _label(items: list[tuple[_Assignment, Indicator]]) -> str:
    parts = []
    for kinds, what in ((("score", "clear"), "得分"), (("na", "applicable"), "适用情况"),
                        (("deduct",), "扣分")):
        codes = [ind.code for a, ind in items if a.kind in kinds]
        if codes:
            parts.append(f"{_codes_text(codes)} 的{what}")
    return "命令行设置 " + "，".join(parts)


def _score_text(score: Decimal | None) -> str:
    return "未评" if score is None else plain(score)


def _outcome(a: _Assignment, before: Indicator, after: Indicator,
             scores: tuple[ScoreResult, ScoreResult]) -> tuple[bool, str]:
    """(changed, words) for one assignment, from the indicator and the engine's scores before
    and after (a leaf scored by deductions stores no score)."""
    if a.kind in ("na", "applicable"):
        na = a.kind == "na"
        if before.not_applicable == after.not_applicable:
            return False, f"{after.code} 已是{'不适用' if na else '适用'}"
        return True, f"{after.code} 标记为{'不适用' if na else '适用'}"
    old, new = (result.by_id[after.id].score for result in scores)
    words = f"得分 {_score_text(old)} → {_score_text(new)}"
    if a.kind == "deduct":
        points = plain(to_decimal(a.value) or Decimal(0))
        return True, f"{after.code} 扣 {points} 分（{one_line(a.reason)}），{words}"
    if before.score == after.score:
        return False, f"{after.code} 得分未变（{_score_text(new)}）"
    return True, f"{after.code} {words}"


def cmd_set(args: argparse.Namespace) -> int:
    """pfdesk set PROJECT CODE=VALUE … [--deduct CODE=POINTS:REASON …]: one recorded edit."""
    wanted = [parse_assignment(a) for a in args.assignments]
    wanted += [parse_deduction(d) for d in args.deduct]
    if not wanted:
        raise CommandInputError("没有给出要设置的内容，例如 pfdesk set 项目文件 A11=4.5")
    with open_for_edit(args.project, args.user) as project:
        items: list[tuple[_Assignment, Indicator]] = []
        for a in wanted:
            ind = find_indicator(project, a.code)
            if any(ind.id == other.id for _, other in items):
                raise CommandInputError(f"{ind.code} 在这条命令中出现了不止一次，没有保存任何修改；"
                                        "每个指标只写一次（多项扣分请分几次运行）")
            items.append((a, ind))
        ops: list[Op] = []
        for a, ind in items:
            try:
                ops += _ops(project, a, ind)
            except EditError as exc:
                text = str(exc)
                if ind.code not in text:
                    text = f"{ind.code} 的{text}" if text[:2] in ("得分", "扣分") else \
                        f"{ind.code}：{text}"
                raise CommandInputError(f"{text}；没有保存任何修改") from exc
        earlier = score_project(project)
        change = project.apply(Edit(_label(items), ops))
        scores = (earlier, score_project(project))
        outcomes = [_outcome(a, ind, project.indicator(ind.id), scores) for a, ind in items]
    changed = [words for done, words in outcomes if done]
    same = [words for done, words in outcomes if not done]
    if change.entry is None:
        print(f"没有变化：{'；'.join(same)}，没有记录修改。")
        return EXIT_OK
    tail = f"；{'；'.join(same)}" if same else ""
    print(f"已保存：{'；'.join(changed)}{tail}（记录者 {change.entry.user}）")
    return EXIT_OK
