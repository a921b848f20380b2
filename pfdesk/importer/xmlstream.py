"""Parsing one XML part of an outside file as a stream, with hard limits on what it may hold.

Excel and WPS never write a document type declaration, so any DTD is refused before it is read:
no entity expansion (billion laughs), no external entities. Elements are handed to a handler by
their local name (any prefix dropped) and never kept as a tree; nesting depth and the number of
elements are capped, so memory and time stay bounded whatever the part says. Every failure is an
ImportError_ naming the file and the part.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import NoReturn
from xml.parsers import expat

from ..errors import ImportError_

log = logging.getLogger(__name__)

MAX_DEPTH = 100


class Handler:
    """Receives the elements of one part; subclasses override what they need."""

    max_elements = 100_000
    wants_close = False
    wants_text = False

    def open(self, name: str, attrs: dict[str, str]) -> None:
        """An element starts (``name`` is the local name)."""

    def close(self, name: str) -> None:
        """An element ends (called only when ``wants_close``)."""

    def text(self, data: str) -> None:
        """Character data (called only when ``wants_text``)."""


def shown(text: str, width: int = 20) -> str:
    """Text from the file as it may appear in a message: one line, at most ``width`` characters."""
    line = re.sub(r"[\x00-\x1f\x7f]+", " ", text[: width + 1]).strip()
    return line if len(line) <= width else line[: width // 2] + "…"


def local(name: str) -> str:
    """'x:row' → 'row'."""
    return name.rpartition(":")[2]


def parse(chunks: Iterable[bytes], handler: Handler, file: str, part: str) -> None:
    """Feed ``chunks`` (one part's bytes) through a hardened parser into ``handler``."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    part = shown(part, 60)
    depth = 0
    count = 0
    limit = handler.max_elements

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, count
        depth += 1
        count += 1
        if depth > MAX_DEPTH:
            raise ImportError_(f"{file} 的 {part} 嵌套超过 {MAX_DEPTH} 层，文件已损坏或是特意构造的，"
                               "未读取：请向发送者索取由 Excel 或 WPS 保存的文件")
        if count > limit:
            raise ImportError_(f"{file} 的 {part} 内容过多（超过 {limit} 个元素），不像是指标评分表，"
                               "未读取：请只保留指标评分表后再导入")
        handler.open(name.rpartition(":")[2] if ":" in name else name, attrs)

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1
        handler.close(name.rpartition(":")[2] if ":" in name else name)

    def end_count(name: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_: object) -> NoReturn:
        raise ImportError_(f"{file} 的 {part} 含有文档类型声明（DTD），Excel 和 WPS 保存的文件不会有，"
                           "为安全起见未读取：请向发送者索取由 Excel 或 WPS 另存的文件")

    parser.StartElementHandler = start
    parser.EndElementHandler = end if handler.wants_close else end_count
    if handler.wants_text:
        parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.ExternalEntityRefHandler = doctype
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        log.info("XML error in %s of %s: %s", part, file, exc)
        raise ImportError_(f"{file} 已损坏或不是有效的 .xlsx 文件（{part} 第 {exc.lineno} 行格式错误），"
                           "无法读取：请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入") from exc
