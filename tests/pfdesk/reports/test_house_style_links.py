"""A house-style .docx never brings its external relationships (templates, links, images) along."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from lxml import etree
from PIL import Image

from pfdesk.reports.export import export
from tests.pfdesk.reports.docx_read import open_doc

TEMPLATE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (f'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="{R}" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')
OUTSIDE = ("evil.example", "server", "share")


def _png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _linked_picture(rid: str) -> object:
    return parse_xml(
        f'<w:r {NS}><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
        '<wp:docPr id="90" name="logo"/><a:graphic>'
        '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:blipFill><a:blip r:link="{rid}"/></pic:blipFill></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def _hostile_house(path: Path) -> Path:
    doc = docx.Document()
    settings = doc.settings
    rid = doc.part._settings_part.relate_to(r"\\server\share\x.dotm", TEMPLATE, is_external=True)
    attached = OxmlElement("w:attachedTemplate")
    attached.set(qn("r:id"), rid)
    settings.element.insert(0, attached)
    header = doc.sections[0].header
    para = header.paragraphs[0]
    para.text = "某某咨询有限公司"
    para.add_run()._r.add_drawing(header.part.new_pic_inline(_png()))   # embedded logo: kept
    link = header.part.relate_to("http://evil.example/track", RT.HYPERLINK, is_external=True)
    para._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{link}"><w:r><w:t>官网</w:t></w:r>'
                             '</w:hyperlink>'))
    image = header.part.relate_to(r"\\server\share\logo.png", RT.IMAGE, is_external=True)
    para._p.append(_linked_picture(image))
    vml = header.part.relate_to("http://evil.example/pixel.png", RT.IMAGE, is_external=True)
    para._p.append(parse_xml(f'<w:r {NS}><w:pict><v:shape><v:imagedata r:id="{vml}" o:title=""/>'
                             '</v:shape></w:pict></w:r>'))
    doc.sections[0].footer.paragraphs[0].text = "第 页"
    body = doc.part.relate_to("http://evil.example/body", RT.HYPERLINK, is_external=True)
    doc.add_paragraph()._p.append(parse_xml(f'<w:hyperlink {NS} r:id="{body}"><w:r><w:t>x</w:t>'
                                            '</w:r></w:hyperlink>'))
    doc.part.package.load_rel(RT.HYPERLINK, "http://evil.example/package", "rId99", True)
    doc.save(str(path))
    return path


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rels_of(parts: dict[str, bytes], name: str) -> dict[str, etree._Element]:
    folder, _, base = name.rpartition("/")
    rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
    if rels not in parts:
        return {}
    return {rel.get("Id"): rel for rel in etree.fromstring(parts[rels])}


def test_the_hostile_house_style_really_has_external_links(tmp_path: Path) -> None:
    parts = _parts(_hostile_house(tmp_path / "house.docx"))
    external = [rel for name in parts if name.endswith(".rels")
                for rel in etree.fromstring(parts[name]) if rel.get("TargetMode") == "External"]
    assert len(external) == 6


def test_external_relationships_are_dropped(tmp_path: Path, project_file: Path) -> None:
    house = _hostile_house(tmp_path / "house.docx")
    out = tmp_path / "r.docx"
    export([project_file], "brief", out, style=house, charts=False)
    parts = _parts(out)
    for name, data in parts.items():
        assert not any(word.encode() in data for word in OUTSIDE), name
        if name.endswith(".rels"):
            assert all(rel.get("TargetMode") != "External" for rel in etree.fromstring(data))
            continue
        if not name.endswith(".xml"):
            continue
        rels = _rels_of(parts, name)
        for element in etree.fromstring(data).iter():
            for attr, value in element.attrib.items():
                if attr.startswith(f"{{{R}}}"):          # every r:… reference resolves
                    assert value in rels, (name, element.tag, value)
    settings = parts["word/settings.xml"].decode()
    assert "attachedTemplate" not in settings
    headers = [data.decode() for name, data in parts.items()
               if re.fullmatch(r"word/header\d*\.xml", name)]
    logo = [h for h in headers if "某某咨询有限公司" in h]
    assert len(logo) == 1
    assert "官网" in logo[0] and "hyperlink" not in logo[0]
    assert "r:link" not in logo[0] and "imagedata" not in logo[0]
    assert logo[0].count("<a:blip ") == 1 and 'r:embed="' in logo[0]     # the embedded logo
    doc = open_doc(out)
    assert doc.sections[-1].header.paragraphs[0].text == "某某咨询有限公司官网"
