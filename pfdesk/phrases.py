"""The firm's phrase library (常用语库): its own sentences per indicator name, in three kinds
(problems, causes, suggestions), kept in a JSON file in the user's data folder.

The program ships a small default set (``resources/phrases.json``); the firm edits it in the
window, and files can be exported and imported. An imported file comes from outside: its size,
its JSON shape, the length of every name and sentence and their number are checked, and
characters a report cannot hold are removed. Errors are ``PhraseFileError`` with a plain Chinese
reason.

Matching an indicator to an entry: the same name (spaces ignored), else the longest entry name
contained in the indicator's name ("服务对象满意度" finds "满意度").
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import atomic
from .errors import PfdeskError
from .numbers import shown
from .paths import data_dir
from .resources import resource
from .text import clean

log = logging.getLogger(__name__)

FORMAT = "pfdesk-phrases"
VERSION = 1
FILE_NAME = "phrases.json"
KINDS = {"problems": "问题", "causes": "原因", "suggestions": "建议"}
MAX_FILE_BYTES = 1_000_000
MAX_ENTRIES = 1000
MAX_PHRASES = 100          # per kind of one entry
MAX_NAME_CHARS = 60
MAX_PHRASE_CHARS = 1000


class PhraseFileError(PfdeskError):
    """A phrase file cannot be read or written; ``reason`` says why in plain words."""

    def __init__(self, path: str | Path | None, reason: str, action: str = "无法读取") -> None:
        self.path = Path(path) if path is not None else None
        self.reason = reason
        name = f" {self.path.name}" if self.path is not None else ""
        super().__init__(f"{action}常用语文件{name}：{reason}")


class _ShapeError(ValueError):
    """The JSON is not a phrase library; the message says where."""


def _key(name: str) -> str:
    return re.sub(r"\s+", "", name)


@dataclass
class PhraseEntry:
    """The sentences for one indicator name."""

    name: str
    problems: list[str] = field(default_factory=list)
    causes: list[str] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[str]:
        """The sentences of a kind ('problems', 'causes', 'suggestions')."""
        if kind not in KINDS:
            raise KeyError(kind)
        return list(getattr(self, kind))

    def count(self) -> int:
        """How many sentences the entry holds."""
        return len(self.problems) + len(self.causes) + len(self.suggestions)


@dataclass
class PhraseBook:
    """Entries by indicator name, in the order they were given."""

    entries: list[PhraseEntry] = field(default_factory=list)

    def __iter__(self) -> Iterator[PhraseEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def names(self) -> list[str]:
        """The indicator names that have sentences."""
        return [e.name for e in self.entries]

    def get(self, name: str) -> PhraseEntry | None:
        """The entry of exactly this name (spaces ignored)."""
        key = _key(name)
        return next((e for e in self.entries if _key(e.name) == key), None)

    def entry_for(self, indicator_name: str) -> PhraseEntry | None:
        """The entry for an indicator: same name, else the longest entry name inside it."""
        exact = self.get(indicator_name)
        if exact is not None:
            return exact
        key = _key(indicator_name)
        inside = [e for e in self.entries if _key(e.name) and _key(e.name) in key]
        return max(inside, key=lambda e: len(_key(e.name))) if inside else None

    def phrases(self, indicator_names: Iterable[str], kind: str) -> list[str]:
        """Sentences of a kind for these indicator names, each once, in order."""
        out: list[str] = []
        for name in indicator_names:
            entry = self.entry_for(name)
            if entry is not None:
                out.extend(p for p in entry.of(kind) if p not in out)
        return out

    def all_phrases(self, kind: str) -> list[str]:
        """Every sentence of a kind, each once."""
        out: list[str] = []
        for entry in self.entries:
            out.extend(p for p in entry.of(kind) if p not in out)
        return out

    def named_in(self, text: str) -> list[str]:
        """Entry names that appear in a text (longest first), e.g. a problem naming 预算执行率."""
        key = _key(text)
        names = [e.name for e in self.entries if _key(e.name) and _key(e.name) in key]
        return sorted(names, key=len, reverse=True)

    def merged(self, other: PhraseBook) -> tuple[PhraseBook, int]:
        """This book with the entries and sentences of ``other`` added; and how many sentences
        were new. Nothing of this book is changed or removed."""
        result = PhraseBook([PhraseEntry(e.name, *(e.of(k) for k in KINDS)) for e in self])
        return result, sum(result.add(entry) for entry in other)

    def add(self, entry: PhraseEntry) -> int:
        """Add an entry's sentences (under an existing entry of that name, if any), within the
        limits; how many sentences were new."""
        mine = self.get(entry.name)
        if mine is None:
            if len(self.entries) >= MAX_ENTRIES:
                return 0
            mine = PhraseEntry(entry.name)
            self.entries.append(mine)
        added = 0
        for kind in KINDS:
            have = getattr(mine, kind)
            seen = set(have)
            for phrase in entry.of(kind):
                if len(have) >= MAX_PHRASES:
                    break
                if phrase not in seen:
                    seen.add(phrase)
                    have.append(phrase)
                    added += 1
        return added

    def to_data(self) -> dict[str, Any]:
        """The JSON object written to a file."""
        return {"format": FORMAT, "version": VERSION,
                "indicators": [{"name": e.name, **{k: e.of(k) for k in KINDS}} for e in self]}

    def to_json(self) -> str:
        """The file's text: indented UTF-8 JSON, Chinese as is."""
        return json.dumps(self.to_data(), ensure_ascii=False, indent=2) + "\n"


# ----- reading untrusted text -----

def _no_constant(name: str) -> Any:
    raise _ShapeError("含有 NaN 或 Infinity 这样的非法数值")


def _text(value: object, where: str, limit: int) -> str:
    if not isinstance(value, str):
        raise _ShapeError(f"{where}不是文字")
    text = clean(value).strip()
    if len(text) > limit:
        raise _ShapeError(f"{where}超过 {limit} 个字")
    return text


def _sentences(item: dict[str, Any], kind: str, where: str) -> list[str]:
    values = item.get(kind, [])
    if not isinstance(values, list):
        raise _ShapeError(f"{where}的“{KINDS[kind]}”不是句子列表")
    if len(values) > MAX_PHRASES:
        raise _ShapeError(f"{where}的“{KINDS[kind]}”超过 {MAX_PHRASES} 句")
    out: dict[str, None] = {}
    for n, value in enumerate(values, 1):
        text = _text(value, f"{where}的第 {n} 句“{KINDS[kind]}”", MAX_PHRASE_CHARS)
        if text:
            out[text] = None
    return list(out)


def _entry(index: int, item: object) -> PhraseEntry | None:
    where = f"第 {index + 1} 个指标"
    if not isinstance(item, dict):
        raise _ShapeError(f"{where}不是“指标名称 + 句子”的形式")
    name = re.sub(r"\s+", " ", _text(item.get("name"), f"{where}的名称", MAX_NAME_CHARS))
    if not name:
        raise _ShapeError(f"{where}缺少指标名称")
    unknown = sorted(set(item) - {"name", *KINDS})
    if unknown:
        raise _ShapeError(f"指标“{name}”有无法识别的项：{'、'.join(shown(k) for k in unknown[:3])}"
                          f"（可用的项：{'、'.join(KINDS)}）")
    entry = PhraseEntry(name, *(_sentences(item, kind, f"指标“{name}”") for kind in KINDS))
    return entry if entry.count() else None


def parse(text: str) -> PhraseBook:
    """A phrase library from its JSON text; ValueError (plain Chinese) when it is not one."""
    if len(text) > MAX_FILE_BYTES:
        raise _ShapeError("内容过长")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except RecursionError as exc:
        raise _ShapeError("嵌套层数过多") from exc
    except _ShapeError:
        raise
    except ValueError as exc:
        raise _ShapeError("不是有效的 JSON 文件") from exc
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise _ShapeError("不是 pfdesk 常用语库（缺少“indicators”列表）")
    if data.get("format", FORMAT) != FORMAT:
        raise _ShapeError("不是 pfdesk 常用语库")
    version = data.get("version", VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _ShapeError("版本号（version）应为正整数")
    if version > VERSION:
        raise _ShapeError("由较新版本的 pfdesk 写出，请先升级本程序")
    items = data["indicators"]
    if len(items) > MAX_ENTRIES:
        raise _ShapeError(f"指标超过 {MAX_ENTRIES} 个")
    book = PhraseBook()
    for index, item in enumerate(items):
        entry = _entry(index, item)
        if entry is not None:
            book.add(entry)
    return book


def read_file(path: str | Path) -> PhraseBook:
    """Read a phrase file from anywhere (an import): size capped, shape checked."""
    path = Path(path)
    try:
        if not path.is_file():
            raise PhraseFileError(path, "找不到该文件，或它不是普通文件")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PhraseFileError(path, f"文件超过 {MAX_FILE_BYTES // 1_000_000} MB，不像常用语库")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PhraseFileError(path, f"无法读取（{exc.strerror or exc}）") from exc
    if len(raw) > MAX_FILE_BYTES:
        raise PhraseFileError(path, f"文件超过 {MAX_FILE_BYTES // 1_000_000} MB，不像常用语库")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PhraseFileError(path, "不是 UTF-8 编码的文字文件") from exc
    try:
        return parse(text)
    except ValueError as exc:
        raise PhraseFileError(path, str(exc)) from exc


def write_file(book: PhraseBook, path: str | Path) -> None:
    """Write a phrase file completely or not at all (an export, or the firm's file)."""
    try:
        atomic.write_bytes(path, book.to_json().encode("utf-8"))
    except OSError as exc:
        raise PhraseFileError(path, f"无法写入（{exc.strerror or exc}）", "无法保存") from exc


# ----- the firm's file and the shipped set -----

def firm_path() -> Path:
    """The firm's phrase file in the user's data folder."""
    return data_dir() / FILE_NAME


def default_book() -> PhraseBook:
    """The sentences shipped with the program."""
    try:
        return read_file(resource(FILE_NAME))
    except PhraseFileError:
        log.exception("the shipped phrase library cannot be read")
        return PhraseBook()


def firm_book() -> tuple[PhraseBook, str]:
    """The firm's library (the shipped one until the firm saves its own) and, when the firm's
    file could not be used, why ('' otherwise)."""
    path = firm_path()
    if not path.exists():
        return default_book(), ""
    try:
        return read_file(path), ""
    except PhraseFileError as exc:
        log.warning("firm phrase file not used: %s", exc)
        return default_book(), f"{exc}，已改用程序自带的常用语"


def save_firm(book: PhraseBook) -> Path:
    """Store the firm's library; returns where."""
    path = firm_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PhraseFileError(path, f"无法创建文件夹（{exc.strerror or exc}）", "无法保存") from exc
    write_file(book, path)
    return path
