"""从 Excel 导入指标体系 in the window, with the checks and messages of ``pfdesk import``.

``import_excel(window, path=None)`` reads the first sheet of a workbook with the core's reader
(``pfdesk.importer.excel.read_indicator_sheet``: the same checks as the command line), shows a
preview (how many indicators, the level-1 dimensions with their points, the total, and every
warning the command line prints as 提醒), then either creates a new project file from it
(``import_sheet``, as ``pfdesk import SHEET.xlsx -o PROJECT`` does) and opens it, or, when the
open project has no indicators yet, inserts the tree into it as ONE edit (one undo step). A
sheet that cannot be read is refused with the core's sentence naming sheet, row and column.

The Excel file dialogs (``ask_open_workbook``) live here too; tests replace them, and ``ask_import``
(the preview), like the functions of ``ui.dialogs``.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pfdesk.edits import Edit
from pfdesk.errors import PfdeskError
from pfdesk.importer.excel import SheetImport, import_sheet, read_indicator_sheet
from pfdesk.numbers import plain
from pfdesk.tree import insert_ops

from . import dialogs

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

NEW_PROJECT = "new"
CURRENT_PROJECT = "current"


def tr(text: str) -> str:
    """Translate a text of the Excel import."""
    return QCoreApplication.translate("ImportExcel", text)


def ask_open_workbook(parent: QWidget | None, folder: str = "") -> str | None:
    """Choose an Excel workbook holding an indicator sheet; None when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("从 Excel 导入指标体系"), folder,
                                          tr("Excel 工作簿 (*.xlsx *.xlsm)"))
    return path or None


def ask_save_workbook(parent: QWidget | None, suggested: str) -> str | None:
    """Choose where to write an Excel workbook; None when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, tr("导出 Excel"), suggested,
                                          tr("Excel 工作簿 (*.xlsx)"))
    if not path:
        return None
    return path if Path(path).suffix else path + ".xlsx"


class ImportPreviewDialog(QDialog):
    """What the sheet holds and what will happen; 导入 or 取消."""

    def __init__(self, sheet: SheetImport, workbook: str, can_use_current: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("从 Excel 导入指标体系"))
        self.setAccessibleName(tr("导入预览"))
        layout = QVBoxLayout(self)
        self.summary = QLabel(summary_text(sheet, workbook), self)
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.warnings = QListWidget(self)
        self.warnings.setAccessibleName(tr("导入提醒"))
        for warning in sheet.warnings:
            self.warnings.addItem(tr("提醒：%s") % warning)
        self.warnings.setVisible(bool(sheet.warnings))
        if sheet.warnings:
            layout.addWidget(QLabel(tr("请核对以下 %d 条提醒（与 pfdesk import 相同）：")
                                    % len(sheet.warnings), self))
        layout.addWidget(self.warnings, 1)
        self.choice = QButtonGroup(self)
        self.new_radio = QRadioButton(tr("新建项目文件，保存后打开"), self)
        self.current_radio = QRadioButton(tr("导入到当前项目（当前项目还没有指标；可撤销）"), self)
        self.choice.addButton(self.new_radio)
        self.choice.addButton(self.current_radio)
        self.current_radio.setVisible(can_use_current)
        (self.current_radio if can_use_current else self.new_radio).setChecked(True)
        layout.addWidget(self.new_radio)
        layout.addWidget(self.current_radio)
        buttons = QDialogButtonBox(self)
        self.import_button = QPushButton(tr("导入"), self)
        self.import_button.setDefault(True)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)

    def target(self) -> str:
        """NEW_PROJECT or CURRENT_PROJECT."""
        return CURRENT_PROJECT if self.current_radio.isChecked() else NEW_PROJECT


def summary_text(sheet: SheetImport, workbook: str) -> str:
    """'工作表“评分表”（第 3 行是表头）：共 52 个指标，一级指标 4 个，合计 100 分。…'"""
    tops = "、".join(f"{s.code}{s.name} {plain(s.weight) if s.weight is not None else '—'}分"
                    for s in sheet.specs)
    total = sum((s.weight for s in sheet.specs if s.weight is not None), Decimal(0))
    text = tr("%s 的工作表“%s”（第 %d 行是表头）：共 %d 个指标，一级指标 %d 个，合计 %s 分。") % (
        workbook, sheet.sheet, sheet.header_row, sheet.count(), len(sheet.specs), plain(total))
    text += "\n" + tr("一级指标：%s") % tops
    if sheet.project_name:
        text += "\n" + tr("项目名称：%s") % sheet.project_name
    return text


def ask_import(parent: QWidget | None, sheet: SheetImport, workbook: str,
               can_use_current: bool) -> str | None:
    """Show the preview; the target chosen (NEW_PROJECT / CURRENT_PROJECT) or None."""
    dialog = ImportPreviewDialog(sheet, workbook, can_use_current, parent)
    try:
        return dialog.target() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def import_excel(window: MainWindow, path: str | Path | None = None) -> bool:
    """从 Excel 导入指标体系: read, preview, then a new project or one step in the open one."""
    folder = str(window.settings.last_folder or Path.home())
    chosen = path or ask_open_workbook(window, folder)
    if not chosen:
        return False
    workbook = Path(chosen)
    try:
        sheet = read_indicator_sheet(workbook)
    except PfdeskError as exc:
        dialogs.show_error(window, tr("无法导入"), str(exc))
        return False
    except OSError as exc:
        dialogs.show_error(window, tr("无法导入"),
                           tr("无法读取 %s：%s") % (workbook.name, exc.strerror or exc))
        return False
    for warning in sheet.warnings:
        log.info("import warning: %s", warning)
    session = window.session
    can_use_current = (session is not None and not session.read_only
                       and not session.project.indicators())
    target = ask_import(window, sheet, workbook.name, can_use_current)
    if target is None:
        return False
    if target == CURRENT_PROJECT and session is not None:
        edit = Edit(tr("从 %s 导入指标") % workbook.name, insert_ops(sheet.specs))
        return session.push(edit)
    return _new_project(window, workbook, sheet)


def _new_project(window: MainWindow, workbook: Path, sheet: SheetImport) -> bool:
    name = sheet.project_name or workbook.stem
    suggested = str(workbook.parent / (name + dialogs.PROJECT_SUFFIX))
    chosen = dialogs.ask_save_project(window, tr("保存导入的项目"), suggested)
    if not chosen:
        return False
    out = Path(chosen)
    current = window.project
    if current is not None and current.path is not None and out.exists() and \
            out.resolve() == current.path.resolve():
        dialogs.show_error(window, tr("无法导入"), tr("该文件正在使用中，请换一个文件名。"))
        return False
    window.ensure_user_name()
    try:
        out.unlink(missing_ok=True)      # the save dialog has asked before replacing it
        project = import_sheet(workbook, out, user=window.settings.user_name, sheet=sheet)
    except (PfdeskError, OSError) as exc:
        dialogs.show_error(window, tr("无法导入"), str(exc))
        return False
    window.adopt_project(project)
    return True
