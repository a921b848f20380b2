"""Start-up against a bare PySide6 window (run by hand: python benchmarks/bench_startup.py).

Budget (issue 12): ``pfdesk FILE`` with a 50-indicator project shows its window, score panel
filled, within 1.5× the time a bare PySide6 window showing one label takes to show; with a
5,000-indicator project within 2×. Each case runs in a fresh process offscreen
(``QT_QPA_PLATFORM=offscreen``), timed from just before the process starts to the moment the
child reports its window painted; the three cases alternate, N rounds, medians reported.

The child (``--child bare`` / ``--child pfdesk FILE``) also reports which heavy modules were
loaded at that moment; ``tests/ui/test_startup_imports.py`` checks that list.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 7

# Modules the window must not load before they are used.
HEAVY = ("sqlite_utils", "numpy", "matplotlib", "docx", "openpyxl")
# Pages a freshly opened project does not show (项目信息 is shown first).
LATER_PAGES = ("ui.pages.charts_page", "ui.pages.export_page",
               "ui.pages.forms.findings_page", "ui.pages.forms.funding_page",
               "ui.pages.forms.targets_page", "ui.pages.forms.evaluators_page",
               "ui.pages.panel_scores", "ui.pages.sign_off", "ui.pages.evidence_list")


def _report(window_ok: bool) -> None:
    """Print one JSON line: shown, the heavy modules and later pages loaded; then quit."""
    loaded = sorted(m for m in (*HEAVY, *LATER_PAGES) if m in sys.modules)
    print(json.dumps({"ok": window_ok, "loaded": loaded}), flush=True)


def _child_bare() -> int:
    """A bare window showing one label, painted; then report."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    label = QLabel("财政支出绩效评价工作台")
    label.show()

    def shown() -> None:
        label.grab()
        _report(True)
        app.quit()

    QTimer.singleShot(0, shown)
    return int(app.exec())


def _child_pfdesk(file: str) -> int:
    """``pfdesk FILE`` through its real entry point; when its event loop starts and the window
    is painted with the score panel filled, report and close the window."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    original_exec = QApplication.exec

    def shown() -> None:
        app = QApplication.instance()
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for window in windows:
            window.grab()
        total = next((w.findChild(QLabel, "scoreTotal") for w in windows
                      if w.findChild(QLabel, "scoreTotal") is not None), None)
        _report(bool(total is not None and total.isVisible() and total.text().strip()))
        app.closeAllWindows()
        app.quit()

    def exec_then_report(*_args: object) -> int:
        QTimer.singleShot(0, shown)
        return int(original_exec())

    QApplication.exec = exec_then_report  # type: ignore[method-assign]
    from ui.launch import main

    return main([file])


def run_child(args: list[str], timeout: float = 120,
              pycache: Path | None = None) -> tuple[float, dict[str, object]]:
    """Run one child; milliseconds to its report and the report.

    With ``pycache``, compiled modules are kept there (``PYTHONPYCACHEPREFIX``) even where the
    environment says not to write them, as an installed program has them: otherwise each start
    would compile every module again and measure the compiler.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env, cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = (time.perf_counter() - start) * 1000
    proc.communicate(timeout=timeout)
    if not line.strip():
        raise RuntimeError(f"child {args} reported nothing (exit {proc.returncode})")
    return elapsed, json.loads(line)


def make_files(folder: Path) -> tuple[Path, Path]:
    """A 50-indicator and a 5,000-indicator project ."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import make_project

    small, big = folder / "small.pfdesk", folder / "big.pfdesk"
    make_project(small, 5, 3, 2).close()       # 5 + 15 + 30 = 50 indicators
    make_project(big, 10, 20, 24).close()      # 10 + 200 + 4,800 = 5,010 indicators
    return small, big


def main(rounds: int = ROUNDS) -> None:
    """Run the three cases alternately ``rounds`` times; print medians and ratios."""
    with tempfile.TemporaryDirectory() as tmp:
        small, big = make_files(Path(tmp))
        pycache = Path(tmp) / "pycache"
        # The children's settings (recent files) and data stay in the temporary folder.
        os.environ["PFDESK_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["PFDESK_DATA_DIR"] = str(Path(tmp) / "data")
        cases = {"bare window": ["bare"], "50 indicators": ["pfdesk", str(small)],
                 "5,010 indicators": ["pfdesk", str(big)]}
        for args in cases.values():     # warm the page cache and .pyc files
            run_child(args, pycache=pycache)
        times: dict[str, list[float]] = {name: [] for name in cases}
        reports: dict[str, dict[str, object]] = {}
        for _ in range(rounds):
            for name, args in cases.items():
                ms, reports[name] = run_child(args, pycache=pycache)
                times[name].append(ms)
        bare = statistics.median(times["bare window"])
        for name in cases:
            ms = statistics.median(times[name])
            report = reports[name]
            print(f"{name:>17}: {ms:7.0f} ms  ×{ms / bare:.2f}  shown={report['ok']}  "
                  f"loaded={','.join(report['loaded']) or '—'}")  # type: ignore[arg-type]
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.path.insert(0, str(ROOT))
        kind = sys.argv[2]
        raise SystemExit(_child_bare() if kind == "bare" else _child_pfdesk(sys.argv[3]))
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ROUNDS)
