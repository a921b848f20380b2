"""Writing a report off the window's thread, and the plain lines the 导出报告 page shows for it.

``ExportThread`` runs ``pfdesk.reports.export`` on project FILES opened read-only by path inside
the thread (the window's own Project and its SQLite connection never cross threads; every edit
is already stored in the file). Progress, success and failure come back as queued signals.
Running threads are kept in a module registry so that closing the project (and deleting the
page) never destroys a running thread; ``wait_for_exports`` lets the application finish them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from pfdesk.errors import PfdeskError

log = logging.getLogger(__name__)

_RUNNING: set[ExportThread] = set()
SHOWN_WARNINGS = 8
MULTI_LAYOUTS = ("brief", "infosheet")   # layouts that merge several project files
# The layouts of pfdesk.reports.LAYOUTS: (name, one-line description, file-name part).
LAYOUT_TEXT = {
    "full": ("完整评价报告",
             "按下面选定的报告提纲（默认全国通用提纲一至七）：封面、目录、资金和目标、评分汇总、"
             "逐项指标分析、图表、问题与建议，附评分表。", "完整评价报告"),
    "brief": ("重点绩效评价报告（简版）",
              "几页篇幅：项目概况、评价结论、主要经验做法、存在的主要问题、相关建议；可合并多个项目。",
              "重点绩效评价报告"),
    "feedback": ("结果反馈书及整改报告书",
                 "附件2-1 评价结果反馈书（发给被评价单位）和附件2-2 供其填写的整改报告书。",
                 "结果反馈书"),
    "infosheet": ("绩效评价结果信息表", "每个项目一张结果信息表；可合并多个项目。",
                  "绩效评价结果信息表"),
    "scoresheet": ("评分表", "附件1套表：封面（评价类型、组织方式等勾选项）、绩效目标表、项目基本信息、"
                   "三级指标评分表、各一级指标得分及等级、评价人员签字表。", "评分表"),
}


def tr(text: str) -> str:
    """Translate a text of this module."""
    return QCoreApplication.translate("ExportPage", text)


@dataclass
class ExportJob:
    """What to export: project files (the current one first), layout, target and house style."""

    items: list[Any]          # paths; a Project only for a project with no file (main thread)
    layout: str
    out: Path
    style: Path | None = None
    warnings: list[str] = field(default_factory=list)
    gb2312: bool = False      # 仿宋_GB2312 / 楷体_GB2312 instead of 仿宋 / 楷体


def os_error_line(exc: OSError, out: Path) -> str:
    """An OSError while writing ``out`` as one plain line saying what to do."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return tr("无法写入 %s：没有权限。如果这个文件正在 Word 或 WPS 中打开，"
                  "请先关闭它再导出，或换一个文件名。") % out.name
    if isinstance(exc, FileNotFoundError):
        return tr("无法写入 %s：文件夹不存在，请重新选择保存位置。") % out.name
    return tr("无法写入 %s（%s），请换一个保存位置再试。") % (out.name, reason)


def run_export(job: ExportJob, progress: Callable[[float, str], None]) -> tuple[Any, str]:
    """Export ``job``; (ExportResult, '') on success, (None, the plain error line) on failure."""
    from pfdesk.reports.export import export

    try:
        result = export(job.items, job.layout, job.out, job.style, progress=progress,
                        gb2312=job.gb2312)
    except PfdeskError as exc:  # ExportError, StyleFileError, ProjectFileError …
        log.info("export refused: %s", exc)
        return None, str(exc)
    except OSError as exc:
        log.warning("export to %s failed: %s", job.out, exc)
        return None, os_error_line(exc, job.out)
    except Exception:  # a bug must not kill the thread silently
        log.exception("export to %s failed", job.out)
        return None, tr("导出时出现意外错误，报告没有写出。详情见日志，请把日志发给技术支持。")
    return result, ""


def done_text(result: Any) -> str:
    """The message at the end: where the report is, the checks' warnings, open it?"""
    text = tr("报告已保存到：\n%s") % result.path
    if result.warnings:
        shown = result.warnings[:SHOWN_WARNINGS]
        text += "\n\n" + tr("导出前检查发现 %d 个问题，报告已照常写出，请核对：") % len(
            result.warnings)
        text += "".join(f"\n· {line}" for line in shown)
        if len(result.warnings) > len(shown):
            text += "\n" + tr("……另有 %d 个，见“导出前检查”。") % (
                len(result.warnings) - len(shown))
    return text + "\n\n" + tr("现在打开这份报告吗？")


class ExportThread(QThread):
    """One export in its own thread; signals arrive queued in the window's thread."""

    progressed = Signal(float, str)   # fraction 0…1, what is being done
    succeeded = Signal(object)        # pfdesk.reports.ExportResult
    failed = Signal(str)              # one plain line

    def __init__(self, job: ExportJob, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job

    def run(self) -> None:
        """Export (called in the new thread)."""
        result, error = run_export(self.job, self.progressed.emit)
        if result is None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)


class _Keeper(QObject):
    """Holds running threads; lets go of each in the window's thread once it has finished."""

    @Slot()
    def release(self) -> None:
        """The finished thread (the sender) is waited for and dropped."""
        thread = self.sender()
        if isinstance(thread, ExportThread):
            thread.wait()
            _RUNNING.discard(thread)


_keeper: _Keeper | None = None


def start_export(job: ExportJob) -> ExportThread:
    """Start ``job`` in a new thread kept alive until it finishes (not owned by any page)."""
    global _keeper  # noqa: PLW0603 - one keeper per process, made in the window's thread
    if _keeper is None:
        _keeper = _Keeper()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(wait_for_exports)
    thread = ExportThread(job)
    _RUNNING.add(thread)
    thread.finished.connect(_keeper.release, Qt.ConnectionType.QueuedConnection)
    thread.start()
    return thread


def running_exports() -> int:
    """How many exports are running."""
    return len(_RUNNING)


def wait_for_exports(timeout_ms: int = 30000) -> bool:
    """Wait for running exports to finish (at quit); False if one was still running."""
    done = True
    for thread in list(_RUNNING):
        done = thread.wait(timeout_ms) and done
    return done
