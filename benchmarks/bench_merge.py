"""Merging a team's copies (run by hand: python benchmarks/bench_merge.py).

Budget (issue "a team on separate laptops"): ten members' copies of a 200-indicator project,
each with 20 changed scores, merge in ≤ 1 s. Beside it, the floor: reading the eleven files
with plain sqlite3 (every indicator row and every log row).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import make_project
from pfdesk import commands, merge
from pfdesk.project import Project

MEMBERS = 10
EDITS = 20


def _prepare(folder: Path) -> tuple[Path, list[Path]]:
    lead = folder / "lead.sqlite"
    make_project(lead, 4, 7, 7).close()              # 4 + 28 + 196 = 228 indicators
    copies = []
    for member in range(MEMBERS):
        copy = folder / f"member{member}.sqlite"
        shutil.copyfile(lead, copy)
        with Project.open(copy, user=f"组员{member}", backup=False) as project:
            leaves = [i for i in project.walk() if not project.children(i.id)]
            mine = leaves[member * EDITS:(member + 1) * EDITS] if member < 9 else leaves[:EDITS]
            value = "0.25" if member == 9 else "0.5"   # the last one disagrees with the first
            for leaf in mine:
                project.apply(commands.set_score(project, leaf.id, value))
        copies.append(copy)
    return lead, copies


def _floor(paths: list[Path]) -> float:
    start = time.perf_counter()
    for path in paths:
        conn = sqlite3.connect(path)
        conn.execute("SELECT * FROM indicator").fetchall()
        conn.execute("SELECT * FROM change_log").fetchall()
        conn.execute("SELECT * FROM change_row").fetchall()
        conn.close()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    runs = []
    floors = []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as tmp:
            lead, copies = _prepare(Path(tmp))
            floors.append(_floor([lead, *copies]))
            with Project.open(lead, user="组长", backup=False) as project:
                start = time.perf_counter()
                result = merge.merge(project, copies)
                runs.append((time.perf_counter() - start) * 1000)
    runs.sort()
    floors.sort()
    print(f"{MEMBERS} copies × {EDITS} changed scores of a 228-indicator project")
    print(f"  merged {result.merged} field changes, {len(result.conflicts)} conflicts")
    print(f"  merge (open and check every copy, compare, write one edit): "
          f"median {runs[len(runs) // 2]:.0f} ms, worst {runs[-1]:.0f} ms (budget 1000 ms)")
    print(f"  floor, reading the eleven files with plain sqlite3: median "
          f"{floors[len(floors) // 2]:.0f} ms")


if __name__ == "__main__":
    main()
