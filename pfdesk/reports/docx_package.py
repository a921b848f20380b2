"""The package around a report: properties, settings, font table, styles part and the TOC.

python-docx starts every document from its own template, which leaves traces Word shows: the
author "python-docx" and a 2013 date, "Microsoft Macintosh Word" as the application with a
blank thumbnail, compatibility mode 14 (Word's 兼容模式), a font table without the Chinese
fonts, and a ``stylesWithEffects`` part that no longer matches ``styles.xml``. ``finish`` puts
all of this right on a document that is otherwise complete:

- core properties: title, subject and author from the project and the firm, created and
  modified now (UTC), no keywords or comments; app.xml names pfdesk with an AppVersion in
  Word's ``XX.YYYY`` form (Word reports a file as damaged for another form, e.g. "3.1.0");
  the thumbnail part is dropped with its relationship (the content type goes with the part);
- settings: compatibility mode 15 with the settings Word 2013 and later write beside it, no
  ``updateFields`` (that is what makes Word ask "此文档包含的域可能引用了其他文件…" on every
  open) and no request to save a preview picture;
- ``stylesWithEffects.xml`` is dropped: Word 2013 and later neither write nor need it, and
  Word 2010 falls back to ``styles.xml``;
- the font table lists every font the styles and runs name, the Chinese ones with their
  English alternative name, GB2312 character set (86), panose, family and pitch; with
  ``gb2312`` the house option, 仿宋 and 楷体 become 仿宋_GB2312 and 楷体_GB2312 everywhere;
- a TOC field (``pages.add_toc``) gets its result written out: one paragraph per heading of
  levels 1–2 found after it (styles TOC 1 / TOC 2, dot leader, page number at the right
  margin), each a link to a bookmark on its heading with a PAGEREF for the number. The page
  numbers are filled in by ``compute_pages`` (LibreOffice) when available; otherwise they are
  left empty and the field is marked dirty (Word's marker for a stale result: refreshed when
  fields are updated — F9, printing — or on opening where Word's "update automatic links at
  open" is on; reports from other writers show no setting that updates on open without a
  prompt). The entries are readable either way, and nothing asks on opening;
- the TOC page gets a section of its own without a footer, so the cover and the TOC carry no
  page number and the first body page is 1.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Pt
from lxml import etree

from .. import __version__
from .docx_style import FANG, HEI, KAI, LATIN, SONG, DocStyles, insert_before, set_fonts

log = logging.getLogger(__name__)

APPLICATION = "pfdesk"
TOC_LEVELS = 2
TOC_INSTRUCTION = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'
TOC_PT = 14                       # 四号
TOC_LINE_PT = 28
TOC_MIN_LINE_PT = 20              # the TOC's lines close up to this to stay on one page
TOC_TITLE_PT = 60                 # the 目录 title line and the space under it
GB2312_FONTS = {FANG: "仿宋_GB2312", KAI: "楷体_GB2312"}
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_WORD_URI = "http://schemas.microsoft.com/office/word"
# What Word 2013 and later write in w:compat (compatibilityMode 15 and its companions).
COMPAT_SETTINGS = (("compatibilityMode", "15"),
                   ("overrideTableStyleFontSizeAndJustification", "1"),
                   ("enableOpenTypeFeatures", "1"),
                   ("doNotFlipMirrorIndents", "1"),
                   ("differentiateMultirowTableHeaders", "1"),
                   ("useWord2013TrackBottomHyphenation", "0"))
# w:settings children after w:compat, in schema order.
_AFTER_COMPAT = ("w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                 "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                 "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                 "w:readModeInkLockDown", "w:smartTagType", "w:schemaLibrary",
                 "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                 "w:listSeparator")


@dataclass(frozen=True)
class FontInfo:
    """A font-table entry: the name Word shows and what it needs to substitute it."""

    alt: str
    panose: str
    family: str
    pitch: str
    charset: str = "86"           # GB2312


FONTS: dict[str, FontInfo] = {
    SONG: FontInfo("SimSun", "02010600030101010101", "auto", "variable"),
    HEI: FontInfo("SimHei", "02010609060101010101", "modern", "fixed"),
    FANG: FontInfo("FangSong", "02010609060101010101", "modern", "fixed"),
    KAI: FontInfo("KaiTi", "02010609060101010101", "modern", "fixed"),
    "仿宋_GB2312": FontInfo("FangSong_GB2312", "02010609030101010101", "modern", "fixed"),
    "楷体_GB2312": FontInfo("KaiTi_GB2312", "02010609030101010101", "modern", "fixed"),
    "方正小标宋简体": FontInfo("FZXiaoBiaoSong-B05S", "02000000000000000000", "auto", "variable"),
    "微软雅黑": FontInfo("Microsoft YaHei", "020B0503020204020204", "swiss", "variable"),
    LATIN: FontInfo("", "02020603050405020304", "roman", "variable", "00"),
}


@dataclass(frozen=True)
class PackageInfo:
    """What the properties say: the report's title, its subject and who wrote it."""

    title: str
    subject: str
    author: str
    when: datetime | None = None


@dataclass
class TocEntry:
    """One heading listed in the TOC: level (1, 2), text, bookmark and its page (if known)."""

    level: int
    text: str
    bookmark: str
    page: int | None = None


# ----- properties -----

def app_version(version: str = __version__) -> str:
    """pfdesk's version in the XX.YYYY form Word accepts ('0.1.0' → '00.0100')."""
    parts = [int(p) for p in re.findall(r"\d+", version)[:3]] + [0, 0, 0]
    major, minor, patch = parts[0] % 100, parts[1] % 100, parts[2] % 100
    return f"{major:02d}.{minor:02d}{patch:02d}"


def _w3cdtf(when: datetime) -> datetime:
    return when.astimezone(UTC).replace(microsecond=0, tzinfo=None)


def set_properties(doc: DocxDocument, info: PackageInfo) -> None:
    """core.xml and app.xml from ``info``; the thumbnail part goes."""
    now = _w3cdtf(info.when or datetime.now(UTC))
    core = doc.core_properties
    core.title = info.title[:255]
    core.subject = info.subject[:255]
    core.author = info.author[:255]
    core.last_modified_by = info.author[:255]
    core.keywords = ""
    core.comments = ""
    core.category = ""
    core.revision = 1
    core.created = now
    core.modified = now
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = app_xml(info)
    if not any(rel.reltype == RT.EXTENDED_PROPERTIES for rel in package.rels.values()):
        log.info("document without app.xml: left so")


def app_xml(info: PackageInfo) -> bytes:
    """docProps/app.xml: pfdesk as the application, the firm as the company, no template."""
    root = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP, "vt": _VT})
    for tag, value in (("Template", ""), ("TotalTime", "0"), ("Application", APPLICATION),
                       ("DocSecurity", "0"), ("ScaleCrop", "false"), ("Company", info.author),
                       ("LinksUpToDate", "false"), ("SharedDoc", "false"),
                       ("HyperlinksChanged", "false"), ("AppVersion", app_version())):
        etree.SubElement(root, f"{{{_EP}}}{tag}").text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


# ----- settings and styles -----

def clean_settings(doc: DocxDocument) -> None:
    """Compatibility mode 15, no updateFields prompt, no preview picture."""
    settings = doc.settings.element
    for tag in ("w:updateFields", "w:savePreviewPicture"):
        for old in settings.findall(qn(tag)):
            settings.remove(old)
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        insert_before(settings, compat, _AFTER_COMPAT)
    for child in list(compat):
        compat.remove(child)    # legacy switches (useFELayout…) mean nothing in mode 15
    for name, value in COMPAT_SETTINGS:
        setting = OxmlElement("w:compatSetting")
        setting.set(qn("w:name"), name)
        setting.set(qn("w:uri"), _WORD_URI)
        setting.set(qn("w:val"), value)
        compat.append(setting)


def drop_styles_with_effects(doc: DocxDocument) -> None:
    """Remove the Word 2010 copy of the styles (its part goes with the relationship)."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            del doc.part.rels[rid]


def _xml_parts(doc: DocxDocument) -> list[etree._Element]:
    """The XML trees that hold runs or styles: document, styles, headers, footers, numbering."""
    trees = [doc.element, doc.styles.element]
    for rel in doc.part.rels.values():
        if rel.is_external:
            continue
        part = rel.target_part
        if isinstance(part, XmlPart) and part.content_type.endswith(
                ("header+xml", "footer+xml", "numbering+xml", "footnotes+xml",
                 "endnotes+xml")):
            trees.append(part.element)
    return trees


def use_gb2312(doc: DocxDocument) -> None:
    """The house option: 仿宋 → 仿宋_GB2312 and 楷体 → 楷体_GB2312 in every font reference."""
    for tree in _xml_parts(doc):
        for fonts in tree.iter(qn("w:rFonts")):
            for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
                value = fonts.get(qn(attr))
                if value in GB2312_FONTS:
                    fonts.set(qn(attr), GB2312_FONTS[value])


def fonts_used(doc: DocxDocument) -> list[str]:
    """Every font named in the styles, the body, headers and footers, in first-seen order."""
    seen: dict[str, None] = {}
    for tree in _xml_parts(doc):
        for fonts in tree.iter(qn("w:rFonts")):
            for attr in ("w:eastAsia", "w:ascii", "w:hAnsi", "w:cs"):
                value = fonts.get(qn(attr))
                if value:
                    seen.setdefault(value, None)
    return list(seen)


def _font_element(name: str, info: FontInfo | None) -> etree._Element:
    font = etree.Element(qn("w:font"))
    font.set(qn("w:name"), name)
    if info is None:
        return font
    if info.alt:
        etree.SubElement(font, qn("w:altName")).set(qn("w:val"), info.alt)
    etree.SubElement(font, qn("w:panose1")).set(qn("w:val"), info.panose)
    etree.SubElement(font, qn("w:charset")).set(qn("w:val"), info.charset)
    etree.SubElement(font, qn("w:family")).set(qn("w:val"), info.family)
    etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), info.pitch)
    return font


def font_table(doc: DocxDocument) -> None:
    """Rewrite fontTable.xml: one entry per font used, the Chinese ones described fully."""
    part = next((rel.target_part for rel in doc.part.rels.values()
                 if not rel.is_external and rel.reltype == RT.FONT_TABLE), None)
    if part is None:
        return
    root = etree.Element(qn("w:fonts"), nsmap={"w": _W})
    for name in fonts_used(doc):
        root.append(_font_element(name, FONTS.get(name)))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if isinstance(part, XmlPart):
        part._element = root
    else:
        part._blob = blob


# ----- the TOC -----

def toc_paragraph(doc: DocxDocument) -> etree._Element | None:
    """The paragraph holding the TOC field's instruction, if any."""
    for para in doc.element.body.iter(qn("w:p")):
        for instr in para.iter(qn("w:instrText")):
            if (instr.text or "").strip().startswith("TOC"):
                return para
    return None


def _text(para: etree._Element) -> str:
    return "".join(t.text or "" for t in para.iter(qn("w:t")))


def _heading_levels(styles: DocStyles) -> dict[str, int]:
    return {styles.ids[f"h{level}"]: level for level in range(1, TOC_LEVELS + 1)}


def _style_of(para: etree._Element) -> str | None:
    style = para.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return None if style is None else style.get(qn("w:val"))


def collect_headings(doc: DocxDocument, styles: DocStyles, after: etree._Element) -> list[TocEntry]:
    """The level 1–2 headings after the TOC paragraph, each given a ``_Toc`` bookmark."""
    levels = _heading_levels(styles)
    ids = [int(b.get(qn("w:id"))) for b in doc.element.body.iter(qn("w:bookmarkStart"))
           if (b.get(qn("w:id")) or "").isdigit()]
    next_id = max(ids, default=0) + 1
    entries: list[TocEntry] = []
    started = False
    for para in doc.element.body.iterchildren(qn("w:p")):
        if para is after:
            started = True
            continue
        level = levels.get(_style_of(para) or "")
        if not started or level is None:
            continue
        text = _text(para).strip()
        if not text:
            continue
        name = f"_Toc{100000000 + next_id}"
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(next_id))
        start.set(qn("w:name"), name)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(next_id))
        ppr = para.find(qn("w:pPr"))
        if ppr is not None:
            ppr.addnext(start)
        else:
            para.insert(0, start)
        para.append(end)
        entries.append(TocEntry(level, text, name))
        next_id += 1
    return entries


def _toc_style(doc: DocxDocument, level: int, font: str, tab_twips: int) -> str:
    """The 'toc N' paragraph style (created when missing); its id."""
    name = f"toc {level}"
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = f"TOC{level}"
        style.base_style = doc.styles["Normal"]
        style.unhide_when_used = True
        style.priority = 39
        fmt = style.paragraph_format
        fmt.left_indent = Pt((level - 1) * TOC_PT * 2)
        fmt.first_line_indent = Pt(0)
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(TOC_LINE_PT)
        style.font.size = Pt(TOC_PT)
        set_fonts(style.element, font)
        ppr = style.element.get_or_add_pPr()
        tabs = OxmlElement("w:tabs")
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), "right")
        tab.set(qn("w:leader"), "dot")
        tab.set(qn("w:pos"), str(tab_twips))
        tabs.append(tab)
        insert_before(ppr, tabs, ("w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                                  "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
                                  "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
                                  "w:suppressOverlap", "w:jc", "w:textDirection",
                                  "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
                                  "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"))
    return str(style.style_id)


def toc_line_pt(doc: DocxDocument, count: int, line: float = TOC_LINE_PT) -> float:
    """The TOC's line spacing (pt) for ``count`` entries: ``line``, closed up (in half points,
    not below ``TOC_MIN_LINE_PT``) when that many lines would run past the page under the title,
    so that a table of contents of a few more headings does not leave one entry on a page of
    its own."""
    section = doc.sections[-1]
    height = (section.page_height or 0) - (section.top_margin or 0) - (section.bottom_margin or 0)
    room = height / 12700 - TOC_TITLE_PT            # EMU → pt
    if count <= 0 or count * line <= room:
        return line
    return max(TOC_MIN_LINE_PT, int(room / count * 2) / 2)


def _fit_toc_lines(doc: DocxDocument, count: int) -> None:
    """Close up the TOC styles' line spacing when ``count`` entries would not fit a page
    (a house style's TOC styles too, from their own spacing)."""
    for level in range(1, TOC_LEVELS + 1):
        try:
            fmt = doc.styles[f"toc {level}"].paragraph_format
        except KeyError:
            continue
        current = fmt.line_spacing
        if not isinstance(current, Length):
            continue                                # a multiple of single spacing: left as is
        wanted = toc_line_pt(doc, count, current.pt)
        if wanted < current.pt:
            fmt.line_spacing = Pt(wanted)            # exact or at least, as it was


def _run(font: str, text: str | None = None, **child: str) -> etree._Element:
    """A run with its East Asian font and one child: text, a tab, a field char or instruction."""
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), font)
    rpr.append(fonts)
    r.append(rpr)
    if "fld" in child:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), child["fld"])
        if child.get("dirty"):
            el.set(qn("w:dirty"), "true")
        r.append(el)
    elif "instr" in child:
        el = OxmlElement("w:instrText")
        el.set(qn("xml:space"), "preserve")
        el.text = f" {child['instr']} "
        r.append(el)
    elif "tab" in child:
        r.append(OxmlElement("w:tab"))
    else:
        el = OxmlElement("w:t")
        el.set(qn("xml:space"), "preserve")
        el.text = text or ""
        r.append(el)
    return r


def _text_width_twips(doc: DocxDocument) -> int:
    section = doc.sections[-1]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return max(int(width / 635), 1440)     # EMU → twips


def write_toc(doc: DocxDocument, styles: DocStyles, entries: list[TocEntry] | None = None,
              pages_known: bool = False) -> list[TocEntry]:
    """Replace the TOC field's paragraph by the field with one paragraph per heading.

    Returns the entries (their bookmarks are on the headings). Without ``pages_known`` the
    page numbers are left empty and the field is marked dirty for Word to fill.
    """
    para = toc_paragraph(doc)
    if para is None:
        return []
    if entries is None:
        entries = collect_headings(doc, styles, para)
    font = styles.fonts.get("plain", FANG)
    tab = _text_width_twips(doc)
    style_ids = {level: _toc_style(doc, level, font, tab) for level in range(1, TOC_LEVELS + 1)}
    _fit_toc_lines(doc, len(entries))
    paragraphs = []
    for entry in entries or [TocEntry(1, "", "")]:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), style_ids[entry.level])
        ppr.append(pstyle)
        p.append(ppr)
        if entry.bookmark:
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), entry.bookmark)
            link.set(qn("w:history"), "1")
            link.append(_run(font, entry.text))
            link.append(_run(font, tab="1"))
            link.append(_run(font, fld="begin"))
            link.append(_run(font, instr=f"PAGEREF {entry.bookmark} \\h"))
            link.append(_run(font, fld="separate"))
            link.append(_run(font, str(entry.page) if entry.page is not None else ""))
            link.append(_run(font, fld="end"))
            p.append(link)
        paragraphs.append(p)
    first, last = paragraphs[0], paragraphs[-1]
    anchor = first.find(qn("w:pPr"))
    begin_runs = [_run(font, fld="begin", dirty="" if pages_known else "1"),
                  _run(font, instr=TOC_INSTRUCTION), _run(font, fld="separate")]
    for run in reversed(begin_runs):
        anchor.addnext(run)
    last.append(_run(font, fld="end"))
    for p in paragraphs:
        para.addprevious(p)
    # keep the TOC paragraph's section break (if any) on the last entry
    sect = para.find(f"{qn('w:pPr')}/{qn('w:sectPr')}")
    if sect is not None:
        last.find(qn("w:pPr")).append(sect)
    para.getparent().remove(para)
    return entries


def set_toc_pages(doc: DocxDocument, pages: dict[str, int]) -> None:
    """Write known page numbers into the PAGEREF results; the TOC is then no longer dirty."""
    body = doc.element.body
    for link in body.iter(qn("w:hyperlink")):
        name = link.get(qn("w:anchor"))
        if name not in pages:
            continue
        runs = list(link.iterchildren(qn("w:r")))
        seps = [i for i, r in enumerate(runs)
                if (fc := r.find(qn("w:fldChar"))) is not None
                and fc.get(qn("w:fldCharType")) == "separate"]
        if seps and seps[0] + 1 < len(runs):
            t = runs[seps[0] + 1].find(qn("w:t"))
            if t is not None:
                t.text = str(pages[name])
    for fld in body.iter(qn("w:fldChar")):
        fld.attrib.pop(qn("w:dirty"), None)


def toc_entries(doc: DocxDocument) -> list[TocEntry]:
    """The entries of a written TOC read back: level (from the TOC N style), text, bookmark."""
    entries = []
    for link in doc.element.body.iter(qn("w:hyperlink")):
        name = link.get(qn("w:anchor")) or ""
        if not name.startswith("_Toc"):
            continue
        style = _style_of(link.getparent()) or ""
        level = int(style[-1]) if style[-1:].isdigit() else 1
        first = link.find(f"{qn('w:r')}/{qn('w:t')}")
        entries.append(TocEntry(level, "" if first is None else first.text or "", name))
    return entries


# ----- sections -----

def unnumbered_toc_section(doc: DocxDocument) -> bool:
    """End a section after the TOC, without footer: the TOC page carries no number.

    The body section keeps its footer and its restart at 1; the paragraph after the TOC loses
    its page break (the new section already starts a page). False when there is no TOC.
    """
    toc = toc_paragraph(doc)
    if toc is None:
        return False
    last = toc
    # the TOC field ends in the paragraph holding its 'end' (the last entry)
    node = toc
    depth = 0
    while node is not None:
        for fld in node.iter(qn("w:fldChar")):
            kind = fld.get(qn("w:fldCharType"))
            depth += 1 if kind == "begin" else -1 if kind == "end" else 0
        last = node
        if depth <= 0:
            break
        node = node.getnext()
    ppr = last.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        last.insert(0, ppr)
    if ppr.find(qn("w:sectPr")) is not None:
        return True
    body_sect = doc.element.body.find(qn("w:sectPr"))
    sect = deepcopy(body_sect)
    for tag in ("w:footerReference", "w:pgNumType", "w:titlePg"):
        for old in sect.findall(qn(tag)):
            sect.remove(old)
    for old in sect.findall(qn("w:type")):
        sect.remove(old)
    insert_before(ppr, sect, ("w:pPrChange",))
    following = last.getnext()
    while following is not None and following.tag != qn("w:p"):
        following = following.getnext()
    if following is not None:
        fppr = following.find(qn("w:pPr"))
        if fppr is not None:
            for old in fppr.findall(qn("w:pageBreakBefore")):
                fppr.remove(old)
    return True


def finish(doc: DocxDocument, styles: DocStyles, info: PackageInfo,
           gb2312: bool = False) -> list[TocEntry]:
    """Everything above on a complete document; returns the TOC entries written (if any)."""
    set_properties(doc, info)
    clean_settings(doc)
    drop_styles_with_effects(doc)
    entries = write_toc(doc, styles)
    unnumbered_toc_section(doc)
    if gb2312:
        use_gb2312(doc)
    font_table(doc)
    return entries


# ----- page numbers through LibreOffice -----

SOFFICE_TIMEOUT = 180
_PAGE_FOOTER = re.compile(r"—\s*(\d+)\s*—")
_LEADER = re.compile(r"(?:\.{6,}|…{3,}|·{6,})\s*\d*\s*$", re.MULTILINE)


def soffice() -> str | None:
    """The LibreOffice command when installed (and pdftotext beside it), else None."""
    program = shutil.which("soffice") or shutil.which("libreoffice")
    if program is None or shutil.which("pdftotext") is None:
        return None
    return program


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pages_of(page_texts: list[str], entries: list[TocEntry]) -> dict[str, int]:
    """Each entry's printed page number: the footer "— N —" of the first numbered page, at or
    after the previous entry's page, whose text holds the heading.

    A house style may number its pages another way; without any "— N —" footer the body is
    taken to start on the page after the TOC (the last page with a dot leader) at 1.
    """
    numbered = []
    for text in page_texts:
        found = _PAGE_FOOTER.findall(text)
        if found:
            numbered.append((int(found[-1]), _squash(text)))
    if not numbered:
        leaders = [i for i, text in enumerate(page_texts) if _LEADER.search(text)]
        start = leaders[-1] + 1 if leaders else 0
        numbered = [(i - start + 1, _squash(text))
                    for i, text in enumerate(page_texts) if i >= start]
    pages: dict[str, int] = {}
    index = 0
    for entry in entries:
        wanted = _squash(entry.text)
        for at in range(index, len(numbered)):
            if wanted and wanted in numbered[at][1]:
                pages[entry.bookmark] = numbered[at][0]
                index = at
                break
    return pages


def compute_pages(docx_bytes: bytes, entries: list[TocEntry],
                  program: str | None = None) -> dict[str, int]:
    """Lay the document out with LibreOffice and find each heading's page ({} on failure)."""
    program = program or soffice()
    if program is None or not entries:
        return {}
    with tempfile.TemporaryDirectory(prefix="pfdesk-toc-") as folder:
        root = Path(folder)
        source = root / "report.docx"
        source.write_bytes(docx_bytes)
        profile = (root / "profile").as_uri()
        try:
            subprocess.run([program, f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", "pdf", "--outdir", str(root), str(source)],
                           check=True, capture_output=True, timeout=SOFFICE_TIMEOUT)
            text = subprocess.run(["pdftotext", "-layout", str(root / "report.pdf"), "-"],
                                  check=True, capture_output=True,
                                  timeout=SOFFICE_TIMEOUT).stdout.decode("utf-8", "replace")
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("TOC page numbers not computed: %s", exc)
            return {}
    return pages_of(text.split("\f"), entries)
