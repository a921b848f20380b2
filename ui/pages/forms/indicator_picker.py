"""A checkable indicator tree: which indicators a problem concerns (``link_finding``).

``IndicatorCheckModel`` is a tree model over the project's indicator tree (编码 名称); its check
boxes show the links of one finding, and checking or unchecking one stores the new set of links
as one command. With no finding chosen every box is disabled.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTreeView, QVBoxLayout, QWidget

from pfdesk.commands import link_finding
from pfdesk.edits import Change, Edit
from pfdesk.errors import PfdeskError
from pfdesk.model import Indicator

from ...session import ProjectSession

log = logging.getLogger(__name__)

Index = QModelIndex | QPersistentModelIndex


class IndicatorCheckModel(QAbstractItemModel):
    """The indicator tree with a check box per indicator for one finding's links."""

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.finding_id: str | None = None
        self._ids: list[str] = []        # internal id → indicator id
        self._num: dict[str, int] = {}   # indicator id → internal id
        self._linked: set[str] = set()
        self.reload()
        session.changed.connect(self._on_changed)

    # ----- state -----

    def reload(self) -> None:
        """Re-read the tree and the links."""
        self.beginResetModel()
        self._ids = [ind.id for ind in self.session.project.walk()]
        self._num = {ind_id: n for n, ind_id in enumerate(self._ids)}
        self._linked = self._links()
        self.endResetModel()

    def _links(self) -> set[str]:
        if self.finding_id is None:
            return set()
        return {i.id for i in self.session.project.finding_indicators(self.finding_id)}

    def set_finding(self, finding_id: str | None) -> None:
        """Show the links of another finding (None: none, boxes disabled)."""
        self.finding_id = finding_id
        self._linked = self._links()
        self._all_changed()

    def _all_changed(self) -> None:
        """One dataChanged per group of siblings."""
        for parent_id, kids in self.session.project.children_map().items():
            parent = QModelIndex() if parent_id is None else self.index_of(parent_id)
            if kids and (parent_id is None or parent.isValid()):
                self.dataChanged.emit(self.index(0, 0, parent),
                     self.index(len(kids) - 1, 0, parent))

    def _changed(self, ids: list[str] | set[str]) -> None:
        for ind_id in ids:
            index = self.index_of(ind_id)
            if index.isValid():
                self.dataChanged.emit(index, index)

    def _on_changed(self, change: Change) -> None:
        tables = change.tables()
        moved = any(rc.before is None or rc.after is None
                    or (rc.before.parent_id, rc.before.sort_key)  # type: ignore[attr-defined]
                    != (rc.after.parent_id, rc.after.sort_key)  # type: ignore[attr-defined]
                    for rc in change.rows if rc.table == "indicator")
        if moved:
            self.reload()
            return
        if self.finding_id and self.session.project.find("finding", self.finding_id) is None:
            self.finding_id = None
            self._linked = set()
            self._all_changed()
        elif tables & {"finding_indicator", "finding"}:
            self._linked = self._links()
            self._all_changed()
        elif "indicator" in tables:
            self._changed(change.ids("indicator"))

    def _ind(self, index: Index) -> Indicator | None:
        if not index.isValid():
            return None
        return self.session.project.indicators().get(self._ids[index.internalId()])

    def index_of(self, ind_id: str, column: int = 0) -> QModelIndex:
        """The model index of an indicator."""
        ind = self.session.project.indicators().get(ind_id)
        if ind is None or ind_id not in self._num:
            return QModelIndex()
        siblings = self.session.project.children(ind.parent_id)
        row = next(i for i, s in enumerate(siblings) if s.id == ind_id)
        return self.createIndex(row, column, self._num[ind_id])

    # ----- the tree -----

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Child ``row`` of ``parent``."""
        if column != 0 or row < 0:
            return QModelIndex()
        parent_ind = self._ind(parent)
        kids = self.session.project.children(parent_ind.id if parent_ind else None)
        if row >= len(kids) or kids[row].id not in self._num:
            return QModelIndex()
        return self.createIndex(row, column, self._num[kids[row].id])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """The parent indicator's index."""
        ind = self._ind(index)
        if ind is None or ind.parent_id is None:
            return QModelIndex()
        return self.index_of(ind.parent_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Children of an indicator."""
        if parent.isValid() and parent.column() != 0:
            return 0
        ind = self._ind(parent)
        if parent.isValid() and ind is None:
            return 0
        return len(self.session.project.children(ind.id if ind else None))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """One column: 编码 名称."""
        return 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The column title."""
        if (section == 0 and orientation == Qt.Orientation.Horizontal
                and role == Qt.ItemDataRole.DisplayRole):
            return self.tr("涉及指标")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        """Checkable once a finding is chosen."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable
        if not self.session.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if self.finding_id is not None:
            flags |= Qt.ItemFlag.ItemIsEnabled
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """'A11 立项依据充分性' and the check box."""
        ind = self._ind(index)
        if ind is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{ind.code} {ind.name}".strip()
        if role == Qt.ItemDataRole.CheckStateRole:
            return (Qt.CheckState.Checked if ind.id in self._linked
                    else Qt.CheckState.Unchecked).value
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Checking or unchecking stores the finding's new links as one command."""
        ind = self._ind(index)
        if ind is None or role != Qt.ItemDataRole.CheckStateRole or self.finding_id is None:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(
            value, Qt.CheckState) else value == Qt.CheckState.Checked
        wanted = set(self._linked)
        (wanted.add if checked else wanted.discard)(ind.id)
        if wanted == self._linked:
            return True
        return self.store(wanted, ind, checked)

    def store(self, wanted: set[str], ind: Indicator, checked: bool) -> bool:
        """Replace the finding's links with ``wanted`` (in tree order)."""
        ordered = [i for i in self._ids if i in wanted]
        try:
            edit = link_finding(self.session.project, self.finding_id or "", ordered)
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        verb = self.tr("关联") if checked else self.tr("取消关联")
        return self.session.push(Edit(f"{verb} {ind.code}{ind.name}", edit.ops))


class IndicatorPicker(QWidget):
    """The checkable tree, expanded, for the chosen finding."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = IndicatorCheckModel(session, self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("问题涉及的指标"))
        self.view.setUniformRowHeights(True)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.header().setStretchLastSection(False)
        self.view.setHeaderHidden(True)
        self.model.modelReset.connect(self.view.expandAll)
        self.view.expandAll()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def set_finding(self, finding_id: str | None) -> None:
        """Show the links of a finding."""
        self.model.set_finding(finding_id)
