"""The full report's 满意度调查情况 and its appendix 层次分析法判断矩阵及权重, with values worked
out by hand, and the pre-export checks of unreadable surveys and inconsistent matrices.

The demo's survey (resources/surveys/demo-survey.csv, 60 respondents, options scored 非常满意
100 / 满意 80 / 一般 60 / 不满意 40 / 非常不满意 20, satisfied = 非常满意 + 满意), counted by hand:
question D 50 satisfied of 60 valid = 83.33%, mean 82.33; E 55/59 = 93.22%, 88.47; F 41/58 =
70.69%, 76.21; G 53/60 = 88.33%, 85.00; overall 199/237 = 83.97%, mean 83.04.

AHP, Saaty's textbook 3×3 [[1,3,5],[1/3,1,3],[1/5,1/3,1]]: weights 0.6370 / 0.2583 / 0.1047,
λmax 3.0385, CI = (3.0385 − 3) ÷ 2 = 0.0193, RI(3) = 0.58, CR = 0.0193 ÷ 0.58 = 0.0332. On the
demo's B1 资金管理 (12 points, step 0.5 = 24 units): quotas 24 × 0.6370 = 15.29, 24 × 0.2583 =
6.20, 24 × 0.1047 = 2.51 → 15 + 6 + 2 = 23, the one unit left to the largest remainder (0.51)
→ 7.5 / 3 / 1.5 points.

The cyclic matrix [[1,9,1/9],[1/9,1,9],[9,1/9,1]]: by symmetry every weight is 1/3 (0.3333),
each row of A·w sums to (1 + 9 + 1/9) ÷ 3, so λmax = 91/9 = 10.1111, CI = (91/9 − 3) ÷ 2 =
32/9 = 3.5556, CR = 3.5556 ÷ 0.58 = 6.1303; 12 points split equally: 4 / 4 / 4.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document

from pfdesk import ahp, commands
from pfdesk.demo import build_demo
from pfdesk.edits import Edit, Update
from pfdesk.project import Project
from pfdesk.reports.ahp_report import check_sentence, entry
from pfdesk.reports.checks import (
    AHP_INCONSISTENT,
    AHP_UNREADABLE,
    SURVEY_UNREADABLE,
    run_checks,
)
from pfdesk.reports.common import no_charts
from pfdesk.reports.data import ReportData
from pfdesk.reports.docx_style import new_document
from pfdesk.reports.full import write_full
from pfdesk.reports.writer import Writer
from pfdesk.survey_rows import surveys
from tests.pfdesk.reports.fixture_project import build_fixture

F = Fraction
TEXTBOOK = [[F(1), F(3), F(5)], [F(1, 3), F(1), F(3)], [F(1, 5), F(1, 3), F(1)]]
CYCLIC = [[F(1), F(9), F(1, 9)], [F(1, 9), F(1), F(9)], [F(9), F(1, 9), F(1)]]
HEADINGS = ("Heading 1", "Heading 2", "Heading 3")


def _png() -> bytes:
    """A valid 1×1 white PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


PNG = _png()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("survey") / "demo.pfdesk"
    build_demo(path).close()
    return path


def _copy(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.pfdesk"
    path.write_bytes(demo_file.read_bytes())
    return path


def _full(project: Project, charts=no_charts):  # type: ignore[no-untyped-def]
    doc, styles = new_document(None)
    write_full(Writer(doc, styles), ReportData.of(project), charts)
    return doc


def _headings(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs if p.style.name in HEADINGS]


def _table(doc, first: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first
                 and t.rows[0].cells[1].text != "二级指标")
    return [[c.text for c in row.cells] for row in table.rows]


def _ids(project: Project) -> dict[str, str]:
    return {ind.code: ind.id for ind in project.walk()}


def _ahp_table(doc) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = next(t for t in doc.tables if "权重系数" in [c.text for c in t.rows[0].cells])
    return [[c.text for c in row.cells] for row in table.rows]


def _b1(project: Project) -> str:
    """B1's id, with B13 (4 points, scored 4 by hand) unscored so that its points may drop."""
    ids = _ids(project)
    project.apply(commands.set_score(project, ids["B13"], None))
    return ids["B1"]


def _comparison(rows: list[list[Fraction]]) -> ahp.Comparison:
    return ahp.comparison([[str(x) for x in row] for row in rows], ["甲", "乙", "丙"])


# ----- the survey -----

def test_demo_survey_sentence_table_and_note_by_hand(demo_file: Path) -> None:
    with Project.open(demo_file, readonly=True) as project:
        name = surveys(project)[0].name
        doc = _full(project)
    texts = [p.text for p in doc.paragraphs]
    assert "附件2：满意度调查情况" in _headings(doc)
    sentence = next(t for t in texts if t.startswith("本次满意度调查"))
    assert sentence.startswith(
        f"本次满意度调查（{name}）共收回问卷60份，其中有效问卷60份；4个题目共有效回答237个，"
        "其中满意199个，总体满意率为83.97%，平均分83.04分。各题目满意情况见表")
    assert "图" not in sentence          # no chart drawn, none referred to
    table = _table(doc, "题目")
    assert table[0] == ["题目", "有效回答", "满意", "满意率", "平均分"]
    assert [row[1:] for row in table[1:]] == [
        ["60", "50", "83.33%", "82.33"], ["59", "55", "93.22%", "88.47"],
        ["58", "41", "70.69%", "76.21"], ["60", "53", "88.33%", "85.00"],
        ["237", "199", "83.97%", "83.04"]]
    assert table[-1][0] == "总体"
    assert table[1][0] == "1、您对热线接通速度是否满意？"
    number = sentence.split("见")[-1].rstrip("。")
    assert f"{number} {name}结果" in texts      # the table the sentence refers to
    assert ("注：满意率＝回答“非常满意”“满意”的人次÷有效回答人次×100%；平均分按非常满意100分、"
            "满意80分、一般60分、不满意40分、非常不满意20分计。") in texts


def test_the_survey_chart_is_placed_and_referred_to(demo_file: Path) -> None:
    asked: list[str] = []

    def charts(kind: str, data: ReportData) -> bytes:
        asked.append(kind)
        return PNG

    with Project.open(demo_file, readonly=True) as project:
        name = surveys(project)[0].name
        doc = _full(project, charts)
    texts = [p.text for p in doc.paragraphs]
    assert f"survey:{name}" in asked
    sentence = next(t for t in texts if t.startswith("本次满意度调查"))
    table_no, figure_no = sentence.split("见表")[1].rstrip("。").split("和图")
    assert f"图{figure_no} 各题目满意率" in texts
    assert f"表{table_no} {name}结果" in texts


def test_the_survey_chart_draws_the_summary_rates(demo_file: Path) -> None:
    from matplotlib.text import Text

    from pfdesk.charts import figure
    from pfdesk.scoring import score_project

    with Project.open(demo_file, readonly=True) as project:
        name = surveys(project)[0].name
        fig = figure(f"survey:{name}", score_project(project), project)
        with pytest.raises(ValueError, match="没有可读取的问卷"):
            figure("survey:没有这份问卷", score_project(project), project)
    shown = {t.get_text() for t in fig.findobj(Text)}
    assert {"83.33%", "93.22%", "70.69%", "88.33%", "总体 83.97%"} <= shown


def test_without_a_survey_nothing_is_printed_nor_named(tmp_path: Path) -> None:
    project = build_fixture(tmp_path / "fixture.pfdesk")
    try:
        doc = _full(project)
        checks = run_checks(ReportData.of(project), "full")
    finally:
        project.close()
    heads = _headings(doc)
    assert not any("满意度调查" in h or "层次分析" in h for h in heads)
    assert heads[-1] == "附件：绩效评价指标评分表"
    assert not any("满意度调查" in c.message or "判断矩阵" in c.message for c in checks)


def test_the_survey_section_can_be_turned_off(demo_file: Path, tmp_path: Path) -> None:
    from dataclasses import replace

    from pfdesk.reports import outline

    national = outline.shipped()["national"]
    off = outline.with_sections(national, tuple(
        replace(s, on=False) if s.key == "survey" else s for s in national.sections))
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        project.apply(commands.set_outline(project, "full", off))
        doc = _full(project)
    assert not any(p.text.startswith("本次满意度调查") for p in doc.paragraphs)
    assert _headings(doc)[-1] == "附件：绩效评价指标评分表"


def test_an_unreadable_survey_is_left_out_and_named(demo_file: Path, tmp_path: Path) -> None:
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        row = surveys(project)[0]
        project.apply(Edit("损坏问卷", [Update("survey", row.id, {"summary": "{"})]))
        doc = _full(project)
        checks = run_checks(ReportData.of(project), "full")
    assert not any("满意度调查" in h for h in _headings(doc))
    named = [c for c in checks if c.kind == SURVEY_UNREADABLE]
    assert len(named) == 1 and f"满意度调查“{row.name}”无法读取" in named[0].message
    assert named[0].severity == "warning"


@pytest.mark.parametrize("layout", ["brief", "feedback", "infosheet", "scoresheet"])
def test_unreadable_survey_and_matrix_are_named_only_where_printed(
        demo_file: Path, tmp_path: Path, layout: str) -> None:
    """Only the full report prints 满意度调查情况 and the AHP appendix: the other layouts are
    not warned that they leave out what they never print; the indicator the survey scores is
    still named unscored (the engine's problem) in every layout."""
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        row = surveys(project)[0]
        b1 = _b1(project)
        project.apply(Edit("损坏问卷和矩阵", [Update("survey", row.id, {"summary": "{"}),
                                             Update("indicator", b1, {"ahp": "{"})]))
        full = run_checks(ReportData.of(project), "full")
        other = run_checks(ReportData.of(project), layout)
    assert {c.kind for c in full} >= {SURVEY_UNREADABLE, AHP_UNREADABLE}
    assert not {c.kind for c in other} & {SURVEY_UNREADABLE, AHP_UNREADABLE}
    assert any(c.kind == "unscored" and "D15" in c.message for c in other)


def test_an_inconsistent_matrix_is_named_in_every_layout(demo_file: Path,
                                                         tmp_path: Path) -> None:
    """The points were shared by an inconsistent judgement whatever is printed; only the full
    report's warning speaks of its appendix."""
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        project.apply(commands.set_ahp(project, _b1(project), _comparison(CYCLIC)))
        full = [c for c in run_checks(ReportData.of(project), "full")
                if c.kind == AHP_INCONSISTENT]
        brief = [c for c in run_checks(ReportData.of(project), "brief")
                 if c.kind == AHP_INCONSISTENT]
    assert len(full) == 1 and full[0].message.endswith("附件中将印为“未通过一致性检验”")
    assert len(brief) == 1 and "CR＝6.1303≥0.10" in brief[0].message
    assert "附件" not in brief[0].message
    assert (full[0].section, brief[0].section) == ("层次分析法判断矩阵及权重", "")


# D15 服务对象满意度 (6 points) is scored in proportion to the demo survey's overall 满意率,
# full at 90%: 6 × 83.97 ÷ 90 = 5.598 → 5.6 points.
D15_END = "满意率为83.97%（达到90%得满分），按评分标准得5.6分"


def _pointers(doc) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in doc.paragraphs if "（详见" in p.text]


def test_the_satisfaction_paragraph_points_to_the_survey_appendix(demo_file: Path) -> None:
    with Project.open(demo_file, readonly=True) as project:
        doc = _full(project)
    assert "附件2：满意度调查情况" in _headings(doc)
    pointers = _pointers(doc)
    assert len(pointers) == 1
    assert pointers[0].endswith(f"{D15_END}（详见附件2 满意度调查情况）。")


def test_a_survey_among_the_chapters_is_pointed_to_as_a_chapter(demo_file: Path,
                                                                tmp_path: Path) -> None:
    from pfdesk.reports import outline

    national = outline.shipped()["national"]
    keys = [s.key for s in national.sections]
    survey = national.sections[keys.index("survey")]
    moved = [s for s in national.sections if s.key != "survey"]
    moved.insert(keys.index("appendix"), replace(survey, heading="群众满意度调查"))
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        project.apply(commands.set_outline(project, "full",
                                           outline.with_sections(national, tuple(moved))))
        doc = _full(project)
    headings = _headings(doc)
    # the chapters 一 to 七 of the national outline, then the survey as the eighth
    assert "七、其他需要说明的问题" in headings and "八、群众满意度调查" in headings
    assert headings[-1] == "附件：绩效评价指标评分表"
    assert _pointers(doc)[0].endswith(f"{D15_END}（详见第八部分 群众满意度调查）。")


def test_no_pointer_when_the_survey_is_not_printed(demo_file: Path, tmp_path: Path) -> None:
    from pfdesk.reports import outline

    national = outline.shipped()["national"]
    off = outline.with_sections(national, tuple(
        replace(s, on=False) if s.key == "survey" else s for s in national.sections))
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        project.apply(commands.set_outline(project, "full", off))
        turned_off = _full(project)
        row = surveys(project)[0]
        project.apply(commands.set_outline(project, "full", national))
        project.apply(Edit("损坏问卷", [Update("survey", row.id, {"summary": "{"})]))
        unreadable = _full(project)
    assert _pointers(turned_off) == [] and _pointers(unreadable) == []


# ----- AHP -----

def test_entries_and_the_check_sentence_by_hand() -> None:
    assert [entry(x) for x in (F(1), F(3), F(1, 3), F(5, 2), F(2, 5))] == \
        ["1", "3", "1/3", "2.5", "1/2.5"]
    analysis = ahp.analyse(_comparison(TEXTBOOK))
    assert check_sentence(analysis, 3) == (
        "λmax＝3.0385，CI＝0.0193，RI＝0.58，CR＝0.0332＜0.10，判断矩阵通过一致性检验。")
    cyclic = ahp.analyse(_comparison(CYCLIC))
    assert check_sentence(cyclic, 3).startswith(
        "λmax＝10.1111，CI＝3.5556，RI＝0.58，CR＝6.1303≥0.10，判断矩阵未通过一致性检验")


def test_ahp_appendix_of_the_textbook_matrix_on_b1(demo_file: Path, tmp_path: Path) -> None:
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        b1 = _b1(project)
        project.apply(commands.apply_ahp_weights(project, b1,
                                                 comparison=_comparison(TEXTBOOK)))
        doc = _full(project)
        checks = run_checks(ReportData.of(project), "full")
    heads = _headings(doc)
    assert heads[-3:] == ["附件1：绩效评价指标评分表", "附件2：满意度调查情况",
                          "附件3：层次分析法判断矩阵及权重"]
    table = _ahp_table(doc)
    assert table[0] == ["指标", "B11资金到位率", "B12预算执行率", "B13资金使用合规性", "权重系数",
                        "分值"]
    assert table[1:4] == [
        ["B11资金到位率", "1", "3", "5", "0.6370", "7.5"],
        ["B12预算执行率", "1/3", "1", "3", "0.2583", "3"],
        ["B13资金使用合规性", "1/5", "1/3", "1", "0.1047", "1.5"]]
    assert set(table[4]) == {
        "λmax＝3.0385，CI＝0.0193，RI＝0.58，CR＝0.0332＜0.10，判断矩阵通过一致性检验。"}
    texts = [p.text for p in doc.paragraphs]
    assert any(t.startswith("评价组采用层次分析法") and "采用层次分析法的有B1资金管理" in t
               for t in texts)
    assert any(t.endswith("B1资金管理（12分）下级指标判断矩阵及权重") for t in texts)
    assert not [c for c in checks if c.kind == AHP_INCONSISTENT]


def test_a_stored_matrix_prints_the_points_as_stored(demo_file: Path, tmp_path: Path) -> None:
    """Kept without applying: the points stay the demo's 3 / 5 / 4."""
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        project.apply(commands.set_ahp(project, _ids(project)["B1"], _comparison(TEXTBOOK)))
        doc = _full(project)
    table = _ahp_table(doc)
    assert [row[-2:] for row in table[1:4]] == [["0.6370", "3"], ["0.2583", "5"],
                                                ["0.1047", "4"]]


def test_an_inconsistent_matrix_still_applied_is_a_warning(demo_file: Path,
                                                         tmp_path: Path) -> None:
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        b1 = _b1(project)
        project.apply(commands.apply_ahp_weights(project, b1, force=True,
                                                 comparison=_comparison(CYCLIC)))
        doc = _full(project)
        checks = run_checks(ReportData.of(project), "full")
        project.apply(commands.apply_ahp_weights(project, b1, comparison=_comparison(TEXTBOOK)))
        project.apply(commands.set_ahp(project, b1, _comparison(CYCLIC)))
        stored_only = run_checks(ReportData.of(project), "full")
    table = _ahp_table(doc)
    assert [row[-2:] for row in table[1:4]] == [["0.3333", "4"]] * 3
    assert table[4][0].startswith("λmax＝10.1111，CI＝3.5556，RI＝0.58，CR＝6.1303≥0.10，"
                                  "判断矩阵未通过一致性检验")
    warned = [c for c in checks if c.kind == AHP_INCONSISTENT]
    assert len(warned) == 1 and warned[0].severity == "warning" and warned[0].code == "B1"
    assert "CR＝6.1303≥0.10" in warned[0].message
    assert "下级指标的分值仍按此矩阵的权重分配" in warned[0].message
    # stored, not applied (the points are the textbook matrix's 7.5 / 3 / 1.5): named, but
    # not as applied
    again = [c for c in stored_only if c.kind == AHP_INCONSISTENT]
    assert len(again) == 1 and "仍按此矩阵" not in again[0].message


def test_the_docx_with_survey_and_ahp_opens(demo_file: Path, tmp_path: Path) -> None:
    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        project.apply(commands.apply_ahp_weights(project, _b1(project),
                                                 comparison=_comparison(TEXTBOOK)))
        doc = _full(project)
    target = tmp_path / "full.docx"
    doc.save(str(target))
    assert any("层次分析法" in p.text for p in Document(str(target)).paragraphs)


def test_the_full_report_with_survey_chart_and_ahp_passes_the_office_schemas(
        demo_file: Path, tmp_path: Path) -> None:
    from openxml_audit import FileFormat, OpenXmlValidator

    from pfdesk.reports.export import export

    with Project.open(_copy(demo_file, tmp_path), backup=False) as project:
        project.apply(commands.apply_ahp_weights(project, _b1(project),
                                                 comparison=_comparison(TEXTBOOK)))
        target = tmp_path / "full.docx"
        export([project], "full", target, charts=True, toc_pages=False)
    texts = [p.text for p in Document(str(target)).paragraphs]
    assert any(t.endswith(" 各题目满意率") for t in texts)
    result = OpenXmlValidator(file_format=FileFormat.OFFICE_2019, max_errors=50).validate(
        str(target))
    assert result.is_valid, "\n".join(e.description for e in result.errors[:10])


def test_question_titles_wrap_without_splitting_a_number() -> None:
    from pfdesk.charts.survey import question_label

    assert question_label("短题") == "短题"
    # 14 characters a line at most, balanced: 15 characters → two lines of 8 and 7
    assert question_label("1、您对热线接通速度是否满意？") == "1、您对热线接通\n速度是否满意？"
    assert question_label("4、总体而言，您对12345热线服务是否满意？") == \
        "4、总体而言，您对12345\n热线服务是否满意？"
    assert question_label("题" * 50).count("\n") == 2 and question_label("题" * 50).endswith("…")


def test_an_outline_saved_before_the_survey_existed_gets_it_on_at_the_end() -> None:
    from pfdesk.reports import outline

    old = outline.to_dict(outline.shipped()["national"])
    old["sections"] = [s for s in old["sections"] if s["key"] not in ("survey", "ahp")]
    read = outline.from_dict(old)
    assert [(s.key, s.heading, s.on) for s in read.sections[-3:]] == [
        ("appendix", "绩效评价指标评分表", True), ("survey", "满意度调查情况", True),
        ("ahp", "层次分析法判断矩阵及权重", True)]
    # one turned off (and moved among the chapters) stays so; nothing is added twice
    kept = outline.to_dict(outline.shipped()["national"])
    survey = next(s for s in kept["sections"] if s["key"] == "survey")
    kept["sections"].remove(survey)
    kept["sections"].insert(3, {**survey, "on": False})
    read = outline.from_dict(kept)
    assert [s.key for s in read.sections].count("survey") == 1
    assert not read.find("survey").on and read.sections[3].key == "survey"
