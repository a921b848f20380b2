"""Core budgets (run by hand: python benchmarks/bench_core.py).

- recomputing a 500-indicator project after one edit: under 1 ms
- opening a 5,000-indicator file: reported (no budget set), beside a raw-SQLite floor
Each figure is printed beside a floor measured in the same run.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import make_project
from benchmarks.timing import median_ms
from pfdesk import commands
from pfdesk.live_scores import LiveScores
from pfdesk.project import Project
from pfdesk.scoring import score_project


def recompute_500() -> None:
    project = make_project(None, 5, 10, 9)          # 5 + 50 + 450 = 505 indicators
    leaf = project.by_code("A12")
    values = iter(["0.25", "0.5"] * 1000)
    project.apply(commands.set_score(project, leaf.id, next(values)))

    live = LiveScores(project)
    changes = [project.apply(commands.set_score(project, leaf.id, next(values)))
               for _ in range(200)]
    it = iter(changes)
    recompute = median_ms(lambda: live.update(next(it)), 200)
    full = median_ms(lambda: score_project(project), 50)
    edit = median_ms(lambda: live.update(project.apply(
        commands.set_score(project, leaf.id, next(values)))), 100)
    scores = [Decimal("0.75")] * 450
    floor = median_ms(lambda: sum(scores, Decimal(0)), 200)
    print(f"indicators: {len(project.indicators())}")
    print(f"recompute after one edit: {recompute:.3f} ms (budget 1 ms)")
    print(f"  floor, summing 450 Decimals: {floor:.3f} ms")
    print(f"  scoring the whole tree from scratch: {full:.3f} ms")
    print(f"  the edit stored (one SQLite transaction) and rescored, end to end: {edit:.3f} ms")


def open_5000() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.sqlite"
        make_project(path, 10, 20, 24).close()      # 10 + 200 + 4800 = 5010 indicators

        def open_it():
            Project.open(path, readonly=True).close()

        def floor():
            conn = sqlite3.connect(path)
            conn.execute("SELECT * FROM indicator").fetchall()
            conn.close()

        def open_for_editing():
            Project.open(path).close()   # lock file, full checks, load, backup when changed

        def pragma(name: str) -> None:
            conn = sqlite3.connect(path)
            conn.execute(f"PRAGMA {name}").fetchall()
            conn.close()

        opened = median_ms(open_it, 10)
        editing = median_ms(open_for_editing, 10)
        raw = median_ms(floor, 10)
        integrity = median_ms(lambda: pragma("integrity_check"), 10)
        quick = median_ms(lambda: pragma("quick_check"), 10)
        print(f"size of the file: {path.stat().st_size / 1e6:.1f} MB")
        print(f"open a 5,010-indicator file read-only (checks + load): {opened:.1f} ms")
        print(f"open it for editing (lock, checks, load, backup check): {editing:.1f} ms")
        print(f"  floor, raw sqlite3 SELECT * FROM indicator: {raw:.1f} ms")
        print(f"  of which integrity_check alone: {integrity:.1f} ms (quick_check {quick:.1f} ms)")
        with Project.open(path, readonly=True) as project:
            score = median_ms(lambda: score_project(project), 10)
        print(f"  scoring it once opened: {score:.1f} ms")


if __name__ == "__main__":
    recompute_500()
    open_5000()
