"""The scores of the leaves scored by a rule (method 'rule'), for the scoring engine.

Each such leaf's stored rule (``Indicator.rule``) is read (checked: the file may come from
anyone) and evaluated on the project's inputs (``rules.Inputs.of``: funding figures, targets,
stored surveys). The outcome is a score rounded at the leaf with its report sentence, or the
reason the leaf stays unscored (a missing input named, or a rule that cannot be read).
``pfdesk.rules`` is loaded only when a project has such a leaf (start-up stays light).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from .model import Indicator
from .numbers import Numbers

if TYPE_CHECKING:
    from .project import Project
    from .rules import Inputs, Outcome

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
    return evaluate(rule, ind.weight or Decimal(0), inputs, fmt)


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
