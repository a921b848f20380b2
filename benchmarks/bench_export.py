"""Benchmark: exporting the demo project's full report with its three charts (budget < 2 s).

    python benchmarks/bench_export.py [--runs 3]

Printed beside a floor measured in the same run: writing an empty python-docx document. The
first export is cold (it pays for importing matplotlib when the first chart is drawn); the
warm figure is the best of the following runs. Exit code 1 when the cold export is over budget.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUDGET_S = 2.0


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Measure the floor, the cold export and the warm exports; print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    import docx

    from pfdesk.demo import build_demo
    from pfdesk.reports.export import export
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = folder / "demo.sqlite"
        build_demo(demo).close()
        floor = min(_timed(lambda: docx.Document().save(str(folder / "empty.docx")))
                    for _ in range(3))
        cold = _timed(lambda: export([demo], "full", folder / "full-cold.docx"))
        warm = min(_timed(lambda: export([demo], "full", folder / "full.docx"))
                   for _ in range(args.runs))
        plain = min(_timed(lambda: export([demo], "full", folder / "nochart.docx", charts=False))
                    for _ in range(args.runs))
        size = (folder / "full.docx").stat().st_size
    print(f"floor  (empty python-docx document)       {floor * 1000:7.0f} ms")
    print(f"full report, 3 charts, cold (first run)   {cold * 1000:7.0f} ms")
    print(f"full report, 3 charts, warm (best of {args.runs})   {warm * 1000:7.0f} ms")
    print(f"full report, no charts (best of {args.runs})        {plain * 1000:7.0f} ms")
    print(f"document size {size / 1024:.0f} KB; budget {BUDGET_S:.1f} s "
          f"{'met' if cold < BUDGET_S else 'EXCEEDED'}")
    return 0 if cold < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
