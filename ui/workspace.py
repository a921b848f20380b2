"""The open project's workspace: the navigation on the left and the page it shows.

Navigation order: 项目信息, 资金情况, 绩效目标, one page per level-1 indicator (rebuilt when
level-1 indicators are added, removed, moved or renamed), 评价发现, 评价人员, 图表, 导出报告.
Each page (and its module) is built the first time it is shown or looked up (``PageMap``), so
a project opens showing 项目信息 without building or importing the others.
Pages written elsewhere are imported defensively: a missing module gives a placeholder.
A read-only project's editing pages are locked (``read_only.lock_editors``); 图表 and 导出报告
only read the project and stay as they are.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from pfdesk.edits import Change

from .pages.base import Page
from .pages.placeholder import PlaceholderPage
from .read_only import lock_editors
from .session import ProjectSession

if TYPE_CHECKING:
    from pfdesk.search import Hit

    from .pages.indicator_page import IndicatorPage

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


class PageMap(Mapping[str, Page]):
    """The workspace's pages by key, each built the first time it is looked up.

    Pages not yet shown cost nothing at start-up (nor their modules: charts, export …). ``in``,
    iteration and ``len`` never build; ``[key]`` and ``get`` do. ``built()`` lists only the
    pages that exist.
    """

    def __init__(self, build: Callable[[str], Page]) -> None:
        self._build = build
        self._keys: list[str] = []
        self._built: dict[str, Page] = {}

    def add(self, key: str) -> None:
        """Register a page to be built on first use."""
        if key not in self._keys:
            self._keys.append(key)

    def remove(self, key: str) -> Page | None:
        """Forget a page; the built page if there was one."""
        self._keys.remove(key)
        return self._built.pop(key, None)

    def built(self) -> list[Page]:
        """The pages built so far."""
        return list(self._built.values())

    def is_built(self, key: str) -> bool:
        """True when the page has been built."""
        return key in self._built

    def __getitem__(self, key: str) -> Page:
        if key not in self._keys:
            raise KeyError(key)
        page = self._built.get(key)
        if page is None:
            page = self._built[key] = self._build(key)
        return page

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._keys))

    def __len__(self) -> int:
        return len(self._keys)


class Workspace(QSplitter):
    """Navigation list + stacked pages over one session."""

    page_changed = Signal(str)   # the shown page's title
    pages_listed = Signal()      # the navigation was rebuilt (level-1 indicators changed)

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
        self.pages = PageMap(self._build_page)
        self._level1: list[tuple[str, str]] = []
        self._build_pages()
        self.nav.currentItemChanged.connect(self._nav_changed)
        session.changed.connect(self._on_changed)
        self.show_page("info")

    # ----- pages -----

    def _build_pages(self) -> None:
        for key, *_ in BEFORE + AFTER:
            self.pages.add(key)
        self._sync_indicator_pages()

    def _build_page(self, key: str) -> Page:
        """Build a page on its first use (shown, looked up): ``PageMap`` calls this."""
        page: Page
        if key.startswith(INDICATOR_PREFIX):
            from .pages.indicator_page import IndicatorPage

            page = IndicatorPage(self.session, key[len(INDICATOR_PREFIX):])
            page.refresh(None)
        else:
            _key, module, cls, label = next(p for p in BEFORE + AFTER if p[0] == key)
            page = make_page(self.session, module, cls, label)
        self._lock_if_read_only(key, page)
        self.stack.addWidget(page)
        return page

    def _title(self, key: str) -> str:
        """A page's navigation label, without building it."""
        if self.pages.is_built(key):
            return self.pages[key].title
        return next((tr(label) for k, _m, _c, label in BEFORE + AFTER if k == key), key)

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
                page = self.pages.remove(key)
                if page is not None:
                    self.stack.removeWidget(page)
                    page.deleteLater()
        for ind_id, _name in wanted:
            self.pages.add(INDICATOR_PREFIX + ind_id)
        self._level1 = wanted
        self._relist()

    def _relist(self) -> None:
        current = self.current_key()
        self.nav.blockSignals(True)
        self.nav.clear()
        keys = [k for k, *_ in BEFORE] + [INDICATOR_PREFIX + i for i, _ in self._level1] + [
            k for k, *_ in AFTER]
        for key in keys:
            item = QListWidgetItem(self._title(key))
            item.setData(KEY_ROLE, key)
            if key.startswith(INDICATOR_PREFIX):
                ind = self.session.project.indicator(key[len(INDICATOR_PREFIX):])
                item.setText(f"{ind.code}  {ind.name}".strip() if ind.code else ind.name)
                item.setToolTip(tr("指标评分：%s") % ind.name)
            self.nav.addItem(item)
        self.nav.blockSignals(False)
        self.show_page(current if current in self.pages else "info")
        self.pages_listed.emit()

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

    def page_list(self) -> list[tuple[str, str]]:
        """(key, navigation text) of every page, in navigation order."""
        return [(self.nav.item(row).data(KEY_ROLE), self.nav.item(row).text())
                for row in range(self.nav.count())]

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
        """The indicator section pages, in navigation order (building those not yet built)."""
        return [self.pages[INDICATOR_PREFIX + i] for i, _ in self._level1]  # type: ignore[misc]

    def indicator_roots(self) -> list[str]:
        """The ids of the level-1 indicators, one scoring page each, in navigation order."""
        return [i for i, _ in self._level1]

    def select_indicator(self, indicator_id: str | None) -> bool:
        """Show the page holding an indicator and select it (None: the first dimension)."""
        project = self.session.project
        if indicator_id is None or indicator_id not in project.indicators():
            roots = self.indicator_roots()
            return bool(roots) and self.show_page(INDICATOR_PREFIX + roots[0])
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

    def show_scoring(self, root_id: str | None) -> bool:
        """Show a scoring page (None: the first) with its tree focused and a row selected."""
        key = INDICATOR_PREFIX + root_id if root_id else next(
            (INDICATOR_PREFIX + r for r in self.indicator_roots()), "")
        from .pages.indicator_page import IndicatorPage

        page = self.pages.get(key)
        if not isinstance(page, IndicatorPage) or not self.show_page(key):
            return False
        if not page.view.currentIndex().isValid():
            page.select_indicator(page.root_id)
        page.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    # ----- going to a place found -----

    def reveal(self, hit: Hit) -> bool:
        """Show the page holding a place found and select its indicator, row or field."""
        if hit.page == "indicator":
            return self._reveal_indicator(hit)
        if hit.page in ("info", "narrative"):
            return self._reveal_info(hit)
        page = self.pages.get(hit.page)
        if page is None or not self.show_page(hit.page):
            return False
        editor = getattr(page, "editors", {}).get(hit.key) if hit.page == "findings" else \
            getattr(page, "items" if hit.page == "funding" else "editor", None)
        return _select_row(editor, hit)

    def _reveal_indicator(self, hit: Hit) -> bool:
        if not self.select_indicator(hit.indicator_id):
            return False
        page = self.current_page()
        details = getattr(page, "details", None)
        if details is None or hit.field in ("code", "name"):
            return True
        if hit.table == "deduction":
            view = getattr(details, "deductions", None)
            model = view.model() if view is not None else None
            for row in range(model.rowCount() if model is not None else 0):
                ded = model.deduction_at(row)  # type: ignore[union-attr]
                if ded is not None and ded.id == hit.row_id:
                    column = _column_titled(model, hit.label)
                    bring_into_view(view)
                    view.setCurrentIndex(model.index(row, column))  # type: ignore[union-attr]
                    view.setFocus(Qt.FocusReason.OtherFocusReason)  # type: ignore[union-attr]
                    return True
            return False
        return focus_text(getattr(details, hit.field, None), hit.snippet)

    def _reveal_info(self, hit: Hit) -> bool:
        page = self.pages.get("info")
        if page is None or not self.show_page("info"):
            return False
        if hit.page == "narrative":
            narratives = getattr(page, "narratives", None)
            if narratives is None:
                return False
            narratives.show_section(hit.key)
            return focus_text(getattr(narratives, "editor", None), hit.snippet)
        binder = getattr(page, "binder", None)
        editors = getattr(binder, "editors", {})
        return focus_text(editors.get(hit.field), hit.snippet)


def _column_titled(model: object, title: str) -> int:
    """The column whose header is ``title`` (0 when none is)."""
    for column in range(model.columnCount()):  # type: ignore[attr-defined]
        if model.headerData(column, Qt.Orientation.Horizontal) == title:  # type: ignore[attr-defined]
            return column
    return 0


def _select_row(editor: object, hit: Hit) -> bool:
    """Make the row of a place found current in a list editor, in the field's column."""
    if editor is None:
        return False
    model = getattr(editor, "model", None)
    columns = getattr(model, "columns", [])
    column = next((i for i, c in enumerate(columns) if getattr(c, "field", "") == hit.field), 0)
    if not editor.select_row_id(hit.row_id, column):  # type: ignore[attr-defined]
        return False
    view = getattr(editor, "view", None)
    if isinstance(view, QAbstractItemView):
        bring_into_view(view)
        view.scrollTo(view.currentIndex())
        view.setFocus(Qt.FocusReason.OtherFocusReason)
    return True


def bring_into_view(widget: QWidget) -> None:
    """Select the tabs holding a widget and scroll its scroll areas to it."""
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            assert isinstance(tabs, QTabWidget)
            index = tabs.indexOf(child)
            if index >= 0:
                tabs.setCurrentIndex(index)
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        child, parent = parent, parent.parentWidget()


def focus_text(editor: object, snippet: str) -> bool:
    """Focus a text field found and select the found text in it when it can be located."""
    if not isinstance(editor, QWidget):
        return False
    bring_into_view(editor)
    editor.setFocus(Qt.FocusReason.OtherFocusReason)
    needle = snippet.strip("…").strip()
    if isinstance(editor, (QPlainTextEdit, QTextEdit)):
        text = editor.toPlainText()
        at = text.find(needle) if needle else -1
        cursor = editor.textCursor()
        if at >= 0:
            cursor.setPosition(at)
            cursor.setPosition(at + len(needle), cursor.MoveMode.KeepAnchor)
            editor.setTextCursor(cursor)
            editor.ensureCursorVisible()
    elif isinstance(editor, QLineEdit):
        at = editor.text().find(needle) if needle else -1
        if at >= 0:
            editor.setSelection(at, len(needle))
    return True


def focus_first(page: QWidget) -> None:
    """Put the keyboard focus in a page just shown: its main view, else its first field."""
    view = getattr(page, "view", None)
    if isinstance(view, QWidget) and view.isVisibleTo(page):
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    tab = Qt.FocusPolicy.TabFocus.value
    for child in page.findChildren(QWidget):
        if child.isVisibleTo(page) and child.isEnabled() and child.focusPolicy().value & tab:
            child.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
