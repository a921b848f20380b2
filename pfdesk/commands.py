"""The user's actions as edits: each function checks its input and returns one ``Edit``.

Nothing here writes; ``Project.apply`` does, in one transaction, and the returned ``Change``
undoes itself. Compound actions (removing a branch, adding a deduction that also sets the
score) are one edit, so one undo step.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import evidence, order
from .edits import Delete, Edit, Insert, Op, Update
from .errors import EditError
from .model import (
    NARRATIVE_KEYS,
    STATUSES,
    Deduction,
    EvaluatorScore,
    Finding,
    FindingIndicator,
    Indicator,
    Narrative,
    Row,
)
from .numbers import STYLES, plain, to_decimal
from .project import Project
from .reports import outline
from .reports.outline import Outline
from .text import clean
from .tree import IndicatorSpec, insert_ops

if TYPE_CHECKING:
    from .ahp import Comparison
    from .rules import Rule
    from .survey import Summary


def _clean_values(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: clean(v) if isinstance(v, str) else v for k, v in changes.items()}


def two_decimals(value: object, what: str) -> Decimal | None:
    """A typed amount or score: a number with two decimals at most (None when empty);
    EditError naming ``what`` otherwise."""
    try:
        number = to_decimal(value)
    except ValueError as exc:
        raise EditError(f"{what}：{exc}") from exc
    if number is not None and number.as_tuple().exponent < -2:  # type: ignore[operator]
        raise EditError(f"{what}最多保留两位小数（输入的是 {value}）")
    return number


def set_fields(project: Project, table: str, row_id: str, label: str, **changes: Any) -> Edit:
    """Change columns of any row (text cleaned)."""
    if project.find(table, row_id) is None:
        raise EditError("要修改的内容已不存在")
    return Edit(label, [Update(table, row_id, _clean_values(changes))])


def set_info(project: Project, **changes: Any) -> Edit:
    """Change project information fields (cover, basic information, goals, funding totals)."""
    for key in ("budget", "adjusted_budget", "received", "spent"):
        if key in changes:
            value = two_decimals(changes[key], "金额")
            if value is not None and value < 0:
                raise EditError("金额不能为负数")
            changes[key] = value
    return set_fields(project, "project", project.info.id, "修改项目信息", **changes)


def set_number_style(project: Project, style: str) -> Edit:
    """How scores and weights are written in the window and every layout (88.5 or 88.50)."""
    if style not in STYLES:
        raise EditError("得分显示方式只能是“去掉末尾的 0”或“保留两位小数”")
    return set_fields(project, "project", project.info.id, "修改得分显示方式", number_style=style)


def set_outline(project: Project, layout: str, chosen: Outline | None) -> Edit:
    """Keep ``chosen`` as the project's outline for ``layout`` (None: back to the default)."""
    if layout not in outline.LAYOUTS:
        raise EditError(f"没有名为 {layout} 的报告格式")
    if chosen is not None:
        if chosen.layout != layout:
            raise EditError("提纲与报告格式不符")
        try:
            outline.check(chosen)
        except outline.OutlineError as exc:
            raise EditError(str(exc)) from exc
    kept = dict(outline.stored(project.info.outline))
    if chosen is None:
        kept.pop(layout, None)
        label = "恢复默认报告提纲"
    else:
        kept[layout] = chosen
        label = f"修改报告提纲（{chosen.name}）"
    return set_fields(project, "project", project.info.id, label,
                      outline=outline.stored_text(kept))


def set_narrative(project: Project, key: str, text: str) -> Edit:
    """Write a narrative section of the report."""
    if key not in NARRATIVE_KEYS:
        raise EditError(f"没有名为 {key} 的报告章节")
    row = project.narrative_row(key)
    label = f"修改“{NARRATIVE_KEYS[key]}”"
    if row is None:
        return Edit(label, [Insert(Narrative(key=key, text=clean(text)))])
    return Edit(label, [Update("narrative", row.id, {"text": clean(text)})])


# ----- scores and deductions -----

def leaf(project: Project, ind_id: str, who: str = "") -> Indicator:
    """The leaf to score; EditError when it is gone or has children (scored by ``who``:
    '' for a typed score, '由专家' for an expert's)."""
    ind = project.indicators().get(ind_id)
    if ind is None:
        raise EditError("该指标已不存在")
    if project.children(ind_id):
        raise EditError(f"{ind.code}{ind.name} 有下级指标，得分由下级指标合计，不能{who}直接填写")
    return ind


def set_score(project: Project, ind_id: str, value: object) -> Edit:
    """Set a leaf's score by hand (0 … weight, two decimals); empty clears it."""
    ind = leaf(project, ind_id)
    score = two_decimals(value, "得分")
    weight = ind.weight or Decimal(0)
    if score is not None and not (0 <= score <= weight):
        raise EditError(f"{ind.code}{ind.name} 的得分应在 0～{plain(weight)} 分之间")
    status = ind.status
    if score is None:
        status = "未评"
    elif status == "未评":
        status = "已评"
    label = f"{ind.code} 得分" + ("清空" if score is None else f"改为 {plain(score)}")
    if ind.method == "rule":   # a score typed over a rule's: said, so the user sees the switch
        label = f"{ind.code} 改为直接评分（不再按规则计分），得分" + (
            "清空" if score is None else f" {plain(score)}")
    return Edit(label, [Update("indicator", ind_id,
                               {"score": score, "method": "manual", "status": status})])


def _deduction_score_op(ind: Indicator) -> Op:
    """The leaf is scored by its deductions: the engine computes the score, none is stored."""
    status = "已评" if ind.status == "未评" else ind.status
    return Update("indicator", ind.id, {"method": "deduction", "score": None, "status": status})


def add_deduction(project: Project, ind_id: str, points: object, reason: str,
                  evidence: str = "") -> Edit:
    """Take points off a leaf; the leaf is then scored by its deductions."""
    ind = leaf(project, ind_id)
    value = two_decimals(points, "扣分")
    if value is None or value <= 0:
        raise EditError("扣分应为大于 0 的数")
    existing = project.deductions(ind_id)
    row = Deduction(indicator_id=ind_id, points=value, reason=clean(reason),
                    evidence=clean(evidence),
                    sort_key=order.after([d.sort_key for d in existing]))
    return Edit(f"{ind.code} 扣 {plain(value)} 分", [Insert(row), _deduction_score_op(ind)])


def update_deduction(project: Project, ded_id: str, points: object | None = None,
                     reason: str | None = None, evidence: str | None = None) -> Edit:
    """Change a deduction's points, reason or evidence (the score follows)."""
    ded = project.find("deduction", ded_id)
    if not isinstance(ded, Deduction):
        raise EditError("该扣分项已不存在")
    ind = leaf(project, ded.indicator_id)
    changes: dict[str, Any] = {}
    if points is not None:
        value = two_decimals(points, "扣分")
        if value is None or value <= 0:
            raise EditError("扣分应为大于 0 的数")
        changes["points"] = value
    if reason is not None:
        changes["reason"] = clean(reason)
    if evidence is not None:
        changes["evidence"] = clean(evidence)
    return Edit(f"修改 {ind.code} 的扣分", [Update("deduction", ded_id, changes),
                                            _deduction_score_op(ind)])


def remove_deduction(project: Project, ded_id: str) -> Edit:
    """Remove a deduction (the score follows)."""
    ded = project.find("deduction", ded_id)
    if not isinstance(ded, Deduction):
        raise EditError("该扣分项已不存在")
    ind = leaf(project, ded.indicator_id)
    return Edit(f"删除 {ind.code} 的一项扣分",
                [*evidence.ops_removing_deduction(project, ded_id), Delete("deduction", ded_id),
                 _deduction_score_op(ind)])


def set_status(project: Project, ind_id: str, status: str) -> Edit:
    """Mark an indicator 未评 / 已评 (sign-off has columns of its own)."""
    if status not in STATUSES:
        raise EditError(f"状态只能是 {'、'.join(STATUSES)}")
    ind = project.indicator(ind_id)
    return Edit(f"{ind.code} 标记为{status}", [Update("indicator", ind_id, {"status": status})])


# ----- the indicator system -----

def set_indicator(project: Project, ind_id: str, **changes: Any) -> Edit:
    """Rename, re-code, re-weight or edit the texts of an indicator."""
    ind = project.indicators().get(ind_id)
    if ind is None:
        raise EditError("该指标已不存在")
    if "weight" in changes:
        weight = two_decimals(changes["weight"], "分值")
        if weight is None or weight < 0:
            raise EditError("分值应为不小于 0 的数")
        changes["weight"] = weight
        if ind.score is not None and ind.method == "manual" and ind.score > weight:
            raise EditError(f"{ind.code} 已得 {plain(ind.score)} 分，分值不能小于得分")
        given = [s.score for s in project.rows(EvaluatorScore)
                 if s.indicator_id == ind_id and s.score is not None]
        if given and max(given) > weight:
            raise EditError(f"{ind.code} 有专家评分 {plain(max(given))} 分，分值不能小于专家评分；"
                            "请先在“专家评分”中修改")
    if "name" in changes and not str(changes["name"]).strip():
        raise EditError("指标名称不能为空")
    if "status" in changes and changes["status"] not in STATUSES:
        raise EditError(f"状态只能是 {'、'.join(STATUSES)}")
    return Edit(f"修改指标 {ind.code or ind.name}",
                [Update("indicator", ind_id, _clean_values(changes))])


def _key_at(project: Project, parent_id: str | None, index: int,
            skip: str | None = None) -> str:
    """The ordering key for a row placed at ``index`` among the children of ``parent_id``.

    Only the placed row gets a key; its siblings keep theirs.
    """
    keys = [s.sort_key for s in project.children(parent_id) if s.id != skip]
    return order.at(keys, index)


def _refuse_scored_parent(project: Project, parent_id: str) -> None:
    """A scored leaf cannot take children: its score and deductions would stop counting."""
    parent = project.indicator(parent_id)
    if project.children(parent_id):
        return
    if any(s.indicator_id == parent_id and s.score is not None
           for s in project.rows(EvaluatorScore)):
        raise EditError(f"{parent.code}{parent.name} 已有专家评分，请先清空各专家的评分，再添加下级指标")
    if parent.method == "rule":
        raise EditError(f"{parent.code}{parent.name} 按规则计分，请先取消它的评分规则，再添加下级指标")
    if project.deductions(parent_id) or parent.score is not None or (
            parent.method == "deduction" and parent.status != "未评"):
        raise EditError(f"{parent.code}{parent.name} 已经评分，请先清空它的得分和扣分，再添加下级指标")


def add_indicator(project: Project, parent_id: str | None, index: int,
                  spec: IndicatorSpec) -> Edit:
    """Insert an indicator (with any children in ``spec``) at ``index`` under ``parent_id``."""
    if parent_id is not None and parent_id not in project.indicators():
        raise EditError("上级指标已不存在")
    if parent_id is not None:
        _refuse_scored_parent(project, parent_id)
    if not spec.name.strip():
        raise EditError("指标名称不能为空")
    ops = insert_ops([spec], parent_id, [_key_at(project, parent_id, index)])
    return Edit(f"添加指标 {spec.code}{spec.name}", ops)


def remove_indicator(project: Project, ind_id: str) -> Edit:
    """Remove an indicator and its whole branch, with deductions, finding links and the
    evaluators' scores."""
    ind = project.indicators().get(ind_id)
    if ind is None:
        raise EditError("该指标已不存在")
    branch = [ind, *project.walk(ind_id)]
    ids = {b.id for b in branch}
    ops: list[Op] = []
    for link in project.rows(FindingIndicator):
        if link.indicator_id in ids:
            ops.append(Delete("finding_indicator", link.id))
    ops.extend(Delete("evaluator_score", s.id) for s in project.rows(EvaluatorScore)
               if s.indicator_id in ids)
    ops.extend(evidence.ops_removing_indicators(project, ids))
    for node in reversed(branch):
        ops.extend(Delete("deduction", d.id) for d in project.deductions(node.id))
        ops.append(Delete("indicator", node.id))
    return Edit(f"删除指标 {ind.code}{ind.name}", ops)


def move_indicator(project: Project, ind_id: str, new_parent_id: str | None,
                   index: int) -> Edit:
    """Move an indicator (and its branch) under another parent, at ``index``."""
    ind = project.indicators().get(ind_id)
    if ind is None:
        raise EditError("该指标已不存在")
    if new_parent_id is not None:
        if new_parent_id == ind_id or any(a.id == ind_id for a in project.ancestors(
                project.indicator(new_parent_id))):
            raise EditError("不能把指标移到它自己的下级里")
        _refuse_scored_parent(project, new_parent_id)
    key = _key_at(project, new_parent_id, index, skip=ind_id)
    return Edit(f"移动指标 {ind.code}{ind.name}",
                [Update("indicator", ind_id, {"parent_id": new_parent_id, "sort_key": key})])


# ----- lists: targets, funding, evaluators, findings -----

def add_row(project: Project, row: Row, label: str) -> Edit:
    """Append a row to an ordered list (targets, funding lines, evaluators, findings)."""
    if hasattr(row, "sort_key"):
        row.sort_key = order.after([r.sort_key for r in project.rows(type(row))])
    for name in row.columns():
        value = getattr(row, name)
        if isinstance(value, str):
            setattr(row, name, clean(value))
    return Edit(label, [Insert(row)])


def remove_row(project: Project, table: str, row_id: str, label: str) -> Edit:
    """Remove a list row; a finding takes its indicator links and suggestion ties with it, an
    evaluator the scores they gave."""
    if project.find(table, row_id) is None:
        raise EditError("要删除的内容已不存在")
    ops: list[Op] = []
    if table == "finding":
        ops.extend(Delete("finding_indicator", link.id)
                   for link in project.rows(FindingIndicator) if link.finding_id == row_id)
        ops.extend(Update("finding", f.id, {"problem_id": None})
                   for f in project.rows(Finding) if f.problem_id == row_id)
    if table == "evaluator":
        ops.extend(Delete("evaluator_score", s.id) for s in project.rows(EvaluatorScore)
                   if s.evaluator_id == row_id)
    ops.append(Delete(table, row_id))
    return Edit(label, ops)


def link_finding(project: Project, finding_id: str, indicator_ids: list[str]) -> Edit:
    """Set the indicators a finding concerns (replacing the previous links)."""
    ops: list[Op] = [Delete("finding_indicator", link.id)
                     for link in project.rows(FindingIndicator) if link.finding_id == finding_id]
    for ind_id in indicator_ids:
        if ind_id not in project.indicators():
            raise EditError("所选指标已不存在")
        ops.append(Insert(FindingIndicator(finding_id=finding_id, indicator_id=ind_id)))
    return Edit("修改问题涉及的指标", ops)


# ----- scores that compute themselves (see ``auto_commands``; loaded when first used) -----

def set_rule(project: Project, indicator_id: str, rule: Rule | None) -> Edit:
    """Score a leaf by a rule; None returns it to a typed score (the stored score kept)."""
    from . import auto_commands
    return auto_commands.set_rule(project, indicator_id, rule)


def import_survey(project: Project, name: str, source_name: str, summary: Summary) -> Edit:
    """Keep a counted survey under ``name``; one of the same name is replaced."""
    from . import auto_commands
    return auto_commands.import_survey(project, name, source_name, summary)


def delete_survey(project: Project, survey_id: str) -> Edit:
    """Remove a survey from the project."""
    from . import auto_commands
    return auto_commands.delete_survey(project, survey_id)


def set_ahp(project: Project, parent_id: str, comparison: Comparison | None,
            step: Decimal = Decimal("0.5")) -> Edit:
    """Keep (None: remove) the AHP comparison of a parent's children."""
    from . import auto_commands
    return auto_commands.set_ahp(project, parent_id, comparison, step)


def apply_ahp_weights(project: Project, parent_id: str, step: Decimal | None = None,
                      force: bool = False, comparison: Comparison | None = None) -> Edit:
    """The children's points from the stored comparison (or ``comparison``, then stored with
    them), summing to the parent's, as one edit."""
    from . import auto_commands
    return auto_commands.apply_ahp_weights(project, parent_id, step, force, comparison)
