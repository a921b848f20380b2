"""The whole project as readable JSON, and back, losslessly.

A dump lists every table's rows in a stable order with decimals as strings. Loading treats the
JSON as untrusted: unknown tables or columns, wrong types, broken links, deep nesting and
indicator trees deeper than the files' own limit are refused with a one-line message naming the
table and row (never echoing long or multi-line values), and no project file is left behind on
failure. Dumps of older versions load too, upgraded row by row the way ``schema`` upgrades a
file. Evidence files travel in a ``blobs`` section (content hash → base64), verified against
their hashes and their rows' sizes on loading and stored before the rows that name them. Both
directions write through ``atomic``: a file appears complete or not at all.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from pathlib import Path
from typing import Any

from . import atomic, evidence, order
from .content_checks import MAX_DEPTH, content_problems
from .errors import ImportError_, PfdeskError, ProjectFileError
from .model import ROW_TYPES, TABLE_ORDER, Evidence, Row
from .numbers import shown, to_decimal
from .project import Project
from .schema import SCHEMA_VERSION

FORMAT = "pfdesk-dump"
MAX_BYTES = 2_000_000_000       # evidence files travel inside the dump (base64)
# Integer columns (everything else is text, a decimal or a flag).
_INTEGERS = {("evidence", "size")}


class DumpError(PfdeskError):
    """A dump could not be written (the target is the project itself)."""


def _sort_key(row: Row) -> tuple[Any, ...]:
    return (getattr(row, "sort_key", ""), row.id)


def dump(project: Project) -> dict[str, Any]:
    """The project as a JSON-ready dict."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLE_ORDER:
        cls = ROW_TYPES[table]
        rows = sorted(project.rows(cls), key=_sort_key)
        tables[table] = [row.to_row() for row in rows]
    out: dict[str, Any] = {"format": FORMAT, "schema_version": SCHEMA_VERSION, "tables": tables}
    hashes = sorted({e.hash for e in project.rows(Evidence)})
    if hashes:      # the evidence files' bytes, verified, once per content hash
        out["blobs"] = {h: base64.b64encode(evidence.read_bytes(project, h)).decode("ascii")
                        for h in hashes}
    return out


def dumps(project: Project) -> str:
    """The dump as indented JSON text (UTF-8, Chinese kept readable)."""
    return json.dumps(dump(project), ensure_ascii=False, indent=1) + "\n"


def _names(items: object) -> str:
    """Field or table names from a hostile file, as a short single line."""
    names = sorted(str(item) for item in items)  # type: ignore[attr-defined]
    listed = "、".join(shown(name) for name in names[:5])
    return listed + (f" 等 {len(names)} 个" if len(names) > 5 else "")


def _too_deep(table: str) -> str:
    if table == "indicator":
        return f"指标体系超过 {MAX_DEPTH} 级"
    return f"表 {table} 的上下级超过 {MAX_DEPTH} 级"


def _parents_first(rows: list[Row], parent_attr: str) -> list[Row]:
    """Rows reordered so that each comes after its parent; cycles and deep chains refused.

    Iterative, so a hostile chain thousands deep cannot exhaust the stack; a chain deeper than
    the files' own limit is refused here with the same words the file check uses.
    """
    by_id = {r.id: r for r in rows}
    depth: dict[str, int] = {}
    ordered: list[Row] = []
    for row in rows:
        chain: list[Row] = []
        on_chain: set[str] = set()
        node: Row | None = row
        while node is not None and node.id not in depth:
            if node.id in on_chain:
                raise ImportError_(f"表 {row.TABLE} 的行 {shown(node.id)} 的上级形成了循环")
            if len(chain) >= MAX_DEPTH:
                raise ImportError_(_too_deep(row.TABLE))
            chain.append(node)
            on_chain.add(node.id)
            parent = getattr(node, parent_attr)
            node = by_id.get(parent) if parent is not None else None
        base = 0 if node is None else depth[node.id]
        if base + len(chain) > MAX_DEPTH:
            raise ImportError_(_too_deep(row.TABLE))
        for level, item in enumerate(reversed(chain), start=base + 1):
            depth[item.id] = level
            ordered.append(item)
    return ordered


_SQLITE_INTEGER = range(-(2 ** 63), 2 ** 63)
_KEYS_SINCE = 3         # the version whose rows carry ordering keys instead of positions
_UPGRADE_REVIEWER = "升级前复核"
_UNDERIVED_SINCE = 4    # the version that stores no derived values


def _upgraded(table: str, where: str, data: dict[str, Any]) -> dict[str, Any]:
    """A row of a version 1 or 2 dump in today's columns, changed as the file migration does.

    The position number becomes an ordering key; status 已复核 becomes 已评 with the sign-off
    columns filled from who last changed the row.
    """
    data = dict(data)
    if "sort_key" in ROW_TYPES[table].columns() and "sort_key" not in data:
        value = data.pop("position", 0)     # an older file's default position was 0
        if (not isinstance(value, int) or isinstance(value, bool)
                or value not in _SQLITE_INTEGER):
            raise ImportError_(f"{where} 的 position 应为整数")
        data["sort_key"] = f"{max(value, 0):010d}V"
    if table == "indicator" and data.get("status") == "已复核":
        by, at = data.get("modified_by"), data.get("modified_at", "")
        who = by if isinstance(by, str) and by else _UPGRADE_REVIEWER
        data.update(status="已评", prepared_by=who, reviewed_by=who,
                    prepared_at=at, reviewed_at=at)
    return data


def _underived(table: str, data: dict[str, Any]) -> dict[str, Any]:
    """A row of a version 1 to 3 dump without the values the engine derives, as the version 4
    file migration does: an evaluator's total, a deduction-scored leaf's score (kept 已评)."""
    data = dict(data)
    if table == "evaluator":
        data.pop("total", None)
    if table == "indicator" and data.get("method") == "deduction":
        if data.get("score") is not None:
            data["status"] = "已评"
        data["score"] = None
    return data


def _row(cls: type[Row], table: str, index: int, data: object, version: int) -> Row:
    where = f"表 {table} 第 {index + 1} 行"
    if not isinstance(data, dict):
        raise ImportError_(f"{where} 不是对象")
    if version < _KEYS_SINCE:
        data = _upgraded(table, where, data)
    if version < _UNDERIVED_SINCE:
        data = _underived(table, data)
    unknown = set(data) - set(cls.columns())
    if unknown:
        raise ImportError_(f"{where} 有未知字段：{_names(unknown)}")
    if not isinstance(data.get("id"), str) or not data["id"]:
        raise ImportError_(f"{where} 缺少 id")
    for name, value in data.items():
        if name in cls.DECIMALS:
            if value is not None and not isinstance(value, str | int):
                raise ImportError_(f"{where} 的 {name} 应为字符串形式的数字")
            try:
                to_decimal(value)
            except ValueError as exc:
                raise ImportError_(f"{where} 的 {name}：{exc}") from exc
        elif name in cls.BOOLS:
            if value not in (0, 1, True, False):
                raise ImportError_(f"{where} 的 {name} 应为 0 或 1")
        elif (table, name) in _INTEGERS:
            if not isinstance(value, int) or isinstance(value, bool) \
                    or not 0 <= value <= evidence.MAX_BYTES:
                raise ImportError_(f"{where} 的 {name} 应为 0 到 {evidence.MAX_BYTES} 之间的整数")
        elif value is not None and not isinstance(value, str):
            raise ImportError_(f"{where} 的 {name} 应为文本")
        if isinstance(value, str) and not _storable(value):
            raise ImportError_(f"{where} 的 {name} 含有无法保存的字符（不成对的 \\u 转义）")
    if table == "project" and data.get("outline"):
        from .reports.outline import OutlineError, parse_stored

        try:
            parse_stored(data["outline"])
        except OutlineError as exc:
            raise ImportError_(f"{where} 的报告提纲（outline）有误：{exc}") from exc
    if "sort_key" in cls.columns() and not order.valid(data.get("sort_key") or ""):
        raise ImportError_(f"{where} 的 sort_key 缺失或不是有效的排序键")
    return cls.from_row(data)


def _storable(text: str) -> bool:
    """Whether text can be written as UTF-8 (JSON's \\ud800 escapes give lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def rows_from_dump(data: object) -> list[Row]:
    """Check a parsed dump and return its rows in an order that satisfies every link."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_("不是 pfdesk 导出的 JSON（缺少 \"format\": \"pfdesk-dump\"）")
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ImportError_("导出文件的格式版本（schema_version）应为整数")
    if version > SCHEMA_VERSION:
        raise ImportError_(f"导出文件的格式版本 {shown(version)} 比本程序支持的 {SCHEMA_VERSION} 新，"
                           "请升级 pfdesk")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ImportError_("导出文件缺少 tables")
    unknown = set(tables) - set(TABLE_ORDER)
    if unknown:
        raise ImportError_(f"导出文件含有未知的表：{_names(unknown)}")
    out: list[Row] = []
    for table in TABLE_ORDER:
        items = tables.get(table, [])
        if not isinstance(items, list):
            raise ImportError_(f"表 {table} 应为列表")
        rows = [_row(ROW_TYPES[table], table, i, item, version)
                for i, item in enumerate(items)]
        if len({r.id for r in rows}) != len(rows):
            raise ImportError_(f"表 {table} 中有重复的 id")
        if table == "indicator":
            rows = _parents_first(rows, "parent_id")
        elif table == "finding":
            rows = _parents_first(rows, "problem_id")
        out.extend(rows)
    if sum(1 for r in out if r.TABLE == "project") != 1:
        raise ImportError_("导出文件应恰好有一行项目信息（project）")
    ids = [(r.TABLE, r.id) for r in out]
    if len(ids) != len(set(ids)):
        raise ImportError_("导出文件中有重复的 id")
    return out


def blobs_from_dump(data: object, rows: list[Row]) -> dict[str, bytes]:
    """The evidence bytes of a checked dump, each verified against its hash and its row's size."""
    blobs = data.get("blobs", {}) if isinstance(data, dict) else None
    if not isinstance(blobs, dict):
        raise ImportError_("导出文件的 blobs 应为对象（校验值 → base64 内容）")
    out: dict[str, bytes] = {}
    for digest, text in blobs.items():
        if not evidence.HASH_PATTERN.match(str(digest)):
            raise ImportError_(f"导出文件的 blobs 中有无效的校验值 {shown(digest)}")
        if not isinstance(text, str) or len(text) > evidence.MAX_BYTES * 4 // 3 + 4:
            raise ImportError_(f"佐证材料 {digest[:12]}… 的内容应为不超过 "
                               f"{evidence.size_text(evidence.MAX_BYTES)} 的 base64 文本")
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ImportError_(f"佐证材料 {digest[:12]}… 的内容不是有效的 base64") from exc
        if evidence.sha256(raw) != digest:
            raise ImportError_(f"佐证材料 {digest[:12]}… 的内容与校验值不符（已损坏或被改动）")
        out[digest] = raw
    for row in rows:
        if isinstance(row, Evidence):
            raw_or_none = out.get(row.hash)
            if raw_or_none is None or len(raw_or_none) != row.size:
                raise ImportError_(f"佐证材料“{shown(row.name)}”的内容在导出文件中缺失或大小不符")
    used = {row.hash for row in rows if isinstance(row, Evidence)}
    return {h: raw for h, raw in out.items() if h in used}


def _parse(path: Path) -> object:
    """The JSON of a dump file; anything unreadable is ImportError_ in one line."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportError_(f"{path.name} 太大（超过 {MAX_BYTES // 1_000_000_000} GB），"
                               "不像是 pfdesk 导出的文件")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{path.name} 不是 UTF-8 文本") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{path.name} 第 {exc.lineno} 行第 {exc.colno} 列不是合法的 JSON") from exc
    except RecursionError as exc:
        raise ImportError_(f"{path.name} 的 JSON 嵌套层数过多，不像是 pfdesk 导出的文件") from exc
    except ValueError as exc:       # e.g. an integer of thousands of digits
        raise ImportError_(f"{path.name} 含有过长的数字，不是合法的 JSON") from exc


def load(path: str | Path, out: str | Path, user: str = "") -> Project:
    """Create ``out`` from a dump file; on any failure (or a kill) no file is left under ``out``."""
    path, out = Path(path), Path(out)
    if out.exists():
        raise ProjectFileError(out, "文件已存在，请换一个文件名或先删除它")
    if not out.resolve().parent.is_dir():
        raise ProjectFileError(out, f"文件夹 {out.resolve().parent} 不存在，请先建好文件夹")
    data = _parse(path)
    rows = rows_from_dump(data)
    blobs = blobs_from_dump(data, rows)
    try:
        with atomic.writing(out, overwrite=False) as tmp:
            project = Project.create_empty(tmp, user=user)
            try:
                if blobs:       # the bytes first, the rows naming them after (see ``evidence``)
                    evidence.store_blobs(project, blobs.items())
                project.insert_verbatim(rows)
            finally:
                project.close()
            problems = content_problems_of(tmp)
            if problems:
                raise ImportError_(f"{path.name} 的内容无法使用（{problems[0]}）")
    except FileExistsError as exc:
        raise ProjectFileError(out, "文件已存在，请换一个文件名或先删除它") from exc
    except ImportError_:
        raise
    except ProjectFileError as exc:       # named after the temporary file: name the target
        raise ProjectFileError(out, exc.reason) from exc
    except (PfdeskError, OverflowError, ValueError, TypeError) as exc:
        raise ImportError_(f"{path.name} 的内容互相矛盾（{exc}）") from exc
    return Project.open(out, user=user)


def write(project_path: str | Path, out: str | Path) -> None:
    """Write the dump of a project file to ``out``, complete or not at all."""
    project_path, out = Path(project_path), Path(out)
    if out.exists() and out.resolve() == project_path.resolve():
        raise DumpError(f"输出文件不能是项目文件本身（{out.name}），请换一个文件名")
    with Project.open(project_path, readonly=True) as project:
        text = dumps(project)
    atomic.write_bytes(out, text.encode("utf-8"))


def content_problems_of(path: Path) -> list[str]:
    """The opening checks of a freshly written file (types, choices, links, the tree)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        return content_problems(conn)
    finally:
        conn.close()
