"""常用语库: the firm's sentences per indicator name, edited, imported and exported.

The dialog edits a copy of the library (``pfdesk.phrases``): a list of indicator names on the
left, and for the chosen name its problems, causes and suggestions, one sentence per line.
保存 checks the whole library with the same rules as an imported file and writes the firm's
file; 取消 leaves it as it was. An import adds the file's sentences to the ones shown (nothing
is removed); a file that is not a phrase library is refused with the reason.
"""

from __future__ import annotations

import copy
import logging

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, QStringListModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pfdesk import phrases
from pfdesk.errors import PfdeskError
from pfdesk.phrases import KINDS, PhraseBook, PhraseEntry

from . import dialogs, draft_dialogs
from .phrase_popup import forget_book

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """Translate a text of this dialog."""
    return QCoreApplication.translate("PhrasesDialog", text)


def _lines(text: str) -> list[str]:
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line and line not in out:
            out.append(line)
    return out


class PhrasesDialog(QDialog):
    """Edit the firm's phrase library."""

    def __init__(self, book: PhraseBook, parent: QWidget | None = None,
                 problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("常用语库"))
        self.book = copy.deepcopy(book)
        self._row = -1
        self._build()
        self.problem.setText(problem + tr("。保存后将用这里显示的内容替换该文件。") if problem else "")
        self.problem.setVisible(bool(problem))
        self.resize(820, 520)
        if self.book.entries:
            self.names.setCurrentIndex(self.name_model.index(0, 0))
        self._load(self.names.currentIndex().row())

    # ----- building -----

    def _build(self) -> None:
        hint = QLabel(tr("按指标名称保存本所常用的问题、原因和建议表述，一行一句。填写评价发现和指标分析时，"
                         "输入两个字以上会提示相关的句子，按 Ctrl+空格 列出全部。"), self)
        hint.setWordWrap(True)
        splitter = QSplitter(self)
        splitter.addWidget(self._build_names())
        self.tabs = QTabWidget(self)
        self.texts: dict[str, QPlainTextEdit] = {}
        for kind, title in KINDS.items():
            edit = QPlainTextEdit(self)
            edit.setAccessibleName(tr(title))
            edit.setPlaceholderText(tr("一行写一句"))
            self.texts[kind] = edit
            self.tabs.addTab(edit, tr(title))
        splitter.addWidget(self.tabs)
        splitter.setSizes([240, 560])
        self.problem = QLabel(self)
        self.problem.setObjectName("phraseFileProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(splitter, 1)
        layout.addLayout(self._build_buttons())

    def _build_names(self) -> QWidget:
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.name_model = QStringListModel(self.book.names(), self)
        self.names = QListView(box)
        self.names.setModel(self.name_model)
        self.names.setAccessibleName(tr("指标名称"))
        self.names.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.names.selectionModel().currentChanged.connect(self._current_changed)
        self.name_model.dataChanged.connect(self._renamed)
        row = QHBoxLayout()
        self.add_button = QPushButton(tr("添加指标"), box)
        self.remove_button = QPushButton(tr("删除指标"), box)
        self.add_button.clicked.connect(self.add_entry)
        self.remove_button.clicked.connect(self.remove_entry)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addWidget(self.names, 1)
        layout.addLayout(row)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.import_button = QPushButton(tr("导入…"), self)
        self.export_button = QPushButton(tr("导出…"), self)
        self.default_button = QPushButton(tr("恢复程序自带"), self)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.default_button.clicked.connect(self.restore_default)
        for button in (self.import_button, self.export_button, self.default_button):
            row.addWidget(button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(tr("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        return row

    # ----- the chosen entry -----

    def _store(self) -> None:
        """Put the texts shown back into the entry they belong to."""
        if 0 <= self._row < len(self.book.entries):
            entry = self.book.entries[self._row]
            for kind, edit in self.texts.items():
                setattr(entry, kind, _lines(edit.toPlainText()))

    def _load(self, row: int) -> None:
        self._row = row
        entry = self.book.entries[row] if 0 <= row < len(self.book.entries) else None
        for kind, edit in self.texts.items():
            edit.setPlainText("\n".join(entry.of(kind)) if entry else "")
            edit.setEnabled(entry is not None)
        self.remove_button.setEnabled(entry is not None)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._store()
        self._load(current.row() if current.isValid() else -1)

    def _renamed(self, top: QModelIndex, _bottom: QModelIndex, *_args: object) -> None:
        row = top.row()
        if not 0 <= row < len(self.book.entries):
            return
        entry = self.book.entries[row]
        name = " ".join(str(top.data() or "").split())
        other = self.book.get(name)
        if not name or (other is not None and other is not entry):
            why = tr("指标名称不能为空") if not name else tr("已有名为“%s”的指标") % name
            dialogs.show_error(self, tr("常用语库"), why)
            self.name_model.setData(top, entry.name)
            return
        if name != top.data():
            self.name_model.setData(top, name)
        entry.name = name

    def _refill(self, select: int = 0) -> None:
        self._row = -1
        self.name_model.setStringList(self.book.names())
        if self.book.entries:
            index = self.name_model.index(max(0, min(select, len(self.book.entries) - 1)), 0)
            self.names.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self._load(self.names.currentIndex().row() if self.book.entries else -1)

    # ----- actions -----

    def select_name(self, name: str) -> bool:
        """Show the entry of an indicator name; False when there is none."""
        entry = self.book.get(name)
        if entry is None:
            return False
        self.names.setCurrentIndex(self.name_model.index(self.book.entries.index(entry), 0))
        return True

    def add_entry(self) -> None:
        """Add an indicator name and start typing it."""
        self._store()
        name, n = tr("新指标"), 1
        while self.book.get(name) is not None:
            n += 1
            name = tr("新指标") + str(n)
        self.book.entries.append(PhraseEntry(name))
        self._refill(len(self.book.entries) - 1)
        self.names.edit(self.names.currentIndex())

    def remove_entry(self) -> None:
        """Remove the chosen indicator name and its sentences."""
        row = self.names.currentIndex().row()
        if 0 <= row < len(self.book.entries):
            del self.book.entries[row]
            self._refill(row)

    def import_file(self) -> None:
        """Add the sentences of a phrase file to those shown."""
        path = draft_dialogs.ask_phrase_import(self)
        if not path:
            return
        try:
            incoming = phrases.read_file(path)
        except PfdeskError as exc:
            dialogs.show_error(self, tr("导入常用语"),
                               tr("%s。\n请选择由 pfdesk 导出的常用语文件（.json）。") % exc)
            return
        self._store()
        self.book, added = self.book.merged(incoming)
        self._refill(self._row if self._row >= 0 else 0)
        dialogs.show_info(self, tr("导入常用语"), tr(
            "已导入 %d 句新的常用语，原有的常用语保留不变。点“保存”后生效。") % added)

    def export_file(self) -> None:
        """Write the library as shown to a file of the user's choice."""
        self._store()
        path = draft_dialogs.ask_phrase_export(self, tr("常用语库.json"))
        if not path:
            return
        try:
            phrases.write_file(self.book, path)
        except PfdeskError as exc:
            dialogs.show_error(self, tr("导出常用语"), str(exc))
            return
        dialogs.show_info(self, tr("导出常用语"), tr("常用语库已导出到 %s。") % path)

    def restore_default(self) -> None:
        """Replace what is shown by the program's own set (after asking)."""
        if not dialogs.confirm(self, tr("恢复程序自带"), tr(
                "用程序自带的常用语替换当前显示的全部内容吗？点“保存”前仍可取消。")):
            return
        self.book = phrases.default_book()
        self._refill(0)

    def checked_book(self) -> PhraseBook:
        """The library as shown, checked like a file from outside (ValueError says why)."""
        self._store()
        return phrases.parse(self.book.to_json())

    def save(self) -> None:
        """Check and store the library as the firm's file, then close."""
        try:
            book = self.checked_book()
            phrases.save_firm(book)
        except (ValueError, PfdeskError) as exc:
            dialogs.show_error(self, tr("常用语库"), tr("常用语库未保存：%s") % exc)
            return
        forget_book()
        self.book = book
        self.accept()


def edit_phrases(parent: QWidget | None, name: str = "") -> bool:
    """Open the phrase library (showing ``name`` when it has an entry); True when saved."""
    from .phrase_popup import book_problem, current_book

    dialog = PhrasesDialog(current_book(), parent, book_problem())
    if name:
        dialog.select_name(name)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()
