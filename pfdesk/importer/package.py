"""The zip container of an outside .xlsx: its directory checked, parts found and read with caps.

Nothing here trusts the file. The directory is checked before any part is unpacked: too many
entries, a declared unpacked size beyond the caps (zip bombs), encryption, or a compression
method Excel never uses (bzip2 and LZMA unpack without a size bound) refuse the file. Parts are
found through the relationships, whatever their names, compared without case as OPC wants.
A part is read in chunks and zipfile stops at the declared size, so a directory that lies gives
a CRC error, which is reported as damage like every other zip or zlib failure.
"""

from __future__ import annotations

import logging
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ..errors import ImportError_
from . import xmlstream

log = logging.getLogger(__name__)

MAX_ENTRIES = 5_000
MAX_UNPACKED = 100 * 1024 * 1024  # all entries together, as the directory declares them
MAX_PART = 32 * 1024 * 1024  # one part that is parsed (worksheet, shared strings, styles …)
CHUNK = 1 << 20
MB = 1024 * 1024

# What a broken or hostile zip makes zipfile and zlib raise while listing or unpacking.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, struct.error,
              UnicodeDecodeError, NotImplementedError, RuntimeError, OverflowError, KeyError)
_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)

WORKBOOK_TYPE = "/officeDocument"
FALLBACK_WORKBOOK = "xl/workbook.xml"


def damaged(file: str, detail: str = "") -> ImportError_:
    """The one sentence for a file that cannot be read as an .xlsx (``detail`` says where)."""
    why = f"（{detail}）" if detail else ""
    return ImportError_(f"{file} 已损坏或不是有效的 .xlsx 文件{why}，无法读取："
                        "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入")


def too_big(subject: str, what: str) -> ImportError_:
    """A file refused because something in it is far beyond what an indicator sheet needs."""
    return ImportError_(f"{subject}{what}，不像是指标评分表，未读取：请只保留指标评分表后再导入")


@dataclass(frozen=True)
class Relationship:
    """One relationship of a part: its id, its type URI and the part name it points at."""

    rid: str
    kind: str
    target: str


class Package:
    """An opened .xlsx zip whose directory has passed the checks; close it when done."""

    def __init__(self, path: Path) -> None:
        self.file = path.name
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except ZIP_ERRORS as exc:
            log.info("not a readable zip %s: %r", path, exc)
            raise ImportError_(f"{self.file} 不是 .xlsx 文件，或文件已损坏："
                               "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入") from exc
        try:
            self._check_directory(infos)
        except ImportError_:
            self._zip.close()
            raise
        self._parts = {_key(info.filename): info for info in infos}

    def close(self) -> None:
        """Release the file."""
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_directory(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_ENTRIES:
            raise too_big(self.file, f" 中的文件过多（{len(infos)} 个，上限 {MAX_ENTRIES} 个）")
        if sum(info.file_size for info in infos) > MAX_UNPACKED:
            raise too_big(self.file, f" 解压后超过 {MAX_UNPACKED // MB} MB")

    def has(self, part: str) -> bool:
        """Whether the package holds ``part`` (a part name without the leading slash)."""
        return _key(part) in self._parts

    def chunks(self, part: str) -> Iterator[bytes]:
        """The unpacked bytes of ``part`` in chunks; every zip failure is an ImportError_."""
        info = self._parts.get(_key(part))
        if info is None:
            raise damaged(self.file, f"缺少 {xmlstream.shown(part, 60)}")
        if info.flag_bits & 0x1:
            raise ImportError_(f"{self.file} 的内容已加密，无法读取：请去掉密码并另存为 .xlsx 后再导入")
        if info.compress_type not in _METHODS:
            raise ImportError_(f"{self.file} 使用了 Excel 不使用的压缩方式，无法读取："
                               "请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入")
        if info.file_size > MAX_PART:
            raise too_big(self.file, f" 中的 {xmlstream.shown(part, 60)} 解压后超过 {MAX_PART // MB} MB")
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    yield chunk
        except ZIP_ERRORS as exc:
            log.info("damaged part %s in %s: %r", part, self.file, exc)
            raise damaged(self.file, f"{xmlstream.shown(part, 60)} 的压缩数据校验失败") from exc

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of ``source`` ('' for the package), targets resolved to part names."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return []
        handler = _Relationships(folder)
        xmlstream.parse(self.chunks(rels), handler, self.file, rels)
        return handler.found

    def workbook_part(self) -> str:
        """The workbook part named by the package relationships (Excel's usual name otherwise)."""
        for rel in self.relationships(""):
            if rel.kind.endswith(WORKBOOK_TYPE) and self.has(rel.target):
                return rel.target
        if self.has(FALLBACK_WORKBOOK):
            return FALLBACK_WORKBOOK
        raise damaged(self.file, "找不到工作簿内容")


class _Relationships(xmlstream.Handler):
    """Collects the Relationship elements of a .rels part (external targets left out)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder
        self.found: list[Relationship] = []

    def open(self, name: str, attrs: dict[str, str]) -> None:
        if name != "Relationship" or attrs.get("TargetMode", "").lower() == "external":
            return
        target = attrs.get("Target", "")
        if target:
            self.found.append(Relationship(attrs.get("Id", ""), attrs.get("Type", ""),
                                           resolve(self.folder, target)))


def resolve(folder: str, target: str) -> str:
    """A relationship target as a part name: relative to the source's folder unless absolute."""
    target = unquote(target).replace("\\", "/")
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    parts: list[str] = []
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if parts:
                parts.pop()
            continue
        parts.append(piece)
    return "/".join(parts)


def _key(name: str) -> str:
    return name.replace("\\", "/").lstrip("/").lower()
