"""Report outlines as data: which sections the full and brief layouts print, in what order, under
what headings, and how the report titles itself.

An ``Outline`` is an ordered tree of ``Section`` (a key saying what the section prints, its
heading text, on/off; at most three levels). Numbers are never part of a heading: they follow
from the order of the sections that are printed (一、 at the first level, （一） at the second,
1. at the third). The appendices (the scoring table ``appendix``, the AHP matrices ``ahp``
and a satisfaction survey ``survey`` placed after them; a survey placed among the chapters is a
numbered chapter) take no chapter number and each starts a page: "附件：" when one is printed,
"附件1：" "附件2：" when several are. A section with nothing to say is
left out; list sections (findings, suggestions, other matters) print the outline's ``empty``
wording instead when it has one (the shipped outlines have none: an empty section is left out
and named by the pre-export checks). An outline saved before a section existed (``ADDED``: the
survey and the AHP appendix) gets it at the end, on; a firm turns it off to leave it out.

The outline also carries the title pattern (``title``; the full report's cover has its own,
``cover_title``) and the preface wording (``preface``), with fields in braces filled from the
project: ``{单位}``, ``{项目}``, ``{主管部门}``, ``{委托单位}``, ``{评价机构}``, ``{评价方}``
(the firm, or 评价组), ``{委托}`` ("受…委托，" or nothing), ``{年度}``, ``{报告名称}`` (by the
evaluated object) and ``{简报名称}`` (by the evaluation mode). A region is written into the
pattern as it is ("上城区{单位}{项目}绩效评价报告").

pfdesk ships outlines in ``resources/outlines`` (``shipped()``); a project stores its own
(``ProjectInfo.outline``: JSON by layout, see ``stored_text``); ``pfdesk export --outline``
applies a file for one export (``applied``). An outline read from a file is untrusted:
``parse`` refuses unknown items, unknown or misplaced keys, duplicates, a missing conclusion,
wrong types, numbers typed into headings, unknown fields in patterns, deep nesting and huge
files with one plain Chinese sentence naming the problem (``OutlineError``); nothing is applied.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PfdeskError
from ..numbers import shown

if TYPE_CHECKING:
    from ..model import ProjectInfo
    from .data import ReportData
    from .writer import Writer

log = logging.getLogger(__name__)

FORMAT = "pfdesk-outline"
VERSION = 1
MAX_BYTES = 100_000        # a real outline is a few kilobytes
MAX_SECTIONS = 80
MAX_DEPTH = 3
MAX_HEADING = 60
MAX_PATTERN = 400
LAYOUTS = ("full", "brief")
APPENDIX = "appendix"
AHP = "ahp"
SURVEY = "survey"
# Keys that are always appendices, and the keys that may stand after them (the appendices
# are the top-level sections from the first of ``APPENDIX_KEYS`` on; a survey placed there is
# one, placed among the chapters it is a numbered chapter).
APPENDIX_KEYS = (APPENDIX, AHP)
AFTER_APPENDIX = (APPENDIX, AHP, SURVEY)
CN_DIGITS = "〇一二三四五六七八九"

# What each key prints, by layout: key -> (what it is called in messages, allowed parents;
# "" is the top level).
_TOP = ("",)
KEYS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "full": {
        "basics": ("基本情况", _TOP),
        "overview": ("项目概况", ("basics",)),
        "background": ("项目背景", ("overview", "basics")),
        "basis": ("立项依据", ("overview", "basics")),
        "organisation": ("组织实施情况", ("overview", "basics")),
        "content": ("项目实施内容", ("overview", "basics")),
        "completion": ("项目完成情况", ("overview", "basics")),
        "funding": ("资金情况（资金表）", ("overview", "basics")),
        "goals": ("绩效目标（目标表）", ("basics",)),
        "overall_goal": ("总体目标", ("goals", "basics")),
        "annual_goal": ("年度目标", ("goals", "basics")),
        "work": ("评价工作开展情况", _TOP),
        "purpose": ("评价目的、对象和范围", ("work",)),
        "method": ("评价原则、指标体系、方法、标准", ("work",)),
        "principles": ("评价原则", ("method", "work")),
        "indicator_system": ("评价指标体系", ("method", "work")),
        "methods": ("评价方法", ("method", "work")),
        "standards": ("评价标准", ("method", "work")),
        "process": ("评价工作过程", ("work",)),
        "conclusion": ("综合评价结论（汇总表和图）", _TOP),
        "verdict": ("综合评价结论（一段话，各部分得分在括号中）", _TOP),
        "analysis": ("指标分析", _TOP),
        "findings": ("成效与问题", _TOP),
        "achievements": ("主要成效", ("findings", "")),
        "experience": ("经验做法", ("findings", "")),
        "problems": ("存在的问题及原因", ("findings", "")),
        "suggestions": ("建议", _TOP),
        "other": ("其他需要说明的问题", _TOP),
        APPENDIX: ("附件：评分表", _TOP),
        "survey": ("满意度调查情况（表和图）", _TOP),
        "ahp": ("层次分析法判断矩阵及权重（附件）", _TOP),
    },
    "brief": {
        "overview": ("项目概况（背景和资金）", _TOP),
        "basics": ("基本情况", _TOP),
        "overall_goal": ("总体目标", ("basics",)),
        "annual_goal": ("年度目标", ("basics",)),
        "funding": ("资金情况", ("basics",)),
        "verdict": ("评价结论", _TOP),
        "experience": ("经验做法（含成效）", _TOP),
        "problems": ("存在的问题", _TOP),
        "suggestions": ("建议", _TOP),
    },
}
# At least one of these must be present and on: a report without its conclusion is no report.
REQUIRED = {"full": ("conclusion", "verdict"), "brief": ("verdict",)}
# The fields a title or preface pattern may use.
FIELDS = ("单位", "项目", "主管部门", "委托单位", "评价机构", "评价方", "委托", "年度",
          "报告名称", "简报名称")
REPORT_TITLES = {"项目": "财政支出项目绩效评价报告", "部门整体": "部门整体支出绩效评价报告",
                 "政策": "财政政策绩效评价报告"}
DEPARTMENT = "部门整体"
_ITEMS = {"format", "version", "name", "layout", "title", "cover_title", "preface", "empty",
          "sections"}
_SECTION_ITEMS = {"key", "heading", "on", "sections"}
_NUMBERED = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+[、.．]"
                       r"|\d+\s*[.．、]|第[一二三四五六七八九十\d]+[章部节])")
_FIELD = re.compile(r"\{([^{}]*)\}")


class OutlineError(PfdeskError):
    """An outline file or value that cannot be used; the message says what is wrong."""


@dataclass(frozen=True)
class Section:
    """One section: what it prints (``key``), its heading without a number, on or off."""

    key: str
    heading: str
    on: bool = True
    sections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Outline:
    """A layout's sections and wording (see the module docstring)."""

    name: str
    layout: str
    title: str
    sections: tuple[Section, ...]
    cover_title: str = ""
    preface: str = ""
    empty: str = ""

    def find(self, key: str) -> Section | None:
        """The section of ``key`` anywhere in the tree."""
        for section in walk(self.sections):
            if section.key == key:
                return section
        return None


def walk(sections: tuple[Section, ...]) -> Iterator[Section]:
    """Every section, depth first."""
    for section in sections:
        yield section
        yield from walk(section.sections)


# ----- numbering -----

def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (enough for any outline)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def number(level: int, n: int) -> str:
    """The number in front of the n-th printed heading of a level: 一、 （一） 1."""
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    return f"{n}."


def heading_text(section: Section, level: int, n: int, appendix: int | None = None) -> str:
    """The printed heading: numbered, or "附件：…" for an appendix ("附件2：…" when
    ``appendix`` gives its number among several)."""
    if appendix is not None or (section.key == APPENDIX and level == 1):
        return f"附件{appendix or ''}：{section.heading}"
    return number(level, n) + section.heading


def appendices(sections: tuple[Section, ...]) -> frozenset[str]:
    """The keys of the top-level sections that are appendices: from the first of
    ``APPENDIX_KEYS`` on."""
    keys = [s.key for s in sections]
    first = next((k for k, key in enumerate(keys) if key in APPENDIX_KEYS), len(keys))
    return frozenset(keys[first:])


def _numbering(sections: tuple[Section, ...], keep: Callable[[Section], bool]
               ) -> list[tuple[Section, int | None]]:
    """The top-level sections printed, each with its chapter number or, for an appendix, its
    appendix number (0 when it is the only one printed)."""
    extra = appendices(sections)
    shown_ = [s for s in sections if keep(s)]
    count = sum(1 for s in shown_ if s.key in extra)
    out: list[tuple[Section, int | None]] = []
    n = k = 0
    for section in shown_:
        if section.key in extra:
            k += 1
            out.append((section, k if count > 1 else 0))
        else:
            n += 1
            out.append((section, n))
    return out


def preview(outline: Outline,
            printed: Callable[[Section], bool] | None = None) -> list[tuple[int, str, Section]]:
    """(level, printed heading, section) of every section printed, numbered as printed.

    ``printed`` says whether a section is printed (default: it is on); the sections under one
    that is not printed are not listed.
    """
    keep = printed or (lambda s: s.on)
    out: list[tuple[int, str, Section]] = []
    extra = appendices(outline.sections)

    def visit(sections: tuple[Section, ...], level: int) -> None:
        n = 0
        for section in sections:
            if not keep(section):
                continue
            n += 1
            out.append((level, heading_text(section, level, n), section))
            visit(section.sections, level + 1)

    for section, number_ in _numbering(outline.sections, keep):
        if section.key in extra:
            out.append((1, heading_text(section, 1, 0, number_), section))
        else:
            out.append((1, heading_text(section, 1, number_ or 0), section))
        visit(section.sections, 2)
    return out


# ----- patterns -----

def fields(info: ProjectInfo) -> dict[str, str]:
    """The values of the pattern fields for a project."""
    def t(value: str) -> str:
        return " ".join((value or "").split())

    org = t(info.evaluator_org)
    commissioner = t(info.commissioner)
    return {
        "单位": t(info.unit), "项目": t(info.name), "主管部门": t(info.department),
        "委托单位": commissioner, "评价机构": org, "评价方": org or "评价组",
        "委托": f"受{commissioner}委托，" if commissioner else "",
        "年度": t(info.eval_year),
        "报告名称": REPORT_TITLES.get(info.eval_object, REPORT_TITLES["项目"]),
        "简报名称": "财政重点绩效评价报告" if info.eval_mode == "财政评价" else "重点绩效评价报告",
    }


def fill(pattern: str, values: Mapping[str, str]) -> str:
    """The pattern with its fields filled; runs of spaces become one, ends trimmed."""
    text = _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), pattern)
    return re.sub(r"[ \u3000]{2,}", " ", text).strip()


# ----- reading and writing -----

def _where(path: str) -> str:
    return path or "提纲"


def _text(value: object, what: str, limit: int, blank: bool = True) -> str:
    if not isinstance(value, str):
        raise OutlineError(f"{what}应为文字")
    if len(value) > limit:
        raise OutlineError(f"{what}太长（最多 {limit} 个字）")
    if "\n" in value or "\r" in value:
        raise OutlineError(f"{what}不能换行")
    if not blank and not value.strip():
        raise OutlineError(f"{what}不能为空")
    return value.strip()


def _pattern(value: object, what: str, blank: bool = True) -> str:
    text = _text(value, what, MAX_PATTERN, blank)
    for name in _FIELD.findall(text):
        if name not in FIELDS:
            raise OutlineError(f"{what}中的 {{{shown(name)}}} 不是可用的项目字段"
                               f"（可用：{'、'.join('{' + f + '}' for f in FIELDS)}）")
    return text


def _section(value: object, layout: str, parent: str, depth: int, where: str,
             seen: dict[str, str], count: list[int]) -> Section:
    if not isinstance(value, dict):
        raise OutlineError(f"{where}应为一个章节（含 key 和 heading）")
    extra = set(value) - _SECTION_ITEMS
    if extra:
        raise OutlineError(f"{where}中有不认识的项：{_names(extra)}")
    count[0] += 1
    if count[0] > MAX_SECTIONS:
        raise OutlineError(f"章节太多（最多 {MAX_SECTIONS} 个）")
    key = value.get("key")
    if not isinstance(key, str) or not key:
        raise OutlineError(f"{where}缺少章节类别（key）")
    known = KEYS[layout]
    if key not in known:
        raise OutlineError(f"{where}的章节类别 {shown(key)} 不是本格式的章节"
                           f"（可用：{'、'.join(known)}）")
    if key in seen:
        raise OutlineError(f"章节“{known[key][0]}”（{key}）出现了两次：{seen[key]}和{where}")
    seen[key] = where
    if parent not in known[key][1]:
        place = "第一级" if parent == "" else f"“{known[parent][0]}”之下"
        allowed = "、".join("第一级" if p == "" else f"“{known[p][0]}”之下" for p in known[key][1])
        raise OutlineError(f"{where}“{known[key][0]}”不能放在{place}（只能放在{allowed}）")
    heading = _text(value.get("heading"), f"{where}的标题", MAX_HEADING, blank=False)
    if _NUMBERED.match(heading):
        raise OutlineError(f"{where}的标题“{shown(heading)}”不要写编号"
                           "（一、（一）1. 按章节顺序自动生成）")
    on = value.get("on", True)
    if not isinstance(on, bool):
        raise OutlineError(f"{where}的 on 应为 true 或 false")
    children = value.get("sections", [])
    if not isinstance(children, list):
        raise OutlineError(f"{where}的 sections 应为章节列表")
    if children and depth >= MAX_DEPTH:
        raise OutlineError(f"{where}之下不能再分章节（最多 {MAX_DEPTH} 级）")
    subs = tuple(_section(child, layout, key, depth + 1, f"{where}第 {i} 小节", seen, count)
                 for i, child in enumerate(children, 1))
    return Section(key, heading, on, subs)


def _names(items: object) -> str:
    names = sorted(str(item) for item in items)  # type: ignore[attr-defined]
    return "、".join(shown(name) for name in names[:5]) + (
        f" 等 {len(names)} 项" if len(names) > 5 else "")


def from_dict(data: object) -> Outline:
    """An outline from untrusted JSON data; ``OutlineError`` naming the first problem."""
    if not isinstance(data, dict):
        raise OutlineError("提纲文件的内容应为一个对象（{…}）")
    if data.get("format") != FORMAT:
        raise OutlineError("这不是 pfdesk 的报告提纲文件（缺少 \"format\": \"pfdesk-outline\"）")
    extra = set(data) - _ITEMS
    if extra:
        raise OutlineError(f"提纲中有不认识的项：{_names(extra)}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise OutlineError("提纲文件的版本不对（可能来自更新版本的 pfdesk），请升级 pfdesk 后再导入")
    layout = data.get("layout")
    if layout not in LAYOUTS:
        raise OutlineError("提纲的 layout 应为 full（完整评价报告）或 brief（简版报告）")
    name = _text(data.get("name", ""), "提纲名称", MAX_HEADING)
    title = _pattern(data.get("title"), "报告标题", blank=False)
    cover = _pattern(data.get("cover_title", ""), "封面标题")
    preface = _pattern(data.get("preface", ""), "前言")
    empty = _text(data.get("empty", ""), "空章节的写法", 20)
    raw = data.get("sections")
    if not isinstance(raw, list) or not raw:
        raise OutlineError("提纲没有章节（sections 应为非空的章节列表）")
    seen: dict[str, str] = {}
    count = [0]
    sections = tuple(_section(item, str(layout), "", 1, f"第 {i} 章", seen, count)
                     for i, item in enumerate(raw, 1))
    outline = Outline(name or "自定义提纲", str(layout), title, _added(str(layout), sections),
                      cover, preface, empty)
    check(outline)
    return outline


# Sections added after outlines were first saved, by layout, with their default headings: an
# outline without the key (saved before it existed; the editor cannot delete a section) gets it
# at the end, on. To leave one out, a firm turns it off.
ADDED: dict[str, tuple[tuple[str, str], ...]] = {
    "full": ((SURVEY, "满意度调查情况"), (AHP, "层次分析法判断矩阵及权重")),
}


def _added(layout: str, sections: tuple[Section, ...]) -> tuple[Section, ...]:
    present = {s.key for s in walk(sections)}
    return sections + tuple(Section(key, heading) for key, heading in ADDED.get(layout, ())
                            if key not in present)


def check(outline: Outline) -> None:
    """The rules that hold for the whole outline (also for one edited in the window)."""
    required = REQUIRED[outline.layout]
    if not any((s := outline.find(k)) is not None and s.on for k in required):
        names = "或".join(f"“{KEYS[outline.layout][k][0]}”" for k in required)
        raise OutlineError(f"提纲缺少必需的章节：{names}（不能删去或关闭）")
    late = [s.key for s in outline.sections if s.key in appendices(outline.sections)]
    if any(key not in AFTER_APPENDIX for key in late):
        raise OutlineError("附件应放在最后（附件之后只能是其他附件或满意度调查情况）")
    if not any(s.on for s in outline.sections):
        raise OutlineError("提纲中没有打开的章节")


def _section_dict(section: Section) -> dict[str, Any]:
    out: dict[str, Any] = {"key": section.key, "heading": section.heading, "on": section.on}
    if section.sections:
        out["sections"] = [_section_dict(s) for s in section.sections]
    return out


def to_dict(outline: Outline) -> dict[str, Any]:
    """The outline as JSON-ready data (what ``from_dict`` reads)."""
    return {"format": FORMAT, "version": VERSION, "name": outline.name, "layout": outline.layout,
            "title": outline.title, "cover_title": outline.cover_title,
            "preface": outline.preface, "empty": outline.empty,
            "sections": [_section_dict(s) for s in outline.sections]}


def to_json(outline: Outline) -> str:
    """The outline as readable JSON text (a file to keep and import again)."""
    return json.dumps(to_dict(outline), ensure_ascii=False, indent=1) + "\n"


def parse(raw: bytes | str) -> Outline:
    """An outline from a file's bytes (untrusted)."""
    if len(raw) > MAX_BYTES:
        raise OutlineError(f"提纲文件过大（{len(raw) // 1024} KB），不是 pfdesk 的提纲文件")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise OutlineError("提纲文件不是 UTF-8 编码的文字文件") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise OutlineError(f"提纲文件的格式有误（第 {exc.lineno} 行第 {exc.colno} 列），"
                           "不是有效的 JSON") from exc
    except RecursionError as exc:
        raise OutlineError("提纲文件嵌套过深，不是 pfdesk 的提纲文件") from exc
    return from_dict(data)


def read_file(path: str | Path) -> Outline:
    """Read and check an outline file; ``OutlineError`` says what is wrong with it."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise OutlineError(f"提纲文件过大（{size // 1024} KB），不是 pfdesk 的提纲文件")
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise OutlineError(f"找不到提纲文件 {path.name}") from exc
    except IsADirectoryError as exc:
        raise OutlineError(f"{path.name} 是文件夹，不是提纲文件") from exc
    except OSError as exc:
        raise OutlineError(f"无法读取提纲文件 {path.name}（{exc.strerror or exc}）") from exc
    return parse(raw)


def write_file(outline: Outline, path: str | Path) -> None:
    """Save the outline as a file (complete or not at all)."""
    from .. import atomic

    atomic.write_bytes(Path(path), to_json(outline).encode("utf-8"))


# ----- shipped, stored and applied outlines -----

SHIPPED_NAMES = {"national": "国家通用", "condensed": "精简五部分", "brief": "简版（国家通用）",
                 "department": "部门整体", "department_brief": "部门整体（简版）"}


@cache
def shipped() -> dict[str, Outline]:
    """The outlines pfdesk ships, by id (``national``, ``condensed``, ``brief``, …)."""
    from ..resources import resources_dir

    folder = resources_dir() / "outlines"
    return {ident: parse((folder / f"{ident}.json").read_bytes()) for ident in SHIPPED_NAMES}


def default(layout: str, info: ProjectInfo | None = None) -> Outline:
    """The outline a layout follows when the project has none of its own."""
    dept = info is not None and info.eval_object == DEPARTMENT
    if layout == "brief":
        return shipped()["department_brief" if dept else "brief"]
    return shipped()["department" if dept else "national"]


def parse_stored(text: str) -> dict[str, Outline]:
    """The outlines a project keeps (``ProjectInfo.outline``), by layout; ``OutlineError`` when
    the value does not read."""
    if not text.strip():
        return {}
    if len(text) > MAX_BYTES * len(LAYOUTS):
        raise OutlineError("项目中保存的报告提纲过大")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise OutlineError("项目中保存的报告提纲不是有效的 JSON") from exc
    if not isinstance(data, dict) or not data:
        raise OutlineError("项目中保存的报告提纲应为按报告格式分的对象")
    out: dict[str, Outline] = {}
    for layout, value in data.items():
        outline = from_dict(value)
        if outline.layout != layout:
            raise OutlineError(f"项目中保存的 {shown(str(layout))} 提纲属于另一种报告格式")
        out[layout] = outline
    return out


def stored(text: str) -> dict[str, Outline]:
    """``parse_stored``, forgiving: a value that does not read (a file edited outside pfdesk)
    is ignored with a log line, and the layouts' defaults apply."""
    try:
        return parse_stored(text)
    except OutlineError as exc:
        log.warning("stored outline ignored: %s", exc)
        return {}


def stored_text(outlines: Mapping[str, Outline]) -> str:
    """The project's stored value for its outlines ('' when none)."""
    if not outlines:
        return ""
    return json.dumps({layout: to_dict(outlines[layout]) for layout in sorted(outlines)},
                      ensure_ascii=False, separators=(",", ":"))


def describe(text: str) -> str:
    """The stored value in words for the history: the outlines' names, or 默认."""
    outlines = stored(text)
    if not outlines:
        return "默认"
    return "、".join(o.name for o in outlines.values())


_applied: ContextVar[Outline | None] = ContextVar("pfdesk_outline_applied", default=None)


@contextlib.contextmanager
def applied(outline: Outline | None) -> Iterator[None]:
    """Exports inside this block follow ``outline`` (for its layout) instead of the project's."""
    token = _applied.set(outline)
    try:
        yield
    finally:
        _applied.reset(token)


def for_layout(info: ProjectInfo, layout: str) -> Outline:
    """The outline an export of ``layout`` follows: one applied for this export, else the
    project's own, else the default."""
    override = _applied.get()
    if override is not None and override.layout == layout:
        return override
    own = stored(getattr(info, "outline", "")).get(layout)
    return own if own is not None else default(layout, info)


def printed_sections(info: ProjectInfo, layout: str) -> dict[str, str] | None:
    """The section keys an export of ``layout`` prints (on, and their parents on), each with
    its heading; None for a layout without an outline (its parts are fixed)."""
    if layout not in LAYOUTS:
        return None
    on: dict[str, str] = {}

    def visit(sections: tuple[Section, ...]) -> None:
        for section in sections:
            if section.on:
                on[section.key] = section.heading
                visit(section.sections)

    visit(for_layout(info, layout).sections)
    return on


def with_sections(outline: Outline, sections: tuple[Section, ...], **changes: str) -> Outline:
    """A copy with other sections (and other wording), checked."""
    out = replace(outline, sections=sections, **changes)
    check(out)
    return out


# ----- printing -----

@dataclass(frozen=True)
class Part:
    """How a key prints: ``has`` says whether there is anything to say, ``write`` prints it
    after the heading (or after the subsections, ``after``); ``listing`` parts print the
    outline's ``empty`` wording when they have nothing."""

    has: Callable[[ReportData], bool]
    write: Callable[[Writer, ReportData], object]
    after: bool = False
    listing: bool = False
    page_break: bool = False


NOTHING = Part(lambda d: False, lambda w, d: None)


@dataclass
class Printer:
    """Prints an outline's sections with the parts of one layout."""

    outline: Outline
    parts: Mapping[str, Part]
    data: ReportData
    _memo: dict[str, bool] = field(default_factory=dict)

    def printed(self, section: Section) -> bool:
        """On, and something to say (its own or a subsection's)."""
        if section.key in self._memo:
            return self._memo[section.key]
        part = self.parts.get(section.key, NOTHING)
        result = section.on and (
            part.has(self.data) or (part.listing and bool(self.outline.empty))
            or any(self.printed(s) for s in section.sections))
        self._memo[section.key] = result
        return result

    def write(self, w: Writer) -> None:
        """Every printed section in order, numbered as printed (as ``preview`` numbers them);
        each appendix starts a page."""
        extra = appendices(self.outline.sections)
        for section, number_ in _numbering(self.outline.sections, self.printed):
            if section.key in extra:
                self._section(w, section, 1, heading_text(section, 1, 0, number_), True)
            else:
                self._section(w, section, 1, heading_text(section, 1, number_ or 0), False)

    def _write(self, w: Writer, sections: tuple[Section, ...], level: int) -> None:
        n = 0
        for section in sections:
            if not self.printed(section):
                continue
            n += 1
            self._section(w, section, level, heading_text(section, level, n), False)

    def _section(self, w: Writer, section: Section, level: int, text: str,
                 appendix: bool) -> None:
        part = self.parts.get(section.key, NOTHING)
        if part.page_break or appendix:
            w.page_break()
        w.heading(min(level, 3), text)
        if not part.after:
            self._own(w, part)
        self._write(w, section.sections, level + 1)
        if part.after:
            self._own(w, part)

    def _own(self, w: Writer, part: Part) -> None:
        if part.has(self.data):
            part.write(w, self.data)
        elif part.listing and self.outline.empty:
            w.body(self.outline.empty)
