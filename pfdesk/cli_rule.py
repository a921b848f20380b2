"""``pfdesk rule``: score a leaf by one of the usual rules, or back by hand.

    pfdesk rule PROJECT.pfdesk CODE --usual 预算执行率|资金到位率|目标完成率|满意度|满意度分档
                [--target 目标名称] [--survey 调查名称] [--user 姓名]
    pfdesk rule PROJECT.pfdesk CODE --clear

The rules are those of ``rules.usual``: 预算执行率 / 资金到位率 × points (capped), a target's
completion rate × points (``--target`` names the target by its 三级指标), 满意度 in proportion
to a 满意率 of 90% or in bands (``--survey`` names a survey kept in the project; default the
project's only survey). One recorded edit; the leaf's new score is printed, or why it has none
yet (the missing input named). ``--clear`` returns the leaf to a typed score.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .numbers import plain

EXIT_OK = 0
USUAL = ("预算执行率", "资金到位率", "目标完成率", "满意度", "满意度分档")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add ``rule``."""
    p = sub.add_parser("rule", help="评分规则：让指标按预算执行率、资金到位率、目标完成率或满意度自动计分")
    p.add_argument("project", type=Path, help="项目文件")
    p.add_argument("code", help="指标编码（末级指标）")
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--usual", choices=USUAL, help="常用评分规则")
    group.add_argument("--clear", action="store_true", help="取消评分规则，改回直接评分")
    p.add_argument("--target", default="", help="目标完成率所用的绩效目标（三级指标名称）")
    p.add_argument("--survey", default="", help="满意度所用的调查名称（默认项目中唯一的调查）")
    p.add_argument("--user", default="", help="记录的修改人（默认取 PFDESK_USER 或系统账户名）")
    p.set_defaults(func=cmd_rule)


def _rule(project: Any, args: argparse.Namespace) -> Any:
    from .cli_edit import CommandInputError
    from .rules import usual

    if args.usual == "预算执行率":
        return usual.execution_rate()
    if args.usual == "资金到位率":
        return usual.arrival_rate()
    if args.usual == "目标完成率":
        found = [t for t in project.targets() if t.level3 == args.target]
        if len(found) != 1:
            names = "、".join(t.level3 for t in project.targets() if t.level3) or "无"
            raise CommandInputError(f"请用 --target 给出一个绩效目标的三级指标名称（现有：{names}）；"
                                    "没有保存任何修改")
        return usual.target_completion(found[0].id)
    if args.usual == "满意度":
        return usual.satisfaction(args.survey)
    return usual.satisfaction_bands(args.survey)


def cmd_rule(args: argparse.Namespace) -> int:
    """pfdesk rule PROJECT CODE --usual NAME | --clear: one recorded edit."""
    from . import commands
    from .cli_edit import find_indicator, open_for_edit
    from .scoring import score_project

    with open_for_edit(args.project, args.user) as project:
        ind = find_indicator(project, args.code)
        rule = None if args.clear else _rule(project, args)
        change = project.apply(commands.set_rule(project, ind.id, rule))
        result = score_project(project)
        node = result.by_id[ind.id]
        why = [p.message for p in result.problems if p.indicator_id == ind.id]
    print(f"已保存：{change.label}")
    if node.score is not None:
        print(f"{ind.code} 得分 {plain(node.score)}（满分 {plain(node.weight)}）")
    for message in why:
        print(message)
    return EXIT_OK
