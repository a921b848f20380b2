"""Report outlines as data: numbering, the shipped outlines, untrusted files, storage, --outline.

Expected headings and sentences are written out by hand from the outlines and the demo's data.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from docx import Document

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.demo import build_demo
from pfdesk.dump import dump, dumps, load
from pfdesk.errors import EditError, ImportError_
from pfdesk.model import ProjectInfo
from pfdesk.project import Project
from pfdesk.reports import outline
from pfdesk.reports.brief import write_brief
from pfdesk.reports.common import no_charts
from pfdesk.reports.data import ReportData
from pfdesk.reports.docx_style import new_document
from pfdesk.reports.full import verdict_sentence, write_full
from pfdesk.reports.outline import OutlineError
from pfdesk.reports.writer import Writer

HEADINGS = ("Heading 1", "Heading 2", "Heading 3")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outline") / "demo.sqlite"
    build_demo(path).close()
    return path


def _headings(doc: object) -> list[str]:
    return [p.text for p in doc.paragraphs  # type: ignore[attr-defined]
            if p.style.name in HEADINGS]


def _texts(doc: object) -> list[str]:
    return [p.text for p in doc.paragraphs]  # type: ignore[attr-defined]


def _build(project: Project, layout: str = "full") -> object:
    """The layout's document in memory (the export's own steps; pfdesk.reports.export is not
    imported here: importing it by module name would hide the package's lazy ``export``)."""
    doc, styles = new_document(None)
    writer = Writer(doc, styles)
    if layout == "full":
        write_full(writer, ReportData.of(project), no_charts)
    else:
        write_brief(writer, [ReportData.of(project)])
    return doc


# ----- numbering -----

def test_numbering_follows_the_order_and_skips_sections_turned_off():
    national = outline.shipped()["national"]
    basics, work, conclusion, analysis, findings, suggestions, other, appendix, survey, ahp = \
        national.sections
    overview, goals = basics.sections
    # 项目背景 off, 项目资金情况 moved first; 评价工作开展情况 off; 其他 before 建议;
    # 主要成效 off under findings
    overview = replace(overview, sections=(overview.sections[5],
                                           replace(overview.sections[0], on=False),
                                           *overview.sections[1:5]))
    findings = replace(findings, sections=(replace(findings.sections[0], on=False),
                                           *findings.sections[1:]))
    changed = outline.with_sections(national, (
        replace(basics, sections=(overview, goals)), replace(work, on=False), conclusion,
        analysis, findings, other, suggestions, appendix, replace(survey, on=False), ahp))
    assert [h for _level, h, _s in outline.preview(changed)] == [
        "一、基本情况", "（一）项目概况", "1.项目资金情况", "2.项目立项依据", "3.组织实施情况",
        "4.项目实施内容", "5.项目完成情况", "（二）项目绩效目标", "1.总体目标", "2.年度目标",
        "二、综合评价情况及评价结论", "三、绩效评价指标分析",
        "四、主要经验及做法、存在的问题及原因分析", "（一）主要经验及做法", "（二）存在的问题及原因分析",
        "五、其他需要说明的问题", "六、有关建议", "附件1：绩效评价指标评分表",
        "附件2：层次分析法判断矩阵及权重"]


def test_a_survey_among_the_chapters_is_numbered_and_after_the_appendix_is_one():
    national = outline.shipped()["national"]
    *chapters, other, appendix, survey, ahp = national.sections
    moved = outline.with_sections(national, (*chapters, survey, other, appendix, ahp))
    heads = [h for level, h, _s in outline.preview(moved) if level == 1]
    assert heads[-4:] == ["七、满意度调查情况", "八、其他需要说明的问题",
                          "附件1：绩效评价指标评分表", "附件2：层次分析法判断矩阵及权重"]
    # only the scoring table printed among the appendices: no number
    alone = outline.with_sections(national, (*chapters, other, appendix,
                                             replace(survey, on=False), replace(ahp, on=False)))
    assert [h for level, h, _s in outline.preview(alone) if level == 1][-1] == \
        "附件：绩效评价指标评分表"


def test_nothing_but_appendices_and_a_survey_after_an_appendix():
    national = outline.shipped()["national"]
    *chapters, other, appendix, survey, ahp = national.sections
    with pytest.raises(OutlineError, match="附件应放在最后"):
        outline.with_sections(national, (*chapters, ahp, other, appendix, survey))
    with pytest.raises(OutlineError, match="附件应放在最后"):
        outline.with_sections(national, (*chapters, appendix, other, survey, ahp))
    # the AHP appendix may stand before the scoring table
    ok = outline.with_sections(national, (*chapters, other, ahp, survey, appendix))
    assert [h for level, h, _s in outline.preview(ok) if level == 1][-3:] == [
        "附件1：层次分析法判断矩阵及权重", "附件2：满意度调查情况", "附件3：绩效评价指标评分表"]


def test_chinese_numbers_past_ten():
    assert [outline.cn_number(n) for n in (1, 9, 10, 11, 20, 23)] == \
        ["一", "九", "十", "十一", "二十", "二十三"]
    assert (outline.number(1, 12), outline.number(2, 10), outline.number(3, 7)) == \
        ("十二、", "（十）", "7.")


# ----- the shipped outlines printed -----

def test_national_outline_prints_the_national_headings(demo_file):
    with Project.open(demo_file, readonly=True) as project:
        heads = _headings(_build(project))
    level1 = [h for h in heads if h[:2] in {"一、", "二、", "三、", "四、", "五、", "六、", "七、"}
              or h.startswith("附件")]
    assert level1 == ["一、基本情况", "二、绩效评价工作开展情况", "三、综合评价情况及评价结论",
                      "四、绩效评价指标分析", "五、主要经验及做法、存在的问题及原因分析",
                      "六、有关建议", "七、其他需要说明的问题", "附件1：绩效评价指标评分表",
                      "附件2：满意度调查情况"]


def test_condensed_outline_five_parts_and_the_scores_in_brackets(demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_file.read_bytes())
    with Project.open(path, backup=False) as project:
        project.apply(commands.set_outline(project, "full", outline.shipped()["condensed"]))
        doc = _build(project)
        conclusion = project.narrative("conclusion").strip()
    # the demo fills every narrative, goal, the funding and targets tables, 成效 and 问题
    assert _headings(doc) == [
        "一、基本情况", "（一）项目概况", "1.项目背景", "2.立项依据", "3.组织实施情况", "4.实施内容",
        "5.完成情况", "（二）项目资金情况", "（三）项目绩效目标", "1.总体目标", "2.年度目标",
        "二、综合评价情况及评价结论", "三、主要成效、存在的问题及原因分析", "（一）主要成效",
        "（二）存在的问题及原因分析", "四、有关建议", "五、其他需要说明的问题",
        "附件1：绩效评价指标评分表", "附件2：满意度调查情况"]
    texts = _texts(doc)
    # 决策 20 − 1 (A21) − 1.5 (A22) = 17.5; 过程 20 − 0.5 (B12, 5 × 90% by its rule) − 1 (B21)
    # − 1.5 (B22) = 17; 产出 30 − 1.5 (C21) − 0.5 (C31) = 28; 效益 30 − 1 − 1.5 − 2 (D11 D12
    # D14) − 0.4 (D15, 6 × 83.97 ÷ 90 = 5.6 by its rule) = 25.1; 17.5 + 17 + 28 + 25.1 = 87.6
    # → 良 (80 to 90)
    verdict = ("经评价组绩效评价，本项目综合评价得分87.6分（其中：决策17.5分，过程17分，产出28分，"
               "效益25.1分），评价等级为“良”。")
    at = texts.index("二、综合评价情况及评价结论")
    assert texts[at + 1] == verdict + conclusion
    assert "评价工作开展情况" not in "".join(texts)
    assert not any("指标情况" in h for h in _headings(doc))   # no per-indicator analysis
    # the cover and the title follow the pattern {单位} {项目}绩效评价报告 (the unit and the
    # project's name apart, as seed 000 writes them), the preface 以下简称
    title = "东城区政务服务便民热线中心 东城区12345政务服务便民热线运营服务外包项目绩效评价报告"
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"].count(title) == 2
    assert any("（以下简称“该项目”）" in t and t.startswith("受东城区财政局委托，明衡绩效评价咨询"
                                                       "有限公司对东城区政务服务便民热线中心实施的东城区"
                                                       "12345")
               for t in texts)


def test_verdict_with_a_dimension_not_applicable_says_so(demo_file, tmp_path):
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_file.read_bytes())
    with Project.open(path, backup=False) as project:
        d = project.by_code("D")
        project.apply(commands.set_indicator(project, d.id, not_applicable=True))
        text = verdict_sentence(ReportData.of(project))
    # 17.5 + 17 + 28 = 62.5 of 70; 62.5 ÷ 70 × 100 = 89.29 → 良
    assert text == ("经评价组绩效评价，本项目指标得分（其中：决策17.5分，过程17分，产出28分，"
                    "效益不适用），不适用指标30分不计分，得分62.5分，按百分制折算为89.29分，"
                    "评价等级为“良”。")


def test_empty_sections_are_left_out_in_the_condensed_outline():
    project = Project.create(None, ProjectInfo(name="空项目", unit="某单位"))
    project.apply(commands.set_outline(project, "full", outline.shipped()["condensed"]))
    doc = _build(project)
    # no indicators: no scoring table in an appendix either
    assert _headings(doc) == ["一、综合评价情况及评价结论"]
    assert "无。" not in _texts(doc)
    # the national outline leaves its empty lists out too (the checks name them)
    project.apply(commands.set_outline(project, "full", None))
    national = _build(project)
    texts = _texts(national)
    assert "无。" not in texts and "无" not in texts
    assert _headings(national) == ["一、综合评价情况及评价结论"]
    assert "一、基本情况" not in texts        # no bare heading for what the project lacks


def test_department_brief_and_full(tmp_path):
    info = ProjectInfo(name="2023年部门整体支出", unit="许昌市东城区群众工作服务中心",
                       eval_object="部门整体", overall_goal="化解信访积案。",
                       annual_goal="做好各类信访工作。", budget=None)
    project = Project.create(None, info)
    project.apply(commands.set_info(project, budget="397.80", received="397.80", spent="216.19"))
    brief = _build(project, "brief")
    assert [p.text for p in brief.paragraphs if p.style.name == "Title"] == \
        ["许昌市东城区群众工作服务中心 部门整体绩效评价报告"]
    assert _headings(brief)[:4] == ["一、基本情况", "（一）总体目标", "（二）年度重点工作计划和目标",
                                    "（三）部门整体资金情况"]
    assert _headings(brief)[4] == "二、评价结论"
    texts = _texts(brief)
    # seed 000's figures: 216.19 ÷ 397.80 = 0.54346… → 54.35% (spent over received)
    assert ("部门预算资金397.80万元，实际到位资金397.80万元，实际支出216.19万元，"
            "预算执行率54.35%。") in texts
    # the unit is named; no indicators yet, so no score is given (never 0分 and “差”)
    assert texts[texts.index("二、评价结论") + 1] == (
        "许昌市东城区群众工作服务中心尚无计分的评价指标，综合得分和评价等级待评定。")
    assert "项目概况" not in "".join(texts)
    full = _build(project)
    assert _headings(full)[:4] == ["一、基本情况", "（一）总体目标", "（二）年度重点工作计划和目标",
                                   "（三）部门整体资金情况"]
    assert "许昌市东城区群众工作服务中心部门整体绩效评价报告" in [
        p.text for p in full.paragraphs if p.style.name == "Title"]
    # the preface names the unit once, then calls it 该单位
    assert any("对许昌市东城区群众工作服务中心（以下简称“该单位”）部门整体支出开展绩效评价" in t
               and "对该单位部门整体支出进行综合评价" in t for t in _texts(full))


# ----- untrusted files -----

def _national() -> dict:
    return outline.to_dict(outline.shipped()["national"])


def _bad(change) -> str:  # type: ignore[no-untyped-def]
    data = _national()
    change(data)
    with pytest.raises(OutlineError) as caught:
        outline.from_dict(data)
    return str(caught.value)


def test_bad_outlines_refused_with_what_is_wrong():
    assert _bad(lambda d: d.update(colour="red")) == "提纲中有不认识的项：colour"
    assert _bad(lambda d: d["sections"][0].update(key="preamble")).startswith(
        "第 1 章的章节类别 preamble 不是本格式的章节")
    assert _bad(lambda d: d["sections"].insert(0, {"key": "other", "heading": "其他"})) \
        .startswith("章节“其他需要说明的问题”（other）出现了两次：第 1 章和第 8 章")
    assert _bad(lambda d: d["sections"].pop(2)) == (
        "提纲缺少必需的章节：“综合评价结论（汇总表和图）”或“综合评价结论（一段话，各部分得分在括号中）”"
        "（不能删去或关闭）")
    assert _bad(lambda d: d["sections"][2].update(on="yes")) == "第 3 章的 on 应为 true 或 false"
    assert _bad(lambda d: d["sections"][3].update(heading=7)) == "第 4 章的标题应为文字"
    assert _bad(lambda d: d["sections"][3].update(heading="四、指标分析")) == (
        "第 4 章的标题“四、指标分析”不要写编号（一、（一）1. 按章节顺序自动生成）")
    assert _bad(lambda d: d.update(title="{地区}{项目}报告")).startswith(
        "报告标题中的 {地区} 不是可用的项目字段")
    assert _bad(lambda d: d["sections"][0]["sections"].append(
        {"key": "analysis", "heading": "分析"})) == (
        "第 1 章第 3 小节“指标分析”不能放在“基本情况”之下（只能放在第一级）")
    assert _bad(lambda d: d["sections"].append({"key": "analysis2", "heading": "x"})) \
        .startswith("第 11 章的章节类别 analysis2")
    assert _bad(lambda d: d.update(format="other")).startswith("这不是 pfdesk 的报告提纲文件")


def test_bad_files_refused(tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (outline.MAX_BYTES + 1))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "pfdesk-outline",\n "version": 1,,}', encoding="utf-8")
    # line 2 is ' "version": 1,,}': the second comma is its 15th character
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    latin = tmp_path / "latin.json"
    latin.write_bytes("{\"name\": \"\xe9\"}".encode("latin-1"))
    messages = {}
    for path in (huge, broken, deep, latin, tmp_path / "missing.json"):
        with pytest.raises(OutlineError) as caught:
            outline.read_file(path)
        messages[path.stem] = str(caught.value)
    assert messages["huge"] == "提纲文件过大（97 KB），不是 pfdesk 的提纲文件"
    assert messages["broken"] == "提纲文件的格式有误（第 2 行第 15 列），不是有效的 JSON"
    assert messages["latin"] == "提纲文件不是 UTF-8 编码的文字文件"
    assert messages["missing"] == "找不到提纲文件 missing.json"
    assert messages["deep"] in ("提纲文件嵌套过深，不是 pfdesk 的提纲文件",
                                "提纲文件的内容应为一个对象（{…}）")


def test_saved_file_reads_back(tmp_path):
    condensed = outline.shipped()["condensed"]
    path = tmp_path / "本单位提纲.json"
    outline.write_file(condensed, path)
    assert outline.read_file(path) == condensed
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "pfdesk-outline"


# ----- stored in the project: one undo step, history, dump, merge -----

def test_set_outline_is_one_undo_step_with_its_words():
    project = Project.create(None)
    project.apply(commands.set_outline(project, "full", outline.shipped()["condensed"]))
    assert outline.stored(project.info.outline)["full"].name == "精简五部分"
    assert project.undo_label() == "修改报告提纲（精简五部分）"
    summary = project.conn.execute(
        "SELECT summary FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert summary == "修改 项目信息 报告提纲 默认 → 精简五部分"
    project.undo()
    assert project.info.outline == ""
    assert outline.for_layout(project.info, "full").name == "国家通用"


def test_set_outline_refuses_an_outline_without_its_conclusion():
    broken = replace(outline.shipped()["national"],
                     sections=outline.shipped()["national"].sections[:2])
    with pytest.raises(EditError, match="缺少必需的章节"):
        commands.set_outline(Project.create(None), "full", broken)


def test_dump_and_load_carry_the_outline(tmp_path):
    project = Project.create(None, ProjectInfo(name="甲"))
    own = replace(outline.shipped()["condensed"], name="本单位提纲", title="上城区{单位}{项目}绩效评价报告")
    project.apply(commands.set_outline(project, "full", own))
    path = tmp_path / "dump.json"
    path.write_text(dumps(project), encoding="utf-8")
    loaded = load(path, tmp_path / "loaded.sqlite")
    assert outline.stored(loaded.info.outline) == {"full": own}
    assert dump(loaded)["tables"] == dump(project)["tables"]
    loaded.close()
    data = json.loads(path.read_text(encoding="utf-8"))
    data["tables"]["project"][0]["outline"] = '{"full": {"format": "pfdesk-outline"}}'
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportError_, match="报告提纲（outline）有误"):
        load(path, tmp_path / "refused.sqlite")
    assert not (tmp_path / "refused.sqlite").exists()


def test_merge_brings_a_members_outline(tmp_path):
    from pfdesk import merge
    from tests.team_files import edit, hand_out

    team = hand_out(tmp_path)
    edit(team["甲"], "甲",
         lambda p: commands.set_outline(p, "full", outline.shipped()["condensed"]))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"]])
        assert result.conflicts == []
        assert outline.for_layout(lead.info, "full").name == "精简五部分"


def test_a_stored_value_that_does_not_read_falls_back_to_the_default():
    info = ProjectInfo(outline="{not json")
    assert outline.for_layout(info, "full").name == "国家通用"
    with pytest.raises(OutlineError, match="过大"):
        outline.parse_stored('{"full": "' + "x" * 300_000 + '"}')
    assert outline.for_layout(ProjectInfo(eval_object="部门整体"), "brief").name == "部门整体（简版）"


# ----- pfdesk export --outline -----

def test_export_outline_option_applies_the_file_only_for_that_export(demo_file, tmp_path,
                                                                     capsys):
    path = tmp_path / "condensed.json"
    outline.write_file(outline.shipped()["condensed"], path)
    out = tmp_path / "out.docx"
    code = main(["export", str(demo_file), "--layout", "full", "--no-charts", "--no-toc-pages",
                 "--outline", str(path), "-o", str(out)])
    assert code in (0, 1)
    assert _headings(Document(str(out)))[11] == "二、综合评价情况及评价结论"
    with Project.open(demo_file, readonly=True) as project:
        assert project.info.outline == ""                     # not stored
    plain = tmp_path / "plain.docx"
    main(["export", str(demo_file), "--layout", "full", "--no-charts", "--no-toc-pages", "-o",
          str(plain)])
    assert "二、绩效评价工作开展情况" in _headings(Document(str(plain)))


def test_export_refuses_a_bad_outline_file_and_writes_nothing(demo_file, tmp_path, capsys):
    path = tmp_path / "bad.json"
    data = _national()
    data["sections"][0]["key"] = "preamble"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.docx"
    code = main(["export", str(demo_file), "--layout", "full", "--outline", str(path),
                 "-o", str(out)])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "提纲文件" in err and "第 1 章的章节类别 preamble 不是本格式的章节" in err
    assert "未导出任何文件" in err
    brief = tmp_path / "brief.json"
    outline.write_file(outline.shipped()["brief"], brief)
    code = main(["export", str(demo_file), "--layout", "full", "--outline", str(brief),
                 "-o", str(out)])
    assert code == 2 and not out.exists()
    assert "不能用于完整评价报告" in capsys.readouterr().err


def test_checks_name_the_sections_the_outline_prints():
    from pfdesk.reports.check_sections import empty_sections

    project = Project.create(None, ProjectInfo(name="空项目"))
    national = [c.message for c in empty_sections(ReportData.of(project), "full")]
    assert "没有填写经验做法，“主要经验及做法”一节将不印出" in national
    assert any("评价目的、对象和范围" in m for m in national)
    project.apply(commands.set_outline(project, "full", outline.shipped()["condensed"]))
    condensed = [c.message for c in empty_sections(ReportData.of(project), "full")]
    # 主要经验及做法 is off in the condensed outline; no 评价工作开展情况, no indicator analysis
    assert [m for m in condensed if m.startswith("没有填写")] == [
        "没有填写主要成效，“主要成效”一节将不印出",
        "没有填写存在的问题，“存在的问题及原因分析”一节将不印出",
        "没有填写建议，“有关建议”一节将不印出"]
    assert not any("评价目的" in m or "评价方法" in m for m in condensed)
    assert any("项目背景" in m for m in condensed)
