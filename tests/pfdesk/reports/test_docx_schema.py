"""Every layout of several projects passes the Office schema check and converts with LibreOffice.

openxml-audit (pinned in constraints.txt) validates a .docx against the ECMA/Office schemas the
way Microsoft's Open XML SDK does: element order (a run's properties, a section's, the
settings'), missing table grids, parts that disagree (styles.xml and stylesWithEffects.xml).
The projects: the demo (charts, expert panel, funding), a 部门整体 evaluation, one partly
scored, one with not-applicable indicators. The LibreOffice test converts each layout to PDF
and reads the page footers back: cover and TOC (and the scoresheet's 附件1 cover) carry no
number, the body starts at "— 1 —".
It is skipped (with the reason) where soffice or pdftotext is not installed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openxml_audit import FileFormat, OpenXmlValidator

from pfdesk import commands
from pfdesk.demo import build_demo
from pfdesk.project import Project
from pfdesk.reports.export import LAYOUTS, export
from tests.pfdesk.reports.fixture_project import build_fixture


def _ids(project: Project) -> dict[str, str]:
    return {ind.code: ind.id for ind in project.walk()}


def department(path: Path) -> Project:
    """The fixture as a 部门整体 evaluation."""
    project = build_fixture(path)
    project.apply(commands.set_info(project, eval_object="部门整体"))
    return project


def partly_scored(path: Path) -> Project:
    """C11, C12 and D31 not scored yet."""
    project = build_fixture(path)
    ids = _ids(project)
    for code in ("C11", "C12", "D31"):
        project.apply(commands.set_score(project, ids[code], None))
    return project


def not_applicable(path: Path) -> Project:
    """D2 (a whole level-2) and the leaf B25 not applicable."""
    project = build_fixture(path)
    ids = _ids(project)
    for code in ("D2", "B25"):
        project.apply(commands.set_indicator(project, ids[code], not_applicable=True))
    return project


PROJECTS: dict[str, Callable[[Path], Project]] = {
    "demo": build_demo, "department": department, "partly_scored": partly_scored,
    "not_applicable": not_applicable}
FOOTER = re.compile(r"—\s*(\d+)\s*—")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Each project in each layout (charts only for the demo, TOC numbers left to Word)."""
    folder = tmp_path_factory.mktemp("schema")
    out = {}
    for name, build in PROJECTS.items():
        project = build(folder / f"{name}.pfdesk")
        for layout in LAYOUTS:
            target = folder / f"{name}-{layout}.docx"
            export([project], layout, target, charts=name == "demo", toc_pages=False)
            out[(name, layout)] = target
        project.close()
    return out


@pytest.fixture(scope="module")
def validator() -> OpenXmlValidator:
    return OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=50)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("name", list(PROJECTS))
def test_passes_the_office_schemas(files: dict, validator: OpenXmlValidator, name: str,
                                   layout: str) -> None:
    result = validator.validate(str(files[(name, layout)]))
    problems = [f"{e.severity.value} {getattr(e, 'part_uri', '')} {e.description}"
                for e in result.errors]
    assert result.is_valid, "\n".join(problems[:20])


def test_the_validator_catches_a_misordered_run(tmp_path: Path,
                                                validator: OpenXmlValidator) -> None:
    """The check can fail: a w:b put before w:rFonts in a run's properties is reported."""
    project = build_fixture(tmp_path / "p.pfdesk")
    good = tmp_path / "good.docx"
    export([project], "brief", good, charts=False, toc_pages=False)
    project.close()
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                text, count = re.subn(r"(<w:rPr>)(<w:rFonts [^>]*/>)", r"\1<w:b/>\2", text,
                                      count=1)
                assert count == 1
                data = text.encode("utf-8")
            dst.writestr(item, data)
    assert validator.validate(str(good)).is_valid
    assert not validator.validate(str(bad)).is_valid


def _libreoffice() -> str | None:
    program = shutil.which("soffice") or shutil.which("libreoffice")
    return program if program and shutil.which("pdftotext") else None


@pytest.mark.skipif(_libreoffice() is None,
                    reason="LibreOffice (soffice) or pdftotext not installed: conversion not "
                           "checked here (the schema check above still runs)")
@pytest.mark.parametrize("name", ["demo", "department"])
def test_converts_with_libreoffice(files: dict, tmp_path: Path, name: str) -> None:
    sources = [files[(name, layout)] for layout in LAYOUTS]
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([str(_libreoffice()), f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), *map(str, sources)],
                   check=True, capture_output=True, timeout=600)
    for source in sources:
        pdf = tmp_path / f"{source.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, source.name
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                              capture_output=True).stdout.decode("utf-8")
        pages = text.split("\f")[:-1] or [text]
        numbers = [FOOTER.findall(page)[-1:] for page in pages]
        if source.stem.endswith("-full"):
            assert numbers[0] == [] and numbers[1] == [], "cover and TOC are unnumbered"
            assert "目" in pages[1] and "录" in pages[1]
            assert numbers[2] == ["1"]
            assert [int(n[0]) for n in numbers[2:]] == list(range(1, len(pages) - 1))
        elif source.stem.endswith("-scoresheet"):
            # the 附件1 cover is unnumbered, the forms after it start at 1
            assert numbers[0] == [] and numbers[1] == ["1"], source.name
        else:
            assert numbers[0] == ["1"], source.name


def test_a_house_style_report_passes_too(tmp_path: Path, validator: OpenXmlValidator) -> None:
    """A firm's own .docx (other margins, its footer, a Heading 1 in 微软雅黑, no Title style)
    as house style: the full report and the brief still pass, with the house font described
    in the font table."""
    import docx
    from docx.shared import Mm

    house = docx.Document()
    section = house.sections[0]
    section.left_margin = section.right_margin = Mm(20)
    section.footer.paragraphs[0].text = "某某咨询有限公司"
    fonts = house.styles["Heading 1"].element.rPr.rFonts
    fonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "微软雅黑")
    house.save(str(tmp_path / "house.docx"))
    project = build_fixture(tmp_path / "p.pfdesk")
    for layout in ("full", "brief"):
        out = tmp_path / f"{layout}.docx"
        export([project], layout, out, style=tmp_path / "house.docx", charts=False,
               toc_pages=False)
        result = validator.validate(str(out))
        assert result.is_valid, "\n".join(e.description for e in result.errors[:10])
        with zipfile.ZipFile(out) as archive:
            table = archive.read("word/fontTable.xml").decode("utf-8")
        assert 'w:name="微软雅黑"' in table and "Microsoft YaHei" in table
    project.close()


@pytest.mark.parametrize("layout", [k for k in LAYOUTS if k != "full"])
def test_several_projects_in_one_file_pass(tmp_path: Path, validator: OpenXmlValidator,
                                           layout: str) -> None:
    """The layouts that take several projects: two projects, one after the other."""
    first, second = department(tmp_path / "a.pfdesk"), not_applicable(tmp_path / "b.pfdesk")
    out = tmp_path / f"{layout}.docx"
    export([first, second], layout, out, charts=False, toc_pages=False)
    first.close()
    second.close()
    result = validator.validate(str(out))
    assert result.is_valid, "\n".join(e.description for e in result.errors[:10])
