"""Every layout of the demo project (pfdesk.demo), checked against hand-added dimension scores.

The demo's level-1 scores are 决策 17.5/20, 过程 17/20, 产出 28/30, 效益 25.1/30 (its 满意度 leaf
scored by its rule from the demo survey: 6 × 83.97 ÷ 90 = 5.598 → 5.6, see tests/pfdesk/test_demo.py):
the total is 17.5 + 17 + 28 + 25.1 = 87.6 (良), rates 87.50%, 85.00%, 93.33%, 83.67%
(25.1 ÷ 30 = 0.83666…), overall 87.60%.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pfdesk.reports.docx_read import all_text, body_texts, open_doc, table_rows

demo = pytest.importorskip("pfdesk.demo")

from pfdesk.reports.export import export  # noqa: E402
from pfdesk.scoring import score_project  # noqa: E402


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    demo.build_demo(path).close()
    return path


def test_demo_full_report(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "full.docx"
    result = export([demo_file], "full", out, charts=False)
    doc = open_doc(out)
    assert any(["合计", "100", "87.6", "87.60%"] in t for t in table_rows(doc))
    summary = next(t for t in table_rows(doc) if t[0] == ["指标", "权重", "得分", "得分率"])
    assert [row[3] for row in summary[1:-1]] == ["87.50%", "85.00%", "93.33%", "83.67%",
                                                 "87.60%"]
    assert summary[-1] == ["评价等级", "良", "良", "良"]
    texts = body_texts(doc)
    assert any("指标总分100分，综合评价得分87.6分，得分率87.60%，评价等级为“良”" in t for t in texts)
    from pfdesk.project import Project
    with Project.open(demo_file, readonly=True) as project:
        leaves = [i for i in project.walk() if not project.children(i.id)]
        for leaf in leaves:
            assert any(t.startswith(f"{leaf.code}{leaf.name}，权重") for t in texts), leaf.code
        assert score_project(project).grade == "良"
    assert isinstance(result.warnings, list)


@pytest.mark.parametrize("layout,piece", [("brief", "综合得分87.6分，评价等级为“良”"),
                                          ("feedback", "评价分值\n87.6分\n评价结论\n良"),
                                          ("infosheet", "评价分值\n87.6\n评价结论\n良"),
                                          ("scoresheet", "评价等次\n良")])
def test_demo_other_layouts(demo_file: Path, tmp_path: Path, layout: str, piece: str) -> None:
    out = tmp_path / f"{layout}.docx"
    export([demo_file], layout, out, charts=False)
    assert piece in all_text(open_doc(out))


def test_demo_fills_the_appendix_cover(demo_file: Path, tmp_path: Path) -> None:
    """The demo's 附件1 cover has every fact filled: 邮编 beside the address, 组织方式 and
    评价机构 ticked, 上报时间; its funding sentences give the cut-off date it holds."""
    out = tmp_path / "scoresheet.docx"
    export([demo_file], "scoresheet", out, charts=False)
    text = all_text(open_doc(out))
    assert "461000" in text
    assert "☑财政部门" in text and "☑中介机构" in text
    assert "上报时间：2025年5月6日" in text
    brief = tmp_path / "brief.docx"
    export([demo_file], "brief", brief, charts=False)
    assert "截至2024年12月31日" in all_text(open_doc(brief))
