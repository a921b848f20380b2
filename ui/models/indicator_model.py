"""The indicator tree of one level-1 dimension as a Qt item model.

An adapter over the project: ``data()`` reads a cache built from ``session.project`` and
``session.score`` (the engine's numbers, never summed here); ``setData()`` builds a pfdesk command
and pushes it on the session. After every stored change the cache is rebuilt: if the shape of the
tree is unchanged only the rows whose values changed are signalled, otherwise the model resets.

Scores and weights are written the project's way (``Numbers.of(info)``: 17.5 or 17.50). A
parent some of whose indicators are not applicable shows, under 分值, the points that count
(the weight less the not-applicable parts, the figure its 得分率 is worked from) and says so
in its tooltip; editing the cell edits the weight as set. A leaf whose computed score was
rounded to two decimals says so in the tooltip of its 得分.

状态 is shown, not edited: for a leaf 未评 until it is scored, then its sign-off (已评 before
anyone signed, 已编制, 已复核, 复核后已修改 marked in red); signing is done beside the tree.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from pfdesk import commands, panel, paste
from pfdesk.edits import Change, Edit
from pfdesk.errors import PfdeskError
from pfdesk.numbers import Numbers

from ..score_notes import excluded_text, rounded_text
from ..session import ProjectSession
from .history_model import after_review_marker, sign_off_line

log = logging.getLogger(__name__)

COL_CODE, COL_NAME, COL_WEIGHT, COL_SCORE, COL_RATE, COL_STATUS = range(6)
HEADERS = ("编码", "名称", "分值", "得分", "得分率", "状态")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEAF_ROLE = Qt.ItemDataRole.UserRole + 2
WEIGHT_ROLE = Qt.ItemDataRole.UserRole + 3
NUMERIC = (COL_WEIGHT, COL_SCORE, COL_RATE)
ModelIndex = QModelIndex | QPersistentModelIndex

UNSCORED_COLOR = QColor("#8a8a8a")
PROBLEM_COLOR = QColor("#c0392b")
REVIEWED_COLOR = QColor("#1e7b34")
PREPARED_COLOR = QColor("#2471a3")
CHANGED_COLOR = QColor("#c0392b")
CHANGED_BACKGROUND = QColor("#fdecea")
# The 状态 of a leaf: 未评 until scored, then its sign-off (已评 before anyone signed it).
STATUS_COLORS = {"已编制": PREPARED_COLOR, "已复核": REVIEWED_COLOR, "复核后已修改": CHANGED_COLOR}


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("IndicatorModel", text)


@dataclass
class _Node:
    serial: int
    id: str
    parent: str | None
    children: list[str] = field(default_factory=list)
    texts: tuple[str, ...] = ()
    leaf: bool = True
    score_editable: bool = False
    problems: tuple[str, ...] = ()
    status: str = "未评"
    sign_off: str = ""
    weight: str = ""         # the weight as set (what the 分值 editor starts from)
    notes: tuple[str, str] = ("", "")   # tooltip lines: on 分值 / 得分率, on 得分


class IndicatorModel(QAbstractItemModel):
    """编码 / 名称 / 分值 / 得分 / 得分率 / 状态 of one dimension's indicators, editable in place."""

    def __init__(self, session: ProjectSession, root_id: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.root_id = root_id
        self._nodes: dict[str, _Node] = {}
        self._serials: dict[int, _Node] = {}
        self._order: list[str] = []
        self._next_serial = 1
        self._problems: dict[str, tuple[str, ...]] = {}
        self._problems_source: object = None
        self._panel_ids: frozenset[str] = frozenset()
        self._panel_source: object = None
        self._numbers = Numbers.of(session.project.info)
        self._bold = QFont()
        self._bold.setBold(True)
        self._warning = QApplication.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning) if QApplication.instance() else None
        self._build()
        session.changed.connect(self.refresh)

    # ----- the cache -----

    def _shape(self) -> list[tuple[str, str | None, tuple[str, ...]]]:
        project = self.session.project
        if self.root_id not in project.indicators():
            return []
        out = []
        stack: list[tuple[str, str | None]] = [(self.root_id, None)]
        while stack:
            ind_id, parent = stack.pop()
            kids = tuple(k.id for k in project.children(ind_id))
            out.append((ind_id, parent, kids))
            stack.extend((k, ind_id) for k in reversed(kids))
        return out

    def _fill(self, node: _Node) -> None:
        project, result = self.session.project, self.session.score
        ind = project.indicator(node.id)
        score = result.by_id.get(node.id)
        node.leaf = not node.children
        has_deductions = bool(project.deductions(node.id))
        node.score_editable = node.leaf and not has_deductions and not ind.not_applicable \
            and node.id not in self._panel_scored()
        scored = score is not None and (score.score is not None or score.not_applicable)
        node.status = "" if not node.leaf else "未评" if not scored else \
            "已评" if ind.sign_off == "未编制" else ind.sign_off
        node.sign_off = sign_off_line(ind) if node.leaf else ""
        pts = self._numbers.pts
        node.weight = "" if ind.weight is None else pts(ind.weight)
        weight_text = node.weight
        if score is None or score.not_applicable:
            na = ind.not_applicable or (score is not None and score.not_applicable)
            score_text, rate_text = (tr("不适用") if na else ""), ""
        else:
            score_text = "" if score.score is None else pts(score.score)
            rate_text = "" if score.rate is None else self._numbers.percent(score.rate)
            if not node.leaf and score.leaves and not score.scored:
                score_text, rate_text = tr("未评"), ""      # as the score panel says
            if score.excluded and not node.leaf:
                weight_text = pts(score.max)
        node.notes = ("" if score is None or score.is_leaf else excluded_text(score, self._numbers),
                      rounded_text(score, self._numbers))
        node.texts = (ind.code, ind.name, weight_text, score_text, rate_text,
                      tr(node.status))
        node.problems = self._problems_of(node.id)

    def _panel_scored(self) -> frozenset[str]:
        """Leaves whose score the expert panel's scores give (mean or trimmed mean)."""
        result = self.session.score
        if self._panel_source is not result:
            found = panel.panel_of(self.session.project)
            self._panel_ids = frozenset(found.scores) if found.method in panel.AGGREGATING \
                else frozenset()
            self._panel_source = result
        return self._panel_ids

    def _problems_of(self, ind_id: str) -> tuple[str, ...]:
        result = self.session.score
        if self._problems_source is not result:
            table: dict[str, list[str]] = {}
            for problem in result.problems:
                if problem.indicator_id:
                    table.setdefault(problem.indicator_id, []).append(problem.message)
            self._problems = {k: tuple(v) for k, v in table.items()}
            self._problems_source = result
        return self._problems.get(ind_id, ())

    def _build(self) -> None:
        self._numbers = Numbers.of(self.session.project.info)
        self._nodes.clear()
        self._serials.clear()
        self._order = []
        for ind_id, parent, kids in self._shape():
            node = _Node(self._next_serial, ind_id, parent, list(kids))
            self._next_serial += 1
            self._fill(node)
            self._nodes[ind_id] = node
            self._serials[node.serial] = node
            self._order.append(ind_id)

    def refresh(self, change: Change | None = None) -> None:
        """Bring the cache up to date; reset when the tree's shape changed."""
        if change is not None and not self._may_reshape(change):
            touched = self._touched(change)
            if touched is not None:
                self._refill(touched)
                return
        shape = self._shape()
        same = [s[0] for s in shape] == self._order and all(
            self._nodes[i].parent == p and tuple(self._nodes[i].children) == k
            for i, p, k in shape)
        if not same:
            self.beginResetModel()
            self._build()
            self.endResetModel()
            return
        self._refill(self._order)

    @staticmethod
    def _may_reshape(change: Change) -> bool:
        for rc in change.rows:
            if rc.table != "indicator":
                continue
            if rc.before is None or rc.after is None:
                return True
            if (rc.before.parent_id, rc.before.sort_key) != (  # type: ignore[attr-defined]
                    rc.after.parent_id, rc.after.sort_key):  # type: ignore[attr-defined]
                return True
        return False

    def _touched(self, change: Change) -> list[str] | None:
        """This model's nodes a value change can alter (the edited ones and their ancestors);
        None when every node must be looked at again."""
        ids: set[str] = set()
        for rc in change.rows:
            if rc.table == "indicator":
                if rc.before.not_applicable != rc.after.not_applicable:  # type: ignore[union-attr]
                    return None
                ids.add(rc.id)
            elif rc.table in ("deduction", "evaluator_score"):
                ids.update(r.indicator_id for r in (rc.before, rc.after)  # type: ignore[union-attr]
                           if r is not None)
            elif rc.table == "project":
                return None
        out: list[str] = []
        for ind_id in ids:
            node = self._nodes.get(ind_id)
            while node is not None and node.id not in out:
                out.append(node.id)
                node = self._nodes.get(node.parent) if node.parent else None
        return out

    def _refill(self, ids: list[str]) -> None:
        self._numbers = Numbers.of(self.session.project.info)
        last = self.columnCount() - 1
        for ind_id in ids:
            node = self._nodes[ind_id]
            before = (node.texts, node.problems, node.score_editable, node.sign_off, node.notes)
            self._fill(node)
            if (node.texts, node.problems, node.score_editable, node.sign_off,
                    node.notes) != before:
                row = self._row_of(node)
                self.dataChanged.emit(self.createIndex(row, 0, node.serial),
                                      self.createIndex(row, last, node.serial))

    # ----- structure -----

    def _row_of(self, node: _Node) -> int:
        if node.parent is None:
            return 0
        return self._nodes[node.parent].children.index(node.id)

    def _node(self, index: ModelIndex) -> _Node | None:
        if not index.isValid():
            return None
        return self._serials.get(index.internalId())

    def index(self, row: int, column: int, parent: ModelIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a child of ``parent``."""
        if column < 0 or column >= len(HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            if row == 0 and self.root_id in self._nodes:
                return self.createIndex(0, column, self._nodes[self.root_id].serial)
            return QModelIndex()
        node = self._node(parent)
        if node is None or row >= len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, self._nodes[node.children[row]].serial)

    def parent(self, index: ModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """The parent of an index."""
        node = self._node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        parent = self._nodes[node.parent]
        return self.createIndex(self._row_of(parent), 0, parent.serial)

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Children of ``parent`` (the dimension itself at the top)."""
        if not parent.isValid():
            return 1 if self.root_id in self._nodes else 0
        if parent.column() != 0:
            return 0
        node = self._node(parent)
        return len(node.children) if node else 0

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Six columns."""
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles (编码 … 状态)."""
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return tr(HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_STATUS:
                return tr("未评 → 已评 → 已编制 → 已复核；复核后又修改的标红")
            if role == Qt.ItemDataRole.ToolTipRole and section == COL_WEIGHT:
                return tr("有不适用的下级指标时，显示计分的分值（不适用部分不计），"
                          "得分率按它计算；修改时改的是设定的分值")
            if role == Qt.ItemDataRole.TextAlignmentRole and section in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    # ----- data -----

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cached texts, alignment, colours and tooltips."""
        node = self._node(index)
        if node is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return node.texts[col]
        if role == Qt.ItemDataRole.EditRole:
            return node.weight if col == COL_WEIGHT else node.texts[col]
        if role == ID_ROLE:
            return node.id
        if role == LEAF_ROLE:
            return node.leaf
        if role == WEIGHT_ROLE:
            return node.weight
        if role == Qt.ItemDataRole.TextAlignmentRole and col in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (not node.leaf or (
                col == COL_STATUS and node.status == "复核后已修改")):
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and col == COL_STATUS \
                and node.status == "复核后已修改":
            return QBrush(CHANGED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(node, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node, col)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_CODE and node.problems:
            return self._warning
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS \
                and node.status == "复核后已修改":
            return after_review_marker()
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[col]} {node.texts[col]}"
        return None

    def _foreground(self, node: _Node, col: int) -> QBrush | None:
        if node.problems and col in (COL_CODE, COL_WEIGHT, COL_SCORE):
            return QBrush(PROBLEM_COLOR)
        if col == COL_STATUS and node.status in STATUS_COLORS:
            return QBrush(STATUS_COLORS[node.status])
        if node.leaf and node.texts[COL_SCORE] == "":
            return QBrush(UNSCORED_COLOR)
        return None

    def _tooltip(self, node: _Node, col: int) -> str | None:
        lines = [*node.problems, *self._notes(node, col), self._hint(node, col)]
        text = "\n".join(line for line in lines if line)
        return text or None

    @staticmethod
    def _notes(node: _Node, col: int) -> tuple[str, ...]:
        excluded, rounded = node.notes
        if col in (COL_WEIGHT, COL_RATE):
            return (excluded,)
        return (rounded,) if col == COL_SCORE else ()

    def _hint(self, node: _Node, col: int) -> str:
        if node.problems:
            return ""
        if col == COL_SCORE and node.leaf and node.id in self._panel_scored():
            return tr("得分由专家评分决定；在右侧“专家评分”中修改")
        if col == COL_SCORE and node.leaf and not node.score_editable:
            return tr("得分由扣分项决定；在右侧“扣分”中修改")
        if col == COL_SCORE and node.score_editable:
            return tr("输入 0～%s 分，按回车保存并转到下一项") % node.weight
        if col == COL_STATUS and node.leaf:
            if node.status == "复核后已修改":
                return node.sign_off + "\n" + tr("复核后又修改过：请复核人再次核对后重新点“复核签字”")
            return node.sign_off + "\n" + tr("签字在右侧下方（编制签字 / 复核签字）")
        return ""

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Which cells can be edited (得分 only on leaves scored by hand)."""
        node = self._node(index)
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        col = index.column()
        if col in (COL_CODE, COL_NAME, COL_WEIGHT) or (col == COL_SCORE and node.score_editable):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: ModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Store an edited cell as one undoable edit; False (reported) when refused."""
        node = self._node(index)
        if node is None or role != Qt.ItemDataRole.EditRole:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        text = "" if value is None else str(value).strip()
        if text == self.data(index, Qt.ItemDataRole.EditRole):
            return True
        try:
            edit = self._edit_for(node.id, index.column(), text)
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(edit)

    def _edit_for(self, ind_id: str, col: int, text: str) -> Edit:
        project = self.session.project
        if col == COL_SCORE:
            return commands.set_score(project, ind_id, text)
        key = {COL_CODE: "code", COL_NAME: "name", COL_WEIGHT: "weight"}[col]
        return commands.set_indicator(project, ind_id, **{key: text})

    # ----- lookups for the view -----

    def index_of(self, ind_id: str, column: int = 0) -> QModelIndex:
        """The index of an indicator in this model (invalid if not here)."""
        node = self._nodes.get(ind_id)
        if node is None:
            return QModelIndex()
        return self.createIndex(self._row_of(node), column, node.serial)

    def contains(self, ind_id: str) -> bool:
        """True when the indicator belongs to this dimension."""
        return ind_id in self._nodes

    def leaf_ids(self, start: ModelIndex | None = None) -> list[str]:
        """The leaves in tree order, from ``start``'s row on (all when None)."""
        node = self._node(start) if start is not None else None
        begin = self._order.index(node.id) if node is not None else 0
        return [i for i in self._order[begin:] if self._nodes[i].leaf]

    def tree_position(self, ind_id: str) -> int:
        """Where an indicator comes in the tree (for sorting selected rows)."""
        return self._order.index(ind_id) if ind_id in self._nodes else len(self._order)

    def why_not_scored(self, index: ModelIndex) -> str:
        """Why the row's score cannot be typed ('' when it can), in one line."""
        node = self._node(index)
        if node is None or node.score_editable:
            return ""
        code = self.session.project.indicator(node.id).code
        why = paste.why_not_typed(self.session.project, node.id, self._panel_scored())
        return f"{code} {why}" if why else ""

    def next_score_index(self, index: ModelIndex, step: int = 1) -> QModelIndex:
        """The 得分 cell of the next (or previous) indicator whose score can be typed."""
        node = self._node(index)
        if node is None:
            return QModelIndex()
        pos = self._order.index(node.id) + step
        while 0 <= pos < len(self._order):
            candidate = self._nodes[self._order[pos]]
            if candidate.score_editable:
                return self.index_of(candidate.id, COL_SCORE)
            pos += step
        return QModelIndex()

