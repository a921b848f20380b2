"""Find: indicators by code or name first, then every text the evaluator wrote."""

from __future__ import annotations

from pfdesk import commands, search
from pfdesk.model import Finding, Target
from tests.seed004 import seed004_project


def _project():
    project = seed004_project()
    b11 = project.by_code("B11")
    analysis = "该单位已制定管理制度，但未覆盖合同管理。"
    project.apply(commands.set_indicator(project, b11.id, analysis=analysis))
    b15 = project.by_code("B15")
    project.apply(commands.add_deduction(project, b15.id, "1.5", "自评报告未说明合同管理偏差原因"))
    project.apply(commands.add_row(project, Finding(kind="问题", text="合同管理不规范",
                                                    cause="未建立合同台账"), "添加问题"))
    project.apply(commands.set_narrative(project, "background", "项目背景：指挥中心建设。"))
    project.apply(commands.add_row(project, Target(target_text="合同履约率"), "添加目标"))
    return project


def test_code_exact_first_then_code_prefix():
    project = _project()
    hits = search.search(project, "b1")
    assert [(h.field, h.place) for h in hits[:6]] == [
        ("code", "B1 组织实施"), ("code", "B11 管理制度健全性"), ("code", "B12 制度执行有效性"),
        ("code", "B13 采购程序合规性"), ("code", "B14 运转程序规范性"),
        ("code", "B15 绩效自评合理性")]
    assert hits[0].rank == search.RANK_CODE_EXACT
    assert hits[1].rank == search.RANK_CODE_PREFIX
    assert hits[0].indicator_id == project.by_code("B1").id


def test_full_width_code_and_case_are_folded():
    project = _project()
    hits = search.search(project, "ｂ１１")
    assert hits[0].place == "B11 管理制度健全性" and hits[0].rank == search.RANK_CODE_EXACT


def test_name_before_texts_and_every_text_table_is_searched():
    project = _project()
    hits = search.search(project, "合同")
    places = [(h.page, h.place, h.snippet) for h in hits]
    assert places == [
        ("indicator", "B11 管理制度健全性 · 分析", "该单位已制定管理制度，但未覆盖合同管理。"),
        ("indicator", "B15 绩效自评合理性 · 扣分 · 扣分理由", "自评报告未说明合同管理偏差原因"),
        ("findings", "评价发现 · 问题 · 内容", "合同管理不规范"),
        ("findings", "评价发现 · 问题 · 原因", "未建立合同台账"),
        ("targets", "绩效目标 · 指标内容", "合同履约率"),
    ]
    name_hit = search.search(project, "制度执行")[0]
    assert (name_hit.field, name_hit.rank) == ("name", search.RANK_NAME)
    ded = hits[1]
    assert ded.table == "deduction" and ded.field == "reason"
    assert ded.indicator_id == project.by_code("B15").id


def test_every_word_in_the_same_field():
    project = _project()
    assert [h.place for h in search.search(project, "合同 台账")] == ["评价发现 · 问题 · 原因"]
    assert search.search(project, "合同 背景") == []
    assert search.search(project, "   ") == []


def test_narratives_and_info_and_snippet_is_cut_around_the_match():
    project = _project()
    hit = search.search(project, "指挥中心建设。")[0]
    assert (hit.page, hit.key, hit.place) == ("narrative", "background", "报告章节 · 项目背景")
    info = search.search(project, "上财")[0]
    assert (info.page, info.field) == ("info", "doc_number")
    long = "甲" * 30 + "关键词" + "乙" * 60
    assert search.snippet(long, 30, 33) == "…" + "甲" * 16 + "关键词" + "乙" * 40 + "…"


def test_limit():
    project = _project()
    assert len(search.search(project, "b", limit=3)) == 3


def test_snippet_keeps_the_text_as_written_and_spans_map_back():
    text = "第一行\n全角ＡＢＣ，合同"
    assert search.find_span(text, search.query_words("abc")) == (6, 9)
    assert search.snippet(text, 6, 9) == "第一行 全角ＡＢＣ，合同"
