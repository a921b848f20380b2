"""满意度调查: importing respondents' answers (.xlsx / .csv) and the list of imported surveys.

``SurveyImportDialog`` reads a file through the core (``pfdesk.survey_file``), shows per question
and overall the 样本量, 有效回答, 满意率 and 平均分 (``pfdesk.survey.summarize``), lists the blank
and odd answers by row and column, and lets the user choose the question columns (the file's
columns with a check box each; by default those the core finds, 自动识别 goes back to them) and
edit the option map (score and 算作满意 of each option), the results recomputed at once. 导入
stores the counted survey under its name as one command (``commands.import_survey``; a survey
of the same name is replaced). A file the core refuses (no valid answers, an old .xls …) is
said in the dialog, in the core's words.

``SurveyListDialog`` lists the project's surveys with 导入… and 删除 (one command each). Both
are loaded only when first opened.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pfdesk import survey
from pfdesk.errors import PfdeskError
from pfdesk.numbers import percent
from pfdesk.survey_file import Answers, read_answers

from . import dialogs
from .models.survey_column_model import QuestionColumnModel
from .models.survey_models import IssueModel, OptionMapModel, SurveyListModel, SurveyResultModel
from .session import ProjectSession

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("SurveyDialog", text)


def ask_survey_file(parent: QWidget | None) -> str | None:
    """The survey export to import (.xlsx / .csv), or None."""
    path, _f = QFileDialog.getOpenFileName(
        parent, tr("选择问卷数据"), "", tr("问卷数据 (*.xlsx *.csv);;所有文件 (*)"))
    return path or None


def _table(name: str) -> QTableView:
    view = QTableView()
    view.setAccessibleName(name)
    view.verticalHeader().setVisible(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setWordWrap(False)
    return view


class SurveyImportDialog(QDialog):
    """Read a survey export, check it, adjust the option map, import it (one undo step)."""

    survey_stored = Signal(str)        # the name the survey was stored under

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.answers: Answers | None = None
        self.summary: survey.Summary | None = None
        self.chosen_columns: list[int] | None = None      # None: the columns the core finds
        self.setWindowTitle(tr("导入满意度调查"))
        self.resize(980, 640)
        layout = QVBoxLayout(self)
        self._build_file(layout)
        self._build_tables(layout)
        self.message = QLabel()
        self.message.setObjectName("surveyMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(tr("导入"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.store)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._show_summary()

    # ----- building -----

    def _build_file(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        self.file_label = QLabel(tr("还没有选择文件"))
        self.choose_button = QPushButton(tr("选择文件…"))
        self.choose_button.clicked.connect(self.choose)
        self.name = QLineEdit()
        self.name.setAccessibleName(tr("调查名称"))
        self.name.setPlaceholderText(tr("调查名称，如 服务对象满意度"))
        self.name.textChanged.connect(lambda _t: self._show_name_note())
        row.addWidget(self.choose_button)
        row.addWidget(self.file_label, 1)
        row.addWidget(QLabel(tr("名称：")))
        row.addWidget(self.name, 1)
        layout.addLayout(row)
        self.name_note = QLabel()
        self.name_note.setStyleSheet("color: #a0522d;")
        layout.addWidget(self.name_note)

    def _build_tables(self, layout: QVBoxLayout) -> None:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(tr("各题及总体结果（满意率 = 算作满意的回答 ÷ 有效回答）")))
        self.results = SurveyResultModel(self)
        self.results_view = _table(tr("调查结果"))
        self.results_view.setModel(self.results)
        header = self.results_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        left_layout.addWidget(self.results_view, 3)
        self.issues_title = QLabel(tr("需要核对的答案"))
        left_layout.addWidget(self.issues_title)
        self.issues = IssueModel(self)
        self.issues_view = _table(tr("需要核对的答案"))
        self.issues_view.setModel(self.issues)
        self.issues_view.horizontalHeader().setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch)
        left_layout.addWidget(self.issues_view, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self._build_columns(right_layout)
        right_layout.addWidget(QLabel(tr("选项对照（可修改分值和是否算作满意）")))
        self.options = OptionMapModel(survey.DEFAULT_MAP, self)
        self.options.map_changed.connect(lambda _m: self.recount())
        self.options.refused.connect(lambda m: self._say(m, bad=True))
        self.options_view = _table(tr("选项对照"))
        self.options_view.setModel(self.options)
        from .widgets.grid_keys import make_typed_grid

        make_typed_grid(self.options_view)
        self.options_view.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        right_layout.addWidget(self.options_view)
        self.add_odd_button = QPushButton(tr("把不是选项的答案加为选项"))
        self.add_odd_button.setToolTip(tr("如“还行”：加入后填写它的分值，即计入有效回答"))
        self.add_odd_button.clicked.connect(self.add_odd_answers)
        right_layout.addWidget(self.add_odd_button)
        self.skipped = QLabel()
        self.skipped.setWordWrap(True)
        self.skipped.setStyleSheet("color: #555555;")
        right_layout.addWidget(self.skipped)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)

    def _build_columns(self, layout: QVBoxLayout) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel(tr("题目列（勾选要统计的列）")), 1)
        self.auto_columns_button = QPushButton(tr("自动识别"))
        self.auto_columns_button.setToolTip(tr("恢复为答案是选项的各列"))
        self.auto_columns_button.clicked.connect(self.use_automatic_columns)
        row.addWidget(self.auto_columns_button)
        layout.addLayout(row)
        self.columns = QuestionColumnModel(self)
        self.columns.columns_changed.connect(self.choose_columns)
        self.columns_view = QListView()
        self.columns_view.setAccessibleName(tr("题目列"))
        self.columns_view.setModel(self.columns)
        layout.addWidget(self.columns_view, 1)

    # ----- reading -----

    def choose(self) -> None:
        """Ask for a file and read it."""
        path = ask_survey_file(self)
        if path:
            self.load(path)

    def load(self, path: str | Path) -> bool:
        """Read a survey export and count it with the current option map."""
        path = Path(path)
        try:
            self.answers = read_answers(path)
        except PfdeskError as exc:
            self.answers = None
            self.summary = None
            self.chosen_columns = None
            self.columns.set_columns((), ())
            self._show_summary()
            self._say(str(exc), bad=True)
            return False
        self.file_label.setText(path.name)
        self.chosen_columns = None
        self.columns.set_columns(self.answers.headings, ())
        if not self.name.text().strip():
            self.name.setText(path.stem[:40])
        return self.recount()

    def choose_columns(self, columns: list[int]) -> bool:
        """Count these columns as the questions (the boxes ticked) and recount."""
        self.chosen_columns = list(columns)
        self.columns.set_checked(columns)
        return self.recount()

    def use_automatic_columns(self) -> bool:
        """Go back to the columns the core finds (those whose answers are options)."""
        self.chosen_columns = None
        return self.recount()

    def recount(self) -> bool:
        """Count the answers again with the question columns and the option map as edited."""
        if self.answers is None:
            return False
        if self.chosen_columns == []:
            self.summary = None
            self._show_summary()
            self._say(tr("没有勾选题目列：请至少勾选一列作为题目"), bad=True)
            return False
        try:
            self.summary = survey.summarize(self.answers, self.options.options,
                                            self.chosen_columns)
        except PfdeskError as exc:
            self.summary = None
            self._show_summary()
            self._say(str(exc), bad=True)
            return False
        if self.chosen_columns is None:
            self.columns.set_checked([q.col for q in self.summary.questions])
        self._show_summary()
        return True

    def _show_summary(self) -> None:
        summary = self.summary
        self.results.set_summary(summary)
        self.issues.set_summary(summary)
        self.import_button.setEnabled(summary is not None and not self.session.read_only)
        self.add_odd_button.setEnabled(summary is not None and any(i.value for i in summary.issues))
        self.auto_columns_button.setEnabled(self.answers is not None
                                            and self.chosen_columns is not None)
        if summary is None:
            self.issues_title.setText(tr("需要核对的答案"))
            self.skipped.setText("")
            return
        count = len(summary.issues) + summary.more_issues
        self.issues_title.setText(tr("需要核对的答案：%d 处（未作答或不是选项的答案，不计入有效回答）")
                                  % count if count else tr("需要核对的答案：无"))
        self.skipped.setText(tr("未作为题目的列：%s") % "、".join(summary.skipped)
                             if summary.skipped else "")
        overall = summary.overall()
        mean = "—" if overall.mean is None else f"{overall.mean:.2f}"
        self._say(tr("共 %d 份答卷（有效 %d 份），%d 道题；总体满意率 %s，平均分 %s。")
                  % (summary.respondents, summary.valid_respondents, len(summary.questions),
                     percent(overall.rate), mean), bad=False)

    def add_odd_answers(self) -> int:
        """The answers that are no option become options (no score yet: type one)."""
        if self.summary is None:
            return 0
        added = self.options.add_options([i.value for i in self.summary.issues if i.value])
        if added:
            row = self.options.rowCount() - added
            self.options_view.setCurrentIndex(self.options.index(row, 1))
            self.options_view.setFocus()
        return added

    def _show_name_note(self) -> None:
        from .pages.rule_parts import project_surveys

        name = self.name.text().strip()
        self.name_note.setText(tr("项目中已有名为“%s”的调查，导入后将替换它（可撤销）。") % name
                               if name and name in project_surveys(self.session.project) else "")

    def _say(self, text: str, bad: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #c0392b;" if bad else "")

    # ----- storing -----

    def store(self) -> bool:
        """Import the counted survey under its name (one undo step); close when stored."""
        from pfdesk import commands

        if self.summary is None:
            self._say(tr("请先选择问卷数据文件"), bad=True)
            return False
        name = self.name.text().strip()
        if not name:
            self._say(tr("请填写调查名称（评分规则按名称引用调查）"), bad=True)
            self.name.setFocus()
            return False
        try:
            edit = commands.import_survey(self.session.project, name,  # type: ignore[attr-defined]
                                          self.summary.file, self.summary)
        except PfdeskError as exc:
            self._say(str(exc), bad=True)
            return False
        if not self.session.push(edit):
            return False
        self.survey_stored.emit(name)
        self.accept()
        return True


class SurveyListDialog(QDialog):
    """The project's satisfaction surveys, with 导入… and 删除."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(tr("满意度调查"))
        self.resize(720, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(tr("已导入的调查（评分规则按名称引用；删除或重新导入可撤销）")))
        self.model = SurveyListModel(self)
        self.view = _table(tr("已导入的调查"))
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.import_button = QPushButton(tr("导入…"))
        self.import_button.clicked.connect(self.import_survey)
        self.delete_button = QPushButton(tr("删除"))
        self.delete_button.clicked.connect(self.delete_selected)
        close = QPushButton(tr("关闭"))
        close.clicked.connect(self.accept)
        for button in (self.import_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        session.changed.connect(self._changed)
        self.refresh()

    def _changed(self, _change: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """List the surveys as stored."""
        rows: list[tuple[str, str, str, survey.Summary | None]] = []
        try:
            from pfdesk import survey_rows
        except ImportError:
            survey_rows = None  # type: ignore[assignment]
        if survey_rows is not None:
            for item in survey_rows.surveys(self.session.project):
                try:
                    summary: survey.Summary | None = survey.from_json(item.summary)
                except PfdeskError:
                    summary = None
                rows.append((item.id, item.name, item.source_name, summary))
        self.model.set_rows(rows)
        editable = not self.session.read_only
        self.import_button.setEnabled(editable)
        self.delete_button.setEnabled(editable and bool(rows))

    def import_survey(self) -> None:
        """Open the import dialog."""
        dialog = SurveyImportDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def delete_selected(self) -> bool:
        """Delete the selected survey (one undo step), after asking."""
        from pfdesk import commands

        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.session.error_reported.emit(tr("请先选中要删除的调查"))
            return False
        survey_id, name, _src, _s = self.model.rows[rows[0].row()]
        if not dialogs.confirm(self, tr("删除调查"),
                               tr("删除调查“%s”？按它计分的指标将暂不计分（可撤销）。") % name):
            return False
        try:
            edit = commands.delete_survey(self.session.project, survey_id)  # type: ignore[attr-defined]
        except PfdeskError as exc:
            self.session.error_reported.emit(str(exc))
            return False
        return self.session.push(edit)
