"""The project's change log as a Qt table model (时间 / 修改人 / 设备 / 内容), newest first.

An adapter over ``pfdesk.changelog.history``: it holds at most the newest ``page_size`` entries
at first (``load_more`` reads the next page, the entries older than the last one held),
optionally only those touching some indicators (an indicator with everything under it) or made by
one person. After each stored edit only the new entries are read and put at the top, so a log of
10,000 entries costs little per edit; a model set inactive (its view hidden) only notes that it
is out of date and reads when shown.

An entry's field changes are worded by ``pfdesk.change_text.change_lines`` ("A11 得分：5.00 →
4.00"), as ``pfdesk history`` words them. Scoped to indicators, 内容 lists the changes of those
indicators (an edit of twenty indicators is worded about the one selected); for the whole project
it is the entry's summary.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QPainter, QPixmap

from pfdesk import changelog
from pfdesk.change_text import change_lines
from pfdesk.changelog import KIND_LABELS, HistoryItem
from pfdesk.edits import Change
from pfdesk.identity import local_time
from pfdesk.model import Indicator
from pfdesk.review import indicator_of

from ..session import ProjectSession
from .headed_table import HeadedTableModel

log = logging.getLogger(__name__)

COL_TIME, COL_USER, COL_DEVICE, COL_SUMMARY = range(4)
HEADERS = ("时间", "修改人", "设备", "内容")
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1      # the entry's id
LINES_ROLE = Qt.ItemDataRole.UserRole + 2      # the field changes in words (list of str)
PAGE_SIZE = 500
_PEEK = 16                  # entries read after an edit to find the new ones
_TOOLTIP_LINES = 15
HIGHLIGHT = QColor("#fdecea")
DAMAGED = QColor("#8a8a8a")
ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("HistoryModel", text)


# ----- words -----

def short_time(stamp: str) -> str:
    """A log time in local time without the year: ``12-02 21:20:01`` (as stored if unreadable)."""
    return local_time(stamp, "%m-%d %H:%M:%S")


def full_time(stamp: str) -> str:
    """A log time in local time with the date: ``2026-12-02 21:20:01``."""
    return local_time(stamp)


def minute_time(stamp: str) -> str:
    """A log time to the minute, for sign-off lines: ``12-02 21:20``."""
    return local_time(stamp, "%m-%d %H:%M")


def sign_off_line(ind: Indicator) -> str:
    """``编制：张三 12-02 21:20 ／ 复核：李四 12-02 21:30`` (未签字 for a missing one)."""
    prepared = f"{ind.prepared_by} {minute_time(ind.prepared_at)}".strip() \
        if ind.prepared_by else tr("未签字")
    reviewed = f"{ind.reviewed_by} {minute_time(ind.reviewed_at)}".strip() \
        if ind.reviewed_by else tr("未签字")
    return tr("编制：%s ／ 复核：%s") % (prepared, reviewed)


_MARKER: list[QPixmap] = []


def after_review_marker() -> QPixmap:
    """A red dot marking what changed after a review (seen on a selected row too)."""
    if not _MARKER:
        marker = QPixmap(10, 10)
        marker.fill(Qt.GlobalColor.transparent)
        painter = QPainter(marker)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#c0392b"))
        painter.drawEllipse(1, 1, 8, 8)
        painter.end()
        _MARKER.append(marker)
    return _MARKER[0]


# ----- the model -----

class HistoryModel(HeadedTableModel):
    """Change-log entries newest first; ``scope`` None means the whole project."""

    HEADERS = HEADERS
    TR_CONTEXT = "HistoryModel"

    loaded = Signal()       # the rows were read again (a filter, a scope, an edit, a page)

    def __init__(self, session: ProjectSession, parent: QObject | None = None,
                 page_size: int = PAGE_SIZE, whole_project: bool = True) -> None:
        super().__init__(parent)
        self.session = session
        self.page_size = page_size
        self.scope: str | None = None          # an indicator id (with its branch)
        self.whole_project = whole_project
        self.user: str | None = None
        self.more = False                      # older entries exist beyond those held
        self.active = True                     # False: a stored edit only marks it stale
        self._stale = False
        self._items: list[HistoryItem] = []
        self._lines: list[list[str] | None] = []
        self._codes: dict[str, str] = {}
        self._highlight: set[str] = set()
        session.changed.connect(self._on_changed)
        self.reload()

    # ----- what is shown -----

    def set_scope(self, indicator_id: str | None) -> None:
        """Show the entries of one indicator and its branch (None: nothing, or the project)."""
        self.scope = indicator_id
        self.reload()

    def set_active(self, active: bool) -> None:
        """Follow edits as they are stored (True), or only note them until shown (False)."""
        self.active = active
        if active and self._stale:
            self.reload(len(self._items))

    def set_user(self, user: str | None) -> None:
        """Show one person's entries only (None: everyone's)."""
        self.user = user or None
        self.reload()

    def set_highlighted(self, entry_ids: Iterable[str]) -> None:
        """Mark entries (those after an indicator's review) with a red background."""
        wanted = set(entry_ids)
        if wanted != self._highlight:
            self._highlight = wanted
            if self._items:
                self.dataChanged.emit(self.index(0, 0),
                                      self.index(len(self._items) - 1, len(HEADERS) - 1),
                                      [Qt.ItemDataRole.BackgroundRole,
                                       Qt.ItemDataRole.DecorationRole,
                                       Qt.ItemDataRole.ToolTipRole])

    def item_at(self, row: int) -> HistoryItem | None:
        """The entry of a row."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def lines_at(self, row: int) -> list[str]:
        """The field changes of a row in words (worked out when first asked)."""
        if not 0 <= row < len(self._items):
            return []
        lines = self._lines[row]
        if lines is None:
            lines = change_lines(self._items[row].changes, self._codes)
            self._lines[row] = lines
        return lines

    # ----- reading the log -----

    def _ids(self) -> list[str] | None:
        """The indicators in scope ([] none, None every entry of the project)."""
        if self.scope is None:
            return None if self.whole_project else []
        project = self.session.project
        if self.scope not in project.indicators():
            return []
        return [self.scope, *(i.id for i in project.walk(self.scope))]

    def _query(self, limit: int, before_seq: int | None = None) -> list[HistoryItem]:
        ids = self._ids()
        if ids == []:
            return []
        try:
            return changelog.history(self.session.project.conn, indicator_ids=ids or (),
                                     user=self.user, limit=limit, before_seq=before_seq)
        except sqlite3.Error:      # the project was closed under an open view
            log.exception("cannot read the change log")
            return []

    def reload(self, count: int | None = None) -> None:
        """Read the newest ``count`` entries again (at least a page)."""
        count = max(count or 0, self.page_size)
        self._stale = False
        items = self._query(count + 1)
        self.beginResetModel()
        self.more = len(items) > count
        self._set_items(items[:count])
        self.endResetModel()
        self.loaded.emit()

    def load_more(self) -> None:
        """Add the next page of older entries at the bottom (only that page is read)."""
        if not self.more or not self._items:
            return
        held = len(self._items)
        older = self._query(self.page_size + 1, before_seq=self._items[-1].entry.seq)
        tail = older[:self.page_size]
        if tail:
            self.beginInsertRows(QModelIndex(), held, held + len(tail) - 1)
            self._items.extend(tail)
            self._lines.extend([None] * len(tail))
            self.endInsertRows()
        self.more = len(older) > self.page_size
        self.loaded.emit()

    def _set_items(self, items: list[HistoryItem]) -> None:
        self._items = items
        self._lines = [None] * len(items)
        self._codes = {i.id: i.code for i in self.session.project.indicators().values()}

    def _touches(self, change: Change) -> bool:
        ids = self._ids()
        if ids is None:
            return True
        wanted = set(ids)
        return any(indicator_of(rc) in wanted for rc in change.rows)

    def _on_changed(self, change: Change) -> None:
        """Put the entries a stored edit wrote at the top (a full read when many are new)."""
        entry = change.entry
        if entry is None or (self.user and entry.user != self.user) or not self._touches(change):
            return
        if not self.active:
            self._stale = True
            return
        top = self._items[0].entry.seq if self._items else 0
        peek = self._query(_PEEK)
        new = [item for item in peek if item.entry.seq > top]
        if len(new) == _PEEK:       # more new entries than peeked at: read them all again
            self.reload(len(self._items) + _PEEK)
            return
        if not new:
            return
        self._codes = {i.id: i.code for i in self.session.project.indicators().values()}
        self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
        self._items[0:0] = new
        self._lines[0:0] = [None] * len(new)
        self.endInsertRows()
        self.loaded.emit()

    # ----- the Qt model -----

    def row_total(self) -> int:
        """How many rows are held."""
        return len(self._items)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Texts, the full time and the field changes as tooltips, the highlight."""
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        entry, col = item.entry, index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), col)
        if role == ENTRY_ROLE:
            return entry.id
        if role == LINES_ROLE:
            return self.lines_at(index.row())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, index.row(), col)
        if role == Qt.ItemDataRole.BackgroundRole and entry.id in self._highlight:
            return QBrush(HIGHLIGHT)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_TIME \
                and entry.id in self._highlight:
            return after_review_marker()
        if role == Qt.ItemDataRole.ForegroundRole and item.damaged:
            return QBrush(DAMAGED)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{tr(HEADERS[col])} {self._text(index.row(), col)}"
        return None

    def _text(self, row: int, col: int) -> str:
        item = self._items[row]
        entry = item.entry
        if col == COL_TIME:
            return short_time(entry.time)
        if col == COL_USER:
            return entry.user
        if col == COL_DEVICE:
            return entry.device
        if item.damaged:
            return " ".join(entry.summary.split()) + tr("（明细已损坏，无法读取）")
        return self._content(row)

    def _content(self, row: int) -> str:
        """内容: the summary, or scoped to indicators, what the entry changed in them."""
        entry = self._items[row].entry
        lines = self.lines_at(row) if self.scope is not None else []
        if not lines:
            return " ".join(entry.summary.split())
        text = "；".join(lines)
        if entry.kind != "edit":            # 撤销, 重做, 合并, 导入 …: say so first
            text = tr("%s：%s") % (tr(KIND_LABELS.get(entry.kind, entry.kind)), text)
        return text

    def _tooltip(self, item: HistoryItem, row: int, col: int) -> str | None:
        if col == COL_TIME:
            after = tr("\n复核之后的修改") if item.entry.id in self._highlight else ""
            return full_time(item.entry.time) + after
        if col != COL_SUMMARY:
            return None
        if item.damaged:
            return tr("这条记录的明细已损坏，无法显示修改前后的值，也不能撤销。")
        lines = self.lines_at(row)
        shown = lines[:_TOOLTIP_LINES]
        if len(lines) > _TOOLTIP_LINES:
            shown.append(tr("……另有 %d 处修改") % (len(lines) - _TOOLTIP_LINES))
        return "\n".join(shown) or None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, never edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
