"""Build the bundled chart font: a GB 2312 subset of Noto Sans SC (SIL OFL 1.1).

The charts fall back to this font on machines without an installed Chinese font. It is made
once by a developer and committed to ``resources/fonts/``; the program never runs this script.

    pip download pylopdf-fonts-zh-cn --no-deps -d /tmp/fontdl
    unzip /tmp/fontdl/pylopdf_fonts_zh_cn-*.whl -d /tmp/fontdl/whl
    python scripts/make_font_subset.py /tmp/fontdl/whl/pylopdf_fonts_zh_cn/NotoSansSC-Regular.otf

The subset keeps: printable ASCII and Latin-1, every character of GB 2312 (6,763 hanzi and the
682 symbols, full-width digits and punctuation among them), common CJK and general punctuation,
a list of characters frequent in people's and place names but outside GB 2312, and every
character of the indicator templates and the demo project. Hinting and vertical-layout tables
are dropped; the family is renamed so that it never shadows an installed Noto Sans SC.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

log = logging.getLogger("make_font_subset")

ROOT = Path(__file__).resolve().parent.parent
OUT_NAME = "NotoSansSC-GB2312.otf"
FAMILY = "Noto Sans SC GB2312"
PS_NAME = "NotoSansSC-GB2312"

# Outside GB 2312 yet common in names of people, places and organisations, and in reports.
EXTRA = (
    "镕堃喆昇玥珺琇婷祎瑄璟琪晞暐赟彧昱旻淏浛涴烜煊熠犇垚淼焱鑫钰铖锟锴镓骞骐"
    "瑀璇瑢瑭瑸珏珅玹琤琬琰瑾璐璘瓅甯皓睿翀翊翾羿昀晔晗晟曌曦桉栎榕槿檀"
    "彦喆赜鹍鹏鹍鸾凇冼邝邨郗谌赟琛玙玚沄泓洺浠淇渟湉溟滢澍濠瀚祯禛禕"
    "〇○●◆◇■□▲△★☆※→←↑↓√×÷±≤≥≠≈∞‰℃°·—–‘’“”…、。，；：？！"
    "（）【】《》〈〉「」『』〔〕［］｛｝％＋－＝／～￥"
    "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ"
    "\u2212\u00a0\u3000"
)


def gb2312_chars() -> set[str]:
    """Every character the GB 2312 code table defines."""
    chars: set[str] = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return chars


def project_chars() -> set[str]:
    """Characters used by the shipped indicator templates and the demo content."""
    chars: set[str] = set()
    for path in sorted((ROOT / "resources" / "templates").glob("*.json")):
        chars.update(json.dumps(json.loads(path.read_text("utf-8")), ensure_ascii=False))
    demo = ROOT / "pfdesk" / "demo_content.py"
    if demo.exists():
        chars.update(demo.read_text("utf-8"))
    return chars


def wanted_chars() -> set[str]:
    """The full character set of the subset."""
    chars = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= gb2312_chars() | set(EXTRA) | project_chars()
    return {c for c in chars if c.isprintable() or c in "\u00a0\u3000"}


def rename(font: object) -> None:
    """Give the subset its own family name (the OFL asks modified fonts to be told apart)."""
    name = font["name"]  # type: ignore[index]
    for rec in list(name.names):
        if rec.nameID in (1, 4, 16):
            name.setName(FAMILY, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
        elif rec.nameID in (3, 6):
            name.setName(PS_NAME, rec.nameID, rec.platformID, rec.platEncID, rec.langID)
    cff = font["CFF "].cff  # type: ignore[index]
    cff.fontNames = [PS_NAME]
    top = cff.topDictIndex[0]
    top.FullName = FAMILY
    top.FamilyName = FAMILY


def build(source: Path, out: Path) -> tuple[int, int]:
    """Write the subset; return (characters kept, bytes written)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source)
    cmap = font.getBestCmap()
    chars = wanted_chars()
    missing = sorted(c for c in chars if ord(c) not in cmap and c not in " \u00a0")
    if missing:
        log.warning("the source font lacks %d characters: %s", len(missing), "".join(missing[:40]))
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.drop_tables += ["VORG", "vhea", "vmtx", "DSIG", "BASE"]
    options.layout_features = ["kern", "liga", "locl", "ccmp", "pwid", "fwid", "hwid", "palt"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=[ord(c) for c in chars if ord(c) in cmap])
    subsetter.subset(font)
    rename(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(out)
    kept = len(font.getBestCmap())
    return kept, out.stat().st_size


def main(argv: list[str] | None = None) -> int:
    """Command line: source font in, subset written to resources/fonts/."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="NotoSansSC-Regular.otf")
    parser.add_argument("-o", "--out", type=Path, default=ROOT / "resources" / "fonts" / OUT_NAME)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    kept, size = build(args.source, args.out)
    log.info("%s: %d characters, %.2f MB", args.out, kept, size / 1024 / 1024)
    return 0


if __name__ == "__main__":
    sys.exit(main())
