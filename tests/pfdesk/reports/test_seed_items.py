"""The seeds' items in the full, brief and information-sheet layouts, worked out by hand from the
fixture (tests/pfdesk/reports/fixture_project.py, seed 004's project: budget 170.86, received
170.86, spent 168.91 万元, evaluated year 2020, one source 市县 170.86).

- seed 000: the cut-off date in the funding sentences ("截至2020年12月31日"), the project's own
  date when it has one, nothing when the year is unknown;
- seed 004: the year in the funding table ("2020年支付金额"), suggestions with sub-points;
- seed 003: the publishing department on top, 9,459.70万元, 主要绩效 by dimension;
- the targets table with its header block, 指标值说明 and year; header-only without targets;
- finding titles running into their text; no "无。" and no bare headings.
"""

from __future__ import annotations

from decimal import Decimal as D

from docx.oxml.ns import qn

from pfdesk import commands
from pfdesk.model import FundingSource, ProjectInfo
from pfdesk.project import Project
from pfdesk.reports.common import no_charts
from pfdesk.reports.data import ReportData
from pfdesk.reports.export import build_document
from pfdesk.reports.infosheet import dimension_prose
from pfdesk.reports.items import parse
from tests.pfdesk.reports.fixture_project import build_fixture

SUGGESTION = ("进一步提高绩效目标编制水平\n"
              "1.健全年初绩效指标，提高绩效管理水平。建议按照绩效管理的要求填写绩效目标申报表。\n"
              "2、完善绩效自评流程，动态跟踪项目情况。建议项目结束后依据年初目标填报自评。")


def _doc(project: Project, layout: str):  # type: ignore[no-untyped-def]
    return build_document([ReportData.of(project)], layout, charts=no_charts)


def _texts(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs]


def _bold(paragraph) -> str:  # type: ignore[no-untyped-def]
    """The text of a paragraph's bold runs."""
    return "".join(r.text for r in paragraph.runs if r.bold)


def _rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    out = []
    for tr in table._tbl.tr_lst:
        out.append(["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.tc_lst])
    return out


def _table(doc, first: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return next(_rows(t) for t in doc.tables if _rows(t)[0][0] == first)


# ----- seed 000: the cut-off date -----

def test_funding_sentences_give_the_year_end_as_cut_off() -> None:
    project = build_fixture()
    assert ("项目总资金170.86万元，截至2020年12月31日，实际到位资金170.86万元，"
            "实际支付168.91万元。") in _texts(_doc(project, "brief"))
    # 170.86 ÷ 170.86 = 100.00%; 168.91 ÷ 170.86 = 0.98858… → 98.86%
    assert ("项目预算资金170.86万元，截至2020年12月31日，实际到位资金170.86万元，资金到位率"
            "100.00%，实际支出168.91万元，预算执行率98.86%。具体资金预算及执行情况见表1。"
            ) in _texts(_doc(project, "full"))


def test_the_projects_own_cut_off_date_wins() -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, funding_cutoff="2021-06-30"))
    assert ("项目总资金170.86万元，截至2021年6月30日，实际到位资金170.86万元，"
            "实际支付168.91万元。") in _texts(_doc(project, "brief"))


def test_no_year_no_cut_off_and_no_year_in_the_funding_table() -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, eval_year=""))
    brief = _texts(_doc(project, "brief"))
    assert "项目总资金170.86万元，实际到位资金170.86万元，实际支付168.91万元。" in brief
    full = _doc(project, "full")
    assert "表1 项目预算执行情况明细表" in _texts(full)
    assert "本年支付金额" in _table(full, "序号")[0]
    assert not any("截至" in t for t in _texts(full))


# ----- seed 004: the year in the funding table, suggestions with sub-points -----

def test_funding_table_names_the_year() -> None:
    full = _doc(build_fixture(), "full")
    assert "表1 2020年度项目预算执行情况明细表" in _texts(full)
    header = _table(full, "序号")[0]
    assert header[7] == "2020年支付金额"
    project = build_fixture()
    project.apply(commands.set_info(project, eval_object="部门整体"))
    assert "表1 2020年度部门预算执行情况明细表" in _texts(_doc(project, "full"))


def _with_suggestion(project: Project, text: str) -> Project:
    suggestion = project.findings("建议")[0]
    project.apply(commands.set_fields(project, "finding", suggestion.id, "修改", text=text))
    return project


def test_suggestion_sub_points_in_the_full_report() -> None:
    full = _doc(_with_suggestion(build_fixture(), SUGGESTION), "full")
    paras = full.paragraphs
    at = next(i for i, p in enumerate(paras) if p.text == "（一）进一步提高绩效目标编制水平")
    assert _bold(paras[at]) == "（一）进一步提高绩效目标编制水平"
    assert paras[at].paragraph_format.keep_with_next       # never alone at a page's foot
    first, second = paras[at + 1], paras[at + 2]
    # the typed numbers "1." and "2、" are replaced by the layout's own
    assert first.text == "1.健全年初绩效指标，提高绩效管理水平。建议按照绩效管理的要求填写绩效目标申报表。"
    assert _bold(first) == "1.健全年初绩效指标，提高绩效管理水平。"
    assert second.text == "2.完善绩效自评流程，动态跟踪项目情况。建议项目结束后依据年初目标填报自评。"
    assert paras[at + 3].text == "（二）加强项目实施规范管理。"


def test_suggestion_sub_points_in_the_brief_and_the_sheet() -> None:
    project = _with_suggestion(build_fixture(), SUGGESTION)
    brief = _texts(_doc(project, "brief"))
    at = brief.index("（一）进一步提高绩效目标编制水平")
    assert brief[at + 1].startswith("1.健全年初绩效指标") and brief[at + 2].startswith("2.完善")
    sheet = _table(_doc(project, "infosheet"), "项目名称")
    advice = next(row[1] for row in sheet if row[0] == "整改建议")
    assert advice == ("1. 进一步提高绩效目标编制水平"
                      "（1）健全年初绩效指标，提高绩效管理水平。建议按照绩效管理的要求填写绩效目标申报表。"
                      "（2）完善绩效自评流程，动态跟踪项目情况。建议项目结束后依据年初目标填报自评。"
                      "2. 加强项目实施规范管理。")


def test_how_a_finding_is_read() -> None:
    # one line after the title, unnumbered: it runs on after the title (a 。 closes the title)
    item = parse("合同管理存在瑕疵\n项目外包服务合同直至2017年6月才签订。")
    assert (item.lead, item.rest, item.subs) == (
        "合同管理存在瑕疵。", "项目外包服务合同直至2017年6月才签订。", ())
    # the first sentence is the title when more follows; one sentence alone has none
    assert parse("项目精细化管理水平不足。一是资料有待归整。").lead == "项目精细化管理水平不足。"
    assert parse("项目年初绩效目标申报情况不明。").lead == ""
    # sub-points written 一是/二是 keep their words and get no number
    item = parse("加强管理。\n一是加强资料管理；\n二是规范档案。")
    assert item.plain("", "bracketed") == "加强管理。\n一是加强资料管理；\n二是规范档案。"


def test_finding_titles_run_into_their_text() -> None:
    project = build_fixture()
    problem = project.findings("问题")[0]
    project.apply(commands.set_fields(project, "finding", problem.id, "修改",
                                      text="目标管理方面\n项目单位以项目总体目标作为年度绩效目标。"))
    full = _doc(project, "full")
    para = next(p for p in full.paragraphs if p.text.startswith("1.目标管理方面"))
    assert para.text == "1.目标管理方面。项目单位以项目总体目标作为年度绩效目标。"
    assert _bold(para) == "1.目标管理方面。"
    # the brief: a one-sentence problem is the bold title of its cause, in one paragraph
    brief = _doc(build_fixture(), "brief")
    para = next(p for p in brief.paragraphs if p.text.startswith("（一）项目年初"))
    assert para.text == "（一）项目年初绩效目标申报情况不明。以项目总体目标作为年度绩效目标。"
    assert _bold(para) == "（一）项目年初绩效目标申报情况不明。"


# ----- seed 003: the information sheet -----

def test_sheet_top_line_money_and_performance_by_dimension() -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, department="上城区机关事务管理局", spent="9459.7"))
    doc = _doc(project, "infosheet")
    texts = _texts(doc)
    assert texts[:2] == ["上城区机关事务管理局", "2020年度财政支出项目绩效评价结果"]
    assert "上城区财政局" not in texts          # the 委托单位 is not who publishes
    sheet = _table(doc, "项目名称")
    assert ["决算金额", "9,459.70万元"] in sheet
    cell = next(t for t in doc.tables[0].cell(4, 1).paragraphs)
    performance = [p.text for p in doc.tables[0].cell(4, 1).paragraphs]
    assert cell.text == performance[0]
    # 决策: 20 points, 17 scored, 85.00%; A21 lost 4 − 3 = 1, A22 4 − 2 = 2
    assert performance[0] == (
        "在决策方面，指标总分20分，得分17分，得分率85.00%。立项依据充分性、立项程序规范性、"
        "预算编制科学性、资金分配合理性得满分；绩效目标合理性扣1分（以项目总体目标作为年度绩效"
        "目标，与年度实际工作内容不符）；绩效指标明确性扣2分（未设置预期效益目标，满意度指标未设定"
        "具体目标值）。")
    # 产出: 24 of 24 = 100.00%, every leaf full
    assert performance[2] == "在产出方面，指标总分24分，得分24分，得分率100.00%。各项指标均得满分。"
    # then the achievements and practices by their titles
    assert performance[4] == ("主要成效：实现了对区内各项资源和系统的综合调度及展示。"
                              "主要做法：明确责任落实，提供组织保障。")


def test_performance_prose_with_points_not_applicable() -> None:
    """D2 (6 points: D21 3 of 3, D22 1 of 3) not applicable: 效益 counts 27 − 6 = 21 and
    scores 24 − 4 = 20, 20 ÷ 21 = 95.24%; D22's lost points are not named."""
    project = build_fixture()
    project.apply(commands.set_indicator(project, project.by_code("D2").id, not_applicable=True))
    data = ReportData.of(project)
    prose = dimension_prose(data, project.by_code("D"))
    assert prose.startswith("在效益方面，指标总分27分（其中不适用指标6分不计分），按21分计，"
                            "得分20分，得分率95.24%。")
    assert "长效机制建立健全性" not in prose and "应急联动能力提升情况扣1分" in prose


def test_sheet_top_line_falls_back_to_the_unit() -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, department=""))
    assert _texts(_doc(project, "infosheet"))[0] == "上城区数据资源管理局"


# ----- the targets table -----

def test_targets_table_as_firms_file_it() -> None:
    project = build_fixture()
    target = project.targets()[0]
    project.apply(commands.set_fields(project, "target", target.id, "修改",
                                      note="含大厅、会商室、值班室及机房"))
    # sources: 市县 170.86 (the fixture's) plus 其他 20 → fiscal 170.86, other 20.00
    project.apply(commands.add_row(project, FundingSource(source="其他", budget=D("20")), "添加"))
    full = _doc(project, "full")
    assert "表2 2020年度项目绩效目标表" in _texts(full)
    rows = _table(full, "项目名称")
    assert rows[0] == ["项目名称", "2020年度上城区基层治理综合信息指挥中心建设项目"]
    assert rows[1] == ["主管部门", "上城区数据资源管理局", "实施单位", "上城区数据资源管理局"]
    assert rows[2] == ["年度资金（万元）", "年度资金总额", "170.86"]
    assert rows[3] == ["", "其中：财政性资金", "170.86"]
    assert rows[4] == ["", "其他资金", "20.00"]
    assert rows[5] == ["年度目标", "完成项目建设内容的调试、试运行；完成项目结算审计；"
                                  "支付第三批项目建设、监理等费用。"]
    assert rows[6] == ["一级指标", "二级指标", "三级指标", "指标值", "指标值说明", "实际完成值",
                       "偏差原因"]
    assert rows[7] == ["产出指标", "数量指标", "指挥中心建设面积", "≥300平方米",
                       "含大厅、会商室、值班室及机房", "329平方米", ""]
    assert len(rows) == 10


def test_a_project_without_targets_prints_the_header_only() -> None:
    project = build_fixture()
    for target in project.targets():
        project.apply(commands.remove_row(project, "target", target.id, "删除"))
    full = _doc(project, "full")
    rows = _table(full, "项目名称")
    assert len(rows) == 7 and rows[-1][0] == "一级指标"
    assert "项目绩效目标表见表2。" in _texts(full)


# ----- sections with nothing to say -----

def test_a_sparse_project_prints_no_empty_section() -> None:
    project = Project.create(None, ProjectInfo(name="社区养老服务补贴项目", unit="某区民政局",
                                               eval_year="2023"))
    project.apply(commands.set_info(project, budget="50", received="50", spent="45"))
    full = _doc(project, "full")
    # the funds fill 项目资金情况 and the targets table's header block; nothing else is said
    assert [p.text for p in full.paragraphs if p.style.name.startswith("Heading")] == [
        "一、基本情况", "（一）项目概况", "1.项目资金情况", "（二）项目绩效目标",
        "二、综合评价情况及评价结论"]
    for layout in ("full", "brief"):
        texts = _texts(_doc(project, layout))
        assert "无。" not in texts and "无" not in texts, layout
    brief = _texts(_doc(project, "brief"))
    assert "项目总资金50.00万元，截至2023年12月31日，实际到位资金50.00万元，实际支付45.00万元。" in brief
    assert "社区养老服务补贴项目尚无计分的评价指标，综合得分和评价等级待评定。" in brief


def test_sheet_gives_the_gist_of_a_long_reason() -> None:
    from pfdesk.reports.infosheet import _gist

    # up to the first 。 or ；
    assert _gist("功能性测试报告缺少主办单位签章；项目延期120天。") == "功能性测试报告缺少主办单位签章"
    # still over 40 characters: up to the first ，
    long = ("年末结余132.00万元，其中坐席运营服务考核保证金104.88万元和下半年物业服务费12.98万元未在"
            "年度内支付")
    assert _gist(long) == "年末结余132.00万元"
    # short enough: whole
    assert _gist("以项目总体目标作为年度绩效目标，与年度实际工作内容不符") == \
        "以项目总体目标作为年度绩效目标，与年度实际工作内容不符"


def test_sheet_long_rows_may_run_on_to_the_next_page() -> None:
    """项目名称 … 评价结论 and 整改情况 never split; 主要绩效, 存在问题, 整改建议 may (a long 主要绩效
    kept whole left most of the first page blank)."""
    doc = _doc(build_fixture(), "infosheet")
    rows = doc.tables[0]._tbl.tr_lst
    split = [tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is None for tr in rows]
    assert split == [False] * 4 + [True] * 3 + [False]


def test_department_funds_give_the_cut_off_too() -> None:
    """Seed 000's department: 397.80 budget and received, 216.19 spent, 2023:
    216.19 ÷ 397.80 = 0.54346… → 54.35%."""
    project = Project.create(None, ProjectInfo(name="2023年部门整体支出", eval_year="2023",
                                               unit="许昌市东城区群众工作服务中心",
                                               eval_object="部门整体"))
    project.apply(commands.set_info(project, budget="397.80", received="397.80", spent="216.19"))
    assert ("部门预算资金397.80万元，截至2023年12月31日，实际到位资金397.80万元，实际支出216.19万元，"
            "预算执行率54.35%。") in _texts(_doc(project, "brief"))


def test_cover_ticks_mode_and_evaluator_in_seed_004s_words() -> None:
    project = build_fixture()
    project.apply(commands.set_info(project, evaluator_kind="中介机构"))
    doc = _doc(project, "full")
    cover = {row[0]: row[1] for row in _rows(doc.tables[0])}
    assert cover["评价方式："] == "部门（单位）绩效自评□　主管部门组织评价□　财政部门组织评价☑"
    assert cover["评价机构："] == "中介机构☑　部门（单位）评价组□　财政评价组□"
    assert "江苏建圆建方工程管理咨询有限公司" not in cover.values()
    texts = _texts(doc)
    # the date, then the firm under it (seed 004's cover)
    at = texts.index("2021年12月8日")
    assert texts[at + 1] == "江苏建圆建方工程管理咨询有限公司"


# ----- seed 004: the region before the letter's titles -----

def test_letter_titles_start_with_the_region_of_the_finance_bureau() -> None:
    """Seed 004: 评价组织机构 上城区财政局, titles "上城区财政支出绩效评价结果反馈书" and
    "上城区财政支出绩效评价结果整改报告书"; a department's own evaluation has no region."""
    project = build_fixture()                       # commissioned by 上城区财政局
    titles = [p.text for p in _doc(project, "feedback").paragraphs
              if p.style is not None and p.style.style_id == "Title"]
    assert titles == ["上城区财政支出绩效评价结果反馈书", "上城区财政支出绩效评价结果整改报告书"]
    project.apply(commands.set_info(project, commissioner="上城区数据资源管理局"))
    titles = [p.text for p in _doc(project, "feedback").paragraphs
              if p.style is not None and p.style.style_id == "Title"]
    assert titles == ["财政支出绩效评价结果反馈书", "财政支出绩效评价结果整改报告书"]


def test_region_of_a_provincial_bureau_and_of_none() -> None:
    from pfdesk.reports.pages import region
    assert region(ProjectInfo(commissioner="浙江省 财政厅")) == "浙江省"
    assert region(ProjectInfo(commissioner="海口市财政局")) == "海口市"
    assert region(ProjectInfo(commissioner="")) == ""


def test_a_department_evaluation_is_named_with_its_unit() -> None:
    """Seed 003 names a whole department's sheet by the unit (宋故居纪念馆部门整体支出评价): the
    fixture's unit 上城区数据资源管理局 goes before a name that does not say it, in the sheet
    and the letter; a name that says it, or a project's, is printed as it is."""
    project = build_fixture()
    project.apply(commands.set_info(project, eval_object="部门整体", name="2020年度部门整体支出"))
    sheet = _table(_doc(project, "infosheet"), "项目名称")
    assert sheet[0] == ["项目名称", "上城区数据资源管理局2020年度部门整体支出"]
    feedback = _doc(project, "feedback")
    assert "评价项目：上城区数据资源管理局2020年度部门整体支出" in _texts(feedback)
    assert _table(feedback, "被评价项目（单位）")[0][1] == "上城区数据资源管理局2020年度部门整体支出"
    project.apply(commands.set_info(project, name="上城区数据资源管理局部门整体支出评价"))
    assert _table(_doc(project, "infosheet"), "项目名称")[0][1] == "上城区数据资源管理局部门整体支出评价"
    project.apply(commands.set_info(project, eval_object="项目", name="2020年度部门整体支出"))
    assert _table(_doc(project, "infosheet"), "项目名称")[0][1] == "2020年度部门整体支出"


def test_a_letter_without_scored_indicators_states_no_score() -> None:
    """No indicator counts yet: the letter's 评价分值 waits (待评定) as the sheet's does; it
    never prints 0分 as if the project had scored nothing."""
    project = Project.create(None, ProjectInfo(name="社区养老服务补贴项目", unit="某区民政局",
                                               eval_year="2023"))
    letter = _table(_doc(project, "feedback"), "评价组织机构")
    assert ["评价分值", "待评定", "评价结论", "无法评定（没有计分的指标）"] in letter
    assert ["评价分值", "待评定"] in _table(_doc(project, "infosheet"), "项目名称")
