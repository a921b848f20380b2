"""Screenshots of 评价发现 with findings drafted from the deductions, for the README.

On a copy of the demo project whose problems and suggestions are removed, presses 由扣分生成问题
(answering 添加 to its preview) and shows the 问题与原因 tab with the first drafted problem and
its linked indicators (17-findings-drafted.png); then shows the preview of 由问题生成建议 over the
window (17-findings-suggestions-preview.png) and the firm's causes offered while a cause is typed
(17-findings-phrases.png). Runs offscreen at 1366×768.
Usage: QT_QPA_PLATFORM=offscreen python scripts/findings_shot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import (  # noqa: E402
    _over,
    close_window,
    demo_copy_window,
    grab,
    settle,
)

log = logging.getLogger("findings_shot")


def _without_problems(path: Path) -> None:
    """Remove the demo's problems and suggestions, as before anyone wrote them."""
    from pfdesk import commands
    from pfdesk.project import Project

    with Project.open(path, user="演示", backup=False) as project:
        for finding in project.findings():
            if finding.kind in ("问题", "建议") and project.find("finding", finding.id):
                project.apply(commands.remove_row(project, "finding", finding.id, "删除"))


def findings_shots(window: object, app: object, out: Path) -> None:
    """Draft the problems, grab the page; then grab the suggestions' preview over it."""
    from pfdesk import drafting
    from ui import draft_dialogs
    from ui.phrase_popup import current_book

    workspace = window.workspace  # type: ignore[attr-defined]
    workspace.show_page("findings")
    page = workspace.pages["findings"]
    draft_dialogs.ask_add_drafts = lambda *_args: True  # type: ignore[assignment]
    page.draft_problems()
    editor = page.editors["问题"]
    editor.view.setCurrentIndex(editor.model.index(1, 0))
    editor.view.setFocus()
    settle(app)
    grab(window, app, out / "17-findings-drafted.png")
    plan = drafting.draft_suggestions(window.project, current_book())  # type: ignore[attr-defined]
    dialog = draft_dialogs.DraftPreviewDialog(window, page.tr("由问题生成建议"), plan.summary())  # type: ignore[arg-type]
    dialog.resize(760, 420)
    dialog.show()
    _over(window, dialog, app, out / "17-findings-suggestions-preview.png")
    dialog.close()
    _phrases_shot(window, app, page, out / "17-findings-phrases.png")


def _phrases_shot(window: object, app: object, page: object, path: Path) -> None:
    """The first problem's 原因分析 being typed: the firm's causes for its indicators offered."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QInputMethodEvent, QPainter
    from PySide6.QtWidgets import QApplication

    editor = page.editors["问题"]  # type: ignore[attr-defined]
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    cell = editor.model.index(0, 1)
    editor.view.setCurrentIndex(cell)
    editor.view.edit(cell)
    settle(app)
    field = editor.view.indexWidget(cell)
    if field is None:
        log.error("the cause cell did not open an editor")
        return
    window.activateWindow()  # type: ignore[attr-defined]
    field.setFocus()
    settle(app)
    typing = QInputMethodEvent()
    typing.setCommitString("绩效")
    QApplication.sendEvent(field, typing)
    settle(app)
    popup = field.phrase_completer.completer.popup()
    shot = window.grab()  # type: ignore[attr-defined]
    painter = QPainter(shot)
    at = window.mapFromGlobal(popup.mapToGlobal(QPoint(0, 0)))  # type: ignore[attr-defined]
    painter.drawPixmap(at, popup.grab())
    painter.end()
    shot.save(str(path))
    log.info("wrote %s", path)


def main(argv: list[str] | None = None) -> int:
    """Open a copy of the demo project and write the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    opened = demo_copy_window("pfdesk-findings-shot-", _without_problems)
    if opened is None:
        return 1
    _work, app, window = opened
    args.out.mkdir(parents=True, exist_ok=True)
    findings_shots(window, app, args.out)
    close_window(window, app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
