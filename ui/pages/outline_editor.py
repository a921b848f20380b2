"""The report-outline editor (导出报告 → 编辑提纲…): sections on/off, headings, order, wording.

A tree of the outline's sections, each with a checkbox (printed or not) and its heading; the
heading is edited in place (F2 or double-click) or in the 标题 field below. 上移 / 下移 (and
Ctrl+Up / Ctrl+Down) move the chosen section among its siblings. The 编号预览 list beside it
numbers the sections that are on as the report will (一、（一）1.) and follows every change.
The title pattern and the preface are plain fields with the project's fields in braces.
另存为文件… writes the outline as a .json to reuse in other projects or with
``pfdesk export --outline``; 从文件导入… reads one (checked; a file that does not read is
refused with what is wrong, and nothing changes). 确定 checks the whole outline and hands it to
the page, which stores it as one undo step (``pfdesk.commands.set_outline``).

``OutlineBox`` is the 报告提纲 group of the 导出报告 page: 国家通用 / 精简五部分 / 部门整体 (the
brief layout: its national and department variants) or the project's own, and 编辑提纲….
Picking one stores it in the project (one undo step); the export reads it from the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pfdesk import commands
from pfdesk.reports import outline
from pfdesk.reports.outline import Outline, OutlineError, Section

from .. import dialogs
from ..session import ProjectSession

log = logging.getLogger(__name__)

KEY_ROLE = Qt.ItemDataRole.UserRole


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("OutlineEditor", text)


class OutlineEditor(QDialog):
    """Edits a copy of an outline; ``value()`` is the edited outline after 确定."""

    def __init__(self, start: Outline, parent: QWidget | None = None,
                 folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("编辑报告提纲"))
        self.setObjectName("outlineEditor")
        self.layout_key = start.layout
        self.folder = folder
        self._result: Outline | None = None
        self._filling = False
        self._showing = False
        self._name = start.name
        self._empty = start.empty
        self._build()
        self.load(start)

    # ----- building -----

    def _build(self) -> None:
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("outlineTree")
        self.tree.setHeaderLabels([tr("章节（勾选的印在报告中）"), tr("内容")])
        self.tree.setAccessibleName(tr("报告章节"))
        self.tree.setColumnWidth(0, 300)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.currentItemChanged.connect(lambda *_: self._current_changed())
        self.preview = QListWidget(self)
        self.preview.setObjectName("outlinePreview")
        self.preview.setAccessibleName(tr("编号预览"))
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.heading_edit = QLineEdit(self)
        self.heading_edit.setObjectName("headingEdit")
        self.heading_edit.setAccessibleName(tr("章节标题"))
        self.heading_edit.setPlaceholderText(tr("标题不写编号，编号按顺序自动生成"))
        self.heading_edit.textChanged.connect(self._heading_edited)
        self.up_button = QPushButton(tr("上移"), self)
        self.up_button.setObjectName("moveUp")
        self.up_button.setToolTip(tr("上移（Ctrl+↑）"))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(tr("下移"), self)
        self.down_button.setObjectName("moveDown")
        self.down_button.setToolTip(tr("下移（Ctrl+↓）"))
        self.down_button.clicked.connect(lambda: self.move(1))
        # Ctrl+Up / Ctrl+Down move the chosen section, from the tree or the 标题 field
        self.tree.installEventFilter(self)
        self.heading_edit.installEventFilter(self)
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("titlePattern")
        self.title_edit.setAccessibleName(tr("报告标题"))
        self.title_edit.textEdited.connect(lambda _t: self._update_preview())
        self.cover_edit = QLineEdit(self)
        self.cover_edit.setObjectName("coverPattern")
        self.cover_edit.setAccessibleName(tr("封面标题"))
        self.preface_edit = QLineEdit(self)
        self.preface_edit.setObjectName("prefacePattern")
        self.preface_edit.setAccessibleName(tr("前言"))
        self.message = QLabel(self)
        self.message.setObjectName("outlineMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        save = QPushButton(tr("另存为文件…"), self)
        save.setObjectName("saveOutline")
        save.clicked.connect(self.save_file)
        load = QPushButton(tr("从文件导入…"), self)
        load.setObjectName("importOutline")
        load.clicked.connect(self.import_file)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        moves = QHBoxLayout()
        moves.addWidget(QLabel(tr("标题："), self))
        moves.addWidget(self.heading_edit, 1)
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        left = QVBoxLayout()
        left.addWidget(self.tree, 1)
        left.addLayout(moves)
        right = QVBoxLayout()
        right.addWidget(QLabel(tr("编号预览"), self))
        right.addWidget(self.preview, 1)
        grid = QGridLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        form = QFormLayout()
        form.addRow(tr("报告标题："), self.title_edit)
        form.addRow(tr("封面标题："), self.cover_edit)
        form.addRow(tr("前言："), self.preface_edit)
        fields = "、".join("{" + f + "}" for f in outline.FIELDS)
        hint = QLabel(tr("可用的项目字段：%s；地区等固定文字直接写入，如“上城区{单位}{项目}绩效评价报告”。")
                      % fields, self)
        hint.setWordWrap(True)
        form.addRow("", hint)
        files = QHBoxLayout()
        files.addWidget(save)
        files.addWidget(load)
        files.addStretch(1)
        files.addWidget(self.buttons)
        box = QVBoxLayout(self)
        box.addLayout(grid, 1)
        box.addLayout(form)
        box.addWidget(self.message)
        box.addLayout(files)
        self.resize(900, 640)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Up / Ctrl+Down in the tree or the 标题 field move the chosen section."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier \
                and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move(-1 if event.key() == Qt.Key.Key_Up else 1)
            return True
        return super().eventFilter(watched, event)

    # ----- the outline in the widgets -----

    def load(self, value: Outline) -> None:
        """Show ``value`` (replacing what is shown)."""
        self._filling = True
        try:
            self.layout_key = value.layout
            self._name, self._empty = value.name, value.empty
            self.tree.clear()
            for section in value.sections:
                self.tree.addTopLevelItem(self._item(section))
            self.tree.expandAll()
            self.title_edit.setText(value.title)
            self.cover_edit.setText(value.cover_title)
            self.preface_edit.setText(value.preface)
            for edit in (self.title_edit, self.cover_edit, self.preface_edit):
                edit.setCursorPosition(0)
            self.cover_edit.setEnabled(value.layout == "full")
            self.preface_edit.setEnabled(value.layout == "full")
        finally:
            self._filling = False
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._update_preview()

    def _item(self, section: Section) -> QTreeWidgetItem:
        item = QTreeWidgetItem([section.heading, outline.KEYS[self.layout_key][section.key][0]])
        item.setData(0, KEY_ROLE, section.key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable
                      | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked if section.on else Qt.CheckState.Unchecked)
        for child in section.sections:
            item.addChild(self._item(child))
        return item

    def _section(self, item: QTreeWidgetItem) -> Section:
        return Section(str(item.data(0, KEY_ROLE)), item.text(0).strip(),
                       item.checkState(0) == Qt.CheckState.Checked,
                       tuple(self._section(item.child(i)) for i in range(item.childCount())))

    def current_outline(self) -> Outline:
        """The outline as shown, not checked."""
        sections = tuple(self._section(self.tree.topLevelItem(i))
                         for i in range(self.tree.topLevelItemCount()))
        return Outline(self._name, self.layout_key, self.title_edit.text().strip(), sections,
                       self.cover_edit.text().strip(), self.preface_edit.text().strip(),
                       self._empty)

    def preview_lines(self) -> list[str]:
        """The numbered headings of the sections that are on, indented by level."""
        return [self.preview.item(i).text() for i in range(self.preview.count())]

    def _update_preview(self) -> None:
        self.preview.clear()
        for level, heading, _section in outline.preview(self.current_outline()):
            self.preview.addItem("　" * (level - 1) + heading)

    # ----- editing -----

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._filling or column != 0:
            return
        if item is self.tree.currentItem() and self.heading_edit.text() != item.text(0):
            self.heading_edit.setText(item.text(0))
        self._changed()

    def _current_changed(self) -> None:
        item = self.tree.currentItem()
        self.heading_edit.setEnabled(item is not None)
        self._showing = True
        try:
            self.heading_edit.setText(item.text(0) if item is not None else "")
        finally:
            self._showing = False
        self._update_moves()

    def _heading_edited(self, text: str) -> None:
        item = self.tree.currentItem()
        if item is not None and not self._showing and item.text(0) != text:
            item.setText(0, text)

    def _changed(self) -> None:
        self._name = tr("本项目提纲")
        self.message.clear()
        self._update_preview()

    def _siblings(self, item: QTreeWidgetItem) -> tuple[QTreeWidgetItem | None, int, int]:
        parent = item.parent()
        if parent is None:
            return None, self.tree.indexOfTopLevelItem(item), self.tree.topLevelItemCount()
        return parent, parent.indexOfChild(item), parent.childCount()

    def _update_moves(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            self.up_button.setEnabled(False)
            self.down_button.setEnabled(False)
            return
        _parent, index, count = self._siblings(item)
        self.up_button.setEnabled(index > 0)
        self.down_button.setEnabled(index < count - 1)

    def move(self, step: int) -> bool:
        """Move the chosen section up (-1) or down (1) among its siblings; False at an end."""
        item = self.tree.currentItem()
        if item is None:
            return False
        parent, index, count = self._siblings(item)
        target = index + step
        if not 0 <= target < count:
            return False
        expanded = [item.child(i).isExpanded() for i in range(item.childCount())]
        self._filling = True
        try:
            if parent is None:
                self.tree.takeTopLevelItem(index)
                self.tree.insertTopLevelItem(target, item)
            else:
                parent.takeChild(index)
                parent.insertChild(target, item)
        finally:
            self._filling = False
        item.setExpanded(True)
        for i, was in enumerate(expanded):
            item.child(i).setExpanded(was)
        self.tree.setCurrentItem(item)
        self._changed()
        self._update_moves()
        return True

    # ----- files -----

    def save_file(self) -> bool:
        """另存为文件…: the outline as shown, checked, as a .json file."""
        try:
            value = outline.with_sections(self.current_outline(),
                                          self.current_outline().sections)
        except OutlineError as exc:
            self.message.setText(str(exc))
            return False
        path = ask_save_outline(self, str(Path(self.folder) / f"{value.name}.json"))
        if not path:
            return False
        try:
            outline.write_file(value, path)
        except OSError as exc:
            dialogs.show_error(self, tr("保存提纲"), tr("提纲没有保存：%s") % (exc.strerror or exc))
            return False
        self.folder = str(Path(path).parent)
        return True

    def import_file(self) -> bool:
        """从文件导入…: an outline file replaces what is shown; a bad file changes nothing."""
        path = ask_open_outline(self, self.folder)
        if not path:
            return False
        try:
            value = outline.read_file(path)
        except OutlineError as exc:
            dialogs.show_error(self, tr("导入提纲"), tr("这个文件不能作为报告提纲导入：%s") % exc)
            return False
        if value.layout != self.layout_key:
            dialogs.show_error(self, tr("导入提纲"),
                               tr("这个提纲是另一种报告格式的，不能用于当前的报告格式。"))
            return False
        self.folder = str(Path(path).parent)
        self.load(value)
        return True

    # ----- closing -----

    def accept(self) -> None:
        """确定: check the whole outline; a problem is shown and the editor stays open."""
        value = self.current_outline()
        empty = [s for s in outline.walk(value.sections) if not s.heading]
        if empty:
            self.message.setText(tr("有章节的标题为空，请填写。"))
            return
        try:
            outline.check(value)
            if not value.title:
                raise OutlineError("报告标题不能为空")
            value = outline.from_dict(outline.to_dict(value))
        except OutlineError as exc:
            self.message.setText(str(exc))
            return
        self._result = value
        super().accept()

    def value(self) -> Outline | None:
        """The checked outline after 确定 (None before)."""
        return self._result


def ask_save_outline(parent: QWidget | None, suggested: str) -> str | None:
    """Where to save an outline file (None: cancelled)."""
    path, _ = QFileDialog.getSaveFileName(parent, tr("另存报告提纲"), suggested,
                                          tr("报告提纲 (*.json)"))
    if path and not path.lower().endswith(".json"):
        path += ".json"
    return path or None


def ask_open_outline(parent: QWidget | None, folder: str = "") -> str | None:
    """Which outline file to import (None: cancelled)."""
    path, _ = QFileDialog.getOpenFileName(parent, tr("导入报告提纲"), folder,
                                          tr("报告提纲 (*.json)"))
    return path or None


def edit_outline(parent: QWidget | None, start: Outline, folder: str = "") -> Outline | None:
    """Run the editor; the edited outline after 确定, None when cancelled."""
    editor = OutlineEditor(start, parent, folder)
    if editor.exec() != QDialog.DialogCode.Accepted:
        return None
    return editor.value()


# The outlines offered for each layout (the shipped ones by id); the project's own is added
# when it holds one that is none of these.
CHOICES = {"full": ("national", "condensed", "department"),
           "brief": ("brief", "department_brief")}
OWN = "own"


class OutlineBox(QGroupBox):
    """报告提纲 on the 导出报告 page: which outline the chosen layout follows, and 编辑提纲…."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(tr("报告提纲"), parent)
        self.setObjectName("outlineBox")
        self.session = session
        self.layout_key = "full"
        self.folder = ""
        self._filling = False
        self.combo = QComboBox(self)
        self.combo.setObjectName("outlineChoice")
        self.combo.setAccessibleName(tr("报告提纲"))
        self.combo.activated.connect(self._chosen)
        self.edit_button = QPushButton(tr("编辑提纲…"), self)
        self.edit_button.setObjectName("editOutline")
        self.edit_button.clicked.connect(self.edit)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        grid = QGridLayout(self)
        grid.addWidget(self.combo, 0, 0)
        grid.addWidget(self.edit_button, 0, 1)
        grid.addWidget(self.note, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        self.show_state()

    def set_layout(self, key: str) -> None:
        """Follow the page's layout choice."""
        self.layout_key = key
        self.show_state()

    def current(self) -> Outline | None:
        """The outline the chosen layout follows for this project (None: not outlined)."""
        if self.layout_key not in CHOICES:
            return None
        return outline.for_layout(self.session.project.info, self.layout_key)

    def show_state(self) -> None:
        """The choices for the layout, the one in use selected."""
        self._filling = True
        try:
            self.combo.clear()
            now = self.current()
            outlined = now is not None
            self.combo.setEnabled(outlined and not self.session.read_only)
            self.edit_button.setEnabled(outlined and not self.session.read_only)
            if now is None:
                self.note.setText(tr("此报告格式是固定的表格，不分章节。"))
                return
            shipped = outline.shipped()
            for ident in CHOICES[self.layout_key]:
                self.combo.addItem(tr(outline.SHIPPED_NAMES[ident]), ident)
            match = next((i for i in CHOICES[self.layout_key] if shipped[i] == now), None)
            if match is None:
                own = tr("本项目提纲")
                self.combo.addItem(own if now.name == own else f"{own}：{now.name}", OWN)
                self.combo.setCurrentIndex(self.combo.count() - 1)
            else:
                self.combo.setCurrentIndex(CHOICES[self.layout_key].index(match))
            heads = [h for level, h, _s in outline.preview(now) if level == 1]
            self.note.setText("　".join(heads))
        finally:
            self._filling = False

    def _store(self, value: Outline) -> bool:
        info = self.session.project.info
        chosen = None if value == outline.default(self.layout_key, info) else value
        return self.session.push(commands.set_outline(self.session.project, self.layout_key,
                                                      chosen))

    def _chosen(self, index: int) -> None:
        ident = self.combo.itemData(index)
        if self._filling or ident == OWN or ident is None:
            return
        value = outline.shipped()[str(ident)]
        if value != self.current():
            self._store(value)
        self.show_state()

    def choose(self, ident: str) -> None:
        """Pick a shipped outline by id as the combo box does."""
        index = self.combo.findData(ident)
        self.combo.setCurrentIndex(index)
        self._chosen(index)

    def edit(self) -> bool:
        """编辑提纲…: the editor on the outline in use; 确定 stores it as one undo step."""
        now = self.current()
        if now is None:
            return False
        edited = edit_outline(self.window(), now, self.folder)
        if edited is None or edited == now:
            return False
        ok = self._store(edited)
        self.show_state()
        return ok
