"""How the layouts print a finding's text: a bold title running into its text, and sub-points.

Users type a finding (a problem, a suggestion, an achievement) as lines. The first line is the
finding itself; each further line is one sub-point, as seed 004's 六、有关建议 writes them:

    （一）进一步提高绩效目标编制水平
    1.健全年初绩效指标，提高绩效管理水平。建议上城区数据资源局按照…
    2.完善绩效自评流程，动态跟踪项目情况。建议项目单位在项目结束后…

One further line alone, without a number typed in front of it, is not a sub-point: it runs on
after the first line in the same paragraph (a title and its text). Numbers typed in front of
sub-points (1. 1、 （1） (1) ①) are dropped, the layouts number them (1. 2. in the reports,
（1）（2） inside the 结果信息表's cells); sub-points written "一是…二是…" keep their own words.

In every paragraph the first sentence is the title, printed bold, when more text follows it
(seed 000: "（一）项目精细化管理水平不足，执行力度亟待加强。一是…"); a finding of one sentence is
plain text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from ..text import clean

log = logging.getLogger(__name__)

# A number typed in front of a sub-point: 1. 1、 1) （1） (1) ① … ⑳
_TYPED_NUMBER = re.compile(r"^\s*(?:[（(]\s*\d{1,2}\s*[）)]|\d{1,2}\s*[.．、)）]|[①-⑳])\s*")
_OWN_WORDS = re.compile(r"^[一二三四五六七八九十]+是")


@dataclass(frozen=True)
class Item:
    """One paragraph's worth: a bold ``lead`` (may be '') and the ``rest`` that runs on after
    it, with the sub-points under it."""

    lead: str
    rest: str
    subs: tuple[Item, ...] = ()

    @property
    def text(self) -> str:
        """The paragraph's text without numbers."""
        return self.lead + self.rest

    def plain(self, number: str = "", sub_number: str = "arabic") -> str:
        """The finding as lines of plain text (for a table cell): numbered, sub-points below."""
        lines = [number + self.text]
        lines += [("" if own_words(sub) else sub_label(i, sub_number)) + sub.text
                  for i, sub in enumerate(self.subs, 1)]
        return "\n".join(lines)


def split_lead(line: str) -> tuple[str, str]:
    """(first sentence, the rest) when more text follows the first sentence, else ('', line)."""
    end = line.find("。")
    if 0 <= end < len(line) - 1 and line[end + 1:].strip():
        return line[:end + 1], line[end + 1:]
    return "", line


def _sub(line: str) -> Item:
    lead, rest = split_lead(line)
    return Item(lead, rest)


def parse(text: str) -> Item:
    """A finding's text as printed (see the module docstring)."""
    lines = [line.strip() for line in clean(text or "").split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return Item("", "")
    first, more = lines[0], lines[1:]
    numbered = [bool(_TYPED_NUMBER.match(line)) for line in more]
    if len(more) == 1 and not numbered[0] and not _OWN_WORDS.match(more[0]):
        # a title on its own line and its text: one paragraph
        title = first if first.endswith(("。", "：", ":", "；")) else first + "。"
        return Item(title, more[0])
    lead, rest = split_lead(first)
    subs = tuple(_sub(_TYPED_NUMBER.sub("", line, count=1)) for line in more)
    if subs and not lead:
        return Item(first, "", subs)       # a title above its sub-points
    return Item(lead, rest, subs)


def sub_label(n: int, style: str = "arabic") -> str:
    """The number in front of the n-th sub-point: '1.' (arabic) or '（1）' (bracketed)."""
    return f"（{n}）" if style == "bracketed" else f"{n}."


def own_words(item: Item) -> bool:
    """Whether a sub-point numbers itself in words ('一是…'): no number is put in front."""
    return bool(_OWN_WORDS.match(item.text))
