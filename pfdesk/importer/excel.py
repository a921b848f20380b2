"""Importing an indicator / score sheet (指标评分表) from Excel into a new project.

``read_indicator_sheet`` reads the first sheet of an .xlsx the way firms keep them (title rows,
a header found by its column names, merged level cells, weights per level, total rows, codes
glued to names) into indicator specs plus warnings. ``import_sheet`` creates a project file from
it in one edit. Every problem in the sheet is an ``ImportError_`` naming sheet, row and column.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..edits import Edit
from ..errors import ImportError_
from ..model import ProjectInfo
from ..project import Project
from ..tree import IndicatorSpec, insert_ops
from . import checks
from .header import find_header, find_title
from .rows import RowReader
from .workbook import read_first_sheet

log = logging.getLogger(__name__)

_YEAR = re.compile(r"(20\d\d)\s*年")


@dataclass
class SheetImport:
    """What was read from a sheet: the indicator tree, warnings, and where it came from."""

    sheet: str
    specs: list[IndicatorSpec]
    warnings: list[str] = field(default_factory=list)
    title: str = ""
    project_name: str = ""
    eval_year: str = ""
    header_row: int = 0

    def count(self) -> int:
        """How many indicators the tree holds (all levels)."""
        return sum(len(spec.walk()) for spec in self.specs)


def read_indicator_sheet(path: str | Path) -> SheetImport:
    """Read the first sheet of an .xlsx into indicator specs; ImportError_ names any bad cell."""
    grid = read_first_sheet(path)
    header = find_header(grid)
    title, name = find_title(grid, header.row)
    reader = RowReader(grid, header)
    reader.warnings.extend(header.warnings)
    roots = reader.read()
    if not roots:
        raise ImportError_(f"工作表“{grid.sheet}”的表头（第 {header.row} 行）下面没有指标")
    checks.resolve_weights(reader, roots)
    checks.check_scores(reader, roots)
    checks.assign_codes(reader, roots)
    specs = checks.to_specs(roots)
    checks.compare_with_engine(reader, roots, specs, reader.totals)
    warnings = list(dict.fromkeys(reader.warnings))
    for warning in warnings:
        log.info("sheet warning: %s", warning)
    year = _YEAR.search(title)
    return SheetImport(sheet=grid.sheet, specs=specs, warnings=warnings, title=title,
                       project_name=name, eval_year=year.group(1) if year else "",
                       header_row=header.row)


def import_sheet(path: str | Path, out_path: str | Path, user: str = "",
                 sheet: SheetImport | None = None) -> Project:
    """Create a new project file ``out_path`` holding the sheet's tree (inserted as one edit).

    ``sheet`` is a result of ``read_indicator_sheet`` already shown to the user; without it the
    sheet is read here. An existing ``out_path`` is never overwritten, and a failure leaves no
    file behind.
    """
    out = Path(out_path)
    if out.exists():
        raise ImportError_(f"{out.name} 已存在：请换一个文件名或先删除它")
    result = sheet if sheet is not None else read_indicator_sheet(path)
    if out.exists():
        raise ImportError_(f"{out.name} 已存在：请换一个文件名或先删除它")
    info = ProjectInfo(name=result.project_name, eval_year=result.eval_year)
    project = Project.create(None, info, user=user)   # built in memory, then written in one step
    try:
        project.apply(Edit(f"从 {Path(path).name} 导入指标", insert_ops(result.specs)),
                      kind="create")
    except BaseException:
        project.close()
        raise
    log.info("imported %d indicators from %s into %s", result.count(), path, out)
    return project.publish(out)
