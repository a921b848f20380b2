"""Evidence files (佐证材料) kept inside the project file.

A file attached to an indicator (or to one of its deductions) becomes an ``Evidence`` row (name,
size, SHA-256 hash, note) and its bytes one ``evidence_blob`` row keyed by that hash, so the same
file attached twice is stored once. The blob is written in a small transaction of its own before
the edit that inserts the row (blobs are not rows of the change log: an undo that brings the row
back finds its bytes still there, because a blob is never deleted). Reading verifies the hash, so
a tampered blob is refused instead of being opened. Files are checked before they are stored:
a regular file, at most ``MAX_BYTES``, of a common document or image type whose first bytes match
its extension.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import atomic, order
from .content_checks import MAX_EVIDENCE_BYTES
from .edits import Delete, Edit, Insert, Op, Update
from .errors import EditError, PfdeskError
from .model import Deduction, Evidence
from .plain import os_reason, sqlite_reason
from .text import clean

if TYPE_CHECKING:
    from .project import Project

log = logging.getLogger(__name__)

MAX_BYTES = MAX_EVIDENCE_BYTES
HASH_PATTERN = re.compile(r"^[0-9a-f]{64}$")

_PDF = (b"%PDF-",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)      # Word 97-2003, Excel 97-2003, WPS, ET
_ZIP = (b"PK\x03\x04",)
_TIFF = (b"II*\x00", b"MM\x00*")
# Extension → (what the user calls it, the first bytes it must start with, a zip entry it must hold).
KINDS: dict[str, tuple[str, tuple[bytes, ...], str]] = {
    "pdf": ("PDF", _PDF, ""),
    "ofd": ("OFD", _ZIP, "OFD.xml"),
    "png": ("PNG 图片", (b"\x89PNG\r\n\x1a\n",), ""),
    "jpg": ("JPG 图片", (b"\xff\xd8\xff",), ""),
    "jpeg": ("JPG 图片", (b"\xff\xd8\xff",), ""),
    "gif": ("GIF 图片", (b"GIF87a", b"GIF89a"), ""),
    "bmp": ("BMP 图片", (b"BM",), ""),
    "tif": ("TIFF 图片", _TIFF, ""),
    "tiff": ("TIFF 图片", _TIFF, ""),
    "doc": ("Word", _OLE, ""),
    "docx": ("Word", _ZIP, "word/"),
    "xls": ("Excel", _OLE, ""),
    "xlsx": ("Excel", _ZIP, "xl/"),
    "wps": ("WPS 文字", _OLE, ""),
    "et": ("WPS 表格", _OLE, ""),
}
ALLOWED_TEXT = ("PDF、OFD、图片（PNG、JPG、GIF、BMP、TIFF）、Word（DOC、DOCX）、Excel（XLS、XLSX）"
                "和 WPS（WPS、ET）文件")
# Characters Windows does not allow in a file name, and its reserved device names.
_BAD_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


class EvidenceError(PfdeskError):
    """An evidence file was refused or its stored bytes cannot be used; nothing was changed."""


def size_text(size: int) -> str:
    """A file size as people read it (“3.2 MB”, “850 KB”, “12 字节”)."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} 字节"


# ----- checking a file from the disk -----

def check_file(path: str | Path) -> int:
    """The size of a file that may be attached; EvidenceError says why another may not."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise EvidenceError(f"找不到文件 {path.name}，它可能已被移动或删除。请重新选择文件。") from exc
    except OSError as exc:
        raise EvidenceError(f"无法读取 {path.name}（{os_reason(exc)}）。请检查文件后重新选择。") from exc
    if not path.is_file():
        raise EvidenceError(f"{path.name} 不是一个普通文件（可能是文件夹或快捷方式），没有添加。"
                            "请选择文件本身。")
    _check_kind(path.name)
    _check_size(path.name, info.st_size)
    return info.st_size


def _check_kind(name: str) -> str:
    ext = Path(name).suffix.lower().lstrip(".")
    if ext not in KINDS:
        shown = f"（.{ext}）" if ext else "（没有扩展名）"
        raise EvidenceError(f"{name} 的文件类型{shown}不能作为佐证材料添加。可以添加 {ALLOWED_TEXT}。")
    return ext


def _check_size(name: str, size: int) -> None:
    if size > MAX_BYTES:
        raise EvidenceError(f"{name} 有 {size_text(size)}，超过了每份佐证材料 {size_text(MAX_BYTES)} 的上限，"
                            "没有添加。请压缩或拆分后再添加（例如把扫描件存为分辨率较低的 PDF）。")
    if size == 0:
        raise EvidenceError(f"{name} 是空文件，没有添加。请确认文件已完整保存后再添加。")


def check_content(name: str, data: bytes) -> None:
    """Refuse bytes that are not what the file's extension says (EvidenceError)."""
    ext = _check_kind(name)
    _check_size(name, len(data))
    label, starts, entry = KINDS[ext]
    fits = data.startswith(starts)
    if fits and entry:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                fits = any(n == entry or (entry.endswith("/") and n.startswith(entry))
                           for n in archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            fits = False
    if not fits:
        raise EvidenceError(f"{name} 的内容不是 {label} 文件（扩展名与内容不符，或文件已损坏），没有添加。"
                            "请用原来的程序重新保存后再添加。")


def sha256(data: bytes) -> str:
    """The content hash evidence is stored under (64 lowercase hex digits)."""
    return hashlib.sha256(data).hexdigest()


# ----- storing and reading bytes -----

def _refuse_read_only(project: Project) -> None:
    if project.readonly:
        why = f"（{project.readonly_reason}）" if project.readonly_reason else ""
        raise EditError(f"项目以只读方式打开{why}，这次修改没有保存。要编辑，请另存为一个新文件。")


def store_blobs(project: Project, blobs: Iterable[tuple[str, bytes]]) -> None:
    """Write content-addressed blobs in one transaction of their own (already stored: kept)."""
    _refuse_read_only(project)
    conn = project.conn
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO evidence_blob (hash, data) VALUES (?, ?)",
                             ((h, sqlite3.Binary(d)) for h, d in blobs))
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        log.exception("storing evidence failed")
        raise EditError(f"佐证材料未能保存（{sqlite_reason(exc)}），项目保持原样") from exc


def has_blob(conn: sqlite3.Connection, digest: str) -> bool:
    """Whether the file holds the bytes stored under ``digest``."""
    return conn.execute("SELECT 1 FROM evidence_blob WHERE hash = ?", (digest,)).fetchone() \
        is not None


def _read_checked(conn: sqlite3.Connection, digest: str, name: str) -> bytes:
    try:
        row = conn.execute("SELECT data FROM evidence_blob WHERE hash = ?", (digest,)).fetchone()
    except sqlite3.Error as exc:
        raise EvidenceError(f"无法读取佐证材料{name}（{sqlite_reason(exc)}）。") from exc
    if row is None or not isinstance(row[0], bytes):
        raise EvidenceError(f"项目文件中缺少佐证材料{name}的内容。"
                            "请从历史备份恢复项目文件，或删除后重新添加这份材料。")
    data = bytes(row[0])
    if sha256(data) != digest:
        raise EvidenceError(f"佐证材料{name}的内容已损坏（与记录的校验值不符），没有打开。"
                            "请从历史备份恢复项目文件，或删除后重新添加这份材料。")
    return data


def read_bytes(project: Project, digest: str) -> bytes:
    """The bytes stored under ``digest``, verified against it (EvidenceError when not)."""
    return _read_checked(project.conn, digest, "")


def damaged(project: Project) -> list[Evidence]:
    """Evidence rows whose stored bytes are missing or do not match their hash (reads every
    blob once: for ``pfdesk check``, not for opening)."""
    bad_hashes: set[str] = set()
    for digest in sorted({e.hash for e in project.rows(Evidence)}):
        try:
            _read_checked(project.conn, digest, "")
        except EvidenceError:
            bad_hashes.add(digest)
    return [e for e in project.rows(Evidence) if e.hash in bad_hashes]


# ----- edits -----

def list_for(project: Project, indicator_id: str) -> list[Evidence]:
    """An indicator's evidence (its deductions' included), in order."""
    return [e for e in project.rows(Evidence) if e.indicator_id == indicator_id]


def _owner_label(project: Project, indicator_id: str, deduction_id: str | None) -> str:
    ind = project.indicators().get(indicator_id)
    if ind is None:
        raise EditError("要添加佐证材料的指标已不存在，请重新选择指标。")
    if deduction_id is not None:
        ded = project.find("deduction", deduction_id)
        if not isinstance(ded, Deduction) or ded.indicator_id != indicator_id:
            raise EditError("要添加佐证材料的扣分项已不存在或不属于该指标，请重新选择。")
    return ind.code or ind.name


def _read_file(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EvidenceError(f"无法读取 {path.name}（{os_reason(exc)}）。请检查文件后重新选择。") from exc
    check_content(path.name, data)
    return data


def attach_files(project: Project, paths: Sequence[str | Path], indicator_id: str,
                 deduction_id: str | None = None, note: str = "",
                 progress: Callable[[int], None] | None = None) -> Edit:
    """Store several files and return the one edit that lists them (one undo step)."""
    _refuse_read_only(project)
    code = _owner_label(project, indicator_id, deduction_id)
    files = [Path(p) for p in paths]
    for path in files:
        check_file(path)
    keys = [e.sort_key for e in list_for(project, indicator_id)]
    ops: list[Op] = []
    for n, path in enumerate(files):
        data = _read_file(path)
        digest = sha256(data)
        store_blobs(project, [(digest, data)])
        key = order.after(keys)
        keys.append(key)
        ops.append(Insert(Evidence(sort_key=key, indicator_id=indicator_id,
                                   deduction_id=deduction_id, name=clean(path.name).strip(),
                                   hash=digest, size=len(data), note=clean(note).strip())))
        if progress:
            progress(n + 1)
    what = f"“{files[0].name}”" if len(files) == 1 else f" {len(files)} 份"
    return Edit(f"为 {code} 添加佐证材料{what}", ops)


def attach(project: Project, path: str | Path, indicator_id: str,
           deduction_id: str | None = None, note: str = "") -> Edit:
    """Check and store one file; return the edit inserting its Evidence row after the others."""
    return attach_files(project, [path], indicator_id, deduction_id, note)


def _evidence(project: Project, evidence_id: str) -> Evidence:
    row = project.find("evidence", evidence_id)
    if not isinstance(row, Evidence):
        raise EditError("这份佐证材料已不存在（可能已被删除），请刷新后重试。")
    return row


def remove(project: Project, evidence_id: str) -> Edit:
    """The edit removing an evidence row (its bytes stay: the change log may bring it back)."""
    row = _evidence(project, evidence_id)
    code = _code(project, row.indicator_id)
    return Edit(f"删除 {code} 的佐证材料“{row.name}”", [Delete("evidence", evidence_id)])


def set_note(project: Project, evidence_id: str, note: str) -> Edit:
    """The edit changing an evidence file's note (说明)."""
    row = _evidence(project, evidence_id)
    return Edit(f"修改佐证材料“{row.name}”的说明",
                [Update("evidence", evidence_id, {"note": clean(note).strip()})])


def _code(project: Project, indicator_id: str | None) -> str:
    ind = project.indicators().get(indicator_id or "")
    return (ind.code or ind.name) if ind is not None else ""


def ops_removing_deduction(project: Project, deduction_id: str) -> list[Op]:
    """Operations keeping a removed deduction's evidence on its indicator."""
    return [Update("evidence", e.id, {"deduction_id": None})
            for e in project.rows(Evidence) if e.deduction_id == deduction_id]


def ops_removing_indicators(project: Project, indicator_ids: set[str]) -> list[Op]:
    """Operations removing the evidence of indicators being removed."""
    return [Delete("evidence", e.id) for e in project.rows(Evidence)
            if e.indicator_id in indicator_ids]


# ----- files on the disk -----

def safe_name(name: str, digest: str = "") -> str:
    """A file name that every system accepts, keeping the original as far as possible."""
    base = _BAD_NAME_CHARS.sub("_", Path(name.replace("\\", "/")).name).strip().rstrip(". ")
    if not base or base.startswith(".") or _RESERVED.match(base):
        base = f"佐证材料-{digest[:8]}{Path(base).suffix}" if digest else f"佐证材料{base}"
    stem, suffix = Path(base).stem, Path(base).suffix
    while len(base.encode("utf-8")) > 200:
        stem = stem[:-1]
        base = stem + suffix
    return base


def export_to(project: Project, evidence_id: str, folder: str | Path) -> Path:
    """Write an evidence file under its own (sanitised) name in ``folder`` and return the path.

    The bytes are verified first; a file already there with the same content is reused (a
    viewer may hold it open).
    """
    row = _evidence(project, evidence_id)
    data = _read_checked(project.conn, row.hash, f"“{row.name}”")
    folder = Path(folder)
    target = folder / safe_name(row.name, row.hash)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if target.is_file() and target.stat().st_size == len(data) \
                and sha256(target.read_bytes()) == row.hash:
            return target
        atomic.write_bytes(target, data)
    except OSError as exc:
        raise EvidenceError(f"无法把“{row.name}”写到 {folder}（{os_reason(exc)}）。"
                            "请关闭正在查看它的程序后重试。") from exc
    return target


# ----- merges -----

def copy_blobs(into: Project, source_conn: sqlite3.Connection, hashes: Iterable[str]) -> int:
    """Copy the blobs ``hashes`` from another project file's connection into ``into``.

    Blobs ``into`` already holds are skipped; each copied blob is verified against its hash, and a
    missing or tampered one refuses the whole copy (EvidenceError) before anything is written.
    Written in one transaction of its own, before the merge edit. Returns how many were copied.
    """
    _refuse_read_only(into)
    wanted = sorted({h for h in hashes if not has_blob(into.conn, h)})
    for digest in wanted:
        if not HASH_PATTERN.match(digest):
            raise EvidenceError("合并的副本中有一份佐证材料的校验值无效，没有合并。请检查该副本。")

    def verified() -> Iterable[tuple[str, bytes]]:
        for digest in wanted:       # read one at a time; a bad one rolls the whole copy back
            yield digest, _read_checked(source_conn, digest, "（来自合并的副本）")

    if wanted:
        store_blobs(into, verified())
    return len(wanted)
