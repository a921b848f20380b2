"""``pfdesk --selftest``, the window's part: the demo opened in the real main window.

``pfdesk.selftest`` draws it offscreen unless ``--on-screen`` asks for the display, so it runs on a
build machine without one. Checks that Qt starts, finds a Chinese font, opens the demo with
``MainWindow.open_project``, builds every page, and that the score panel (``scoreTotal`` /
``scoreGrade``) shows what the engine computed. A message box that would wait for a click is
closed and counted as a failure. The core's part, and the report, are ``pfdesk.selftest``.
"""

from __future__ import annotations

from collections.abc import Iterator

from pfdesk.selftest import Check, Expected


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



def _pages_built(window: object) -> Check:
    """Every page of the workspace builds (a page whose module is missing from the program
    would show as an empty placeholder)."""
    from .pages.placeholder import PlaceholderPage

    pages = window.workspace.pages  # type: ignore[attr-defined]
    missing = [key for key in list(pages) if isinstance(pages[key], PlaceholderPage)]
    if missing:
        return Check(False, "各页面", f"{len(missing)} 个页面无法显示：{'、'.join(missing)}")
    return Check(True, "各页面", f"{len(pages)} 个页面均已建立")
