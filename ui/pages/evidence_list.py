"""The 佐证材料 section of the indicator details: the indicator's evidence files.

A list (文件名 / 大小 / 说明) with 添加… (several files at once, to the indicator or to one of its
deductions), 打开 (the file is written to the data folder's ``open`` folder and handed to the
system's viewer) and 删除; files dragged from the desktop onto the list are added too. Every
change is one edit pushed on the session; the checks and their sentences are the core's
(``pfdesk.evidence``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QCursor, QDesktopServices, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import evidence, paths
from pfdesk.errors import PfdeskError
from pfdesk.model import Deduction

from .. import dialogs
from ..models.evidence_model import COL_NAME, COL_NOTE, COL_SIZE, EvidenceModel
from ..session import ProjectSession

log = logging.getLogger(__name__)

# Replaced in tests: the system's viewer, and the file chooser.
open_url = QDesktopServices.openUrl


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("EvidenceBox", text)


def ask_evidence_files(parent: QWidget) -> list[str]:
    """Ask for one or more evidence files (an empty list: cancelled)."""
    patterns = " ".join(f"*.{ext}" for ext in evidence.KINDS)
    chosen, _ = QFileDialog.getOpenFileNames(
        parent, tr("添加佐证材料"), "",
        tr("佐证材料（%s）;;所有文件（*）") % patterns)
    return list(chosen)


def open_folder() -> Path:
    """Where evidence files are written for the system's viewer."""
    return paths.data_dir() / "open"


class EvidenceView(QTableView):
    """The evidence table, accepting files dropped from the desktop."""

    files_dropped = Signal(list)        # local paths as str

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    @staticmethod
    def _local_files(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[str]:
        data = event.mimeData()
        if not data.hasUrls():
            return []
        return [url.toLocalFile() for url in data.urls() if url.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept local files."""
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Accept local files anywhere over the list."""
        if self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Hand the dropped files on."""
        files = self._local_files(event)
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.files_dropped.emit(files)


class EvidenceBox(QGroupBox):
    """佐证材料: the files attached to the shown indicator and its deductions."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(tr("佐证材料"), parent)
        self.session = session
        self.indicator_id: str | None = None
        layout = QVBoxLayout(self)
        self._build_list(layout)
        self._build_buttons(layout)
        session.changed.connect(lambda _c: self._update_buttons())

    # ----- building -----

    def _build_list(self, layout: QVBoxLayout) -> None:
        self.model = EvidenceModel(self.session, self)
        self.view = EvidenceView()
        self.view.setObjectName("evidenceView")
        self.view.setAccessibleName(tr("佐证材料列表"))
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_SIZE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_NOTE, 140)
        self.view.setMinimumHeight(72)
        self.view.setMaximumHeight(140)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.files_dropped.connect(self.add_files)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        layout.addWidget(self.view)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("添加…"))
        self.add_button.setToolTip(tr("选择一个或多个文件（PDF、OFD、图片、Word、Excel、WPS），"
                                      "每份不超过 %s；也可以把文件拖到列表中")
                                   % evidence.size_text(evidence.MAX_BYTES))
        self.add_menu = QMenu(self)
        self.open_button = QPushButton(tr("打开"))
        self.open_button.setToolTip(tr("用系统中的程序打开所选文件（在那里的修改不会存回项目）"))
        self.remove_button = QPushButton(tr("删除"))
        self.add_button.clicked.connect(lambda: self.ask_and_add(None))
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.open_button, self.remove_button):
            button.setAccessibleName(button.text().rstrip("…") + tr("佐证材料"))
            row.addWidget(button)
        row.addStretch(1)
        self.hint = QLabel(tr("可把文件拖到列表中"))
        self.hint.setEnabled(False)
        row.addWidget(self.hint)
        layout.addLayout(row)

    # ----- showing -----

    def show_indicator(self, indicator_id: str | None) -> None:
        """Show the evidence of another indicator (None: hide the section)."""
        self.indicator_id = indicator_id
        self.model.set_indicator(indicator_id)
        self.setVisible(indicator_id is not None)
        self._update_buttons()

    def _deductions(self) -> list[Deduction]:
        if self.indicator_id is None:
            return []
        return self.session.project.deductions(self.indicator_id)

    def _update_buttons(self) -> None:
        writable = not self.session.read_only and self.indicator_id is not None
        chosen = self.selected_id() is not None
        self.add_button.setEnabled(writable)
        self.open_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen and writable)
        self.view.setAcceptDrops(writable)
        self._rebuild_menu(writable)

    def _rebuild_menu(self, writable: bool) -> None:
        """With deductions, 添加… asks whether the files belong to the indicator or to one."""
        deductions = self._deductions() if writable else []
        self.add_menu.clear()
        if not deductions:
            self.add_button.setMenu(None)  # type: ignore[arg-type]
            return
        self.add_menu.addAction(tr("添加到本指标…"), lambda: self.ask_and_add(None))
        self.add_menu.addSeparator()
        for ded in deductions:
            reason = " ".join(ded.reason.split()) or tr("（未写理由）")
            text = reason if len(reason) <= 24 else reason[:24] + "…"
            self.add_menu.addAction(tr("添加到扣分“%s”…") % text,
                                    lambda d=ded.id: self.ask_and_add(d))
        self.add_button.setMenu(self.add_menu)

    def selected_id(self) -> str | None:
        """The evidence row selected in the list (the only one when there is one)."""
        rows = self.view.selectionModel().selectedRows()
        row = rows[0].row() if rows else (0 if self.model.rowCount() == 1 else -1)
        found = self.model.evidence_at(row)
        return found.id if found else None

    # ----- actions -----

    def ask_and_add(self, deduction_id: str | None) -> None:
        """Ask for files and attach them (to the indicator, or to a deduction of it)."""
        if self.indicator_id is None:
            return
        files = ask_evidence_files(self)
        if files:
            self.add_files(files, deduction_id)

    def add_files(self, files: Sequence[str | Path], deduction_id: str | None = None) -> bool:
        """Attach the acceptable files as one undo step and say which were refused and why."""
        ind_id = self.indicator_id
        if ind_id is None:
            return False
        good: list[Path] = []
        refused: list[str] = []
        for name in files:
            try:
                evidence.check_file(name)
            except PfdeskError as exc:
                refused.append(str(exc))
            else:
                good.append(Path(name))
        stored = True
        if good:
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
            try:
                edit = evidence.attach_files(self.session.project, good, ind_id, deduction_id)
            except PfdeskError as exc:
                refused.append(str(exc))
                stored = False
            else:
                stored = self.session.push(edit)
            finally:
                QApplication.restoreOverrideCursor()
        if refused:
            title = tr("%d 个文件没有添加") % len(refused) if good else tr("文件没有添加")
            dialogs.show_error(self, title, "\n\n".join(refused))
        return stored and bool(good) and not refused

    def open_selected(self) -> bool:
        """Write the selected file to the open folder and hand it to the system's viewer."""
        ev_id = self.selected_id()
        if ev_id is None:
            return False
        row = self.session.project.find("evidence", ev_id)
        digest = getattr(row, "hash", "")
        try:
            target = evidence.export_to(self.session.project, ev_id, open_folder() / digest[:16])
        except PfdeskError as exc:
            dialogs.show_error(self, tr("无法打开佐证材料"), str(exc))
            return False
        if not open_url(QUrl.fromLocalFile(str(target))):
            dialogs.show_error(self, tr("无法打开佐证材料"),
                               tr("系统中没有能打开“%s”的程序。文件已保存在 %s，可以在那里用其他程序打开。")
                               % (target.name, target.parent))
            return False
        return True

    def remove_selected(self) -> None:
        """Remove the selected file from the indicator (one undo step)."""
        ev_id = self.selected_id()
        if ev_id is None:
            return
        try:
            edit = evidence.remove(self.session.project, ev_id)
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return
        self.session.push(edit)

    def _double_clicked(self, index: object) -> None:
        if getattr(index, "column", lambda: -1)() != COL_NOTE:
            self.open_selected()
