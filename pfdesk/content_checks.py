"""Checks of a project file's values, run on the read-only connection before the file is used.

The schema check proves the tables are ours; these prove the rows are usable: every column
holds the type pfdesk writes, numbers parse and stay in range, choice fields hold known
choices, ordering keys are keys (see ``order``), links point at rows that exist, and the
indicator tree has no orphans, no cycles and a sane depth. A file of an older version is checked
by its own rules (status 已复核, no keys yet) before it is upgraded. A file failing any of them
is refused with the table and the reason.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from .model import METHODS, ROW_TYPES, STATUSES
from .numbers import to_decimal

MAX_DEPTH = 12
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024      # one evidence file (see ``evidence``)
_FLAGS = (("indicator", "not_applicable", "“不适用”标记"),
          ("indicator", "changed_after_review", "“复核后已修改”标记"),
          ("project", "allow_self_review", "“允许本人复核”设置"),
          ("conflict", "resolved", "合并冲突的“已解决”标记"))
_INTEGER_COLUMNS = (*(column for _, column, _ in _FLAGS), "size")
# Before version 3 a reviewed indicator had status 已复核; the upgrade moves it to sign-off.
_OLD_STATUSES = (*STATUSES, "已复核")
# An ordering key (see ``order.valid``): digits and letters only, not empty, no trailing 0.
_BAD_KEY = "sort_key = '' OR sort_key GLOB '*[^0-9A-Za-z]*' OR sort_key GLOB '*0'"


def _column_counts(conn: sqlite3.Connection, table: str,
                   columns: list[str]) -> tuple[list[int], int]:
    """In one pass over ``table``: for each column the count of values of a type pfdesk never
    writes there, and the count of ids empty or too long."""
    kinds = []
    for column in columns:   # written as counts of CASE: several times faster than NOT IN
        wanted = "integer" if column in _INTEGER_COLUMNS else "text"
        counted = "*" if column == "id" or wanted == "integer" else f"[{column}]"
        kinds.append(f"count({counted}) - count(CASE WHEN typeof([{column}]) = '{wanted}' "
                     "THEN 1 END)")
    ids = "count(CASE WHEN length(id) = 0 OR length(id) > 64 THEN 1 END)"
    row = conn.execute(f"SELECT {', '.join([*kinds, ids])} FROM [{table}]").fetchone()
    return [int(n) for n in row[:-1]], int(row[-1])


# A number as pfdesk writes it: an optional minus, 1–12 digits, optionally a point and 1–10
# digits. Such a value always parses within range (``numbers.to_decimal``), so only the others
# are read into Python and parsed there (``u`` is the value without its minus).
_PLAIN_NUMBER = ("u <> '' AND u NOT GLOB '*[^0-9.]*' AND u NOT GLOB '*.*.*' "
                 "AND u NOT GLOB '.*' AND u NOT GLOB '*.' AND (instr(u, '.') = 0 "
                 "AND length(u) <= 12 OR instr(u, '.') BETWEEN 2 AND 13 "
                 "AND length(u) - instr(u, '.') <= 10)")


def _number_problem(conn: sqlite3.Connection, table: str, column: str) -> str | None:
    unusual = conn.execute(
        f"SELECT v FROM (SELECT [{column}] AS v, CASE WHEN substr([{column}], 1, 1) = '-' "
        f"THEN substr([{column}], 2) ELSE [{column}] END AS u FROM [{table}] "
        f"WHERE [{column}] IS NOT NULL) WHERE NOT ({_PLAIN_NUMBER})")
    for (value,) in unusual:
        try:
            to_decimal(value)
        except ValueError:
            shown = str(value)[:20]
            if not shown.isprintable() or "\ufffd" in shown:
                return f"表 {table} 的 {column} 列有无法识别的数字"
            return f"表 {table} 的 {column} 列有无法识别的数字“{shown}”"
    return None


def _choice_problems(conn: sqlite3.Connection) -> list[str]:
    out = []
    columns = {r[1] for r in conn.execute("PRAGMA table_info(indicator)")}
    statuses = STATUSES if "reviewed_by" in columns else _OLD_STATUSES
    for column, allowed in (("method", METHODS), ("status", statuses)):
        marks = ", ".join("?" for _ in allowed)
        bad = conn.execute(f"SELECT count(*) FROM indicator WHERE {column} NOT IN ({marks})",
                           allowed).fetchone()[0]
        if bad:
            out.append(f"有 {bad} 个指标的 {column} 取值无法识别")
    for table, column, words in _FLAGS:
        present = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
        if column in present and conn.execute(
                f"SELECT count(*) FROM [{table}] WHERE [{column}] NOT IN (0, 1)").fetchone()[0]:
            owner = {"indicator": "指标的", "project": "项目的"}.get(table, "")
            out.append(f"{owner}{words}取值无法识别")
    return out


def _key_problems(conn: sqlite3.Connection) -> list[str]:
    """Ordered tables whose ordering keys are not keys (an older file has none yet)."""
    out = []
    for table, cls in ROW_TYPES.items():
        if "sort_key" not in cls.columns():
            continue
        present = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
        if "sort_key" not in present:
            continue
        bad = conn.execute(f"SELECT count(*) FROM [{table}] WHERE {_BAD_KEY}").fetchone()[0]
        if bad:
            out.append(f"表 {table} 有 {bad} 行的排序键（sort_key）无效")
    return out


def _text_problem(conn: sqlite3.Connection, table: str, columns: list[str]) -> str | None:
    """Text that is not UTF-8 (SQLite stores whatever bytes it is given); the columns' values
    are text or null (their types are checked first).

    Each column's values are joined (by a line break, which no broken sequence can absorb) and
    decoded once; a column too large to join is read value by value."""
    if not columns:
        return None
    # The values are text or null here (their types were checked first).
    joined = ", ".join(f"CAST(group_concat([{c}], char(10)) AS BLOB)" for c in columns)
    rows: Iterable[tuple[object, ...]]
    try:
        rows = [conn.execute(f"SELECT {joined} FROM [{table}]").fetchone()]
    except sqlite3.DataError:    # longer than SQLite's length limit: one value at a time
        blobs = ", ".join(f"CAST([{c}] AS BLOB)" for c in columns)
        rows = conn.execute(f"SELECT {blobs} FROM [{table}]")
    for values in rows:
        for column, value in zip(columns, values, strict=True):
            if value is None:
                continue
            try:
                bytes(value).decode("utf-8")
            except UnicodeDecodeError:
                return f"表 {table} 的 {column} 列有无法识别的字符（不是 UTF-8 文本）"
    return None


def chain_problem(parents: dict[str, str | None]) -> str | None:
    """'cycle', 'orphan' or 'deep' for links from rows to their parents; None when sound."""
    depth: dict[str, int] = {}
    for start in parents:
        chain: list[str] = []
        seen: set[str] = set()
        node: str | None = start
        while node is not None and node not in depth:
            if node in seen:
                return "cycle"
            if node not in parents:
                return "orphan"
            chain.append(node)
            seen.add(node)
            node = parents[node]
        base = 0 if node is None else depth[node]
        for offset, item in enumerate(reversed(chain), start=1):
            depth[item] = base + offset
        if depth.get(start, 0) > MAX_DEPTH:
            return "deep"
    return None


def _sound_tree(conn: sqlite3.Connection, table: str, parent: str) -> bool:
    """True when every row is reached from the top rows within ``MAX_DEPTH`` levels (so no
    cycle, orphan or deep chain): one recursive query instead of a walk in Python."""
    reached, deepest = conn.execute(
        f"WITH RECURSIVE down(id, depth) AS (SELECT id, 1 FROM [{table}] WHERE [{parent}] IS NULL "
        f"UNION ALL SELECT t.id, down.depth + 1 FROM [{table}] t JOIN down ON t.[{parent}] = "
        f"down.id WHERE down.depth <= {MAX_DEPTH}) SELECT count(*), max(depth) FROM down"
    ).fetchone()
    total = conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
    return bool(reached == total and (deepest or 0) <= MAX_DEPTH)


def _tree_problem(conn: sqlite3.Connection) -> str | None:
    if _sound_tree(conn, "indicator", "parent_id") and _sound_tree(conn, "finding", "problem_id"):
        return None
    found = chain_problem(dict(conn.execute("SELECT id, parent_id FROM indicator").fetchall()))
    words = {"cycle": "指标体系中有循环的上下级关系", "orphan": "有指标的上级指标不存在",
             "deep": f"指标体系超过 {MAX_DEPTH} 级"}
    if found:
        return words[found]
    found = chain_problem(dict(conn.execute("SELECT id, problem_id FROM finding").fetchall()))
    if found in ("cycle", "deep"):
        return "评价发现之间的对应关系形成了循环或过长的链"
    return None


def _evidence_problems(conn: sqlite3.Connection) -> list[str]:
    """Evidence rows whose hash, size or stored bytes cannot be right (cheap SQL only; the bytes
    are verified against their hash when read, see ``evidence``)."""
    if not conn.execute("PRAGMA table_info(evidence_blob)").fetchall():
        return []           # a file older than evidence
    out = []
    checks = (
        ("SELECT count(*) FROM evidence WHERE length(hash) <> 64 OR hash GLOB '*[^0-9a-f]*'",
         "份佐证材料的校验值无效"),
        ("SELECT count(*) FROM evidence WHERE size < 0 OR size > ?", "份佐证材料的大小无效"),
        ("SELECT count(*) FROM evidence WHERE indicator_id IS NULL", "份佐证材料没有所属指标"),
        ("SELECT count(*) FROM evidence e JOIN deduction d ON d.id = e.deduction_id "
         "WHERE d.indicator_id IS NOT e.indicator_id", "份佐证材料所属的扣分项不属于其指标"),
        ("SELECT count(*) FROM evidence e LEFT JOIN evidence_blob b ON b.hash = e.hash "
         "WHERE b.hash IS NULL OR typeof(b.data) <> 'blob' OR length(b.data) <> e.size",
         "份佐证材料在文件中缺少内容或内容长度与记录不符"),
        ("SELECT count(*) FROM evidence_blob WHERE length(hash) <> 64 "
         "OR hash GLOB '*[^0-9a-f]*' OR typeof(data) <> 'blob' OR length(data) > ?",
         "份佐证材料的存储内容无效"),
    )
    for sql, words in checks:
        args = (MAX_EVIDENCE_BYTES,) if "?" in sql else ()
        bad = conn.execute(sql, args).fetchone()[0]
        if bad:
            out.append(f"有 {bad} {words}")
    return out


def content_problems(conn: sqlite3.Connection) -> list[str]:
    """Reasons the rows of an (already schema-checked) file cannot be used; empty when fine."""
    problems: list[str] = []
    for table, cls in ROW_TYPES.items():
        present = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
        if not present:
            continue        # a table newer than the file (it is added when the file is upgraded)
        columns = [c for c in cls.columns() if c in present]   # older files lack some
        mistyped, bad_ids = _column_counts(conn, table, columns)
        for column, count in zip(columns, mistyped, strict=True):
            found = f"表 {table} 的 {column} 列有 {count} 个值的类型不对" if count else None
            if found is None and column in cls.DECIMALS:
                found = _number_problem(conn, table, column)
            if found:
                problems.append(found)
        texts = [c for c in columns if c not in _INTEGER_COLUMNS]
        found = None
        if not problems:
            found = (f"表 {table} 有 {bad_ids} 行的编号（id）为空或过长" if bad_ids
                     else _text_problem(conn, table, texts))
        if found:
            problems.append(found)
    if problems:
        return problems
    problems.extend(_choice_problems(conn))
    problems.extend(_key_problems(conn))
    broken = conn.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        problems.append(f"有 {len(broken)} 处引用了不存在的行（表 {broken[0][0]}）")
    tree = _tree_problem(conn)
    if tree:
        problems.append(tree)
    problems.extend(_evidence_problems(conn))
    return problems
