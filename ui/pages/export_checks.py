"""The checks the 导出报告 page lists before exporting, each with what to do about it.

The lines are ``pfdesk.reports.check_all``'s (the finance bureau's list in GUIDE §4), run on the
window's project and on any added project files (opened read-only, then closed). ``advice``
adds the page of the window where the problem is put right, in plain words.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from pfdesk.errors import PfdeskError
from pfdesk.project import Project

log = logging.getLogger(__name__)

# (words in a check line, what to do) — first match wins.
ADVICE = (
    ("无法读取", "请从列表中移除这个项目文件，或换一个文件。"),
    ("合并冲突未解决",
     "请点“文件 → 合并副本…”（或得分面板上的红字），逐个选定冲突处的取值，再导出定稿。"),
    ("分值合计不一致",
     "请在对应的指标页核对分值：下级指标的分值之和应等于上级指标的分值，一级指标合计100分。"),
    ("评价等级无法确定", "请先给所有指标评分，等级随之确定。"),
    ("评价等级", "请在“项目信息”页核对等级划分。"),
    ("封面信息未填写", "请在“项目信息”页填写这些内容。"),
    ("扣分理由", "请在该指标的扣分列表中补写扣分理由。"),
    ("扣分的分数", "请在该指标的扣分列表中填写扣分分值。"),
    ("尚未评分", "请在对应的指标页评分（评分面板的问题列表可直接跳到该指标）。"),
    ("分析文字写", "请修改该指标的分析文字，或用“生成段落”按评分重新生成。"),
    ("评价结论中写", "请在“项目信息”页的“报告章节”中修改综合评价结论。"),
    ("评价人员", "请在“评价人员”页核对该成员的评分。"),
    ("报告章节未填写", "请在“项目信息”页的“报告章节”中填写。"),
    ("复核后已修改", "请复核人在指标页查看这些指标的修改记录，确认后重新点“复核签字”。"),
    ("尚未复核", "请编制人在指标页点“编制签字”，再由复核人点“复核签字”。"),
)


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ExportPage", text)


def advice(line: str) -> str:
    """What the user should do about a check line ('' when there is no advice)."""
    for words, text in ADVICE:
        if words in line:
            return tr(text)
    return ""


def _read(path: Path, opened: list[Project]) -> object:
    project = Project.open(path, readonly=True)
    opened.append(project)
    return project


def check_lines(project: Project, extra: list[Path], layout: str) -> list[str]:
    """The failed checks of the window's project and the added files (an unreadable file is a line)."""
    from pfdesk.reports.checks import check_all
    from pfdesk.reports.data import ReportData

    datas = [ReportData.of(project)]
    lines: list[str] = []
    opened: list[Project] = []
    try:
        for path in extra:
            try:
                datas.append(ReportData.of(_read(path, opened)))  # type: ignore[arg-type]
            except (PfdeskError, OSError, sqlite3.Error) as exc:
                lines.append(tr("无法读取项目文件 %s：%s") % (path.name, exc))
        return check_all(datas, layout) + lines
    finally:
        for each in opened:
            each.close()
