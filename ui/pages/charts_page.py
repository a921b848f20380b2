"""图表: the three score charts (得分率, radar, points lost) drawn live from the session's scores.

The figures come from ``pfdesk.charts`` (the engine's numbers only) inside matplotlib's
``FigureCanvasQTAgg``, imported when the page is first shown so start-up stays fast. A score
change marks the charts stale; they are redrawn after a short pause (one single-shot timer) and
only while the page is visible, the shown tab first, so typing scores elsewhere stays quick.
The first drawing (loading matplotlib) takes a few seconds: the tab says 正在绘制… and the cursor
is busy, and the drawing starts only after the page has been painted.
另存为图片 writes the selected chart as a 200 dpi PNG, the picture the Word report holds.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk import charts, plain
from pfdesk.edits import Change

from .. import dialogs
from ..session import ProjectSession
from .base import Page
from .forms.common import hint_label

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
FIRST_DRAW_MS = 60    # let the page paint 正在绘制… before the first (slow) drawing
PNG_DPI = 200
# (kind, tab label) in the order of the tabs; the figures' titles are pfdesk.charts.CHART_KINDS.
TABS = (("rates", "得分率"), ("radar", "雷达图"), ("lost", "扣分情况"))
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ChartsPage", text)


def safe_file_name(text: str) -> str:
    """``text`` usable as a file name on every system (unsafe characters become '_')."""
    return UNSAFE_NAME.sub("_", text).strip("._") or tr("未命名项目")


def make_canvas(fig: Any) -> QWidget:
    """A Qt canvas showing a matplotlib Figure (the Qt backend is imported here, once)."""
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    canvas = FigureCanvasQTAgg(fig)
    canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    canvas.setMinimumSize(240, 180)
    return canvas


class ChartsPage(Page):
    """图表 page: one tab per chart and a button saving the selected one as a picture."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = tr("图表")
        self.setAccessibleName(self.title)
        self.canvases: dict[str, QWidget] = {}
        self.busy: dict[str, QLabel] = {}
        self._stale = {kind for kind, _ in TABS}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.redraw)
        self._build()
        session.scores_changed.connect(self._scores_changed)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_bar())
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(tr("图表"))
        self._holders: dict[str, QVBoxLayout] = {}
        for kind, label in TABS:
            holder = QWidget(self.tabs)
            holder.setAccessibleName(tr(charts.CHART_KINDS[kind]))
            box = QVBoxLayout(holder)
            box.setContentsMargins(4, 4, 4, 4)
            self._holders[kind] = box
            busy = QLabel(tr("正在绘制图表…"), holder)
            busy.setObjectName("chartBusy")
            busy.setAlignment(Qt.AlignmentFlag.AlignCenter)
            busy.setStyleSheet("color: #555; font-size: 12pt;")
            box.addWidget(busy)
            self.busy[kind] = busy
            index = self.tabs.addTab(holder, tr(label))
            self.tabs.setTabToolTip(index, tr(charts.CHART_KINDS[kind]))
        self.tabs.currentChanged.connect(lambda _i: self._schedule(0))
        layout.addWidget(self.tabs, 1)
        self.saved = QLabel(self)
        self.saved.setAccessibleName(tr("保存结果"))
        self.saved.setWordWrap(True)
        layout.addWidget(self.saved)

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        note = hint_label(tr("图表随评分实时更新，数字与评分面板一致。"
                             "“另存为图片”保存当前选中的图表（PNG，200 dpi，与报告中的插图相同）。"),
                          self)
        self.save_button = QPushButton(tr("另存为图片…"), self)
        self.save_button.setAccessibleName(tr("另存为图片"))
        self.save_button.setToolTip(tr("把当前选中的图表保存为 PNG 图片"))
        self.save_button.clicked.connect(self.save_current)
        bar.addWidget(note, 1)
        bar.addWidget(self.save_button)
        return bar

    # ----- keeping up with the scores -----

    def refresh(self, change: Change | None) -> None:
        """A full reload marks every chart stale (score changes arrive via scores_changed)."""
        if change is None:
            self._stale = {kind for kind, _ in TABS}
            self._schedule(0)

    def _scores_changed(self, _result: object) -> None:
        self._stale = {kind for kind, _ in TABS}
        self._schedule(DEBOUNCE_MS)

    def _schedule(self, delay: int) -> None:
        """Redraw after ``delay`` ms if the page is shown and the shown chart is stale."""
        if self.isVisible() and self.current_kind() in self._stale:
            first = self.current_kind() not in self.canvases
            self._timer.start(max(delay, FIRST_DRAW_MS) if first else delay)

    def showEvent(self, event: QShowEvent) -> None:
        """Draw what went stale while the page was hidden."""
        super().showEvent(event)
        self._schedule(0)

    def current_kind(self) -> str:
        """The kind of chart in the selected tab."""
        return TABS[max(self.tabs.currentIndex(), 0)][0]

    def redraw(self, kinds: list[str] | None = None) -> None:
        """Draw the given charts (default: the selected one) from the session's scores."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._draw(kinds if kinds is not None else [self.current_kind()])
        finally:
            QApplication.restoreOverrideCursor()

    def _draw(self, kinds: list[str]) -> None:
        for kind in kinds:
            started = time.perf_counter()
            fig = charts.figure(kind, self.session.score, self.session.project, title=True)
            canvas = make_canvas(fig)
            canvas.setAccessibleName(tr(charts.CHART_KINDS[kind]))
            old = self.canvases.get(kind)
            if old is not None:
                self._holders[kind].removeWidget(old)
                old.deleteLater()
            self._holders[kind].addWidget(canvas)
            self.busy[kind].hide()
            canvas.show()
            self.canvases[kind] = canvas
            self._stale.discard(kind)
            log.debug("chart %s shown in %.0f ms", kind, (time.perf_counter() - started) * 1000)

    # ----- saving -----

    def suggested_path(self, kind: str) -> str:
        """'<项目名称>-<chart title>.png' in the project's folder (or the home folder)."""
        project = self.session.project
        folder = project.path.resolve().parent if project.path is not None else Path.home()
        name = safe_file_name(project.info.name.strip() or tr("未命名项目"))
        return str(folder / f"{name}-{tr(charts.CHART_KINDS[kind])}.png")

    def save_current(self) -> bool:
        """Ask for a file and write the selected chart there as a PNG; False if not written."""
        kind = self.current_kind()
        path = dialogs.ask_save_image(self, self.suggested_path(kind))
        if not path:
            return False
        try:
            charts.save_png(kind, self.session.score, path, PNG_DPI, project=self.session.project)
        except OSError as exc:
            log.warning("saving chart to %s failed: %s", path, exc)
            dialogs.show_error(self, tr("无法保存图片"),
                               tr("无法写入 %s：%s") % (path, plain.os_reason(exc)))
            return False
        self.saved.setText(tr("已保存：%s") % path)
        log.info("chart %s saved to %s", kind, path)
        return True
