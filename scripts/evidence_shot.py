"""A screenshot of an indicator's 佐证材料 section with two files attached, for the README.

Runs offscreen at 1366×768 on a copy of the demo project; writes docs/screenshots/16-evidence.png
(``--out`` another folder). ``evidence_shot`` can be called from ``screenshots.py`` with a window
that has a project open for editing.
Usage: QT_QPA_PLATFORM=offscreen python scripts/evidence_shot.py [--out DIR]
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.screenshots import (  # noqa: E402
    close_window,
    demo_copy_window,
    grab,
    leaf_with_deductions,
    settle,
)

log = logging.getLogger("evidence_shot")


def _files(folder: Path) -> list[Path]:
    """A scanned acceptance report (PDF) and a site photo (JPG) to attach."""
    from PySide6.QtGui import QColor, QImage

    pdf = folder / "竣工验收报告（扫描件）.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + b"%" + b"0" * 1_250_000 + b"\n%%EOF\n")
    image = QImage(1600, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("#7a9cc6"))
    photo = folder / "现场核查照片-指挥中心大屏.jpg"
    image.save(str(photo), "JPG", 90)
    return [pdf, photo]


def evidence_shot(window: object, app: object, path: Path, folder: Path) -> None:
    """Attach two files to a leaf with deductions (one to a deduction) and grab the details."""
    from pfdesk import evidence

    project = window.project  # type: ignore[attr-defined]
    page, target = leaf_with_deductions(window)
    page.select_indicator(target.id)
    pdf, photo = _files(folder)
    box = page.details.evidence_box
    box.add_files([pdf])
    deductions = project.deductions(target.id)
    box.add_files([photo], deductions[0].id if deductions else None)
    row = evidence.list_for(project, target.id)[0]
    window.session.push(evidence.set_note(project, row.id, "2021年12月竣工验收"))  # type: ignore[attr-defined]
    settle(app)
    page.details.ensureWidgetVisible(box)
    box.view.selectRow(1)
    grab(window, app, path)


def main(argv: list[str] | None = None) -> int:
    """Open a copy of the demo project and write the screenshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    opened = demo_copy_window("pfdesk-evidence-shot-")
    if opened is None:
        return 1
    work, app, window = opened
    args.out.mkdir(parents=True, exist_ok=True)
    evidence_shot(window, app, args.out / "16-evidence.png", work)
    close_window(window, app)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
