"""Sections, footers and fields of a report: the page number, the cover section, the TOC; and
what the forms' covers print: the 附件 labels and the tick boxes (☑ / □).

python-docx has no API for these, so they are written as WordprocessingML in schema order:
"— 1 —" is a PAGE field between two dashes, centred in the footer; a cover is its own section
whose footer is empty while the body section restarts numbering at 1 (``w:pgNumType``); the
table of contents is a complex field whose entries ``docx_package`` writes out when the
document is finished (and gives the TOC page a section without page number). Nothing asks
Word to update fields on open: ``w:updateFields`` makes Word prompt on every opening.

A document of several forms' sets (the 附件1 set of each project, seed 002) has a cover section
per project: ``start_cover`` gives a later cover an empty footer of its own (a section without
one would show the page numbers of the one before) and ``end_form_cover`` numbers the body
after it from 1 with the first body's footer. ``ticks`` writes a choice the way the covers do:
'□实施过程评价　☑完成结果评价' (seed 002) or '事前评价□　事中评价□　事后评价☑' (seed 004).
``region`` is the place a city's forms put before their titles ("上城区财政支出绩效评价结果反馈书",
seed 004): the commissioning finance bureau's name without "财政局" / "财政厅".
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from copy import deepcopy

from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from ..model import ProjectInfo
from .docx_style import SONG, insert_before, set_fonts
from .writer import Writer

log = logging.getLogger(__name__)

TOC_INSTRUCTION = 'TOC \\o "1-2" \\h \\z \\u'
TOC_PLACEHOLDER = "目录将在打开文档时更新；如未显示，请右键单击此处并选择“更新域”。"
# w:sectPr children after w:pgNumType, in schema order.
_AFTER_PGNUMTYPE = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                    "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
                    "w:printerSettings", "w:sectPrChange")
# w:settings children after w:updateFields, in schema order.
_AFTER_UPDATEFIELDS = ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                       "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                       "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                       "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                       "w:readModeInkLockDown", "w:smartTagType", "w:schemaLibrary",
                       "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                       "w:listSeparator")


def _fld_char(run: object, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")
    run._r.append(el)  # type: ignore[attr-defined]


def _instr(run: object, text: str) -> None:
    el = OxmlElement("w:instrText")
    el.set(qn("xml:space"), "preserve")
    el.text = f" {text} "
    run._r.append(el)  # type: ignore[attr-defined]


def add_field(paragraph: Paragraph, instruction: str, shown: str, font: str,
              size: float | None = None) -> None:
    """A complex field (begin, instruction, separate, shown result, end) at the paragraph's end."""
    begin, instr, sep = paragraph.add_run(), paragraph.add_run(), paragraph.add_run()
    _fld_char(begin, "begin")
    _instr(instr, instruction)
    _fld_char(sep, "separate")
    shown_run = paragraph.add_run(shown)
    end = paragraph.add_run()
    _fld_char(end, "end")
    for run in (begin, instr, sep, shown_run, end):
        set_fonts(run._r, font)
        if size:
            run.font.size = Pt(size)


def page_number_footer(section: Section) -> None:
    """A footer of its own with "— N —" centred, 宋体 四号."""
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    for run in list(paragraph.runs):
        run._r.getparent().remove(run._r)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    lead = paragraph.add_run("— ")
    set_fonts(lead._r, SONG)
    lead.font.size = Pt(14)
    add_field(paragraph, "PAGE", "1", SONG, 14)
    tail = paragraph.add_run(" —")
    set_fonts(tail._r, SONG)
    tail.font.size = Pt(14)


def has_footer(section: Section) -> bool:
    """Whether the section names a footer of its own."""
    return section._sectPr.find(qn("w:footerReference")) is not None


def restart_numbering(section: Section, start: int = 1) -> None:
    """``w:pgNumType w:start`` on a section, in schema order."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:pgNumType")):
        sect_pr.remove(old)
    element = OxmlElement("w:pgNumType")
    element.set(qn("w:start"), str(start))
    insert_before(sect_pr, element, _AFTER_PGNUMTYPE)


def ensure_page_numbers(doc: DocxDocument) -> None:
    """Give the last section a page-number footer unless the house style brings its own."""
    section = doc.sections[-1]
    if not has_footer(section):
        page_number_footer(section)


def end_cover(doc: DocxDocument) -> None:
    """Close the cover: new section; the cover keeps no footer, the body numbers from 1."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    cover, body = doc.sections[-2]._sectPr, doc.sections[-1]._sectPr
    # python-docx leaves the house header/footer references on the cover: move footers to the
    # body (the cover then has none), copy headers.
    for ref in cover.findall(qn("w:footerReference")):
        cover.remove(ref)
        body.insert(0, ref)
    for ref in cover.findall(qn("w:headerReference")):
        body.insert(0, _copy(ref))
    for ref in cover.findall(qn("w:titlePg")):
        cover.remove(ref)
    ensure_page_numbers(doc)
    restart_numbering(doc.sections[-1], 1)


def start_cover(doc: DocxDocument) -> None:
    """Begin a later project's cover on a new page: a section with an empty footer of its own."""
    doc.add_section(WD_SECTION.NEW_PAGE)
    footer = doc.sections[-1].footer
    footer.is_linked_to_previous = False
    for paragraph in footer.paragraphs:
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)


def end_form_cover(doc: DocxDocument) -> None:
    """Close a forms' cover: the first one as ``end_cover``; a later one (after ``start_cover``)
    gives the body after it the first body's footer, numbered from 1 again."""
    if len(doc.sections) == 1:
        end_cover(doc)
        return
    doc.add_section(WD_SECTION.NEW_PAGE)
    body = doc.sections[-1]._sectPr
    for ref in doc.sections[1]._sectPr.findall(qn("w:footerReference")):
        body.insert(0, _copy(ref))
    restart_numbering(doc.sections[-1], 1)


# ----- what the forms' covers print -----

TICKED, BOX = "☑", "□"
# 评价类型 on the 附件1 cover (seed 002): an evaluation during the work is 实施过程评价, one
# after it 完成结果评价 (事前 is added ticked when chosen).
FORM_EVAL_TYPES = {"事中": "实施过程评价", "事后": "完成结果评价"}
# 组织方式 and 评价机构 on the 附件1 cover (seed 002).
FORM_ORG_METHODS = ("财政部门", "主管部门", "项目单位")
FORM_EVALUATOR_KINDS = ("中介机构", "专家组", "项目单位评价组")
# 评价方式 and 评价机构 in seed 004's words (its report cover and our feedback letter).
MODE_WORDS = {"单位自评": "部门（单位）绩效自评", "部门评价": "主管部门组织评价",
              "财政评价": "财政部门组织评价"}
REPORT_EVALUATOR_KINDS = ("中介机构", "部门（单位）评价组", "财政评价组")


def ticks(options: Sequence[str], chosen: str, box_first: bool = True) -> str:
    """The options with the chosen one ticked: '☑财政部门　□主管部门　□项目单位', or with the box
    after each ('事前评价□　事中评价□　事后评价☑'). A chosen value that is not among the options
    is added, ticked, at the end; nothing chosen ticks nothing."""
    chosen = " ".join(chosen.split())
    items = [*options, chosen] if chosen and chosen not in options else list(options)

    def mark(option: str) -> str:
        box = TICKED if option == chosen else BOX
        return box + option if box_first else option + box

    return "　".join(mark(option) for option in items)


def form_eval_type(info: ProjectInfo) -> str:
    """评价类型 as the 附件1 cover ticks it: '□实施过程评价　☑完成结果评价'."""
    kind = info.eval_type.strip()
    chosen = FORM_EVAL_TYPES.get(kind, f"{kind}评价" if kind else "")
    return ticks(tuple(FORM_EVAL_TYPES.values()), chosen)


def report_checks(info: ProjectInfo) -> list[tuple[str, str]]:
    """评价类型, 评价方式 and 评价机构 ticked in seed 004's words (box after each option)."""
    kind = info.eval_type.strip()
    mode = info.eval_mode.strip()
    return [("评价类型", ticks(("事前评价", "事中评价", "事后评价"), f"{kind}评价" if kind else "",
                           box_first=False)),
            ("评价方式", ticks(tuple(MODE_WORDS.values()), MODE_WORDS.get(mode, mode),
                           box_first=False)),
            ("评价机构", ticks(REPORT_EVALUATOR_KINDS, info.evaluator_kind, box_first=False))]


FINANCE_BUREAUS = ("财政局", "财政厅")


def region(info: ProjectInfo) -> str:
    """'上城区' for a project commissioned by 上城区财政局 (浙江省财政厅 → 浙江省); '' when the
    commissioner is not a finance bureau (a department's own evaluation) or names no place."""
    commissioner = "".join((info.commissioner or "").split())
    for suffix in FINANCE_BUREAUS:
        if commissioner.endswith(suffix):
            return commissioner[:-len(suffix)]
    return ""


def attachment_label(w: Writer, text: str) -> Paragraph:
    """'附件1' / '附件2-1' at the top left of its page, in the heading font (黑体 三号)."""
    para = w.paragraph("plain", align="left")
    run = para.add_run(text)
    set_fonts(run._r, w.styles.fonts["h1"])
    return para


def _copy(element: object) -> object:
    return deepcopy(element)


def add_toc(paragraph: Paragraph, font: str) -> None:
    """The table-of-contents field (levels 1–3, hyperlinked) in an empty paragraph."""
    add_field(paragraph, TOC_INSTRUCTION, TOC_PLACEHOLDER, font)


def update_fields_on_open(doc: DocxDocument) -> None:
    """Nothing any more: ``w:updateFields`` made Word ask on every opening; the TOC's entries
    are written by ``docx_package.write_toc`` instead. Kept for the layouts that call it."""


def _update_fields_setting(doc: DocxDocument) -> None:
    """``w:updateFields`` in schema order (only for documents meant to ask)."""
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is not None:
        return
    element = OxmlElement("w:updateFields")
    element.set(qn("w:val"), "true")
    insert_before(settings, element, _AFTER_UPDATEFIELDS)
