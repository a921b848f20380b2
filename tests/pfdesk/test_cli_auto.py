"""The command line of rules, surveys and AHP in a project: ``pfdesk survey import``,
``pfdesk rule`` and ``pfdesk ahp PROJECT CODE MATRIX --apply``; values worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from pfdesk import survey_rows
from pfdesk.cli import main
from pfdesk.project import Project
from pfdesk.resources import resources_dir
from pfdesk.scoring import score_project

DEMO_SURVEY = resources_dir() / "surveys" / "demo-survey.csv"


@pytest.fixture()
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.pfdesk"
    assert main(["new", str(path)]) == 0
    return path


def _score(path: Path, code: str) -> D | None:
    with Project.open(path, readonly=True) as project:
        return score_project(project).by_id[project.by_code(code).id].score


def test_survey_import_keeps_it_and_lists_the_answers_to_check(project_file, capsys):
    capsys.readouterr()
    # the demo survey has 2 blanks and 1 odd answer: kept all the same, exit 1
    assert main(["survey", "import", str(project_file), str(DEMO_SURVEY), "--name", "回访",
                 "--user", "王五"]) == 1
    out = capsys.readouterr().out
    assert "第34行 F列：“还行”不是对照表中的选项" in out and "已保存：导入满意度调查“回访”" in out
    with Project.open(project_file, readonly=True) as project:
        [row] = survey_rows.surveys(project)
        assert (row.name, row.source_name, row.modified_by) == ("回访", "demo-survey.csv", "王五")
        # 199 satisfied of 237 valid answers (hand-counted in test_survey.py)
        assert survey_rows.summaries(project)["回访"].overall().rate == D("83.97")
        # the template's 满意度 rule reads the project's only survey: 6 × 83.97 ÷ 90 = 5.598
        assert score_project(project).by_id[project.by_code("D15").id].score == D("5.60")


def test_rule_set_and_cleared(project_file, capsys):
    assert main(["set", str(project_file), "C11=7"]) == 0
    assert main(["rule", str(project_file), "C11", "--usual", "预算执行率"]) == 0
    out = capsys.readouterr().out
    assert "C11 按规则计分：预算执行率按比例计分" in out
    assert "缺少实际到位资金" in out and _score(project_file, "C11") is None
    assert main(["rule", str(project_file), "C11", "--clear"]) == 0
    assert _score(project_file, "C11") == D(7)           # the typed score, kept
    assert main(["rule", str(project_file), "C11", "--usual", "目标完成率"]) == 2
    assert "--target" in capsys.readouterr().err


def test_ahp_matrix_kept_and_applied(project_file, tmp_path, capsys):
    matrix = tmp_path / "m.csv"
    # A11 three times as important as A12: weights 3/4 and 1/4 of A1's 6 points = 4.5 and 1.5
    matrix.write_text(",A11,A12\nA11,1,3\nA12,1/3,1\n", encoding="utf-8")
    assert main(["ahp", str(project_file), "A1", str(matrix), "--apply"]) == 0
    assert "A11 4.5、A12 1.5" in capsys.readouterr().out
    with Project.open(project_file, readonly=True) as project:
        assert [project.by_code(c).weight for c in ("A11", "A12")] == [D("4.5"), D("1.5")]
        assert project.by_code("A1").ahp
    assert main(["ahp", str(matrix), "--apply"]) == 2


def test_ahp_apply_refused_stores_nothing(project_file, tmp_path, capsys):
    """--apply is one edit with the matrix: when the points are refused (a child already has a
    score above its new points), the matrix is not kept either."""
    matrix = tmp_path / "m.csv"
    matrix.write_text(",A11,A12\nA11,1,9\nA12,1/9,1\n", encoding="utf-8")
    # A1's 6 points: 9/10 and 1/10 → 5.5 and 0.5 in steps of 0.5; A12 scored 1.5 first
    assert main(["set", str(project_file), "A12=1.5"]) == 0
    assert main(["ahp", str(project_file), "A1", str(matrix), "--apply"]) == 2
    with Project.open(project_file, readonly=True) as project:
        assert not project.by_code("A1").ahp
        assert project.by_code("A12").weight != D("0.5")
