"""Window budget (run by hand: QT_QPA_PLATFORM=offscreen python benchmarks/bench_score_panel.py).

- from ``setData`` on the indicator view's model to the score panel showing the new total,
  on a generated 505-indicator project file: under 50 ms
Printed beside floors measured in the same run on the same file: the bare engine recompute
(``score_project``) and the stored edit alone (``Project.apply`` + live scores, no Qt).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import make_project
from pfdesk import commands
from pfdesk.live_scores import LiveScores
from pfdesk.numbers import fmt2
from pfdesk.project import Project
from pfdesk.scoring import score_project

BUDGET_MS = 50.0
REPEAT = 60


def _times_ms(fn: Callable[[int], None], repeat: int = REPEAT) -> list[float]:
    times = []
    for n in range(repeat):
        start = time.perf_counter()
        fn(n)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _report(label: str, times: list[float]) -> float:
    median = statistics.median(times)
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    print(f"{label:<44} median {median:7.2f} ms   p95 {p95:7.2f} ms")
    return median


def main() -> int:
    """Print the figures; exit 1 when the window misses its budget."""
    os.environ.setdefault("PFDESK_CONFIG_DIR", tempfile.mkdtemp(prefix="pfdesk-bench-cfg-"))
    from PySide6.QtCore import QEvent, Qt

    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.models.indicator_model import COL_SCORE
    from ui.settings import Settings

    folder = Path(tempfile.mkdtemp(prefix="pfdesk-bench-"))
    path = folder / "big.pfdesk"
    make_project(path, 5, 10, 9).close()             # 5 + 50 + 450 = 505 indicators
    values = ["0.25", "0.75"]

    with Project.open(path) as project:
        leaf = project.by_code("A12")
        print(f"project: {len(project.indicators())} indicators in {path.name}")
        floor_engine = _report("floor: score_project (bare engine)",
                               _times_ms(lambda _n: score_project(project)))
        live = LiveScores(project)
        floor_edit = _report("floor: apply + live scores (no Qt)", _times_ms(
            lambda n: live.update(project.apply(
                commands.set_score(project, leaf.id, values[n % 2]))))[1:])

    app = make_app(["bench"])
    window = MainWindow(Settings())
    window.resize(1366, 768)
    window.show()
    assert window.open_project(path)
    workspace = window.workspace
    assert workspace is not None
    page = workspace.indicator_pages()[0]
    workspace.show_page("ind:" + page.root_id)
    app.processEvents()
    model = page.view.model()
    target = model.index_of(window.project.by_code("A12").id, COL_SCORE)  # type: ignore[union-attr]

    def edit(n: int) -> None:
        assert model.setData(target, values[n % 2], Qt.ItemDataRole.EditRole)
        expected = fmt2(window.session.score.total)  # type: ignore[union-attr]
        assert window.score_panel.total.text() == expected

    window_ms = _report("window: setData → panel updated", _times_ms(edit))
    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    print(f"budget {BUDGET_MS:.0f} ms: {'met' if window_ms < BUDGET_MS else 'MISSED'} "
          f"(window {window_ms:.2f} ms; stored edit alone {floor_edit:.2f} ms; "
          f"engine alone {floor_engine:.2f} ms)")
    return 0 if window_ms < BUDGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
