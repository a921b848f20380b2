"""The house style of pfdesk's Word documents: page setup, fonts, paragraph styles, footers, fields.

GB/T 9704 conventions (GUIDE §5): A4, margins 37/35/28/26 mm, title 宋体 二号, headings 黑体 /
楷体 / 仿宋 三号, body 仿宋 三号 with a two-character first-line indent and fixed 28 pt lines,
table text 仿宋 五号 single-spaced, page numbers "— 1 —" centred. Chinese fonts are set through
``w:eastAsia`` and the theme-font attributes are removed, since they win over named fonts.

A firm's own .docx can be the house style: its body is cleared (the final ``w:sectPr`` with its
margins, headers and footers is kept) and its styles are used as they are; styles it lacks are
created with ours. Nothing in it may reach outside the report: every external relationship
(an attached template on a server, linked pictures, hyperlinks) is dropped from every part,
with the elements that use it; a hyperlink keeps its text.
"""

from __future__ import annotations

import errno
import logging
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from ..errors import PfdeskError

log = logging.getLogger(__name__)

LATIN = "Times New Roman"
SONG, HEI, KAI, FANG = "宋体", "黑体", "楷体", "仿宋"
BODY_PT = 16          # 三号
TABLE_PT = 10.5       # 五号
LINE_PT = 28          # fixed line spacing of body text
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# An element using a dropped relationship goes with the nearest of these around it (a picture
# goes whole, not only its w:blip); otherwise the element itself goes.
_PICTURE_HOLDERS = (qn("w:drawing"), qn("w:pict"), qn("w:object"))
MAX_STYLE_BYTES = 100_000_000   # unpacked; a firm's style document is a few MB at most
MAX_STYLE_PARTS = 2_000
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class StyleFileError(PfdeskError):
    """The house-style .docx cannot be used."""


@dataclass(frozen=True)
class StyleSpec:
    """One paragraph style: its name, id, East Asian font, size and layout."""

    name: str
    style_id: str
    font: str
    size: float
    bold: bool = False
    align: str = "justify"        # justify / center / left
    indent_chars: int = 0         # first-line indent in characters
    exact_line: float | None = None
    outline: int | None = None    # outline level (0 = 一、) for headings
    keep_next: bool = False
    before: float = 0
    after: float = 0


# role → style. Built-in names for title and headings, so a firm's template can restyle them.
STYLES: dict[str, StyleSpec] = {
    "normal": StyleSpec("Normal", "Normal", FANG, 12, align="left"),
    "title": StyleSpec("Title", "Title", SONG, 22, bold=True, align="center",
                       exact_line=36, before=0, after=12),
    "h1": StyleSpec("Heading 1", "Heading1", HEI, BODY_PT, indent_chars=2,
                    exact_line=LINE_PT, outline=0, keep_next=True),
    "h2": StyleSpec("Heading 2", "Heading2", KAI, BODY_PT, indent_chars=2,
                    exact_line=LINE_PT, outline=1, keep_next=True),
    "h3": StyleSpec("Heading 3", "Heading3", FANG, BODY_PT, bold=True, indent_chars=2,
                    exact_line=LINE_PT, outline=2, keep_next=True),
    "body": StyleSpec("报告正文", "PFBodyText", FANG, BODY_PT, indent_chars=2,
                      exact_line=LINE_PT),
    "table": StyleSpec("表格文字", "PFTableText", FANG, TABLE_PT, align="center"),
    "form": StyleSpec("表单文字", "PFFormText", FANG, 12, align="center"),
    "table_title": StyleSpec("表格标题", "PFTableTitle", HEI, 12, align="center",
                             keep_next=True, before=6, after=3),
    "picture": StyleSpec("图片", "PFPicture", FANG, TABLE_PT, align="center", keep_next=True,
                         before=6),
    "caption": StyleSpec("图题", "PFCaption", HEI, 12, align="center", after=6),
    "cover": StyleSpec("封面文字", "PFCover", FANG, BODY_PT, align="left", exact_line=32),
    "plain": StyleSpec("正文无缩进", "PFPlain", FANG, BODY_PT, align="left",
                       exact_line=LINE_PT),
}
_ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "left": WD_ALIGN_PARAGRAPH.LEFT}


def set_fonts(rpr_parent: object, east_asia: str, latin: str = LATIN) -> None:
    """Set ascii/hAnsi/cs to ``latin`` and eastAsia to ``east_asia``; drop theme attributes."""
    rpr = rpr_parent.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in _THEME_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def strip_theme_fonts(element: object) -> None:
    """Remove every theme-font attribute below an element (styles part, docDefaults)."""
    for fonts in element.iter(qn("w:rFonts")):  # type: ignore[attr-defined]
        for attr in _THEME_ATTRS:
            fonts.attrib.pop(qn(attr), None)


def insert_before(parent: object, child: object, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first existing successor (schema order), else append."""
    for tag in successors:
        found = parent.find(qn(tag))  # type: ignore[attr-defined]
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)  # type: ignore[attr-defined]


def _configure(style: object, spec: StyleSpec) -> None:
    """Give a paragraph style our fonts and layout."""
    font = style.font  # type: ignore[attr-defined]
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = False
    font.color.rgb = None
    set_fonts(style.element, spec.font)  # type: ignore[attr-defined]
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.alignment = _ALIGN[spec.align]
    fmt.space_before = Pt(spec.before)
    fmt.space_after = Pt(spec.after)
    fmt.left_indent = Pt(0)
    fmt.keep_with_next = spec.keep_next
    if spec.exact_line:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(spec.exact_line)
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.first_line_indent = Pt(spec.indent_chars * spec.size) if spec.indent_chars else Pt(0)
    ind = style.element.get_or_add_pPr().get_or_add_ind()  # type: ignore[attr-defined]
    ind.set(qn("w:firstLineChars"), str(spec.indent_chars * 100))
    ppr = style.element.get_or_add_pPr()  # type: ignore[attr-defined]
    for old in ppr.findall(qn("w:pBdr")) + ppr.findall(qn("w:outlineLvl")):
        ppr.remove(old)
    if spec.outline is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(spec.outline))
        insert_before(ppr, level, ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"))


def _ensure_style(doc: DocxDocument, spec: StyleSpec, restyle: bool) -> str:
    """The style's name in this document: found (restyled unless house) or created."""
    try:
        style = doc.styles[spec.name]
    except KeyError:
        style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = spec.style_id
        if spec.name != "Normal":
            style.base_style = doc.styles["Normal"]
        style.quick_style = True
        restyle = True
    if restyle:
        _configure(style, spec)
    return str(style.name)


def _set_language(doc: DocxDocument) -> None:
    """East Asian language zh-CN in the defaults and the settings (so Word picks Chinese fonts)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    settings = doc.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is None:
        theme_lang = OxmlElement("w:themeFontLang")
        insert_before(settings, theme_lang, (
            "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures",
            "w:forceUpgrade", "w:captions", "w:readModeInkLockDown", "w:smartTagType",
            "w:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
            "w:listSeparator"))
    theme_lang.set(qn("w:eastAsia"), "zh-CN")


def _default_fonts(doc: DocxDocument) -> None:
    """docDefaults: 仿宋 for Chinese, Times New Roman for Latin; no theme fonts anywhere."""
    styles = doc.styles.element
    strip_theme_fonts(styles)
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:cs", LATIN),
                        ("w:eastAsia", FANG)):
        fonts.set(qn(attr), value)


def page_setup(doc: DocxDocument) -> None:
    """A4 portrait with the GB/T 9704 margins on every section."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.header_distance, section.footer_distance = Mm(15), Mm(25)


def _clear_body(doc: DocxDocument) -> None:
    """Remove the body's content but keep the final section properties."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _holder(element: etree._Element) -> etree._Element:
    """What to remove with an element that uses a dropped relationship."""
    node: etree._Element | None = element
    while node is not None:
        if node.tag in _PICTURE_HOLDERS:
            return node
        node = node.getparent()
    return element


def _remove(element: etree._Element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    if element.tag == qn("w:hyperlink"):        # keep the link's text in place
        for child in list(element):
            element.addprevious(child)
    parent.remove(element)


def _drop_references(root: etree._Element, rids: set[str]) -> int:
    """Remove the elements of an XML tree that refer to any of ``rids``; how many went."""
    doomed: list[etree._Element] = []
    for element in root.iter():
        refs = [k for k, v in element.attrib.items() if k.startswith(_R) and v in rids]
        if not refs:
            continue
        internal = [k for k, v in element.attrib.items() if k.startswith(_R) and v not in rids]
        if element.tag == qn("a:blip") and internal:     # a cached copy stays, the link goes
            for key in refs:
                del element.attrib[key]
            continue
        doomed.append(_holder(element))
    for element in doomed:
        if element.getparent() is not None:
            _remove(element)
    return len(doomed)


def _clean_part(part: Part, rids: set[str]) -> None:
    if isinstance(part, XmlPart):
        _drop_references(part.element, rids)
    elif part.content_type.endswith("xml"):
        try:
            root = etree.fromstring(part.blob, _SAFE_XML)
        except etree.XMLSyntaxError:
            return
        if _drop_references(root, rids):
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
    for rid in rids:
        del part.rels[rid]


def drop_external_links(doc: DocxDocument) -> int:
    """Remove every external relationship of the package and what refers to it; the count."""
    package = doc.part.package
    dropped = 0
    for rid in [rid for rid, rel in package.rels.items() if rel.is_external]:
        del package.rels[rid]
        dropped += 1
    for part in list(package.iter_parts()):
        rids = {rid for rid, rel in part.rels.items() if rel.is_external}
        if rids:
            _clean_part(part, rids)
            dropped += len(rids)
    if dropped:
        log.info("house style: dropped %d external relationships", dropped)
    return dropped


def _check_package(path: Path) -> None:
    """Refuse what python-docx would fail on with an English message, or unpack without limit."""
    if not path.exists():
        raise StyleFileError(f"找不到样式文件 {path.name}，请确认文件位置")
    if path.is_dir():
        raise StyleFileError(f"样式文件 {path.name} 是一个文件夹，请选择 .docx 文件")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except OSError as exc:
        raise StyleFileError(f"无法读取样式文件 {path.name}（{_os_reason(exc)}）") from exc
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, NotImplementedError,
            struct.error, zlib.error, RuntimeError) as exc:   # zipfile's ways of saying "damaged"
        raise StyleFileError(f"样式文件 {path.name} 已损坏或不是 Word 文档（.docx）") from exc
    if len(infos) > MAX_STYLE_PARTS or sum(i.file_size for i in infos) > MAX_STYLE_BYTES:
        raise StyleFileError(f"样式文件 {path.name} 解压后太大，不像是一份样式文档")


def _os_reason(exc: OSError) -> str:
    return {errno.ENOENT: "找不到该文件", errno.EACCES: "没有读取权限",
            errno.EPERM: "没有读取权限"}.get(exc.errno or 0, "读取出错")


def open_house_style(path: str | Path) -> DocxDocument:
    """Open a firm's .docx as house style with its body cleared (StyleFileError if unusable)."""
    path = Path(path)
    if path.suffix.lower() in (".dotx", ".dot", ".doc", ".docm", ".dotm"):
        raise StyleFileError(f"样式文件 {path.name} 不是 .docx：请在 Word 中另存为 .docx 后再用")
    _check_package(path)
    try:
        doc = docx.Document(str(path))
    except OSError as exc:
        raise StyleFileError(f"无法读取样式文件 {path.name}（{_os_reason(exc)}）") from exc
    except ValueError as exc:       # python-docx: the main part is not a plain document
        if "content type" not in str(exc):
            raise StyleFileError(f"样式文件 {path.name} 已损坏或不是 Word 文档（.docx）") from exc
        raise StyleFileError(f"样式文件 {path.name} 不是普通的 Word 文档（可能含有宏或是模板），"
                             "请在 Word 中另存为 .docx 后再用") from exc
    except Exception as exc:  # lxml, zip or missing-part errors from a damaged file
        raise StyleFileError(f"样式文件 {path.name} 已损坏或不是 Word 文档（.docx）") from exc
    _clear_body(doc)
    drop_external_links(doc)
    return doc


@dataclass
class DocStyles:
    """What a layout needs to know about the document's styles: names and run fonts per role."""

    names: dict[str, str]
    fonts: dict[str, str]
    house: bool
    ids: dict[str, str]

    def apply(self, paragraph: object, role: str) -> None:
        """Give a paragraph a role's style by id (name lookups are slow in python-docx)."""
        paragraph._p.style = self.ids[role]  # type: ignore[attr-defined]


def _east_asia_of(doc: DocxDocument, name: str, fallback: str) -> str:
    """The East Asian font a style (or one it is based on) names, else ``fallback``."""
    style = doc.styles[name]
    seen = 0
    while style is not None and seen < 10:
        fonts = style.element.find(qn("w:rPr") + "/" + qn("w:rFonts")) \
            if style.element.find(qn("w:rPr")) is not None else None
        value = fonts.get(qn("w:eastAsia")) if fonts is not None else None
        if value:
            return str(value)
        style, seen = style.base_style, seen + 1
    return fallback


def new_document(style_path: str | Path | None = None) -> tuple[DocxDocument, DocStyles]:
    """A blank document in the house style, and the style names and fonts to use per role."""
    house = style_path is not None
    doc = open_house_style(style_path) if style_path is not None else docx.Document()
    if not house:
        _clear_body(doc)
        _default_fonts(doc)
        page_setup(doc)
    _set_language(doc)
    names = {role: _ensure_style(doc, spec, restyle=not house) for role, spec in STYLES.items()}
    fonts = {role: _east_asia_of(doc, names[role], STYLES[role].font) for role in STYLES}
    ids = {role: doc.styles[names[role]].style_id for role in STYLES}
    return doc, DocStyles(names, fonts, house, ids)
