"""The main window: start page or the open project's workspace, the score dock, files, undo.

There is no Save: every edit is stored in the project file as it is made, so closing never
asks. 另存为 writes a complete copy (SQLite's backup API) and keeps editing the open file. A
file that cannot be opened gets a dialog with the core's one-line reason and the window stays
as it was.

A project someone else is editing (another window, another computer) is opened read-only if the
user agrees; a read-only project shows a banner with 另存为…, which continues in the copy
(``file_notices``), and its editors are locked (``read_only``). An edit that is not stored is
reported where it cannot be missed. Closing the project or the window gives up its lock.

Every change is signed with the user's name: opening or creating a project from the window
(open, recent, drop, demo, new) asks for it once when the settings have none. Nothing is asked
where no one could answer (an offscreen run, ``PFDESK_USER`` set, ``open_project`` called by
a script): the project then records ``identity.default_user()``.

``pfdesk FILE`` builds the window in two steps (``staged=True``): what the first screen of the
project shows (the menus and toolbar, the page, the score panel, the title) is painted first,
so nothing moves after that paint; the find panel (hidden until Ctrl+F), the list of recent
files and the start page come right after it (``finish_building``), or as soon as anything
asks for them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk import identity
from pfdesk.edits import Change
from pfdesk.errors import PfdeskError
from pfdesk.filelock import ProjectLockedError
from pfdesk.live_scores import LiveScores
from pfdesk.numbers import Numbers
from pfdesk.project import Project
from pfdesk.scoring import ScoreResult

from . import window_fit
from .file_notices import FileNotices
from .score_panel import ScorePanel
from .session import HistoryStack, ProjectSession
from .settings import Settings, load_settings, save_settings
from .workspace import Workspace, focus_first

if TYPE_CHECKING:
    from pfdesk.search import Hit

    from .find_panel import FindPanel
    from .main_actions import WindowActions
    from .start_page import StartPage

log = logging.getLogger(__name__)

APP_TITLE = "财政支出绩效评价工作台"
SETTLE_MS = 2000
FALLBACK_TEMPLATE = "national-2020"


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("MainWindow", text)


@contextlib.contextmanager
def busy_cursor() -> Iterator[None]:
    """The busy cursor while slow work (opening a large project) runs."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def backup_on_open(project: Project) -> None:
    """The copy of a project made when it is opened for editing (``pfdesk.backups``)."""
    from pfdesk import backups

    backups.on_open(project)


def may_ask_user_name() -> bool:
    """True when someone can answer 您的姓名 (not offscreen, no ``PFDESK_USER``)."""
    return QGuiApplication.platformName() != "offscreen" and \
        not os.environ.get("PFDESK_USER", "").strip()


class MainWindow(QMainWindow):
    """pfdesk's window; ``open_project(path)`` is the automation entry point."""

    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None,
                 *, fill_start: bool = True, staged: bool = False) -> None:
        """``fill_start=False`` leaves the start page's lists empty (a file is about to be
        opened: reading the templates would only delay it); closing the project fills them.
        ``staged=True`` (a file is about to be opened) leaves the find panel, the recent
        files and the start page until the opened project has been painted
        (``finish_building``)."""
        super().__init__(parent)
        self.settings = settings if settings is not None else load_settings()
        self.undo_stack = HistoryStack(self)
        self.undo_stack.setObjectName("undoStack")
        self.project: Project | None = None
        self.session: ProjectSession | None = None
        self.workspace: Workspace | None = None
        self.setAcceptDrops(True)
        self._fitted = False
        self._settle_pending = False
        self.setAccessibleName(tr("主窗口"))
        self._start_page: StartPage | None = None
        self._find_panel: FindPanel | None = None
        self._actions: WindowActions | None = None
        self.file_label = QLabel()
        self.notices = FileNotices(self, self.file_label)
        self.notices.save_as_requested.connect(self.save_as)
        self._layout_pending = staged   # the find panel's place is restored once it is built
        self._finished = False
        self._build_central()
        self._build_dock()
        from .main_actions import build_actions

        # The menus and toolbar are in the first paint: built later, they pushed the page
        # and the score panel down under the eyes of the user.
        self._actions = build_actions(self, recent=not staged)
        if not staged:
            self.finish_building()
        self._build_status()
        self._restore_layout()
        if staged:
            self.score_dock.setVisible(False)
            self.setWindowTitle(tr(APP_TITLE))
        else:
            self._show_start(fill=fill_start)

    # ----- building -----

    def finish_building(self) -> None:
        """Build what a staged window left for after its first paint: the find panel and the
        list of recent files (once; the start page is built when shown)."""
        if self._finished:
            return
        self._finished = True
        self.find_panel.set_project(self.project)
        if self._layout_pending:
            self._layout_pending = False
            self.actions_.fill_recent()
            if self.settings.window_state:   # the find panel's place
                self.restoreState(QByteArray.fromBase64(
                    self.settings.window_state.encode("ascii", "ignore")))
                self.score_dock.setVisible(self.project is not None)
        self.actions_.project_open(self.project is not None)
        if self.workspace is not None:
            self.actions_.fill_go_to(self.workspace.page_list())

    @property
    def actions_(self) -> WindowActions:
        """The window's actions, menus and toolbar (``main_actions``)."""
        assert self._actions is not None
        return self._actions

    @property
    def start_page(self) -> StartPage:
        """The start page (templates, recent files, demo), built when first needed."""
        if self._start_page is None:
            from .start_page import StartPage

            page = self._start_page = StartPage()
            page.new_requested.connect(self.new_project)
            page.open_requested.connect(self.ask_open)
            page.recent_chosen.connect(self.open_chosen)
            page.demo_requested.connect(self.open_demo)
            page.user_name_changed.connect(self.set_user_name)
            self.central.insertWidget(0, page)
        return self._start_page

    @property
    def find_panel(self) -> FindPanel:
        """The 查找 dock (hidden until Ctrl+F), built when first needed."""
        if self._find_panel is None:
            from .find_panel import FindPanel

            panel = self._find_panel = FindPanel(self)
            panel.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                              | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            panel.hit_chosen.connect(self.reveal)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
            panel.hide()
        return self._find_panel

    def _build_central(self) -> None:
        self.central = QStackedWidget()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for banner in self.notices.banners():
            layout.addWidget(banner)
        layout.addWidget(self.central, 1)
        self.setCentralWidget(body)

    def _build_dock(self) -> None:
        self.score_panel = ScorePanel()
        self.score_panel.problem_activated.connect(self.select_indicator)
        self.score_dock = QDockWidget(tr("得分"), self)
        self.score_dock.setObjectName("scoreDock")
        self.score_dock.setAccessibleName(tr("得分面板"))
        self.score_dock.setWidget(self.score_panel)
        self.score_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                    | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.score_dock.setAllowedAreas(Qt.DockWidgetArea.LeftDockWidgetArea
                                        | Qt.DockWidgetArea.RightDockWidgetArea)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.score_dock)
        self.resizeDocks([self.score_dock], [260], Qt.Orientation.Horizontal)

    def _build_status(self) -> None:
        self.file_label.setAccessibleName(tr("当前文件"))
        self.file_label.setStyleSheet("color: #555; padding: 0 6px;")
        self.statusBar().addPermanentWidget(self.file_label)

    def available_geometry(self) -> QRect:
        """The screen area the window may use (the screen less its task bars)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 768)

    def _restore_layout(self) -> None:
        """The remembered geometry (or a first one), fitted to the screen."""
        geometry = QByteArray.fromBase64(self.settings.geometry.encode("ascii", "ignore"))
        restored = bool(self.settings.geometry) and self.restoreGeometry(geometry)
        if self.settings.window_state:
            self.restoreState(QByteArray.fromBase64(
                self.settings.window_state.encode("ascii", "ignore")))
        self.fit_to_screen(first=not restored)

    def fit_to_screen(self, first: bool = False) -> None:
        """Make the window fit the available screen area (first: take the starting size)."""
        available = self.available_geometry()
        frame = window_fit.frame_margins(self._frame_margins())
        self.setMinimumSize(window_fit.minimum_size(available, frame))
        if self.isMaximized() or self.isFullScreen():
            return
        rect = window_fit.first_rect(available, frame) if first else \
            window_fit.fit_rect(self.geometry(), available, frame)
        if rect != self.geometry():
            self.setGeometry(rect)

    def _frame_margins(self) -> object:
        handle = self.windowHandle()
        return handle.frameMargins() if handle is not None and self.isVisible() else None

    def showEvent(self, event: QShowEvent) -> None:
        """Once shown (the real frame and screen are known), fit the window again."""
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self.fit_to_screen()

    def _save_layout(self) -> None:
        self.settings.geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        self.settings.window_state = bytes(self.saveState().toBase64().data()).decode("ascii")
        save_settings(self.settings)

    # ----- start page -----

    def _show_start(self, fill: bool = True) -> None:
        self.finish_building()
        if fill:
            from .start_page import available_templates

            default = self.settings.default_template or FALLBACK_TEMPLATE
            self.start_page.set_templates(available_templates(), default)
            self.start_page.set_recent(self.settings.recent_files)
            self.start_page.set_user_name(self.settings.user_name)
        self.central.setCurrentWidget(self.start_page)
        self.score_dock.setVisible(False)
        self.find_panel.set_project(None)
        self.score_panel.clear()
        self.setWindowTitle(tr(APP_TITLE))
        self.notices.clear()
        self.actions_.project_open(False)

    def set_user_name(self, name: str) -> None:
        """Remember the user's name (written on every edit); a blank one keeps the known name."""
        name = " ".join(name.split())
        if not name:
            self.start_page.set_user_name(self.settings.user_name)
            return
        self.settings.user_name = name
        if self.project is not None:
            self.project.user = name
        save_settings(self.settings)

    def ensure_user_name(self) -> None:
        """Ask the user's name once, before a project is opened from the window."""
        if self.settings.user_name.strip() or not may_ask_user_name():
            return
        from . import dialogs

        name = identity.user_or_default(dialogs.ask_user_name(self, identity.default_user()))
        self.set_user_name(name)
        self.start_page.set_user_name(name)

    # ----- opening and closing -----

    def shows(self, path: str | Path) -> bool:
        """True when this window has the project file ``path`` open."""
        return self.project is not None and self.project.path is not None and \
            self.project.path.resolve() == Path(path).resolve()

    def open_project(self, path: str | Path) -> bool:
        """Open a project file; on failure show the reason and keep the window as it was.

        A project being edited elsewhere is opened read-only if the user agrees; one open in
        another window of this program brings that window forward instead.
        """
        path = Path(path)
        if self.shows(path):
            return True
        try:
            project = self._open_file(path)
            if project is None:
                return False
        except PfdeskError as exc:
            return self._not_opened(str(exc))
        except (OSError, sqlite3.Error) as exc:
            log.exception("opening %s failed", path)
            return self._not_opened(tr("无法打开项目文件 %s：%s") % (path.name, exc))
        try:
            with busy_cursor():
                # A file that cannot be scored must not replace the open one; the scores
                # computed here are the session's (not computed twice).
                scores = LiveScores(project)
        except Exception as exc:  # defence in depth: the opening checks should have caught it
            log.exception("scoring %s failed", path)
            project.close()
            return self._not_opened(tr("无法打开项目文件 %s：内容无法计算（%s）")
                                    % (path.name, exc))
        with busy_cursor():
            self.adopt_project(project, scores)
        if not project.readonly and self.session is not None:
            self.session.defer(lambda: backup_on_open(project))
        self._settle_after_paint()   # a staged window's find panel comes then, read-only or not
        return True

    def _not_opened(self, reason: str) -> bool:
        """Say why a file was not opened (the message boxes load only then); False."""
        from . import dialogs

        dialogs.show_error(self, tr("无法打开项目"), reason)
        return False

    def _settle_after_paint(self) -> None:
        """Run the session's deferred work once the project is painted (at the latest after
        ``SETTLE_MS``; an edit or closing runs it first anyway)."""
        if not self._settle_pending:
            self._settle_pending = True
            self.score_panel.total.installEventFilter(self)
            QTimer.singleShot(SETTLE_MS, self, self._settle)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The score total's first paint after opening lets the deferred work run."""
        if self._settle_pending and event.type() == QEvent.Type.Paint \
                and watched is self.score_panel.total:
            QTimer.singleShot(0, self, self._settle)
        return super().eventFilter(watched, event)

    def _settle(self) -> None:
        if self._settle_pending:
            self._settle_pending = False
            self.score_panel.total.removeEventFilter(self)
        self.finish_building()
        if self.session is not None:
            self.session.settle()

    def _open_file(self, path: Path) -> Project | None:
        """The project opened for editing, or read-only when it is locked and the user agrees."""
        try:
            with busy_cursor():   # the copy made on opening waits until it is shown
                return Project.open(path, user=self.settings.user_name, backup=False)
        except ProjectLockedError as exc:
            if exc.here and self._bring_forward(path):
                return None
            who = exc.holder.describe() if exc.holder is not None else tr("另一个程序")
            question = tr("此项目正由 %s打开编辑。以只读方式打开，还是取消？") % who
            from . import dialogs

            if not dialogs.ask_open_read_only(self, question):
                return None
            return Project.open(path, readonly=True, user=self.settings.user_name,
                                why=tr("%s正在编辑此项目") % who)

    def _bring_forward(self, path: Path) -> bool:
        """Show the other window of this program that has ``path`` open; False if none does."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget is not self and widget.shows(path):
                if widget.isMinimized():
                    widget.showNormal()
                widget.raise_()
                widget.activateWindow()
                self.statusBar().showMessage(
                    tr("项目 %s 已在另一个窗口中打开，已切换到那个窗口") % path.name, 8000)
                return True
        return False

    def adopt_project(self, project: Project, scores: LiveScores | None = None) -> None:
        """Show an already open project (closing the one shown before); ``scores``: its
        scores if already computed."""
        self.close_project(show_start=False)
        self.project = project
        self.session = ProjectSession(project, self.undo_stack, self, scores)
        self.session.scores_changed.connect(self._show_scores)
        self.session.changed.connect(self._changed)
        self.session.changed.connect(self._show_sign_off)
        self.session.error_reported.connect(self._refused)
        self.session.edit_failed.connect(self.notices.edit_refused)
        self.workspace = Workspace(self.session)
        self.workspace.pages_listed.connect(self._pages_listed)
        self.central.addWidget(self.workspace)
        self.central.setCurrentWidget(self.workspace)
        self._show_scores(self.session.score)
        self._show_sign_off()
        self.score_dock.setVisible(True)
        self._pages_listed()
        if self._actions is not None:
            self._actions.project_open(True)
        if self._find_panel is not None:
            self._find_panel.set_project(project)
        self.notices.show_project(project)
        if project.path is not None:
            self.settings.add_recent(project.path)
            self.settings.last_folder = str(project.path.resolve().parent)
            if self._finished:
                self._remember_recent()
            else:   # after the first paint (the list of recent files is filled then)
                self.session.defer(self._remember_recent)
        self._update_title()
        log.info("opened %s", project.path)

    def _remember_recent(self) -> None:
        save_settings(self.settings)
        self.actions_.fill_recent()

    def close_project(self, show_start: bool = True) -> None:
        """Close the open project (everything is already stored); show the start page."""
        if self.project is None:
            if show_start:
                self._show_start()
            return
        if self.session is not None:
            self.session.settle()
        if self.workspace is not None:
            for page in self.workspace.pages.built():
                commit = getattr(getattr(page, "details", None), "commit_pending", None)
                if commit is not None:
                    commit()
        self.undo_stack.clear()
        if self._find_panel is not None:
            self._find_panel.set_project(None)
        if self._actions is not None:
            self._actions.fill_go_to([])
        history = sys.modules.get("ui.history_view")   # loaded only once the log was shown
        for dialog in self.findChildren(history.HistoryDialog) if history else []:
            dialog.close()
        if self.workspace is not None:
            self.central.removeWidget(self.workspace)
            self.workspace.deleteLater()
        if self.session is not None:
            self.session.deleteLater()
        self.project.close()
        self.project = self.session = self.workspace = None
        if show_start:
            self._show_start()

    def open_chosen(self, path: str | Path) -> bool:
        """Open a file the user chose (asking their name first if it is not known)."""
        self.ensure_user_name()
        return self.open_project(path)

    def ask_open(self) -> None:
        """Choose a project file and open it."""
        from . import dialogs

        path = dialogs.ask_open_project(self, self.settings.last_folder)
        if path:
            self.open_chosen(path)

    def open_demo(self) -> None:
        """Open the demo project from the user's data folder."""
        from . import dialogs

        try:
            from pfdesk.demo import demo_path
            path = demo_path()
        except ImportError:
            dialogs.show_error(self, tr("演示项目"), tr("这个版本没有附带演示项目。"))
            return
        except PfdeskError as exc:
            dialogs.show_error(self, tr("演示项目"), str(exc))
            return
        self.open_chosen(path)

    def new_project(self, template_id: str, name: str = "") -> bool:
        """Create a project from a template in a file the user chooses, and open it."""
        from pfdesk.model import ProjectInfo
        from pfdesk.templates import new_project

        from . import dialogs

        folder = Path(self.settings.last_folder or Path.home())
        suggested = str(folder / ((name or tr("新项目")) + dialogs.PROJECT_SUFFIX))
        path = dialogs.ask_save_project(self, tr("新建项目"), suggested)
        if not path:
            return False
        target = Path(path)
        if self.project is not None and self.project.path is not None and \
                target.resolve() == self.project.path.resolve():
            dialogs.show_error(self, tr("新建项目"), tr("该文件正在使用中，请换一个文件名。"))
            return False
        self.ensure_user_name()
        try:
            target.unlink(missing_ok=True)
            project = new_project(target, template_id, ProjectInfo(name=name),
                                  user=self.settings.user_name)
        except (PfdeskError, OSError) as exc:
            dialogs.show_error(self, tr("新建项目"), str(exc))
            return False
        self.settings.default_template = template_id
        self.adopt_project(project)
        return True

    def save_as(self) -> bool:
        """另存为: write a complete copy of the project to another file.

        A read-only project then continues in the copy, opened for editing.
        """
        from . import dialogs

        if self.project is None:
            return False
        current = self.project.path or Path.home() / tr("项目.pfdesk")
        folder = current.parent if os.access(current.parent, os.W_OK) else Path.home()
        suggested = str(folder / (current.stem + tr("（副本）") + current.suffix))
        path = dialogs.ask_save_project(self, tr("另存为"), suggested)
        if not path:
            return False
        try:
            self.project.save_copy(path)
        except (PfdeskError, OSError, sqlite3.Error) as exc:
            dialogs.show_error(self, tr("另存为"), str(exc))
            return False
        if self.project.readonly:
            return self.open_project(path)
        self.settings.add_recent(path)
        save_settings(self.settings)
        self.actions_.fill_recent()
        self.statusBar().showMessage(tr("已将完整副本保存到 %s（仍在编辑当前文件）") % path, 8000)
        return True

    # ----- reacting -----

    def _update_title(self) -> None:
        if self.project is None:
            return
        name = self.project.info.name or tr("未命名项目")
        file = self.project.path.name if self.project.path else tr("（未保存到文件）")
        if self.project.readonly:
            file += tr("（只读）")
        self.setWindowTitle(f"{name} — {file} — {tr(APP_TITLE)}")
        self.notices.update_corner()

    def _changed(self, change: Change) -> None:
        self.notices.edit_stored()
        if "project" in change.tables():
            self._update_title()
        entry = change.entry
        kind = entry.kind if entry is not None else "edit"
        words = {"undo": tr("已撤销：%s"), "redo": tr("已重做：%s")}.get(kind, tr("已保存：%s"))
        self.statusBar().showMessage(words % change.label, 4000)

    def _show_scores(self, result: ScoreResult) -> None:
        """The score panel, with numbers written the way the project says."""
        if self.project is not None:
            self.score_panel.show_result(result, Numbers.of(self.project.info))

    def _show_sign_off(self, _change: Change | None = None) -> None:
        """The score panel's sign-off counts, as the project holds them now."""
        if self.project is None:
            return
        self.score_panel.show_sign_off_of(self.project)

    def _refused(self, message: str) -> None:
        """Input not stored: the line stays until the next stored edit replaces it."""
        self.statusBar().showMessage(tr("未保存：%s") % message)

    def select_indicator(self, indicator_id: str) -> bool:
        """Show the page of an indicator and select it."""
        if self.workspace is None:
            return False
        return self.workspace.select_indicator(indicator_id or None)

    # ----- going places -----

    def _pages_listed(self) -> None:
        if self.workspace is not None and self._actions is not None:
            self._actions.fill_go_to(self.workspace.page_list())

    def go_to_page(self, key: str) -> bool:
        """Show a page by key ('info', 'ind' for the first scoring page, 'ind:<id>', …)."""
        if self.workspace is None:
            return False
        if key == "ind" or key.startswith("ind:"):
            return self.workspace.show_scoring(key[4:] or None)
        shown = self.workspace.show_page(key)
        page = self.workspace.current_page()
        if shown and page is not None:
            focus_first(page)
        return shown

    def start_find(self) -> None:
        """查找 (Ctrl+F): show the find panel with its box focused."""
        if self.project is None:
            return
        self.finish_building()   # the panel's project and place, before it is shown
        first = not self.find_panel.isVisible()
        self.find_panel.start()
        if first:   # room for the places found: half the height, once the dock is placed
            QTimer.singleShot(0, self, lambda: self.resizeDocks(
                [self.score_dock, self.find_panel], [self.height() // 2, self.height() // 2],
                Qt.Orientation.Vertical))

    def reveal(self, hit: Hit) -> bool:
        """Go to a place found: its page, with the indicator, row or field selected."""
        if self.workspace is None:
            return False
        shown = self.workspace.reveal(hit)
        if not shown:
            self.statusBar().showMessage(tr("找不到“%s”了：内容可能已被修改或删除") % hit.place,
                                         8000)
        return shown

    # ----- window events -----

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept one local file."""
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """A dropped project file is opened, a workbook goes to the Excel import."""
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.open_dropped(urls[0].toLocalFile())

    def open_dropped(self, path: str | Path) -> bool:
        """Open a file dropped on the window: a project, or an Excel workbook to import."""
        from . import file_drops

        return file_drops.open_dropped(self, Path(path))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout and close; everything is already stored."""
        self.finish_building()   # the toolbar's and find panel's places are remembered too
        self._save_layout()
        self.close_project(show_start=False)
        event.accept()

