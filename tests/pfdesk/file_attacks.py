"""Files as a crash or a hostile sender leaves them: hot journals, super-journal records,
damaged indexes. Shared by the file-safety tests and the fuzzing harness."""

from __future__ import annotations

import shutil
import sqlite3
import struct
from pathlib import Path

JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def journal_of(path: Path) -> Path:
    """The rollback journal's name beside ``path``."""
    return Path(str(path) + "-journal")


def _copy_during(path: Path, into: Path, statements: tuple[str, ...]) -> Path:
    """Copy ``path`` and its journal while ``statements`` are run but not committed."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("BEGIN IMMEDIATE")
        for statement in statements:
            conn.execute(statement)
        shutil.copyfile(path, into)
        shutil.copyfile(journal_of(path), journal_of(into))
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    return into


def crash_mid_edit(path: Path, into: Path) -> Path:
    """What a crash leaves in the middle of a large edit: pages written, a hot journal beside.

    ``into`` becomes the crashed file; ``path`` is unchanged.
    """
    return _copy_during(path, into, ("PRAGMA cache_size = 1",
                                     "UPDATE indicator SET name = name || '（半途）'",
                                     "UPDATE project SET name = zeroblob(200000)"))


def crash_before_writing(path: Path, into: Path) -> Path:
    """What a crash leaves early in an edit: the journal started, its header not yet written.

    The journal's first bytes are still zero (SQLite writes them once the journal is synced,
    before it touches the file), so the journal is not hot and the file holds the last commit.
    """
    return _copy_during(path, into, ("UPDATE indicator SET name = name || '（半途）'",))


def super_journal_record(name: str) -> bytes:
    """The trailer SQLite appends to a journal of a multi-database transaction."""
    raw = name.encode("utf-8")
    checksum = sum(raw) & 0xFFFFFFFF
    return (struct.pack(">I", (0x40000000 // 4096) + 1) + raw + struct.pack(">II", len(raw), checksum)
            + JOURNAL_MAGIC)


def plant_super_journal(crashed: Path, victim: Path) -> None:
    """Append a record naming ``victim`` as the super-journal to ``crashed``'s hot journal."""
    with journal_of(crashed).open("ab") as handle:
        handle.write(super_journal_record(str(victim)))


def swap_index_roots(path: Path, first: str, second: str) -> None:
    """Swap the b-trees of two indexes: the schema text stays, the index contents lie."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE name IN (?, ?)",
                                  (first, second)).fetchall())
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (roots[second], first))
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = ?", (roots[first], second))
        conn.execute("PRAGMA writable_schema = OFF")
    finally:
        conn.close()
