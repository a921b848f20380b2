"""The ``Writer`` every layout writes through: styled paragraphs, headings, numbered tables and figures.

Every run gets its East Asian font set explicitly (Word and WPS otherwise fall back to another
font), and all text passes through ``pfdesk.text.clean`` so a user's pasted control characters
can never break the file. Tables are numbered "表1 …" above them, figures "图1 …" below.
"""

from __future__ import annotations

import io
import logging

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from ..text import clean
from .docx_style import DocStyles, set_fonts

log = logging.getLogger(__name__)

HEADING_ROLES = {1: "h1", 2: "h2", 3: "h3"}


class Writer:
    """Appends content to one document, numbering tables and figures as it goes."""

    def __init__(self, doc: DocxDocument, styles: DocStyles) -> None:
        self.doc = doc
        self.styles = styles
        self.table_no = 0
        self.figure_no = 0
        self._break_next = False

    # ----- paragraphs -----

    def paragraph(self, role: str, text: str = "", bold: bool | None = None,
                  align: str | None = None) -> Paragraph:
        """A new paragraph in a role's style ('body', 'h1', 'table_title', …) holding ``text``."""
        para = self.doc.add_paragraph()
        self.styles.apply(para, role)
        if self._break_next:
            para.paragraph_format.page_break_before = True
            self._break_next = False
        if align == "center":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif align == "right":
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif align == "left":
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if text:
            self.run(para, text, role, bold)
        return para

    def run(self, para: Paragraph, text: str, role: str, bold: bool | None = None) -> None:
        """Append cleaned text to a paragraph with the role's East Asian font on the run."""
        run = para.add_run(clean(text))
        set_fonts(run._r, self.styles.fonts[role])
        if bold is not None:
            run.bold = bold

    def title(self, text: str) -> Paragraph:
        """The document title (宋体 二号, centred)."""
        return self.paragraph("title", text)

    def heading(self, level: int, text: str) -> Paragraph:
        """A heading: 1 一、(黑体), 2 （一）(楷体), 3 1.(仿宋)."""
        return self.paragraph(HEADING_ROLES[level], text)

    def body(self, text: str, role: str = "body") -> list[Paragraph]:
        """Body paragraphs, one per non-empty line of ``text``."""
        lines = [line.strip() for line in clean(text).split("\n")]
        return [self.paragraph(role, line) for line in lines if line]

    def lead_paragraph(self, lead: str, text: str) -> Paragraph:
        """A body paragraph opening with a bold lead ('A11立项依据充分性，权重5分，得分5分。')."""
        para = self.paragraph("body")
        self.run(para, lead, "body", bold=True)
        if text:
            self.run(para, text, "body")
        return para

    def page_break(self) -> None:
        """Start the next paragraph on a new page."""
        self._break_next = True

    def flush_break(self) -> None:
        """Before a table: a pending page break needs a paragraph of its own."""
        if self._break_next:
            self._break_next = False
            para = self.doc.add_paragraph()
            self.styles.apply(para, "plain")
            para.add_run().add_break(WD_BREAK.PAGE)

    # ----- numbered titles and figures -----

    def table_title(self, text: str) -> str:
        """'表N text' above the next table; returns the number's label ('表N')."""
        self.table_no += 1
        label = f"表{self.table_no}"
        self.paragraph("table_title", f"{label} {text}")
        return label

    def figure(self, png: bytes, caption: str, width_mm: float = 140) -> str:
        """A picture (centred, single-spaced style) with '图N caption' below; returns '图N'."""
        para = self.paragraph("picture")
        para.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
        self.figure_no += 1
        label = f"图{self.figure_no}"
        self.paragraph("caption", f"{label} {caption}")
        return label
