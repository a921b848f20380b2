"""Backup costs on a 5,010-indicator project (run by hand: python benchmarks/bench_backups.py).

- one backup (SQLite's backup API into a temporary name, fsync, rename, index, pruning),
  beside a floor measured in the same run: a plain file copy of the same file, with and without
  fsync
- the check on opening an unchanged file (SHA-256 of the file, compared with the newest copy)
- ``on_edit`` when no backup is due (budget: well under 1 ms), beside an empty function call
- a restore (two full file checks, the 恢复前 copy, the write into the file)
The data folder is a temporary one; nothing outside it is touched.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import make_project
from benchmarks.timing import median_ms
from pfdesk import backups, commands
from pfdesk.project import Project


def _copy_with_fsync(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PFDESK_DATA_DIR"] = str(Path(tmp) / "data")
        path = Path(tmp) / "big.pfdesk"
        make_project(path, 10, 10, 49).close()          # 10 + 100 + 4,900 = 5,010 indicators
        project = Project.open(path)
        leaf = project.by_code("A11")
        print(f"indicators: {len(project.indicators())}, file size {path.stat().st_size / 1e6:.2f} MB")

        due = iter(range(1, 10_000))
        values = iter(["0.25", "0.5"] * 1000)

        def one_backup() -> None:
            made = backups.maybe_backup(project, now=time.monotonic()
                                        + next(due) * backups.INTERVAL_MINUTES * 60)
            assert made is not None

        times = []
        for _ in range(15):
            project.apply(commands.set_score(project, leaf.id, next(values)))   # content changed
            times.append(median_ms(one_backup, 1))
        backup = statistics.median(times)
        copies = Path(tmp) / "copies"
        copies.mkdir()
        counter = iter(range(10_000))
        plain = median_ms(lambda: shutil.copyfile(path, copies / f"{next(counter)}.pfdesk"), 15)
        synced = median_ms(lambda: _copy_with_fsync(path, copies / f"{next(counter)}.pfdesk"), 15)
        print(f"one backup (编辑中): {backup:.1f} ms")
        print(f"  floor, plain file copy of the same file: {plain:.1f} ms; with fsync: {synced:.1f} ms")
        print(f"  copies kept: {len(backups.list_backups(path))}")

        project.close()
        Project.open(path).close()                      # the newest copy now matches the file
        unchanged = median_ms(lambda: Project.open(path).close(), 10)
        bare = median_ms(lambda: Project.open(path, readonly=True).close(), 10)
        print(f"open for editing, file unchanged (no copy made): {unchanged:.1f} ms; "
              f"read-only open without any backup step: {bare:.1f} ms")
        digest = median_ms(lambda: backups.file_digest(path), 20)
        print(f"  of which the SHA-256 of the file: {digest:.2f} ms")

        project = Project.open(path)
        calls = 200_000

        def noop(_project: Project) -> None:
            return None

        def per_call_us(fn: Callable[[Project], None]) -> float:
            start = time.perf_counter()
            for _ in range(calls):
                fn(project)
            return (time.perf_counter() - start) / calls * 1e6

        on_edit = statistics.median(per_call_us(backups.on_edit) for _ in range(5))
        floor = statistics.median(per_call_us(noop) for _ in range(5))
        print(f"on_edit with no backup due: {on_edit:.2f} µs per call (budget: well under 1 ms)")
        print(f"  floor, an empty function call: {floor:.2f} µs")
        project.close()

        newest = backups.list_backups(path)[-1]
        restore = median_ms(lambda: backups.restore(newest, path), 3)
        print(f"restore (checks of the copy and the file, 恢复前 copy, write): {restore:.0f} ms")


if __name__ == "__main__":
    main()
