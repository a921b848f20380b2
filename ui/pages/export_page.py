"""导出报告: choose the layout and house style, see the checks, write the Word report.

With the 评分表 layout, 导出 Excel… writes the score, funding and targets tables as an .xlsx whose
sums are formulas (``pfdesk.reports.xlsx``); a .xlsx name typed in the 导出报告… dialog does the
same (the core chooses the format by the suffix).

The checks (``export_checks``) run on the open project when the page is shown and again shortly
after every stored edit while it is shown; they are listed as a table of what was found and
what to do, and double-clicking one goes to the indicator or page where it is put right.
导出报告… asks where to write, then exports in a worker thread (``export_worker``) from the
project FILES, read-only, so the window stays responsive; the progress bar follows the
export's progress callback. At the end the checks' warnings are repeated and the user may open
the report; a failure is shown as one plain line.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.reports.checks import ERROR, Check

from .. import dialogs, import_excel
from ..session import ProjectSession
from ..settings import Settings, save_settings
from .base import Page
from .charts_page import safe_file_name
from .export_checks import CheckModel, check_list, go_to
from .export_projects import ProjectFilesBox
from .export_worker import (
    LAYOUT_TEXT,
    MULTI_LAYOUTS,
    ExportJob,
    ExportThread,
    done_text,
    run_export,
    start_export,
)
from .forms.common import hint_label
from .outline_editor import OutlineBox

log = logging.getLogger(__name__)

CHECK_DEBOUNCE_MS = 300
# pfdesk.reports.export.XLSX_LAYOUTS (not imported here: the report code loads on first export)
XLSX_LAYOUTS = ("scoresheet",)
OK_COLOUR = "#1e7b34"
WARN_COLOUR = "#9a5b00"
ERROR_COLOUR = "#b3261e"


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ExportPage", text)


class ExportPage(Page):
    """导出报告 page."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = tr("导出报告")
        self.setAccessibleName(self.title)
        self.layout_key = "full"
        self.style_path: Path | None = None
        self.checks: list[Check] = []
        self.thread: ExportThread | None = None
        self.last_folder: Path | None = None
        self._checks_stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_checks)
        self._build()
        self._update_buttons()

    # ----- building -----

    def _build(self) -> None:
        options = QWidget(self)
        left = QVBoxLayout(options)
        left.setContentsMargins(0, 0, 4, 0)
        left.addWidget(self._build_layouts())
        left.addWidget(self._build_style())
        self.outline_box = OutlineBox(self.session, self)
        left.addWidget(self.outline_box)
        self.projects_box = ProjectFilesBox(self.session, self._folder, self)
        self.projects_box.files_changed.connect(lambda: self.refresh(None))
        left.addWidget(self.projects_box, 1)
        scroll = QScrollArea(self)   # on a small screen the choices scroll, never overlap
        scroll.setWidget(options)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        right = QVBoxLayout()
        right.addWidget(self._build_checks(), 1)
        right.addWidget(self._build_run())
        columns = QHBoxLayout(self)
        columns.addWidget(scroll, 1)
        columns.addLayout(right, 1)

    def _build_layouts(self) -> QGroupBox:
        box = QGroupBox(tr("报告格式"), self)
        grid = QGridLayout(box)
        grid.setVerticalSpacing(2)
        self.layout_buttons = QButtonGroup(box)
        for row, (key, (name, note, _part)) in enumerate(LAYOUT_TEXT.items()):
            radio = QRadioButton(tr(name), box)
            radio.setAccessibleName(tr(name))
            radio.setAccessibleDescription(tr(note))
            radio.setChecked(key == self.layout_key)
            radio.toggled.connect(lambda on, k=key: on and self.set_layout(k))
            self.layout_buttons.addButton(radio, row)
            grid.addWidget(radio, 2 * row, 0, 1, 2)
            grid.addWidget(hint_label(tr(note), box), 2 * row + 1, 1)
            grid.setRowMinimumHeight(2 * row + 1, 0)
        grid.setColumnMinimumWidth(0, 16)
        grid.setColumnStretch(1, 1)
        return box

    def _build_style(self) -> QGroupBox:
        box = QGroupBox(tr("单位样式（可选）"), self)
        grid = QGridLayout(box)
        self.style_label = QLabel(box)
        self.style_label.setAccessibleName(tr("样式文档"))
        self.style_label.setWordWrap(True)
        choose = QPushButton(tr("选择样式文档…"), box)
        choose.setAccessibleName(tr("选择样式文档"))
        choose.clicked.connect(self.choose_style)
        self.clear_style_button = QPushButton(tr("不用样式"), box)
        self.clear_style_button.setAccessibleName(tr("不用样式文档"))
        self.clear_style_button.clicked.connect(self.clear_style)
        grid.addWidget(self.style_label, 0, 0, 1, 3)
        grid.addWidget(choose, 1, 0)
        grid.addWidget(self.clear_style_button, 1, 1)
        grid.addWidget(hint_label(tr("可选一份本单位的 Word 文档（.docx）：报告沿用其中的样式、页边距、"
                                     "页眉页脚，正文换成本报告。"), box), 2, 0, 1, 3)
        self.gb2312_box = QCheckBox(tr("正文用仿宋_GB2312、楷体_GB2312"), box)
        self.gb2312_box.setAccessibleName(tr("使用 GB2312 字体"))
        self.gb2312_box.toggled.connect(self._gb2312_toggled)
        grid.addWidget(self.gb2312_box, 3, 0, 1, 3)
        grid.addWidget(hint_label(tr("部分财政部门要求使用这两种字体。打开报告的电脑需装有它们，"
                                     "否则 Word 会换用相近的字体。"), box), 4, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        self._show_style()
        return box

    def _build_checks(self) -> QGroupBox:
        box = QGroupBox(tr("导出前检查"), self)
        layout = QVBoxLayout(box)
        self.check_summary = QLabel(box)
        self.check_summary.setAccessibleName(tr("检查结果"))
        self.check_summary.setWordWrap(True)
        self.check_model = CheckModel(self)
        self.check_view = QTableView(box)
        self.check_view.setModel(self.check_model)
        self.check_view.setAccessibleName(tr("检查发现的问题"))
        self.check_view.setWordWrap(True)
        self.check_view.setAlternatingRowColors(True)
        self.check_view.setShowGrid(False)
        self.check_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.check_view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.check_view.verticalHeader().hide()
        header = self.check_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # rows as tall as their wrapped text, at every width
        header.sectionResized.connect(lambda *_: self.check_view.resizeRowsToContents())
        self.check_view.activated.connect(self._check_activated)
        layout.addWidget(self.check_summary)
        layout.addWidget(hint_label(tr("按财政部门的审核要点检查：分值合计、等级与得分、封面信息、资金来源合计、"
                                       "扣分理由与问题、未评分指标、专家评分分差、报告各部分是否有内容、"
                                       "文字中写的得分与评分是否一致。有问题也可以导出，但建议先改正；"
                                       "双击一行可转到要修改的地方。"), box))
        layout.addWidget(self.check_view, 1)
        layout.addStretch(0)   # takes the room while the list is hidden (all checks passed)
        return box

    def _build_run(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.export_button = QPushButton(tr("导出报告…"), box)
        self.export_button.setAccessibleName(tr("导出报告"))
        self.export_button.setToolTip(tr("选择保存位置，然后生成 Word 报告"))
        self.export_button.setMinimumHeight(34)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export_report)
        self.excel_button = QPushButton(tr("导出 Excel…"), box)
        self.excel_button.setAccessibleName(tr("导出 Excel"))
        self.excel_button.clicked.connect(self.export_excel)
        self.progress = QProgressBar(box)
        self.progress.setAccessibleName(tr("导出进度"))
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setFormat(tr("尚未导出"))
        self.status = QLabel(box)
        self.status.setAccessibleName(tr("导出结果"))
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button, 1)
        buttons.addWidget(self.excel_button)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        return box

    # ----- state shown -----

    def refresh(self, change: Change | None) -> None:
        """Any stored edit may change a check: run them again soon (while the page is shown)."""
        if change is None:
            self.projects_box.fill(self.layout_key)
        self.outline_box.show_state()
        self._checks_stale = True
        self._schedule_checks(CHECK_DEBOUNCE_MS)

    def showEvent(self, event: QShowEvent) -> None:
        """Run the checks when the page comes into view with something changed; the GB2312
        box shows the remembered choice (the page is built before it sits in the window)."""
        super().showEvent(event)
        settings = self._settings()
        remembered = settings.gb2312_fonts if settings is not None else self.gb2312_box.isChecked()
        if remembered != self.gb2312_box.isChecked():
            self.gb2312_box.blockSignals(True)
            self.gb2312_box.setChecked(remembered)
            self.gb2312_box.blockSignals(False)
        if self._checks_stale:
            self._schedule_checks(0)

    def _schedule_checks(self, delay: int) -> None:
        if self.isVisible():
            self._timer.start(delay)

    def set_layout(self, key: str) -> None:
        """Choose the layout to export (one of LAYOUT_TEXT's keys)."""
        self.layout_key = key
        button = self.layout_buttons.button(list(LAYOUT_TEXT).index(key))
        if not button.isChecked():
            button.setChecked(True)
        self.projects_box.fill(self.layout_key)
        self.outline_box.set_layout(key)
        self._update_buttons()
        self._checks_stale = True
        self._schedule_checks(0)

    def _show_style(self) -> None:
        if self.style_path is None:
            self.style_label.setText(tr("未选择，使用 pfdesk 的标准格式"))
        else:
            self.style_label.setText(tr("样式文档：%s") % self.style_path.name)
            self.style_label.setToolTip(str(self.style_path))
        self.clear_style_button.setEnabled(self.style_path is not None)

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(self.thread is None)
        excel = self.layout_key in XLSX_LAYOUTS
        self.excel_button.setEnabled(self.thread is None and excel)
        self.excel_button.setToolTip(
            tr("把评分表、资金来源、资金明细和绩效目标表导出为 Excel 工作簿（.xlsx），合计用公式计算")
            if excel else tr("只有“评分表”格式可以导出为 Excel；请先在左侧选择“评分表”"))

    def _folder(self) -> Path:
        if self.last_folder is not None:
            return self.last_folder
        path = self.session.project.path
        return path.resolve().parent if path is not None else Path.home()

    # ----- style and projects -----

    def _settings(self) -> Settings | None:
        """The main window's remembered settings (None outside a main window)."""
        settings = getattr(self.window(), "settings", None)
        return settings if isinstance(settings, Settings) else None

    def _gb2312_toggled(self, on: bool) -> None:
        """Remember the choice for the next reports (it is a firm's or bureau's habit)."""
        settings = self._settings()
        if settings is None:
            return

        settings.gb2312_fonts = on
        save_settings(settings)

    def choose_style(self) -> bool:
        """Pick a house-style .docx; refused at once (with the reason) if it cannot be used."""
        path = dialogs.ask_open_style(self, str(self._folder()))
        if not path:
            return False
        from pfdesk.reports.docx_style import open_house_style

        try:
            open_house_style(path)
        except PfdeskError as exc:
            dialogs.show_error(self, tr("无法使用这个样式文档"), str(exc))
            return False
        self.style_path = Path(path)
        self._show_style()
        return True

    def clear_style(self) -> None:
        """Go back to pfdesk's standard format."""
        self.style_path = None
        self._show_style()

    def add_projects(self) -> int:
        """Add project files to merge; how many were added."""
        return self.projects_box.add_projects()

    def remove_project(self) -> None:
        """Remove the selected added project file."""
        self.projects_box.remove_project()

    @property
    def extra(self) -> list[Path]:
        """The added project files, in order."""
        return self.projects_box.extra

    @property
    def project_list(self) -> QListWidget:
        """The list of merged projects (the current one first)."""
        return self.projects_box.project_list

    # ----- checks -----

    def export_items(self) -> list[Any]:
        """What the export reads: the current project's file first, then the added files."""
        project = self.session.project
        first: Any = project.path if project.path is not None else project
        return [first, *self.extra] if self.layout_key in MULTI_LAYOUTS else [first]

    def run_checks(self) -> list[Check]:
        """Run the checks now and list them; the failed checks."""
        extra = self.extra if self.layout_key in MULTI_LAYOUTS else []
        self.checks = check_list(self.session.project, extra, self.layout_key)
        self._checks_stale = False
        self.check_model.set_checks(self.checks)
        self.check_view.resizeRowsToContents()
        errors = sum(1 for check in self.checks if check.severity == ERROR)
        if self.checks:
            text = tr("发现 %d 个问题") % len(self.checks)
            if errors:
                text += tr("（其中 %d 个会使报告前后不一致或不合规定）") % errors
            self.check_summary.setText(text + tr("：仍可导出，但建议先按提示改正。"))
            colour = ERROR_COLOUR if errors else WARN_COLOUR
            self.check_summary.setStyleSheet(f"color: {colour}; font-weight: bold;")
        else:
            self.check_summary.setText(tr("✓ 检查全部通过"))
            self.check_summary.setStyleSheet(f"color: {OK_COLOUR}; font-weight: bold;")
        self.check_view.setVisible(bool(self.checks))
        return self.checks

    @property
    def warnings(self) -> list[str]:
        """The failed checks as lines (what the export repeats at the end)."""
        return [check.line() for check in self.checks]

    def go_to(self, check: Check) -> bool:
        """Show the indicator or the page where a check is put right; False if there is none."""
        return go_to(self, check)

    def _check_activated(self, index: QModelIndex) -> None:
        check = self.check_model.check_at(index.row())
        if check is not None:
            self.go_to(check)

    # ----- exporting -----

    def suggested_path(self, suffix: str = ".docx") -> Path:
        """'<项目名称>-<layout>.docx' (with 等N个项目 when merging) in the last or project folder."""
        name = safe_file_name(self.session.project.info.name.strip() or tr("未命名项目"))
        count = len(self.export_items())
        if count > 1:
            name += tr("等%d个项目") % count
        return self._folder() / f"{name}-{tr(LAYOUT_TEXT[self.layout_key][2])}{suffix}"

    def export_excel(self) -> bool:
        """导出 Excel…: the 评分表 layout as an .xlsx with formulas; False if nothing started."""
        if self.layout_key not in XLSX_LAYOUTS:
            return False
        return self.export_report(excel=True)

    def export_report(self, excel: bool = False) -> bool:
        """Ask where to write, then export in a worker thread; False if nothing was started."""
        if self.thread is not None:
            return False
        if excel:
            chosen = import_excel.ask_save_workbook(self, str(self.suggested_path(".xlsx")))
        else:
            chosen = dialogs.ask_save_report(self, str(self.suggested_path()))
        if not chosen:
            return False
        out = Path(chosen)
        self.last_folder = out.parent
        if self._timer.isActive() or self._checks_stale:
            self.run_checks()
        job = ExportJob(self.export_items(), self.layout_key, out, self.style_path,
                        list(self.warnings), gb2312=self.gb2312_box.isChecked())
        self._started(out)
        if not isinstance(job.items[0], Path):   # a project without a file: here, at once
            result, error = run_export(job, self._progressed)
            self._ended(result, error)
            return True
        self.thread = start_export(job)
        self.thread.progressed.connect(self._progressed)
        self.thread.succeeded.connect(self._succeeded)
        self.thread.failed.connect(self._failed)
        self._update_buttons()
        return True

    def _started(self, out: Path) -> None:
        log.info("exporting %s to %s", self.layout_key, out)
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat(tr("正在准备 %p%"))
        self.status.setStyleSheet("")
        self.status.setText(tr("正在导出到 %s …") % out)

    @Slot(float, str)
    def _progressed(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.progress.setFormat(f"{message} %p%")

    @Slot(object)
    def _succeeded(self, result: Any) -> None:
        self._ended(result, "")

    @Slot(str)
    def _failed(self, error: str) -> None:
        self._ended(None, error)

    def _ended(self, result: Any, error: str) -> None:
        """Back in the window's thread: show the outcome and let the user export again."""
        self.thread = None
        self._update_buttons()
        if result is None:
            self.progress.setValue(0)
            self.progress.setFormat(tr("导出失败"))
            self.status.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.status.setText(tr("导出失败：%s") % error)
            dialogs.show_error(self, tr("导出失败"), error)
            return
        self.progress.setValue(100)
        self.progress.setFormat(tr("已完成"))
        self.status.setStyleSheet(f"color: {OK_COLOUR};")
        self.status.setText(tr("已导出：%s") % result.path + (
            tr("（导出前检查有 %d 个问题，见上方列表）") % len(result.warnings)
            if result.warnings else ""))
        wanted = dialogs.confirm(self, tr("导出完成"), done_text(result))
        if wanted and not dialogs.open_file(str(result.path)):
            self.status.setText(tr("已导出：%s（无法自动打开，请在文件夹中打开它）")
                                % result.path)
