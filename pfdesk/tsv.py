"""Tab-separated text as Excel and WPS copy it, both ways: the one reader and writer of the
clipboard for the score tree's paste (``paste``) and the tables' (``table_paste``).

Line ends may be ``\r\n``, ``\n`` or ``\r``; a cell that begins with a quote and whose quote
closes right before a separator holds tabs, line breaks and doubled quotes; any other quote is
text (``"好"的评价``); the empty line after the last row makes no row.
"""

from __future__ import annotations

from collections.abc import Sequence


def rows(text: str) -> list[list[str]]:
    """Excel's clipboard text as rows of cells (quoted cells may hold tabs and line breaks);
    the empty line after the last row is dropped."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, n = 0, len(text)
    at_start = True
    while i < n:
        ch = text[i]
        if at_start and ch == '"':
            end, value = _quoted(text, i)
            if end is not None:
                cell.append(value)
                i, at_start = end, False
                continue
        at_start = False
        if ch == "\t":
            row.append("".join(cell))
            cell, at_start = [], True
        elif ch in "\r\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell, at_start = [], [], True
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows


def _quoted(text: str, start: int) -> tuple[int | None, str]:
    """A quoted cell from ``start`` (the opening quote): (index after it, its text), or
    (None, '') when the quote does not close right before a separator or the end."""
    out, i = [], start + 1
    while i < len(text):
        if text[i] == '"':
            if text.startswith('""', i):
                out.append('"')
                i += 2
                continue
            end = i + 1
            if end == len(text) or text[end] in "\t\r\n":
                return end, "".join(out)
            return None, ""
        out.append(text[i])
        i += 1
    return None, ""


def text(lines: Sequence[Sequence[str]]) -> str:
    """Lines of cells as tab-separated text that Excel pastes back as cells (CRLF; cells with a
    tab, a line break or a quote are quoted)."""
    def cell(value: str) -> str:
        if any(c in value for c in '\t\r\n"'):
            return '"' + value.replace('"', '""') + '"'
        return value
    return "".join("\t".join(cell(v) for v in line) + "\r\n" for line in lines)


