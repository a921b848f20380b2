"""Start-up: Qt's own texts in Chinese, a CJK font when one is installed."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.app import CJK_FAMILIES, choose_font, install_translations


def test_qt_buttons_speak_chinese(qapp: QApplication) -> None:
    translators = install_translations(qapp)
    try:
        assert translators, "qtbase_zh_CN.qm not found"
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)


def test_a_cjk_font_is_chosen_when_installed(qapp: QApplication) -> None:
    before = qapp.font()
    try:
        family = choose_font(qapp)
        installed = [f for f in CJK_FAMILIES if f in QFontDatabase.families()]
        assert family == (installed[0] if installed else None)
    finally:
        qapp.setFont(before)
