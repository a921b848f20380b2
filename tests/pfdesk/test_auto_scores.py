"""Rules, surveys and AHP weights inside a project: stored, scored by the engine, undone, carried
by dumps and merges. Every expected number is worked out by hand in the comment beside it."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import pytest

from pfdesk import ahp, commands, merge, survey, survey_rows
from pfdesk.dump import dumps, load
from pfdesk.errors import EditError
from pfdesk.live_scores import LiveScores
from pfdesk.model import Survey, Target
from pfdesk.project import Project
from pfdesk.rules import Band, Input, Stepped, to_json, usual
from pfdesk.scoring import UNSCORED, score_project
from pfdesk.survey_file import read_answers
from pfdesk.tree import IndicatorSpec
from tests.team_files import edit, hand_out


def _project(tmp_path: Path, **funding: str) -> Project:
    """B 过程 (B1 资金到位率 5, B2 预算执行率 10) and C 满意度 (C1 10): 25 points."""
    project = Project.create(tmp_path / "p.sqlite", user="李编制")
    project.apply(commands.add_indicator(project, None, 0, IndicatorSpec(
        "B", "过程", D(15), children=[IndicatorSpec("B1", "资金到位率", D(5)),
                                      IndicatorSpec("B2", "预算执行率", D(10))])))
    project.apply(commands.add_indicator(project, None, 1, IndicatorSpec(
        "C", "满意度", D(10), children=[IndicatorSpec("C1", "服务对象满意度", D(10))])))
    if funding:
        project.apply(commands.set_info(project, **funding))
    return project


def _id(project: Project, code: str) -> str:
    return project.by_code(code).id


def _node(project: Project, code: str):  # type: ignore[no-untyped-def]
    return score_project(project).by_id[_id(project, code)]


def _problems(project: Project, code: str) -> list[str]:
    return [p.message for p in score_project(project).problems if p.code == code]


def test_a_rule_leaf_is_scored_from_the_funding_table(tmp_path):
    project = _project(tmp_path, budget="100", received="80", spent="60")
    project.apply(commands.set_rule(project, _id(project, "B1"), usual.arrival_rate()))
    project.apply(commands.set_rule(project, _id(project, "B2"), usual.execution_rate()))
    # 资金到位率 80 ÷ 100 = 80.00% → 5 × 0.8 = 4; 预算执行率 60 ÷ 80 = 75.00% → 10 × 0.75 = 7.5
    assert _node(project, "B1").score == D("4.00")
    assert _node(project, "B2").score == D("7.50")
    assert _node(project, "B").score == D("11.50")
    b2 = project.by_code("B2")
    assert (b2.method, b2.status, b2.score) == ("rule", "已评", None)     # nothing stored
    project.close()


def test_changing_the_funding_changes_the_score_live(tmp_path):
    project = _project(tmp_path, budget="100", received="80", spent="60")
    project.apply(commands.set_rule(project, _id(project, "B2"), usual.execution_rate()))
    live = LiveScores(project)
    assert live.result.by_id[_id(project, "B2")].score == D("7.50")
    change = project.apply(commands.set_info(project, spent="72"))
    # 72 ÷ 80 = 90.00% → 10 × 0.9 = 9
    assert live.update(change).by_id[_id(project, "B2")].score == D("9.00")
    assert live.result.total == score_project(project).total
    # a rule that rounds: 71 ÷ 80 = 88.75% → 8.875 → 8.88 at the leaf
    live.update(project.apply(commands.set_info(project, spent="71")))
    node = live.result.by_id[_id(project, "B2")]
    assert (node.score, node.unrounded) == (D("8.88"), D("8.875"))
    # editing the rule leaf itself (its points) takes the live path too: 5 × 88.75% = 4.4375
    live.update(project.apply(commands.set_indicator(project, _id(project, "B2"), weight="5")))
    assert live.result.by_id[_id(project, "B2")].score == D("4.44")
    project.close()


def test_a_missing_input_leaves_the_leaf_unscored_and_names_it(tmp_path):
    project = _project(tmp_path, budget="100", received="80")
    project.apply(commands.set_rule(project, _id(project, "B2"), usual.execution_rate()))
    node = _node(project, "B2")
    assert node.score is None and not node.complete          # never 0
    problems = [p for p in score_project(project).problems if p.code == "B2"]
    assert [p.kind for p in problems] == [UNSCORED]
    assert "缺少实际支出" in problems[0].message and "预算执行率" in problems[0].message
    assert score_project(project).grade is None
    project.close()


def test_a_budget_of_zero_is_named_not_divided(tmp_path):
    project = _project(tmp_path, budget="0", received="0", spent="0")
    project.apply(commands.set_rule(project, _id(project, "B1"), usual.arrival_rate()))
    project.apply(commands.set_rule(project, _id(project, "B2"), usual.execution_rate()))
    assert _node(project, "B1").score is None and _node(project, "B2").score is None
    assert any("预算资金为 0" in m and "除数为 0" in m for m in _problems(project, "B1"))
    assert any("实际到位资金为 0" in m for m in _problems(project, "B2"))
    project.close()


def test_a_stepped_rule_on_a_target_and_the_target_changing(tmp_path):
    project = _project(tmp_path)
    project.apply(commands.add_row(project, Target(level1="产出指标", level3="受理件数",
                                                   target_text="≥2500件", actual_value="2400件"),
                                   "添加绩效目标"))
    target = project.targets()[0]
    bands = (Band(D(0), D(90), D(0)), Band(D(90), D(95), D(80)), Band(D(95), None, D(100)))
    rule = Stepped(Input("target", ref=target.id), bands)
    project.apply(commands.set_rule(project, _id(project, "B1"), rule))
    # 2400 ÷ 2500 = 96.00% → band 95% and up → all 5 points
    assert _node(project, "B1").score == D("5.00")
    live = LiveScores(project)
    change = project.apply(commands.set_fields(project, "target", target.id, "修改实际完成值",
                                               actual_value="2300件"))
    # 2300 ÷ 2500 = 92.00% → band 90–95% → 80% of 5 = 4
    assert live.update(change).by_id[_id(project, "B1")].score == D("4.00")
    project.close()


def _summary(tmp_path: Path, answers: list[str]) -> survey.Summary:
    path = tmp_path / "answers.csv"
    path.write_text("编号,总体满意度\n" + "".join(f"{k},{a}\n" for k, a in enumerate(answers, 1)),
                    encoding="utf-8")
    return survey.summarize(read_answers(path))


def test_a_survey_is_stored_read_back_and_scores_satisfaction(tmp_path):
    project = _project(tmp_path)
    summary = _summary(tmp_path, ["非常满意", "满意", "满意", "一般", "不满意"])
    project.apply(commands.import_survey(project, "居民问卷", "answers.csv", summary))
    project.apply(commands.set_rule(project, _id(project, "C1"), usual.satisfaction()))
    # 满意 = 非常满意 + 满意 = 3 of 5 valid = 60.00%; full marks at 90%:
    # 10 × 60 ÷ 90 = 6.666… → 6.67
    assert _node(project, "C1").score == D("6.67")
    project.close()
    with Project.open(tmp_path / "p.sqlite", readonly=True) as again:
        rows = again.rows(Survey)
        assert [(r.name, r.source_name) for r in rows] == [("居民问卷", "answers.csv")]
        back = survey_rows.summaries(again)["居民问卷"]
        overall = back.overall()
        # mean (100 + 80 + 80 + 60 + 40) ÷ 5 = 72
        assert (overall.sample, overall.valid, overall.rate, overall.mean) == (
            5, 5, D("60.00"), D("72.00"))
        assert back.questions == summary.questions
        assert _node(again, "C1").score == D("6.67")


def test_reimporting_a_survey_replaces_it_and_rescores_live(tmp_path):
    project = _project(tmp_path)
    project.apply(commands.import_survey(project, "居民问卷", "a.csv",
                                        _summary(tmp_path, ["满意", "一般"])))
    project.apply(commands.set_rule(project, _id(project, "C1"), usual.satisfaction()))
    live = LiveScores(project)
    # 1 of 2 = 50.00% → 10 × 50 ÷ 90 = 5.555… → 5.56
    assert live.result.by_id[_id(project, "C1")].score == D("5.56")
    change = project.apply(commands.import_survey(
        project, "居民问卷", "b.csv", _summary(tmp_path, ["满意", "非常满意", "满意", "一般"])))
    assert len(project.rows(Survey)) == 1 and change.label == "重新导入满意度调查“居民问卷”"
    # 3 of 4 = 75.00% → 10 × 75 ÷ 90 = 8.333… → 8.33
    assert live.update(change).by_id[_id(project, "C1")].score == D("8.33")
    # deleting the survey: the rule names the survey as missing
    change = project.apply(commands.delete_survey(project, project.rows(Survey)[0].id))
    assert live.update(change).by_id[_id(project, "C1")].score is None
    assert any("尚未导入满意度调查" in m for m in _problems(project, "C1"))
    project.close()


def _ahp_project(tmp_path: Path) -> Project:
    project = Project.create(tmp_path / "a.sqlite", user="李编制")
    project.apply(commands.add_indicator(project, None, 0, IndicatorSpec(
        "A", "决策", D(20), children=[IndicatorSpec("A1", "立项", D(5)),
                                      IndicatorSpec("A2", "目标", D(5)),
                                      IndicatorSpec("A3", "投入", D(10))])))
    return project


def test_ahp_weights_applied_sum_exactly_to_the_parent(tmp_path):
    project = _ahp_project(tmp_path)
    a = _id(project, "A")
    # a consistent matrix: A1 twice A2, four times A3 → weights 4/7, 2/7, 1/7 (CR 0)
    comp = ahp.comparison([["1", "2", "4"], ["1/2", "1", "2"], ["1/4", "1/2", "1"]],
                          ["立项", "目标", "投入"])
    project.apply(commands.set_ahp(project, a, comp))
    assert ahp.weighting_of(project.indicator(a)).comparison == comp
    project.apply(commands.apply_ahp_weights(project, a))
    # 20 points in steps of 0.5 = 40 units: quotas 22.857, 11.429, 5.714 → floors 22, 11, 5
    # (38); the 2 left go to the largest remainders .857 (A1) and .714 (A3) → 23, 11, 6 units
    weights = [project.by_code(c).weight for c in ("A1", "A2", "A3")]
    assert weights == [D("11.5"), D("5.5"), D("3.0")]
    assert sum(weights) == D(20)
    # step 1: 20 units: 11.429, 5.714, 2.857 → 11, 5, 2 (18); +1 to .857 (A3), .714 (A2)
    project.apply(commands.apply_ahp_weights(project, a, step=D(1)))
    assert [project.by_code(c).weight for c in ("A1", "A2", "A3")] == [D(11), D(6), D(3)]
    project.undo()
    assert [project.by_code(c).weight for c in ("A1", "A2", "A3")] == [
        D("11.5"), D("5.5"), D("3.0")]
    project.close()


def test_a_matrix_typed_and_applied_is_one_edit(tmp_path):
    """The window's 应用权重 with a matrix not stored yet: the matrix and the points are one
    edit, and one undo takes both back."""
    project = _ahp_project(tmp_path)
    a = _id(project, "A")
    comp = ahp.comparison([["1", "2", "4"], ["1/2", "1", "2"], ["1/4", "1/2", "1"]])
    project.apply(commands.apply_ahp_weights(project, a, D(1), comparison=comp))
    # weights 4/7, 2/7, 1/7 of 20 in steps of 1: 11.43, 5.71, 2.86 → 11, 5, 2 (18); the 2 left
    # to the largest remainders .86 (A3) and .71 (A2) → 11, 6, 3
    assert [project.by_code(c).weight for c in ("A1", "A2", "A3")] == [D(11), D(6), D(3)]
    stored = ahp.weighting_of(project.indicator(a))
    assert stored is not None and stored.comparison == comp and stored.step == D(1)
    project.undo()
    assert [project.by_code(c).weight for c in ("A1", "A2", "A3")] == [D(5), D(5), D(10)]
    assert ahp.weighting_of(project.indicator(a)) is None
    # a matrix of another size is refused before anything is stored
    with pytest.raises(EditError, match="2×2"):
        commands.apply_ahp_weights(project, a, comparison=ahp.comparison([["1", "3"],
                                                                         ["1/3", "1"]]))
    project.close()


def test_an_inconsistent_matrix_is_refused_naming_the_pair_unless_forced(tmp_path):
    project = _ahp_project(tmp_path)
    a = _id(project, "A")
    # A1 ≫ A2 ≫ A3 ≫ A1: a circle, as inconsistent as the scale allows
    comp = ahp.comparison([["1", "9", "1/9"], ["1/9", "1", "9"], ["9", "1/9", "1"]],
                          ["立项", "目标", "投入"])
    project.apply(commands.set_ahp(project, a, comp))
    with pytest.raises(EditError, match=r"CR ≥ 0\.10.*“立项”对“目标”"):
        commands.apply_ahp_weights(project, a)
    project.apply(commands.apply_ahp_weights(project, a, force=True))
    # the circle is symmetric: equal weights, 20 ÷ 3 = 6.67 → 13.33 units each: floors 13
    # (39), the 1 left to the first on a tie → 14, 13, 13 units of 0.5 (the computed weights
    # differ in their 50th digit: the tie must still be seen as one)
    assert [project.by_code(c).weight for c in ("A1", "A2", "A3")] == [D(7), D("6.5"), D("6.5")]
    project.close()


def test_a_matrix_of_another_size_or_stale_children_is_refused(tmp_path):
    project = _ahp_project(tmp_path)
    a = _id(project, "A")
    with pytest.raises(EditError, match="2×2"):
        commands.set_ahp(project, a, ahp.comparison([["1", "3"], ["1/3", "1"]]))
    project.apply(commands.set_ahp(project, a, ahp.comparison(
        [["1", "1", "1"], ["1", "1", "1"], ["1", "1", "1"]])))
    project.apply(commands.move_indicator(project, _id(project, "A3"), a, 0))
    with pytest.raises(EditError, match="重新填写判断矩阵"):
        commands.apply_ahp_weights(project, a)
    project.close()


def test_each_command_is_one_undo_step(tmp_path):
    project = _project(tmp_path, budget="100", received="80", spent="60")
    b2 = _id(project, "B2")
    project.apply(commands.set_score(project, b2, "6"))
    project.apply(commands.set_rule(project, b2, usual.execution_rate()))
    assert _node(project, "B2").score == D("7.50")
    project.undo()
    assert (project.indicator(b2).method, _node(project, "B2").score) == ("manual", D("6.00"))
    project.redo()
    # back to a typed score: the score stored before the rule is kept as it was
    change = project.apply(commands.set_rule(project, b2, None))
    assert change.label == "B2 取消评分规则"
    ind = project.indicator(b2)
    assert (ind.method, ind.rule, ind.score, _node(project, "B2").score) == (
        "manual", "", D(6), D("6.00"))
    project.undo()
    assert project.indicator(b2).method == "rule"
    project.apply(commands.import_survey(project, "问卷", "a.csv", _summary(tmp_path, ["满意"])))
    project.undo()
    assert project.rows(Survey) == []
    project.redo()
    project.apply(commands.delete_survey(project, project.rows(Survey)[0].id))
    project.undo()
    assert [s.name for s in project.rows(Survey)] == ["问卷"]
    b = _id(project, "B")
    project.apply(commands.set_ahp(project, b, ahp.comparison([["1", "3"], ["1/3", "1"]])))
    project.undo()
    assert project.indicator(b).ahp == ""
    project.close()


def test_rules_surveys_and_matrices_travel_through_a_dump(tmp_path):
    project = _project(tmp_path, budget="100", received="80", spent="60")
    project.apply(commands.set_rule(project, _id(project, "B2"), usual.execution_rate()))
    project.apply(commands.set_rule(project, _id(project, "C1"), usual.satisfaction("问卷")))
    project.apply(commands.import_survey(project, "问卷", "a.csv",
                                        _summary(tmp_path, ["满意", "一般", "非常满意"])))
    project.apply(commands.set_ahp(project, _id(project, "B"),
                                   ahp.comparison([["1", "1/2"], ["2", "1"]]), D(1)))
    before = score_project(project)
    (tmp_path / "p.json").write_text(dumps(project), encoding="utf-8")
    project.close()
    with load(tmp_path / "p.json", tmp_path / "back.sqlite") as back:
        assert back.by_code("B2").rule == to_json(usual.execution_rate())
        weighting = ahp.weighting_of(back.by_code("B"))
        assert weighting is not None and weighting.step == D(1)
        assert weighting.comparison.matrix[1][0] == Fraction(2)
        # 2 of 3 satisfied = 66.67% → 10 × 66.67 ÷ 90 = 7.407… → 7.41
        assert score_project(back).by_id[back.by_code("C1").id].score == D("7.41")
        assert score_project(back).total == before.total


def test_a_rule_set_in_a_copy_arrives_by_merge(tmp_path):
    team = hand_out(tmp_path)
    edit(team["甲"], "甲", lambda p: commands.set_info(p, budget="10", received="10", spent="9"))
    edit(team["甲"], "甲", lambda p: commands.set_rule(p, p.by_code("A1").id,
                                                       usual.execution_rate()))
    edit(team["乙"], "乙", lambda p: commands.import_survey(p, "问卷", "a.csv",
                                                           _summary(tmp_path, ["满意"])))
    with Project.open(team["lead"], user="组长") as lead:
        result = merge.merge(lead, [team["甲"], team["乙"]])
        assert result.conflicts == []
        a1 = lead.by_code("A1")
        assert (a1.method, a1.rule) == ("rule", to_json(usual.execution_rate()))
        # 9 ÷ 10 = 90% of A1's 6 points = 5.4
        assert score_project(lead).by_id[a1.id].score == D("5.40")
        assert [s.name for s in lead.rows(Survey)] == ["问卷"]


def test_a_file_with_a_bad_rule_opens_and_names_the_leaf(tmp_path):
    project = _project(tmp_path, budget="100", received="80", spent="60")
    project.apply(commands.set_rule(project, _id(project, "B2"), usual.execution_rate()))
    project.close()
    crafted = tmp_path / "crafted.sqlite"
    shutil.copy(tmp_path / "p.sqlite", crafted)
    with sqlite3.connect(crafted) as conn:
        conn.execute("UPDATE indicator SET rule = ? WHERE code = 'B2'",
                     ('{"format": "pfdesk-rule", "version": 1, "kind": "stepped", '
                      '"input": {"kind": "execution_rate"}, "bands": [{"lower": "50", '
                      '"upper": null, "share": "100"}]}',))
        conn.execute("INSERT INTO survey (id, sort_key, name, summary) VALUES "
                     "('s1', 'V', '问卷', '{not json')")
    conn.close()
    with Project.open(crafted, readonly=True) as opened:
        node = score_project(opened).by_id[opened.by_code("B2").id]
        assert node.score is None
        [message] = [p.message for p in score_project(opened).problems if p.code == "B2"]
        # the bands leave 0–50% uncovered: the stored rule is refused naming the gap
        assert "评分规则无法读取" in message and "0%（含）～50%" in message
        assert survey_rows.read(opened)[1].keys() == {"问卷"}
    # a survey that cannot be read is named by the rule that reads it
    with Project.open(crafted) as fixable:
        fixable.apply(commands.set_rule(fixable, fixable.by_code("C1").id,
                                        usual.satisfaction("问卷")))
        assert any("“问卷”的保存内容无法读取" in m for m in _problems(fixable, "C1"))


def test_the_rules_sentence_is_the_report_paragraph(tmp_path):
    from pfdesk import rule_scores
    from pfdesk.wording import full_paragraph_text

    project = _project(tmp_path, budget="100", received="80", spent="60")
    project.apply(commands.set_rule(project, _id(project, "B2"), usual.execution_rate()))
    ind, node = project.by_code("B2"), _node(project, "B2")
    text = full_paragraph_text(ind, node, [], None)
    assert text.endswith("根据相关评分标准，扣2.5分，该指标得7.5分。")   # 10 − 7.5 lost
    # 60 ÷ 80 = 75.00% → 7.5 of 10
    assert rule_scores.paragraph(project, ind, node, text) == "预算执行率为75.00%，按评分标准得7.5分。"
    # an analysis stating its score in its own words is left as written
    project.apply(commands.set_indicator(project, ind.id, analysis="执行较慢，本项得分7.5分。"))
    ind = project.by_code("B2")
    text = full_paragraph_text(ind, node, [], None)
    assert rule_scores.paragraph(project, ind, node, text) == text
    project.close()


def test_scoring_a_survey_rule_does_not_load_the_file_readers(tmp_path: Path) -> None:
    """Opening a project whose 满意度 leaf reads a stored survey needs the counts only: the
    survey file reader and the Excel reader behind it load when a file is imported, not at
    every start of the window."""
    import subprocess
    import sys

    project = _project(tmp_path)
    summary = survey.summarize(read_answers(Path("resources/surveys/demo-survey.csv")))
    project.apply(commands.import_survey(project, "调查", "demo-survey.csv", summary))
    project.apply(commands.set_rule(project, _id(project, "C1"), usual.satisfaction("调查")))
    path = project.path
    project.close()
    code = (
        "import sys\n"
        "from pfdesk.project import Project\n"
        "from pfdesk.scoring import score_project\n"
        f"p = Project.open({str(path)!r}, readonly=True, lock=False)\n"
        "r = score_project(p)\n"
        "print(r.by_id[p.by_code('C1').id].score)\n"
        "print(sorted(m for m in ('pfdesk.survey_file', 'pfdesk.importer', 'csv')"
        " if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[2]).stdout.split("\n")
    # 199 satisfied of 237 valid answers = 83.97%; 10 points × 83.97 ÷ 90 = 9.33
    assert out[0] == "9.33"
    assert out[1] == "[]"


def test_deductions_left_on_a_rule_leaf_are_named_with_its_method(tmp_path):
    """Deductions kept on a leaf scored by a rule do not count, and the problem says the leaf is
    scored by its rule (not 按直接评分)."""
    project = _project(tmp_path, budget="800", received="800", spent="788")
    b2 = _id(project, "B2")
    project.apply(commands.add_deduction(project, b2, D(1), "支出进度偏慢"))
    project.apply(commands.set_rule(project, b2, usual.execution_rate()))
    problems = [p for p in score_project(project).problems if p.kind == "deduction_unused"]
    assert [p.message for p in problems] == ["B2 按规则计分，其 1 项扣分未计入得分"]
    project.close()


def test_a_score_typed_over_a_rule_says_the_leaf_leaves_its_rule(tmp_path):
    """Typing a score on a rule-scored leaf scores it by hand from then on (the rule is kept
    for a later return); the edit's name says so, as the undo menu and status line show it."""
    project = _project(tmp_path, budget="800", received="800", spent="788")
    b2 = _id(project, "B2")
    project.apply(commands.set_rule(project, b2, usual.execution_rate()))
    edit = commands.set_score(project, b2, "8")
    assert edit.label == "B2 改为直接评分（不再按规则计分），得分 8"
    project.apply(edit)
    ind = project.indicator(b2)
    assert ind.method == "manual" and ind.score == D("8.00") and ind.rule
    assert commands.set_score(project, b2, "7").label == "B2 得分改为 7"
    project.close()


def test_a_survey_with_a_long_heading_or_file_name_imports_and_reads_back(tmp_path):
    """A question heading of 1,200 characters and a file name of 210: the survey is counted,
    stored and read back when the project is opened again (the stored form keeps 1,000 and
    200 characters of them), never stored in a form that cannot be read."""
    heading = "您对" + "热线服务" * 299 + "是否满意？"          # 1,200 characters
    answers = tmp_path / ("a" * 206 + ".csv")                 # 210 characters with .csv
    answers.write_text("序号," + heading + "\n1,满意\n2,不满意\n", encoding="utf-8")
    summary = survey.summarize(read_answers(answers))
    project = _project(tmp_path)
    project.apply(commands.import_survey(project, "长题", answers.name, summary))
    path = project.path
    project.close()
    with Project.open(path, readonly=True) as again:
        readable, problems = survey_rows.read(again)
    assert problems == {} and len(readable["长题"].questions[0].title) == 1000
    # 1 satisfied of 2 valid answers
    assert readable["长题"].overall().rate == D("50.00")
