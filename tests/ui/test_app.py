"""Start-up: Qt's own texts in Chinese, a CJK font when one is installed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.app import CJK_FAMILIES, ICON_SIZES, choose_font, install_translations, make_app


def test_qt_buttons_speak_chinese(qapp: QApplication) -> None:
    translators = install_translations(qapp)
    try:
        assert translators, "qtbase_zh_CN.qm not found"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_the_window_carries_the_program_icon(qapp: QApplication) -> None:
    app = make_app()
    icon = app.windowIcon()
    assert not icon.isNull()
    sizes = sorted(size.width() for size in icon.availableSizes())
    assert sizes == sorted(ICON_SIZES)
    assert icon.pixmap(48, 48).size().width() == 48
    assert app.desktopFileName() == "pfdesk"


def test_a_cjk_font_is_chosen_when_installed(qapp: QApplication) -> None:
    before = qapp.font()
    try:
        family = choose_font(qapp)
        installed = [f for f in CJK_FAMILIES if f in QFontDatabase.families()]
        assert family == (installed[0] if installed else None)
    finally:
        qapp.setFont(before)


def test_terminating_the_program_closes_the_project_and_its_lock(tmp_path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    from pfdesk.filelock import lock_path
    from pfdesk.templates import new_project

    project = tmp_path / "项目.sqlite"
    new_project(project).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PFDESK_CONFIG_DIR=str(tmp_path / "cfg"),
               PFDESK_DATA_DIR=str(tmp_path / "data"))
    root = Path(__file__).resolve().parents[2]
    window = subprocess.Popen([sys.executable, "-c", "from ui.launch import main; main()",
                               str(project)], cwd=root, env=env)
    try:
        deadline = time.monotonic() + 30
        while not lock_path(project).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert lock_path(project).exists(), "the window did not open the project"
        window.send_signal(signal.SIGTERM)      # what logging out or shutting down sends
        assert window.wait(timeout=15) == 0
    finally:
        if window.poll() is None:
            window.kill()
    assert not lock_path(project).exists()
