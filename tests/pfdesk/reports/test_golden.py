"""Golden-file tests of word/document.xml for each layout, with ids made deterministic.

The XML is normalised before comparing: rsid attributes dropped, w14 paragraph/text ids,
drawing ids, relationship ids and picture names renumbered in order of appearance, dates
removed. To accept a deliberate change of output, regenerate the golden files with

    REGENERATE=1 python -m pytest tests/pfdesk/reports/test_golden.py

and review the diff of tests/pfdesk/reports/golden/ before committing it.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pfdesk.reports.common import no_charts
from pfdesk.reports.data import ReportData
from pfdesk.reports.export import build_document
from tests.pfdesk.reports.fixture_project import SECOND, build_fixture

GOLDEN = Path(__file__).parent / "golden"
LAYOUTS = ("full", "brief", "feedback", "infosheet", "scoresheet")
_RENUMBER = re.compile(r'((?:w14:paraId|w14:textId|r:id|r:embed|wp:docPr id|id)=")([^"]*)(")')
_DROP = re.compile(r'\s(?:w:rsid\w*|w:date)="[^"]*"')


def normalise(xml: bytes) -> str:
    """document.xml pretty-printed with rsids and dates removed and ids renumbered."""
    text = etree.tostring(etree.fromstring(xml), pretty_print=True, encoding="unicode")
    text = _DROP.sub("", text)
    seen: dict[str, str] = {}

    def renumber(match: re.Match[str]) -> str:
        key = match.group(1) + match.group(2)
        seen.setdefault(key, str(len(seen) + 1))
        return match.group(1) + seen[key] + match.group(3)

    text = _RENUMBER.sub(renumber, text)
    return re.sub(r'name="Picture \d+"', 'name="Picture"', text)


def _document_xml(layout: str, tmp_path: Path) -> str:
    projects = [ReportData.of(build_fixture())]
    if layout != "full":
        projects.append(ReportData.of(build_fixture(name=SECOND)))
    doc = build_document(projects, layout, charts=no_charts)
    out = tmp_path / f"{layout}.docx"
    doc.save(str(out))
    with zipfile.ZipFile(out) as archive:
        return normalise(archive.read("word/document.xml"))


@pytest.mark.parametrize("layout", LAYOUTS)
def test_document_xml_matches_golden(layout: str, tmp_path: Path) -> None:
    actual = _document_xml(layout, tmp_path)
    golden = GOLDEN / f"{layout}.xml"
    if os.environ.get("REGENERATE"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.exists(), f"no golden file for {layout}: run with REGENERATE=1"
    assert actual == golden.read_text(encoding="utf-8")


def test_normalise_makes_ids_deterministic() -> None:
    a = b'<w:p xmlns:w="urn:w" xmlns:w14="urn:w14" w14:paraId="1A2B" w:rsidR="00AB"/>'
    b = b'<w:p xmlns:w="urn:w" xmlns:w14="urn:w14" w14:paraId="7F7F" w:rsidR="00CD"/>'
    assert normalise(a) == normalise(b)
    assert "rsid" not in normalise(a)
