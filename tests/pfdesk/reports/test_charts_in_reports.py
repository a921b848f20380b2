"""Charts in the full report: three pictures with numbered captions below; none without charts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from pfdesk.reports.export import export
from tests.pfdesk.reports.docx_read import body_texts, open_doc


@pytest.mark.skipif(importlib.util.find_spec("pfdesk.charts") is None,
                    reason="pfdesk.charts not installed")
def test_full_report_has_three_captioned_charts(tmp_path: Path, project_file: Path) -> None:
    out = tmp_path / "charts.docx"
    export([project_file], "full", out)
    doc = open_doc(out)
    assert len(doc.inline_shapes) == 3
    paragraphs = doc.paragraphs
    captions = ["图1 各一级指标得分率", "图2 各一级指标得分率雷达图", "图3 各指标扣分情况"]
    for caption in captions:
        index = next(i for i, p in enumerate(paragraphs) if p.text == caption)
        above = paragraphs[index - 1]
        assert above._p.find(".//" + qn("w:drawing")) is not None, caption   # figure above
        assert above.style.style_id == "PFPicture"
    texts = body_texts(doc)
    assert any("见图1、图2" in t for t in texts) and any("见图3" in t for t in texts)


def test_without_the_chart_package_the_report_has_no_figures(
        tmp_path: Path, project_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "pfdesk.charts" else real(name, *a))
    out = tmp_path / "plain.docx"
    export([project_file], "full", out)
    doc = open_doc(out)
    assert len(doc.inline_shapes) == 0
    assert not [t for t in body_texts(doc) if t.startswith("图1")]
