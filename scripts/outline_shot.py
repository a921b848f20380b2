"""Screenshots of the report-outline editor and the 导出报告 page's 报告提纲 box, for the README.

Runs offscreen at 1366×768 on a copy of the demo project: the 导出报告 page with 精简五部分
chosen (19-outline-export.png), then the editor on that outline with 项目资金情况 moved up and
主要经验及做法 turned on (19-outline-editor.png). ``--out`` another folder.
Usage: QT_QPA_PLATFORM=offscreen python scripts/outline_shot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import close_window, grab, new_window, open_demo, prepare, settle  # noqa: E402

log = logging.getLogger("outline_shot")


def main(argv: list[str] | None = None) -> int:
    """Write the two screenshots."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    work = prepare("pfdesk-outline-shot-")
    from pfdesk.demo import build_demo
    from ui.pages.outline_editor import OutlineEditor
    from ui.settings import Settings

    demo = work / "demo.pfdesk"
    build_demo(demo).close()
    app, window = new_window(Settings())
    if not open_demo(window, demo):
        return 1
    window.workspace.show_page("export")
    page = window.workspace.pages["export"]
    page.outline_box.choose("condensed")
    settle(app)
    args.out.mkdir(parents=True, exist_ok=True)
    grab(window, app, args.out / "19-outline-export.png")
    editor = OutlineEditor(page.outline_box.current(), window)
    editor.resize(1000, 640)
    editor.show()
    basics = editor.tree.topLevelItem(0)
    editor.tree.setCurrentItem(basics.child(1))
    editor.move(-1)
    findings = editor.tree.topLevelItem(2)
    from PySide6.QtCore import Qt

    findings.child(1).setCheckState(0, Qt.CheckState.Checked)
    editor.tree.setCurrentItem(basics.child(0))
    grab(editor, app, args.out / "19-outline-editor.png")
    editor.reject()
    close_window(window, app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
