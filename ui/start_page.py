"""The start page shown when no project is open: new from a template, open, recent, the demo.

The page only asks; the main window does the opening (signals ``new_requested``,
``open_requested``, ``recent_chosen``, ``demo_requested``). Enter in 项目名称 creates the project.
Recent files are listed by project name, read from the file's project row on a hardened
read-only connection (the file name when it cannot be read).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_SECONDS = 0.5          # reading one recent file's name is given up after this long
_names: dict[tuple[str, int, int], str] = {}   # (path, size, mtime) → project name


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("StartPage", text)


def available_templates() -> list[tuple[str, str, str]]:
    """(id, name, description) of the bundled templates; empty when they cannot be read."""
    try:
        from pfdesk.templates import list_templates
    except ImportError:
        return []
    try:
        return [(t.id, t.name, t.description) for t in list_templates()]
    except Exception:  # a broken template folder must not keep the window from starting
        log.exception("cannot list templates")
        return []


def project_name(path: Path) -> str:
    """The project name stored in a project file; '' when it cannot be read quickly."""
    try:
        stat = path.stat()
    except OSError:
        return ""
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _names:
        _names[key] = _read_name(path)
    return _names[key]


def _read_name(path: Path) -> str:
    from pfdesk.errors import PfdeskError
    from pfdesk.filecheck import harden, read_header, ro_uri

    try:
        read_header(path)
        conn = sqlite3.connect(ro_uri(path), uri=True, timeout=0.2)
    except (PfdeskError, OSError, sqlite3.Error, ValueError):
        return ""
    try:
        harden(conn, NAME_SECONDS)
        row = conn.execute("SELECT name FROM project LIMIT 1").fetchone()
    except (sqlite3.Error, UnicodeDecodeError):
        return ""
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    name = row[0] if row else ""
    return " ".join(name.split())[:120] if isinstance(name, str) else ""


class StartPage(QWidget):
    """New / open / recent / demo."""

    new_requested = Signal(str, str)     # template id, project name
    open_requested = Signal()
    recent_chosen = Signal(str)
    demo_requested = Signal()
    user_name_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(tr("开始"))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 32, 48, 32)
        outer.setSpacing(14)
        self._build_title(outer)
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addWidget(self._build_new(), 1)
        columns.addWidget(self._build_open(), 1)
        outer.addLayout(columns, 1)
        self._build_user(outer)

    # ----- building -----

    def _build_title(self, layout: QVBoxLayout) -> None:
        title = QLabel(tr("财政支出绩效评价工作台"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.0)
        font.setBold(True)
        title.setFont(font)
        note = QLabel(tr("每一项修改都会立即保存到项目文件中，不需要“保存”；关闭窗口也不会丢失任何内容。"))
        note.setStyleSheet("color: #555;")
        note.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(note)

    def _build_new(self) -> QGroupBox:
        box = QGroupBox(tr("新建项目"))
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(tr("项目名称"))
        self.name_edit.setPlaceholderText(tr("例如：某某区基层治理综合信息指挥中心建设项目"))
        self.name_edit.setToolTip(tr("输入项目名称后按回车，即用所选模板新建项目"))
        self.name_edit.returnPressed.connect(self._new_clicked)
        form.addRow(tr("项目名称："), self.name_edit)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("指标体系模板：")))
        self.template_model = QStandardItemModel(self)
        self.template_view = QListView()
        self.template_view.setObjectName("templateView")
        self.template_view.setAccessibleName(tr("指标体系模板"))
        self.template_view.setModel(self.template_model)
        self.template_view.setWordWrap(True)
        self.template_view.setSpacing(2)
        self.template_view.doubleClicked.connect(lambda _i: self._new_clicked())
        layout.addWidget(self.template_view, 1)
        self.new_button = QPushButton(tr("新建项目…"))
        self.new_button.setAccessibleName(tr("新建项目"))
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self._new_clicked)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.new_button)
        layout.addLayout(row)
        return box

    def _build_open(self) -> QGroupBox:
        box = QGroupBox(tr("打开项目"))
        layout = QVBoxLayout(box)
        layout.addWidget(QLabel(tr("最近打开：")))
        self.recent_model = QStandardItemModel(self)
        self.recent_view = QListView()
        self.recent_view.setObjectName("recentView")
        self.recent_view.setAccessibleName(tr("最近打开的项目"))
        self.recent_view.setModel(self.recent_model)
        self.recent_view.setSpacing(2)
        self.recent_view.activated.connect(self._recent_activated)
        self.recent_view.doubleClicked.connect(self._recent_activated)
        layout.addWidget(self.recent_view, 1)
        row = QHBoxLayout()
        open_button = QPushButton(tr("打开其他项目…"))
        open_button.setAccessibleName(tr("打开项目"))
        open_button.clicked.connect(self.open_requested)
        demo_button = QPushButton(tr("打开演示项目"))
        demo_button.setAccessibleName(tr("打开演示项目"))
        demo_button.setToolTip(tr("一个已评分的完整示例项目，可以随意修改"))
        demo_button.clicked.connect(self.demo_requested)
        row.addWidget(open_button)
        row.addWidget(demo_button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def _build_user(self, layout: QVBoxLayout) -> None:
        form = QFormLayout()
        self.user_edit = QLineEdit()
        self.user_edit.setAccessibleName(tr("您的姓名"))
        self.user_edit.setPlaceholderText(tr("记录为每项修改的修改人"))
        self.user_edit.setMaximumWidth(280)
        self.user_edit.editingFinished.connect(
            lambda: self.user_name_changed.emit(self.user_edit.text().strip()))
        form.addRow(tr("您的姓名："), self.user_edit)
        layout.addLayout(form)

    # ----- filling -----

    def set_templates(self, templates: list[tuple[str, str, str]], default_id: str) -> None:
        """Fill the template list and select the default one."""
        self.template_model.clear()
        for template_id, name, description in templates:
            item = QStandardItem(f"{name}\n{description}" if description else name)
            item.setData(template_id, TEMPLATE_ROLE)
            item.setToolTip(description or name)
            item.setEditable(False)
            self.template_model.appendRow(item)
            if template_id == default_id:
                self.template_view.setCurrentIndex(item.index())
        if not self.template_view.currentIndex().isValid() and self.template_model.rowCount():
            self.template_view.setCurrentIndex(self.template_model.index(0, 0))
        self.new_button.setEnabled(self.template_model.rowCount() > 0)

    def set_recent(self, paths: list[str]) -> None:
        """Fill the recent list (project name, with the file below)."""
        self.recent_model.clear()
        for text in paths:
            path = Path(text)
            name = project_name(path) if path.exists() else ""
            item = QStandardItem(f"{name}\n{path}" if name else f"{path.name}\n{path.parent}")
            item.setData(text, PATH_ROLE)
            item.setToolTip(text)
            item.setEditable(False)
            if not path.exists():
                item.setText(f"{path.name}\n" + tr("（文件已不存在）"))
                item.setEnabled(False)
            self.recent_model.appendRow(item)
        if not paths:
            item = QStandardItem(tr("还没有打开过项目"))
            item.setEnabled(False)
            item.setEditable(False)
            self.recent_model.appendRow(item)

    def set_user_name(self, name: str) -> None:
        """Show the user's name."""
        self.user_edit.setText(name)

    def selected_template(self) -> str | None:
        """The id of the selected template."""
        index = self.template_view.currentIndex()
        return index.data(TEMPLATE_ROLE) if index.isValid() else None

    def _new_clicked(self) -> None:
        template_id = self.selected_template()
        if template_id:
            self.new_requested.emit(template_id, self.name_edit.text().strip())

    def _recent_activated(self, index: QModelIndex) -> None:
        path = index.data(PATH_ROLE)
        if path:
            self.recent_chosen.emit(path)
