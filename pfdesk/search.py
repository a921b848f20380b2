"""Find in a project: indicators by code or name, and any text the evaluator wrote.

``search(project, query)`` returns ``Hit`` records, best first: an indicator whose code is the
query, then codes starting with it, then indicator names, then every other text field holding
it (indicator explanation, criteria, values and analysis; deduction reasons and evidence;
findings and their causes; narrative sections; targets; funding items; project information;
evaluators). Matching ignores case, width (full-width ``Ｂ１１`` finds ``B11``) and the spaces
between words: every word of the query must occur in the same field.

No Qt here: the window words the places and jumps to them (``ui.find_panel``).
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .model import NARRATIVE_KEYS, Deduction, Indicator
from .project import Project

log = logging.getLogger(__name__)

MAX_HITS = 300
SNIPPET_BEFORE = 16
SNIPPET_AFTER = 40

# (field, label) of each searched table, in the order hits of one row are listed.
INDICATOR_TEXTS = (("explanation", "指标解释"), ("criteria", "评分标准"),
                   ("target_value", "目标值"), ("actual_value", "实际完成值"),
                   ("data_source", "数据来源"), ("analysis", "分析"))
DEDUCTION_TEXTS = (("reason", "扣分理由"), ("evidence", "扣分依据"))
FINDING_TEXTS = (("text", "内容"), ("cause", "原因"))
TARGET_TEXTS = (("level1", "一级指标"), ("level2", "二级指标"), ("level3", "三级指标"),
                ("target_text", "指标内容"), ("actual_value", "实际完成值"),
                ("deviation_reason", "偏差原因"), ("note", "备注"))
FUNDING_TEXTS = (("name", "项目名称"), ("contractor", "实施单位"), ("remark", "备注"))
INFO_TEXTS = (("name", "项目名称"), ("unit", "项目单位"), ("department", "主管部门"),
              ("commissioner", "委托单位"), ("evaluator_org", "评价机构"),
              ("doc_number", "文号"), ("manager", "项目负责人"), ("address", "地址"),
              ("overall_goal", "总体目标"), ("annual_goal", "年度目标"))
EVALUATOR_TEXTS = (("name", "姓名"), ("title", "职称"), ("org", "单位"), ("role", "分工"))

# Ranks: lower is shown first.
RANK_CODE_EXACT, RANK_CODE_PREFIX, RANK_NAME, RANK_TEXT = 0, 1, 2, 3


@dataclass(frozen=True)
class Hit:
    """One place the query was found.

    ``page`` says where it is shown: 'indicator' (with ``indicator_id``), 'info', 'narrative'
    (``key`` is the section), 'funding', 'targets', 'findings' (``key`` is the kind) or
    'evaluators'. ``field`` is the row's field holding the text.
    """

    page: str
    table: str
    row_id: str
    field: str
    place: str          # where, in words: "B11 立项依据充分性 · 分析"
    label: str          # the field in words: "分析"
    snippet: str        # the text around the match, on one line
    indicator_id: str | None = None
    key: str = ""
    rank: int = RANK_TEXT


def fold(text: str) -> str:
    """Text as it is compared: NFKC (full-width to half-width), case-folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` folded character by character, and for each folded character its source."""
    parts: list[str] = []
    source: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        parts.append(folded)
        source.extend([i] * len(folded))
    return "".join(parts), source


def query_words(query: str) -> list[str]:
    """The words of a query, folded; empty for a blank query."""
    return fold(query).split()


def find_span(text: str, words: list[str]) -> tuple[int, int] | None:
    """Where the first word occurs in ``text`` (start, end in ``text``) when every word does."""
    if not words or not text:
        return None
    folded, source = _folded_with_map(text)
    if any(w not in folded for w in words):
        return None
    at = folded.find(words[0])
    end = at + len(words[0])
    return source[at], source[end - 1] + 1


def snippet(text: str, start: int, end: int) -> str:
    """One line of ``text`` around ``text[start:end]``, cut with … where it goes on."""
    begin = max(start - SNIPPET_BEFORE, 0)
    stop = min(end + SNIPPET_AFTER, len(text))
    shown = " ".join(text[begin:stop].split())
    return ("…" if begin > 0 else "") + shown + ("…" if stop < len(text) else "")


def indicator_place(ind: Indicator) -> str:
    """An indicator in words: its code and name."""
    return f"{ind.code} {ind.name}".strip() if ind.code else ind.name


def search(project: Project, query: str, limit: int = MAX_HITS) -> list[Hit]:
    """Every place ``query`` occurs, best first (at most ``limit``)."""
    words = query_words(query)
    if not words:
        return []
    hits = sorted(_all_hits(project, words), key=lambda h: h.rank)   # stable within a rank
    return hits[:limit]


def _all_hits(project: Project, words: list[str]) -> Iterator[Hit]:
    yield from _indicator_hits(project, words)
    yield from _finding_hits(project, words)
    yield from _narrative_hits(project, words)
    yield from _row_hits(project, words)


def _text_hits(row: object, texts: tuple[tuple[str, str], ...], words: list[str], page: str,
               place: str, indicator_id: str | None = None, key: str = "") -> Iterator[Hit]:
    """One hit per field of ``row`` holding every word."""
    for field, label in texts:
        text = str(getattr(row, field, "") or "")
        span = find_span(text, words)
        if span is not None:
            yield Hit(page, str(getattr(row, "TABLE", "")), str(getattr(row, "id", "")), field,
                      f"{place} · {label}", label, snippet(text, *span),
                      indicator_id, key)


def _indicator_hits(project: Project, words: list[str]) -> Iterator[Hit]:
    deductions = project.deduction_map()
    joined = " ".join(words)
    for ind in project.walk():
        place = indicator_place(ind)
        code = fold(ind.code)
        if code and (code == joined or code.startswith(joined)):
            rank = RANK_CODE_EXACT if code == joined else RANK_CODE_PREFIX
            yield Hit("indicator", "indicator", ind.id, "code", place, "编码", place,
                      ind.id, rank=rank)
        elif find_span(place, words) is not None:
            yield Hit("indicator", "indicator", ind.id, "name", place, "名称", place,
                      ind.id, rank=RANK_NAME)
        yield from _text_hits(ind, INDICATOR_TEXTS, words, page="indicator", place=place,
                              indicator_id=ind.id)
        for ded in deductions.get(ind.id, []):
            yield from _deduction_hits(ded, place, words)


def _deduction_hits(ded: Deduction, place: str, words: list[str]) -> Iterator[Hit]:
    yield from _text_hits(ded, DEDUCTION_TEXTS, words, page="indicator",
                          place=f"{place} · 扣分", indicator_id=ded.indicator_id)


def _finding_hits(project: Project, words: list[str]) -> Iterator[Hit]:
    for finding in project.findings():
        yield from _text_hits(finding, FINDING_TEXTS, words, page="findings",
                              place=f"评价发现 · {finding.kind}", key=finding.kind)


def _narrative_hits(project: Project, words: list[str]) -> Iterator[Hit]:
    for key, title in NARRATIVE_KEYS.items():
        row = project.narrative_row(key)
        if row is not None:
            yield from _text_hits(row, (("text", title),), words, page="narrative",
                                  place="报告章节", key=key)


def _row_hits(project: Project, words: list[str]) -> Iterator[Hit]:
    yield from _text_hits(project.info, INFO_TEXTS, words, page="info", place="项目信息")
    for target in project.targets():
        yield from _text_hits(target, TARGET_TEXTS, words, page="targets", place="绩效目标")
    for item in project.funding_items():
        yield from _text_hits(item, FUNDING_TEXTS, words, page="funding", place="资金明细")
    for person in project.evaluators():
        yield from _text_hits(person, EVALUATOR_TEXTS, words, page="evaluators",
                              place="评价人员")
