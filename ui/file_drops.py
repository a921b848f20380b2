"""Files dropped on the main window: a project file is opened, an Excel workbook imported.

The Excel import lives in ``ui.import_excel`` (written separately); when it is not there the
window says how to import a workbook from the command line instead. Anything else is refused
with a sentence saying which files can be dropped.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from pfdesk.paths import PROJECT_SUFFIXES

from . import dialogs

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# Names the Excel import of ui.import_excel may have: called as f(window, path).
EXCEL_IMPORT_NAMES = ("import_excel", "import_from_excel", "import_workbook", "start_import")


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("MainWindow", text)


def open_dropped(window: MainWindow, path: Path) -> bool:
    """Open a dropped project file, or hand a dropped workbook to the Excel import."""
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return import_excel(window, path)
    if suffix in PROJECT_SUFFIXES or suffix == "":
        return window.open_chosen(path)
    dialogs.show_error(window, tr("无法打开"), tr(
        "%s 不是项目文件（.pfdesk）或 Excel 工作簿（.xlsx）。请拖入项目文件打开它，"
        "或拖入 Excel 工作簿导入指标体系。") % path.name)
    return False


def import_excel(window: MainWindow, path: Path) -> bool:
    """Hand a workbook to the window's Excel import, or say how to import it."""
    importer = excel_importer()
    if importer is not None:
        return bool(importer(window, path))
    dialogs.show_info(window, tr("从 Excel 导入"), tr(
        "这个版本的窗口还不能直接导入 Excel 工作簿 %s。\n\n请在命令行中运行：\n"
        "pfdesk import \"%s\" -o 项目.pfdesk\n然后打开生成的项目文件。") % (path.name, path))
    return False


def excel_importer() -> Callable[[MainWindow, Path], object] | None:
    """The Excel import of ``ui.import_excel`` (f(window, path)), or None when absent."""
    try:
        module = importlib.import_module("ui.import_excel")
    except ImportError:
        return None
    for name in EXCEL_IMPORT_NAMES:
        function = getattr(module, name, None)
        if callable(function):
            return function  # type: ignore[no-any-return]
    log.warning("ui.import_excel has none of %s", ", ".join(EXCEL_IMPORT_NAMES))
    return None
