"""The whole project as readable JSON, and back, losslessly.

A dump lists every table's rows in a stable order with decimals as strings. Loading treats the
JSON as untrusted: unknown tables or columns, wrong types and broken links are refused with a
message naming the table and row, and no project file is left behind on failure.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from .content_checks import content_problems
from .errors import ImportError_, PfdeskError, ProjectFileError
from .model import ROW_TYPES, TABLE_ORDER, Row
from .numbers import to_decimal
from .project import Project
from .schema import SCHEMA_VERSION

FORMAT = "pfdesk-dump"
MAX_BYTES = 200_000_000


def _sort_key(row: Row) -> tuple[Any, ...]:
    return (getattr(row, "position", 0), row.id)


def dump(project: Project) -> dict[str, Any]:
    """The project as a JSON-ready dict."""
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLE_ORDER:
        cls = ROW_TYPES[table]
        rows = sorted(project.rows(cls), key=_sort_key)
        tables[table] = [row.to_row() for row in rows]
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "tables": tables}


def dumps(project: Project) -> str:
    """The dump as indented JSON text (UTF-8, Chinese kept readable)."""
    return json.dumps(dump(project), ensure_ascii=False, indent=1) + "\n"


def _parents_first(rows: list[Row], parent_attr: str) -> list[Row]:
    by_id = {r.id: r for r in rows}
    placed: set[str] = set()
    ordered: list[Row] = []

    def place(row: Row, trail: set[str]) -> None:
        if row.id in placed:
            return
        parent = getattr(row, parent_attr)
        if parent is not None and parent in by_id:
            if parent in trail:
                raise ImportError_(f"表 {row.TABLE} 的行 {row.id} 的上级形成了循环")
            place(by_id[parent], trail | {row.id})
        placed.add(row.id)
        ordered.append(row)

    for row in rows:
        place(row, {row.id})
    return ordered


def _row(cls: type[Row], table: str, index: int, data: object) -> Row:
    where = f"表 {table} 第 {index + 1} 行"
    if not isinstance(data, dict):
        raise ImportError_(f"{where} 不是对象")
    unknown = set(data) - set(cls.columns())
    if unknown:
        raise ImportError_(f"{where} 有未知字段：{'、'.join(sorted(unknown))}")
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
        elif name == "position":
            if not isinstance(value, int) or isinstance(value, bool):
                raise ImportError_(f"{where} 的 position 应为整数")
        elif value is not None and not isinstance(value, str):
            raise ImportError_(f"{where} 的 {name} 应为文本")
    return cls.from_row(data)


def rows_from_dump(data: object) -> list[Row]:
    """Check a parsed dump and return its rows in an order that satisfies every link."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportError_("不是 pfdesk 导出的 JSON（缺少 \"format\": \"pfdesk-dump\"）")
    version = data.get("schema_version")
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ImportError_(f"导出文件的格式版本 {version} 比本程序支持的 {SCHEMA_VERSION} 新，请升级 pfdesk")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise ImportError_("导出文件缺少 tables")
    unknown = set(tables) - set(TABLE_ORDER)
    if unknown:
        raise ImportError_(f"导出文件含有未知的表：{'、'.join(sorted(unknown))}")
    out: list[Row] = []
    for table in TABLE_ORDER:
        items = tables.get(table, [])
        if not isinstance(items, list):
            raise ImportError_(f"表 {table} 应为列表")
        rows = [_row(ROW_TYPES[table], table, i, item) for i, item in enumerate(items)]
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


def load(path: str | Path, out: str | Path, user: str = "") -> Project:
    """Create ``out`` from a dump file; on any failure no file is left behind."""
    path, out = Path(path), Path(out)
    if out.exists():
        raise ProjectFileError(out, "文件已存在，请换一个文件名或先删除它")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ImportError_(f"{path.name} 太大（超过 200 MB），不像是 pfdesk 导出的文件")
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportError_(f"{path.name} 不是 UTF-8 文本") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{path.name} 第 {exc.lineno} 行第 {exc.colno} 列不是合法的 JSON") from exc
    rows = rows_from_dump(data)
    project = Project.create_empty(out, user=user)
    try:
        project.insert_verbatim(rows)
        project.close()
        problems = content_problems_of(out)
        if problems:
            raise ImportError_(f"{path.name} 的内容无法使用（{problems[0]}）")
        return Project.open(out, user=user)
    except (PfdeskError, OverflowError, ValueError, TypeError) as exc:
        project.close()
        out.unlink(missing_ok=True)
        Path(str(out) + "-journal").unlink(missing_ok=True)
        if isinstance(exc, ImportError_):
            raise
        raise ImportError_(f"{path.name} 的内容互相矛盾（{exc}）") from exc


def content_problems_of(path: Path) -> list[str]:
    """The opening checks of a freshly written file (types, choices, links, the tree)."""
    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        return content_problems(conn)
    finally:
        conn.close()
