"""The scores of the leaves scored by a rule (method 'rule'), for the scoring engine.

Each such leaf's stored rule (``Indicator.rule``) is read (checked: the file may come from
anyone) and evaluated on the project's inputs (``rules.Inputs.of``: funding figures, targets,
stored surveys). The outcome is a score rounded at the leaf with its report sentence, or the
reason the leaf stays unscored (a missing input named, or a rule that cannot be read).
``pfdesk.rules`` is loaded only when a project has such a leaf (start-up stays light).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import TYPE_CHECKING

from .model import Indicator
from .numbers import Numbers

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .project import Project
    from .rules import Inputs, Outcome
    from .scoring import NodeScore

PLAIN = Numbers()


def outcome(ind: Indicator, inputs: Inputs, fmt: Numbers = PLAIN) -> Outcome:
    """The leaf's outcome by its rule (a problem when it has none or it cannot be read)."""
    from .rules import Outcome, RuleError, evaluate, from_json

    if not ind.rule:
        return Outcome(None, problem="按规则计分，但尚未设置评分规则")
    try:
        rule = from_json(ind.rule)
    except RuleError as exc:
        return Outcome(None, problem=f"评分规则无法读取（{exc}），请重新设置评分规则")
    try:
        return evaluate(rule, ind.weight or Decimal(0), inputs, fmt)
    except ArithmeticError:   # numbers beyond what a score can be worked out from
        log.warning("rule of %s could not be worked out", ind.code, exc_info=True)
        return Outcome(None, problem="评分规则或它读取的数值过大，无法计算得分：请检查评分规则、"
                                     "绩效目标或填写的数值")


def ruled(project: Project) -> list[Indicator]:
    """The leaves scored by a rule."""
    return [i for i in project.indicators().values()
            if i.method == "rule" and not project.children(i.id)]


def inputs_of(project: Project) -> Inputs:
    """The project's inputs for rules (funding, targets, stored surveys)."""
    from .rules import Inputs

    return Inputs.of(project)


def outcomes(project: Project, fmt: Numbers | None = None) -> dict[str, Outcome]:
    """Every rule leaf's outcome by indicator id (the inputs read once)."""
    leaves = ruled(project)
    if not leaves:
        return {}
    inputs = inputs_of(project)
    fmt = fmt or Numbers.of(project.info)
    return {ind.id: outcome(ind, inputs, fmt) for ind in leaves}


def paragraph(project: Project, ind: Indicator, node: NodeScore, text: str,
              fmt: Numbers = PLAIN) -> str:
    """A rule leaf's report paragraph: the rule's sentence ("预算执行率为98.50%，按评分标准得
    4.93分。") in place of the closing sentence that would only repeat the score; ``text``
    unchanged when the leaf is unscored or the analysis states its score in its own words."""
    from .wording import closing

    if ind.method != "rule":
        return text
    result = outcome(ind, inputs_of(project), fmt)
    end = closing(node, fmt)
    if result.score is None or result.score != node.score or not end or not text.endswith(end):
        return text
    return f"{text[:-len(end)]}{result.explanation}。"
