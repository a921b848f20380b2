"""Start-up against a bare PySide6 window (run by hand: python benchmarks/bench_startup.py).

Budget (issue 12): ``pfdesk FILE`` shows its window with the project painted within 1.5× the
time a bare PySide6 window showing one label takes to paint, with a 50-indicator project (and
the 34-indicator demo); with a 5,000-indicator project within 2×.

Each case runs in a fresh process offscreen (``QT_QPA_PLATFORM=offscreen``), timed from just
before the process starts to the line it prints once its window has painted:

- the bare window: a ``QLabel`` shown, reported after its first paint event;
- the Qt floor (``startup_floor.py``): pfdesk's first screen built from PySide6 alone, the same
  Qt widgets in the same numbers and layout with made-up texts, reported after the first paint
  of its score total; what it costs over the bare window is what Qt and PySide6 charge for
  those widgets, which no code of pfdesk can remove;
- pfdesk: the real entry point (``ui.launch:main``, the console script's) with
  ``PFDESK_STARTUP_PROBE`` set (see ``ui.app``): reported after the first paint of the score
  total of the opened project, with the window's title; the run counts only when the title
  names the file and the total is filled;
- ``--bundle PATH``: the frozen program (``python3 dev.py bundle`` makes ``dist/pfdesk/pfdesk``)
  run the same way on the same files.

The cases alternate, N rounds (``python benchmarks/bench_startup.py 15 --bundle
dist/pfdesk/pfdesk``), medians and ratios to the bare window of the same run, and for pfdesk
what it takes beyond the Qt floor; beside the wall clock, the processor time each process had
used by its report (steadier on a busy machine, but blind to work done in parallel on another
core). The reports also list which heavy modules, standard modules and later pages were loaded
at that moment; ``tests/ui/test_startup_imports.py`` checks that list (the bundle lists
``socket``, with ``multiprocessing.reduction`` that imports it and ``__mp_main__``: PyInstaller's
start-up hook for ``multiprocessing``; the checkout loads none of them).

Measured 2026-12-03 10:31 UTC on this 2-core machine (load average 1.0, nothing else running),
11 rounds, the bundle built by a clean clone's ``.ci/run`` from the same tree::

                   bare window:   96 ms  ×1.00
                      Qt floor:  142 ms  ×1.49
                          demo:  245 ms  ×2.57   target ×1.5 missed   floor +103 ms
                 50 indicators:  240 ms  ×2.51   target ×1.5 missed   floor  +98 ms
              5,010 indicators:  296 ms  ×3.09   target ×2.0 missed   floor +154 ms
                  bundle, demo:  252 ms  ×2.63
         bundle, 50 indicators:  243 ms  ×2.54
      bundle, 5,010 indicators:  302 ms  ×3.16

**The targets cannot be met by this first screen with PySide6 6.11**: its widgets built by Qt
alone take ×1.47–1.49 of the bare window (in every run of the day), which leaves pfdesk's own
code a few milliseconds under ×1.5 for opening, checking, reading and scoring the project and
filling the page. Python 3.13 changes nothing (bare 107 ms, floor 157 ms: ×1.47, one run of 9
rounds with the same PySide6). Most of the floor is PySide6 making each Qt class's Python type
and enums on its first use (the ``Qt`` namespace alone ≈12 ms, ``QStyle`` ≈4.5 ms), which the
one-label window never pays.

The menus and toolbar are part of the first paint since this run: built after it (as in the
earlier runs below), they pushed the page and the score panel 58 pixels down in front of the
user, for ≈7 ms less. Earlier the same day, with them after the first paint and without the
floor: 08:45 UTC (load 0.7) bare 102 ms, demo ×2.58, 50 indicators ×2.46, 5,010 ×3.10, the
bundle ×2.53–3.14; 09:35 UTC bare 94 ms, demo ×2.59, 50 indicators ×2.46, 5,010 ×3.02. Before
this round of work, on a quiet machine: demo ×3.2–3.6, 50 indicators ×3.2–3.3, 5,010 ×4.2–4.4.

Where the time goes (50 indicators, timestamps in one process, with tracing, ≈235 ms in all,
traced before the menus and toolbar joined the first paint, which added ≈7 ms):
Python ready ≈27 ms; the command line and the core's modules ≈35 ms, before Qt loads (much of
it making the core's 32 dataclasses, whose methods Python 3.11 compiles as each class is made);
PySide6 ≈55 ms (the bare window pays it too); the application's set-up (Chinese catalogues,
the CJK font, the icon) ≈6 ms; the window's modules ≈31 ms (the ``Qt`` namespace's enums ≈12 ms
of it, which the floor pays too); building the window ≈9 ms; opening the file (lock, rows,
scores) ≈4 ms; the workspace with the 项目信息 page ≈37 ms (the Qt types the floor also makes,
and the fields bound to the project); the rest of the first screen ≈8 ms; the paint ≈16 ms.
With 5,010 indicators, loading the rows adds ≈20 ms (most of it SQLite handing over 125,000
values) and scoring ≈20 ms; the file check (≈70 ms, nearly all SQLite's) runs on Linux in a forked copy of the
process, started before Qt loads, and is done when the window opens the file unless the other
core is busy. The processor time reported is the window's process only (not the forked check).
What the window leaves until after the first paint (the find panel, the start page, the list of
recent files, the copy made on opening) is not counted.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7
TARGETS = {"demo": 1.5, "50 indicators": 1.5, "5,010 indicators": 2.0}
FLOOR = "Qt floor"   # the first screen's widgets from Qt alone (startup_floor.py)

# Modules the window must not load before they are used.
HEAVY = ("sqlite_utils", "numpy", "matplotlib", "docx", "openpyxl")
# Standard modules the bare window does not load and opening a project does not need (the
# computer's name for the lock is read without socket; ids are made only for new rows).
STDLIB_LATER = ("socket", "uuid")
# Pages a freshly opened project does not show (项目信息 is shown first), and the windows and
# work that wait until asked for.
LATER_PAGES = ("ui.pages.charts_page", "ui.pages.export_page",
               "ui.pages.forms.findings_page", "ui.pages.forms.funding_page",
               "ui.pages.forms.targets_page", "ui.pages.forms.evaluators_page",
               "ui.pages.indicator_page", "ui.pages.indicator_view",
               "ui.pages.panel_scores", "ui.pages.sign_off", "ui.pages.evidence_list",
               "ui.history_view", "ui.merge_dialog", "ui.backups_dialog", "ui.import_excel",
               # 项目信息's later tabs (目标与等级 with the bands editor, 报告章节)
               "ui.pages.forms.bands_editor", "ui.pages.forms.narrative_editor",
               "pfdesk.reports.writer", "pfdesk.charts", "pfdesk.excel_import",
               # built right after the first paint of ``pfdesk FILE``: the find panel, the
               # start page (the menus and toolbar are in the first paint: nothing moves)
               "ui.find_panel", "pfdesk.search", "ui.start_page",
               # message boxes and file dialogs: loaded when one is shown
               "ui.dialogs",
               # the edit commands (with the evidence and outline code) and the merge
               # conflicts' code: loaded at the first edit, or when a project has conflicts
               "pfdesk.commands", "pfdesk.evidence", "pfdesk.conflicts")

# The bare window: only PySide6, one label; it reports after its first paint.
BARE = """
import sys
import time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel

app = QApplication(sys.argv[:1])
label = QLabel("财政支出绩效评价工作台")


class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            label.removeEventFilter(self)
            QTimer.singleShot(0, report)
        return False


def report():
    names = ",".join('"%s"' % name for name in sorted(sys.modules))
    cpu = time.process_time() * 1000
    print('{"ok": true, "title": "", "total": "", "cpu_ms": %.1f, "modules": [%s]}'
          % (cpu, names), flush=True)
    app.quit()


painted = Painted()
label.installEventFilter(painted)
label.show()
sys.exit(app.exec())
"""
PFDESK = "import sys; from ui.launch import main; sys.exit(main(sys.argv[1:]))"


def command(case: list[str], bundle: Path | None = None,
            preload: tuple[str, ...] = ()) -> list[str]:
    """The command line of a case: ``["bare"]`` or ``["pfdesk", FILE]``; ``preload``: modules
    imported before pfdesk starts (to show that the report sees them)."""
    if case[0] == "bare":
        return [sys.executable, "-c", BARE]
    if case[0] == "floor":
        return [sys.executable, str(ROOT / "benchmarks" / "startup_floor.py")]
    if bundle is not None:
        return [str(bundle), *case[1:]]
    first = "".join(f"import {module}; " for module in preload)
    return [sys.executable, "-c", first + PFDESK, *case[1:]]


def run_child(case: list[str], timeout: float = 180, pycache: Path | None = None,
              bundle: Path | None = None, preload: tuple[str, ...] = (),
              probe_seconds: float = 120) -> tuple[float, dict[str, object]]:
    """Run one case in a fresh process; milliseconds to its report, and the report.

    The report: ``ok`` (painted, and for pfdesk the title names the file and the total is
    filled), ``loaded`` (the modules of ``HEAVY``, ``STDLIB_LATER`` and ``LATER_PAGES``
    loaded by then),
    ``cpu_ms`` (the processor time the child had used by then). ``probe_seconds``: how long
    pfdesk waits for its painted project before reporting that it was not shown.
    With ``pycache``, compiled modules are kept there (``PYTHONPYCACHEPREFIX``) even where the
    environment says not to write them, as an installed program has them: otherwise each start
    would compile every module again and measure the compiler.
    """
    import subprocess
    import time

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PFDESK_STARTUP_PROBE=str(probe_seconds),
               PFDESK_USER=os.environ.get("PFDESK_USER", "基准"))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    start = time.perf_counter()
    proc = subprocess.Popen(command(case, bundle, preload), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    line = ""
    for line in proc.stdout:    # a frozen program may print other lines first
        if line.startswith("{"):
            break
    elapsed = (time.perf_counter() - start) * 1000
    proc.communicate(timeout=timeout)
    if not line.startswith("{"):
        raise RuntimeError(f"{case} reported nothing (exit {proc.returncode})")
    raw = json.loads(line)
    modules = set(raw["modules"])
    ok = bool(raw["ok"])
    if case[0] not in ("bare", "floor"):
        ok = ok and Path(case[1]).name in raw["title"] and bool(raw["total"].strip())
    loaded = sorted(m for m in (*HEAVY, *STDLIB_LATER, *LATER_PAGES) if m in modules)
    return elapsed, {"ok": ok, "loaded": loaded, "cpu_ms": float(raw.get("cpu_ms", 0))}


def make_files(folder: Path) -> dict[str, Path]:
    """The demo, a 50-indicator and a 5,000-indicator project."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import make_project
    from pfdesk.demo import build_demo

    files = {"demo": folder / "demo.pfdesk", "50 indicators": folder / "small.pfdesk",
             "5,010 indicators": folder / "big.pfdesk"}
    build_demo(files["demo"]).close()
    make_project(files["50 indicators"], 5, 3, 2).close()        # 5 + 15 + 30 = 50
    make_project(files["5,010 indicators"], 10, 20, 24).close()  # 10 + 200 + 4,800 = 5,010
    return files


class Timings:
    """One case's wall-clock and processor times (ms) over the rounds, and its last report."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.report: dict[str, object] = {}

    def add(self, ms: float, report: dict[str, object]) -> None:
        """Record one run."""
        self.wall.append(ms)
        self.cpu.append(float(report["cpu_ms"]))  # type: ignore[arg-type]
        self.report = report


def measure(rounds: int, bundle: Path | None) -> dict[str, Timings]:
    """Every case, alternating, ``rounds`` times after one warm-up run each."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        files = make_files(Path(tmp))
        pycache = Path(tmp) / "pycache"
        # The children's settings (recent files), backups and data stay in the temporary folder.
        os.environ["PFDESK_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["PFDESK_DATA_DIR"] = str(Path(tmp) / "data")
        cases: dict[str, tuple[list[str], Path | None]] = {
            "bare window": (["bare"], None), FLOOR: (["floor"], None)}
        for name, path in files.items():
            cases[name] = (["pfdesk", str(path)], None)
        if bundle is not None:
            for name, path in files.items():
                cases[f"bundle, {name}"] = (["pfdesk", str(path)], bundle)
        for args, frozen in cases.values():     # warm the page cache and .pyc files
            run_child(args, pycache=pycache, bundle=frozen)
        results = {name: Timings() for name in cases}
        for _ in range(rounds):
            for name, (args, frozen) in cases.items():
                results[name].add(*run_child(args, pycache=pycache, bundle=frozen))
        return results


def main(argv: list[str]) -> int:
    """Run the cases; print medians, ratios to the bare window and the targets."""
    import argparse
    import statistics

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=ROUNDS)
    parser.add_argument("--bundle", type=Path, help="also time this frozen program "
                        "(dist/pfdesk/pfdesk)")
    args = parser.parse_args(argv)
    if args.bundle is not None and not args.bundle.is_file():
        parser.error(f"{args.bundle} is not a file (build it with: python3 dev.py bundle)")
    results = measure(args.rounds, args.bundle)
    bare = statistics.median(results["bare window"].wall)
    bare_cpu = statistics.median(results["bare window"].cpu)
    floor = statistics.median(results[FLOOR].wall)
    print(f"{args.rounds} rounds, medians; ratios to the bare window of the same run "
          "(wall clock to the painted window; processor time used by then); for pfdesk, "
          "beyond the Qt floor: what its own code adds to the same widgets built by Qt alone")
    failed = False
    for name, timings in results.items():
        ms, cpu = statistics.median(timings.wall), statistics.median(timings.cpu)
        ratio = ms / bare
        target = TARGETS.get(name.removeprefix("bundle, "))
        verdict = "" if target is None else \
            f"  target ×{target:.1f} {'met' if ratio <= target else 'MISSED'}"
        report = timings.report
        loaded = ",".join(report["loaded"]) or "—"  # type: ignore[arg-type]
        beyond = "" if target is None else f"  beyond the Qt floor {ms - floor:+4.0f} ms"
        print(f"{name:>26}: {ms:7.0f} ms  ×{ratio:.2f}{verdict}{beyond}  "
              f"(cpu {cpu:5.0f} ms ×{cpu / bare_cpu:.2f})  shown={report['ok']}  loaded={loaded}")
        failed = failed or not report["ok"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
