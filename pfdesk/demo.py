"""The demo project: a realistic, fully scored evaluation built from the national template.

``build_demo`` writes it through the same commands the window uses (cover, funding, targets,
the sample satisfaction survey, scores with deductions, analyses, panel, findings, narratives);
资金到位率, 预算执行率 and 服务对象满意度 keep the template's rules, so the engine scores them
from the funding figures and the survey. The three team members also
score each 效益 leaf on their own (专家组评分方式 组长裁定: the leaf's score stays the leader's,
from the deductions; the experts' scores are shown beside it and printed on the scoresheet).
``demo_path`` keeps a ready copy in the user's data folder for the README's first command and
the window's 打开演示项目: it checks the file (without loading it: the window loads it next) and
builds it again when it is damaged, of an older file format, or of another edition of the demo
(the cover's entry in the history names the edition: ``edition()``).
The facts and prose live in ``demo_content`` and ``demo_prose``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
from decimal import Decimal
from pathlib import Path

from . import commands as cmd
from . import panel, plain, review
from .demo_content import (
    COVER,
    EVALUATORS,
    FUNDING_ITEMS,
    LEAVES,
    SOURCES,
    SURVEY_FILE,
    SURVEY_NAME,
    TARGETS,
)
from .demo_prose import ACHIEVEMENTS, NARRATIVES, PRACTICES, PROBLEMS, RECTIFICATIONS
from .edits import Insert
from .errors import PfdeskError, ProjectFileError
from .filecheck import SQLITE_FAILURES, harden, ro_uri
from .identity import now_ms
from .model import Evaluator, Finding, FundingItem, FundingSource, Indicator, ProjectInfo, Target
from .numbers import to_decimal
from .paths import data_dir
from .project import Project
from .projectfile import validate
from .schema import SCHEMA_VERSION
from .scoring import NodeScore, score_project
from .templates import DEFAULT_TEMPLATE, new_project
from .wording import draft_analysis

log = logging.getLogger(__name__)

DEMO_FILE = "demo.pfdesk"
DEMO_USER = "演示"


# Raise when ``build_demo`` builds the demo differently; a change of its facts and prose
# changes ``edition()`` by itself.
DEMO_EDITION = 1


def edition() -> str:
    """The demo's edition, named in its cover's history entry: ``DEMO_EDITION`` and a digest of
    the facts and prose it is built from."""
    facts = repr((COVER, EVALUATORS, FUNDING_ITEMS, LEAVES, SOURCES, SURVEY_FILE, SURVEY_NAME,
                  TARGETS, ACHIEVEMENTS, NARRATIVES, PRACTICES, PROBLEMS, RECTIFICATIONS))
    digest = hashlib.sha256(facts.encode("utf-8")).hexdigest()[:8]
    return f"演示项目第 {DEMO_EDITION} 版（{digest}）"


def _cover_label() -> str:
    return f"填写封面：{edition()}"


def _current(path: Path) -> bool:
    """Whether the demo file at ``path`` passes the file check (without loading it) and was
    built by this pfdesk's format and edition of the demo; raises when it is refused."""
    if validate(path, keep=True) < SCHEMA_VERSION:   # the opening that follows takes this check
        log.info("demo file %s has an older file format; building it again", path)
        return False
    try:
        conn = sqlite3.connect(ro_uri(path), uri=True, isolation_level=None)
        try:
            harden(conn)
            found = conn.execute("SELECT 1 FROM change_log WHERE kind = 'edit' AND label = ? "
                                 "LIMIT 1", (_cover_label(),)).fetchone()
        finally:
            conn.close()
    except SQLITE_FAILURES as exc:
        raise ProjectFileError(path, f"无法读取（{exc}）") from exc
    if found is None:
        log.info("demo file %s is another edition of the demo; building it again", path)
    return found is not None


def demo_path() -> Path:
    """The demo file in the data folder: built if absent, rebuilt if the file check refuses it
    or it is of an older file format or another edition of the demo."""
    path = data_dir() / DEMO_FILE
    if path.exists():
        try:
            if _current(path):
                return path
        except PfdeskError as exc:
            log.warning("demo file %s cannot be used (%s); building it again", path, exc)
    tmp = path.with_name(f".{path.name}.building")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in (tmp, tmp.with_name(tmp.name + "-journal"),
                      path.with_name(path.name + "-journal")):
            stale.unlink(missing_ok=True)
        build_demo(tmp).close()
        os.replace(tmp, path)
    except OSError as exc:
        raise ProjectFileError(path, f"无法写入演示项目（{plain.os_reason(exc)}）") from exc
    log.info("demo project built at %s", path)
    return path


def build_demo(path: str | Path | None = None, user: str = "") -> Project:
    """Build the demo evaluation at ``path`` (None: in memory) and return it open."""
    target = None if path is None else Path(path)
    if target is not None and target.exists():
        raise ProjectFileError(target, "文件已存在，请换一个文件名或先删除它")
    project = new_project(None, DEFAULT_TEMPLATE, ProjectInfo(name=COVER["name"]),
                          user=user or DEMO_USER)
    _cover(project)
    _lists(project)
    _survey(project)
    _scores(project)
    _analyses(project)
    _panel(project)
    _expert_scores(project)
    _findings(project)
    for key, text in NARRATIVES.items():
        project.apply(cmd.set_narrative(project, key, text))
    _sign_off(project)
    if target is None:
        return project
    project.save_copy(target)
    project.close()
    return Project.open(target, user=user)


def _money(value: str | None) -> Decimal | None:
    return to_decimal(value)


def _cover(project: Project) -> None:
    edit = cmd.set_info(project, **dict(COVER))
    edit.label = _cover_label()
    project.apply(edit)


def _lists(project: Project) -> None:
    for source, budget, received, spent in SOURCES:
        row = FundingSource(source=source, budget=_money(budget), received=_money(received),
                            spent=_money(spent))
        project.apply(cmd.add_row(project, row, "添加资金来源"))
    for name, contractor, total, bid, audited, paid, this_year, remark in FUNDING_ITEMS:
        item = FundingItem(name=name, contractor=contractor, total_budget=_money(total),
                           bid_price=_money(bid), audited_price=_money(audited),
                           paid_total=_money(paid), paid_this_year=_money(this_year),
                           remark=remark)
        project.apply(cmd.add_row(project, item, "添加资金明细"))
    for target in TARGETS:
        project.apply(cmd.add_row(project, _target(target), "添加绩效目标"))


def _survey(project: Project) -> None:
    """The sample survey shipped in resources/surveys, counted with the usual option map."""
    from .resources import resource
    from .survey import summarize
    from .survey_file import read_answers

    summary = summarize(read_answers(resource("surveys") / SURVEY_FILE))
    project.apply(cmd.import_survey(project, SURVEY_NAME, SURVEY_FILE, summary))


def _target(row: tuple[object, ...]) -> Target:
    l1, l2, l3, text, comparator, number, unit, note, actual, reason, standards = row
    target = Target(level1=str(l1), level2=str(l2), level3=str(l3), target_text=str(text),
                    comparator=str(comparator), number=to_decimal(number), unit=str(unit),
                    note=str(note), actual_value=str(actual), deviation_reason=str(reason))
    if isinstance(standards, tuple):
        target.std_excellent, target.std_good, target.std_fair, target.std_poor = standards
    return target


def _leaf(project: Project, code: str) -> Indicator:
    ind = project.by_code(code)
    if ind is None or project.children(ind.id):
        raise PfdeskError(f"演示项目所用模板中没有三级指标 {code}")
    return ind


def _scores(project: Project) -> None:
    """Target and actual values, deductions with reasons (or full points)."""
    for code, data in LEAVES.items():
        ind = _leaf(project, code)
        project.apply(cmd.set_indicator(
            project, ind.id, target_value=str(data.get("target", "")),
            actual_value=str(data.get("actual", "")), data_source=str(data.get("source", ""))))
        if data.get("rule"):
            if ind.method != "rule":
                raise PfdeskError(f"演示项目所用模板中 {code} 没有评分规则")
            project.apply(cmd.set_status(project, ind.id, "已评"))
            continue
        deductions = data.get("deductions") or []
        assert isinstance(deductions, list)
        for points, reason, evidence in deductions:
            project.apply(cmd.add_deduction(project, ind.id, points, reason, evidence))
        if not deductions:
            project.apply(cmd.set_score(project, ind.id, ind.weight))


def _sign_off(project: Project) -> None:
    """Every leaf prepared by the team member and reviewed by the team leader."""
    leaves = [ind.id for ind in project.walk() if not project.children(ind.id)]
    keep = project.user
    try:
        project.user = EVALUATORS[1][0]
        project.apply(review.prepare(project, leaves, now_ms()))
        project.user = EVALUATORS[0][0]
        project.apply(review.review(project, leaves, now_ms()))
    finally:
        project.user = keep


def _analysis(project: Project, ind: Indicator, node: NodeScore, intro: str) -> str:
    """The evaluator's sentences placed after the target sentence of the standard draft."""
    draft = draft_analysis(project, ind, node)
    if ind.target_value or ind.actual_value:
        head, _, rest = draft.partition("。")
        return f"{head}。{intro}{rest}"
    return f"{intro}{draft}"


def _analyses(project: Project) -> None:
    result = score_project(project)
    edits = []
    for code, data in LEAVES.items():
        ind = _leaf(project, code)
        text = _analysis(project, ind, result.by_id[ind.id], str(data["intro"]))
        edits.append(cmd.set_indicator(project, ind.id, analysis=text))
    project.apply_all(edits, "撰写指标分析")


def _panel(project: Project) -> None:
    for name, title, org, role in EVALUATORS:
        row = Evaluator(name=name, title=title, org=org, role=role)
        project.apply(cmd.add_row(project, row, "添加评价人员"))


# The experts' own scores of each 效益 leaf beside the leader's: the same, half a point lower,
# half a point higher (within 0 … weight), so no spread is above the 1-point limit.
EXPERT_OFFSETS = (Decimal(0), Decimal("-0.5"), Decimal("0.5"))
PANEL_DIMENSION = "D"
SPREAD_LIMIT = "1"


def _expert_scores(project: Project) -> None:
    project.apply(panel.set_panel_method(project, "leader", SPREAD_LIMIT))
    result = score_project(project)
    dim = project.by_code(PANEL_DIMENSION)
    assert dim is not None
    edits = []
    for ind in project.walk(dim.id):
        node = result.by_id[ind.id]
        if not node.is_leaf or node.score is None:
            continue
        for evaluator, offset in zip(project.evaluators(), EXPERT_OFFSETS, strict=False):
            value = min(node.weight, max(Decimal(0), node.score + offset))
            edits.append(panel.set_evaluator_score(project, ind.id, evaluator.id, value))
    project.apply_all(edits, "录入专家评分")


def _add_finding(project: Project, finding: Finding) -> str:
    edit = cmd.add_row(project, finding, f"添加{finding.kind}")
    project.apply(edit)
    first = edit.ops[0]
    assert isinstance(first, Insert)
    return first.row.id


def _findings(project: Project) -> None:
    for text in ACHIEVEMENTS:
        _add_finding(project, Finding(kind="成效", text=text))
    for text in PRACTICES:
        _add_finding(project, Finding(kind="经验做法", text=text))
    problem_ids = []
    for _key, text, cause, codes, _advice in PROBLEMS:
        pid = _add_finding(project, Finding(kind="问题", text=text, cause=cause))
        project.apply(cmd.link_finding(project, pid, [_leaf(project, c).id for c in codes]))
        problem_ids.append(pid)
    for pid, (*_, advice) in zip(problem_ids, PROBLEMS, strict=True):
        _add_finding(project, Finding(kind="建议", text=advice, problem_id=pid))
    for text in RECTIFICATIONS:
        _add_finding(project, Finding(kind="整改情况", text=text))
