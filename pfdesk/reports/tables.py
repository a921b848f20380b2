"""Tables the way Word and WPS both lay them out: fixed widths in the grid and in every cell,
full borders, header rows that repeat on each page, merged cells written after merging.

A table is given as a matrix of texts (``None`` for a position covered by a merge), the column
widths in millimetres and the merged rectangles.

No row splits across pages (``w:cantSplit`` on every row), except rows a form marks
``breakable`` (the 结果信息表's long 主要绩效 / 存在问题 text runs on as seed 003's does).
Rows that share a vertically merged label are held together (keep-with-next on their
paragraphs), so a page breaks only between label groups and the label is never left blank at
the top of a page. A group too tall for one page (about ``MAX_BLOCK_MM`` by an estimate of its
lines) is cut into blocks at the boundaries of its inner merges; each vertical merge crossing a
cut is restarted there with its label written again, so every page that continues a group shows
the label. This keeps the merged look of the seeds' tables, which repeating the label in every
row would lose.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Cell

from ..text import clean
from .docx_style import STYLES, insert_before, set_fonts
from .writer import Writer

log = logging.getLogger(__name__)

TWIPS_PER_MM = 1440 / 25.4
CELL_MARGIN_TWIPS = 57          # 1 mm left and right inside each cell
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
Merge = tuple[int, int, int, int]   # top row, left column, bottom row, right column (inclusive)
MAX_BLOCK_MM = 150              # rows held together are kept below this estimated height
_PT_MM = 25.4 / 72


@dataclass
class TableSpec:
    """What to draw: texts by row and column, widths (mm), header rows, merges, alignment."""

    cells: list[list[str | None]]
    widths: Sequence[float]
    header_rows: int = 1
    merges: list[Merge] = field(default_factory=list)
    aligns: Sequence[str] = ()          # per column, for body rows: 'center' / 'left'
    bold_rows: Sequence[int] = ()       # body rows in bold (合计)
    borders: bool = True
    role: str = "table"                 # paragraph style of the cells
    keep_together: int = 16             # short tables up to this many rows stay on one page
    heights: dict[int, float] = field(default_factory=dict)   # row → least height (mm)
    breakable: Sequence[int] = ()       # rows of long text that may run on to the next page


def twips(mm: float) -> int:
    """Millimetres to twentieths of a point."""
    return round(mm * TWIPS_PER_MM)


def _set_table_props(table: Table, widths: Sequence[float], borders: bool) -> None:
    tbl_pr = table._tbl.tblPr
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), str(sum(twips(w) for w in widths)))
    width.set(qn("w:type"), "dxa")
    for old in tbl_pr.findall(qn("w:tblW")):
        tbl_pr.remove(old)
    insert_before(tbl_pr, width, ("w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
                                  "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    if borders:
        box = OxmlElement("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{side}")
            line.set(qn("w:val"), "single")
            line.set(qn("w:sz"), "4")
            line.set(qn("w:space"), "0")
            line.set(qn("w:color"), "000000")
            box.append(line)
        insert_before(tbl_pr, box, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"))
    for old in tbl_pr.findall(qn("w:tblLayout")):
        tbl_pr.remove(old)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert_before(tbl_pr, layout, ("w:tblCellMar", "w:tblLook"))
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    insert_before(tbl_pr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))
    grid = table._tbl.tblGrid
    for col, mm in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(twips(mm)))


def _repeat_header(table: Table, rows: int) -> None:
    for row in table.rows[:rows]:
        tr_pr = row._tr.get_or_add_trPr()
        for tag in ("w:cantSplit", "w:tblHeader"):
            flag = OxmlElement(tag)
            tr_pr.append(flag)


def write_cell(writer: Writer, cell: _Cell, text: str, align: str = "center",
               bold: bool = False, role: str = "table") -> None:
    """Replace a cell's content with ``text`` (one paragraph per line) in the table style."""
    paragraphs = cell.paragraphs
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    first = paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    lines = clean(text).split("\n") or [""]
    font = writer.styles.fonts[role]
    for index, line in enumerate(lines):
        para = first if index == 0 else cell.add_paragraph()
        writer.styles.apply(para, role)
        para.alignment = _ALIGN[align]
        if line:
            run = para.add_run(line)
            set_fonts(run._r, font)
            if bold:
                run.bold = True
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def add_table(writer: Writer, spec: TableSpec) -> Table:
    """Draw a table at the end of the document from a ``TableSpec``."""
    writer.flush_break()
    spec, breaks = hold_groups(spec)
    n_rows, n_cols = len(spec.cells), len(spec.widths)
    table: Table = writer.doc.add_table(rows=n_rows, cols=n_cols)   # python-docx leaves it unannotated
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_table_props(table, spec.widths, spec.borders)
    for row in table.rows:
        for cell, mm in zip(row.cells, spec.widths, strict=True):
            cell.width = Mm(mm)
    if spec.header_rows:
        _repeat_header(table, spec.header_rows)
    for index, mm in spec.heights.items():
        table.rows[index].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        table.rows[index].height = Mm(mm)
    # The corners are taken before any merge (one cell per grid position then): python-docx's
    # table.cell() walks the whole table each time, which made large tables slow.
    plain = [[_Cell(tc, table) for tc in tr.tc_lst] for tr in table._tbl.tr_lst]
    corners = [(plain[top][left], plain[bottom][right])
               for top, left, bottom, right in spec.merges]
    for first, last in corners:
        first.merge(last)
    bold_rows = set(spec.bold_rows)
    grid = [row.cells for row in table.rows]   # merged positions repeat the same cell
    done: set[int] = set()
    for r, texts in enumerate(spec.cells):
        header = r < spec.header_rows
        for c, text in enumerate(texts):
            cell = grid[r][c]
            if text is None or id(cell._tc) in done:
                continue
            done.add(id(cell._tc))
            align = "center" if header or not spec.aligns else spec.aligns[c]
            write_cell(writer, cell, text, align, bold=header or r in bold_rows, role=spec.role)
    _no_split(table, set(spec.breakable))
    if n_rows <= spec.keep_together and _short_rows(spec.cells):
        _keep_together(table)
    else:
        if spec.header_rows:
            _keep_rows_with_next(table, spec.header_rows)   # the header never ends a page
        _hold_rows(table, spec.header_rows, breaks)
    return table


def _no_split(table: Table, breakable: set[int] | None = None) -> None:
    """``w:cantSplit`` on every row but the ``breakable`` ones: a row is never cut across two
    pages, except a form's long text that would otherwise leave most of a page blank."""
    for index, tr in enumerate(table._tbl.tr_lst):
        if breakable and index in breakable:
            continue
        tr_pr = tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _hold_rows(table: Table, header_rows: int, breaks: set[int]) -> None:
    """Keep-with-next on every body row whose next row is not a permitted page break."""
    rows = table._tbl.tr_lst
    for index in range(header_rows, len(rows) - 1):
        if index + 1 in breaks:
            continue
        for tc in rows[index].tc_lst:
            for p in tc.p_lst:
                p.get_or_add_pPr().keepNext_val = True


def _text_mm(text: str, width_mm: float, size_pt: float) -> float:
    """Estimated height of a cell's text: lines × line height."""
    char_mm = size_pt * _PT_MM
    usable = max(width_mm - 2 * CELL_MARGIN_TWIPS / TWIPS_PER_MM, char_mm)
    lines = 0
    for line in (text or "").split("\n"):
        units = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line)
        lines += max(1, -(-int(units * char_mm * 100) // int(usable * 100)))
    return lines * size_pt * 1.3 * _PT_MM + 1.0


def _row_heights(spec: TableSpec, vertical: list[Merge]) -> list[float]:
    """Estimated height of each row from its cells that are not vertically merged."""
    size = STYLES[spec.role].size if spec.role in STYLES else 10.5
    covered = {(r, c) for top, left, bottom, right in vertical
               for r in range(top, bottom + 1) for c in range(left, right + 1)}
    spans = {(top, left): right for top, left, bottom, right in spec.merges if top == bottom}
    heights = []
    for r, row in enumerate(spec.cells):
        best = 5.0
        for c, text in enumerate(row):
            if text is None or (r, c) in covered:
                continue
            right = spans.get((r, c), c)
            best = max(best, _text_mm(text, sum(spec.widths[c:right + 1]), size))
        heights.append(max(best, spec.heights.get(r, 0.0)))
    return heights


def hold_groups(spec: TableSpec) -> tuple[TableSpec, set[int]]:
    """The spec with tall label groups cut into blocks, and the body rows a page may start at.

    A group is the rows under one first-column vertical merge (a row without one is a group of
    its own). Blocks are the smallest runs of rows no vertical merge crosses; a group taller
    than ``MAX_BLOCK_MM`` is cut between blocks (between rows if one block is that tall), and
    every vertical merge crossing a cut restarts there with its text repeated.
    """
    first = spec.header_rows
    n_rows = len(spec.cells)
    vertical = [m for m in spec.merges if m[0] < m[2] and m[0] >= first]
    if not vertical:
        return spec, set(range(first, n_rows + 1))
    heights = _row_heights(spec, vertical)
    group_of = list(range(n_rows))
    for top, left, bottom, _ in vertical:
        if left == 0:
            for r in range(top, bottom + 1):
                group_of[r] = top
    crossing = {r for top, _, bottom, _ in vertical for r in range(top + 1, bottom + 1)}
    breaks = {r for r in range(first, n_rows) if group_of[r] == r}
    start = first
    while start < n_rows:
        end = start
        while end + 1 < n_rows and group_of[end + 1] == group_of[start]:
            end += 1
        used, last_cut = 0.0, start
        for r in range(start, end + 1):
            if r > last_cut and used + heights[r] > MAX_BLOCK_MM:
                cut = r                 # between rows, unless a block boundary is near
                while cut > last_cut + 1 and cut in crossing:
                    cut -= 1
                if cut in crossing:
                    cut = r
                breaks.add(cut)
                last_cut = cut
                used = sum(heights[cut:r + 1])
            else:
                used += heights[r]
        start = end + 1
    return _split_merges(spec, breaks), breaks


def _split_merges(spec: TableSpec, breaks: set[int]) -> TableSpec:
    """Restart each vertical merge at the breaks inside it, writing its text again."""
    cells = [list(row) for row in spec.cells]
    merges: list[Merge] = []
    for top, left, bottom, right in spec.merges:
        cuts = sorted(b for b in breaks if top < b <= bottom) if top < bottom else []
        if not cuts or top < spec.header_rows:
            merges.append((top, left, bottom, right))
            continue
        text = cells[top][left]
        edges = [top, *cuts, bottom + 1]
        for a, b in itertools.pairwise(edges):
            if a != top:
                cells[a][left] = text
            if b - 1 > a or right > left:
                merges.append((a, left, b - 1, right))
    return TableSpec(cells, spec.widths, spec.header_rows, merges, spec.aligns, spec.bold_rows,
                     spec.borders, spec.role, spec.keep_together, spec.heights, spec.breakable)


def _short_rows(cells: list[list[str | None]]) -> bool:
    """Whether every cell is short (one or two table lines): the table is worth keeping whole."""
    return all(len(text or "") <= 40 for row in cells for text in row)


def _keep_rows_with_next(table: Table, count: int) -> None:
    for row in table.rows[:count]:
        for tc in row._tr.tc_lst:
            for p in tc.p_lst:
                p.get_or_add_pPr().keepNext_val = True


def _keep_together(table: Table) -> None:
    """Keep a short table on one page: rows unsplit, every row kept with the next."""
    rows = table.rows
    for index, row in enumerate(rows):
        tr_pr = row._tr.get_or_add_trPr()
        if tr_pr.find(qn("w:cantSplit")) is None:
            tr_pr.insert(0, OxmlElement("w:cantSplit"))
        if index == len(rows) - 1:
            continue
        for tc in row._tr.tc_lst:
            for p in tc.p_lst:
                p.get_or_add_pPr().keepNext_val = True


def vertical_label(text: str) -> str:
    """A narrow label cell written one character per line (主\\n要\\n问\\n题)."""
    return "\n".join(text)
