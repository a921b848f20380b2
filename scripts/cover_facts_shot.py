"""Screenshot of the 项目信息 page with the 附件1 cover facts filled, for the README.

Runs offscreen at 1366×768 on a copy of the demo project whose empty cover facts are filled as
``render_forms`` fills them (邮编, 组织方式, 评价机构类型, 上报时间; 资金截止日期 left empty, its
placeholder saying what an empty one means): docs/screenshots/20-info-cover-facts.png
(``--out`` another folder).
Usage: QT_QPA_PLATFORM=offscreen python scripts/cover_facts_shot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.render_forms import demo_with_facts  # noqa: E402
from scripts.screenshots import close_window, grab, new_window, open_demo, prepare, settle  # noqa: E402

log = logging.getLogger("cover_facts_shot")


def main(argv: list[str] | None = None) -> int:
    """Write the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    work = prepare("pfdesk-cover-shot-")
    from ui.settings import Settings

    demo = demo_with_facts(work)
    app, window = new_window(Settings())
    if not open_demo(window, demo):
        return 1
    window.workspace.show_page("info")
    page = window.workspace.pages["info"]
    settle(app)
    area = page.tabs.currentWidget()
    area.ensureWidgetVisible(page.binder.editors["funding_cutoff"], 0, 40)
    settle(app)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / "20-info-cover-facts.png"
    grab(window, app, target)
    close_window(window, app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
