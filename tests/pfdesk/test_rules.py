"""Rule scoring: hand-worked scores from funding, targets, surveys and typed numbers, the
report sentence, the missing inputs named (never 0), bands refused, JSON checked.

Rates are the two-decimal percentages ``pfdesk.funding`` and ``pfdesk.targets`` give; a score is
rounded half up to two decimals at the leaf.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk import funding
from pfdesk.model import ProjectInfo, Target
from pfdesk.resources import resources_dir
from pfdesk.rules import (
    Band,
    Input,
    Inputs,
    PassFail,
    Proportional,
    RuleError,
    Shortfall,
    Stepped,
    evaluate,
    from_json,
    to_json,
)
from pfdesk.survey import summarize
from pfdesk.survey_file import read_answers

EXECUTION = Input("execution_rate")
ARRIVAL = Input("arrival_rate")
# 预算执行率 out of 5 points: below 60% nothing, 60–80% 40%, 80–90% 60%, 90–95% 80%, 95% and up all
BANDS = (Band(D(0), D(60), D(0)), Band(D(60), D(80), D(40)), Band(D(80), D(90), D(60)),
         Band(D(90), D(95), D(80)), Band(D(95), None, D(100)))


def _funds(budget=None, received=None, spent=None, adjusted=None):
    def d(v):
        return None if v is None else D(v)
    info = ProjectInfo(budget=d(budget), adjusted_budget=d(adjusted), received=d(received),
                       spent=d(spent))
    return Inputs(funding=funding.compute(info, [], []))


def _typed(value):
    return Inputs(), Input("typed", label="预算执行率", value=D(value), unit="%")


# each boundary: the lower bound is in its band, a hundredth below is in the band under it
@pytest.mark.parametrize(("value", "score"), [
    ("0", "0"), ("59.99", "0"), ("60", "2"), ("79.99", "2"), ("80", "3"), ("89.99", "3"),
    ("90", "4"), ("94.99", "4"), ("95", "5"), ("100", "5"), ("120", "5")])
def test_stepped_rule_at_each_boundary(value, score):
    inputs, source = _typed(value)
    assert evaluate(Stepped(source, BANDS), D(5), inputs).score == D(score)


def test_execution_rate_from_funding_proportional():
    # 实际支出 788 ÷ 实际到位 800 = 98.50%; 5 × 0.985 = 4.925 → 4.93 at the leaf
    outcome = evaluate(Proportional(EXECUTION), D(5), _funds("1000", "800", "788"))
    assert (outcome.score, outcome.unrounded) == (D("4.93"), D("4.925"))
    assert outcome.explanation == "预算执行率为98.50%，按评分标准得4.93分"


def test_execution_rate_of_the_demo_funding_stepped():
    # the demo's 1188 spent of 1320 received = 90.00% → the 90–95% band, 80% of 5 = 4
    outcome = evaluate(Stepped(EXECUTION, BANDS), D(5), _funds("1320", "1320", "1188"))
    assert outcome.score == D(4)
    assert outcome.explanation == "预算执行率为90.00%，按评分标准得4分"


def test_arrival_rate_uses_the_adjusted_budget():
    # 到位 1140 ÷ 调整后预算 1200 = 95.00% (not ÷ 1320); 4 × 0.95 = 3.8
    outcome = evaluate(Proportional(ARRIVAL), D(4), _funds("1320", "1140", None, "1200"))
    assert outcome.score == D("3.8")


@pytest.mark.parametrize(("funds", "source", "words"), [
    (("0", "0", "0"), ARRIVAL, "预算资金为 0，无法计算资金到位率（除数为 0）"),
    (("100", "0", "0"), EXECUTION, "实际到位资金为 0，无法计算预算执行率（除数为 0）"),
    (("100", "100", None), EXECUTION, "缺少实际支出"),
    ((None, "100", "90"), ARRIVAL, "缺少预算资金"),
])
def test_missing_funding_leaves_the_leaf_unscored(funds, source, words):
    outcome = evaluate(Proportional(source), D(5), _funds(*funds))
    assert outcome.score is None and not outcome.scored and outcome.score != 0
    assert words in outcome.problem


def _targets(*rows):
    return Inputs(targets={t.id: t for t in rows})


CALLS = Target(id="t1", level3="日均受理话务量", target_text="≥2500件", actual_value="2300件")
COST = Target(id="t2", level3="运营成本", target_text="≤90.41万元", actual_value="95万元")
TIMELY = Target(id="t3", level3="工单按时转派率", target_text="=100%", actual_value="96%")


def test_target_completion_rules():
    inputs = _targets(CALLS, COST, TIMELY)
    # ≥2500, 2300 done: 92.00% × 10 = 9.2
    calls = evaluate(Proportional(Input("target", ref="t1")), D(10), inputs)
    assert calls.score == D("9.2")
    assert calls.explanation == ("日均受理话务量目标≥2500件，实际完成2300件，完成率92.00%，"
                                 "按评分标准得9.2分")
    # ≤90.41, 95 spent: 90.41 ÷ 95 = 95.17% × 4 = 3.8068 → 3.81
    assert evaluate(Proportional(Input("target", ref="t2")), D(4), inputs).score == D("3.81")
    # =100%, 96%: 96.00% × 5 = 4.8; pass/fail: not met → 0 (a score, not unscored)
    assert evaluate(Proportional(Input("target", ref="t3")), D(5), inputs).score == D("4.8")
    failed = evaluate(PassFail(Input("target", ref="t3")), D(5), inputs)
    assert failed.score == D(0) and "未达到=100%的标准" in failed.explanation


def test_target_shortfall_deducts_per_unit():
    inputs = _targets(CALLS)
    # 200 件 short, 1 point per 100 件: 10 − 2 = 8
    outcome = evaluate(Shortfall(Input("target", ref="t1"), D(100), D(1)), D(10), inputs)
    assert outcome.score == D(8)
    assert "相差200件，按每差100件扣1分扣2分" in outcome.explanation
    # 0.5 per 10 件 short: 200 ÷ 10 × 0.5 = 10 points taken of 6: never below 0
    assert evaluate(Shortfall(Input("target", ref="t1"), D(10), D("0.5")), D(6),
                    inputs).score == D(0)


def test_rate_shortfall_against_a_threshold():
    # 预算执行率 90.00% against ≥ 95: 5 points short, 0.2 per point → 4 − 1 = 3
    rule = Shortfall(EXECUTION, D(1), D("0.2"), "≥", D(95))
    outcome = evaluate(rule, D(4), _funds("1320", "1320", "1188"))
    assert outcome.score == D(3) and "相差5个百分点" in outcome.explanation


@pytest.mark.parametrize(("target", "words"), [
    (Target(id="t1", level3="话务量", target_text="≥2500件", actual_value=""),
     "话务量尚未填写实际完成值"),
    (Target(id="t1", level3="群众获得感", target_text="明显提升", actual_value="提升"), "定性"),
])
def test_missing_target_inputs_are_named(target, words):
    outcome = evaluate(Proportional(Input("target", ref="t1")), D(5), _targets(target))
    assert outcome.score is None and words in outcome.problem
    gone = evaluate(Proportional(Input("target", ref="gone")), D(5), _targets(target))
    assert gone.score is None and "已不在目标表" in gone.problem


def test_survey_rules_on_the_demo_survey():
    summary = summarize(read_answers(resources_dir() / "surveys" / "demo-survey.csv"))
    inputs = Inputs(surveys={"回访": summary})
    # overall 满意率 199 ÷ 237 = 83.97% (hand count in test_survey); full marks at 90%:
    # 83.97 ÷ 90 × 10 = 9.33
    rule = Proportional(Input("survey_rate", ref="回访"), D(90))
    outcome = evaluate(rule, D(10), inputs)
    assert outcome.score == D("9.33")
    assert outcome.explanation.startswith("满意率为83.97%（达到90%得满分）")
    bands = (Band(D(0), D(80), D(50)), Band(D(80), D(90), D(80)), Band(D(90), None, D(100)))
    assert evaluate(Stepped(Input("survey_rate", ref="回访"), bands), D(10),
                    inputs).score == D(8)
    missing = evaluate(rule, D(10), Inputs())
    assert missing.score is None and "尚未导入满意度调查“回访”" in missing.problem


def test_a_typed_number_not_yet_typed_is_named():
    outcome = evaluate(PassFail(Input("typed", label="质量达标率", unit="%"), "≥", D(98)), D(3),
                       Inputs())
    assert outcome.score is None and outcome.problem == "尚未填写质量达标率"
    typed = Input("typed", label="质量达标率", value=D("98.6"), unit="%")
    assert evaluate(PassFail(typed, "≥", D(98)), D(3), Inputs()).score == D(3)


@pytest.mark.parametrize(("bands", "words"), [
    ((Band(D(0), D(90), D(0)), Band(D(85), None, D(100))), "“0%（含）～90%”与“85%及以上”重叠"),
    ((Band(D(0), D(80), D(0)), Band(D(90), None, D(100))), "之间有空缺（80%～90%"),
    ((Band(D(60), D(90), D(50)), Band(D(90), None, D(100))), "0%（含）～60%没有对应的档次"),
    ((Band(D(0), D(90), D(50)), Band(D(90), D(100), D(100))), "100%及以上没有对应的档次"),
    ((Band(D(0), D(90), D(50)), Band(D(90), D(90), D(100))), "上限应大于下限"),
    ((Band(D(0), D(90), D(150)), Band(D(90), None, D(100))), "0%～100%"),
    ((Band(D(0), D(90), D(0)), Band(D(0), None, D(100))), "重叠"),
    ((), "没有任何档次"),
])
def test_bad_bands_are_refused_naming_the_band(bands, words):
    with pytest.raises(RuleError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Stepped(EXECUTION, bands)


def test_rule_json_round_trip():
    rules = [Proportional(EXECUTION), Proportional(Input("survey_rate", ref="回访"), D(90)),
             Stepped(EXECUTION, BANDS), Shortfall(Input("target", ref="t1"), D(100), D(1)),
             Shortfall(EXECUTION, D(1), D("0.2"), "≥", D(95)),
             PassFail(Input("typed", label="质量达标率", value=D("98.6"), unit="%"), "≥", D(98))]
    for rule in rules:
        assert from_json(to_json(rule)) == rule


@pytest.mark.parametrize("text", [
    "{", "[]", '{"format": "pfdesk-rule", "version": 1, "kind": "magic", "input": {"kind": "typed"}}',
    '{"format": "pfdesk-rule", "version": 1, "kind": "proportional",'
    ' "input": {"kind": "execution_rate"}, "full_at": 90.5}',
    '{"format": "pfdesk-rule", "version": 1, "kind": "proportional",'
    ' "input": {"kind": "execution_rate"}, "x": 1}',
    '{"format": "pfdesk-rule", "version": 1, "kind": "proportional", "input": {"kind": "nope"}}',
    '{"format": "pfdesk-rule", "version": 1, "kind": "stepped", "input": {"kind": "execution_rate"},'
    ' "bands": [{"lower": "0", "upper": "90", "share": "0"},'
    ' {"lower": "80", "upper": null, "share": "100"}]}',
    '{"format": "pfdesk-rule", "version": 1, "kind": "shortfall", "input": {"kind": "execution_rate"},'
    ' "per": "1", "deduct": "1E+999999"}',
    '{"format": "pfdesk-rule", "version": 1, "kind": "pass_fail", "input": {"kind": "target", "ref": "t1"},'
    ' "comparator": "≥", "threshold": "95"}',
    '{"format": "pfdesk-rule", "version": 2, "kind": "proportional", "input": {"kind": "execution_rate"}}',
    "[" * 100_000,
])
def test_untrusted_rule_json_is_refused(text):
    with pytest.raises(RuleError):
        from_json(text)


def test_the_demo_project_inputs_and_the_usual_rules():
    from pfdesk.demo import build_demo
    from pfdesk.rules import usual

    project = build_demo(None)
    try:
        inputs = Inputs.of(project)
        by_name = {t.level3: t.id for t in project.targets()}
    finally:
        project.close()
    # 1188 spent of 1320 received = 90.00% × 5 = 4.5; 1320 of 1320 = 100% × 5 = 5
    assert evaluate(usual.execution_rate(), D(5), inputs).score == D("4.5")
    assert evaluate(usual.arrival_rate(), D(5), inputs).score == D(5)
    # 满意度 ≥90%, 83.97% (the demo survey's 满意率): 83.97 ÷ 90 = 0.93300 → 93.30% × 10 = 9.33
    outcome = evaluate(usual.target_completion(by_name["来电群众满意度"]), D(10), inputs)
    assert outcome.explanation == ("来电群众满意度目标≥90%，实际完成83.97%，完成率93.30%，"
                                   "按评分标准得9.33分")
    # 重复来电占比 ≤5%, 8.3%: 3.3 points over, 0.5 per point → 3 − 1.65 = 1.35
    rule = Shortfall(Input("target", ref=by_name["重复来电占比"]), D(1), D("0.5"))
    assert evaluate(rule, D(3), inputs).score == D("1.35")
    # the qualitative target has nothing to compute: named, unscored
    qualitative = evaluate(usual.target_completion(by_name["热线服务长效运行"]), D(3), inputs)
    assert qualitative.score is None and "定性" in qualitative.problem
    # 满意率 of the demo survey (83.97%) in the usual bands: 80–90% → 80% of 10 = 8
    survey = summarize(read_answers(resources_dir() / "surveys" / "demo-survey.csv"))
    assert evaluate(usual.satisfaction_bands("回访"), D(10),
                    Inputs(surveys={"回访": survey})).score == D(8)


def test_a_shortfall_far_beyond_the_points_takes_the_points_without_failing():
    """A gap of 10^12 at 10^12 points per 10^-10 would be 10^34 points: never more than the
    leaf's points are taken (and the sentence says so) instead of a decimal overflow."""
    rule = Shortfall(Input("typed", label="完成量", value=D(0), unit="件"),
                     D("0.0000000001"), D("999999999999"), "≥", D("999999999999"))
    outcome = evaluate(rule, D(5), Inputs())
    assert outcome.score == D(0)
    assert "扣5分，按评分标准得0分" in outcome.explanation


def test_a_target_typed_with_forty_nines_is_worked_out_or_left_unscored(tmp_path):
    """A target typed with forty nines (a slip of the keyboard) is not read as a number, so its
    rule leaves the leaf unscored with a problem instead of failing; and a rule whose arithmetic
    fails anyway leaves the leaf unscored with a problem saying why (rule_scores.outcome), never
    an error that stops scoring."""
    from pfdesk import rule_scores
    from pfdesk.model import Indicator

    nines = Target(id="t9", level3="服务人次", target_text="≥" + "9" * 40 + "人次",
                   actual_value="10人次")
    rule = Shortfall(Input("target", ref="t9"), D(1), D(1))
    unread = evaluate(rule, D(10), _targets(nines))
    assert unread.score is None and unread.problem
    leaf = Indicator(code="C1", name="服务人次", weight=D(10), method="rule", rule=to_json(rule))
    assert rule_scores.outcome(leaf, _targets(nines)).score is None

    class Failing(Inputs):
        def read(self, source):  # type: ignore[no-untyped-def]
            raise ArithmeticError("overflow")

    failed = rule_scores.outcome(leaf, Failing())
    assert failed.score is None and "数值过大" in failed.problem
