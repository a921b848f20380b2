"""``pfdesk --selftest``, the window's part: the demo opened in the real main window.

``pfdesk.selftest`` draws it offscreen unless ``--on-screen`` asks for the display, so it runs on a
build machine without one. Checks that Qt starts, finds a Chinese font, opens the demo with
``MainWindow.open_project``, builds every page, and that the score panel (``scoreTotal`` /
``scoreGrade``) shows what the engine computed. A message box that would wait for a click is
closed and counted as a failure. The core's part, and the report, are ``pfdesk.selftest``.

Then the way a double-click opens a project (``pfdesk FILE``): the program itself is started
again on the file in a fresh process, through the console script's entry (``ui.launch.main``;
in a frozen bundle, the bundle's own program), with ``PFDESK_STARTUP_PROBE`` set, so every
module that path imports must be there; the window it paints must name the file and show the
expected total.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from pfdesk.selftest import Check, Expected

OPEN_BY_PATH = "双击打开项目文件（pfdesk 文件名）"
OPEN_SECONDS = 120
# The console script's entry, run as ``python -c`` (a checkout or an installed package).
ENTRY = "import sys; from ui.launch import main; sys.exit(main(sys.argv[1:]))"


def window_checks(expected: Expected) -> Iterator[Check]:
    """Start Qt, open ``expected.path`` in a MainWindow, compare the score panel."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    from .app import CJK_FAMILIES, make_app

    app = make_app()
    yield Check(True, "界面（Qt）启动", f"显示方式 {QApplication.platformName()}")
    family = app.font().family()
    yield Check(family in CJK_FAMILIES, "界面中文字体",
                family if family in CJK_FAMILIES else "没有找到中文字体，界面中的中文会显示为方框；"
                "请安装中文字体（如 Noto Sans CJK）")

    from .main_window import MainWindow

    boxes: list[str] = []

    def close_boxes() -> None:   # a modal message would wait for a click that never comes
        widget = QApplication.activeModalWidget()
        if widget is not None:
            boxes.append(getattr(widget, "text", widget.windowTitle)())
            widget.close()

    watcher = QTimer()
    watcher.timeout.connect(close_boxes)
    watcher.start(200)
    window = MainWindow(fill_start=False)
    try:
        window.show()
        opened = window.open_project(expected.path)
        app.processEvents()
        if not opened or boxes:
            yield Check(False, "主窗口打开演示项目", "；".join(boxes) or "未能打开")
            return
        yield Check(True, "主窗口打开演示项目", expected.path.name)
        yield _pages_built(window)
        total = window.findChild(QLabel, "scoreTotal")
        grade = window.findChild(QLabel, "scoreGrade")
        shown = (total.text() if total else "（无）", grade.text() if grade else "（无）")
        yield Check(shown == (expected.total, expected.grade), "得分面板与评分引擎一致",
                    f"界面显示 {shown[0]} 分 {shown[1]}，引擎计算 {expected.total} 分 {expected.grade}")
    finally:
        watcher.stop()
        window.close()
        window.deleteLater()
        app.processEvents()
    yield check_open_by_path(expected)


def open_command(path: Path) -> list[str]:
    """``pfdesk FILE`` as a double-click runs it: the frozen program itself, or the console
    script's entry in this Python."""
    if getattr(sys, "frozen", False):
        program = Path(sys.executable)
        console = program.with_name("pfdesk-cli.exe")   # Windows: the windowed program has
        if program.name.lower() == "pfdesk.exe" and console.is_file():   # no output to read
            program = console
        return [str(program), str(path)]
    return [sys.executable, "-c", ENTRY, str(path)]


def check_open_by_path(expected: Expected, seconds: float = OPEN_SECONDS) -> Check:
    """Start the program on ``expected.path`` in a new process (offscreen, with the start-up
    probe) and read what its window painted."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PFDESK_STARTUP_PROBE=str(max(2.0, seconds - 10)))
    try:
        done = subprocess.run(open_command(expected.path), check=False, capture_output=True,
                              text=True,
                              encoding="utf-8", errors="replace", env=env,
                              stdin=subprocess.DEVNULL, timeout=seconds,
                              cwd=expected.path.parent)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check(False, OPEN_BY_PATH, f"程序未能运行（{type(exc).__name__}：{exc}）")
    report = next((line for line in done.stdout.splitlines() if line.startswith("{")), "")
    if not report:
        errors = [line.strip() for line in done.stderr.splitlines() if line.strip()]
        why = errors[-1] if errors else "没有输出"
        return Check(False, OPEN_BY_PATH, f"窗口未能显示项目（退出码 {done.returncode}：{why}）")
    shown = json.loads(report)
    title, total = str(shown.get("title", "")), str(shown.get("total", ""))
    if not shown.get("ok") or expected.path.name not in title:
        return Check(False, OPEN_BY_PATH, f"窗口未显示该项目（标题“{title}”）")
    if total != expected.total:
        return Check(False, OPEN_BY_PATH,
                     f"窗口显示总分 {total}，引擎计算 {expected.total}")
    return Check(True, OPEN_BY_PATH, f"{expected.path.name} 已显示，总分 {total}")



def _pages_built(window: object) -> Check:
    """Every page of the workspace builds (a page whose module is missing from the program
    would show as an empty placeholder)."""
    from .pages.placeholder import PlaceholderPage

    pages = window.workspace.pages  # type: ignore[attr-defined]
    missing = [key for key in list(pages) if isinstance(pages[key], PlaceholderPage)]
    if missing:
        return Check(False, "各页面", f"{len(missing)} 个页面无法显示：{'、'.join(missing)}")
    return Check(True, "各页面", f"{len(pages)} 个页面均已建立")
