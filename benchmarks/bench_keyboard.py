"""Scoring at an evaluator's speed (run by hand: python benchmarks/bench_keyboard.py).

- 30 leaves scored with real key events in the indicator tree (typing the score, Enter), from
  the dimension's row: keystrokes counted and seconds measured, beside a floor measured in the
  same run (the same 30 scores stored by plain ``setData`` calls on the view's model).
- 200 scores pasted from Excel text (rows of 编码<TAB>得分) with Ctrl+V on a generated 225-leaf
  dimension: seconds from the key press to the preview, and from 应用 to the score panel showing
  the new total; floors: the same 200 scores by 200 plain ``setData`` calls, and the pasted
  edit applied by the core alone (no Qt).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import big_specs, make_project
from pfdesk import paste
from pfdesk.edits import Edit
from pfdesk.numbers import Numbers
from pfdesk.project import Project
from pfdesk.tree import insert_ops

VALUES = ("0.5", "1", "0.8", "0.6", "0", "0.9")   # none is the generated 0.75


def two_hundred(path: Path) -> None:
    """One dimension of 25 level-2 indicators × 9 leaves (the first of each scored by
    deductions): 200 leaves whose score is typed; codes A011 … A259, all different."""
    specs = big_specs(1, 25, 9)
    for b, level2 in enumerate(specs[0].children):
        level2.code = f"A{b + 1:02d}"
        for c, leaf in enumerate(level2.children):
            leaf.code = f"A{b + 1:02d}{c + 1}"
    project = Project.create(path)
    project.apply(Edit("生成", insert_ops(specs)))
    project.close()


def _wait(app: object, done: object, limit: float = 5.0) -> None:
    end = time.perf_counter() + limit
    while not done():  # type: ignore[operator]
        app.processEvents()  # type: ignore[attr-defined]
        if time.perf_counter() > end:
            raise RuntimeError("timed out")


def _window(path: Path) -> tuple[object, object, object]:
    from ui.app import make_app
    from ui.main_window import MainWindow
    from ui.settings import Settings

    app = make_app(["bench"])
    window = MainWindow(Settings())
    window.resize(1366, 768)
    window.show()
    assert window.open_project(path)
    page = window.workspace.indicator_pages()[0]  # type: ignore[union-attr]
    window.workspace.show_page("ind:" + page.root_id)  # type: ignore[union-attr]
    app.processEvents()
    return app, window, page


def score_30(folder: Path) -> None:
    """Type 30 scores with key events; print keystrokes, seconds and the setData floor."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from ui.models.indicator_model import COL_SCORE

    path = folder / "thirty.pfdesk"
    make_project(path, 1, 5, 7).close()        # 35 leaves, 5 scored by deductions: 30 typed
    app, window, page = _window(path)
    view, model = page.view, page.view.model()
    leaves = [i for i in model.leaf_ids() if not model.why_not_scored(model.index_of(i))]
    assert len(leaves) == 30, len(leaves)
    values = [VALUES[n % len(VALUES)] for n in range(30)]
    view.setFocus()
    view.setCurrentIndex(model.index_of(page.root_id))
    keys = 0
    start = time.perf_counter()
    QTest.keyClick(view, Qt.Key.Key_Return)     # on the dimension's row: opens the first leaf
    keys += 1
    for n, value in enumerate(values):
        _wait(app, lambda n=n: view.state() == QAbstractItemView.State.EditingState
              and view.currentIndex().data(Qt.ItemDataRole.UserRole + 1) == leaves[n])
        editor = QApplication.focusWidget()
        QTest.keyClicks(editor, value)
        QTest.keyClick(editor, Qt.Key.Key_Return)
        keys += len(value) + 1
    project = window.project
    _wait(app, lambda: all(project.indicator(i).score == Decimal(v)
                           for i, v in zip(leaves, values, strict=True)))
    typed = time.perf_counter() - start
    floor_values = [VALUES[(n + 1) % len(VALUES)] for n in range(30)]
    start = time.perf_counter()
    for ind_id, value in zip(leaves, floor_values, strict=True):
        assert model.setData(model.index_of(ind_id, COL_SCORE), value, Qt.ItemDataRole.EditRole)
    app.processEvents()
    floor = time.perf_counter() - start
    print(f"30 leaves typed with key events: {keys} keystrokes "
          f"({keys / 30:.2f} a leaf), {typed:.2f} s ({typed / 30 * 1000:.0f} ms a leaf)")
    print(f"  floor, 30 plain setData calls:   {floor:.2f} s ({floor / 30 * 1000:.0f} ms a leaf)")
    window.close()


def paste_200(folder: Path) -> None:
    """Paste 200 scores with Ctrl+V and 应用; print seconds and the floors."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest

    from ui.models.indicator_model import COL_SCORE

    path = folder / "two-hundred.pfdesk"
    two_hundred(path)
    with Project.open(path) as project:
        leaves = [i.id for i in project.walk() if not project.children(i.id)
                  and not paste.why_not_typed(project, i.id)]
        codes = [project.indicator(i).code for i in leaves]
        assert len(leaves) == 200, len(leaves)
        rows = [["编码", "得分"]] + [[c, VALUES[n % len(VALUES)]] for n, c in enumerate(codes)]
        text = paste.to_tsv(rows)
        start = time.perf_counter()
        plan = paste.plan_scores(project, text, [])
        edit = plan.edit(project)
        project.apply(edit)
        core = time.perf_counter() - start
        assert len(edit.ops) == 200, len(edit.ops)
        project.undo()
    app, window, page = _window(path)
    view, model = page.view, page.view.model()
    QGuiApplication.clipboard().setText(text)
    view.setFocus()
    view.setCurrentIndex(model.index_of(leaves[0]))
    start = time.perf_counter()
    QTest.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    dialog = view.paste_dialog
    _wait(app, lambda: dialog is not None and dialog.isVisible())
    shown = time.perf_counter() - start
    start = time.perf_counter()
    QTest.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    app.processEvents()
    total = Numbers.of(window.project.info).pts(window.session.score.total)
    assert window.score_panel.total.text() == total, (window.score_panel.total.text(), total)
    applied = time.perf_counter() - start
    stored = sum(1 for i, (_c, v) in zip(leaves, rows[1:], strict=True)
                 if window.project.indicator(i).score == Decimal(v))
    assert stored == 200, stored
    assert window.session.undo_stack.undoText().startswith("粘贴得分")
    floor_values = [VALUES[(n + 1) % len(VALUES)] for n in range(200)]
    start = time.perf_counter()
    for ind_id, value in zip(leaves, floor_values, strict=True):
        assert model.setData(model.index_of(ind_id, COL_SCORE), value, Qt.ItemDataRole.EditRole)
    app.processEvents()
    floor = time.perf_counter() - start
    print(f"200 scores pasted (编码<TAB>得分, {len(plan.changes)} changed): "
          f"Ctrl+V → preview {shown:.2f} s, 应用 → panel updated {applied:.2f} s, "
          f"one undo step")
    print(f"  floor, 200 plain setData calls (200 undo steps): {floor:.2f} s")
    print(f"  floor, the same paste planned and applied by the core alone: {core:.2f} s")
    window.close()


def main() -> int:
    """Print the figures."""
    os.environ.setdefault("PFDESK_CONFIG_DIR", tempfile.mkdtemp(prefix="pfdesk-bench-cfg-"))
    os.environ.setdefault("PFDESK_DATA_DIR", tempfile.mkdtemp(prefix="pfdesk-bench-data-"))
    folder = Path(tempfile.mkdtemp(prefix="pfdesk-bench-"))
    score_30(folder)
    paste_200(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
