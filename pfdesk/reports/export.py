"""Exporting reports: open the projects, run the checks, write the layout, save atomically.

The format follows the output's suffix: ``.docx`` a Word report, ``.xlsx`` (layout
``scoresheet`` only) an Excel workbook with formulas for the sums (``xlsx``).

``export(paths_or_projects, layout, out_path, style=None, progress=None)`` is what the command
line and the window's 导出报告 page call. ``gb2312=True`` writes 仿宋_GB2312 / 楷体_GB2312 for
仿宋 / 楷体 (many bureaus require them). The package is finished by ``docx_package``
(properties, settings, font table, the TOC's entries); when LibreOffice is installed the TOC's
page numbers are computed by laying the report out once (``toc_pages``: None = when installed,
unless ``PFDESK_TOC_PAGES=0`` or in a test run; False = never), and the result says so.

The document is put together in memory and written
through ``atomic``: a temporary file beside the target that becomes the target only when
complete, with the permissions the user's umask gives (colleagues on a shared folder can read
it); a failure, or a kill, never leaves half a file under the target's name. The target may
not be one of the input project files.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import atomic, identity
from ..errors import PfdeskError
from ..project import Project
from . import docx_package, pages, xlsx
from .brief import write_brief
from .checks import Check, check_all
from .common import ChartSource, chart_png, no_charts
from .data import ReportData
from .docx_style import new_document
from .feedback import write_feedback
from .full import write_full
from .infosheet import write_infosheet
from .scoresheet import write_scoresheet
from .writer import Writer

log = logging.getLogger(__name__)

LAYOUTS = {
    "full": "完整评价报告",
    "brief": "重点绩效评价报告（简版）",
    "feedback": "结果反馈书及整改报告书",
    "infosheet": "绩效评价结果信息表",
    "scoresheet": "附件1评分表（封面、目标表、基本信息、评分表、评价人员、综合评价及分项等级）",
}
# A layout's name after the project's, in the Word file's title when the page has none of its own.
SHORT_NAMES = {"full": "绩效评价报告", "brief": "重点绩效评价报告", "feedback": "绩效评价结果反馈书",
               "infosheet": "绩效评价结果信息表", "scoresheet": "绩效评价附件1"}
SINGLE_PROJECT = ("full",)
XLSX = ".xlsx"
XLSX_LAYOUTS = ("scoresheet",)   # the layouts that can also be written as an Excel workbook
Progress = Callable[[float, str], None]


class ExportError(PfdeskError):
    """A report could not be written (bad layout, input reused as output, unwritable target)."""


@dataclass
class ExportResult:
    """What an export produced: the file and the failed checks (repeated for the user);
    ``warnings`` are the checks as lines."""

    path: Path
    layout: str
    warnings: list[str] = field(default_factory=list)
    projects: int = 1
    checks: list[Check] = field(default_factory=list)
    toc_pages: bool = False     # the TOC's page numbers were computed (LibreOffice)

    def notes(self) -> list[str]:
        """Lines for the user about how the file was made (besides the checks)."""
        if self.toc_pages:
            return ["目录页码已按 LibreOffice 排版计算；在 Word 中如有出入，右键目录选“更新域”即可"]
        return []


def _open_all(items: Sequence[str | Path | Project]) -> tuple[list[Project], list[Project]]:
    """(projects in order, the ones opened here that must be closed)."""
    projects, opened = [], []
    try:
        for item in items:
            if isinstance(item, Project):
                projects.append(item)
            else:
                project = Project.open(item, readonly=True)
                projects.append(project)
                opened.append(project)
    except BaseException:
        for project in opened:
            project.close()
        raise
    return projects, opened


def _check_target(out: Path, inputs: Sequence[str | Path | Project], layout: str) -> None:
    suffix = out.suffix.lower()
    if suffix not in (".docx", XLSX):
        raise ExportError(f"输出文件 {out.name} 应以 .docx（Word）或 .xlsx（Excel）结尾")
    if suffix == XLSX and layout not in XLSX_LAYOUTS:
        raise ExportError(f"Excel（.xlsx）只能导出评分表；{LAYOUTS[layout]}请导出为 Word（.docx）")
    for item in inputs:
        path = item.path if isinstance(item, Project) else Path(item)
        if path is not None and Path(path).resolve() == out.resolve():
            raise ExportError(f"输出文件不能与项目文件 {out.name} 相同")
    if not out.parent.exists():
        raise ExportError(f"输出文件夹 {out.parent} 不存在")


def package_info(datas: list[ReportData], layout: str, doc: object) -> docx_package.PackageInfo:
    """Title, subject and author of a report: its title paragraph, the layout and the
    projects, the evaluating firm (else the user)."""
    names = [d.text(d.info.name) for d in datas if d.info.name.strip()]
    subject = f"{LAYOUTS[layout]}：{'、'.join(names)}" if names else LAYOUTS[layout]
    titles = [p.text.strip() for p in doc.paragraphs  # type: ignore[attr-defined]
              if p.style is not None and p.style.style_id == "Title" and p.text.strip()]
    # the printed title when it names the project, or (部门整体) the unit evaluated
    own = [d.text(d.info.name) for d in datas[:1]] + [d.text(d.info.unit) for d in datas[:1]]
    title = next((t for t in titles for word in own if word.strip() and word in t), "")
    if not title:
        title = f"{names[0]}{SHORT_NAMES[layout]}" if len(names) == 1 else subject
    firm = next((d.text(d.info.evaluator_org) for d in datas if d.info.evaluator_org.strip()), "")
    return docx_package.PackageInfo(title, subject, firm or identity.default_user())


def build_document(datas: list[ReportData], layout: str, style: str | Path | None = None,
                   charts: ChartSource = chart_png, gb2312: bool = False) -> object:
    """The python-docx Document of a layout for already-scored projects, package finished."""
    doc, styles = new_document(style)
    writer = Writer(doc, styles)
    if layout == "full":
        write_full(writer, datas[0], charts)
    else:
        {"brief": write_brief, "feedback": write_feedback, "infosheet": write_infosheet,
         "scoresheet": write_scoresheet}[layout](writer, datas)
    pages.ensure_page_numbers(doc)
    docx_package.finish(doc, styles, package_info(datas, layout, doc), gb2312=gb2312)
    return doc


def _want_toc_pages(toc_pages: bool | None) -> bool:
    """None: yes, unless PFDESK_TOC_PAGES=0, or inside a test run (PYTEST_CURRENT_TEST), where
    a LibreOffice layout per exported full report would slow every test; tests that check the
    page numbers ask with ``toc_pages=True``."""
    if toc_pages is None:
        if os.environ.get("PYTEST_CURRENT_TEST"):
            return False
        return os.environ.get("PFDESK_TOC_PAGES", "1").strip() not in ("0", "no", "off", "")
    return toc_pages


def _fill_toc_pages(doc: object, toc_pages: bool | None) -> bool:
    """Compute and write the TOC's page numbers when wanted and LibreOffice is there."""
    entries = docx_package.toc_entries(doc)  # type: ignore[arg-type]
    if not entries or not _want_toc_pages(toc_pages) or docx_package.soffice() is None:
        return False
    buffer = io.BytesIO()
    doc.save(buffer)  # type: ignore[attr-defined]
    found = docx_package.compute_pages(buffer.getvalue(), entries)
    if len(found) < len(entries):
        log.info("TOC: %d of %d headings found in the layout", len(found), len(entries))
        return False
    docx_package.set_toc_pages(doc, found)  # type: ignore[arg-type]
    return True


def _save(doc: object, out: Path) -> None:
    """Zip the document in memory, then write it to ``out`` complete or not at all.

    Zipping straight into a file would leave python-docx's zip writer open on a failed write;
    it then fails again when collected and prints a traceback after our message.
    """
    buffer = io.BytesIO()
    doc.save(buffer)  # type: ignore[attr-defined]
    atomic.write_bytes(out, buffer.getvalue())


def check_projects(paths_or_projects: Sequence[str | Path | Project],
                   layout: str = "full") -> list[Check]:
    """The pre-export checks alone, for project files or open projects."""
    projects, opened = _open_all(paths_or_projects)
    try:
        return check_all([ReportData.of(p) for p in projects], layout)
    finally:
        for project in opened:
            project.close()


def export(paths_or_projects: Sequence[str | Path | Project], layout: str,
           out_path: str | Path, style: str | Path | None = None,
           progress: Progress | None = None, charts: bool = True,
           warn: Callable[[str], None] | None = None, gb2312: bool = False,
           toc_pages: bool | None = None) -> ExportResult:
    """Write ``layout`` for the projects to ``out_path``; returns the checks' warnings.

    ``progress(fraction, message)`` is called as the work advances; ``warn(line)`` for each
    failed check (``Check.line()``) before the document is written. ``gb2312``: the
    仿宋_GB2312 / 楷体_GB2312 house option; ``toc_pages``: compute the TOC's page numbers with
    LibreOffice (None: when installed, unless ``PFDESK_TOC_PAGES=0``).
    """
    report = progress or (lambda fraction, message: None)
    if layout not in LAYOUTS:
        raise ExportError(f"没有名为 {layout} 的报告格式（可选：{'、'.join(LAYOUTS)}）")
    if not paths_or_projects:
        raise ExportError("没有选择要导出的项目")
    if layout in SINGLE_PROJECT and len(paths_or_projects) > 1:
        raise ExportError(f"{LAYOUTS[layout]}一次只能导出一个项目")
    out = Path(out_path)
    _check_target(out, paths_or_projects, layout)
    report(0.05, "正在读取项目")
    computed = False
    projects, opened = _open_all(paths_or_projects)
    try:
        datas = [ReportData.of(p) for p in projects]
        report(0.2, "正在检查")
        checks = check_all(datas, layout)
        for check in checks:
            log.info("check %s: %s", check.kind, check.line())
            if warn is not None:
                warn(check.line())
        report(0.3, "正在生成文档")
        if out.suffix.lower() == XLSX:
            content = xlsx.workbook_bytes(datas)
            report(0.9, "正在保存")
            atomic.write_bytes(out, content)
        else:
            doc = build_document(datas, layout, style, chart_png if charts else no_charts,
                                 gb2312=gb2312)
            if docx_package.toc_entries(doc):  # type: ignore[arg-type]
                report(0.7, "正在计算目录页码")
                computed = _fill_toc_pages(doc, toc_pages)
            report(0.9, "正在保存")
            _save(doc, out)
    finally:
        for project in opened:
            project.close()
    report(1.0, "完成")
    return ExportResult(out, layout, [c.line() for c in checks], len(projects), checks,
                        computed)
