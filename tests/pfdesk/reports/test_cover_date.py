"""The cover prints an ISO report date the way reports write dates; the scoresheet names the leader."""

from docx import Document

from pfdesk.demo import build_demo
from pfdesk.reports.export import export


def _texts(path):
    doc = Document(str(path))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return texts


def test_cover_date_and_leader(tmp_path):
    project = build_demo(tmp_path / "demo.sqlite")
    assert project.info.report_date == "2025-04-28"
    project.close()
    out = export([tmp_path / "demo.sqlite"], "full", tmp_path / "full.docx", charts=False)
    texts = _texts(out.path)
    assert "2025年4月28日" in texts
    assert not any("2025-04-28" in t for t in texts)
    out = export([tmp_path / "demo.sqlite"], "scoresheet", tmp_path / "s.docx", charts=False)
    assert "评价工作组组长（签字）：王立群" in _texts(out.path)
