"""The chart font: an installed Chinese font, else the bundled subset, then DejaVu Sans.

matplotlib has no system font fallback, so Chinese needs a font that has the glyphs. Only
fonts actually present in ``font_manager.fontManager.ttflist`` are ever named (naming absent
ones floods the log). The choice is made once per process and applied to ``rcParams`` before
each chart, together with the minus-sign setting the font supports.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..resources import resource

log = logging.getLogger(__name__)

# Installed fonts in order of preference (Windows, macOS, Linux names).
CANDIDATES: tuple[str, ...] = (
    "Microsoft YaHei", "SimHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
    "Source Han Sans CN", "Noto Sans SC", "Hiragino Sans GB", "Heiti SC", "STHeiti",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
)
# Any other installed face of these families also covers Simplified Chinese.
PREFIXES: tuple[str, ...] = ("Noto Sans CJK", "Source Han Sans", "WenQuanYi")
BUNDLED_FILE = ("fonts", "NotoSansSC-GB2312.otf")
BUNDLED_NAME = "Noto Sans SC GB2312"
LATIN_FONT = "DejaVu Sans"
# Characters every chosen font must have: chart words and indicator words.
PROBE = "得分率绩效指标扣分决策过程产出效益项目"
MINUS = "\u2212"


@dataclass(frozen=True)
class FontChoice:
    """The font the charts use and where it came from."""

    name: str
    path: str
    index: int
    bundled: bool
    has_minus: bool


_choice: FontChoice | None = None


def user_cache_dir() -> Path:
    """The per-user cache folder of pfdesk (matplotlib's config lives below it when frozen)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "pfdesk"


def prepare_config_dir() -> None:
    """In a frozen build, point MPLCONFIGDIR at a lasting per-user folder (before importing matplotlib)."""
    if not getattr(sys, "frozen", False) or os.environ.get("MPLCONFIGDIR"):
        return
    folder = user_cache_dir() / "matplotlib"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.warning("cannot create %s for matplotlib: %s", folder, exc)
        return
    os.environ["MPLCONFIGDIR"] = str(folder)


def has_glyphs(path: str, index: int, text: str) -> bool:
    """True when the font face at path/index maps every character of text to a glyph."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path, face_index=index)
    except (OSError, RuntimeError, ValueError) as exc:
        log.info("cannot open font %s: %s", path, exc)
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


def _ranked(entries: Iterable[Any], candidates: Sequence[str],
            prefixes: Sequence[str]) -> list[Any]:
    """Installed entries that may serve, best first (regular weight preferred within a name)."""
    def weight_gap(entry: Any) -> int:
        weight = entry.weight if isinstance(entry.weight, int) else 400
        return abs(weight - 400) + (0 if entry.style == "normal" else 1000)

    ranked: list[tuple[int, int, Any]] = []
    for entry in entries:
        name = entry.name
        if name in candidates:
            rank = candidates.index(name)
        elif name.startswith(tuple(prefixes)) and "Mono" not in name:
            rank = len(candidates)
        else:
            continue
        ranked.append((rank, weight_gap(entry), entry))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [entry for _, _, entry in ranked]


def choose_font(entries: Iterable[Any], candidates: Sequence[str] = CANDIDATES,
                prefixes: Sequence[str] = PREFIXES) -> FontChoice:
    """Pick the chart font from font_manager entries; register the bundled one if none fits."""
    tried: set[str] = set()
    for entry in _ranked(list(entries), candidates, prefixes):
        if entry.name in tried:
            continue
        tried.add(entry.name)
        index = getattr(entry, "index", 0) or 0
        if has_glyphs(entry.fname, index, PROBE):
            return FontChoice(entry.name, entry.fname, index, False,
                              has_glyphs(entry.fname, index, MINUS))
        log.info("font %s lacks Chinese glyphs, skipped", entry.name)
    return bundled_choice()


def bundled_choice() -> FontChoice:
    """Register the bundled Chinese font with matplotlib, or fall back to DejaVu Sans."""
    from matplotlib import font_manager

    path = resource(*BUNDLED_FILE)
    if not path.is_file():
        log.warning("bundled chart font missing: %s; Chinese may show as boxes", path)
        return FontChoice(LATIN_FONT, "", 0, False, True)
    if not any(e.fname == str(path) for e in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(str(path))
    return FontChoice(BUNDLED_NAME, str(path), 0, True, has_glyphs(str(path), 0, MINUS))


def chart_font() -> FontChoice:
    """The font chosen for this process (chosen on first use)."""
    global _choice  # noqa: PLW0603 - one choice per process, made lazily
    if _choice is None:
        prepare_config_dir()
        from matplotlib import font_manager

        _choice = choose_font(font_manager.fontManager.ttflist)
        log.info("chart font: %s (%s)", _choice.name, "bundled" if _choice.bundled else "installed")
    return _choice


def forget_choice() -> None:
    """Drop the cached choice so the next chart chooses again (after fonts change; tests)."""
    global _choice  # noqa: PLW0603
    _choice = None


def apply_rc() -> FontChoice:
    """Set matplotlib's font list and minus sign for the chosen font; return the choice.

    Text is never read as mathematics: a name such as 成本$x$节约 is drawn as typed.
    """
    import matplotlib

    choice = chart_font()
    families = [choice.name] if choice.name == LATIN_FONT else [choice.name, LATIN_FONT]
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = families
    matplotlib.rcParams["axes.unicode_minus"] = choice.has_minus
    matplotlib.rcParams["text.parse_math"] = False
    matplotlib.rcParams["text.usetex"] = False
    return choice
