"""What a layout reads from one project: the rows, the engine's scores and the numbers as printed.

Every number a report prints goes through here, from ``score_project``, ``pfdesk.funding`` and
the project's ``Numbers`` (its number style), so the five layouts cannot disagree: scores and
weights as the project writes them (88.5 or 88.50), rates always with two decimals (81.03%),
money in 万元 with two decimals. Where points are not applicable, a dimension's points are the
points that count (``NodeScore.max``), with the excluded ones named beside them, and the total
is the engine's rescaled one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from .. import funding
from ..model import Indicator, ProjectInfo
from ..numbers import Numbers, cn_date
from ..project import Project
from ..scoring import NodeScore, ScoreResult, score_project
from ..text import clean

log = logging.getLogger(__name__)

DASH = "—"
NOT_APPLICABLE = "不适用"
OTHER_SOURCE = "其他"      # the one source of funds that is not fiscal (财政性)
CHINESE_NUMERALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (up to 99)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


@dataclass
class ReportData:
    """One project as the layouts see it: its rows, the engine's numbers and how to write them."""

    project: Project
    result: ScoreResult
    style: Numbers | None = None            # None: the project's own number style
    funds: funding.Funding | None = None    # None: worked out when first needed

    @classmethod
    def of(cls, project: Project) -> ReportData:
        """Score the project once for all the layout's tables and paragraphs."""
        return cls(project, score_project(project), funds=funding.of(project))

    @property
    def info(self) -> ProjectInfo:
        """The cover fields and funding totals."""
        return self.project.info

    @property
    def nums(self) -> Numbers:
        """How this project writes its numbers (``ProjectInfo.number_style``)."""
        if self.style is None:
            self.style = Numbers.of(self.project.info)
        return self.style

    @property
    def money(self) -> funding.Funding:
        """The engine's funding figures (rates, sums by source and by column)."""
        if self.funds is None:
            self.funds = funding.of(self.project)
        return self.funds

    def text(self, value: str) -> str:
        """User text as printed (cleaned, trimmed)."""
        return clean(value or "").strip()

    def node(self, ind: Indicator) -> NodeScore:
        """The engine's numbers for an indicator."""
        return self.result.by_id[ind.id]

    def dimensions(self) -> list[Indicator]:
        """The level-1 indicators, in order."""
        return self.project.children(None)

    def leaves(self, ind: Indicator) -> list[Indicator]:
        """The scored indicators (leaves) under ``ind``, in order."""
        kids = self.project.children(ind.id)
        if not kids:
            return [ind]
        return [leaf for kid in kids for leaf in self.leaves(kid)]

    def label(self, ind: Indicator) -> str:
        """'A11立项依据充分性' (code then name)."""
        return f"{ind.code}{ind.name}"

    # ----- numbers as printed -----

    def pts(self, value: Decimal | None) -> str:
        """A score or weight in a table cell in the project's style: 88.5 / 88.50 ('—': none)."""
        return self.nums.pts(value)

    def points(self, value: Decimal) -> str:
        """Points in prose in the project's style: '5分' / '5.00分'."""
        return self.nums.points(value)

    def percent(self, rate: Decimal | None) -> str:
        """A rate with two decimals: '81.03%' ('—': none)."""
        return self.nums.percent(rate)

    def score_cell(self, node: NodeScore) -> str:
        """An indicator's score in a table: the score, '不适用', or '—' while unscored."""
        return NOT_APPLICABLE if node.not_applicable else self.pts(node.score)

    def excluded_note(self, excluded: Decimal) -> str:
        """'（不含不适用指标6分）' after points that leave some out ('' when none)."""
        return f"（不含不适用指标{self.points(excluded)}）" if excluded else ""

    def points_cell(self, node: NodeScore) -> str:
        """The points of an indicator in a narrow table cell.

        A leaf: its weight (its score cell says 不适用 when it is). A parent that is wholly not
        applicable: '不适用'. A parent with parts not applicable: the points that count; the
        table's note or its total row says how many are left out (``exclusion_note``).
        """
        if node.is_leaf:
            return self.pts(node.weight)
        if node.not_applicable:
            return NOT_APPLICABLE
        return self.pts(node.max)

    def exclusion_note(self, nodes: list[NodeScore]) -> str:
        """'注：不适用指标不计分。B过程分值29分，其中不适用指标2分，按27分计；…' for the parents
        among ``nodes`` with points not applicable ('' when none)."""
        parts = []
        for node in nodes:
            if node.is_leaf or not node.excluded:
                continue
            label = f"{node.code}{node.name}"
            if node.not_applicable:
                parts.append(f"{label}（{self.points(node.weight)}）不适用")
            else:
                parts.append(f"{label}分值{self.points(node.weight)}，其中不适用指标"
                             f"{self.points(node.excluded)}，按{self.points(node.max)}计")
        return f"注：不适用指标不计分。{'；'.join(parts)}。" if parts else ""

    def total_text(self) -> str:
        """The total as written in prose (rescaled when points are not applicable): '88.5分'."""
        return self.points(self.result.total)

    def total_plain(self) -> str:
        """The total as in tables: '88.5'."""
        return self.pts(self.result.total)

    @property
    def scorable(self) -> bool:
        """Whether any points count (a project with no applicable indicator has no score)."""
        return bool(self.result.max)

    def grade(self) -> str:
        """The grade, or the provisional one marked as such while indicators are unscored;
        '无法评定（没有计分的指标）' while no points count."""
        if not self.result.max:
            return "无法评定（没有计分的指标）"
        if self.result.grade is not None:
            return self.result.grade
        return f"{self.result.provisional_grade}（暂定，尚有指标未评分）"

    def rate_text(self) -> str:
        """The overall 得分率: '88.50%'."""
        return self.percent(self.result.rate)

    def unscored_leaves(self, ind: Indicator) -> int:
        """Applicable leaves under ``ind`` without a score yet."""
        return sum(1 for leaf in self.leaves(ind)
                   if (n := self.node(leaf)).score is None and not n.not_applicable)

    def year(self) -> str:
        """The evaluated year as four digits ('2020' from '2020', '2020年' or '2020年度'), or ''."""
        match = re.fullmatch(r"\s*(\d{4})\s*(?:年度?)?\s*", self.info.eval_year or "")
        return match.group(1) if match else ""

    def evaluated_name(self) -> str:
        """What the forms name as the evaluated project: its name; for a whole department's
        evaluation whose name does not say which unit, the unit before it (seed 003:
        '宋故居纪念馆部门整体支出评价'; '2020年度部门整体支出' of 上城区数据资源管理局 →
        '上城区数据资源管理局2020年度部门整体支出')."""
        name, unit = self.text(self.info.name), self.text(self.info.unit)
        if self.info.eval_object == "部门整体" and unit and unit not in name:
            return f"{unit}{name}"
        return name

    def cutoff(self) -> str:
        """The date the funding figures stand at, as written: '2021年12月31日'.

        The project's own cut-off date (``funding_cutoff``, '2021-12-31') when set, else the
        last day of the evaluated year; '' when neither is known.
        """
        own = self.text(self.info.funding_cutoff)
        if own:
            return cn_date(own)
        year = self.year()
        return f"{year}年12月31日" if year else ""

    def grouped(self, value: Decimal | None) -> str:
        """Money in 万元 with thousands separated, as result sheets write it: '9,459.70'."""
        text = self.nums.money(value)
        return f"{Decimal(text):,.2f}" if text else ""

    def fund_split(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        """年度资金总额, 其中财政性资金 and 其他资金 as the targets table states them: the budget
        that counts, and the budgets by source summed (every source but 其他 is fiscal); the
        two parts are None while no funds by source are entered."""
        sources = self.project.funding_sources()
        total = self.money.base
        if total is None:
            total = self.money.sources.get("budget")
        if not sources:
            return total, None, None
        fiscal = funding.column_sum([s.budget for s in sources if s.source != OTHER_SOURCE])
        other = funding.column_sum([s.budget for s in sources if s.source == OTHER_SOURCE])
        return total, fiscal or Decimal(0), other or Decimal(0)

    def funding_sentence(self) -> str:
        """'项目预算资金X万元，截至2020年12月31日，实际到位资金Y万元，资金到位率…，实际支出
        Z万元，预算执行率…。' (the cut-off date only with figures received or spent)."""
        money = self.money
        parts: list[str] = []
        if money.base is not None:
            parts.append(f"项目预算资金{self.nums.money(money.base)}万元")
        cutoff = self.cutoff()
        if cutoff and (money.received is not None or money.spent is not None):
            parts.append(f"截至{cutoff}")
        if money.received is not None:
            bit = f"实际到位资金{self.nums.money(money.received)}万元"
            if money.arrival_rate is not None:
                bit += f"，资金到位率{self.percent(money.arrival_rate)}"
            parts.append(bit)
        if money.spent is not None:
            bit = f"实际支出{self.nums.money(money.spent)}万元"
            if money.execution_rate is not None:
                bit += f"，预算执行率{self.percent(money.execution_rate)}"
            parts.append(bit)
        return "，".join(parts) + "。" if parts else ""

    def findings(self, kind: str) -> list[str]:
        """Texts of one kind of finding, cleaned, empty ones dropped."""
        return [t for t in (self.text(f.text) for f in self.project.findings(kind)) if t]


def numbered(items: list[str], style: str = "arabic") -> list[str]:
    """'1.text' (arabic) or '（一）text' (chinese) for each item."""
    if style == "chinese":
        return [f"（{cn_number(i)}）{t}" for i, t in enumerate(items, 1)]
    return [f"{i}.{t}" for i, t in enumerate(items, 1)]
