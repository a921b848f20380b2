"""The full report's paragraph of a deducted indicator states its deductions by default.

Seed 004's A21 is worth 4 points. With deductions of 1 and 0.5 it scores 4 − 1.5 = 2.5.
"""

from decimal import Decimal

import pytest

from pfdesk import commands
from pfdesk.numbers import Numbers
from pfdesk.scoring import score_project
from pfdesk.wording import draft_analysis, full_paragraph_text
from tests.seed004 import seed004_project

CLOSING = "根据相关评分标准，扣1.5分，该指标得2.5分。"


def _a21(analysis: str = "", values: bool = True):
    project = seed004_project()
    a21 = project.by_code("A21")
    if values:
        project.apply(commands.set_indicator(project, a21.id, target_value="年度目标细化量化",
                                             actual_value="部分目标未量化"))
    project.apply(commands.add_deduction(project, a21.id, "1", "以总体目标代替年度目标。"))
    project.apply(commands.add_deduction(project, a21.id, "0.5", "指标值不可衡量"))
    if analysis:
        project.apply(commands.set_indicator(project, a21.id, analysis=analysis))
    node = score_project(project).by_id[a21.id]
    assert (node.score, node.lost) == (Decimal("2.5"), Decimal("1.5"))
    return project, project.indicator(a21.id), node


def test_empty_analysis_prints_the_draft_with_each_deduction():
    project, ind, node = _a21()
    assert full_paragraph_text(ind, node, project.deductions(ind.id)) == (
        "目标值为年度目标细化量化，实际完成部分目标未量化。"
        "以总体目标代替年度目标，扣1分。指标值不可衡量，扣0.5分。" + CLOSING)


def test_fixed_style_writes_two_decimals():
    project, ind, node = _a21(values=False)
    assert full_paragraph_text(ind, node, project.deductions(ind.id), Numbers("fixed")) == (
        "以总体目标代替年度目标，扣1.00分。指标值不可衡量，扣0.50分。"
        "根据相关评分标准，扣1.50分，该指标得2.50分。")


def test_users_text_is_kept_and_only_unwritten_reasons_are_added():
    project, ind, node = _a21("经查阅申报表，以总体目标代替年度目标，未按年度分解")
    assert full_paragraph_text(ind, node, project.deductions(ind.id)) == (
        "经查阅申报表，以总体目标代替年度目标，未按年度分解。指标值不可衡量，扣0.5分。" + CLOSING)


def test_missing_reason_goes_before_the_users_closing_sentence():
    project, ind, node = _a21("经查阅申报表，以总体目标代替年度目标。" + CLOSING)
    assert full_paragraph_text(ind, node, project.deductions(ind.id)) == (
        "经查阅申报表，以总体目标代替年度目标。指标值不可衡量，扣0.5分。" + CLOSING)


def test_text_naming_every_reason_is_printed_as_written():
    text = "申报表以总体目标代替年度目标，且指标值不可衡量。" + CLOSING
    project, ind, node = _a21(text)
    assert full_paragraph_text(ind, node, project.deductions(ind.id)) == text


def test_without_deductions_given_the_text_is_the_closing_only():
    """Callers that do not pass the deductions get the old paragraph (values + closing)."""
    _project, ind, node = _a21(values=False)
    assert full_paragraph_text(ind, node) == CLOSING


def test_deductions_over_the_weight_say_so():
    # B15 is worth 2: 1.5 + 1 = 2.5 taken, the score stops at 0.
    project = seed004_project()
    b15 = project.by_code("B15")
    project.apply(commands.add_deduction(project, b15.id, "1.5", "自评报告未按要求报送"))
    project.apply(commands.add_deduction(project, b15.id, "1", "自评结果未应用"))
    node = score_project(project).by_id[b15.id]
    assert node.score == 0
    assert full_paragraph_text(project.indicator(b15.id), node, project.deductions(b15.id)) == (
        "自评报告未按要求报送，扣1.5分。自评结果未应用，扣1分。"
        "各项扣分合计2.5分，超过该指标分值，扣完为止。根据相关评分标准，扣2分，该指标得0分。")


def test_uncounted_deductions_give_reasons_without_points():
    # A22 is scored by hand (2 of 4); its deductions are recorded but do not give the score.
    project = seed004_project()
    a22 = project.by_code("A22")
    project.apply(commands.add_deduction(project, a22.id, "1", "指标缺少计量单位"))
    project.apply(commands.add_deduction(project, a22.id, "1", "部分指标无法考核"))
    project.apply(commands.set_score(project, a22.id, "2"))
    node = score_project(project).by_id[a22.id]
    assert project.indicator(a22.id).method == "manual" and node.score == 2
    assert full_paragraph_text(project.indicator(a22.id), node, project.deductions(a22.id)) == (
        "指标缺少计量单位。部分指标无法考核。根据相关评分标准，扣2分，该指标得2分。")


def test_full_marks_paragraph_is_not_invented_in_the_report():
    project = seed004_project()
    a11 = project.by_code("A11")
    node = score_project(project).by_id[a11.id]
    ind = project.indicator(a11.id)
    assert full_paragraph_text(ind, node, []) == "根据相关评分标准，该指标得5分。"
    # The button's draft (which the user edits) may open with the standard sentence.
    assert draft_analysis(project, ind, node) == (
        "经核查相关资料，该指标符合评分标准要求。根据相关评分标准，该指标得5分。")


def test_addition_after_written_text_holds_only_what_is_missing():
    from pfdesk.wording import added_to_analysis

    project, ind, node = _a21("经查阅申报表，以总体目标代替年度目标")
    assert added_to_analysis(ind, node, project.deductions(ind.id)) == (
        "经查阅申报表，以总体目标代替年度目标。"
        "目标值为年度目标细化量化，实际完成部分目标未量化。指标值不可衡量，扣0.5分。" + CLOSING)
    written = ("目标值为年度目标细化量化，实际完成部分目标未量化。以总体目标代替年度目标，"
               "指标值不可衡量。" + CLOSING)
    project, ind, node = _a21(written)
    assert added_to_analysis(ind, node, project.deductions(ind.id)) == written


def test_addition_goes_before_the_users_statement_of_the_score_as_in_the_report():
    from pfdesk.wording import added_to_analysis

    project, ind, node = _a21("年度目标未细化。本指标得2.5分。")
    added = added_to_analysis(ind, node, project.deductions(ind.id))
    assert added == ("年度目标未细化。目标值为年度目标细化量化，实际完成部分目标未量化。"
                     "以总体目标代替年度目标，扣1分。指标值不可衡量，扣0.5分。本指标得2.5分。")


def test_a_reason_the_user_wrote_in_other_words_is_not_repeated():
    # the user's sentence differs from the recorded reason in word order and a figure only
    project, ind, node = _a21("项目以年度目标代替总体目标的做法不妥，评价组认为以总体目标代替了"
                              "年度目标。" + CLOSING)
    text = full_paragraph_text(ind, node, project.deductions(ind.id))
    assert "以总体目标代替年度目标，扣" not in text and "以总体目标代替年度目标。" not in text
    assert "指标值不可衡量，扣0.5分。" in text          # the other reason is still added


def test_an_unrelated_sentence_does_not_hide_a_reason():
    project, ind, node = _a21("立项依据文件齐全，程序规范。" + CLOSING)
    text = full_paragraph_text(ind, node, project.deductions(ind.id))
    assert "以总体目标代替年度目标，扣1分。指标值不可衡量，扣0.5分。" in text


def test_a_reason_counts_as_written_only_when_each_of_its_clauses_is():
    from pfdesk.wording import mentioned
    text = "自评内容未涉及绩效指标与标准，缺少项目成效和问题分析。"
    assert mentioned("自评内容未涉及绩效指标与标准", text)
    # the second clause is a fact of its own: the reason must still be printed
    assert not mentioned("自评内容未涉及绩效指标与标准，缺少佐证依据", text)
    assert mentioned("以项目总体目标作为年度绩效目标，与年度实际工作内容不符",
                     "项目以总体目标作为年度绩效目标，与2020年实际工作内容不符。")
    assert not mentioned("。；", text)


@pytest.mark.parametrize("stated", ["本指标得2.5分。", "该指标得分2.5分。", "该项得2.5分。",
                                    "扣1.5分，得2.5分。", "该指标最终得分为2.5分。"])
def test_a_score_the_user_states_in_other_words_is_not_stated_again(stated):
    project, ind, node = _a21("年度目标未细化。" + stated, values=False)
    text = full_paragraph_text(ind, node, project.deductions(ind.id))
    assert text == ("年度目标未细化。以总体目标代替年度目标，扣1分。指标值不可衡量，扣0.5分。"
                    + stated)
    assert "根据相关评分标准" not in text


def test_deductions_of_three_decimals_are_stated_without_points_that_would_not_add_up():
    from pfdesk.edits import Edit, Update

    project, ind, node = _a21(values=False)
    for ded in project.deductions(ind.id):        # 0.125 + 0.125: each would print as 0.13
        project.apply(Edit("t", [Update("deduction", ded.id, {"points": Decimal("0.125")})]))
    node = score_project(project).by_id[ind.id]
    assert (node.score, node.lost) == (Decimal("3.75"), Decimal("0.25"))
    assert full_paragraph_text(ind, node, project.deductions(ind.id)) == (
        "以总体目标代替年度目标。指标值不可衡量。根据相关评分标准，扣0.25分，该指标得3.75分。")
