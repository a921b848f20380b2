"""Done-when checks of issue 4: every layout read back with python-docx.

Expected values are worked out by hand from seed 004's weights and scores: 决策 17 of 20
(85.00%), 过程 23.5 of 29 (81.03%), 产出 24 of 24 (100.00%), 效益 24 of 27 (88.89%);
total 17 + 23.5 + 24 + 24 = 88.5, 88.50%, grade 良 (80 ≤ 88.5 < 90).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn

from pfdesk.reports.export import export
from tests.pfdesk.reports.docx_read import all_text, body_texts, instr_texts, open_doc, table_rows
from tests.pfdesk.reports.fixture_project import NAME, SECOND, build_fixture

# code: (name, weight, score) — typed from the seed, not from the program.
LEAVES = {
    "A11": ("立项依据充分性", "5", "5"), "A12": ("立项程序规范性", "3", "3"),
    "A21": ("绩效目标合理性", "4", "3"), "A22": ("绩效指标明确性", "4", "2"),
    "A31": ("预算编制科学性", "2", "2"), "A32": ("资金分配合理性", "2", "2"),
    "B11": ("管理制度健全性", "3", "2"), "B12": ("制度执行有效性", "4", "2"),
    "B13": ("采购程序合规性", "2", "2"), "B14": ("运转程序规范性", "2", "2"),
    "B15": ("绩效自评合理性", "2", "0.5"), "B21": ("财务制度健全性", "2", "2"),
    "B22": ("资金使用合规性", "5", "5"), "B23": ("财务监控有效性", "2", "2"),
    "B24": ("资金到位率", "2", "2"), "B25": ("资金支付及时性", "2", "1"),
    "B26": ("预算执行率", "3", "3"), "C11": ("指挥中心建设面积", "3", "3"),
    "C12": ("大屏建设面积", "3", "3"), "C13": ("建成系统数", "3", "3"),
    "C21": ("验收合格率", "3", "3"), "C22": ("技术规格相符率", "2", "2"),
    "C23": ("设计方案相符率", "2", "2"), "C24": ("成本节约率", "2", "2"),
    "C31": ("项目完成及时性", "3", "3"), "C32": ("问题整改及时率", "3", "3"),
    "D11": ("原平台迁移完成率", "2", "2"), "D12": ("视频会议系统正常运行率", "3", "3"),
    "D13": ("可视化软件正常运行率", "3", "3"), "D14": ("业务网络接入率", "3", "3"),
    "D15": ("数据接入率", "3", "3"), "D16": ("应急联动能力提升情况", "4", "3"),
    "D21": ("责任移交制度健全性", "3", "3"), "D22": ("长效机制建立健全性", "3", "1"),
    "D31": ("服务对象满意度", "3", "3"),
}
SUMMARY = [["指标", "权重", "得分", "得分率"], ["A.决策", "20", "17", "85.00%"],
           ["B.过程", "29", "23.5", "81.03%"], ["C.产出", "24", "24", "100.00%"],
           ["D.效益", "27", "24", "88.89%"], ["合计", "100", "88.5", "88.50%"],
           ["评价等级", "良", "良", "良"]]
LAYOUTS = ("full", "brief", "feedback", "infosheet", "scoresheet")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each layout exported once from the fixture project (charts off: golden-stable)."""
    folder = tmp_path_factory.mktemp("layouts")
    source = folder / "p.sqlite"
    build_fixture(source).close()
    out = {}
    for layout in LAYOUTS:
        out[layout] = folder / f"{layout}.docx"
        export([source], layout, out[layout], charts=False)
    return out


def test_full_names_every_indicator_with_weight_and_score(docs: dict[str, Path]) -> None:
    texts = body_texts(open_doc(docs["full"]))
    for code, (name, weight, score) in LEAVES.items():
        sentence = f"{code}{name}，权重{weight}分，得分{score}分。"
        assert sentence in texts, sentence
        following = texts[texts.index(sentence) + 1]
        lost = {"A21": "1", "A22": "2", "B11": "1", "B12": "2", "B15": "1.5", "B25": "1",
                "D16": "1", "D22": "2"}.get(code)
        ending = (f"扣{lost}分，该指标得{score}分。" if lost else f"该指标得{score}分。")
        assert following.endswith("根据相关评分标准，" + ending), following


def test_full_summary_table_rates(docs: dict[str, Path]) -> None:
    tables = table_rows(open_doc(docs["full"]))
    assert SUMMARY in tables


def test_full_dimension_tables_and_appendix_list_codes(docs: dict[str, Path]) -> None:
    doc = open_doc(docs["full"])
    text = all_text(doc)
    for code, (name, _, _) in LEAVES.items():
        assert text.count(f"{code}{name}") >= 3   # dimension table, paragraph, appendix
    process = next(t for t in table_rows(doc) if t[0] == ["二级指标", "三级指标", "权重", "得分"]
                   and any("B11" in c for row in t for c in row))
    assert process[-1] == ["合计", "合计", "29", "23.5"]
    assert [row[0] for row in process[1:6]] == ["B1组织实施"] * 5   # merged level-2 cell


@pytest.mark.parametrize("layout", LAYOUTS)
def test_same_total_and_grade_everywhere(docs: dict[str, Path], layout: str) -> None:
    doc = open_doc(docs[layout])
    text = all_text(doc)
    expected = {
        "full": ["本项目指标总分100分，综合评价得分88.5分，得分率88.50%，评价等级为“良”"],
        "brief": ["绩效评价综合得分88.5分，评价等级为“良”。"],
        "feedback": ["评价分值\n88.5分\n评价结论\n良"],
        "infosheet": ["评价分值\n88.5\n评价结论\n良"],
        "scoresheet": ["总分\n100", "88.5", "评价等次\n良"],
    }[layout]
    for piece in expected:
        assert piece in text, (layout, piece)
    for wrong in ("88.50分", "90分", "等级为“优”"):
        assert wrong not in text


def test_scoresheet_scores_and_panel(docs: dict[str, Path]) -> None:
    tables = table_rows(open_doc(docs["scoresheet"]))
    scoring = next(t for t in tables if t[0][0] == "一级指标")
    assert scoring[1][:4] == ["A决策", "20", "A1项目立项", "8"]
    assert scoring[-2][0] == "总分" and scoring[-2][1] == "100" and scoring[-2][-1] == "88.5"
    assert scoring[-1][:2] == ["评价等次", "良"]
    panel = next(t for t in tables if t[0][0] == "姓　名")
    assert panel[0][-1] == "签　字"
    assert panel[1][:4] == ["张华", "高级工程师", "江苏建圆建方工程管理咨询有限公司", "88.5"]
    targets = next(t for t in tables if t[0][0] == "指标类型")
    assert targets[1][3:] == ["优", "良", "中", "差"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_page_setup_fonts_and_footer(docs: dict[str, Path], layout: str) -> None:
    doc = open_doc(docs[layout])
    for section in doc.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        margins = [section.top_margin, section.bottom_margin, section.left_margin,
                   section.right_margin]
        assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    footer = doc.sections[-1].footer
    assert not footer.is_linked_to_previous
    assert "PAGE" in instr_texts(footer._element)
    assert footer.paragraphs[0].text == "— 1 —"
    used = {p.style.style_id for p in doc.paragraphs}
    for table in doc.tables:
        used |= {p.style.style_id for cell in table._cells for p in cell.paragraphs}
    for style_id in used:
        style = next(s for s in doc.styles if s.style_id == style_id)
        fonts = style.element.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")), style.name
        assert fonts.get(qn("w:ascii")) == "Times New Roman"
        assert not [a for a in fonts.attrib if a.endswith("Theme") or a.endswith("theme")]
    for run in doc.paragraphs[0].runs:
        assert run._r.rPr.rFonts.get(qn("w:eastAsia"))
    lang = doc.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_body_style_indent_and_spacing(docs: dict[str, Path]) -> None:
    doc = open_doc(docs["full"])
    body = next(s for s in doc.styles if s.style_id == "PFBodyText")
    ind = body.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert ind.get(qn("w:firstLine")) == "640"        # 2 characters × 16 pt × 20
    spacing = body.element.pPr.find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("560", "exact")
    table = next(s for s in doc.styles if s.style_id == "PFTableText")
    assert table.paragraph_format.first_line_indent in (None, 0)
    assert table.paragraph_format.line_spacing in (None, 1.0)


def test_full_cover_toc_and_page_numbering(docs: dict[str, Path]) -> None:
    doc = open_doc(docs["full"])
    # cover, table of contents (no page number), body numbered from 1
    assert len(doc.sections) == 3
    cover, toc, body = (s._sectPr for s in doc.sections)
    assert cover.find(qn("w:footerReference")) is None
    assert toc.find(qn("w:footerReference")) is None
    assert toc.find(qn("w:pgNumType")) is None
    assert body.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    children = [c.tag for c in body]
    assert children.index(qn("w:pgNumType")) < children.index(qn("w:cols"))
    assert children.index(qn("w:pgMar")) < children.index(qn("w:pgNumType"))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr_texts(doc.element.body)
    # no field update prompt when Word opens the file
    assert doc.settings.element.find(qn("w:updateFields")) is None
    cover_text = "\n".join(body_texts(doc)[:12]) + all_text(doc)
    for label in ("项目名称：", "项目单位：", "主管部门：", "评价类型：", "评价机构："):
        assert label in cover_text
    assert "事后评价☑" in cover_text


def test_tables_repeat_headers_and_set_widths_twice(docs: dict[str, Path]) -> None:
    doc = open_doc(docs["full"])
    scoring = next(t for t in doc.tables if "评分标准" in [c.text for c in t.rows[0].cells])
    assert scoring.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    grid = [int(c.get(qn("w:w"))) for c in scoring._tbl.tblGrid.findall(qn("w:gridCol"))]
    first_row = [int(tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for tc in scoring.rows[0]._tr.tc_lst]
    assert grid == first_row
    assert sum(grid) == int(scoring._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))
    # 决策 spans its six leaves: one restart and five continuations in column 0.
    merges = [tr.tc_lst[0].tcPr.find(qn("w:vMerge")) for tr in scoring._tbl.tr_lst[1:7]]
    assert merges[0].get(qn("w:val")) == "restart"
    assert all(m is not None and m.get(qn("w:val")) in (None, "continue") for m in merges[1:])


def test_several_projects_in_order(tmp_path: Path, project_file: Path, second_file: Path) -> None:
    for layout in ("brief", "infosheet", "feedback", "scoresheet"):
        out = tmp_path / f"{layout}.docx"
        result = export([project_file, second_file], layout, out, charts=False)
        assert result.projects == 2
        text = all_text(open_doc(out))
        assert text.index(NAME) < text.index(SECOND), layout
