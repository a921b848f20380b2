"""Render the program and project-file icons from their SVG drawings into PNG and ICO files.

The drawings live in ``resources/icons/``: ``pfdesk.svg`` (the program) and
``pfdesk-project.svg`` (a .pfdesk project file), each with a ``-16.svg`` twin drawn on the
16-pixel grid so the smallest size stays sharp. A developer runs this once after changing a
drawing and commits what it writes; the program and the installers never run it.

    .venv/bin/python scripts/make_icons.py

Writes ``<name>-<size>.png`` for every size in SIZES and ``<name>.ico`` (all sizes up to 256)
next to the drawings. Needs PySide6 (QtSvg) to draw and Pillow to pack the .ico.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger("make_icons")

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
NAMES = ("pfdesk", "pfdesk-project")


def render(svg: Path, size: int) -> bytes:
    """Draw one SVG into a transparent square of ``size`` pixels; return PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG drawing")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def source_for(name: str, size: int, folder: Path) -> Path:
    """The drawing for one size: the 16-pixel twin at 16 px, the full drawing otherwise."""
    small = folder / f"{name}-16.svg"
    if size == 16 and small.exists():
        return small
    return folder / f"{name}.svg"


def build(folder: Path) -> list[Path]:
    """Write every PNG and ICO for every drawing in ``folder``; return the files written."""
    from PIL import Image

    written: list[Path] = []
    for name in NAMES:
        images = []
        for size in SIZES:
            png = render(source_for(name, size, folder), size)
            out = folder / f"{name}-{size}.png"
            # Re-encode through Pillow so the files do not carry Qt's text chunks or timestamps.
            image = Image.open(io.BytesIO(png)).convert("RGBA")
            image.save(out, "PNG", optimize=True)
            images.append(image)
            written.append(out)
        ico = folder / f"{name}.ico"
        largest = images[-1]
        largest.save(ico, format="ICO", sizes=[(s, s) for s in SIZES], append_images=images[:-1])
        written.append(ico)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command line: render the icons in resources/icons/ (or the folder given)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, nargs="?", default=ICONS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    for path in build(args.folder):
        log.info("%s  %d bytes", path.relative_to(ROOT) if path.is_relative_to(ROOT) else path,
                 path.stat().st_size)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
