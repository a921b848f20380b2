"""Every number in every layout, read back from the .docx, agrees with the engine and with itself.

Seven projects are exported in all five layouts (without charts): the demo; the demo with an
AHP matrix applied on B1; the seed-004-like
fixture with not-applicable parts (a whole level-2, D2, and a single leaf, B25); the fixture
with a leaf score of three decimals (B22 = 4.376, as 5 × 87.52% gives); the fixture written in
the 'fixed' number style; the fixture partly scored; the fixture with a whole dimension not
applicable. Each document is read back with python-docx, paragraphs and table cells alike,
and checked (the checks are in tests/pfdesk/reports/consistency.py):

- every "…X分…得分Y分，得分率Z%" sentence: Y ÷ X = Z to two decimals, and (X, Y, Z) are the
  engine's points that count (``max``), score and rate of one dimension or of the whole;
  where points are not applicable the sentence says how many; no 得分率 in prose escapes this;
- every table row naming an indicator: the points shown (a dimension's counting points, with
  the excluded ones named), the score and the rate are the engine's, and score ÷ points = rate;
- every 合计 / 总分 row shows the counting points, the raw score and the rate; a 百分制折算 row
  with the rescaled total follows exactly when something is not applicable; grades, totals,
  evaluator totals, funding rates and money totals are the engine's;
- every score and weight follows the project's number style (88.5 or 88.50);
- the full report's survey sentence and table are ``pfdesk.survey``'s Summary, 满意 ÷ 有效回答
  = 满意率 in each row and the 总体 row the sum of the rows; the AHP table's points are the
  engine's.

For every project but the demo the expected figures are also worked out by hand below, not read
from the program.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from pfdesk import ahp, commands
from pfdesk.demo import build_demo
from pfdesk.edits import Edit, Update
from pfdesk.numbers import Numbers
from pfdesk.project import Project
from pfdesk.reports.export import export
from pfdesk.scoring import score_project
from pfdesk.survey_rows import summaries
from tests.pfdesk.reports.consistency import (
    CHECKS,
    LAYOUTS,
    SENTENCE,
    Doc,
    Engine,
    check_sentences,
    rate_from,
)
from tests.pfdesk.reports.docx_read import open_doc
from tests.pfdesk.reports.fixture_project import build_fixture

D = Decimal


# ----- the projects -----

def _ids(project: Project) -> dict[str, str]:
    return {ind.code: ind.id for ind in project.walk()}


def not_applicable(path: Path) -> Project:
    """Fixture with D2 项目可持续影响 (6 points, a whole level-2) and the leaf B25 (2) not
    applicable."""
    project = build_fixture(path)
    ids = _ids(project)
    for code in ("D2", "B25"):
        project.apply(commands.set_indicator(project, ids[code], not_applicable=True))
    return project


def three_decimals(path: Path) -> Project:
    """Fixture with B22 资金使用合规性 (5 points) scored 4.376 straight in the file, as an
    import of 5 × 87.52% would bring it."""
    project = build_fixture(path)
    project.apply(Edit("导入得分", [Update("indicator", _ids(project)["B22"],
                                           {"score": D("4.376")})]))
    return project


def fixed_style(path: Path) -> Project:
    """Fixture written with two decimals always (88.50)."""
    project = build_fixture(path)
    project.apply(commands.set_info(project, number_style="fixed"))
    return project


def partly_scored(path: Path) -> Project:
    """Fixture with C11, C12 (3 points each) and D31 (3) not scored yet."""
    project = build_fixture(path)
    ids = _ids(project)
    for code in ("C11", "C12", "D31"):
        project.apply(commands.set_score(project, ids[code], None))
    return project


def dimension_not_applicable(path: Path) -> Project:
    """Fixture with the whole dimension C 产出 (24 points) not applicable."""
    project = build_fixture(path)
    project.apply(commands.set_indicator(project, _ids(project)["C"], not_applicable=True))
    return project


def demo(path: Path) -> Project:
    """The demo evaluation (expert panel, funding sources and items, its survey)."""
    return build_demo(path)


def demo_ahp(path: Path) -> Project:
    """The demo with B1 资金管理 (12 points) weighted by Saaty's 3×3 [[1,3,5],[1/3,1,3],
    [1/5,1/3,1]] (weights 0.6370 / 0.2583 / 0.1047 → 7.5 / 3 / 1.5 points at a step of 0.5);
    B13, scored 4 by hand, is unscored first so that its points may drop to 1.5. The demo's
    analyses of B11–B13 close with the scores of their old points, so they are cleared (the
    pre-export checks name such a sentence; here the report's own closing sentence is read)."""
    project = build_demo(path)
    ids = _ids(project)
    project.apply(commands.set_score(project, ids["B13"], None))
    for code in ("B11", "B12", "B13"):
        project.apply(commands.set_indicator(project, ids[code], analysis=""))
    matrix = ahp.comparison([["1", "3", "5"], ["1/3", "1", "3"], ["1/5", "1/3", "1"]])
    project.apply(commands.apply_ahp_weights(project, ids["B1"], comparison=matrix))
    return project


BUILDERS: dict[str, Callable[[Path], Project]] = {
    "demo": demo, "demo_ahp": demo_ahp, "not_applicable": not_applicable,
    "three_decimals": three_decimals, "fixed_style": fixed_style,
    "partly_scored": partly_scored, "dimension_not_applicable": dimension_not_applicable}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Engine, dict[str, Doc]]]:
    """Each project built, scored and exported in every layout once."""
    folder = tmp_path_factory.mktemp("consistency")
    out: dict[str, tuple[Engine, dict[str, Doc]]] = {}
    for name, build in BUILDERS.items():
        source = folder / f"{name}.sqlite"
        project = build(source)
        engine = Engine.of(project)
        docs = {}
        for layout in LAYOUTS:
            target = folder / f"{name}-{layout}.docx"
            export([project], layout, target, charts=False)
            doc = open_doc(target)
            docs[layout] = Doc(layout, [p.text for p in doc.paragraphs],
                               [[[c.text for c in row.cells] for row in t.rows]
                                for t in doc.tables])
        out[name] = (engine, docs)
    return out


@pytest.mark.parametrize("name", BUILDERS)
@pytest.mark.parametrize("check", CHECKS, ids=lambda c: c.__name__)
def test_every_number_agrees_with_the_engine(exported: dict, name: str, check: Callable) -> None:
    engine, docs = exported[name]
    errors = [e for layout in LAYOUTS for e in check(engine, docs[layout])]
    assert not errors, "\n".join(errors[:12])


# ----- hand-worked figures -----

def _all_text(docs: dict[str, Doc], layout: str) -> str:
    return "\n".join(docs[layout].texts())


def test_not_applicable_by_hand(exported: dict) -> None:
    """D2 (6 of 效益's 27 points: D21 3 of 3, D22 1 of 3) and B25 (2 of 过程's 29, scored 1) drop.

    过程 counts 27 points, scores 23.5 − 1 = 22.5, 22.5 ÷ 27 = 83.33%; 效益 counts 21, scores
    24 − 4 = 20, 20 ÷ 21 = 95.24%; the whole counts 100 − 8 = 92, scores 17 + 22.5 + 24 + 20 =
    83.5, 83.5 ÷ 92 = 90.76%, rescaled 83.5 × 100 ÷ 92 = 90.7608… → 90.76: 优 (83.5 is 良).
    """
    engine, docs = exported["not_applicable"]
    assert engine.result.total == D("90.76") and engine.result.raw == D("83.5")
    full = _all_text(docs, "full")
    triples = {(m["points"], m["score"], m["rate"]) for m in SENTENCE.finditer(full)}
    assert {("27", "22.5", "83.33"), ("21", "20", "95.24"), ("92", "83.5", "90.76"),
            ("20", "17", "85.00"), ("24", "24", "100.00")} <= triples
    assert "不适用指标6分" in full and "不适用指标2分" in full and "不适用指标8分" in full
    assert "效益指标总分27分，得分20分" not in full
    summary = next(t for t in docs["full"].tables if t[0][0] == "指标")
    assert ["D.效益", "27", "6", "21", "20", "95.24%"] in summary
    assert ["合计", "100", "8", "92", "83.5", "90.76%"] in summary
    assert any(row[0].startswith("百分制折算") and "90.76" in row and "优" in row
               for row in summary)
    for layout in LAYOUTS:
        text = _all_text(docs, layout)
        assert "90.76" in text, layout
        assert "83.5分，评价等级" not in text and "“良”" not in text, layout


def test_three_decimals_by_hand(exported: dict) -> None:
    """B22 4.376 counts as 4.38 (half up at the leaf): 资金管理 2 + 4.38 + 2 + 2 + 1 + 3 = 14.38,
    过程 8.5 + 14.38 = 22.88 of 29 = 78.90% (not 22.876 → 78.88%); total 17 + 22.88 + 24 + 24 =
    87.88, 87.88%, 良; nothing is rescaled."""
    engine, docs = exported["three_decimals"]
    assert engine.result.total == D("87.88") and not engine.rescaled
    full = _all_text(docs, "full")
    assert "B22资金使用合规性，权重5分，得分4.38分。" in full
    assert "过程指标总分29分，得分22.88分，得分率78.90%" in full
    summary = next(t for t in docs["full"].tables if t[0][0] == "指标")
    assert ["B.过程", "29", "22.88", "78.90%"] in summary
    assert ["合计", "100", "87.88", "87.88%"] in summary
    assert "折算" not in full and "78.88%" not in full
    for layout in LAYOUTS:
        assert "87.88" in _all_text(docs, layout), layout


def test_fixed_style_by_hand(exported: dict) -> None:
    """The fixture in the 'fixed' style: 17.00 of 20.00, 88.50分 everywhere (also the brief)."""
    _, docs = exported["fixed_style"]
    full = _all_text(docs, "full")
    assert "决策指标总分20.00分，得分17.00分，得分率85.00%" in full
    assert "A21绩效目标合理性，权重4.00分，得分3.00分。" in full
    assert "88.50分" in _all_text(docs, "brief")
    assert ["评价分值", "88.50"] in docs["infosheet"].tables[0]


def test_partly_scored_by_hand(exported: dict) -> None:
    """C11, C12, D31 unscored: 产出 18 of 24 = 75.00%, 效益 21 of 27 = 77.78%; total
    17 + 23.5 + 18 + 21 = 79.5, provisionally 中 and said so."""
    _, docs = exported["partly_scored"]
    full = _all_text(docs, "full")
    assert "产出指标总分24分，得分18分，得分率75.00%" in full
    assert "效益指标总分27分，得分21分，得分率77.78%" in full
    assert "中（暂定" in _all_text(docs, "infosheet")


def test_dimension_not_applicable_by_hand(exported: dict) -> None:
    """产出 (24 points) drops whole: 17 + 23.5 + 24 = 64.5 of 76 = 84.87% (64.5 ÷ 76 =
    0.848684…), rescaled 64.5 × 100 ÷ 76 = 84.868… → 84.87, 良."""
    _, docs = exported["dimension_not_applicable"]
    full = _all_text(docs, "full")
    assert "产出指标（24分）不适用，不计分。" in full
    assert "按76分计，得分64.5分，得分率84.87%；按百分制折算，综合评价得分84.87分" in full
    summary = next(t for t in docs["full"].tables if t[0][0] == "指标")
    assert ["C.产出", "24", "24", "0", "不适用", "—"] in summary
    assert ["合计", "100", "24", "76", "64.5", "84.87%"] in summary
    scores = next(t for t in docs["scoresheet"].tables if t[0][0] == "一级指标")
    assert any(row[:4] == ["C产出", "不适用", "C1数量指标", "不适用"] for row in scores)


# ----- the satisfaction survey and the AHP appendix -----

SURVEY_SENTENCE = re.compile(
    r"本次满意度调查(?:（(?P<name>[^）]*)）)?共收回问卷(?P<respondents>\d+)份，其中有效问卷"
    r"(?P<valid_respondents>\d+)份；(?P<questions>\d+)个题目共有效回答(?P<valid>\d+)个，"
    r"其中满意(?P<satisfied>\d+)个，总体满意率为(?P<rate>[\d.]+)%，平均分(?P<mean>[\d.]+)分。")


def survey_errors(engine: Engine, doc: Doc) -> list[str]:
    """Every survey sentence and table of the full report against ``pfdesk.survey``'s Summary,
    and each table against itself (满意 ÷ 有效回答 = 满意率; the 总体 row the sum of the rows)."""
    held = summaries(engine.project)
    errors = []
    sentences = [m for text in doc.paragraphs for m in SURVEY_SENTENCE.finditer(text)]
    tables = [t for t in doc.tables if t[0] == ["题目", "有效回答", "满意", "满意率", "平均分"]]
    if len(sentences) != len(held) or len(tables) != len(held):
        return [f"{len(held)} surveys, {len(sentences)} sentences, {len(tables)} tables"]
    for m, table, (name, summary) in zip(sentences, tables, held.items(), strict=True):
        overall = summary.overall()
        expected = {"name": name, "respondents": str(summary.respondents),
                    "valid_respondents": str(summary.valid_respondents),
                    "questions": str(len(summary.questions)), "valid": str(overall.valid),
                    "satisfied": str(overall.satisfied), "rate": f"{overall.rate}",
                    "mean": f"{overall.mean}"}
        errors += [f"{key}: {m[key]} ≠ {value}" for key, value in expected.items()
                   if m[key] != value]
        if rate_from(m["satisfied"], m["valid"]) != m["rate"]:
            errors.append(f"{m['satisfied']} ÷ {m['valid']} ≠ {m['rate']}%")
        rows = table[1:]
        for row, question in zip(rows, summary.questions, strict=False):
            result = summary.result(question)
            if row[1:] != [str(result.valid), str(result.satisfied), f"{result.rate}%",
                           f"{result.mean}"]:
                errors.append(f"{question.title}: {row}")
            if rate_from(row[2], row[1]) + "%" != row[3]:
                errors.append(f"{row[2]} ÷ {row[1]} ≠ {row[3]}")
        total = rows[-1]
        if len(rows) != len(summary.questions) + 1 or total[0] != "总体":
            errors.append(f"rows of {name}: {[r[0] for r in rows]}")
        elif (total[1:3] != [m["valid"], m["satisfied"]] or total[3] != m["rate"] + "%"
              or sum(int(r[1]) for r in rows[:-1]) != int(total[1])
              or sum(int(r[2]) for r in rows[:-1]) != int(total[2])):
            errors.append(f"总体 row {total} ≠ sentence and rows")
    return errors


@pytest.mark.parametrize("name", BUILDERS)
def test_survey_numbers_agree_with_the_summary(exported: dict, name: str) -> None:
    engine, docs = exported[name]
    assert survey_errors(engine, docs["full"]) == []


def test_survey_by_hand(exported: dict) -> None:
    """The demo survey counted by hand: D 50 of 60 answers satisfied (83.33%, mean 82.33), E
    55/59 (93.22%, 88.47), F 41/58 (70.69%, 76.21), G 53/60 (88.33%, 85.00); overall 199 of
    237 = 83.97%, mean 83.04, 60 respondents all with a valid answer."""
    _, docs = exported["demo"]
    full = _all_text(docs, "full")
    assert ("共收回问卷60份，其中有效问卷60份；4个题目共有效回答237个，其中满意199个，"
            "总体满意率为83.97%，平均分83.04分。") in full
    table = next(t for t in docs["full"].tables if t[0][0] == "题目")
    assert [row[1:] for row in table[1:]] == [
        ["60", "50", "83.33%", "82.33"], ["59", "55", "93.22%", "88.47"],
        ["58", "41", "70.69%", "76.21"], ["60", "53", "88.33%", "85.00"],
        ["237", "199", "83.97%", "83.04"]]
    for other in ("not_applicable", "fixed_style"):
        assert "满意度调查" not in _all_text(exported[other][1], "full")


def test_a_wrong_survey_figure_is_caught(exported: dict) -> None:
    engine, docs = exported["demo"]
    doc = docs["full"]
    wrong = Doc("full", [t.replace("总体满意率为83.97%", "总体满意率为84.97%")
                         for t in doc.paragraphs], doc.tables)
    assert survey_errors(engine, wrong)
    tables = [[[("83.33%" if c == "93.22%" else c) for c in row] for row in t]
              for t in doc.tables]
    assert survey_errors(engine, Doc("full", doc.paragraphs, tables))


POINTER = re.compile(r"（详见(?:附件(?P<appendix>\d*)|第(?P<chapter>[一二三四五六七八九十]+)部分) "
                     r"(?P<title>[^）]+)）")


def pointer_errors(engine: Engine, doc: Doc) -> list[str]:
    """Every "（详见附件2 满意度调查情况）" pointer names a heading the report prints, and there is
    one for each indicator whose rule reads a printed survey (none without one)."""
    from pfdesk.reports.survey_report import survey_read

    found = [m for text in doc.paragraphs for m in POINTER.finditer(text)]
    printed = bool(summaries(engine.project))
    readers = [i for i in engine.project.walk() if survey_read(i) is not None]
    errors = []
    if len(found) != (len(readers) if printed else 0):
        errors.append(f"{len(found)} pointers, {len(readers)} indicators reading a survey")
    for m in found:
        heading = (f"附件{m['appendix']}：{m['title']}" if m["chapter"] is None
                   else f"{m['chapter']}、{m['title']}")
        if heading not in doc.paragraphs:
            errors.append(f"{m[0]} points to no heading")
    return errors


@pytest.mark.parametrize("name", BUILDERS)
def test_the_survey_pointer_names_a_printed_heading(exported: dict, name: str) -> None:
    engine, docs = exported[name]
    assert pointer_errors(engine, docs["full"]) == []


def test_a_pointer_to_no_heading_is_caught(exported: dict) -> None:
    engine, docs = exported["demo"]
    doc = docs["full"]
    assert any("（详见附件2 满意度调查情况）" in t for t in doc.paragraphs)
    wrong = Doc("full", [t.replace("（详见附件2 ", "（详见附件3 ") for t in doc.paragraphs],
                doc.tables)
    assert pointer_errors(engine, wrong) == ["（详见附件3 满意度调查情况） points to no heading"]


def test_ahp_points_are_the_engines(exported: dict) -> None:
    """The AHP table's 分值 are B11 7.5, B12 3, B13 1.5 as the engine holds them, and the
    weights are Saaty's 0.6370 / 0.2583 / 0.1047."""
    engine, docs = exported["demo_ahp"]
    table = next(t for t in docs["full"].tables if "权重系数" in t[0])
    for row in table[1:4]:
        assert row[-1] == engine.pts(engine.by_label[row[0]].weight)
    assert [(row[0], row[-2], row[-1]) for row in table[1:4]] == [
        ("B11资金到位率", "0.6370", "7.5"), ("B12预算执行率", "0.2583", "3"),
        ("B13资金使用合规性", "0.1047", "1.5")]
    assert "CR＝0.0332＜0.10" in table[4][0]


def test_a_wrong_rate_is_caught() -> None:
    """The sentence check fails on a rate that is not score ÷ points."""
    fake = Engine.__new__(Engine)
    fake.result = score_project(build_fixture())
    fake.nums = Numbers()
    fake.by_label = {}
    doc = Doc("full", ["效益指标总分30分，得分21.5分，得分率82.69%。"], [])
    assert any("≠" in e for e in check_sentences(fake, doc))


def test_wrong_money_cells_lost_points_and_cut_off_are_caught() -> None:
    """The checks of the seed items fail on a figure that is not the engine's: the fixture spent
    168.91 (written 168.91万元), budgets 170.86 all from 市县 (fiscal 170.86, other 0.00), A21
    lost 4 − 3 = 1 point, the year 2020 ends the funding figures."""
    from tests.pfdesk.reports.consistency import (
        check_funding,
        check_lost_in_prose,
        check_money_cells,
    )

    engine = Engine.of(build_fixture())
    def funds(total: str, fiscal: str, other: str) -> list[list[str]]:
        return [["年度资金（万元）", label, label, value, value, value, value]
                for label, value in (("年度资金总额", total), ("其中：财政性资金", fiscal),
                                     ("其他资金", other))]

    good = Doc("infosheet", ["项目总资金170.86万元，截至2020年12月31日，实际支付168.91万元。"],
               [[["决算金额", "168.91万元"]], funds("170.86", "170.86", "0.00")])
    assert check_money_cells(engine, good) == [] and check_funding(engine, good) == []
    wrong = Doc("infosheet", ["项目总资金170.86万元，截至2021年12月31日，实际支付168.91万元。",
                              "绩效目标合理性扣2分（以项目总体目标作为年度绩效目标）。"],
                [[["决算金额", "1,689.10万元"]], funds("170.86", "0.00", "170.86")])
    assert len(check_money_cells(engine, wrong)) == 3
    assert len(check_funding(engine, wrong)) == 1
    assert len(check_lost_in_prose(engine, wrong)) == 1
    assert check_lost_in_prose(engine, Doc("infosheet", ["绩效目标合理性扣1分。"], [])) == []
