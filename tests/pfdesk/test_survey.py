"""Satisfaction surveys: reading exports, option mapping, 满意率 and mean score, bad input.

The demo survey (resources/surveys/demo-survey.csv) was made by hand: 60 respondents, columns
A 序号, B 提交答卷时间, C 来电类型 and four questions D–G. Counted by hand (非常满意 / 满意 / 一般 /
不满意 / 非常不满意, scores 100 / 80 / 60 / 40 / 20, the first two satisfied):

- D 接通速度: 22 / 28 / 6 / 3 / 1 → valid 60, satisfied 50, 50 ÷ 60 = 83.33%;
  scores 2200 + 2240 + 360 + 120 + 20 = 4940, 4940 ÷ 60 = 82.33.
- E 服务态度: 30 / 25 / 3 / 1 / 0 and one blank (第18行 E列) → valid 59, satisfied 55,
  55 ÷ 59 = 0.932203 → 93.22%; 3000 + 2000 + 180 + 40 = 5220, 5220 ÷ 59 = 88.47.
- F 办理结果: 15 / 26 / 10 / 5 / 2, “还行” (第34行 F列) and one blank (第49行 F列) → valid 58,
  satisfied 41, 41 ÷ 58 = 0.706897 → 70.69%; 1500 + 2080 + 600 + 200 + 40 = 4420,
  4420 ÷ 58 = 76.21.
- G 总体: 24 / 29 / 5 / 2 / 0 → valid 60, satisfied 53, 88.33%; 5100 ÷ 60 = 85.00.
- Overall: valid 60 + 59 + 58 + 60 = 237, satisfied 50 + 55 + 41 + 53 = 199,
  199 ÷ 237 = 0.839662 → 83.97%; scores 19680 ÷ 237 = 83.04.
"""

from __future__ import annotations

import zipfile
from decimal import Decimal as D
from pathlib import Path

import pytest

from pfdesk.resources import resources_dir
from pfdesk.survey import (
    DEFAULT_MAP,
    Option,
    OptionMap,
    from_json,
    map_from_json,
    map_to_json,
    summarize,
    to_json,
)
from pfdesk.survey_file import SurveyError, read_answers

DEMO = resources_dir() / "surveys" / "demo-survey.csv"


def _numbers(summary):
    return [(r.valid, r.satisfied, r.rate, r.mean)
            for r in (summary.result(q) for q in summary.questions)]


def test_demo_survey_hand_counted():
    summary = summarize(read_answers(DEMO))
    assert [q.col for q in summary.questions] == [4, 5, 6, 7]          # 序号, time, 来电类型 left out
    assert len(summary.skipped) == 3 and summary.respondents == 60
    assert _numbers(summary) == [
        (60, 50, D("83.33"), D("82.33")),
        (59, 55, D("93.22"), D("88.47")),
        (58, 41, D("70.69"), D("76.21")),
        (60, 53, D("88.33"), D("85.00")),
    ]
    overall = summary.overall()
    assert (overall.valid, overall.satisfied, overall.rate, overall.mean) == (
        237, 199, D("83.97"), D("83.04"))
    assert overall.sample == 60 and summary.valid_respondents == 60
    assert [i.message for i in summary.issues] == [
        "第18行 E列：未作答", "第34行 F列：“还行”不是对照表中的选项", "第49行 F列：未作答"]


def _write_csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "answers.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_gbk_export_with_a_title_row_and_option_letters(tmp_path):
    # 3 respondents, one question: 满意 (A.), 不满意, 非常满意 → 2 of 3 satisfied = 66.67%,
    # mean (80 + 40 + 100) ÷ 3 = 73.33
    path = _write_csv(tmp_path, "热线回访问卷\r\n序号,Q1\r\n1,A.满意\r\n2,不满意\r\n3,非常满意\r\n", "gbk")
    summary = summarize(read_answers(path))
    assert _numbers(summary) == [(3, 2, D("66.67"), D("73.33"))]
    assert read_answers(path).row_numbers == (3, 4, 5)


def test_an_edited_mapping_counts_basic_satisfaction_and_leaves_unknown_out(tmp_path):
    # 很满意 100 / 满意 80 / 基本满意 60 (satisfied) / 不满意 0; 不了解 not counted:
    # 4 valid answers, 3 satisfied = 75.00%, mean (100 + 60 + 0 + 80) ÷ 4 = 60.00
    mapping = OptionMap((Option("很满意", D(100), True), Option("满意", D(80), True),
                         Option("基本满意", D(60), True), Option("不满意", D(0), False),
                         Option("不了解", None, False)))
    path = _write_csv(tmp_path, "序号,Q1\n1,很满意\n2,基本满意\n3,不了解\n4,不满意\n5,满意\n")
    summary = summarize(read_answers(path), mapping)
    assert _numbers(summary) == [(4, 3, D("75.00"), D("60.00"))]
    assert summary.issues == () and summary.valid_respondents == 4


def test_xlsx_export(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["序号", "满意度"], [1, "满意"], [2, "=1+1"], [3, None], [4, "一般"]):
        sheet.append(row)
    path = tmp_path / "answers.xlsx"
    book.save(path)
    summary = summarize(read_answers(path))
    # 满意, 一般 valid (1 of 2 satisfied = 50.00%, mean (80 + 60) ÷ 2 = 70.00); the formula is
    # never evaluated: with no value saved by Excel it reads as blank, like row 4
    assert _numbers(summary) == [(2, 1, D("50.00"), D("70.00"))]
    assert [i.message for i in summary.issues] == ["第3行 B列：未作答", "第4行 B列：未作答"]


def test_no_valid_answers_is_a_named_problem(tmp_path):
    path = _write_csv(tmp_path, "序号,Q1\n1,满意\n2,非常满意\n")
    only_unknown = OptionMap((Option("满意", None, False), Option("非常满意", None, False),
                              Option("一般", D(60), False)))
    with pytest.raises(SurveyError, match="没有有效答卷"):
        summarize(read_answers(path), only_unknown)
    with pytest.raises(SurveyError, match="没有找到题目列"):
        summarize(read_answers(_write_csv(tmp_path, "序号,Q1\n1,好\n2,很好\n")))


@pytest.mark.parametrize(("name", "content", "words"), [
    ("a.csv", b"", "空的"),
    ("a.csv", "序号,Q1\n".encode(), "只有标题行"),
    ("a.csv", b"\x00\x01binary", "不是文本文件"),
    ("a.xls", b"x", "旧版 Excel"),
    ("a.txt", b"x", "不是 .xlsx 或 .csv"),
    ("a.xlsx", b"not a zip", "不是 .xlsx"),
])
def test_unusable_files_are_refused(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SurveyError, match=words):
        read_answers(path)


def test_huge_and_wide_csv_are_refused(tmp_path, monkeypatch):
    from pfdesk import survey_file

    monkeypatch.setattr(survey_file, "MAX_BYTES", 100)
    with pytest.raises(SurveyError, match="过大"):
        read_answers(_write_csv(tmp_path, "序号,Q1\n" + "1,满意\n" * 50))
    monkeypatch.setattr(survey_file, "MAX_BYTES", 10**6)
    with pytest.raises(SurveyError, match="超过 100 列"):
        read_answers(_write_csv(tmp_path, ",".join(["满意"] * 101) + "\n"))


def test_a_zip_bomb_xlsx_is_refused_unread(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (200 * 1024 * 1024))
    with pytest.raises(SurveyError):
        read_answers(path)


def test_json_round_trip_keeps_counts_and_refuses_tampering():
    summary = summarize(read_answers(DEMO))
    again = from_json(to_json(summary))
    assert _numbers(again) == _numbers(summary) and again.overall() == summary.overall()
    assert map_from_json(map_to_json(DEFAULT_MAP)) == DEFAULT_MAP
    tampered = to_json(summary).replace('"respondents": 60', '"respondents": 61')
    with pytest.raises(SurveyError, match="不符"):
        from_json(tampered)
    for text in ("{", "[]", '{"format": "pfdesk-survey", "version": 99}', "x" * 300_000):
        with pytest.raises(SurveyError):
            from_json(text)


@pytest.mark.parametrize(("options", "words"), [
    ((), "空的"),
    ((Option("满意", D(80), True), Option(" 满意", D(70), True)), "两次"),
    ((Option("满意", D(120), True),), "0～100"),
    ((Option("不了解", None, True),), "不能算作满意"),
])
def test_bad_mappings_are_refused(options, words):
    with pytest.raises(SurveyError, match=words):
        OptionMap(options)


def _main(monkeypatch, *argv):
    from pfdesk import cli

    if "pfdesk.cli_survey" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "pfdesk.cli_survey"))
    return cli.main(list(argv))


def test_command_line_summary(monkeypatch, capsys):
    assert _main(monkeypatch, "survey", "summary", str(DEMO)) == 1      # 3 answers to check
    out = capsys.readouterr().out
    assert "总体：有效回答 237，满意 199，满意率 83.97%，平均分 83.04" in out
    assert "第34行 F列：“还行”不是对照表中的选项" in out
    import json

    assert _main(monkeypatch, "survey", "summary", str(DEMO), "--json", "--columns", "D,G") == 0
    data = json.loads(capsys.readouterr().out)
    # D and G only: valid 60 + 60, satisfied 50 + 53 = 103 of 120 = 85.83%
    assert [q["column"] for q in data["questions"]] == ["D", "G"]
    assert data["overall"] == {"sample": 60, "valid": 120, "satisfied": 103, "rate": "85.83",
                               "mean": "83.67"}      # (4940 + 5100) ÷ 120 = 83.666… → 83.67
    assert data["questions"][0]["counts"]["非常满意"] == 22


def test_command_line_refusals_are_one_line(monkeypatch, capsys, tmp_path):
    empty = tmp_path / "none.csv"
    empty.write_text("序号,Q1\n1,好\n", encoding="utf-8")
    assert _main(monkeypatch, "survey", "summary", str(empty)) == 2
    err = capsys.readouterr().err
    assert err.startswith("pfdesk：") and "没有找到题目列" in err and err.count("\n") == 1
    assert _main(monkeypatch, "survey", "summary", str(DEMO), "--columns", "D,9") == 2
    assert "不是列名" in capsys.readouterr().err


def test_a_comment_column_is_not_taken_for_a_question(tmp_path):
    # C has one 满意 among three comments: not a question; B has one odd answer of three: is one
    path = _write_csv(tmp_path, "序号,Q1,意见建议\n1,满意,满意\n2,还行,希望加快办理\n"
                                "3,一般,无\n4,,接通太慢\n")
    summary = summarize(read_answers(path))
    assert [q.col for q in summary.questions] == [2]
    assert summary.skipped == ("A列“序号”", "C列“意见建议”")
    # 满意 and 一般 valid: 1 of 2 satisfied
    assert _numbers(summary) == [(2, 1, D("50.00"), D("70.00"))]


def test_answers_to_check_beyond_the_cap_are_counted(tmp_path, monkeypatch):
    from pfdesk import survey

    monkeypatch.setattr(survey, "MAX_ISSUES", 2)
    path = _write_csv(tmp_path, "序号,Q1\n1,满意\n2,\n3,\n4,\n5,\n")
    summary = summarize(read_answers(path))
    assert [i.message for i in summary.issues] == ["第3行 B列：未作答", "第4行 B列：未作答"]
    assert summary.more_issues == 2 and summary.questions[0].blank == 4
