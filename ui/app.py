"""Starting the window: the application object, Chinese Qt texts, a CJK font, the main window.

With ``PFDESK_STARTUP_PROBE`` set (the start-up benchmark, ``benchmarks/bench_startup.py``),
the window, once it has painted the opened project (its title and score total), prints one
JSON line (the title, the total, the modules loaded) and closes: the same program, frozen or
not, can then be timed from outside.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
from pathlib import Path

import PySide6
from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QSize, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QLabel

log = logging.getLogger(__name__)

# Texts Qt 6 shows whose English changed after the Chinese catalogue PySide6 ships was made
# (the file dialog's labels gained shortcut letters): without these they stay in English.
QT_SUPPLEMENT = {
    ("QFileDialog", "&Look in:"): "查找范围(&L)：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QAbstractFileIconProvider", "Folder"): "文件夹",
    ("QAbstractFileIconProvider", "Drive"): "驱动器",
    ("QAbstractFileIconProvider", "File"): "文件",
    ("QAbstractFileIconProvider", "Unknown"): "未知",
    ("QAbstractFileIconProvider", "%1 File"): "%1 文件",
}

CJK_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC",
                "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei")


class SupplementTranslator(QTranslator):
    """Qt's texts that the shipped catalogue misses (``QT_SUPPLEMENT``); others pass through."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        """The Chinese of a Qt text we know; None (a null string: ask the next catalogue)."""
        del disambiguation, n
        return QT_SUPPLEMENT.get((context, source))

    def isEmpty(self) -> bool:
        """Never empty."""
        return False


def install_translations(app: QApplication) -> list[QTranslator]:
    """Load Qt's own Simplified Chinese texts (确定 / 取消 …) into the application, with the few
    texts of Qt 6 that the shipped catalogue lacks."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    folders = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
               str(Path(PySide6.__file__).parent / "Qt" / "translations")]
    loaded = []
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if any(translator.load(name, folder) for folder in folders):
            app.installTranslator(translator)
            loaded.append(translator)
        else:
            log.info("Qt translation %s not found", name)
    supplement = SupplementTranslator(app)
    app.installTranslator(supplement)   # installed last, asked first
    loaded.append(supplement)
    return loaded


def choose_font(app: QApplication) -> str | None:
    """Use the first installed CJK family as the application font; its name or None."""
    families = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in families:
            font = QFont(family)
            font.setPointSizeF(max(app.font().pointSizeF(), 9.5))
            app.setFont(font)
            return family
    log.warning("no CJK font found; Chinese text may not render")
    return None


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def icon_folder() -> Path:
    """``resources/icons``: where the ``resources`` package lies on disk (found without loading
    ``importlib.resources``, which would cost start-up time), else through ``pfdesk.resources``
    (a zipped package is unpacked there)."""
    import importlib.util

    with contextlib.suppress(ImportError, ValueError):
        spec = importlib.util.find_spec("resources")
        for folder in (spec.submodule_search_locations or []) if spec else []:
            if (Path(folder) / "icons").is_dir():
                return Path(folder) / "icons"
    from pfdesk.resources import resource

    return resource("icons")


def program_icon() -> QIcon:
    """The program's icon at every size it ships in (``resources/icons/pfdesk-<size>.png``);
    the files are read only when a size is drawn."""
    folder = icon_folder()
    icon = QIcon()
    for size in ICON_SIZES:
        path = folder / f"pfdesk-{size}.png"
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))
    if icon.isNull():
        log.info("program icon not found in %s", folder)
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (the existing one if any), set up for Chinese, with the program's icon
    and the desktop entry's name (so a Linux desktop matches the window to pfdesk.desktop)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("pfdesk")
    app.setOrganizationName("pfdesk")
    app.setApplicationDisplayName("财政支出绩效评价工作台")
    app.setDesktopFileName("pfdesk")
    app.setWindowIcon(program_icon())
    install_translations(app)
    choose_font(app)
    return app


def close_on_terminate(app: QApplication) -> QTimer:
    """On SIGTERM (logging out, shutting down) close the windows as the user would.

    Closing releases the project's lock; without this, the lock is left as after a crash (and
    taken over at the next opening). Python only runs its signal handler when Python code runs,
    so a light timer gives it the chance while Qt waits for events.
    """
    def close_all() -> None:
        app.closeAllWindows()
        app.quit()

    def terminate(_signum: int, _frame: object) -> None:
        log.info("terminated: closing the windows")
        QTimer.singleShot(0, close_all)   # from the event loop, even if it has not started yet

    with contextlib.suppress(ValueError, OSError, AttributeError):  # not the main thread, Windows
        signal.signal(signal.SIGTERM, terminate)
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(500)
    return timer


PROBE_ENV = "PFDESK_STARTUP_PROBE"   # its value: how many seconds to wait at most
PROBE_SECONDS = 120


class StartupProbe(QObject):
    """Waits for the first paint of the score total of an opened project, then prints one JSON
    line (``ok``, ``title``, ``total``, ``cpu_ms``: the processor time used so far, ``modules``)
    and closes the windows.

    ``ok`` is false when nothing was shown within ``seconds`` (the file was refused)."""

    def __init__(self, app: QApplication, window: QObject, seconds: float = PROBE_SECONDS) -> None:
        super().__init__(app)
        self.app = app
        self.window = window
        self.label: QLabel | None = None
        app.installEventFilter(self)
        QTimer.singleShot(int(seconds * 1000), self, self._report)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note the first paint of a filled score total; report once that paint is done."""
        if self.label is None and event.type() == QEvent.Type.Paint \
                and isinstance(watched, QLabel) and watched.objectName() == "scoreTotal" \
                and watched.isVisible() and watched.text().strip() \
                and getattr(self.window, "project", None) is not None:
            self.label = watched
            QTimer.singleShot(0, self, self._report)   # after the rest of the window's paint
        return False

    def _report(self) -> None:
        import json

        self.app.removeEventFilter(self)
        title = self.window.windowTitle() if hasattr(self.window, "windowTitle") else ""
        print(json.dumps({"ok": self.label is not None, "title": title,
                          "total": self.label.text() if self.label is not None else "",
                          "cpu_ms": time.process_time() * 1000,
                          "modules": sorted(sys.modules)}, ensure_ascii=False), flush=True)
        self.app.closeAllWindows()
        self.app.quit()
        QTimer.singleShot(0, self.app.quit)   # also the main loop if it has not started yet


def run_app(file: str | None = None, demo: bool = False) -> int:
    """Open the window (on a file, the demo, or the start page) and run until it closes."""
    if file:   # checked in the background while the window is built (see filecheck)
        from pfdesk.filecheck import check_ahead

        check_ahead(file)
    app = make_app()
    from .main_window import MainWindow

    watcher = close_on_terminate(app)
    # With a file, the window paints the project first and builds its menus, toolbar, find
    # panel and start page right after (``MainWindow.finish_building``).
    window = MainWindow(fill_start=not file, staged=bool(file))
    probe = os.environ.get(PROBE_ENV, "")
    if probe:
        try:
            seconds = float(probe) if float(probe) > 1 else PROBE_SECONDS
        except ValueError:
            seconds = PROBE_SECONDS
        StartupProbe(app, window, seconds)
    window.show()
    if file:
        if not window.open_project(file):
            window.close_project()   # fills the start page
    elif demo:
        window.open_demo()
    code = int(app.exec())
    watcher.stop()
    # Free the window while Python is still fully alive (not during interpreter shutdown).
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return code
