"""The seed items of the forms: the 附件1 set of seed 002 (layout ``scoresheet``) and the 附件2-1 /
2-2 letter and form of seed 004 (layout ``feedback``).

Expected values are worked out by hand from the fixture (seed 004's scores: 决策 17 of 20,
过程 23.5 of 29, 产出 24 of 24, 效益 24 of 27, total 88.5) and the project's grade bands.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from pfdesk import commands
from pfdesk.model import Finding
from pfdesk.project import Project
from pfdesk.reports import pages
from pfdesk.reports.export import export
from pfdesk.reports.feedback import headline
from pfdesk.scoring import bands_json
from tests.pfdesk.reports.docx_read import body_texts, open_doc, table_rows
from tests.pfdesk.reports.fixture_project import build_fixture

FACTS = {"postcode": "310002", "org_method": "财政部门", "evaluator_kind": "中介机构",
         "submitted_at": "2021-12-20", "eval_type": "事中"}


def _export(tmp_path: Path, layout: str, *projects: Project) -> Path:
    return export(list(projects), layout, tmp_path / f"{layout}.docx", charts=False).path


def _table(path: Path, first_cell: str) -> list[list[str]]:
    return next(t for t in table_rows(open_doc(path)) if t[0][0] == first_cell)


# ----- ticks -----

def test_ticks_mark_the_chosen_option_before_or_after_it() -> None:
    assert pages.ticks(("财政部门", "主管部门", "项目单位"), "主管部门") == "□财政部门　☑主管部门　□项目单位"
    assert pages.ticks(("事前评价", "事后评价"), "事后评价", box_first=False) == "事前评价□　事后评价☑"
    # nothing chosen: nothing ticked; a value of the user's own is added, ticked
    assert pages.ticks(("中介机构", "专家组"), "") == "□中介机构　□专家组"
    assert pages.ticks(("中介机构", "专家组"), "社会中介机构") == "□中介机构　□专家组　☑社会中介机构"


# ----- 附件1: the cover -----

def test_cover_ticks_the_projects_facts(tmp_path: Path) -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, **FACTS))
    table = _table(_export(tmp_path, "scoresheet", project), "评价类型：")
    assert table == [
        ["评价类型：", "☑实施过程评价　□完成结果评价"],
        ["项目名称：", "2020年度上城区基层治理综合信息指挥中心建设项目"],
        ["项目单位：", "上城区数据资源管理局"],
        ["主管部门：", "上城区数据资源管理局"],
        ["评价时间：", "2021年11月—12月"],
        ["组织方式：", "☑财政部门　□主管部门　□项目单位"],
        ["评价机构：", "☑中介机构　□专家组　□项目单位评价组"],
    ]
    texts = body_texts(open_doc(tmp_path / "scoresheet.docx"))
    assert texts[0] == "附件1"
    assert "财政支出项目绩效评价报告" in texts
    assert "评价单位（盖章）：江苏建圆建方工程管理咨询有限公司" in texts
    assert "上报时间：2021年12月20日" in texts


def test_cover_of_an_earlier_evaluation_and_words_of_the_users_own(tmp_path: Path) -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, eval_type="事前", org_method="委托第三方",
                                    evaluator_kind="", submitted_at=""))
    rows = dict(map(tuple, _table(_export(tmp_path, "scoresheet", project), "评价类型：")))
    assert rows["评价类型："] == "□实施过程评价　□完成结果评价　☑事前评价"
    assert rows["组织方式："] == "□财政部门　□主管部门　□项目单位　☑委托第三方"
    assert rows["评价机构："] == "□中介机构　□专家组　□项目单位评价组"
    assert "上报时间：　　年　　月　　日" in body_texts(open_doc(tmp_path / "scoresheet.docx"))


def _footer_text(doc, section) -> str:
    return "".join(p.text for p in section.footer.paragraphs) if section._sectPr.find(
        qn("w:footerReference")) is not None else "(none)"


def test_each_cover_is_unnumbered_and_each_body_counts_from_one(tmp_path: Path) -> None:
    first, second = build_fixture(), build_fixture(name="第二个项目")
    doc = open_doc(_export(tmp_path, "scoresheet", first, second))
    sections = doc.sections
    assert len(sections) == 4           # cover, forms; cover, forms
    assert _footer_text(doc, sections[0]) == "(none)"
    assert _footer_text(doc, sections[1]) == "— 1 —"
    assert _footer_text(doc, sections[2]) == ""          # an empty footer of its own
    assert _footer_text(doc, sections[3]) == "— 1 —"
    for body in (sections[1], sections[3]):
        assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    texts = body_texts(doc)
    assert [t for t in texts if t.startswith("附件")] == ["附件1", "附件1-2", "附件1-3", "附件1-4"] * 2


# ----- 附件1-2 and 附件1-3 -----

def test_labels_note_and_postcode(tmp_path: Path) -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, **FACTS))
    path = _export(tmp_path, "scoresheet", project)
    texts = body_texts(open_doc(path))
    assert texts.index("附件1-2") < texts.index("项目绩效目标表") < texts.index("附件1-3") \
        < texts.index("项目基本信息")
    note = texts.index("注：预算批复的绩效目标如有调整的，需在报告中加以说明。")
    assert texts.index("项目绩效目标表") < note < texts.index("附件1-3")
    basic = _table(path, "项目实施单位")
    assert basic[2] == ["地址", "杭州市上城区解放东路1号", "邮编", "310002"]


# ----- the grade of each dimension -----

GRADES_HEADER = ["评价指标", "分值", "得分", "得分率", "绩效等级", "绩效等级标准"]


def test_grade_table_with_the_national_bands(tmp_path: Path) -> None:
    table = _table(_export(tmp_path, "scoresheet", build_fixture()), "评价指标")
    # 17 ÷ 20 = 85.00% 良; 23.5 ÷ 29 = 81.03% 良; 24 ÷ 24 = 100% 优; 24 ÷ 27 = 88.89% 良.
    # Standards in points: 90 / 80 / 60 % of 20 = 18 / 16 / 12; of 29 = 26.1 / 23.2 / 17.4;
    # of 24 = 21.6 / 19.2 / 14.4; of 27 = 24.3 / 21.6 / 16.2.
    assert table == [
        GRADES_HEADER,
        ["A.决策", "20", "17", "85.00%", "良", "优≥18、良≥16、中≥12、差<12"],
        ["B.过程", "29", "23.5", "81.03%", "良", "优≥26.1、良≥23.2、中≥17.4、差<17.4"],
        ["C.产出", "24", "24", "100.00%", "优", "优≥21.6、良≥19.2、中≥14.4、差<14.4"],
        ["D.效益", "27", "24", "88.89%", "良", "优≥24.3、良≥21.6、中≥16.2、差<16.2"],
        ["综合绩效", "100", "88.5", "88.50%", "良", "优≥90、良≥80、中≥60、差<60"],
    ]


def test_grade_table_with_five_bands_of_the_client(tmp_path: Path) -> None:
    project = build_fixture()
    bands = [("优秀", D(90)), ("良好", D(85)), ("一般", D(75)), ("及格", D(60)), ("较差", D(0))]
    project.apply(commands.set_info(project, grade_bands=bands_json(bands)))
    rows = {r[0]: r[4:] for r in _table(_export(tmp_path, "scoresheet", project), "评价指标")}
    # 85.00% reaches 良好's 85 exactly; 81.03% is 一般; 88.89% 良好; total 88.5 良好
    assert rows["A.决策"] == ["良好", "优秀≥18、良好≥17、一般≥15、及格≥12、较差<12"]
    assert rows["B.过程"][0] == "一般"
    assert rows["C.产出"][0] == "优秀"
    assert rows["D.效益"][0] == "良好"
    assert rows["综合绩效"] == ["良好", "优秀≥90、良好≥85、一般≥75、及格≥60、较差<60"]


def test_grade_table_of_a_dimension_not_all_scored_or_not_applicable(tmp_path: Path) -> None:
    project = build_fixture()
    ids = {ind.code: ind.id for ind in project.walk()}
    project.apply(commands.set_score(project, ids["C11"], None))
    project.apply(commands.set_indicator(project, ids["D"], not_applicable=True))
    rows = {r[0]: r[1:5] for r in _table(_export(tmp_path, "scoresheet", project), "评价指标")}
    # C without C11: 21 of the 24 points scored (21 ÷ 24 = 87.50%), grade provisional
    assert rows["C.产出"] == ["24", "21", "87.50%", "良（暂定）"]
    assert rows["D.效益"][0] == "不适用" and rows["D.效益"][3] == "不适用"


# ----- 附件2-1 and 附件2-2 -----

def _letter(path: Path) -> list[list[str]]:
    return _table(path, "评价组织机构")


def test_letter_labels_and_ticks(tmp_path: Path) -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, **FACTS))
    path = _export(tmp_path, "feedback", project)
    texts = body_texts(open_doc(path))
    assert texts.index("附件2-1") < texts.index("上城区财政支出绩效评价结果反馈书") \
        < texts.index("附件2-2") < texts.index("上城区财政支出绩效评价结果整改报告书")
    letter = _letter(path)
    assert letter[2][:2] == ["评价方式", "部门（单位）绩效自评□　财政部门组织评价☑"]
    assert letter[3][:2] == ["评价机构类型", "中介机构☑　部门（单位）评价组□　财政评价组□"]


def test_letter_ticks_a_department_evaluation_in_words_of_its_own(tmp_path: Path) -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, eval_mode="部门评价", evaluator_kind="专家组"))
    letter = _letter(_export(tmp_path, "feedback", project))
    assert letter[2][1] == "部门（单位）绩效自评□　财政部门组织评价□　主管部门组织评价☑"
    assert letter[3][1] == "中介机构□　部门（单位）评价组□　财政评价组□　专家组☑"


def test_see_the_report_closes_the_suggestions_cell(tmp_path: Path) -> None:
    path = _export(tmp_path, "feedback", build_fixture())
    advice = next(r for r in _letter(path) if r[0] == "建\n议")
    assert advice[1].split("\n") == ["1.提高绩效目标编制水平。", "2.加强项目实施规范管理。", "",
                                     "（详见此项目绩效评价报告）"]
    assert "（详见此项目绩效评价报告）" not in body_texts(open_doc(path))


@pytest.mark.parametrize("text,title", [
    ("项目年初绩效目标申报情况不明。以总体目标代替年度目标。", "项目年初绩效目标申报情况不明。"),
    ("加强项目实施规范管理\n（1）完善验收资料。\n（2）按期完工。", "加强项目实施规范管理"),
    ("  提高绩效目标编制水平。细化指标。\n补充满意度目标。", "提高绩效目标编制水平。"),
])
def test_a_finding_is_listed_by_its_title(text: str, title: str) -> None:
    assert headline(text) == title


def test_a_suggestion_with_sub_items_is_listed_by_its_title(tmp_path: Path) -> None:
    project = build_fixture()
    for f in project.findings("建议"):
        project.apply(commands.remove_row(project, "finding", f.id, "删除建议"))
    project.apply(commands.add_row(project, Finding(kind="建议", text="推进项目监管体系\n（1）建立考评制度。"
                                                              "\n（2）明确移交责任。"), "添加建议"))
    advice = next(r for r in _letter(_export(tmp_path, "feedback", project)) if r[0] == "建\n议")
    assert advice[1].split("\n")[0] == "1.推进项目监管体系"


# ----- 附件1-4 -----

def _conclusion(path: Path) -> list[str]:
    texts = body_texts(open_doc(path))
    start = texts.index("附件1-4")
    return texts[start:start + 8]


def test_conclusion_page_states_the_total_and_where_points_were_lost(tmp_path: Path) -> None:
    texts = _conclusion(_export(tmp_path, "scoresheet", build_fixture()))
    assert texts[:7] == [
        "附件1-4",
        "综合评价情况及评价结论",
        "本项目绩效评价综合得分88.5分，评价等级为“良”。各一级指标得分及绩效等级见下表，"
        "各指标评分详见附件1-3。",
        "各一级指标得分及绩效等级",
        "1．“决策”指标满分20分，得分17分，得分率85.00%。扣分原因主要是："
        "（1）A21绩效目标合理性扣1分：以项目总体目标作为年度绩效目标，与年度实际工作内容不符。"
        "（2）A22绩效指标明确性扣2分：未设置预期效益目标，满意度指标未设定具体目标值。",
        "2．“过程”指标满分29分，得分23.5分，得分率81.03%。扣分原因主要是："
        "（1）B11管理制度健全性扣1分：未根据项目具体情况制定组织管理办法。"
        "（2）B12制度执行有效性扣2分：功能性测试报告缺少主办单位签章；项目延期120天，"
        "实际工期与计划工期差距较大。"
        "（3）B15绩效自评合理性扣1.5分：自评内容未涉及绩效指标与标准，缺少佐证依据。"
        "（4）B25资金支付及时性扣1分：设计费尾款支付晚于合同约定。",
        "3．“产出”指标满分24分，得分24分，得分率100.00%。",
    ]
    assert texts[7].startswith("4．“效益”指标满分27分，得分24分，得分率88.89%。"
                               "扣分原因主要是：（1）D16应急联动能力提升情况扣1分：")


def test_conclusion_page_with_points_not_applicable(tmp_path: Path) -> None:
    project = build_fixture()
    ids = {ind.code: ind.id for ind in project.walk()}
    for code in ("D2", "B25"):
        project.apply(commands.set_indicator(project, ids[code], not_applicable=True))
    texts = _conclusion(_export(tmp_path, "scoresheet", project))
    # counted: 100 − 2 (B25) − 6 (D2) = 92 points; raw 88.5 − 1 (B25) − 4 (D21 3 + D22 1)
    # = 83.5; 83.5 ÷ 92 = 90.76% → 90.76 on 100, 优
    assert texts[2].startswith("本项目不适用指标8分不计分，按百分制折算，综合得分90.76分，"
                               "评价等级为“优”。")
    # 效益: 27 − 6 = 21 counted, D1 17 + D3 3 = 20, 20 ÷ 21 = 95.24%; only D16 lost points
    assert texts[7] == ("4．“效益”指标满分21分，得分20分，得分率95.24%（不含不适用指标6分）。"
                        "扣分原因主要是：（1）D16应急联动能力提升情况扣1分："
                        "效益目标缺乏可量化的数据支撑。")


def test_appendix_1_4_of_a_project_with_nothing_scored(tmp_path: Path) -> None:
    """No indicator yet: 附件1-4 says the score is still to be given (never 综合得分0分) and
    prints no bands of 0 points."""
    from pfdesk.model import ProjectInfo

    project = Project.create(None, ProjectInfo(name="社区养老服务补贴项目", unit="某区民政局"))
    text = "\n".join(body_texts(open_doc(_export(tmp_path, "scoresheet", project))))
    assert "本项目尚无计分的评价指标，综合得分和评价等级待评定。" in text
    assert "综合得分0分" not in text
    table = _table(tmp_path / "scoresheet.docx", "评价指标")
    assert table[-1][0] == "综合绩效" and table[-1][5] == ""
