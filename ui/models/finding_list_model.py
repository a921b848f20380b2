"""Findings as list models, one per kind: 成效, 经验做法, 问题 (with 原因 and the indicators it
concerns), 建议 (tied to a problem) and 整改情况.

A problem shows the codes of its linked indicators (display only; the indicator picker edits
them). A suggestion's 针对问题 is a choice among the project's problems, stored as ``problem_id``.
``phrase_context`` tells the phrase list which kind of the firm's sentences a cell takes and for
which indicator names (a problem's indicators; for a suggestion, those of its problem).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject

from pfdesk.model import Finding, Row

from ..session import ProjectSession
from ..widgets.roles import EDITOR_CHOICE, EDITOR_MULTILINE, EDITOR_READONLY
from .row_list_model import ColumnSpec, RowListModel, tr

log = logging.getLogger(__name__)

_ = QT_TRANSLATE_NOOP
KIND_NAMES = {
    "成效": _("RowListModel", "成效"),
    "经验做法": _("RowListModel", "经验做法"),
    "问题": _("RowListModel", "问题"),
    "建议": _("RowListModel", "建议"),
    "整改情况": _("RowListModel", "整改情况"),
}
TEXT_TITLES = {
    "成效": _("RowListModel", "主要成效"),
    "经验做法": _("RowListModel", "经验做法"),
    "问题": _("RowListModel", "存在问题"),
    "建议": _("RowListModel", "建议"),
    "整改情况": _("RowListModel", "整改情况"),
}
PROBLEM_PREVIEW = 24
# Which kind of the firm's sentences (pfdesk.phrases.KINDS) a column of a kind takes.
PHRASE_KINDS = {("问题", "text"): "problems", ("问题", "cause"): "causes",
                ("建议", "text"): "suggestions"}


def short_text(text: str, limit: int = PROBLEM_PREVIEW) -> str:
    """The first line of a text, cut to ``limit`` characters with an ellipsis."""
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _columns(kind: str) -> list[ColumnSpec]:
    cols = [ColumnSpec("text", TEXT_TITLES[kind], EDITOR_MULTILINE, stretch=True)]
    if kind == "问题":
        cols.append(ColumnSpec("cause", _("RowListModel", "原因分析"), EDITOR_MULTILINE,
                               stretch=True))
        cols.append(ColumnSpec("indicators", _("RowListModel", "涉及指标"), EDITOR_READONLY,
                               width=110, tip=_("RowListModel", "在右侧勾选该问题涉及的指标")))
    if kind == "建议":
        cols.append(ColumnSpec("problem_id", _("RowListModel", "针对问题"), EDITOR_CHOICE,
                               width=320))
    return cols


class FindingListModel(RowListModel):
    """Findings of one kind."""

    def __init__(self, session: ProjectSession, kind: str,
                 parent: QObject | None = None) -> None:
        self.kind = kind
        self.item_name = KIND_NAMES[kind]
        if kind == "问题":
            self.watched = ("finding_indicator", "indicator")
        super().__init__(session, Finding, _columns(kind), where={"kind": kind}, parent=parent)

    def display(self, row: Row, spec: ColumnSpec) -> str:
        """Linked indicator codes for a problem; the problem's text for a suggestion."""
        if spec.field == "indicators":
            inds = self.project.finding_indicators(row.id)
            return "、".join(ind.code or ind.name for ind in inds)
        if spec.field == "problem_id":
            if not row.problem_id:  # type: ignore[attr-defined]
                return ""
            return next((label for label, value in self.choices(spec)
                         if value == row.problem_id), "")  # type: ignore[attr-defined]
        return super().display(row, spec)

    def edit_value(self, row: Row, spec: ColumnSpec) -> Any:
        """Computed columns have no stored value."""
        if spec.field == "indicators":
            return self.display(row, spec)
        return super().edit_value(row, spec)

    def choices(self, spec: ColumnSpec) -> list[tuple[str, Any]]:
        """For 针对问题: （未关联） and every problem, numbered as listed."""
        if spec.field != "problem_id":
            return super().choices(spec)
        out: list[tuple[str, Any]] = [(tr("（未关联）"), None)]
        for n, problem in enumerate(self.project.findings("问题"), start=1):
            out.append((f"{n}. {short_text(problem.text) or tr('（未填写）')}", problem.id))
        return out

    def convert(self, spec: ColumnSpec, value: Any) -> Any:
        """A problem id must still exist; empty means not tied."""
        if spec.field == "problem_id":
            if not value:
                return None
            if self.project.find("finding", value) is None:
                raise ValueError(tr("所选问题已不存在"))
            return value
        return super().convert(spec, value)

    def phrase_context(self, row: int, column: int) -> tuple[str, list[str]] | None:
        """(phrase kind, indicator names) for a cell that takes the firm's sentences, else None.

        The names are the problem's linked indicators (a suggestion: its problem's); an empty
        list means the row concerns no indicator yet, so every sentence of the kind fits.
        """
        item = self.row_at(row)
        if item is None or not 0 <= column < len(self.columns):
            return None
        kind = PHRASE_KINDS.get((self.kind, self.columns[column].field))
        if kind is None:
            return None
        finding_id = item.id if self.kind == "问题" else item.problem_id  # type: ignore[attr-defined]
        if not finding_id:
            return kind, []
        return kind, [ind.name for ind in self.project.finding_indicators(finding_id)]
