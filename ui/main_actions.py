"""The main window's menus, toolbar and shortcuts.

Every page has a shortcut, listed in the 转到 menu: Ctrl+1 项目信息 … Ctrl+8 导出报告 (Ctrl+4 is
the first scoring page), and Alt+1…9 the scoring pages in navigation order. Ctrl+F opens 查找.

Undo and redo follow the window's ``HistoryStack`` (a view of the core's history), so their
menu text says what will be undone ("撤销 A21 得分改为 3"); Ctrl+Z and Ctrl+Shift+Z (and Ctrl+Y)
trigger them, and the core does the undoing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar

if TYPE_CHECKING:
    from .main_window import MainWindow

log = logging.getLogger(__name__)

# (page key, menu text, shortcut) of the fixed pages; "ind" is the first scoring page.
GO_TO = (("info", "项目信息", "Ctrl+1"), ("funding", "资金情况", "Ctrl+2"),
         ("targets", "绩效目标", "Ctrl+3"), ("ind", "指标评分", "Ctrl+4"),
         ("findings", "评价发现", "Ctrl+5"), ("evaluators", "评价人员", "Ctrl+6"),
         ("charts", "图表", "Ctrl+7"), ("export", "导出报告", "Ctrl+8"))
MAX_SCORING_KEYS = 9


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("MainWindow", text)


class WindowActions:
    """The window's actions, kept together so they can be enabled as a project opens."""

    def __init__(self, window: MainWindow, recent: bool = True) -> None:
        """``recent=False`` leaves the 最近打开 menu empty until ``fill_recent`` (naming each
        recent project reads its file)."""
        self.window = window
        style = window.style()
        icon = style.standardIcon
        sp = QStyle.StandardPixmap
        self.new = self._action(tr("新建项目…"), QKeySequence.StandardKey.New,
                                window.close_project, icon(sp.SP_FileIcon))
        self.new.setToolTip(tr("回到开始页，从模板新建项目"))
        self.open = self._action(tr("打开…"), QKeySequence.StandardKey.Open, window.ask_open,
                                 icon(sp.SP_DialogOpenButton))
        self.demo = self._action(tr("打开演示项目"), None, window.open_demo)
        self.import_sheet = self._action(tr("从 Excel 导入指标体系…"), None,
                                         lambda: _import_excel(window))
        self.import_sheet.setToolTip(tr("读取 Excel 评分表中的指标体系（可含得分和扣分理由），"
                                        "先预览再导入"))
        self.save_as = self._action(tr("另存为…"), QKeySequence.StandardKey.SaveAs,
                                    window.save_as, icon(sp.SP_DialogSaveButton))
        self.save_as.setToolTip(tr("把项目的完整副本写到另一个文件（每项修改都已自动保存）"))
        self.backups = self._action(tr("历史备份…"), None, lambda: _show_backups(window))
        self.backups.setToolTip(tr("查看自动备份，把项目恢复到以前的版本"))
        self.merge = self._action(tr("合并副本…"), None, lambda: _show_merge(window))
        self.merge.setToolTip(tr("把组员交回的项目副本合并进当前项目，并逐个解决冲突"))
        window.score_panel.conflicts_activated.connect(lambda: _show_merge(window))
        self.close = self._action(tr("关闭项目"), QKeySequence.StandardKey.Close,
                                  window.close_project)
        self.quit = self._action(tr("退出"), QKeySequence.StandardKey.Quit, window.close)
        self.undo = self._history_action(tr("撤销"), window.undo_stack.undo,
                                         window.undo_stack.canUndoChanged,
                                         window.undo_stack.undoTextChanged)
        self.undo.setShortcuts([QKeySequence.StandardKey.Undo])
        self.undo.setIcon(icon(sp.SP_ArrowBack))
        self.redo = self._history_action(tr("重做"), window.undo_stack.redo,
                                         window.undo_stack.canRedoChanged,
                                         window.undo_stack.redoTextChanged)
        self.redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo.setIcon(icon(sp.SP_ArrowForward))
        for action in (self.undo, self.redo):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.history = self._action(tr("修改记录…"), None, lambda: _show_history(window))
        self.history.setToolTip(tr("查看项目的每一项修改：谁、什么时间、改了什么"))
        self.find = self._action(tr("查找…"), "Ctrl+F", window.start_find)
        self.find.setToolTip(tr("按指标编码、名称或任何文字查找（Ctrl+F）"))
        self.recent_menu = QMenu(tr("最近打开"), window)
        self.go_menu = QMenu(tr("转到(&G)"), window)
        self.go_to: dict[str, QAction] = {}
        self.scoring_actions: list[QAction] = []
        self._build_menus()
        self._build_toolbar()
        if recent:
            self.fill_recent()

    def _history_action(self, verb: str, slot: object, can_changed: object,
                        text_changed: object) -> QAction:
        """撤销 / 重做: enabled and named after the step they would take."""
        action = QAction(verb, self.window)
        stack = self.window.undo_stack
        undo = slot == stack.undo   # built after an edit (a staged window): as the stack is now
        text = stack.undoText() if undo else stack.redoText()
        action.setEnabled(stack.canUndo() if undo else stack.canRedo())
        action.setText(f"{verb} {text}" if text else verb)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        can_changed.connect(action.setEnabled)  # type: ignore[attr-defined]
        text_changed.connect(  # type: ignore[attr-defined]
            lambda text: action.setText(f"{verb} {text}" if text else verb))
        return action

    def _action(self, text: str, keys: object, slot: object, icon: object = None) -> QAction:
        action = QAction(text, self.window)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))  # type: ignore[call-overload]
        if icon is not None:
            action.setIcon(icon)  # type: ignore[arg-type]
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return action

    def _build_menus(self) -> None:
        bar = self.window.menuBar()
        file_menu = bar.addMenu(tr("文件(&F)"))
        file_menu.addActions([self.new, self.open])
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.demo)
        file_menu.addAction(self.import_sheet)
        file_menu.addSeparator()
        file_menu.addActions([self.save_as, self.merge, self.backups, self.close])
        file_menu.addSeparator()
        file_menu.addAction(self.quit)
        edit_menu = bar.addMenu(tr("编辑(&E)"))
        edit_menu.addActions([self.undo, self.redo])
        edit_menu.addSeparator()
        edit_menu.addAction(self.find)
        edit_menu.addSeparator()
        edit_menu.addAction(self.history)
        view_menu = bar.addMenu(tr("视图(&V)"))
        panel = self.window.score_dock.toggleViewAction()
        panel.setText(tr("得分面板"))
        view_menu.addAction(panel)
        self.score_toggle = panel
        bar.addMenu(self.go_menu)
        self._build_go_menu()
        help_menu = bar.addMenu(tr("帮助(&H)"))
        about = QAction(tr("关于"), self.window)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(tr("常用"), self.window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setAccessibleName(tr("常用工具栏"))
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(18, 18))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addActions([self.new, self.open, self.save_as])
        toolbar.addSeparator()
        toolbar.addActions([self.undo, self.redo])
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    def _build_go_menu(self) -> None:
        """The fixed pages' actions (the scoring pages are added by ``fill_go_to``)."""
        for key, text, keys in GO_TO:
            action = self._action(tr(text), keys, lambda k=key: self.window.go_to_page(k))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.window.addAction(action)
            self.go_to[key] = action
        self.fill_go_to([])

    def fill_go_to(self, pages: list[tuple[str, str]]) -> None:
        """Rebuild the 转到 menu: the fixed pages, then each scoring page with Alt+1…9."""
        for action in self.scoring_actions:
            self.window.removeAction(action)
            action.deleteLater()
        self.scoring_actions = []
        self.go_menu.clear()
        for key, _text, _keys in GO_TO:
            self.go_menu.addAction(self.go_to[key])
        scoring = [(k, t) for k, t in pages if k.startswith("ind:")]
        if scoring:
            self.go_menu.addSeparator()
        for number, (key, text) in enumerate(scoring, start=1):
            keys = f"Alt+{number}" if number <= MAX_SCORING_KEYS else None
            action = self._action(text, keys, lambda k=key: self.window.go_to_page(k))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.window.addAction(action)
            self.go_menu.addAction(action)
            self.scoring_actions.append(action)
        self.go_menu.setEnabled(bool(pages))

    def fill_recent(self) -> None:
        """Rebuild the 最近打开 menu from the settings."""
        from .start_page import project_name

        self.recent_menu.clear()
        for text in self.window.settings.recent_files:
            name = project_name(Path(text))
            action = self.recent_menu.addAction(
                f"{name}（{Path(text).name}）" if name else Path(text).name)
            action.setToolTip(text)
            action.setStatusTip(text)
            action.triggered.connect(lambda _c=False, p=text: self.window.open_chosen(p))
        self.recent_menu.setEnabled(bool(self.window.settings.recent_files))

    def project_open(self, is_open: bool) -> None:
        """Enable what needs an open project."""
        for action in (self.save_as, self.merge, self.backups, self.close, self.score_toggle,
                       self.history, self.find, *self.go_to.values()):
            action.setEnabled(is_open)

    def _about(self) -> None:
        from . import dialogs

        dialogs.show_info(self.window, tr("关于"),
                          tr("财政支出绩效评价工作台 pfdesk\n\n每一项修改都立即保存在项目文件中。"))


# The windows behind these actions load when first used, not at start-up.

def _import_excel(window: MainWindow) -> None:
    from .import_excel import import_excel

    import_excel(window)


def _show_backups(window: MainWindow) -> None:
    from .backups_dialog import show_backups

    show_backups(window)


def _show_merge(window: MainWindow) -> None:
    from .merge_dialog import show_merge

    show_merge(window)


def _show_history(window: MainWindow) -> None:
    from .history_view import show_history

    show_history(window)


def build_actions(window: MainWindow, recent: bool = True) -> WindowActions:
    """Create the window's actions, menus and toolbar (``recent``: with the recent files)."""
    return WindowActions(window, recent)
