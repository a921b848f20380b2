"""The Word package around a report opens clean: read from the .docx's XML, item by item.

- core.xml: the report's title, the layout and project as subject, the evaluating firm as
  author and last editor, created and modified now (UTC), nothing from python-docx;
- app.xml: pfdesk as the application with an AppVersion in Word's XX.YYYY form, no Mac Word
  template; no thumbnail part, relationship or content type;
- settings.xml: compatibility mode 15 with Word 2013's companion settings, no updateFields
  (Word's prompt on every open), no preview picture; no stylesWithEffects part;
- the TOC lists every level 1–2 heading (TOC 1 / TOC 2 styles with a right dot-leader tab,
  a link to a bookmark on the heading and a PAGEREF), no placeholder; without LibreOffice the
  field is dirty for Word, with it the numbers are the printed page numbers;
- fontTable.xml describes 宋体 仿宋 黑体 楷体 (altName, charset 86, panose, family, pitch)
  and every font named; ``gb2312=True`` switches 仿宋 / 楷体 to the _GB2312 faces;
- tables: no row splits, headers repeat, a page never starts inside a merged label;
- sections: cover and TOC without page number, the body numbered from 1.

Exports are made with ``toc_pages=False`` (fast); one test computes the page numbers when
LibreOffice is installed.
"""

from __future__ import annotations

import itertools
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from pfdesk import commands
from pfdesk.reports import docx_package
from pfdesk.reports.export import export
from pfdesk.reports.tables import MAX_BLOCK_MM, TableSpec, hold_groups
from tests.pfdesk.reports.fixture_project import NAME, build_fixture

EAST_ASIA = re.compile(r'<w:rFonts [^>]*w:eastAsia="([^"]+)"')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
FIRM = "江苏建圆建方工程管理咨询有限公司"     # the fixture's evaluator_org


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Package:
    """A .docx opened as a zip: parts by name and parsed XML."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Package]:
    folder = tmp_path_factory.mktemp("clean")
    project = build_fixture(folder / "p.pfdesk")
    out = {}
    for layout in ("full", "brief", "scoresheet"):
        target = folder / f"{layout}.docx"
        export([project], layout, target, charts=False, toc_pages=False)
        out[layout] = Package(target)
    target = folder / "gb.docx"
    export([project], "full", target, charts=False, gb2312=True, toc_pages=False)
    out["gb2312"] = Package(target)
    project.close()
    return out


# ----- 1. properties -----

@pytest.mark.parametrize("layout", ["full", "brief"])
def test_core_properties_come_from_the_project(exported: dict[str, Package], layout: str) -> None:
    package = exported[layout]
    core = package.xml("docProps/core.xml")
    assert NAME in core.findtext("dc:title", namespaces=NS)
    assert NAME in core.findtext("dc:subject", namespaces=NS)
    assert core.findtext("dc:creator", namespaces=NS) == FIRM
    assert core.findtext("cp:lastModifiedBy", namespaces=NS) == FIRM
    assert "python-docx" not in package.text("docProps/core.xml")
    assert not core.findtext("cp:keywords", namespaces=NS)
    now = datetime.now(UTC)
    for tag in ("dcterms:created", "dcterms:modified"):
        stamp = core.findtext(tag, namespaces=NS)
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp), stamp
        when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert abs((now - when).total_seconds()) < 3600, stamp


def test_title_of_a_form_without_the_project_on_its_page(exported: dict[str, Package]) -> None:
    """The 附件1 set's page title is the generic 财政支出项目绩效评价报告: the file's title names
    the project and the form instead (not the layout's long description)."""
    core = exported["scoresheet"].xml("docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NS) == f"{NAME}绩效评价附件1"


def test_title_of_a_department_report_is_its_printed_title(tmp_path: Path) -> None:
    """A 部门整体 brief is titled by its unit (单位 部门整体绩效评价报告), not by the project's
    name: the file's title is that printed title."""
    project = build_fixture(tmp_path / "p.pfdesk")
    project.apply(commands.set_info(project, eval_object="部门整体"))
    unit = project.info.unit
    target = tmp_path / "dept.docx"
    export([project], "brief", target, charts=False, toc_pages=False)
    project.close()
    title = Package(target).xml("docProps/core.xml").findtext("dc:title", namespaces=NS)
    assert title is not None and title.startswith(unit) and title.endswith("部门整体绩效评价报告")


def test_app_properties_name_pfdesk_and_no_thumbnail(exported: dict[str, Package]) -> None:
    package = exported["full"]
    app = package.xml("docProps/app.xml")
    assert app.findtext("ep:Application", namespaces=NS) == "pfdesk"
    assert re.fullmatch(r"\d\d\.\d{4}", app.findtext("ep:AppVersion", namespaces=NS))
    assert "Macintosh" not in package.text("docProps/app.xml")
    assert not (app.findtext("ep:Template", namespaces=NS) or "")
    assert not [n for n in package.parts if "thumbnail" in n]
    assert "thumbnail" not in package.text("_rels/.rels")
    assert "thumbnail" not in package.text("[Content_Types].xml")


def test_app_version_is_in_words_form() -> None:
    """'0.1.0' → '00.0100'; Word refuses three-part versions such as '3.1.0'."""
    assert docx_package.app_version("0.1.0") == "00.0100"
    assert docx_package.app_version("1.12.3") == "01.1203"


# ----- 2. settings -----

@pytest.mark.parametrize("layout", ["full", "brief", "scoresheet"])
def test_settings_mode_15_and_no_prompt(exported: dict[str, Package], layout: str) -> None:
    package = exported[layout]
    settings = package.xml("word/settings.xml")
    compat = {s.get(w("name")): s.get(w("val"))
              for s in settings.iter(w("compatSetting"))}
    assert compat["compatibilityMode"] == "15"
    assert compat["differentiateMultirowTableHeaders"] == "1"
    assert compat["overrideTableStyleFontSizeAndJustification"] == "1"
    assert settings.find(w("updateFields")) is None
    assert settings.find(w("savePreviewPicture")) is None
    assert "word/stylesWithEffects.xml" not in package.parts
    assert "stylesWithEffects" not in package.text("word/_rels/document.xml.rels")
    assert "stylesWithEffects" not in package.text("[Content_Types].xml")


# ----- 3. the TOC -----

def _style(p: etree._Element) -> str:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return "" if style is None else style.get(w("val"))


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def test_toc_lists_every_heading(exported: dict[str, Package]) -> None:
    body = exported["full"].xml("word/document.xml").find(w("body"))
    paragraphs = list(body.iter(w("p")))
    entries = [p for p in paragraphs if _style(p) in ("TOC1", "TOC2")]
    headings = [p for p in paragraphs if _style(p) in ("Heading1", "Heading2")]
    assert len(headings) >= 8
    assert [(_style(p)[-1], _text(p).strip()) for p in headings] == \
        [(_style(p)[-1], re.sub(r"\d*$", "", _text(p)).strip()) for p in entries]
    assert "一、基本情况" in _text(entries[0])
    marks = {b.get(w("name")): p for p in headings for b in p.iter(w("bookmarkStart"))}
    for entry in entries:
        link = entry.find(w("hyperlink"))
        assert link.get(w("anchor")) in marks
        instr = "".join(i.text for i in entry.iter(w("instrText")))
        assert f"PAGEREF {link.get(w('anchor'))}" in instr
    first_instr = "".join(i.text for i in entries[0].iter(w("instrText")))
    assert 'TOC \\o "1-2"' in first_instr
    assert "目录将在打开文档时更新" not in _text(body)
    # without LibreOffice's numbers the field is left dirty for Word (no updateFields prompt)
    begin = next(entries[0].iter(w("fldChar")))
    assert begin.get(w("fldCharType")) == "begin" and begin.get(w("dirty")) == "true"


def test_toc_styles_have_a_right_dot_leader(exported: dict[str, Package]) -> None:
    styles = exported["full"].xml("word/styles.xml")
    for sid, indent in (("TOC1", 0), ("TOC2", 1)):
        style = styles.find(f"{w('style')}[@{w('styleId')}='{sid}']")
        assert style is not None, sid
        tab = style.find(f"{w('pPr')}/{w('tabs')}/{w('tab')}")
        assert tab.get(w("val")) == "right" and tab.get(w("leader")) == "dot"
        # at the right margin: A4 210 mm less 28 + 26 mm margins = 156 mm = 8844 twips
        assert abs(int(tab.get(w("pos"))) - 8844) <= 2
        ind = style.find(f"{w('pPr')}/{w('ind')}")
        left = 0 if ind is None else int(ind.get(w("left"), "0"))
        assert (left > 0) == bool(indent), sid


@pytest.mark.skipif(docx_package.soffice() is None, reason="LibreOffice (soffice) not installed")
def test_toc_page_numbers_computed_with_libreoffice(tmp_path: Path) -> None:
    project = build_fixture(tmp_path / "p.pfdesk")
    result = export([project], "full", tmp_path / "f.docx", charts=False, toc_pages=True)
    project.close()
    assert result.toc_pages and "目录页码" in result.notes()[0]
    body = Package(tmp_path / "f.docx").xml("word/document.xml")
    entries = [p for p in body.iter(w("p")) if _style(p) in ("TOC1", "TOC2")]
    numbers = [int(re.search(r"(\d+)$", _text(p)).group(1)) for p in entries]
    # 一、基本情况 and （一）项目概况 are on the first body page, after the title and preface
    assert numbers[:2] == [1, 1]
    assert numbers == sorted(numbers) and numbers[-1] > 3
    assert all(f.get(w("dirty")) is None for f in body.iter(w("fldChar")))


# ----- 4. fonts -----

def test_font_table_has_the_chinese_fonts(exported: dict[str, Package]) -> None:
    package = exported["full"]
    table = package.xml("word/fontTable.xml")
    fonts = {f.get(w("name")): f for f in table.iter(w("font"))}
    expected = {"宋体": "SimSun", "仿宋": "FangSong", "黑体": "SimHei", "楷体": "KaiTi"}
    for name, alt in expected.items():
        assert name in fonts, name
        font = fonts[name]
        assert font.find(w("altName")).get(w("val")) == alt
        assert font.find(w("charset")).get(w("val")) == "86"
        assert len(font.find(w("panose1")).get(w("val"))) == 20
        assert font.find(w("family")) is not None and font.find(w("pitch")) is not None
    assert "ＭＳ 明朝" not in fonts
    used = set(EAST_ASIA.findall(package.text("word/styles.xml")
                                 + package.text("word/document.xml")))
    assert used <= set(fonts)


def test_gb2312_option(exported: dict[str, Package]) -> None:
    package = exported["gb2312"]
    text = package.text("word/styles.xml") + package.text("word/document.xml")
    faces = set(EAST_ASIA.findall(text))
    assert "仿宋_GB2312" in faces and "楷体_GB2312" in faces
    assert "仿宋" not in faces and "楷体" not in faces
    fonts = {f.get(w("name")): f for f in package.xml("word/fontTable.xml").iter(w("font"))}
    assert fonts["仿宋_GB2312"].find(w("altName")).get(w("val")) == "FangSong_GB2312"
    assert fonts["楷体_GB2312"].find(w("charset")).get(w("val")) == "86"


# ----- 5. tables -----

def _keeps(tr: etree._Element) -> bool:
    paragraphs = list(tr.iter(w("p")))
    return bool(paragraphs) and all(p.find(f"{w('pPr')}/{w('keepNext')}") is not None
                                    for p in paragraphs)


def _first_cell_continues(tr: etree._Element) -> bool:
    tc = tr.find(w("tc"))
    vmerge = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    return vmerge is not None and vmerge.get(w("val")) in (None, "continue")


@pytest.mark.parametrize("layout", ["full", "scoresheet"])
def test_rows_never_split_and_labels_never_start_a_page_blank(
        exported: dict[str, Package], layout: str) -> None:
    body = exported[layout].xml("word/document.xml")
    tables = list(body.iter(w("tbl")))
    merged = 0
    for tbl in tables:
        rows = tbl.findall(w("tr"))
        for tr in rows:
            assert tr.find(f"{w('trPr')}/{w('cantSplit')}") is not None
        headers = [tr for tr in rows if tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None]
        for before, tr in itertools.pairwise(rows):
            if tr in headers:
                continue
            if _first_cell_continues(tr):
                merged += 1
                # a page may break only where the row before is not kept with this one
                assert _keeps(before), _text(tr)[:40]
    assert merged > 0      # the layouts do have merged first-column labels


def test_a_tall_group_is_cut_with_its_label_repeated() -> None:
    """40 rows under one label, each about 10 mm: cut into blocks under MAX_BLOCK_MM, the
    label written again at each cut, every row but a block's last kept with the next."""
    rows: list[list[str | None]] = [["一级", "二级", "内容"]]
    long = "很长的说明文字" * 6           # 42 characters in a 50 mm column: 4 lines
    for i in range(40):
        rows.append(["决策" if i == 0 else None, f"项{i}", long])
    spec = TableSpec(rows, [20, 30, 50], merges=[(1, 0, 40, 0)])
    cut, breaks = hold_groups(spec)
    inner = sorted(b for b in breaks if 1 < b <= 40)
    assert len(inner) >= 2
    for b in inner:
        assert cut.cells[b][0] == "决策"
    tops = sorted(m[0] for m in cut.merges if m[1] == 0)
    assert tops == [1, *inner]
    block = 0
    edges = [1, *inner, 41]
    for a, b in itertools.pairwise(edges):
        block = max(block, b - a)
    assert block * 10 <= MAX_BLOCK_MM + 20


def test_small_groups_are_not_cut() -> None:
    rows: list[list[str | None]] = [["一级", "二级"], ["决策", "A1"], [None, "A2"],
                                    ["过程", "B1"], [None, "B2"], [None, "B3"]]
    spec = TableSpec(rows, [20, 30], merges=[(1, 0, 2, 0), (3, 0, 5, 0)])
    cut, breaks = hold_groups(spec)
    assert cut.merges == spec.merges and cut.cells == spec.cells
    assert {b for b in breaks if b < 6} == {1, 3}


# ----- 6. sections -----

def test_cover_and_toc_unnumbered_body_from_one(exported: dict[str, Package]) -> None:
    body = exported["full"].xml("word/document.xml").find(w("body"))
    paragraphs = list(body.iter(w("p")))
    breaks = [p for p in paragraphs if p.find(f"{w('pPr')}/{w('sectPr')}") is not None]
    assert len(breaks) == 2                    # cover | TOC | body
    cover, toc = (p.find(f"{w('pPr')}/{w('sectPr')}") for p in breaks)
    assert cover.find(w("footerReference")) is None
    assert toc.find(w("footerReference")) is None and toc.find(w("pgNumType")) is None
    assert _style(breaks[1]) in ("TOC1", "TOC2")       # the TOC ends its section
    final = body.find(w("sectPr"))
    assert final.find(w("footerReference")) is not None
    assert final.find(w("pgNumType")).get(w("start")) == "1"
    after = paragraphs[paragraphs.index(breaks[1]) + 1]
    assert after.find(f"{w('pPr')}/{w('pageBreakBefore')}") is None


def test_pages_are_read_from_the_footers() -> None:
    """Cover, TOC, then body pages "— 1 —" … : 一 on body page 1, （一） on 2, 二 on 3."""
    entries = [docx_package.TocEntry(1, "一、基本情况", "_Toc1"),
               docx_package.TocEntry(2, "（一）项目 概况", "_Toc2"),
               docx_package.TocEntry(1, "二、评价", "_Toc3")]
    pages = ["财政支出项目绩效评价报告", "目 录\n一、基本情况..........\n二、评价.........",
             "报告\n一、基本情况\n正文\n— 1 —", "（一）项目\n概况\n— 2 —", "二、评价\n— 3 —"]
    assert docx_package.pages_of(pages, entries) == {"_Toc1": 1, "_Toc2": 2, "_Toc3": 3}
    # another page-number style: the body starts after the last page with dot leaders
    plain = [p.replace("— 1 —", "第1页").replace("— 2 —", "").replace("— 3 —", "")
             for p in pages]
    assert docx_package.pages_of(plain, entries) == {"_Toc1": 1, "_Toc2": 2, "_Toc3": 3}
    # a heading not found is left out (the caller then leaves the numbers to Word)
    missing = [*entries, docx_package.TocEntry(1, "三、没有", "_Toc4")]
    assert "_Toc4" not in docx_package.pages_of(pages, missing)


# ----- a TOC a few entries longer than a page closes up -----

def test_toc_line_spacing_closes_up_to_stay_on_one_page() -> None:
    """A4 297 mm less the margins 37 + 35 mm is 225 mm = 637.80 pt; less the title 60 pt,
    577.80 pt for the entries: 20 × 28 = 560 fit; 21 at 27.51 → 27.5; 22 at 26.26 → 26.0;
    40 would need 14.4, held at 20 (the TOC then runs on to a second page)."""
    from pfdesk.reports.docx_style import new_document
    doc, _ = new_document(None)
    assert [docx_package.toc_line_pt(doc, n) for n in (20, 21, 22, 40)] == [28, 27.5, 26.0, 20]


def test_the_demo_department_report_lists_its_headings_on_one_toc_page(tmp_path: Path) -> None:
    """The demo as a whole department's evaluation has more than 20 headings: the TOC styles'
    lines close up so that they all fit the 577.80 pt under the title."""
    from docx import Document

    from pfdesk import commands
    from pfdesk.demo import build_demo
    project = build_demo(tmp_path / "d.pfdesk")
    project.apply(commands.set_info(project, eval_object="部门整体"))
    out = tmp_path / "d.docx"
    export([project], "full", out, charts=False, toc_pages=False)
    doc = Document(str(out))
    count = len(docx_package.toc_entries(doc))
    assert count > 20
    for level in (1, 2):
        line = doc.styles[f"toc {level}"].paragraph_format.line_spacing.pt
        assert line < 28 and count * line <= 577.80 and count * (line + 0.5) > 577.80
