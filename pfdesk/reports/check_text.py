"""The stated-number check: a score, rate, total or grade written in the printed text that
differs from the engine's (GUIDE §4: seed 004 says "得分2分" and then "该指标得3分").

Every text the chosen layout prints is read: the narratives and goals, each indicator's
analysis, the findings and their causes. Recognised statements:

- the total: "综合得分88.5分", "综合评价得分…", "总得分…", "评价得分…", "最终得分…";
  the overall rate: "总体得分率88.50%";
- an indicator's score or rate: "得分3分", "得分为3分", "该指标得3分", "得分率75%"; it is the
  indicator named last before it in the same sentence ("效益指标总分30分，得分21.5分"), else
  the indicator whose analysis it is (or the one indicator a finding is linked to);
- the grade: "评价等级为“良”", "绩效等级：优", "评价结论为良" (the project's band names and the
  national 优 / 良 / 中 / 差; "良" and "良好" agree).

Weights are not statements of a score: "权重5分", "总分30分", "满分5分", "分值5分" are left
alone, and so is a score no indicator can be found for.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from decimal import Decimal

from ..model import DEFAULT_BANDS, NARRATIVE_KEYS
from ..numbers import Numbers
from ..scoring import NodeScore, parse_bands
from .check_sections import FINDING_TABS, FINDING_WORDS
from .checks import ERROR, FINDINGS, GRADE, INDICATOR, INFO, STATED_NUMBER, Check
from .data import ReportData

log = logging.getLogger(__name__)

_NUM = r"(\d+(?:\.\d+)?)"
_SEP = r"(?:为|是|：|:)?\s*"
TOTAL = re.compile(rf"(?:综合评价|绩效评价|综合|总|最终|评价)得分{_SEP}{_NUM}\s*分")
TOTAL_RATE = re.compile(rf"(?:总体|综合|总)得分率{_SEP}{_NUM}\s*[%％]")
SCORE = re.compile(rf"(?:(?:该|本)指标得分?|得分){_SEP}{_NUM}\s*分")
RATE = re.compile(rf"得分率{_SEP}{_NUM}\s*[%％]")
_GRADE_LEAD = (r"(?:(?:综合评价|评价|绩效|评定|综合)?(?:等级|等次|评级)(?:评定)?"
               r"|评价结论|评价结果|评定)")
# A sentence about another time or another project's result is not about this evaluation.
_ELSEWHERE = re.compile(r"上年|上一年|去年|往年|以前年度|上一轮|上轮|同比|历年")
# A scoring standard quoted in the text ("低于60%的得分为0分") states no score.
_CONDITION = re.compile(r"低于|高于|不足|超过|达到|未达|以上|以下|每[项次个处]|[≥≤<>]")
SENTENCE_END = "。！？!?；;\n"
SHORT_NAME = 2          # names this short name an indicator only as '决策指标' or '决策类'

# Which texts each layout prints: narratives, the goals, the analyses, finding kinds.
PRINTED = {
    "full": (tuple(NARRATIVE_KEYS), True, True, ("成效", "经验做法", "问题", "建议")),
    "brief": (("background",), False, False, ("成效", "经验做法", "问题", "建议")),
    "feedback": ((), False, False, ("成效", "问题", "建议")),
    "infosheet": ((), False, False, ("成效", "经验做法", "问题", "建议", "整改情况")),
    "scoresheet": ((), False, False, ()),
}
GOALS = (("overall_goal", "总体目标"), ("annual_goal", "年度目标"))


@dataclass(frozen=True)
class Source:
    """One printed text: what it is called, where it is fixed, and whom it speaks of."""

    label: str                     # '综合评价结论', 'A11立项依据充分性的分析', '存在的问题第2条'
    text: str
    action: str
    place: str
    section: str = ""
    own: NodeScore | None = None   # the indicator a bare '得分3分' speaks of
    names: bool = True             # may a bare indicator name in the text be the subject


_REVISE = "；如评分有误，先改评分。"


def _sources(data: ReportData, layout: str) -> list[Source]:
    """The texts ``layout`` prints, in the order a reader meets them."""
    narratives, goals, analyses, kinds = PRINTED.get(layout, PRINTED["scoresheet"])
    out = []
    for key in narratives:
        title = NARRATIVE_KEYS[key]
        out.append(Source(f"报告章节“{title}”", data.project.narrative(key),
                          f"请在“项目信息”页的“报告章节”中修改“{title}”里的这句话" + _REVISE,
                          INFO, title))
    if goals:
        out += [Source(title, getattr(data.info, key), f"请在“项目信息”页的“目标与等级”中修改"
                       f"{title}" + _REVISE, INFO, "项目绩效目标") for key, title in GOALS]
    if analyses:
        for ind in data.project.walk():
            node = data.result.by_id.get(ind.id)
            if node is not None and node.is_leaf:
                out.append(Source(f"{ind.code}{ind.name}的分析", ind.analysis,
                                  "请在指标页修改这段分析文字，或点“生成分析段落”按评分重新起草"
                                  + _REVISE, INDICATOR, "绩效评价指标分析", node, names=False))
    for kind in kinds:
        out += _finding_sources(data, kind)
    return out


def _finding_sources(data: ReportData, kind: str) -> list[Source]:
    out = []
    rows = [f for f in data.project.findings(kind) if f.text.strip()]
    for number, finding in enumerate(rows, 1):
        linked = data.project.finding_indicators(finding.id)
        own = data.result.by_id.get(linked[0].id) if len(linked) == 1 else None
        label = f"{FINDING_WORDS[kind]}第{number}条"
        action = f"请在“评价发现”页的“{FINDING_TABS[kind]}”中修改这一条" + _REVISE
        out.append(Source(label, finding.text, action, FINDINGS, FINDING_WORDS[kind], own))
        if kind == "问题":
            out.append(Source(label + "的原因分析", finding.cause, action, FINDINGS,
                              FINDING_WORDS[kind], own))
    return out


class Mentions:
    """Where the project's indicators are named in a text: code + name, code, or name."""

    def __init__(self, data: ReportData) -> None:
        # word → (ids it names, is a bare code, is a bare name)
        self.words: dict[str, tuple[set[str], bool, bool]] = {}
        for node in data.result.nodes:
            words = [(node.code + node.name, False, False)] if node.code else []
            if len(node.code) >= 2:
                words.append((node.code, True, False))
            if len(node.name) > SHORT_NAME:
                words.append((node.name, False, True))
            elif node.name:
                words += [(node.name + "指标", False, True), (node.name + "类", False, True)]
            for word, is_code, is_name in words:
                ids, _, _ = self.words.setdefault(word, (set(), is_code, is_name))
                ids.add(node.id)

    def last_before(self, text: str, start: int, end: int, names: bool) -> str | None:
        """The id of the indicator named last in text[start:end] ('' when that name fits
        several indicators, None when none is named). ``names``: bare names count too."""
        best: tuple[int, int, str] | None = None
        for word, (ids, is_code, is_name) in self.words.items():
            if is_name and not names:
                continue
            at = text.rfind(word, start, end)
            while at >= 0 and is_code and not _bounded(text, at, len(word)):
                at = text.rfind(word, start, at + len(word) - 1)
            if at < 0:
                continue
            key = (at + len(word), len(word), next(iter(ids)) if len(ids) == 1 else "")
            if best is None or key[:2] > best[:2]:
                best = key
        return None if best is None else best[2]


def _bounded(text: str, at: int, size: int) -> bool:
    """A code stands alone: no letter or digit right before or after it."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + size] if at + size < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _sentence_start(text: str, at: int) -> int:
    return max(text.rfind(mark, 0, at) for mark in SENTENCE_END) + 1


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


@dataclass(frozen=True)
class _Found:
    kind: str            # 'total', 'total_rate', 'score', 'rate', 'grade'
    quote: str
    value: str
    at: int


def statements(text: str, bands: list[str]) -> list[_Found]:
    """The score, rate, total and grade statements of a text, in order."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    grade = re.compile(rf"{_GRADE_LEAD}{_SEP}[“\"「『]?\s*("
                       + "|".join(re.escape(b) for b in sorted(bands, key=len, reverse=True))
                       + ")") if bands else None
    patterns = [("total", TOTAL), ("total_rate", TOTAL_RATE), ("score", SCORE), ("rate", RATE)]
    if grade is not None:
        patterns.append(("grade", grade))
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            if _overlaps(match.span(), taken):
                continue
            taken.append(match.span())
            found.append(_Found(kind, _closed(match.group(0).strip()), match.group(1),
                                match.start()))
    return sorted(found, key=lambda f: f.at)


def _closed(quote: str) -> str:
    """A quote for inside “…”: '评价等级为“良' becomes '评价等级为‘良’'."""
    if quote.count('"') % 2:
        quote += '"'
    for left, right in (("“", "”"), ("「", "」"), ("『", "』")):
        if quote.count(left) > quote.count(right):
            quote += right
    quote = re.sub(r'"([^"]*)"', r"‘\1’", quote)
    return quote.replace("“", "‘").replace("”", "’")


def _differs(data: ReportData, found: _Found, node: NodeScore | None,
             numbers: Numbers) -> str | None:
    """What the engine says instead, when the statement differs from it (None: it agrees)."""
    result = data.result
    if found.kind == "grade":
        grade = result.grade or result.provisional_grade
        if found.value.startswith(grade) or grade.startswith(found.value):   # 良 / 良好
            return None
        when = "评定的等级" if result.grade else "暂定的等级"
        return f"按综合得分{numbers.points(result.total)}{when}是“{grade}”"
    value = Decimal(found.value)
    if found.kind == "total":
        return None if value == result.total else f"综合得分是{numbers.points(result.total)}"
    if found.kind == "total_rate":
        return None if value == result.rate else f"总体得分率是{numbers.percent(result.rate)}"
    if node is None:
        return None
    who = f"{node.name}指标" if node.level == 1 else f"{node.code}{node.name}"
    if node.not_applicable:         # any score or rate stated for it contradicts the report
        return f"{who}不适用，不计分"
    if found.kind == "score":
        if node.score is None or value == node.score:
            return None
        return f"{who}的得分是{numbers.points(node.score)}"
    if node.rate is None or value == node.rate:
        return None
    return f"{who}的得分率是{numbers.percent(node.rate)}"


def check_text(data: ReportData, layout: str) -> list[Check]:
    """Statements in the text ``layout`` prints that differ from the engine's numbers."""
    numbers = Numbers.of(data.info)
    bands = list(dict.fromkeys([name for name, _ in parse_bands(data.info.grade_bands)]
                               + [name for name, _ in DEFAULT_BANDS]))
    mentions = Mentions(data)
    out: list[Check] = []
    seen: set[tuple[str, str]] = set()
    for source in _sources(data, layout):
        text = data.text(source.text)
        for stated in statements(text, bands):
            found, node = stated, source.own
            start = _sentence_start(text, found.at)
            sentence = text[start:found.at + len(found.quote)]
            if _ELSEWHERE.search(sentence):
                continue
            if found.kind in ("score", "rate") and text[found.at - 1:found.at] == "的" \
                    and _CONDITION.search(sentence):
                continue
            if found.kind in ("score", "rate", "total"):
                named = mentions.last_before(text, start, found.at, source.names)
                if found.kind == "total" and named:
                    # '决策指标总得分17.5分' is the score of the indicator named before it
                    found = replace(found, kind="score")
                if named is not None and found.kind != "total":
                    node = data.result.by_id.get(named) if named else None
            instead = _differs(data, found, node, numbers)
            if instead is None or (source.label, found.quote) in seen:
                continue
            seen.add((source.label, found.quote))
            where = source.own if source.place == INDICATOR else None
            out.append(Check(GRADE if found.kind == "grade" else STATED_NUMBER,
                             f"{source.label}中写“{found.quote}”，而{instead}", source.action,
                             ERROR, where.code if where else "", where.id if where else None,
                             source.section, source.place))
    return out
