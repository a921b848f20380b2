"""``pfdesk --selftest``: does this installation work? (the core's part; no Qt here).

In a temporary folder: the templates and the shipped font are found, the demo project is built
and scored, every report layout (``pfdesk.reports.LAYOUTS``) is exported and opened again, a chart
is drawn to PNG with a font that has Chinese. The window's part (``ui.selftest``) is passed in as
``window``: it opens the demo in the real main window and compares the score panel with the
engine. One line per check, 通过 or 失败 and what; exit code 0 only when every check passed.

Meant for a frozen bundle (CI runs it after building, a user after installing) as much as for a
checkout: it reads nothing but what the program itself reads.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .paths import data_dir

log = logging.getLogger(__name__)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
REPORT_FILE = "selftest.txt"   # in the data folder, when there is no console to print to
FAILED_ADVICE = ("自检未通过：程序文件可能不完整或已损坏。请重新安装 pfdesk；"
                 "如仍失败，请把以上各行发给技术支持。")


@dataclass(frozen=True)
class Check:
    """One check: passed or not, what was checked, and the detail (the reason when it failed)."""

    ok: bool
    what: str
    detail: str = ""

    def line(self) -> str:
        """The check as one line: ``通过  模板：找到 3 个``."""
        return f"{'通过' if self.ok else '失败'}  {self.what}" + (f"：{self.detail}" if self.detail else "")


@dataclass(frozen=True)
class Expected:
    """What the engine computed for the demo, for the window's part to compare with."""

    path: Path
    total: str      # as the score panel writes it (the project's number style)
    grade: str


WindowCheck = Callable[[Expected], Iterator[Check]]


def _guard(what: str, run: Callable[[], Check]) -> Check:
    """Run one check; any error is a failed check naming it (never a traceback)."""
    try:
        return run()
    except Exception as exc:
        log.debug("selftest check %s failed", what, exc_info=True)
        return Check(False, what, f"{type(exc).__name__}：{exc}")


def check_templates() -> Check:
    from .templates import list_templates, templates_dir

    found = list_templates()
    if not found:
        return Check(False, "指标模板", f"在 {templates_dir()} 中没有找到模板")
    return Check(True, "指标模板", f"找到 {len(found)} 个（{'、'.join(t.id for t in found)}）")


def check_shipped_font() -> Check:
    from .charts.fonts import BUNDLED_FILE, PROBE, has_glyphs
    from .resources import resource

    path = resource(*BUNDLED_FILE)
    if not path.is_file():
        return Check(False, "随附中文字体", f"缺少字体文件 {path}")
    if not has_glyphs(str(path), 0, PROBE):
        return Check(False, "随附中文字体", f"{path.name} 无法读取或缺少中文字形")
    return Check(True, "随附中文字体", f"{path.name} 可读，含中文字形")


def check_chart_font() -> Check:
    from .charts import chart_font
    from .charts.fonts import LATIN_FONT, PROBE, has_glyphs

    choice = chart_font()
    if choice.name == LATIN_FONT or not has_glyphs(choice.path, choice.index, PROBE):
        return Check(False, "图表中文字体", "matplotlib 没有找到含中文的字体，图表中的中文会显示为方框")
    where = "随附字体" if choice.bundled else "系统字体"
    return Check(True, "图表中文字体", f"{choice.name}（{where}）")


def _docx_ok(path: Path) -> str:
    """'' when path is a Word file with a body, else why not."""
    if not zipfile.is_zipfile(path):
        return "不是有效的 Word 文件"
    with zipfile.ZipFile(path) as archive:
        if "word/document.xml" not in archive.namelist():
            return "缺少正文（word/document.xml）"
        if archive.testzip() is not None:
            return "压缩内容有误"
    return ""


def _xlsx_ok(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        return "" if book.sheetnames else "工作簿中没有工作表"
    finally:
        book.close()


def check_exports(path: Path, folder: Path) -> Iterator[Check]:
    """Every layout to .docx, the layouts that allow it to .xlsx, each opened again."""
    from .reports import LAYOUTS
    from .reports.export import XLSX_LAYOUTS, export

    targets = [(layout, ".docx") for layout in LAYOUTS]
    targets += [(layout, ".xlsx") for layout in XLSX_LAYOUTS]
    for layout, suffix in targets:
        what = f"导出{LAYOUTS[layout]}（{suffix}）"

        def run(layout: str = layout, suffix: str = suffix, what: str = what) -> Check:
            out = folder / f"{layout}{suffix}"
            export([path], layout, out)
            problem = _docx_ok(out) if suffix == ".docx" else _xlsx_ok(out)
            if problem:
                return Check(False, what, problem)
            return Check(True, what, f"{out.stat().st_size // 1024} KB")

        yield _guard(what, run)


def check_chart(result: object, project: object, folder: Path) -> Check:
    from .charts import save_png

    out = save_png("rates", result, folder / "chart.png", project=project)  # type: ignore[arg-type]
    if out.read_bytes()[:8] != PNG_MAGIC:
        return Check(False, "图表（PNG）", "生成的文件不是 PNG 图片")
    return Check(True, "图表（PNG）", f"{out.stat().st_size // 1024} KB")


def run_checks(folder: Path, window: WindowCheck | None = None) -> Iterator[Check]:
    """Every check, in order, working in ``folder``."""
    from .demo import build_demo
    from .numbers import Numbers
    from .scoring import score_project

    yield _guard("指标模板", check_templates)
    yield _guard("随附中文字体", check_shipped_font)
    path = folder / "自检演示.pfdesk"
    try:
        project = build_demo(path)
    except Exception as exc:
        log.debug("selftest: demo not built", exc_info=True)
        yield Check(False, "建立演示项目", f"{type(exc).__name__}：{exc}")
        return
    try:
        result = score_project(project)
        numbers = Numbers.of(project.info)
        scored = Check(result.complete and result.grade is not None, "评分（无界面）",
                       f"总分 {numbers.pts(result.total)}，等级 {result.grade or '未定'}")
        yield Check(True, "建立演示项目", f"{sum(1 for _ in project.walk())} 个指标")
        yield scored
        yield _guard("图表中文字体", check_chart_font)
        yield _guard("图表（PNG）", lambda: check_chart(result, project, folder))
        expected = Expected(path, numbers.pts(result.total), result.grade or "")
    finally:
        project.close()
    if window is not None:
        try:
            yield from window(expected)
        except Exception as exc:
            log.debug("selftest: window part failed", exc_info=True)
            yield Check(False, "主窗口", f"{type(exc).__name__}：{exc}")
    yield from check_exports(path, folder)


def _report_stream() -> tuple[TextIO, Path | None]:
    """Where the lines go: the console, or (a windowed program has none) a file."""
    if sys.stdout is not None:
        return sys.stdout, None
    target = data_dir() / REPORT_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.open("w", encoding="utf-8"), target


def isolate(folder: Path) -> None:
    """Point the user's data and settings at ``folder`` for this process (backups, recent
    files and the name asked for stay out of the user's own)."""
    os.environ["PFDESK_DATA_DIR"] = str(folder / "data")
    os.environ["PFDESK_CONFIG_DIR"] = str(folder / "config")
    os.environ.setdefault("PFDESK_USER", "自检")


def main(window: WindowCheck | None = None, on_screen: bool = False) -> int:
    """Run the self-test; 0 when every check passed, 1 otherwise. The window's part draws
    offscreen unless ``on_screen``."""
    if not on_screen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    started = time.perf_counter()
    stream, report_file = _report_stream()
    folder = Path(tempfile.mkdtemp(prefix="pfdesk-selftest-"))
    saved = {k: os.environ.get(k) for k in ("PFDESK_DATA_DIR", "PFDESK_CONFIG_DIR", "PFDESK_USER")}
    failed: list[Check] = []
    try:
        isolate(folder)
        print("pfdesk 自检：", file=stream, flush=True)
        checks = run_checks(folder, window)
        while True:
            try:
                check = next(checks)
            except StopIteration:
                break
            except Exception as exc:   # a check that broke off: reported, never a traceback
                log.debug("selftest stopped", exc_info=True)
                check = Check(False, "自检中断", f"{type(exc).__name__}：{exc}")
            print(check.line(), file=stream, flush=True)
            if not check.ok:
                failed.append(check)
            if check.what == "自检中断":
                break
        seconds = time.perf_counter() - started
        if failed:
            print(f"共 {len(failed)} 项失败（用时 {seconds:.1f} 秒）。{FAILED_ADVICE}", file=stream)
        else:
            print(f"全部通过（用时 {seconds:.1f} 秒）。", file=stream)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        shutil.rmtree(folder, ignore_errors=True)
        if report_file is not None:
            stream.close()
    return 1 if failed else 0
