"""The start-up benchmark's second floor: pfdesk's first screen built from Qt alone.

Run as a child by ``bench_startup.py`` (not imported by pfdesk). It builds, with PySide6 and
nothing of pfdesk, a window of the same Qt widgets, in the same numbers and the same layout, as
the first paint of ``pfdesk FILE`` shows (counted on the real window: the menu bar with five
menus, the toolbar with five buttons, 47 labels, 17 one-line fields of which 3 carry a
calendar button, 7 drop-down lists, 3 groups, a check box, the navigation list, the tabs in a
scroll area, the score dock with its list of problems and the standard warning icon, the
status bar), with made-up texts: no project is read, nothing is
scored, no settings, translations or fonts are looked up. Like the bare window it prints one
JSON line after the first paint of its score total and quits.

What this window costs over the bare one is what PySide6 and Qt charge for those widgets (each
Qt class a program first uses has its Python type and enums made then; the ``Qt`` namespace
alone takes about 12 ms): the part of pfdesk's start-up that no code of pfdesk can remove.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QSize, QStringListModel, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDockWidget,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

NAVIGATION = ("项目信息", "资金情况", "绩效目标", "A 决策", "B 过程", "C 产出", "D 效益",
              "评价发现", "评价人员", "图表", "导出报告")
# Per group: (label, kind) with kind "line", "date" (a field with a calendar button),
# "choice", "open choice" (a list that takes typed text: it holds a one-line field) or
# "check"; 17 one-line fields (3 of them dates, 2 inside lists), 7 lists, one check box.
GROUPS = {
    "封面信息": [("项目名称", "line"), ("项目单位", "line"), ("主管部门", "line"),
                 ("委托单位", "line"), ("评价机构", "line"), ("文号", "line"),
                 ("报告日期", "date"), ("上报时间", "date")],
    "基本信息": [("项目类型", "choice"), ("项目负责人", "line"), ("联系电话", "line"),
                 ("邮编", "line"), ("单位地址", "line")],
    "评价信息": [("评价类型", "choice"), ("评价对象", "choice"), ("评价方式", "choice"),
                 ("评价年度", "line"), ("组织方式", "open choice"), ("评价机构类型", "open choice"),
                 ("评价时间", "line"), ("资金截止日期", "date"), ("分数写法", "choice"),
                 ("复核规则", "check")],
}


def field(kind: str, icon: QIcon) -> QWidget:
    """One field of the form."""
    if kind in ("choice", "open choice"):
        box = QComboBox()
        box.setEditable(kind == "open choice")
        box.addItems(["未填写", "选项一", "选项二"])
        return box
    if kind == "check":
        return QCheckBox("允许复核本人编制的指标")
    edit = QLineEdit()
    edit.setPlaceholderText("未填写")
    if kind == "date":
        edit.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
    return edit


def form(icon: QIcon) -> QWidget:
    """The 项目信息 page: three tabs, the first a scrolled form of three groups."""
    tabs = QTabWidget()
    inner = QWidget()
    column = QVBoxLayout(inner)
    for title, fields in GROUPS.items():
        group = QGroupBox(title)
        grid = QGridLayout(group)
        for row, (label, kind) in enumerate(fields):
            grid.addWidget(QLabel(f"{label}："), row // 2, (row % 2) * 2,
                           Qt.AlignmentFlag.AlignRight)
            grid.addWidget(field(kind, icon), row // 2, (row % 2) * 2 + 1)
        column.addWidget(group)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(inner)
    tabs.addTab(scroll, "基本信息")
    tabs.addTab(QWidget(), "目标与等级")
    tabs.addTab(QWidget(), "报告章节")
    return tabs


def score_dock(window: QMainWindow) -> QLabel:
    """The score dock: total, grade, state lines, five dimension rows, the problems list."""
    panel = QWidget()
    column = QVBoxLayout(panel)
    column.addWidget(QLabel("总得分"))
    total = QLabel("87.60")
    total.setObjectName("scoreTotal")
    big = QFont()
    big.setPointSize(22)
    big.setBold(True)
    total.setFont(big)
    column.addWidget(total)
    for text in ("/ 100", "良", "全部指标已评分（30 / 30）", "复核：已复核 0 / 30",
                 "各一级指标（得分 / 分值 · 得分率）"):
        column.addWidget(QLabel(text))
    for code in "ABCDE":
        for text in (f"{code} 一级指标", "17.50 / 20", "87.50%", ""):
            column.addWidget(QLabel(text))
    column.addWidget(QLabel("评分问题（1）"))
    problems = QListView()
    model = QStringListModel(["一级指标分值合计 30 分，应为 100 分"], problems)
    warning = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
    model.setData(model.index(0), warning, Qt.ItemDataRole.DecorationRole)
    problems.setModel(model)
    column.addWidget(problems)
    dock = QDockWidget("得分")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return total


def menus_and_toolbar(window: QMainWindow) -> None:
    """The menu bar's five menus (25 actions in all) and the toolbar's five buttons with the
    style's icons, text beside them."""
    style = window.style()
    pixmaps = (QStyle.StandardPixmap.SP_FileIcon, QStyle.StandardPixmap.SP_DialogOpenButton,
               QStyle.StandardPixmap.SP_DialogSaveButton, QStyle.StandardPixmap.SP_ArrowBack,
               QStyle.StandardPixmap.SP_ArrowForward)
    actions = []
    for title in ("文件(&F)", "编辑(&E)", "视图(&V)", "转到(&G)", "帮助(&H)"):
        menu = window.menuBar().addMenu(title)
        for k in range(5):
            action = QAction(f"{title[:2]}{k}", window)
            action.setShortcut(QKeySequence(f"Ctrl+{len(actions) % 9 + 1}"))
            menu.addAction(action)
            actions.append(action)
    toolbar = QToolBar("常用", window)
    toolbar.setIconSize(QSize(18, 18))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for action, pixmap in zip(actions, pixmaps, strict=False):
        action.setIcon(style.standardIcon(pixmap))
        toolbar.addAction(action)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)


def main() -> int:
    """Build, show, report after the first paint of the total."""
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("small.pfdesk - 财政支出绩效评价工作台")
    icon = app.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    navigation = QListWidget()
    navigation.addItems(NAVIGATION)
    pages = QStackedWidget()
    pages.addWidget(form(icon))
    splitter.addWidget(navigation)
    splitter.addWidget(pages)
    window.setCentralWidget(splitter)
    total = score_dock(window)
    window.statusBar().addWidget(QLabel("已自动保存"))
    menus_and_toolbar(window)

    def report() -> None:
        print('{"ok": true, "title": "", "total": "", "cpu_ms": %.1f, "modules": []}'
              % (time.process_time() * 1000), flush=True)
        app.quit()

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                total.removeEventFilter(self)
                QTimer.singleShot(0, report)
            return False

    painted = Painted()
    total.installEventFilter(painted)
    window.resize(1366, 820)
    window.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
