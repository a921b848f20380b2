"""The firm's phrases offered while typing: a completer list under the text cursor.

``PhraseCompleter`` watches a plain-text editor. When the words typed since the last
punctuation mark appear in one of the phrases for the current context (the indicator's name,
the problem's indicators), a list of those phrases opens; Enter or a click puts the chosen
phrase in place of the typed words. Ctrl+Space lists every phrase for the context. The phrases
come from the firm's library (``pfdesk.phrases``), read again only when its file changes.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QCompleter, QPlainTextEdit

from pfdesk import phrases
from pfdesk.phrases import PhraseBook

log = logging.getLogger(__name__)

MIN_TYPED = 2
POPUP_WIDTH = 480
ROW_MARGIN = 4
_BREAK = re.compile(r"[。；;，,！？!?\n]")
_KEYS_FOR_POPUP = (Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Escape, Qt.Key.Key_Tab,
                   Qt.Key.Key_Backtab)

_cache: dict[str, object] = {}


def current_book() -> PhraseBook:
    """The firm's phrase library, re-read when its file has changed since the last call."""
    path = phrases.firm_path()
    try:
        stamp: object = path.stat().st_mtime_ns if path.exists() else None
    except OSError:
        stamp = None
    key = (str(path), stamp)
    if _cache.get("key") != key:
        book, problem = phrases.firm_book()
        if problem:
            log.warning("%s", problem)
        _cache.update(key=key, book=book, problem=problem)
    return _cache["book"]  # type: ignore[return-value]


def book_problem() -> str:
    """Why the firm's file was not used at the last read ('' when it was, or there is none)."""
    current_book()
    return str(_cache.get("problem", ""))


def forget_book() -> None:
    """Read the library again at the next use (after the firm's file was saved)."""
    _cache.clear()


class PhraseCompleter(QObject):
    """Offers phrases in a list while the user types into ``editor``."""

    def __init__(self, editor: QPlainTextEdit, provider: Callable[[], list[str]]) -> None:
        super().__init__(editor)
        self.editor = editor
        self.provider = provider
        self.model = QStringListModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(editor)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.completer.setMaxVisibleItems(8)
        self.completer.activated.connect(self.insert)
        popup = self.completer.popup()
        popup.setAccessibleName(self.tr("常用语"))
        popup.setWordWrap(True)
        popup.installEventFilter(self)    # after the completer's own filter, so it runs first
        editor.textChanged.connect(self._typed)
        editor.installEventFilter(self)
        self._inserting = False
        self._replacing = ""

    def fragment(self) -> str:
        """The words typed since the last punctuation mark before the cursor."""
        cursor = self.editor.textCursor()
        before = self.editor.toPlainText()[: cursor.position()]
        return _BREAK.split(before)[-1].lstrip()

    def _typed(self) -> None:
        if self._inserting or not self.editor.hasFocus() or self.editor.isReadOnly():
            return
        typed = self.fragment()
        if len(typed) < MIN_TYPED:
            self.completer.popup().hide()
            return
        self.show_phrases(typed)

    def show_phrases(self, typed: str = "") -> bool:
        """Open the list of phrases containing ``typed`` (all of them for ''); False if none."""
        if self.editor.isReadOnly():
            return False
        items = [p for p in self.provider() if p != typed]
        if typed:
            items = [p for p in items if typed.lower() in p.lower()]
        if not items:
            self.completer.popup().hide()
            return False
        self.model.setStringList(items)
        self._replacing = typed
        self.completer.setCompletionPrefix(typed)
        rect = self.editor.cursorRect()
        rect.setWidth(max(POPUP_WIDTH, self.editor.viewport().width() - rect.left()))
        self.completer.complete(rect)
        self._fit_popup()
        self.completer.popup().setCurrentIndex(self.completer.completionModel().index(0, 0))
        return True

    def _fit_popup(self) -> None:
        """Room for every shown phrase's wrapped lines (the completer counts one line each)."""
        popup = self.completer.popup()
        model = self.completer.completionModel()
        rows = min(model.rowCount(), self.completer.maxVisibleItems())
        if rows <= 0:
            return
        width = popup.viewport().width() - 2 * ROW_MARGIN
        metrics = popup.fontMetrics()
        height = sum(metrics.boundingRect(QRect(0, 0, width, 100_000),
                                          Qt.TextFlag.TextWordWrap,
                                          str(model.index(r, 0).data())).height() + ROW_MARGIN
                     for r in range(rows))
        popup.resize(popup.width(), height + 2 * popup.frameWidth() + ROW_MARGIN)
        popup.doItemsLayout()

    def insert(self, phrase: str) -> None:
        """Put ``phrase`` in place of the typed words that opened the list (at the cursor when
        the list was asked for with Ctrl+Space)."""
        cursor = self.editor.textCursor()
        typed = self._replacing if self.fragment().endswith(self._replacing) else ""
        self._inserting = True
        try:
            if typed:
                cursor.movePosition(QTextCursor.MoveOperation.Left,
                                    QTextCursor.MoveMode.KeepAnchor, len(typed))
            cursor.insertText(phrase)
            self.editor.setTextCursor(cursor)
        finally:
            self._inserting = False
        self.completer.popup().hide()

    def _popup_key(self, event: QKeyEvent) -> bool:
        """Enter or Tab in the list takes the current phrase; Escape closes the list. (The
        completer would pass these keys to the editor first, which takes Enter as a new line.)"""
        popup = self.completer.popup()
        if event.key() == Qt.Key.Key_Escape:
            popup.hide()
            return True
        if event.key() in (Qt.Key.Key_Enter, Qt.Key.Key_Return, Qt.Key.Key_Tab):
            current = popup.currentIndex()
            popup.hide()
            if current.isValid():
                self.insert(str(current.data()))
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keys that belong to the open list go to it; Ctrl+Space opens the list."""
        if watched is self.completer.popup() and event.type() == QEvent.Type.KeyPress:
            return self._popup_key(event)  # type: ignore[arg-type]
        if watched is self.editor and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if self.completer.popup().isVisible() and key_event.key() in _KEYS_FOR_POPUP:
                event.ignore()
                return True
            if (key_event.key() == Qt.Key.Key_Space
                    and key_event.modifiers() & Qt.KeyboardModifier.ControlModifier):
                self.show_phrases("")
                return True
        return False
