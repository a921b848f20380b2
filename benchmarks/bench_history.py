"""The change log's cost (run by hand: python benchmarks/bench_history.py).

Budget (issue "every change on record"): the log of a 5,000-indicator project with 10,000 edits
must not slow opening or editing noticeably. Two copies of the same 5,010-indicator file are
measured side by side: one whose log holds only its creation, one with 10,000 more score edits
on record. Reported: opening for editing, one score edit (stored with its entry), the latest
undo, and an indicator's history; beside the floor of a raw SQLite read of the indicator table.
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import make_project
from benchmarks.timing import median_ms
from pfdesk import changelog, commands
from pfdesk.project import Project

EDITS = 10_000


def _fill_log(path: Path) -> float:
    """Make EDITS score edits (on 100 leaves in turn); seconds taken."""
    start = time.perf_counter()
    with Project.open(path, user="基准", backup=False) as project:
        leaves = [i for i in project.walk() if not project.children(i.id)][:100]
        for n in range(EDITS):
            leaf = leaves[n % len(leaves)]
            value = ("0", "0.25", "0.5", "0.75", "1")[(n // len(leaves)) % 5]
            project.apply(commands.set_score(project, leaf.id, value))
            leaf = project.indicator(leaf.id)
            leaves[n % len(leaves)] = leaf
    return time.perf_counter() - start


def _open_times(paths: list[Path], rounds: int = 9) -> list[float]:
    """Median opening time of each file, the files opened in alternation (the machine's
    background load and the page cache then weigh on both alike)."""
    times: list[list[float]] = [[] for _ in paths]
    for _ in range(rounds):
        for i, path in enumerate(paths):
            start = time.perf_counter()
            Project.open(path, backup=False).close()
            times[i].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def _measure(path: Path, label: str, opened: float) -> None:
    with Project.open(path, user="基准", backup=False) as project:
        leaf = next(i for i in project.walk() if not project.children(i.id))
        values = iter(["0.5", "1"] * 1000)
        edit = median_ms(lambda: project.apply(
            commands.set_score(project, leaf.id, next(values))), 50)
        undo_redo = median_ms(lambda: (project.undo(), project.redo()), 20) / 2
        history = median_ms(lambda: changelog.history(project.conn, indicator_ids=[leaf.id],
                                                      limit=500), 20)
        entries = changelog.count(project.conn)
    size = path.stat().st_size / 1e6
    print(f"{label}: {entries} log entries, file {size:.1f} MB")
    print(f"  open for editing (lock, checks, load, undo stacks): {opened:.1f} ms")
    print(f"  one score edit, stored with its log entry: {edit:.2f} ms")
    print(f"  one undo (or redo) through the log: {undo_redo:.2f} ms")
    print(f"  one indicator's history (newest 500): {history:.2f} ms")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.sqlite"
        logged = Path(tmp) / "logged.sqlite"
        make_project(bare, 10, 20, 24).close()      # 10 + 200 + 4800 = 5010 indicators
        shutil.copyfile(bare, logged)
        seconds = _fill_log(logged)
        print(f"writing {EDITS} edits took {seconds:.1f} s ({seconds / EDITS * 1000:.2f} ms each)")

        def floor() -> None:
            conn = sqlite3.connect(bare)
            conn.execute("SELECT * FROM indicator").fetchall()
            conn.close()

        print(f"floor, raw sqlite3 SELECT * FROM indicator: {median_ms(floor, 7):.1f} ms")
        bare_open, logged_open = _open_times([bare, logged])
        _measure(bare, "without a log of edits", bare_open)
        _measure(logged, f"with {EDITS} edits on record", logged_open)


if __name__ == "__main__":
    main()
