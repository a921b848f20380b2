"""The edits of the scores that compute themselves: a leaf's scoring rule, the satisfaction
surveys kept in the project, and a parent's AHP comparison with the weights it gives.

Each function checks its input and returns one ``Edit`` (one undo step, a Chinese label);
``pfdesk.commands`` offers them beside the other edits.
"""

from __future__ import annotations

from decimal import Decimal

from . import ahp, order
from .edits import Delete, Edit, Insert, Op, Update
from .errors import EditError
from .identity import now_ms
from .model import Indicator, Survey
from .numbers import plain, shown
from .project import Project
from .rules import Rule, to_json
from .rules.words import describe
from .survey import Summary, SurveyError
from .survey import from_json as survey_from_json
from .survey import to_json as survey_json
from .survey_rows import MAX_NAME, by_name
from .text import clean


def _leaf(project: Project, ind_id: str) -> Indicator:
    ind = project.indicators().get(ind_id)
    if ind is None:
        raise EditError("该指标已不存在")
    if project.children(ind_id):
        raise EditError(f"{ind.code}{ind.name} 有下级指标，得分由下级指标合计，不能设置评分规则")
    return ind


def set_rule(project: Project, indicator_id: str, rule: Rule | None) -> Edit:
    """Score a leaf by ``rule`` (method 'rule'); None returns it to a typed score, the score
    stored before kept as it was."""
    ind = _leaf(project, indicator_id)
    if rule is None:
        status = "未评" if ind.score is None else ind.status
        return Edit(f"{ind.code} 取消评分规则",
                    [Update("indicator", ind.id, {"method": "manual", "rule": "", "status": status})])
    if rule.input.kind == "target" and project.find("target", rule.input.ref) is None:
        raise EditError("评分规则所用的绩效目标已不在目标表中，请重新选择")
    return Edit(f"{ind.code} 按规则计分：{describe(rule)}",
                [Update("indicator", ind.id,
                        {"method": "rule", "rule": to_json(rule), "status": "已评"})])


# ----- surveys -----

def import_survey(project: Project, name: str, source_name: str, summary: Summary) -> Edit:
    """Keep a counted survey under ``name`` (rules read it by that name); a survey of the same
    name is replaced by the new count."""
    name = clean(name).strip()
    if not name:
        raise EditError("请为满意度调查取一个名称（如 服务对象满意度调查）")
    if len(name) > MAX_NAME:
        raise EditError(f"满意度调查的名称最多 {MAX_NAME} 个字")
    stored = survey_json(summary)
    try:   # what is kept must read back when the project is next opened
        survey_from_json(stored)
    except SurveyError as exc:
        raise EditError(f"这份调查无法保存到项目中（{exc}），请检查问卷文件") from exc
    values = {"source_name": clean(source_name)[:200], "summary": stored,
              "imported_at": now_ms()}
    old = by_name(project, name)
    if old is not None:
        return Edit(f"重新导入满意度调查“{name}”", [Update("survey", old.id, values)])
    key = order.after([s.sort_key for s in project.rows(Survey)])
    return Edit(f"导入满意度调查“{name}”", [Insert(Survey(sort_key=key, name=name, **values))])


def delete_survey(project: Project, survey_id: str) -> Edit:
    """Remove a survey from the project (rules reading it then name it as missing)."""
    row = project.find("survey", survey_id)
    if not isinstance(row, Survey):
        raise EditError("该满意度调查已不存在")
    return Edit(f"删除满意度调查“{row.name}”", [Delete("survey", survey_id)])


# ----- AHP -----

def _parent(project: Project, parent_id: str) -> tuple[Indicator, list[Indicator]]:
    parent = project.indicators().get(parent_id)
    if parent is None:
        raise EditError("该指标已不存在")
    kids = project.children(parent_id)
    if len(kids) < 2:
        raise EditError(f"{parent.code}{parent.name} 的下级指标少于两个，无需用层次分析法确定权重")
    return parent, kids


def set_ahp(project: Project, parent_id: str, comparison: ahp.Comparison | None,
            step: Decimal = Decimal("0.5")) -> Edit:
    """Keep the comparison of a parent's children (one row per child, in their order) with the
    step their points are rounded to; None removes it."""
    parent, kids = _parent(project, parent_id)
    if comparison is None:
        return Edit(f"{parent.code} 删除层次分析判断矩阵",
                    [Update("indicator", parent_id, {"ahp": ""})])
    if comparison.n != len(kids):
        raise EditError(f"判断矩阵是 {comparison.n}×{comparison.n}，而 {parent.code}{parent.name} "
                        f"有 {len(kids)} 个下级指标，应一一对应")
    try:
        weighting = ahp.Weighting(comparison, tuple(k.id for k in kids), step)
    except ahp.AhpError as exc:
        raise EditError(str(exc)) from exc
    return Edit(f"{parent.code} 层次分析判断矩阵",
                [Update("indicator", parent_id, {"ahp": ahp.weighting_to_json(weighting)})])


def apply_ahp_weights(project: Project, parent_id: str, step: Decimal | None = None,
                      force: bool = False, comparison: ahp.Comparison | None = None) -> Edit:
    """Give the children the points of the stored comparison's weights, each a multiple of the
    step, summing exactly to the parent's points, in one edit. Refused when CR ≥ 0.10 (naming
    the pair most out of line) unless ``force``. With ``comparison`` (a matrix just typed), that
    comparison and the step are stored on the parent in the same edit and used."""
    from .commands import set_indicator

    parent, kids = _parent(project, parent_id)
    ops: list[Op] = []
    if comparison is not None:
        step = step or Decimal("0.5")
        ops.extend(set_ahp(project, parent_id, comparison, step).ops)   # checks it fits
        weighting: ahp.Weighting | None = ahp.Weighting(comparison, tuple(k.id for k in kids),
                                                        step)
    else:
        weighting = ahp.weighting_of(parent)
    if weighting is None:
        raise EditError(f"{parent.code}{parent.name} 还没有可用的判断矩阵，请先填写判断矩阵")
    if list(weighting.children) != [k.id for k in kids]:
        raise EditError(f"{parent.code}{parent.name} 的下级指标在填写判断矩阵后有增删或调整顺序，"
                        "请重新填写判断矩阵")
    if parent.weight is None or parent.weight <= 0:
        raise EditError(f"{parent.code}{parent.name} 没有分值，无法按权重分配")
    analysis = ahp.analyse(weighting.comparison)
    if not analysis.consistent and not force:
        assert analysis.worst is not None
        raise EditError(f"{analysis.worst.message}（CR = {analysis.cr:.4f}）")
    try:
        points = ahp.allocate(parent.weight, analysis.weights, step or weighting.step)
    except ahp.AhpError as exc:
        raise EditError(str(exc)) from exc
    for kid, value in zip(kids, points, strict=True):
        if kid.weight != value:
            ops.extend(set_indicator(project, kid.id, weight=value).ops)
    shown_points = "、".join(f"{shown(k.code or k.name)} {plain(v)}" for k, v in
                             zip(kids, points, strict=True))
    return Edit(f"{parent.code} 按层次分析法分配分值（{shown_points}）", ops)
