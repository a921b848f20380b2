"""Qt's own file dialog in Chinese, including the labels Qt 6 renamed (&Look in:)."""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtWidgets import QApplication, QFileDialog, QFileIconProvider, QLabel

from ui.app import install_translations


def test_file_dialog_labels_are_chinese(qapp: QApplication, tmp_path) -> None:
    translators = install_translations(qapp)
    try:
        dialog = QFileDialog(None, "打开项目", str(tmp_path))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        texts = {name: dialog.findChild(QLabel, name).text()
                 for name in ("lookInLabel", "fileTypeLabel", "fileNameLabel")}
        assert texts == {"lookInLabel": "查找范围(&L)：", "fileTypeLabel": "文件类型(&T)：",
                         "fileNameLabel": "文件名称(&N)："}
        assert QFileIconProvider().type(QFileInfo(str(tmp_path))) == "文件夹"
        dialog.deleteLater()
    finally:
        for translator in translators:
            qapp.removeTranslator(translator)
