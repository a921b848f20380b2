"""The evaluation model: one plain dataclass per table row, and the choices each field allows.

Every row has a UUID ``id`` and ``modified_at`` / ``modified_by`` (milliseconds, UTC; never an
empty name) so that files from team members can be merged; rows in a list carry an ordering key
(``sort_key``, see ``order``) instead of a position number. Money and scores are ``Decimal``
(stored as text), never floats.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from .numbers import to_decimal

EVAL_TYPES = ("事前", "事中", "事后")
EVAL_OBJECTS = ("项目", "部门整体", "政策")
EVAL_MODES = ("单位自评", "部门评价", "财政评价")
PROJECT_KINDS = ("经常性", "一次性")
# Who organised the evaluation (组织方式) and what kind of body evaluated (评价机构类型): the
# choices the 附件1 cover (seed 002) and the feedback set (seed 004) tick; other words may be
# typed and are printed ticked after them.
ORG_METHODS = ("财政部门", "主管部门", "项目单位")
EVALUATOR_KINDS = ("中介机构", "专家组", "项目单位评价组", "部门（单位）评价组", "财政评价组")
FUNDING_SOURCES = ("中央", "省", "市县", "其他")
METHODS = ("manual", "deduction", "rule")
METHOD_LABELS = {"manual": "直接评分", "deduction": "扣分制", "rule": "按规则计分"}
STATUSES = ("未评", "已评")
# Sign-off of an indicator, from nothing to reviewed; the last one means edited after the review.
SIGN_OFF_STATES = ("未编制", "已编制", "已复核", "复核后已修改")
# How a leaf's score follows its evaluators' own scores: mean, mean without the highest and
# the lowest, or the leader's decision (the leaf's own score field); '' means no panel.
PANEL_METHODS = {"": "不设专家组", "mean": "平均分", "trimmed": "去掉最高最低后平均",
                 "leader": "组长裁定"}
COMPARATORS = ("≥", "≤", "=", "定性")
FINDING_KINDS = ("成效", "经验做法", "问题", "建议", "整改情况")
NARRATIVE_KEYS = {
    "background": "项目背景",
    "basis": "立项依据",
    "organisation": "组织实施情况",
    "content": "项目实施内容",
    "completion": "项目完成情况",
    "purpose": "评价目的、对象和范围",
    "principles": "评价原则",
    "indicator_system": "评价指标体系",
    "methods": "评价方法",
    "standards": "评价标准",
    "process": "评价工作过程",
    "conclusion": "综合评价结论",
    "other": "其他需要说明的问题",
}
DEFAULT_BANDS: tuple[tuple[str, Decimal], ...] = (
    ("优", Decimal(90)),
    ("良", Decimal(80)),
    ("中", Decimal(60)),
    ("差", Decimal(0)),
)


def new_id() -> str:
    """A fresh row id (UUID4 as text)."""
    import uuid  # loaded at the first new row, not when a project opens

    return str(uuid.uuid4())


@dataclass
class Row:
    """Common columns of every table."""

    TABLE: ClassVar[str] = ""
    DECIMALS: ClassVar[tuple[str, ...]] = ()
    BOOLS: ClassVar[tuple[str, ...]] = ()

    id: str = field(default_factory=new_id)
    modified_at: str = ""
    modified_by: str = ""

    @classmethod
    def columns(cls) -> list[str]:
        """Column names, in table order."""
        return [f.name for f in dataclasses.fields(cls)]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Row:
        """Build from a database row (text decimals, 0/1 booleans)."""
        values: dict[str, Any] = {}
        for name in cls.columns():
            if name not in row:
                continue
            value = row[name]
            if name in cls.DECIMALS:
                value = to_decimal(value)
            elif name in cls.BOOLS:
                value = bool(value)
            elif value is None and name != "parent_id" and not name.endswith("_id"):
                value = ""
            values[name] = value
        return cls(**values)

    def to_fields(self) -> dict[str, Any]:
        """Every column but the id, as Python values."""
        return {name: getattr(self, name) for name in self.columns() if name != "id"}

    def to_row(self) -> dict[str, Any]:
        """The database row: decimals as text, booleans as 0/1."""
        out: dict[str, Any] = {}
        for name in self.columns():
            value = getattr(self, name)
            if name in self.DECIMALS:
                value = None if value is None else str(value)
            elif name in self.BOOLS:
                value = 1 if value else 0
            out[name] = value
        return out


@dataclass
class ProjectInfo(Row):
    """Cover fields, basic information, goals, funding totals and grade bands (one row)."""

    TABLE: ClassVar[str] = "project"
    DECIMALS: ClassVar[tuple[str, ...]] = ("budget", "adjusted_budget", "received", "spent",
                                           "spread_limit")
    BOOLS: ClassVar[tuple[str, ...]] = ("allow_self_review",)

    name: str = ""
    unit: str = ""
    department: str = ""
    commissioner: str = ""
    evaluator_org: str = ""
    eval_type: str = "事后"
    eval_object: str = "项目"
    eval_mode: str = "财政评价"
    eval_year: str = ""
    eval_period: str = ""
    report_date: str = ""
    doc_number: str = ""
    project_kind: str = "经常性"
    manager: str = ""
    phone: str = ""
    address: str = ""
    overall_goal: str = ""
    annual_goal: str = ""
    budget: Decimal | None = None
    adjusted_budget: Decimal | None = None
    received: Decimal | None = None
    spent: Decimal | None = None
    grade_bands: str = ""
    template_id: str = ""
    allow_self_review: bool = False
    panel_method: str = ""            # '' no panel; see PANEL_METHODS
    spread_limit: Decimal | None = None
    number_style: str = "plain"       # how scores are written, see numbers.STYLES
    outline: str = ""                 # the report outlines by layout (JSON), see reports.outline
    postcode: str = ""                # 邮编 of the unit's address
    org_method: str = ""              # 组织方式: who organised the evaluation, see ORG_METHODS
    evaluator_kind: str = ""          # 评价机构类型, see EVALUATOR_KINDS
    submitted_at: str = ""            # 上报时间 (ISO date, or text such as 2020年4月)
    funding_cutoff: str = ""          # 资金截止日期 (ISO); '' means 31 December of eval_year


@dataclass
class FundingSource(Row):
    """Funds by source (中央 / 省 / 市县 / 其他), in 万元."""

    TABLE: ClassVar[str] = "funding_source"
    DECIMALS: ClassVar[tuple[str, ...]] = ("budget", "received", "spent")

    sort_key: str = ""
    source: str = "其他"
    budget: Decimal | None = None
    received: Decimal | None = None
    spent: Decimal | None = None


@dataclass
class FundingItem(Row):
    """One line of the funding table (seed 004 表1), in 万元."""

    TABLE: ClassVar[str] = "funding_item"
    DECIMALS: ClassVar[tuple[str, ...]] = (
        "total_budget", "bid_price", "audited_price", "paid_total", "paid_this_year",
    )

    sort_key: str = ""
    name: str = ""
    contractor: str = ""
    total_budget: Decimal | None = None
    bid_price: Decimal | None = None
    audited_price: Decimal | None = None
    paid_total: Decimal | None = None
    paid_this_year: Decimal | None = None
    remark: str = ""


@dataclass
class Target(Row):
    """One row of the performance targets table (绩效目标表)."""

    TABLE: ClassVar[str] = "target"
    DECIMALS: ClassVar[tuple[str, ...]] = ("number",)

    sort_key: str = ""
    level1: str = ""
    level2: str = ""
    level3: str = ""
    target_text: str = ""
    comparator: str = "定性"
    number: Decimal | None = None
    unit: str = ""
    note: str = ""
    actual_value: str = ""
    deviation_reason: str = ""
    std_excellent: str = ""
    std_good: str = ""
    std_fair: str = ""
    std_poor: str = ""


@dataclass
class Indicator(Row):
    """A node of the indicator tree; leaves carry the score."""

    TABLE: ClassVar[str] = "indicator"
    DECIMALS: ClassVar[tuple[str, ...]] = ("weight", "score")
    BOOLS: ClassVar[tuple[str, ...]] = ("not_applicable", "changed_after_review")

    parent_id: str | None = None
    sort_key: str = ""
    code: str = ""
    name: str = ""
    weight: Decimal | None = Decimal(0)
    explanation: str = ""
    criteria: str = ""
    method: str = "manual"
    score: Decimal | None = None
    target_value: str = ""
    actual_value: str = ""
    data_source: str = ""
    analysis: str = ""
    not_applicable: bool = False
    status: str = "未评"
    prepared_by: str = ""
    prepared_at: str = ""
    reviewed_by: str = ""
    reviewed_at: str = ""
    changed_after_review: bool = False
    rule: str = ""                    # a leaf's scoring rule (rules.to_json); '' for none
    ahp: str = ""                     # a parent's AHP comparison (ahp.weighting_to_json); ''

    @property
    def sign_off(self) -> str:
        """未编制 / 已编制 / 已复核 / 复核后已修改 (see ``review``)."""
        if self.reviewed_by:
            return "复核后已修改" if self.changed_after_review else "已复核"
        return "已编制" if self.prepared_by else "未编制"


@dataclass
class Deduction(Row):
    """Points taken off an indicator, with the reason and the evidence behind it."""

    TABLE: ClassVar[str] = "deduction"
    DECIMALS: ClassVar[tuple[str, ...]] = ("points",)

    indicator_id: str = ""
    sort_key: str = ""
    points: Decimal | None = Decimal(0)
    reason: str = ""
    evidence: str = ""


@dataclass
class Evaluator(Row):
    """A member of the evaluation team or expert panel."""

    TABLE: ClassVar[str] = "evaluator"
    sort_key: str = ""
    name: str = ""
    title: str = ""
    org: str = ""
    role: str = ""


@dataclass
class Finding(Row):
    """成效 / 经验做法 / 问题 (with cause) / 建议 (tied to a problem) / 整改情况."""

    TABLE: ClassVar[str] = "finding"

    sort_key: str = ""
    kind: str = "问题"
    text: str = ""
    cause: str = ""
    problem_id: str | None = None


@dataclass
class FindingIndicator(Row):
    """Link: a finding concerns an indicator."""

    TABLE: ClassVar[str] = "finding_indicator"

    finding_id: str = ""
    indicator_id: str = ""


@dataclass
class Narrative(Row):
    """A free narrative section of the report outline, by key (see NARRATIVE_KEYS)."""

    TABLE: ClassVar[str] = "narrative"

    key: str = ""
    text: str = ""


@dataclass
class EvaluatorScore(Row):
    """One evaluator's own score of a leaf (an expert panel)."""

    TABLE: ClassVar[str] = "evaluator_score"
    DECIMALS: ClassVar[tuple[str, ...]] = ("score",)

    indicator_id: str = ""
    evaluator_id: str = ""
    score: Decimal | None = None


@dataclass
class Evidence(Row):
    """A file (佐证材料) attached to an indicator or a deduction; its bytes are kept once per
    content hash in ``evidence_blob`` (see ``evidence``)."""

    TABLE: ClassVar[str] = "evidence"

    sort_key: str = ""
    indicator_id: str | None = None
    deduction_id: str | None = None
    name: str = ""
    hash: str = ""
    size: int = 0
    note: str = ""


@dataclass
class Conflict(Row):
    """A field that a merge found with different values on two sides (see ``merge``).

    ``choices`` is JSON: a list of ``{"user", "time", "value", "source"}`` (values as stored);
    the field keeps its value in this file until the conflict is resolved by choosing one.
    """

    TABLE: ClassVar[str] = "conflict"
    BOOLS: ClassVar[tuple[str, ...]] = ("resolved",)

    tbl: str = ""
    row_id: str = ""
    field: str = ""
    code: str = ""
    choices: str = "[]"
    resolved: bool = False


@dataclass
class MergedEntry(Row):
    """A copy's change-log entry already merged into this file (its id is the entry's id)."""

    TABLE: ClassVar[str] = "merged_entry"

    source: str = ""
    merge_id: str = ""


@dataclass
class Survey(Row):
    """A satisfaction survey imported into the project: its counts and option map as JSON
    (``survey.to_json``; rates are recomputed from the counts), under a name rules refer to."""

    TABLE: ClassVar[str] = "survey"

    sort_key: str = ""
    name: str = ""
    source_name: str = ""             # the answers file it was counted from
    summary: str = ""                 # survey.to_json of the counted answers
    imported_at: str = ""             # ISO UTC time of the import


ROW_TYPES: dict[str, type[Row]] = {
    cls.TABLE: cls
    for cls in (
        ProjectInfo, FundingSource, FundingItem, Target, Indicator, Deduction,
        Evaluator, Finding, FindingIndicator, Narrative, EvaluatorScore, Evidence, Conflict,
        MergedEntry, Survey,
    )
}
# Parents before children: the order rows are inserted in (and deleted in reverse).
TABLE_ORDER = (
    "project", "funding_source", "funding_item", "target", "indicator", "deduction",
    "evaluator", "finding", "finding_indicator", "narrative", "evaluator_score", "evidence",
    "conflict", "merged_entry", "survey",
)
