"""What a layout reads from one project: the rows, the engine's scores and the numbers as printed.

Every number a report prints goes through here, from ``score_project`` and the ``numbers``
formatters, so the five layouts cannot disagree: prose points as people write them (5分,
23.5分), rates with two decimals (81.03%), money in 万元 with two decimals.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from ..model import Indicator, ProjectInfo
from ..numbers import money, percent, plain, rate_of
from ..project import Project
from ..scoring import NodeScore, ScoreResult, score_project
from ..text import clean

log = logging.getLogger(__name__)

DASH = "—"
CHINESE_NUMERALS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (up to 99)."""
    if n <= 10:
        return CHINESE_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_NUMERALS[tens - 1]
    return head + "十" + (CHINESE_NUMERALS[ones - 1] if ones else "")


def pts(value: Decimal | None) -> str:
    """A score or weight in a table cell: 5, 0.5, 23.5 ('—' when none)."""
    return DASH if value is None else plain(value)


@dataclass
class ReportData:
    """One project as the layouts see it."""

    project: Project
    result: ScoreResult

    @classmethod
    def of(cls, project: Project) -> ReportData:
        """Score the project once for all the layout's tables and paragraphs."""
        return cls(project, score_project(project))

    @property
    def info(self) -> ProjectInfo:
        """The cover fields and funding totals."""
        return self.project.info

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

    def total_text(self) -> str:
        """The total as written in prose: '88.5分'."""
        return f"{plain(self.result.total)}分"

    def total_plain(self) -> str:
        """The total as in tables: '88.5'."""
        return plain(self.result.total)

    def grade(self) -> str:
        """The grade, or the provisional one marked as such while indicators are unscored."""
        if self.result.grade is not None:
            return self.result.grade
        return f"{self.result.provisional_grade}（暂定，尚有指标未评分）"

    def rate_text(self) -> str:
        """The overall 得分率: '88.50%'."""
        return percent(self.result.rate)

    def funding_sentence(self) -> str:
        """'项目预算资金X万元，实际到位Y万元，资金到位率…；实际支出Z万元，预算执行率…。'."""
        info = self.info
        budget = info.adjusted_budget if info.adjusted_budget is not None else info.budget
        parts: list[str] = []
        if budget is not None:
            parts.append(f"项目预算资金{money(budget)}万元")
        if info.received is not None:
            bit = f"实际到位资金{money(info.received)}万元"
            if budget:
                bit += f"，资金到位率{percent(rate_of(info.received, budget))}"
            parts.append(bit)
        if info.spent is not None:
            bit = f"实际支出{money(info.spent)}万元"
            if info.received:
                bit += f"，预算执行率{percent(rate_of(info.spent, info.received))}"
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
