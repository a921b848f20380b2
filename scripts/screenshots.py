"""Screenshots of every page of the window with the demo project, for the README.

Runs offscreen at 1366×768 with a CJK font; writes docs/screenshots/NN-<page>.png (导出报告
with two faults put in for its checks to list, then undone), then a project opened read-only
(12), an indicator changed after its review with its history (13), and two members' copies
merged through 合并副本…: what each brought (14) and a conflict (15), and the score panel with
an indicator that is not applicable (18). ``--only 18`` makes that one
alone. Each file is written over in place; nothing else in the folder is deleted, so the shots
other scripts make there (16 by ``evidence_shot.py``, 17-* by ``findings_shot.py``) stay, and
the run ends by naming the PNGs it did not write.
Usage: QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out DIR] [--only 18]
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

log = logging.getLogger("screenshots")

SIZE = (1366, 768)
SLUGS = {"项目信息": "info", "资金情况": "funding", "绩效目标": "targets", "评价发现": "findings",
         "评价人员": "evaluators", "图表": "charts", "导出报告": "export"}


def prepare(prefix: str) -> Path:
    """Offscreen Qt, settings and data in a new temporary folder (returned), log lines shown."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    work = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["PFDESK_CONFIG_DIR"] = str(work / "config")
    os.environ["PFDESK_DATA_DIR"] = str(work / "data")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return work


def new_window(settings: Any) -> tuple[Any, Any]:
    """The application and a main window with these settings, shown at SIZE."""
    from ui.app import make_app
    from ui.main_window import MainWindow

    app = make_app(["pfdesk"])
    window = MainWindow(settings)
    window.resize(*SIZE)
    window.show()
    return app, window


def open_demo(window: Any, path: Path) -> bool:
    """Open a project in the window at SIZE; False (logged) when it cannot be opened."""
    if not window.open_project(path):
        log.error("the demo project could not be opened")
        return False
    window.resize(*SIZE)
    return True


def demo_copy_window(prefix: str,
                     adjust: Any = None) -> tuple[Path, Any, Any] | None:
    """A new temporary folder (``prepare``), a copy of the demo project in it (changed by
    ``adjust(path)`` if given) open in a window signed 演示: (folder, app, window); None
    (logged) when it cannot be opened."""
    import shutil

    from pfdesk.demo import demo_path
    from ui.settings import Settings

    work = prepare(prefix)
    demo = work / "演示项目.pfdesk"
    shutil.copyfile(demo_path(), demo)
    if adjust is not None:
        adjust(demo)
    app, window = new_window(Settings(user_name="演示"))
    return (work, app, window) if open_demo(window, demo) else None


def close_window(window: Any, app: Any) -> None:
    """Close the window and free it."""
    from PySide6.QtCore import QEvent

    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def settle(app: object, rounds: int = 5) -> None:
    """Let the window handle its pending events."""
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]


def grab(window: object, app: object, path: Path) -> None:
    """Save the window as it is now shown to ``path``."""
    settle(app)
    window.grab().save(str(path))  # type: ignore[attr-defined]
    log.info("wrote %s", path)


def leaf_with_deductions(window: Any) -> tuple[Any, Any]:
    """Show the second dimension's page; it and its first leaf with deductions (else first leaf)."""
    workspace = window.workspace
    project = window.project
    page = workspace.indicator_pages()[1]
    workspace.show_page("ind:" + page.root_id)
    leaves = [i for i in project.walk(page.root_id) if not project.children(i.id)]
    return page, next((i for i in leaves if project.deductions(i.id)), leaves[0])


def export_checks_shot(window: Any, app: Any, page: Any, path: Path) -> None:
    """导出报告 with what its checks find listed in the table: a 资金来源 row of 5 / 5 / 5 that
    资金总额 does not hold and a point taken off a full-score leaf that no problem mentions (its
    analysis still states the old score). Both edits are undone after the grab."""
    from decimal import Decimal

    from pfdesk import commands
    from pfdesk.model import FundingSource

    project, session = window.project, window.session
    edits = [commands.add_row(project, FundingSource(source="其他", budget=Decimal(5),
                                                     received=Decimal(5), spent=Decimal(5)),
                              "添加资金来源")]
    full = next((i for i in project.walk() if not project.children(i.id)
                 and i.method != "deduction" and not project.deductions(i.id)
                 and i.score is not None and i.score == i.weight), None)
    if full is not None:
        edits.append(commands.add_deduction(project, full.id, "1", "部分台账未及时更新", ""))
    pushed = sum(1 for edit in edits if session.push(edit))
    page.run_checks()
    grab(window, app, path)
    for _ in range(pushed):
        session.undo()
    window.statusBar().clearMessage()      # no 已撤销 line in the shots that follow


def _history_shot(window: object, app: object, path: Path) -> None:
    """A signed dimension (the demo's own sign-off, else 张三 prepares and 李四 reviews) with
    one indicator changed afterwards by 王五: the sign-off line, the red 复核后已修改 line, the
    tree's status and the indicator's 修改记录."""
    from pfdesk import commands

    project = window.project  # type: ignore[attr-defined]
    page, target = leaf_with_deductions(window)
    page.select_indicator(page.root_id)
    page.sign("prepare")
    window.set_user_name("李四")  # type: ignore[attr-defined]
    page.sign("review")
    window.set_user_name("王五")  # type: ignore[attr-defined]
    page.select_indicator(target.id)
    window.session.push(commands.add_deduction(  # type: ignore[attr-defined]
        project, target.id, "0.5", "抽查发现两笔支付凭证缺少审批签字", "支付凭证抽查记录"))
    page.tabs.setCurrentWidget(page.history)
    page.history.table.selectRow(0)
    page.history.table.setFocus()
    grab(window, app, path)


def _team_copies(demo: Path, work: Path) -> tuple[Path, list[Path]]:
    """The demo as the leader's file and two members' copies: 张会计 and 李审计 both score the
    same two indicators (two conflicts) and 李审计 scores one more of her own."""
    import shutil
    from decimal import Decimal

    from pfdesk import commands
    from pfdesk.project import Project

    lead = work / "绩效评价（组长）.pfdesk"
    shutil.copyfile(demo, lead)
    copies = [work / "绩效评价（张会计）.pfdesk", work / "绩效评价（李审计）.pfdesk"]
    for copy in copies:
        shutil.copyfile(lead, copy)
    with Project.open(lead, readonly=True) as project:
        leaves = [i for i in project.walk() if not project.children(i.id)
                  and i.method != "deduction" and not project.deductions(i.id)
                  and i.weight and i.weight >= 2]
        first, second, third = leaves[0], leaves[3], leaves[6]
    edits = [(copies[0], "张会计", [(first.id, first.weight - 1), (second.id, second.weight - 1)]),
             (copies[1], "李审计", [(first.id, first.weight - 2), (second.id, second.weight - Decimal("1.5")),
                                    (third.id, third.weight - 1)])]
    for path, user, scores in edits:
        with Project.open(path, user=user, backup=False) as project:
            for ind_id, value in scores:
                project.apply(commands.set_score(project, ind_id, value))
    return lead, copies


def _over(window: object, dialog: object, app: object, path: Path) -> None:
    """The window with the dialog on top (offscreen has no compositor), left of the score panel."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    settle(app)
    shot = window.grab()  # type: ignore[attr-defined]
    top = dialog.grab()  # type: ignore[attr-defined]
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))
    dock = window.score_dock.geometry()  # type: ignore[attr-defined]
    left = max(8, min((shot.width() - top.width()) // 2, dock.x() - top.width() - 12))
    at = QPoint(left, (shot.height() - top.height()) // 2)   # the score panel stays in view
    painter.fillRect(top.rect().translated(at + QPoint(4, 4)), QColor(0, 0, 0, 70))
    painter.drawPixmap(at, top)
    painter.setPen(QColor("#8a8f96"))
    painter.drawRect(top.rect().translated(at).adjusted(0, 0, -1, -1))
    painter.end()
    shot.save(str(path))
    log.info("wrote %s", path)


def _merge_shots(window: object, app: object, demo: Path, work: Path, out: Path) -> bool:
    """合并副本…: the summary of two copies (14), then the first conflict (15)."""
    from ui.merge_dialog import show_merge

    lead, copies = _team_copies(demo, work)
    window.close_project(show_start=False)  # type: ignore[attr-defined]
    window.set_user_name("王组长")  # type: ignore[attr-defined]
    if not window.open_project(lead):  # type: ignore[attr-defined]
        return False
    window.resize(*SIZE)  # type: ignore[attr-defined]
    dialog = show_merge(window)
    assert dialog is not None
    dialog.add_copies([str(c) for c in copies])
    if not dialog.run_merge():
        log.error("merge refused: %s", dialog.error.text())
        return False
    first = dialog.result.conflicts[0] if dialog.result and dialog.result.conflicts else None
    if first is not None:
        window.select_indicator(first.row_id)  # type: ignore[attr-defined]
    _over(window, dialog, app, out / "14-merge-summary.png")
    dialog.show_step(2)
    _over(window, dialog, app, out / "15-merge-conflict.png")
    dialog.close()
    return True


NOT_APPLICABLE_SHOT = "18-panel-not-applicable.png"


def not_applicable_shot(window: Any, app: Any, path: Path) -> bool:
    """效益 of the demo with one 4-point indicator marked 不适用: the panel shows the points
    that count, the note on them and the total rescaled to 100; the tree shows the leaf."""
    from pfdesk import commands

    project = window.project
    workspace = window.workspace
    page = workspace.indicator_pages()[-1]
    leaves = [i for i in project.walk(page.root_id) if not project.children(i.id)
              and i.weight is not None]
    target = next((i for i in leaves if i.weight == 4), None) or max(leaves, key=lambda i: i.weight)
    if not window.session.push(commands.set_indicator(project, target.id, not_applicable=True)):
        log.error("the indicator could not be marked not applicable")
        return False
    workspace.show_page("ind:" + page.root_id)
    page.select_indicator(target.id)
    if target.reviewed_by:             # the reviewer looks at the change and signs again
        window.set_user_name(target.reviewed_by)
        page.sign("review")
    grab(window, app, path)
    return True


def _only_not_applicable(out: Path, demo: Path, work: Path) -> int:
    """The not-applicable shot alone, on a copy of the demo."""
    from ui.settings import Settings

    app, window = new_window(Settings(user_name="演示", recent_files=[]))
    if not open_demo(window, _copy(demo, work)):
        return 1
    done = not_applicable_shot(window, app, out / NOT_APPLICABLE_SHOT)
    close_window(window, app)
    return 0 if done else 1


def main(argv: list[str] | None = None) -> int:
    """Write one PNG per page (plus the start page)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", choices=["18"], help="make only this screenshot")
    args = parser.parse_args(argv)
    work = prepare("pfdesk-shots-")

    from pfdesk.demo import demo_path

    args.out.mkdir(parents=True, exist_ok=True)
    if args.only:
        return _only_not_applicable(args.out, demo_path(), work)
    started = time.time()
    done = _all_shots(args.out, demo_path(), work)
    left = sorted(p.name for p in args.out.glob("*.png") if p.stat().st_mtime < started)
    if left:
        log.info("left in place (not made by this script): %s", "、".join(left))
    return done


def _all_shots(out: Path, demo: Path, work: Path) -> int:
    """Every page, read-only, history, merge and not-applicable shot, written over in ``out``."""
    from ui.settings import Settings

    app, window = new_window(Settings(user_name="演示", recent_files=[str(demo)]))
    grab(window, app, out / "00-start.png")
    if not open_demo(window, demo):
        return 1
    workspace = window.workspace
    assert workspace is not None
    for row in range(workspace.nav.count()):
        item = workspace.nav.item(row)
        key = item.data(0x0101)
        workspace.show_page(key)
        page = workspace.current_page()
        if key.startswith("ind:") and page is not None:
            leaves = [i for i in window.project.walk(page.root_id)  # type: ignore[union-attr]
                      if not window.project.children(i.id)]  # type: ignore[union-attr]
            with_deductions = [i for i in leaves if window.project.deductions(i.id)]  # type: ignore[union-attr]
            target = (with_deductions or leaves or [None])[0]
            if target is not None:
                page.select_indicator(target.id)
        if hasattr(page, "redraw"):
            settle(app, 20)      # the charts draw on a timer once their page is shown
            page.redraw()  # type: ignore[union-attr]
        slug = SLUGS.get(item.text(), "indicators-" + item.text().split()[0].lower())
        if slug == "export":
            export_checks_shot(window, app, page, out / f"{row + 1:02d}-{slug}.png")
        else:
            grab(window, app, out / f"{row + 1:02d}-{slug}.png")
        if key.startswith("ind:") and row == 3 and page is not None:
            bar = page.details.verticalScrollBar()  # type: ignore[attr-defined]
            bar.setValue(bar.maximum())
            grab(window, app, out / f"{row + 1:02d}-{slug}-analysis.png")
            bar.setValue(0)
    # A project opened read-only: the banner, the locked editors and the corner.
    from pfdesk.project import Project

    window.adopt_project(Project.open(demo, readonly=True, user="演示"))
    window.resize(*SIZE)
    workspace = window.workspace
    assert workspace is not None
    first = workspace.nav.item(3).data(0x0101)
    workspace.show_page(first)
    grab(window, app, out / "12-readonly.png")
    # Sign-off and the change log of an indicator changed after its review.
    window.close_project(show_start=False)
    window.set_user_name("张三")
    if not window.open_project(demo):
        log.error("the demo project could not be opened for editing")
        return 1
    window.resize(*SIZE)
    _history_shot(window, app, out / "13-history.png")
    if not _merge_shots(window, app, demo, work, out):
        log.error("the merge screenshots could not be made")
        return 1
    window.close_project(show_start=False)
    if not open_demo(window, _copy(demo, work)) or not not_applicable_shot(
            window, app, out / NOT_APPLICABLE_SHOT):
        return 1
    close_window(window, app)
    return 0


def _copy(demo: Path, work: Path) -> Path:
    """A copy of the demo to change freely."""
    import shutil

    copy = work / "示例项目（不适用）.pfdesk"
    shutil.copyfile(demo, copy)
    return copy


if __name__ == "__main__":
    raise SystemExit(main())
