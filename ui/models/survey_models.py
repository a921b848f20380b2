"""Table models of the survey import: the results per question and overall, the answers to
check (row, column, what is wrong), the option map being edited, and the imported surveys.

The results and issues are read-only views of a ``pfdesk.survey.Summary``. The option map is a
draft the dialog recomputes the summary from: ``setData`` checks a score (0～100, or blank for
an option that is not counted) and the 算作满意 box, and the whole map through the core's
``check_options``; a refusal is said through ``refused`` and the old value kept.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from pfdesk.numbers import percent, plain
from pfdesk.survey import Option, OptionMap, Summary, check_options, column_name
from pfdesk.survey_file import SurveyError

from .band_model import number_or_none
from .headed_table import HeadedTableModel

log = logging.getLogger(__name__)
ModelIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def mean_text(value: Decimal | None) -> str:
    """A mean score with two decimals: '85.26'; '—' without valid answers."""
    return "—" if value is None else f"{value:.2f}"


class SurveyResultModel(HeadedTableModel):
    """One row per question, then 总体 (every answer of every question together)."""

    HEADERS = ("题目", "样本量", "有效回答", "满意率", "平均分")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.summary: Summary | None = None

    def set_summary(self, summary: Summary | None) -> None:
        """Show another summary (None: empty)."""
        self.beginResetModel()
        self.summary = summary
        self.endResetModel()

    def row_total(self) -> int:
        """The questions and the 总体 row."""
        return len(self.summary.questions) + 1 if self.summary else 0

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """A question's (or the whole survey's) sample, valid answers, 满意率 and mean."""
        if not index.isValid() or self.summary is None:
            return None
        summary = self.summary
        questions = summary.questions
        overall = index.row() == len(questions)
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and overall:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and not overall:
            question = questions[index.row()]
            return summary.problem(question) or f"{column_name(question.col)} {question.title}"
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if overall:
            result = summary.overall()
            title = self.tr("总体（全部题目合计）")
        else:
            question = questions[index.row()]
            result = summary.result(question)
            title = f"{column_name(question.col)} {question.title}"
        return (title, str(result.sample), str(result.valid), percent(result.rate),
                mean_text(result.mean))[col]


class IssueModel(HeadedTableModel):
    """The blank and odd answers: 行, 列, 情况."""

    HEADERS = ("行", "列", "情况")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.summary: Summary | None = None

    def set_summary(self, summary: Summary | None) -> None:
        """Show another summary's issues."""
        self.beginResetModel()
        self.summary = summary
        self.endResetModel()

    def row_total(self) -> int:
        """One row per issue listed."""
        return len(self.summary.issues) if self.summary else 0

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Row, column and what is wrong ('未作答' / '“还行”不是选项')."""
        if not index.isValid() or self.summary is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        issue = self.summary.issues[index.row()]
        if index.column() == 0:
            return self.tr("第%d行") % issue.row
        if index.column() == 1:
            return column_name(issue.col)
        return self.tr("未作答") if not issue.value else \
            self.tr("“%s”不是选项") % issue.value[:30]


class OptionMapModel(HeadedTableModel):
    """The option map being edited: 选项, 分值, 算作满意 (a check box)."""

    HEADERS = ("选项", "分值", "算作满意")
    refused = Signal(str)
    map_changed = Signal(object)     # the new OptionMap

    def __init__(self, options: OptionMap, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.options = options

    def row_total(self) -> int:
        """One row per option."""
        return len(self.options.options)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The option's text, score (blank: not counted) and whether it is satisfied."""
        if not index.isValid():
            return None
        option = self.options.options[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return option.text
            if col == 1:
                if option.score is None:
                    return "" if role == Qt.ItemDataRole.EditRole else self.tr("不计分")
                return plain(option.score)
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col == 2:
            return Qt.CheckState.Checked if option.satisfied else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return self.tr("0～100；留空表示该选项不计分（如“不了解”），不算有效回答")
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """分值 can be typed, 算作满意 ticked."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 1:
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == 2:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def setData(self, index: ModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A new score or 算作满意, checked with the whole map; ``refused`` says why not."""
        if not index.isValid():
            return False
        row, col = index.row(), index.column()
        old = self.options.options[row]
        try:
            if col == 1 and role == Qt.ItemDataRole.EditRole:
                score = number_or_none(str(value or ""), self.tr("“%s”的分值") % old.text,
                                       blank_ok=True)
                new = Option(old.text, score, old.satisfied and score is not None)
            elif col == 2 and role == Qt.ItemDataRole.CheckStateRole:
                checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
                new = Option(old.text, old.score, bool(checked))
            else:
                return False
            options = list(self.options.options)
            options[row] = new
            check_options(options)
        except (ValueError, SurveyError) as exc:
            self.refused.emit(str(exc))
            return False
        self.options = OptionMap(tuple(options))
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        self.map_changed.emit(self.options)
        return True


    def add_options(self, texts: list[str]) -> int:
        """Add answers found in the file as options, not scored until a score is typed; how
        many were added (``refused`` says why none could be)."""
        known = {o.text for o in self.options.options}
        new = [Option(t, None, False) for t in dict.fromkeys(texts) if t and t not in known]
        if not new:
            return 0
        options = [*self.options.options, *new]
        try:
            check_options(options)
        except SurveyError as exc:
            self.refused.emit(str(exc))
            return 0
        first = len(self.options.options)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self.options = OptionMap(tuple(options))
        self.endInsertRows()
        self.map_changed.emit(self.options)
        return len(new)


class SurveyListModel(HeadedTableModel):
    """The project's imported surveys: 名称, 文件, 样本量, 满意率, 平均分."""

    HEADERS = ("名称", "来自文件", "样本量", "满意率", "平均分")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str, str, Summary | None]] = []   # id, name, file, summary

    def set_rows(self, rows: list[tuple[str, str, str, Summary | None]]) -> None:
        """Show these surveys (id, name, source file, summary or None when unreadable)."""
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_total(self) -> int:
        """One row per survey."""
        return len(self.rows)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The survey's name, file and overall figures."""
        if not index.isValid():
            return None
        _id, name, source, summary = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 1:
            return RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if col < 2:
            return (name, source)[col]
        if summary is None:
            return self.tr("无法读取")
        result = summary.overall()
        return (str(result.sample), percent(result.rate), mean_text(result.mean))[col - 2]
