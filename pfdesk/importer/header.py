"""Finding the header row of an indicator sheet and what each column holds; the title above it.

Firms label the same column many ways (分值 / 权重 / 权重（分）, 评分标准 / 评分要点 / 评价要点,
扣分原因 / 扣分说明 / 评分依据 …). Labels are compared without spaces, line breaks or a unit in
brackets. A weight or score column belongs to the level column on its left; when the sheet has
only one, it belongs to the deepest level.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..errors import ImportError_
from . import cells
from .sheetxml import column_letter
from .workbook import Grid

log = logging.getLogger(__name__)

__all__ = ["Header", "column_letter", "find_header", "find_title", "project_name", "role_of"]

HEADER_SEARCH_ROWS = 30
LOOKED_FOR = "“一级指标”“二级指标”“三级指标”“分值”或“权重”“得分”"

_LEVEL = re.compile(r"^([一二三四五])级(?:指标)?(?:名称)?$")
_LEVEL_NUMBERS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
# (role, pattern) in the order they are tried: 评分标准 must win over 评分, 扣分原因 over 得分.
_ROLES: list[tuple[str, re.Pattern[str]]] = [
    ("criteria", re.compile(r"^(?:评分|评价|考核)(?:标准|要点|细则|规则|方法|办法)")),
    ("reason", re.compile(r"^(?:扣分|评分|得分)(?:原因|说明|理由|依据|情况)")),
    ("explanation", re.compile(r"^指标(?:解释|说明|内涵|释义|定义)$")),
    ("actual", re.compile(r"^(?:实际(?:完成)?值|完成值|实际完成(?:情况|数)?)$")),
    ("target", re.compile(r"^(?:(?:年度)?(?:绩效)?(?:指标|目标|计划)值|目标值)$")),
    ("data_source", re.compile(r"^(?:数据来源|佐证材料)$")),
    ("weight", re.compile(r"^(?:指标)?(?:分值|权重|标准分|满分|权数)(?:值|分值|分|\(分值\)|\(权重\))?$")),
    ("score", re.compile(r"^(?:实际|评价|最终|考核|专家|自评)?(?:得分|评分)(?:值|结果)?$")),
]
TEXT_ROLES = ("explanation", "criteria", "reason", "target", "actual", "data_source")


@dataclass
class Header:
    """Where the header row is and what each column means (columns are 1-based)."""

    row: int
    level_cols: list[int]  # one column per tree level, shallowest first
    weight_cols: dict[int, int]  # tree depth (1-based) → column
    score_cols: dict[int, int]
    text_cols: dict[str, int]
    labels: dict[int, str]
    warnings: list[str] = field(default_factory=list)


def role_of(text: str) -> tuple[str, int]:
    """The role of a header label: ('level', n), ('weight', 0) … or ('', 0) when unknown."""
    match = _LEVEL.match(text)
    if match:
        return "level", _LEVEL_NUMBERS[match.group(1)]
    for role, pattern in _ROLES:
        if pattern.match(text):
            return role, 0
    return "", 0


def _row_labels(grid: Grid, row: int) -> dict[int, str]:
    """Header labels of a row; a label merged across columns counts once, down rows it repeats."""
    out: dict[int, str] = {}
    for col in range(1, grid.max_col + 1):
        origin = grid.origin(row, col)
        if origin[1] != col and origin[0] == row:
            continue
        text = cells.label(grid.value(row, col))
        if text:
            out[col] = text
    return out


def find_header(grid: Grid) -> Header:
    """Locate the header row (after any title rows) and map its columns; ImportError_ if absent."""
    near_miss = 0
    for row in range(1, min(grid.max_row, HEADER_SEARCH_ROWS) + 1):
        labels = _row_labels(grid, row)
        roles = {col: role_of(text) for col, text in labels.items()}
        levels = sorted((n, col) for col, (role, n) in roles.items() if role == "level")
        weights = [col for col, (role, _) in roles.items() if role == "weight"]
        if levels and not weights:
            near_miss = near_miss or row
        if levels and weights:
            return _build(grid.sheet, row, labels, roles, levels, weights)
    if near_miss:
        raise ImportError_(f"工作表“{grid.sheet}”第 {near_miss} 行有指标列，但找不到“分值”或“权重”列")
    raise ImportError_(f"工作表“{grid.sheet}”中找不到表头：在前 {HEADER_SEARCH_ROWS} 行中查找了 "
                       f"{LOOKED_FOR} 等列名")


def _build(sheet: str, row: int, labels: dict[int, str], roles: dict[int, tuple[str, int]],
           levels: list[tuple[int, int]], weights: list[int]) -> Header:
    warnings: list[str] = []
    level_cols: list[int] = []
    seen: set[int] = set()
    for number, col in levels:
        if number in seen:
            warnings.append(f"工作表“{sheet}”第 {row} 行有两列“{labels[col]}”，只读取了第一列")
            continue
        seen.add(number)
        level_cols.append(col)
    level_cols.sort()
    header = Header(row, level_cols, {}, {}, {}, labels, warnings)
    header.weight_cols = _attach(header, weights, "分值")
    header.score_cols = _attach(header, [c for c, (r, _) in roles.items() if r == "score"], "得分")
    for col in sorted(roles):
        role = roles[col][0]
        if role in TEXT_ROLES:
            if role in header.text_cols:
                warnings.append(f"工作表“{sheet}”第 {row} 行 {column_letter(col)} 列"
                                f"“{labels[col]}”与前面的列重复，未读取")
            else:
                header.text_cols[role] = col
    log.debug("header at row %d: %s", row, labels)
    return header


def _attach(header: Header, cols: list[int], what: str) -> dict[int, int]:
    """Give each weight/score column to the level column on its left (one column: the deepest)."""
    depth = len(header.level_cols)
    if len(cols) == 1:
        return {depth: cols[0]}
    out: dict[int, int] = {}
    for col in sorted(cols):
        left = [i + 1 for i, lc in enumerate(header.level_cols) if lc < col]
        place = f"第 {header.row} 行 {column_letter(col)} 列"
        if not left:
            header.warnings.append(f"{place}的“{header.labels[col]}”在所有指标列左侧，未读取")
        elif left[-1] in out:
            header.warnings.append(f"{place}又是一列{what}，未读取")
        else:
            out[left[-1]] = col
    return out


_TITLE_TAIL = re.compile(
    r"(?:的)?(?:财政)?(?:支出)?(?:绩效)?(?:评价)?(?:指标体系|指标)?(?:及|和|与)?"
    r"(?:评分|打分|得分|评价|考核)?(?:明细|汇总)?表?$")
_TITLE_HEAD = re.compile(r"^(?:附件|附表)[\d\-—－.]*[：:\s]*")
_NAME_FIELD = re.compile(r"项目名称[：:]\s*(.+)$")


def find_title(grid: Grid, header_row: int) -> tuple[str, str]:
    """(the title text above the header, the project name read from it, '' when there is none)."""
    title = ""
    for row in range(1, header_row):
        for col in range(1, grid.max_col + 1):
            value = grid.own(row, col)
            if isinstance(value, str) and cells.name_text(value):
                text = cells.name_text(value)
                match = _NAME_FIELD.search(text)
                if match:
                    return text, match.group(1).strip()
                title = title or text
    return title, project_name(title)


def project_name(title: str) -> str:
    """'XX项目绩效评价指标评分表' → 'XX项目'; a title that is only the table's kind gives ''."""
    name = cells.strip_numbering(_TITLE_HEAD.sub("", title.strip()))
    name = _TITLE_TAIL.sub("", name).strip(" ：:-—")
    if not name or cells.is_total(name) or len(name) < 2:
        return ""
    return name
