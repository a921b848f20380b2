"""Mutations of project files: bytes, pages, header fields, hostile SQL, journals and WAL files.

Every mutation starts from a copy of a valid seed in a fresh case folder and is deterministic
for a given ``random.Random``: regenerating a case with the same seed files and the same rng
gives the same files, which is how reproducers are saved.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .seeds import Seeds

PAGE_SIZE_OFFSET = 16
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")
APPLICATION_ID = 0x70666473


@dataclass
class Case:
    """A generated case: what to run, on which file, and what must survive it."""

    kind: str
    variant: str = ""
    role: str = "project"            # project | dump | sheet
    target: str = ""                 # file name inside the case folder
    victims: list[str] = field(default_factory=list)         # must survive, unchanged
    must_exist: list[str] = field(default_factory=list)      # must survive (may change)
    expected: str = ""               # reference file (in the ref folder) a rollback must give

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class Ctx:
    """What a mutation gets: its rng, the seeds, and the folders to write into."""

    rng: random.Random
    seeds: Seeds
    case_dir: Path
    ref_dir: Path
    kind: str = ""

    def target_name(self) -> str:
        names = ["project.sqlite"] * 6 + ["评价项目 2024.sqlite", "p#1?x.sqlite", "a%20b.pfdesk"]
        return self.rng.choice(names)

    def project_copy(self, only: tuple[str, ...] = ()) -> tuple[Path, str]:
        names = [n for n in self.seeds.projects if not only or n in only]
        weights = [4 if n == "demo" else 2 for n in names]
        seed = self.rng.choices(names, weights)[0]
        target = self.case_dir / self.target_name()
        shutil.copyfile(self.seeds.project(seed), target)
        return target, seed

    def case(self, target: Path, variant: str, **extra: object) -> Case:
        return Case(kind=self.kind, variant=variant, target=target.name, **extra)  # type: ignore[arg-type]


# ----- small helpers -----

def page_size_of(data: bytes) -> int:
    raw = int.from_bytes(data[16:18], "big")
    return 65536 if raw == 1 else (raw or 4096)


def pages(data: bytes) -> int:
    return max(1, len(data) // page_size_of(data))


def u32(value: int) -> bytes:
    return struct.pack(">I", value & 0xFFFFFFFF)


def connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA trusted_schema = ON")
    return conn


def run_sql(path: Path, statements: list[str | tuple[str, tuple[object, ...]]],
            writable_schema: bool = False) -> None:
    """Run statements on ``path`` with plain sqlite3, in autocommit, leaving no journal."""
    conn = connect(path)
    try:
        if writable_schema:
            conn.execute("PRAGMA writable_schema = ON")
        for item in statements:
            if isinstance(item, tuple):
                conn.execute(item[0], item[1])
            else:
                conn.execute(item)
    finally:
        conn.close()


def ids(path: Path, table: str, where: str = "") -> list[str]:
    conn = connect(path)
    try:
        return [r[0] for r in conn.execute(
            f"SELECT id FROM [{table}] {('WHERE ' + where) if where else ''} ORDER BY rowid")]
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def ordering(path: Path) -> tuple[str, Callable[[int], object]]:
    """The ordering column of a seed's lists and the value of the ``n``-th row in it.

    Files of version 3 order rows by a key (``sort_key``), older ones by a number (``position``).
    """
    if "sort_key" in columns(path, "indicator"):
        return "sort_key", lambda n: f"{n:05d}V"
    return "position", lambda n: n


def leaves(path: Path) -> list[str]:
    return ids(path, "indicator", "id NOT IN (SELECT parent_id FROM indicator "
                                  "WHERE parent_id IS NOT NULL)")


def parents(path: Path) -> list[str]:
    return ids(path, "indicator", "id IN (SELECT parent_id FROM indicator)")


def master_row(conn: sqlite3.Connection, name: str) -> tuple[object, ...] | None:
    return conn.execute("SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master "
                        "WHERE name = ?", (name,)).fetchone()


def columns(path: Path, table: str) -> list[str]:
    conn = connect(path)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")]
    finally:
        conn.close()


# ----- byte and page mutations -----

def k_byteflip(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = bytearray(target.read_bytes())
    ps, n_pages = page_size_of(data), pages(data)
    count = ctx.rng.choice([1, 1, 2, 3, 5, 8, 16, 64])
    region = ctx.rng.choice(["header", "page1", "anywhere", "anywhere", "btree-headers"])
    where = []
    for _ in range(count):
        if region == "header":
            pos = ctx.rng.randrange(100)
        elif region == "page1":
            pos = ctx.rng.randrange(min(ps, len(data)))
        elif region == "btree-headers":
            page = ctx.rng.randrange(n_pages)
            pos = page * ps + (100 if page == 0 else 0) + ctx.rng.randrange(12)
        else:
            pos = ctx.rng.randrange(len(data))
        if pos >= len(data):
            continue
        if ctx.rng.random() < 0.5:
            data[pos] ^= 1 << ctx.rng.randrange(8)
        else:
            data[pos] = ctx.rng.randrange(256)
        where.append(pos)
    target.write_bytes(bytes(data))
    return ctx.case(target, f"{seed}: {len(where)} byte(s) changed in {region} at {where[:6]}")


def k_truncate_page(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = target.read_bytes()
    ps, n_pages = page_size_of(data), pages(data)
    keep = ctx.rng.choice([0, 1, 1, 2, n_pages // 2, n_pages - 1, ctx.rng.randrange(n_pages)])
    target.write_bytes(data[:keep * ps])
    return ctx.case(target, f"{seed}: truncated to {keep} of {n_pages} pages")


def k_truncate_any(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = target.read_bytes()
    cut = ctx.rng.choice([ctx.rng.randrange(100), ctx.rng.randrange(len(data)),
                          ctx.rng.randrange(len(data)), len(data) - ctx.rng.randrange(1, 200)])
    target.write_bytes(data[:cut])
    return ctx.case(target, f"{seed}: truncated to {cut} of {len(data)} bytes")


def k_page_swap(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = bytearray(target.read_bytes())
    ps, n_pages = page_size_of(data), pages(data)
    how = ctx.rng.choice(["swap", "swap", "dup", "zero", "append", "append-copy"])
    a = ctx.rng.randrange(1 if ctx.rng.random() < 0.85 else 0, n_pages)
    b = ctx.rng.randrange(n_pages)
    pa, pb = bytes(data[a * ps:(a + 1) * ps]), bytes(data[b * ps:(b + 1) * ps])
    if how == "swap":
        data[a * ps:(a + 1) * ps], data[b * ps:(b + 1) * ps] = pb, pa
        text = f"pages {a + 1} and {b + 1} swapped"
    elif how == "dup":
        data[b * ps:(b + 1) * ps] = pa
        text = f"page {a + 1} copied over page {b + 1}"
    elif how == "zero":
        data[a * ps:(a + 1) * ps] = bytes(ps)
        text = f"page {a + 1} zeroed"
    elif how == "append":
        data += bytes(ctx.rng.randrange(256) for _ in range(ps))
        text = "a random page appended"
    else:
        data += pa
        text = f"page {a + 1} appended again"
    target.write_bytes(bytes(data))
    return ctx.case(target, f"{seed}: {text}")


def _header_fields(n_pages: int) -> dict[str, tuple[int, int, list[int]]]:
    return {
        "page_size": (16, 2, [0, 1, 256, 511, 512, 1024, 2048, 8192, 16384, 32768, 65535, 4097]),
        "write_version": (18, 1, [0, 2, 3, 255]),
        "read_version": (19, 1, [0, 2, 3, 255]),
        "reserved_space": (20, 1, [1, 8, 32, 255]),
        "max_payload_fraction": (21, 1, [0, 32, 255]),
        "min_payload_fraction": (22, 1, [0, 255]),
        "leaf_payload_fraction": (23, 1, [0, 255]),
        "change_counter": (24, 4, [0, 1, 0xFFFFFFFF]),
        "page_count": (28, 4, [0, 1, 2, n_pages - 1, n_pages + 1, 2 * n_pages, 0x7FFFFFFF,
                               0xFFFFFFFF]),
        "freelist_trunk": (32, 4, [1, 2, n_pages, n_pages + 5, 0xFFFFFFFF]),
        "freelist_count": (36, 4, [1, 1000, 0xFFFFFFFF]),
        "schema_cookie": (40, 4, [0, 1, 77, 0xFFFFFFFF]),
        "schema_format": (44, 4, [0, 5, 99, 0xFFFFFFFF]),
        "default_cache_size": (48, 4, [1, 0x7FFFFFFF, 0x80000000]),
        "largest_root_page": (52, 4, [1, n_pages, 0xFFFFFFFF]),
        "text_encoding": (56, 4, [0, 2, 3, 4, 0xFFFFFFFF]),
        "user_version": (60, 4, [0, 1, 2, 3, 99, 0x80000000, 0xFFFFFFFF]),
        "incremental_vacuum": (64, 4, [1, 2]),
        "application_id": (68, 4, [0, 1, APPLICATION_ID - 1, 0x80000000, 0xFFFFFFFF]),
        "version_valid_for": (92, 4, [0, 1, 0xFFFFFFFF]),
        "sqlite_version_number": (96, 4, [0, 0xFFFFFFFF]),
    }


def k_header(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = bytearray(target.read_bytes())
    fields = _header_fields(pages(data))
    choice = ctx.rng.choice([*fields, "wal_flags", "magic", "several"])
    picked = [ctx.rng.choice(list(fields)) for _ in range(3)] if choice == "several" else [choice]
    done = []
    for name in picked:
        if name == "wal_flags":
            data[18] = data[19] = 2
            done.append("read/write versions = 2 (WAL)")
        elif name == "magic":
            magic = ctx.rng.choice([b"SQLite format 2\x00", b"SQLite format 3 ", bytes(16),
                                    b"sqlite format 3\x00"])
            data[0:16] = magic
            done.append(f"magic {magic!r}")
        else:
            offset, size, values = fields[name]
            value = ctx.rng.choice(values)
            data[offset:offset + size] = value.to_bytes(size, "big")
            if name == "page_count" and ctx.rng.random() < 0.6:
                data[92:96] = data[24:28]   # make SQLite trust the in-header size
            done.append(f"{name} = {value}")
    target.write_bytes(bytes(data))
    return ctx.case(target, f"{seed}: header " + ", ".join(done))


# ----- hostile SQL edits applied with plain sqlite3 -----

def _one_of(ctx: Ctx, target: Path, variants: list[tuple[str, Callable[[], None]]]) -> str:
    """Apply the first variant (in a random order) that SQLite accepts; return its name."""
    order = variants[:]
    ctx.rng.shuffle(order)
    pristine = target.read_bytes()
    for name, apply in order:
        try:
            apply()
            return name
        except sqlite3.Error:
            target.write_bytes(pristine)
            Path(str(target) + "-journal").unlink(missing_ok=True)
    raise RuntimeError("no variant applied")


FUNCTION_CALLS = [
    "load_extension('/tmp/pfdesk-evil.so')",
    "readfile('/etc/passwd')",
    "writefile('/tmp/pfdesk-pwned', 'x')",
    "zeroblob(1000000000)",
    "randomblob(2000000000)",
    "printf('%.*c', 2000000000, 'x')",
    "sqlite_compileoption_used('ENABLE_LOAD_EXTENSION')",
    "pfdesk_score(1)",
]


def k_sql_trigger(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    fn = ctx.rng.choice(FUNCTION_CALLS)
    recursive = ("INSERT INTO narrative(id, key, text) WITH RECURSIVE c(x) AS "
                 "(SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT 'r' || x, 'k' || x, x FROM c")
    bodies = {
        "insert-on-update": "INSERT INTO narrative(id, key, text) VALUES "
                            "(hex(randomblob(8)), hex(randomblob(8)), 'planted')",
        "abort-every-edit": "SELECT RAISE(ABORT, 'blocked by planted trigger')",
        "function-call": f"SELECT {fn}",
        "infinite-cte": recursive,
        "wipe-deductions": "DELETE FROM deduction",
    }
    body_name = ctx.rng.choice(list(bodies))
    table = ctx.rng.choice(["indicator", "narrative", "project", "deduction"])
    event = ctx.rng.choice(["AFTER UPDATE", "BEFORE INSERT", "AFTER DELETE", "BEFORE UPDATE"])
    name = ctx.rng.choice(["audit", "indicator_parent", "sqlite_x", "t"])
    sql = f"CREATE TRIGGER [{name}] {event} ON {table} BEGIN {bodies[body_name]}; END"
    variant = _one_of(ctx, target, [
        ("trigger", lambda: run_sql(target, [sql])),
        ("trigger", lambda: run_sql(target, [sql.replace(f"[{name}]", "audit2")])),
    ])
    return ctx.case(target, f"{seed}: {variant} {name!r} {event} ON {table}: {body_name}"
                            + (f" ({fn})" if body_name == "function-call" else ""))


def k_sql_view(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    fn = ctx.rng.choice(FUNCTION_CALLS)
    narrative_cols = ", ".join(f"'' AS {c}" for c in columns(target, "narrative"))
    variants = [
        ("plain view", lambda: run_sql(target, ["CREATE VIEW v AS SELECT * FROM indicator"])),
        ("infinite view", lambda: run_sql(target, [
            "CREATE VIEW forever AS WITH RECURSIVE c(x) AS "
            "(SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c"])),
        ("function view", lambda: run_sql(target, [f"CREATE VIEW calls AS SELECT {fn} AS x"])),
        ("table replaced by a view", lambda: run_sql(target, [
            "DROP TABLE narrative", f"CREATE VIEW narrative AS SELECT {narrative_cols}"])),
        ("view over sqlite_master", lambda: run_sql(target, [
            "CREATE VIEW m AS SELECT * FROM sqlite_master"])),
    ]
    return ctx.case(target, f"{seed}: {_one_of(ctx, target, variants)}")


def k_sql_table(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()

    def stat1() -> None:
        run_sql(target, ["ANALYZE", "UPDATE sqlite_stat1 SET stat = '1 1 1 1 1' "
                                    "WHERE tbl = 'indicator'"])

    variants = [
        ("extra table", lambda: run_sql(target, ["CREATE TABLE extra(x)",
                                                 "INSERT INTO extra VALUES (randomblob(100))"])),
        ("extra index", lambda: run_sql(target, ["CREATE INDEX extra_idx ON indicator(code)"])),
        ("ANALYZE statistics", lambda: run_sql(target, ["ANALYZE"])),
        ("bogus sqlite_stat1", stat1),
        ("autoincrement table", lambda: run_sql(target, [
            "CREATE TABLE seq(id INTEGER PRIMARY KEY AUTOINCREMENT, x)",
            "INSERT INTO seq(x) VALUES (1)"])),
        ("column added", lambda: run_sql(target, ["ALTER TABLE indicator ADD COLUMN extra TEXT"])),
        ("migrations table", lambda: run_sql(target, [
            "CREATE TABLE _sqlite_migrations(id INTEGER PRIMARY KEY, name TEXT)"])),
        ("virtual table of an unknown module", lambda: run_sql(target, [
            "INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) VALUES "
            "('table', 'vt', 'vt', 0, 'CREATE VIRTUAL TABLE vt USING nosuchmodule(x)')"],
            writable_schema=True)),
        ("fts table", lambda: run_sql(target, ["CREATE VIRTUAL TABLE ft USING fts4(x)"])),
        ("table dropped", lambda: run_sql(target, ["DROP TABLE finding_indicator"])),
    ]
    return ctx.case(target, f"{seed}: {_one_of(ctx, target, variants)}")


def k_sql_types(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    some = ctx.rng.choice(ids(target, "indicator") or ["none"])
    column, _ = ordering(target)
    if column == "sort_key":
        by_version: list[tuple[str, tuple[object, ...]]] = [
            ("UPDATE indicator SET sort_key = 42 WHERE id = ?", (some,)),
            ("UPDATE indicator SET sort_key = 1.5 WHERE id = ?", (some,)),
            ("UPDATE indicator SET sort_key = x'00ff' WHERE id = ?", (some,)),
            ("UPDATE indicator SET sort_key = '' WHERE id = ?", (some,)),
            ("UPDATE indicator SET sort_key = 'V0' WHERE id = ?", (some,)),
            ("UPDATE indicator SET sort_key = '排序' WHERE id = ?", (some,)),
            ("UPDATE indicator SET changed_after_review = 'yes' WHERE id = ?", (some,)),
            ("UPDATE project SET allow_self_review = 2", ()),
        ]
    else:
        by_version = [
            ("UPDATE indicator SET position = 'abc' WHERE id = ?", (some,)),
            ("UPDATE indicator SET position = 1.5 WHERE id = ?", (some,)),
            ("UPDATE indicator SET position = 9223372036854775807 WHERE id = ?", (some,)),
        ]
    updates = [
        *by_version,
        ("UPDATE indicator SET score = 3.5 WHERE id = ?", (some,)),
        ("UPDATE indicator SET weight = 5 WHERE id = ?", (some,)),
        ("UPDATE indicator SET score = x'00ff' WHERE id = ?", (some,)),
        ("UPDATE indicator SET name = 42 WHERE id = ?", (some,)),
        ("UPDATE indicator SET name = x'0102' WHERE id = ?", (some,)),
        ("UPDATE indicator SET not_applicable = 'yes' WHERE id = ?", (some,)),
        ("UPDATE indicator SET not_applicable = 0.5 WHERE id = ?", (some,)),
        ("UPDATE indicator SET parent_id = 5 WHERE id = ?", (some,)),
        ("UPDATE indicator SET modified_at = 1.5 WHERE id = ?", (some,)),
        ("UPDATE indicator SET id = 12345 WHERE id = ?", (some,)),
        ("UPDATE narrative SET text = x'ff00'", ()),
        ("UPDATE project SET grade_bands = 7", ()),
        ("UPDATE project SET name = NULL", ()),
        ("UPDATE deduction SET points = 2.0", ()),
        (f"UPDATE evaluator SET {column} = NULL", ()),
    ]
    chosen = ctx.rng.sample(updates, ctx.rng.choice([1, 1, 2, 3]))
    done = []
    for statement in chosen:
        with contextlib.suppress(sqlite3.IntegrityError):   # NOT NULL: that one is skipped
            run_sql(target, [statement])
            done.append(statement[0])
    if not done:
        run_sql(target, [updates[0]])
        done.append(updates[0][0])
    return ctx.case(target, f"{seed}: " + "; ".join(done))


NUMBER_TEXTS = ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "1e30", "1E+30", "-1e30",
                "99999999999999999999", "1e-30", "0.00000000001", "1E+999999999", "-0",
                "0E+99999", "  5 ", "5,0", "１２", "٣", "0x10", "1_000", "5.", "+5", "1e2", "-5",
                "99999999999.99", "1" * 5000, ""]
NUMBER_COLUMNS = [("indicator", "weight"), ("indicator", "score"), ("deduction", "points"),
                  ("project", "budget"), ("project", "spent"), ("evaluator", "total"),
                  ("target", "number"), ("funding_item", "bid_price"),
                  ("funding_source", "budget")]
BAD_BANDS = [
    '[{"name": "优", "min": NaN}]', '[{"name": "优", "min": "NaN"}]',
    '[{"name": "优", "min": 1e30}]', '[{"name": "优", "min": "1e30"}]',
    '[{"name": "优", "min": 1e999}]', '[{"name": "优", "min": -Infinity}]',
    '[{"name": "优", "min": 123456789012345678901234567890}]',
    "[" * 100_000 + "]" * 100_000, '{"min": 1}', "null", '"x"', "[]", "{", "\x00",
    '[{"name": ["x"], "min": "90"}]', '[{"name": "优", "min": "90"}, {"name": "优", "min": "80"}]',
    '[{"name": "优", "min": "-1e30"}]', '[{"name": "", "min": "90"}]',
    '[{"name": "优", "min": true}]', '[{"name": "优", "min": "' + "9" * 5000 + '"}]',
    '[{"name": "优", "min": ' + "9" * 5000 + "}]",
    "[" + ", ".join(f'{{"name": "g{i}", "min": "{i}"}}' for i in range(100_000)) + "]",
]


def k_sql_numbers(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    if ctx.rng.random() < 0.35:
        bands = ctx.rng.choice(BAD_BANDS)
        run_sql(target, [("UPDATE project SET grade_bands = ?", (bands,))])
        return ctx.case(target, f"{seed}: grade_bands = {bands[:60]!r}")
    table, column = ctx.rng.choice(NUMBER_COLUMNS)
    value = ctx.rng.choice(NUMBER_TEXTS)
    rows = ids(target, table)
    if table == "indicator" and column == "score":
        rows = leaves(target) or rows
    if not rows:
        table, column, rows = "indicator", "weight", ids(target, "indicator")
    row = ctx.rng.choice(rows)
    run_sql(target, [(f"UPDATE [{table}] SET [{column}] = ? WHERE id = ?", (value, row))])
    return ctx.case(target, f"{seed}: {table}.{column} = {value[:40]!r}")


def k_sql_orphan(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    inds = ids(target, "indicator")
    deds = ids(target, "deduction")
    one = ctx.rng.choice(inds)
    variants = [
        ("parent missing", lambda: run_sql(target, [
            ("UPDATE indicator SET parent_id = 'missing-parent' WHERE id = ?", (one,))])),
        ("deduction of a missing indicator", lambda: run_sql(target, [
            ("UPDATE deduction SET indicator_id = 'missing' WHERE id = ?", (deds[0],))
            if deds else ("INSERT INTO deduction(id, indicator_id, points, reason) "
                          "VALUES ('d-orphan', 'missing', '1', 'x')", ())])),
        ("link to nothing", lambda: run_sql(target, [
            "INSERT INTO finding_indicator(id, finding_id, indicator_id) "
            "VALUES ('fi-x', 'no-finding', 'no-indicator')"])),
        ("suggestion of a missing problem", lambda: run_sql(target, [
            "INSERT INTO finding(id, kind, text, problem_id) VALUES "
            "('f-orphan', '建议', 'x', 'no-problem')"])),
        ("parent deleted", lambda: run_sql(target, [
            ("DELETE FROM indicator WHERE id = ?",
             (ctx.rng.choice(parents(target) or inds),))])),
    ]
    return ctx.case(target, f"{seed}: {_one_of(ctx, target, variants)}")


def k_sql_cycle(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    inds = ids(target, "indicator")
    leaf = ctx.rng.choice(leaves(target) or inds)
    conn = connect(target)
    chain = [leaf]
    while True:
        up = conn.execute("SELECT parent_id FROM indicator WHERE id = ?", (chain[-1],)).fetchone()
        if not up or up[0] is None or up[0] in chain:
            break
        chain.append(up[0])
    conn.close()
    a, b = ctx.rng.sample(inds, 2) if len(inds) > 1 else (inds[0], inds[0])
    variants = [
        ("self loop", lambda: run_sql(target, [
            ("UPDATE indicator SET parent_id = id WHERE id = ?", (a,))])),
        ("two-cycle", lambda: run_sql(target, [
            ("UPDATE indicator SET parent_id = ? WHERE id = ?", (b, a)),
            ("UPDATE indicator SET parent_id = ? WHERE id = ?", (a, b))])),
        ("root under its own leaf", lambda: run_sql(target, [
            ("UPDATE indicator SET parent_id = ? WHERE id = ?", (leaf, chain[-1]))])),
        ("finding cycle", lambda: run_sql(target, [
            "INSERT INTO finding(id, kind, text, problem_id) VALUES ('fa', '问题', 'a', 'fb')",
            "INSERT INTO finding(id, kind, text, problem_id) VALUES ('fb', '建议', 'b', 'fa')"])),
    ]
    return ctx.case(target, f"{seed}: {_one_of(ctx, target, variants)}")


def k_sql_deep(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    depth = ctx.rng.choice([12, 13, 40, 3000, 3000, 3000, 20000])
    under = ctx.rng.choice([None, ctx.rng.choice(leaves(target) or [None])])
    column, place = ordering(target)
    rows = []
    parent = under
    for i in range(depth):
        rows.append((f"deep-{i}", parent, place(0), f"Z{i}", f"深{i}", "1"))
        parent = f"deep-{i}"
    conn = connect(target)
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO indicator(id, parent_id, {column}, code, name, weight) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    return ctx.case(target, f"{seed}: chain of {depth} indicators"
                            + (" under an existing leaf" if under else " at the top"))


def k_sql_bigstring(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    size = ctx.rng.choice([1_000_000, 10_000_000, 10_000_000, 10_000_000, 60_000_000])
    if size > 50_000_000 and ctx.rng.random() < 0.7:
        size = 10_000_000
    char = ctx.rng.choice(["x", "评", "\u200b"])
    text = char * (size // len(char.encode()))
    inds = ids(target, "indicator")
    spots = [
        ("narrative text", "INSERT OR REPLACE INTO narrative(id, key, text) "
                           "VALUES ('n-big', 'background', ?)", (text,)),
        ("indicator name", "UPDATE indicator SET name = ? WHERE id = ?", (text, inds[0])),
        ("indicator analysis", "UPDATE indicator SET analysis = ? WHERE id = ?", (text, inds[-1])),
        ("project name", "UPDATE project SET name = ?", (text,)),
        ("grade bands", "UPDATE project SET grade_bands = ?", (text,)),
        ("indicator code", "UPDATE indicator SET code = ? WHERE id = ?", (text, inds[0])),
        ("many 100 KB rows", "INSERT INTO narrative(id, key, text) SELECT 'n' || value, "
                             "'k' || value, ? FROM json_each(?)",
         (char * 30_000, "[" + ",".join(str(i) for i in range(60)) + "]")),
    ]
    name, sql, params = ctx.rng.choice(spots)
    variant = _one_of(ctx, target, [(name, lambda: run_sql(target, [(sql, params)]))])
    return ctx.case(target, f"{seed}: {size // 1_000_000} MB of {char!r} in {variant}")


BAD_UTF8 = [b"\xff\xfe", b"\xc0\x80", b"\xed\xa0\x80", b"\x80", b"abc\x00def",
            b"\xf4\x90\x80\x80", b"\xe8\xaf", "正常".encode() + b"\xff", b"\xef\xbf\xbe",
            b"\x1b[31mred\x1b[0m"]
UTF8_SPOTS = [("indicator", "name"), ("indicator", "code"), ("narrative", "text"),
              ("narrative", "key"), ("project", "name"), ("project", "grade_bands"),
              ("deduction", "reason"), ("indicator", "id"), ("indicator", "parent_id"),
              ("indicator", "status"), ("indicator", "method"), ("indicator", "score"),
              ("project", "template_id"), ("evaluator", "name")]


def k_sql_utf8(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    raw = ctx.rng.choice(BAD_UTF8)
    for _ in range(5):
        table, column = ctx.rng.choice(UTF8_SPOTS)
        rows = ids(target, table)
        if rows:
            break
    row = ctx.rng.choice(rows) if rows else "none"
    run_sql(target, [(f"UPDATE [{table}] SET [{column}] = CAST(? AS TEXT) WHERE id = ?",
                      (raw, row))])
    return ctx.case(target, f"{seed}: {table}.{column} = invalid UTF-8 {raw!r}")


def _detach_unique_index(path: Path, table: str, change: list[tuple[str, tuple[object, ...]]],
                         index_suffix: str = "1", drop_clause: str = "PRIMARY KEY ") -> None:
    """Change rows of ``table`` while its automatic unique index is detached, then re-attach it.

    The index keeps its old entries, so the table and the index disagree: integrity_check
    fails and quick_check passes.
    """
    auto = f"sqlite_autoindex_{table}_{index_suffix}"
    conn = connect(path)
    original = master_row(conn, table)
    index_row = master_row(conn, auto)
    assert original is not None and index_row is not None
    loose = str(original[4]).replace(drop_clause, "", 1) if drop_clause else str(original[4])
    if index_suffix != "1":
        loose = loose.replace("NOT NULL UNIQUE", "NOT NULL", 1)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (loose, table))
    conn.execute("DELETE FROM sqlite_master WHERE name = ?", (auto,))
    conn.close()
    conn = connect(path)
    for sql, params in change:
        conn.execute(sql, params)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = ?", (original[4], table))
    conn.execute("INSERT INTO sqlite_master(type, name, tbl_name, rootpage, sql) "
                 "VALUES (?, ?, ?, ?, ?)", index_row)
    conn.close()


def k_sql_dupid(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    inds = ids(target, "indicator")
    some = ctx.rng.choice(inds)
    cols = ", ".join(c for c in columns(target, "indicator"))
    narratives = ids(target, "narrative")
    variants = [
        ("duplicate indicator id", lambda: _detach_unique_index(target, "indicator", [
            (f"INSERT INTO indicator({cols}) SELECT {cols} FROM indicator WHERE id = ?", (some,))
        ])),
        ("duplicate indicator id, other values", lambda: _detach_unique_index(target, "indicator", [
            (f"INSERT INTO indicator({cols}) SELECT {cols} FROM indicator WHERE id = ?", (some,)),
            ("UPDATE indicator SET name = 'twin', weight = '99' WHERE rowid = "
             "(SELECT max(rowid) FROM indicator)", ()),
        ])),
        ("duplicate project row id", lambda: _detach_unique_index(target, "project", [
            ("INSERT INTO project(id, name) SELECT id, 'twin' FROM project", ()),
        ])),
        ("duplicate narrative key", lambda: _detach_unique_index(target, "narrative", [
            ("INSERT INTO narrative(id, key, text) SELECT 'n-twin', key, 'twin' FROM narrative "
             "WHERE id = ?", (narratives[0] if narratives else "",)),
        ], index_suffix="2", drop_clause="")),
        ("same id in two tables", lambda: run_sql(target, [
            ("INSERT INTO narrative(id, key, text) VALUES (?, 'other', 'same id')", (some,))])),
    ]
    return ctx.case(target, f"{seed}: {_one_of(ctx, target, variants)}")


def k_sql_dropindex(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    name = ctx.rng.choice(["indicator_parent", "deduction_indicator"])
    variants = [
        ("dropped", lambda: run_sql(target, [f"DROP INDEX {name}"])),
        ("recreated on another column", lambda: run_sql(target, [
            f"DROP INDEX {name}", f"CREATE INDEX {name} ON indicator(code)"])),
        ("recreated unique", lambda: run_sql(target, [
            f"DROP INDEX {name}", f"CREATE UNIQUE INDEX {name} ON indicator(id)"])),
        ("entry removed from sqlite_master", lambda: run_sql(target, [
            ("DELETE FROM sqlite_master WHERE name = ?", (name,))], writable_schema=True)),
    ]
    return ctx.case(target, f"{seed}: index {name} {_one_of(ctx, target, variants)}")


def _stale_secondary(path: Path, rng: random.Random) -> str:
    """Index entries left pointing at old values (the index hidden behind a partial WHERE 0)."""
    conn = connect(path)
    row = master_row(conn, "indicator_parent")
    assert row is not None
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'indicator_parent'",
                 (str(row[4]) + " WHERE 0",))
    conn.close()
    children = ids(path, "indicator", "parent_id IS NOT NULL")
    others = parents(path)
    moved = rng.choice(children)
    run_sql(path, [("UPDATE indicator SET parent_id = ? WHERE id = ?",
                    (rng.choice(others), moved))])
    conn = connect(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET sql = ? WHERE name = 'indicator_parent'", (row[4],))
    conn.close()
    return "indicator_parent has a stale entry"


def _swap_roots(path: Path) -> str:
    conn = connect(path)
    a = master_row(conn, "indicator_parent")
    b = master_row(conn, "deduction_indicator")
    assert a is not None and b is not None
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'indicator_parent'", (b[3],))
    conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'deduction_indicator'", (a[3],))
    conn.close()
    return "root pages of the two indexes swapped"


def _index_page_bytes(path: Path, rng: random.Random) -> str:
    conn = connect(path)
    name = rng.choice(["indicator_parent", "sqlite_autoindex_indicator_1", "deduction_indicator",
                       "sqlite_autoindex_narrative_2"])
    row = master_row(conn, name)
    conn.close()
    assert row is not None
    data = bytearray(path.read_bytes())
    ps = page_size_of(data)
    root = int(row[3]) - 1  # type: ignore[call-overload]
    start, end = root * ps + ps // 2, (root + 1) * ps
    count = rng.choice([1, 2, 4])
    for _ in range(count):
        pos = rng.randrange(start, end)
        data[pos] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return f"{count} byte(s) of {name}'s root page changed"


def k_sql_badindex(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    narratives = ids(target, "narrative")
    loners = ids(target, "indicator", "id NOT IN (SELECT parent_id FROM indicator WHERE parent_id "
                                      "IS NOT NULL) AND id NOT IN (SELECT indicator_id FROM "
                                      "deduction) AND id NOT IN (SELECT indicator_id FROM "
                                      "finding_indicator)")
    picked = {"text": ""}

    def run(fn: Callable[[], str]) -> Callable[[], None]:
        def go() -> None:
            picked["text"] = fn()
        return go

    def stale_pk() -> str:
        table, rows = (("narrative", narratives) if narratives and ctx.rng.random() < 0.5
                       else ("indicator", loners))
        victim = ctx.rng.choice(rows)
        _detach_unique_index(target, table, [
            (f"UPDATE [{table}] SET id = ? WHERE id = ?", (victim + "-moved", victim))])
        return f"primary-key index of {table} keeps an old id"

    def stale_pk_delete() -> str:
        victim = ctx.rng.choice(loners)
        _detach_unique_index(target, "indicator", [("DELETE FROM indicator WHERE id = ?", (victim,))])
        return "primary-key index of indicator names a deleted row"

    variants = [
        ("", run(lambda: _stale_secondary(target, ctx.rng))),
        ("", run(stale_pk)),
        ("", run(stale_pk)),
        ("", run(stale_pk_delete)),
        ("", run(lambda: _swap_roots(target))),
        ("", run(lambda: _index_page_bytes(target, ctx.rng))),
    ]
    try:
        _one_of(ctx, target, variants)
    except (AssertionError, IndexError):
        picked["text"] = _index_page_bytes(target, ctx.rng)
    return ctx.case(target, f"{seed}: {picked['text']}")


def k_sql_rows(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    some = ctx.rng.choice(ids(target, "indicator"))
    column, place = ordering(target)
    flat = [(f"flat-{i}", None, place(i), f"F{i}", f"平{i}", "0.01") for i in range(5000)]

    def many_rows() -> None:
        conn = connect(target)
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO indicator(id, parent_id, {column}, code, name, weight) "
                         "VALUES (?, ?, ?, ?, ?, ?)", flat)
        conn.execute("COMMIT")
        conn.close()

    def many_deductions() -> None:
        leaf = ctx.rng.choice(leaves(target))
        conn = connect(target)
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO deduction(id, indicator_id, {column}, points, reason) "
                         "VALUES (?, ?, ?, '0.01', '理由')",
                         [(f"ded-{i}", leaf, place(i)) for i in range(20_000)])
        conn.execute("COMMIT")
        conn.close()

    variants = [
        ("no project row", lambda: run_sql(target, ["DELETE FROM project"])),
        ("two project rows", lambda: run_sql(target, [
            "INSERT INTO project(id, name) VALUES ('p2', 'second')"])),
        ("unknown method", lambda: run_sql(target, [
            ("UPDATE indicator SET method = 'magic' WHERE id = ?", (some,))])),
        ("unknown status", lambda: run_sql(target, [
            ("UPDATE indicator SET status = '完成' WHERE id = ?", (some,))])),
        ("not_applicable = 2", lambda: run_sql(target, [
            ("UPDATE indicator SET not_applicable = 2 WHERE id = ?", (some,))])),
        ("unknown narrative key", lambda: run_sql(target, [
            "INSERT INTO narrative(id, key, text) VALUES ('n-evil', 'evil', 'x')"])),
        ("unknown finding kind", lambda: run_sql(target, [
            (f"INSERT INTO finding(id, {column}, kind, text) VALUES ('f-evil', ?, '秘密', 'x')",
             (place(0),))])),
        ("unknown comparator", lambda: run_sql(target, [
            (f"INSERT INTO target(id, {column}, comparator) VALUES ('t-evil', ?, '>>')",
             (place(0),))])),
        ("unknown funding source", lambda: run_sql(target, [
            (f"INSERT INTO funding_source(id, {column}, source) VALUES ('s-evil', ?, '火星')",
             (place(0),))])),
        ("no indicators", lambda: run_sql(target, ["DELETE FROM deduction",
                                                   "DELETE FROM finding_indicator",
                                                   "DELETE FROM indicator"])),
        ("bad order value", lambda: run_sql(target, [
            (f"UPDATE indicator SET {column} = ? WHERE id = ?",
             ("V0" if column == "sort_key" else -5, some))])),
        ("siblings in one place", lambda: run_sql(target, [
            (f"UPDATE indicator SET {column} = ? WHERE parent_id IS NULL", (place(0),))])),
        ("status 已复核", lambda: run_sql(target, [
            ("UPDATE indicator SET status = '已复核' WHERE id = ?", (some,))])),
        ("empty id", lambda: run_sql(target, [
            "INSERT INTO narrative(id, key, text) VALUES ('', 'other', 'x')"])),
        ("5,000 flat indicators", many_rows),
        ("20,000 deductions on one leaf", many_deductions),
    ]
    return ctx.case(target, f"{seed}: {_one_of(ctx, target, variants)}")


def _utf16_copy(source: Path, target: Path) -> None:
    target.unlink()
    conn = sqlite3.connect(str(target), isolation_level=None)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("ATTACH DATABASE ? AS src", (str(source),))
    objects = conn.execute("SELECT type, name, sql FROM src.sqlite_master "
                           "WHERE sql IS NOT NULL ORDER BY type = 'index', rowid").fetchall()
    for kind, _name, sql in objects:
        conn.execute(sql)
        if kind == "table":
            conn.execute(f"INSERT INTO main.[{_name}] SELECT * FROM src.[{_name}]")
    version = conn.execute("PRAGMA src.user_version").fetchone()[0]
    conn.execute("DETACH DATABASE src")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.close()


def k_sql_format(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    size = ctx.rng.choice([512, 1024, 8192, 65536])
    source = ctx.seeds.project(seed)
    variants = [
        (f"page size {size}", lambda: run_sql(target, [f"PRAGMA page_size = {size}", "VACUUM"])),
        ("auto_vacuum full", lambda: run_sql(target, ["PRAGMA auto_vacuum = FULL", "VACUUM"])),
        ("auto_vacuum incremental", lambda: run_sql(target, ["PRAGMA auto_vacuum = INCREMENTAL",
                                                             "VACUUM"])),
        ("journal_mode wal (persistent)", lambda: run_sql(target, ["PRAGMA journal_mode = WAL"])),
        ("UTF-16 encoding", lambda: _utf16_copy(source, target)),
        ("vacuumed (valid)", lambda: run_sql(target, ["VACUUM"])),
        ("rows deleted without secure_delete (valid)", lambda: run_sql(target, [
            "PRAGMA secure_delete = OFF", "DELETE FROM narrative"])),
        ("schema_version bumped", lambda: run_sql(target, ["PRAGMA schema_version = 999"],
                                                  writable_schema=True)),
    ]
    return ctx.case(target, f"{seed}: {_one_of(ctx, target, variants)}")


# ----- journals and WAL files beside the file -----

def checksum(nonce: int, page: bytes) -> int:
    """SQLite's journal page checksum: the nonce plus every 200th byte from the end."""
    total = nonce
    i = len(page) - 200
    while i > 0:
        total += page[i]
        i -= 200
    return total & 0xFFFFFFFF


def journal_bytes(page_size: int, db_pages: int, records: list[tuple[int, bytes]],
                  nonce: int = 0x1234567, nrec: int | None = None, sector: int = 512,
                  super_name: bytes = b"", bad_checksums: bool = False) -> bytes:
    """A rollback journal: header, page records, and optionally a super-journal record."""
    header = (JOURNAL_MAGIC + u32(len(records) if nrec is None else nrec) + u32(nonce)
              + u32(db_pages) + u32(sector) + u32(page_size))
    out = bytearray(header.ljust(sector, b"\x00"))
    for pgno, page in records:
        total = checksum(nonce, page) ^ (0x5A5A if bad_checksums else 0)
        out += u32(pgno) + page + u32(total)
    if super_name:
        lock_page = 0x40000000 // page_size + 1
        out += u32(lock_page) + super_name + u32(len(super_name))
        out += u32(sum(super_name)) + JOURNAL_MAGIC
    return bytes(out)


def _journal_path(target: Path) -> Path:
    return Path(str(target) + "-journal")


def _genuine_hot_journal(target: Path, rng: random.Random, spill: bool = True) -> None:
    """Leave ``target`` as a crash mid-edit leaves it: pages written, journal beside it."""
    work = target.with_name("crash-work.sqlite")
    shutil.copyfile(target, work)
    conn = sqlite3.connect(str(work), isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA cache_size = 1" if spill else "PRAGMA cache_size = 2000")
    conn.execute("BEGIN IMMEDIATE")
    text = "改" * rng.choice([200, 5000, 40_000])
    conn.execute("UPDATE indicator SET analysis = ?", (text,))
    conn.execute("UPDATE narrative SET text = ?", (text,))
    conn.execute("INSERT INTO narrative(id, key, text) VALUES ('crash', 'crash-key', ?)", (text,))
    if rng.random() < 0.5:
        conn.execute("DELETE FROM deduction")
    snapshot = target.with_name("crash-snapshot.sqlite")
    shutil.copyfile(work, snapshot)
    shutil.copyfile(_journal_path(work), _journal_path(snapshot))
    conn.execute("ROLLBACK")
    conn.close()
    work.unlink()
    _journal_path(work).unlink(missing_ok=True)
    os.replace(snapshot, target)
    os.replace(_journal_path(snapshot), _journal_path(target))


def k_journal_genuine(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy(only=("demo", "template", "template2", "v1_migrated",
                                          "v2_migrated"))
    ref = ctx.ref_dir / "expected.sqlite"
    shutil.copyfile(target, ref)
    _genuine_hot_journal(target, ctx.rng, spill=ctx.rng.random() < 0.8)
    how = "as left by a crash"
    journal = _journal_path(target)
    if ctx.rng.random() < 0.3:
        data = bytearray(journal.read_bytes())
        for _ in range(ctx.rng.choice([1, 4, 16])):
            data[ctx.rng.randrange(len(data))] ^= 1 << ctx.rng.randrange(8)
        journal.write_bytes(bytes(data))
        how = "with bits flipped"
        return ctx.case(target, f"{seed}: hot journal {how}")
    return ctx.case(target, f"{seed}: hot journal {how}", expected=ref.name)


def _random_records(ctx: Ctx, target: Path, count: int) -> list[tuple[int, bytes]]:
    data = target.read_bytes()
    ps, n_pages = page_size_of(data), pages(data)
    donors = [ctx.seeds.project(n).read_bytes() for n in ctx.seeds.projects]
    records = []
    for _ in range(count):
        pgno = ctx.rng.randrange(1, n_pages + 1)
        how = ctx.rng.random()
        if how < 0.4:
            page = bytes(ctx.rng.randrange(256) for _ in range(ps))
        elif how < 0.8:
            donor = ctx.rng.choice(donors)
            k = ctx.rng.randrange(max(1, len(donor) // ps))
            page = donor[k * ps:(k + 1) * ps].ljust(ps, b"\x00")
        else:
            page = bytearray(data[(pgno - 1) * ps:pgno * ps])
            for _ in range(8):
                page[ctx.rng.randrange(ps)] = ctx.rng.randrange(256)
            page = bytes(page)
        records.append((pgno, page))
    return records


def k_journal_hot_random(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = target.read_bytes()
    ps, n_pages = page_size_of(data), pages(data)
    count = ctx.rng.choice([1, 2, 5, 20])
    records = _random_records(ctx, target, count)
    nrec = ctx.rng.choice([None, None, 0xFFFFFFFF, count + 3])
    j_ps = ps if ctx.rng.random() < 0.85 else ctx.rng.choice([512, 1024, 65536, 3000])
    journal = journal_bytes(j_ps, n_pages, records if j_ps == ps else
                            [(p, (d * 20)[:j_ps]) for p, d in records],
                            nonce=ctx.rng.randrange(1 << 32), nrec=nrec,
                            bad_checksums=ctx.rng.random() < 0.15)
    _journal_path(target).write_bytes(journal)
    return ctx.case(target, f"{seed}: hot journal with {count} random page(s), nRec={nrec}, "
                            f"journal page size {j_ps}")


def k_journal_super(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = target.read_bytes()
    ps, n_pages = page_size_of(data), pages(data)
    victim = ctx.case_dir / ctx.rng.choice(["victim.txt", "报告.docx", "other.sqlite"])
    victim.write_bytes(b"precious user data\x00" + bytes(ctx.rng.randrange(256)
                                                        for _ in range(64)))
    resolved = str(victim.resolve())
    name_how = ctx.rng.choice(["absolute", "absolute", "dotted", "double-slash", "project itself"])
    if name_how == "dotted":
        name = str(victim.parent.resolve() / "." / victim.name)
    elif name_how == "double-slash":
        name = resolved.replace("/", "//", 1)
    elif name_how == "project itself":
        name = str(target.resolve())
    else:
        name = resolved
    count = ctx.rng.choice([0, 0, 1, 3])
    records = _random_records(ctx, target, count) if count else []
    if records and ctx.rng.random() < 0.7:
        # genuine pages: the rollback itself changes nothing, only the super-journal acts
        records = [(p, data[(p - 1) * ps:p * ps]) for p, _ in records]
    journal = journal_bytes(ps, n_pages, records, nonce=ctx.rng.randrange(1 << 32),
                            super_name=name.encode())
    _journal_path(target).write_bytes(journal)
    extra: dict[str, object] = {"victims": [victim.name]}
    if name_how == "project itself":
        extra["must_exist"] = [target.name]
    return ctx.case(target, f"{seed}: journal naming super-journal {name_how} "
                            f"({len(records)} page record(s))", **extra)


def k_journal_empty(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    journal = _journal_path(target)
    how = ctx.rng.choice(["zero bytes", "zeroed header", "zeroed first sector", "zeroed magic",
                          "all zeros"])
    if how == "zero bytes":
        journal.write_bytes(b"")
    elif how == "all zeros":
        journal.write_bytes(bytes(ctx.rng.choice([1, 28, 512, 4096, 70_000])))
    else:
        # a real journal of an edit that never reached the file, with its start zeroed
        scratch = ctx.ref_dir / "journal-source.sqlite"
        shutil.copyfile(target, scratch)
        _genuine_hot_journal(scratch, ctx.rng, spill=False)
        content = bytearray(_journal_path(scratch).read_bytes())
        width = {"zeroed header": 28, "zeroed first sector": 512, "zeroed magic": 8}[how]
        content[:width] = bytes(width)
        journal.write_bytes(bytes(content))
        scratch.unlink()
        _journal_path(scratch).unlink(missing_ok=True)
    return ctx.case(target, f"{seed}: journal beside the file: {how}")


def k_journal_garbage(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    data = target.read_bytes()
    ps, n_pages = page_size_of(data), pages(data)
    how = ctx.rng.choice(["random bytes", "truncating header", "truncate to nothing",
                          "bad sector size", "text"])
    if how == "random bytes":
        blob = bytes([ctx.rng.randrange(1, 256)]) + bytes(
            ctx.rng.randrange(256) for _ in range(ctx.rng.choice([7, 100, 5000])))
    elif how == "truncating header":
        blob = journal_bytes(ps, ctx.rng.choice([1, 2, max(1, n_pages // 2)]), [])
    elif how == "truncate to nothing":
        blob = journal_bytes(ps, 0, [])
    elif how == "bad sector size":
        blob = journal_bytes(ps, n_pages, _random_records(ctx, target, 2),
                             sector=ctx.rng.choice([0, 31, 3, 1 << 20]))
    else:
        blob = "这不是日志文件\n".encode() * 40
    _journal_path(target).write_bytes(blob)
    return ctx.case(target, f"{seed}: journal: {how}")


def _genuine_wal(source: Path, work: Path, rng: random.Random) -> bytes:
    shutil.copyfile(source, work)
    conn = sqlite3.connect(str(work), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("UPDATE narrative SET text = 'from the wal'")
    conn.execute("UPDATE indicator SET name = 'changed by wal' WHERE rowid = 1")
    if rng.random() < 0.5:
        conn.execute("DELETE FROM indicator WHERE rowid = 2")
    wal = Path(str(work) + "-wal").read_bytes()
    conn.close()
    for leftover in (work, Path(str(work) + "-wal"), Path(str(work) + "-shm")):
        leftover.unlink(missing_ok=True)
    return wal


def k_wal(ctx: Ctx) -> Case:
    target, seed = ctx.project_copy()
    wal = Path(str(target) + "-wal")
    how = ctx.rng.choice(["genuine wal beside a rollback-mode file", "random bytes", "zero bytes",
                          "wal and shm", "wal-mode file with its wal"])
    if how == "genuine wal beside a rollback-mode file":
        wal.write_bytes(_genuine_wal(target, ctx.ref_dir / "wal-work.sqlite", ctx.rng))
    elif how == "random bytes":
        wal.write_bytes(bytes(ctx.rng.randrange(256) for _ in range(ctx.rng.choice([32, 5000]))))
    elif how == "zero bytes":
        wal.write_bytes(b"")
    elif how == "wal and shm":
        wal.write_bytes(_genuine_wal(target, ctx.ref_dir / "wal-work.sqlite", ctx.rng))
        Path(str(target) + "-shm").write_bytes(bytes(32768))
    else:
        content = _genuine_wal(target, ctx.ref_dir / "wal-work.sqlite", ctx.rng)
        run_sql(target, ["PRAGMA journal_mode = WAL"])
        wal.write_bytes(content)
    return ctx.case(target, f"{seed}: {how}")


PROJECT_KINDS: dict[str, Callable[[Ctx], Case]] = {
    "byteflip": k_byteflip,
    "truncate_page": k_truncate_page,
    "truncate_any": k_truncate_any,
    "page_swap": k_page_swap,
    "header": k_header,
    "sql_trigger": k_sql_trigger,
    "sql_view": k_sql_view,
    "sql_table": k_sql_table,
    "sql_types": k_sql_types,
    "sql_numbers": k_sql_numbers,
    "sql_orphan": k_sql_orphan,
    "sql_cycle": k_sql_cycle,
    "sql_deep": k_sql_deep,
    "sql_bigstring": k_sql_bigstring,
    "sql_utf8": k_sql_utf8,
    "sql_dupid": k_sql_dupid,
    "sql_dropindex": k_sql_dropindex,
    "sql_badindex": k_sql_badindex,
    "sql_rows": k_sql_rows,
    "sql_format": k_sql_format,
    "journal_genuine": k_journal_genuine,
    "journal_hot_random": k_journal_hot_random,
    "journal_super": k_journal_super,
    "journal_empty": k_journal_empty,
    "journal_garbage": k_journal_garbage,
    "wal": k_wal,
}


def no_leftovers(folder: Path) -> None:
    """Remove scratch files a mutation may leave in the reference folder."""
    for path in folder.glob("*"):
        with contextlib.suppress(OSError):
            if path.is_file():
                path.unlink()
