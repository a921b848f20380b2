"""查找 (Ctrl+F): a dock with a search box and the places found, over ``pfdesk.search``.

Typing searches after a short pause; the list shows each place in two lines (where, and the
text around the match). Enter in the box goes to the selected (else the first) place, Down moves
into the list, Enter or a double-click on a place goes there; Esc hides the panel. The window
does the going (``hit_chosen`` → ``Workspace.reveal``).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import search
from pfdesk.project import Project

log = logging.getLogger(__name__)

DEBOUNCE_MS = 200
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("FindPanel", text)


class FindResultsModel(QAbstractListModel):
    """The places found, one row each: where on the first line, the text on the second."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hits: list[search.Hit] = []

    def set_hits(self, hits: list[search.Hit]) -> None:
        """Show a new list of places."""
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per place (none under a row)."""
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The place in two lines, its tooltip, and the hit itself under ``HIT_ROLE``."""
        if not index.isValid() or not 0 <= index.row() < len(self.hits):
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if hit.field in ("code", "name"):
                return tr("指标：%s") % hit.place
            return f"{hit.place}\n{hit.snippet}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit.place}：{hit.snippet}"
        if role == HIT_ROLE:
            return hit
        return None


class FindPanel(QDockWidget):
    """The 查找 dock; ``hit_chosen`` asks the window to show a place."""

    hit_chosen = Signal(object)   # pfdesk.search.Hit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr("查找"), parent)
        self.setObjectName("findDock")
        self.setAccessibleName(tr("查找面板"))
        self.project: Project | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.run)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(6, 6, 6, 6)
        self.box = QLineEdit(body)
        self.box.setObjectName("findBox")
        self.box.setAccessibleName(tr("查找内容"))
        self.box.setPlaceholderText(tr("指标编码、名称或任何文字"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.box.returnPressed.connect(self._box_entered)
        self.box.installEventFilter(self)
        self.count = QLabel(body)
        self.count.setObjectName("findCount")
        self.count.setWordWrap(True)
        self.count.setStyleSheet("color: #555;")
        self.model = FindResultsModel(self)
        self.results = QListView(body)
        self.results.setObjectName("findResults")
        self.results.setAccessibleName(tr("查找结果"))
        self.results.setModel(self.model)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.activated.connect(self._go)
        self.results.doubleClicked.connect(self._go)
        self.results.installEventFilter(self)
        self.results.setMinimumHeight(self.results.fontMetrics().lineSpacing() * 6)
        layout.addWidget(self.box)
        layout.addWidget(self.count)
        layout.addWidget(self.results, 1)
        self.setWidget(body)

    # ----- the project -----

    def set_project(self, project: Project | None) -> None:
        """Search this project from now on (None: nothing to search)."""
        self.project = project
        self.model.set_hits([])
        self.count.setText("")
        if project is None:
            self.hide()
        elif self.box.text().strip():
            self.run()

    def start(self) -> None:
        """Show the panel with the search box focused and its text selected (Ctrl+F)."""
        self.show()
        self.raise_()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    # ----- searching -----

    def run(self) -> list[search.Hit]:
        """Search now for the text in the box; the places found."""
        self._timer.stop()
        query = self.box.text()
        if self.project is None or not query.strip():
            self.model.set_hits([])
            self.count.setText("")
            return []
        hits = search.search(self.project, query)
        self.model.set_hits(hits)
        if not hits:
            self.count.setText(tr("没有找到“%s”。可以换一个词，或只输入一部分。") % query.strip())
        elif len(hits) >= search.MAX_HITS:
            self.count.setText(tr("找到很多处，只列出前 %d 处；再多输入几个字可以缩小范围。")
                               % search.MAX_HITS)
        else:
            self.count.setText(tr("找到 %d 处") % len(hits))
        if hits:
            self.results.setCurrentIndex(self.model.index(0, 0))
        return hits

    def _box_entered(self) -> None:
        if self._timer.isActive() or not self.model.hits:
            self.run()
        index = self.results.currentIndex()
        if not index.isValid() and self.model.hits:
            index = self.model.index(0, 0)
        if index.isValid():
            self._go(index)

    def _go(self, index: QModelIndex) -> None:
        hit = index.data(HIT_ROLE)
        if hit is not None:
            self.hit_chosen.emit(hit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down from the box into the list; Esc hides the panel."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
            if watched is self.box and key == Qt.Key.Key_Down and self.model.hits:
                self.results.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.results.currentIndex().isValid():
                    self.results.setCurrentIndex(self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)
