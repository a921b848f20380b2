"""The open project's workspace: the navigation on the left and the page it shows.

Navigation order: 项目信息, 资金情况, 绩效目标, one page per level-1 indicator (rebuilt when
level-1 indicators are added, removed, moved or renamed), 评价发现, 评价人员, 图表, 导出报告.
Pages written elsewhere are imported defensively: a missing module gives a placeholder.
A read-only project's editing pages are locked (``read_only.lock_editors``); 图表 and 导出报告
only read the project and stay as they are.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from pfdesk.edits import Change

from .pages.base import Page
from .pages.indicator_page import IndicatorPage
from .pages.placeholder import PlaceholderPage
from .read_only import lock_editors
from .session import ProjectSession

log = logging.getLogger(__name__)

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
INDICATOR_PREFIX = "ind:"
# (key, module, class, navigation label)
BEFORE = (
    ("info", "ui.pages.forms.info_page", "InfoPage", "项目信息"),
    ("funding", "ui.pages.forms.funding_page", "FundingPage", "资金情况"),
    ("targets", "ui.pages.forms.targets_page", "TargetsPage", "绩效目标"),
)
AFTER = (
    ("findings", "ui.pages.forms.findings_page", "FindingsPage", "评价发现"),
    ("evaluators", "ui.pages.forms.evaluators_page", "EvaluatorsPage", "评价人员"),
    ("charts", "ui.pages.charts_page", "ChartsPage", "图表"),
    ("export", "ui.pages.export_page", "ExportPage", "导出报告"),
)
READING_PAGES = ("charts", "export")   # pages that never edit the project


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("Workspace", text)


def make_page(session: ProjectSession, module: str, cls: str, label: str) -> Page:
    """Build a page from its module, or a placeholder when it is not available."""
    try:
        page_class = getattr(importlib.import_module(module), cls)
    except (ImportError, AttributeError) as exc:
        log.info("page %s not available (%s), showing a placeholder", module, exc)
        return PlaceholderPage(session, tr(label))
    try:
        page = page_class(session)
        page.refresh(None)
    except Exception:  # one broken page must not take the window down
        log.exception("page %s failed to build", module)
        return PlaceholderPage(session, tr(label), tr("这一页暂时无法显示，详情见日志。"))
    if not getattr(page, "title", ""):
        page.title = tr(label)
    return page


class Workspace(QSplitter):
    """Navigation list + stacked pages over one session."""

    page_changed = Signal(str)   # the shown page's title

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.session = session
        self.setChildrenCollapsible(False)
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(tr("导航"))
        self.nav.setMinimumWidth(110)
        self.nav.setMaximumWidth(240)
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setStyleSheet("QListWidget#navigation { font-size: 11pt; } "
                               "QListWidget#navigation::item { padding: 7px 10px; }")
        self.stack = QStackedWidget()
        self.addWidget(self.nav)
        self.addWidget(self.stack)
        self.setStretchFactor(1, 1)
        self.setSizes([130, 1000])
        self.pages: dict[str, Page] = {}
        self._level1: list[tuple[str, str]] = []
        self._build_pages()
        self.nav.currentItemChanged.connect(self._nav_changed)
        session.changed.connect(self._on_changed)
        self.show_page("info")

    # ----- pages -----

    def _build_pages(self) -> None:
        for key, module, cls, label in BEFORE + AFTER:
            self.pages[key] = make_page(self.session, module, cls, label)
            self._lock_if_read_only(key, self.pages[key])
            self.stack.addWidget(self.pages[key])
        self._sync_indicator_pages()

    def _lock_if_read_only(self, key: str, page: Page) -> None:
        if self.session.read_only and key not in READING_PAGES:
            lock_editors(page)

    def _level1_now(self) -> list[tuple[str, str]]:
        return [(i.id, i.name) for i in self.session.project.children(None)]

    def _sync_indicator_pages(self) -> None:
        """Create / drop indicator pages to match the level-1 indicators, then relist."""
        wanted = self._level1_now()
        ids = {i for i, _ in wanted}
        for key in [k for k in self.pages if k.startswith(INDICATOR_PREFIX)]:
            if key[len(INDICATOR_PREFIX):] not in ids:
                page = self.pages.pop(key)
                self.stack.removeWidget(page)
                page.deleteLater()
        for ind_id, _name in wanted:
            key = INDICATOR_PREFIX + ind_id
            if key not in self.pages:
                page = IndicatorPage(self.session, ind_id)
                page.refresh(None)
                self._lock_if_read_only(key, page)
                self.pages[key] = page
                self.stack.addWidget(page)
        self._level1 = wanted
        self._relist()

    def _relist(self) -> None:
        current = self.current_key()
        self.nav.blockSignals(True)
        self.nav.clear()
        keys = [k for k, *_ in BEFORE] + [INDICATOR_PREFIX + i for i, _ in self._level1] + [
            k for k, *_ in AFTER]
        for key in keys:
            page = self.pages[key]
            item = QListWidgetItem(page.title)
            item.setData(KEY_ROLE, key)
            if key.startswith(INDICATOR_PREFIX):
                ind = self.session.project.indicator(key[len(INDICATOR_PREFIX):])
                item.setText(f"{ind.code}  {ind.name}".strip() if ind.code else ind.name)
                item.setToolTip(tr("指标评分：%s") % ind.name)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        self.show_page(current if current in self.pages else "info")

    def _on_changed(self, change: Change) -> None:
        if "indicator" not in change.tables():
            return
        if [i for i, _ in self._level1_now()] != [i for i, _ in self._level1]:
            self._sync_indicator_pages()
        elif self._level1_now() != self._level1 or any(
                rc.id in {i for i, _ in self._level1} for rc in change.rows):
            self._level1 = self._level1_now()
            self._relist()

    # ----- showing -----

    def current_key(self) -> str | None:
        """The key of the page shown."""
        item = self.nav.currentItem()
        return item.data(KEY_ROLE) if item else None

    def current_page(self) -> Page | None:
        """The page shown."""
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def show_page(self, key: str) -> bool:
        """Show a page by key ('info', 'ind:<id>', 'export', …)."""
        page = self.pages.get(key)
        if page is None:
            return False
        for row in range(self.nav.count()):
            if self.nav.item(row).data(KEY_ROLE) == key:
                self.nav.setCurrentRow(row)
        self.stack.setCurrentWidget(page)
        return True

    def _nav_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is None:
            return
        page = self.pages.get(item.data(KEY_ROLE))
        if page is not None:
            self.stack.setCurrentWidget(page)
            self.page_changed.emit(item.text())

    def indicator_pages(self) -> list[IndicatorPage]:
        """The indicator section pages, in navigation order."""
        return [self.pages[INDICATOR_PREFIX + i] for i, _ in self._level1]  # type: ignore[misc]

    def select_indicator(self, indicator_id: str | None) -> bool:
        """Show the page holding an indicator and select it (None: the first dimension)."""
        project = self.session.project
        if indicator_id is None or indicator_id not in project.indicators():
            pages = self.indicator_pages()
            return bool(pages) and self.show_page(INDICATOR_PREFIX + pages[0].root_id)
        ind = project.indicator(indicator_id)
        chain = project.ancestors(ind)
        root = chain[0].id if chain else ind.id
        key = INDICATOR_PREFIX + root
        if not self.show_page(key):
            return False
        page = self.pages[key]
        ok = page.select_indicator(indicator_id)
        page.view.setFocus()  # type: ignore[attr-defined]
        return ok
