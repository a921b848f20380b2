"""Reading a written report back with python-docx: texts in order, tables, styles, sections."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn


def open_doc(path: Path) -> Document:
    """Open a .docx."""
    return docx.Document(str(path))


def body_texts(doc: Document) -> list[str]:
    """Texts of the body paragraphs (not table cells), in order."""
    return [p.text for p in doc.paragraphs]


def table_rows(doc: Document) -> list[list[list[str]]]:
    """Every table as rows of cell texts (merged cells repeat, as python-docx gives them)."""
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


def all_text(doc: Document) -> str:
    """Body paragraphs and every cell's text, joined by newlines."""
    parts = body_texts(doc)
    for table in table_rows(doc):
        for row in table:
            parts.extend(row)
    return "\n".join(parts)


def instr_texts(element) -> list[str]:
    """Field instructions (w:instrText) below an element."""
    return [(t.text or "").strip() for t in element.iter(qn("w:instrText"))]
