"""AHP: matrix checks, weights, λmax, CI, CR, the pair most out of line, points by weight.

Values checked against:

- 3×3 [[1, 3, 5], [1/3, 1, 3], [1/5, 1/3, 1]]: the standard textbook example (Saaty, *The
  Analytic Hierarchy Process*, 1980; reprinted in most AHP tutorials) with weights 0.637, 0.258,
  0.105, λmax 3.039, CR 0.033. Worked by hand: for a 3×3 reciprocal matrix
  λmax = 1 + c^(1/3) + c^(−1/3) with c = a12·a23 ÷ a13 = 3·3 ÷ 5 = 1.8; 1.8^(1/3) = 1.216440,
  its inverse 0.822071, so λmax = 3.038511, CI = 0.038511 ÷ 2 = 0.019256,
  CR = 0.019256 ÷ 0.58 = 0.033199. Weights from (A − λI)w = 0 with w3 = 1: rows 2 and 3 give
  w1/5 + w2/3 = 2.038511 and w1/3 − 2.038511·w2 = −3, so 2.594067·w2 = 6.397518,
  w2 = 2.466211, w1 = 10.192555 − 1.666667·w2 = 6.082203; the sum is 9.548414, so the weights
  are 0.636986, 0.258285, 0.104729.
- 4×4 [[1, 5, 6, 7], [1/5, 1, 4, 6], [1/6, 1/4, 1, 4], [1/7, 1/6, 1/4, 1]]: Saaty's
  light-intensity experiment (Saaty, "A scaling method for priorities in hierarchical
  structures", J. Math. Psychology 15, 1977), published to two decimals as weights 0.61, 0.24,
  0.10, 0.05 and λmax 4.39; CI = 0.39 ÷ 3 = 0.13, CR = 0.13 ÷ 0.90 = 0.14, above 0.10.
- 4×4 consistent matrix a_ij = 2^(j−i) (weights 8:4:2:1 exactly, λmax = 4, CI = CR = 0), worked
  by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk.ahp import (
    AhpError,
    allocate,
    analyse,
    comparison,
    from_json,
    to_json,
)

TEXTBOOK_3 = [[1, 3, 5], ["1/3", 1, 3], ["1/5", "1/3", 1]]
LIGHT_4 = [[1, 5, 6, 7], ["1/5", 1, 4, 6], ["1/6", "1/4", 1, 4], ["1/7", "1/6", "1/4", 1]]
CONSISTENT_4 = [[1, 2, 4, 8], ["1/2", 1, 2, 4], ["1/4", "1/2", 1, 2], ["1/8", "1/4", "1/2", 1]]


def _near(value: D, expected: str, within: str) -> bool:
    return abs(value - D(expected)) <= D(within)


def test_textbook_three_by_three():
    result = analyse(comparison(TEXTBOOK_3))
    for got, hand in zip(result.weights, ("0.636986", "0.258285", "0.104729"), strict=True):
        assert _near(got, hand, "0.000002")
    assert _near(result.lambda_max, "3.038511", "0.000002")
    assert _near(result.ci, "0.019256", "0.000002")
    assert _near(result.cr, "0.033199", "0.000003")
    assert result.consistent and result.worst is None
    assert sum(result.weights) == pytest.approx(1) and _near(sum(result.weights), "1", "1E-40")


def test_saaty_light_intensity_four_by_four():
    result = analyse(comparison(LIGHT_4, ["椅1", "椅2", "椅3", "椅4"]))
    for got, published in zip(result.weights, ("0.61", "0.24", "0.10", "0.05"), strict=True):
        assert _near(got, published, "0.01")
    assert f"{result.lambda_max:.2f}" == "4.39"
    assert f"{result.ci:.2f}" == "0.13" and f"{result.cr:.2f}" == "0.14"
    assert not result.consistent
    # w1 ÷ w4 ≈ 13.7 against a judged 7: the furthest of the six pairs
    assert result.worst is not None and (result.worst.i, result.worst.j) == (0, 3)
    assert "“椅1”对“椅4”" in result.worst.message and "判断为 7" in result.worst.message


def test_consistent_four_by_four_is_exact():
    result = analyse(comparison(CONSISTENT_4))
    for got, share in zip(result.weights, (8, 4, 2, 1), strict=True):
        assert _near(got, str(D(share) / 15), "1E-27")
    assert _near(result.lambda_max, "4", "1E-30") and _near(result.cr, "0", "1E-30")


def test_points_by_largest_remainder_sum_exactly():
    # 20 points in 0.5 steps = 40 units; 8:4:2:1 of 40 = 21.33, 10.67, 5.33, 2.67 units:
    # floors 21 + 10 + 5 + 2 = 38, the two units left go to the largest remainders (.67, .67)
    weights = analyse(comparison(CONSISTENT_4)).weights
    assert allocate(D(20), weights, D("0.5")) == [D("10.5"), D("5.5"), D("2.5"), D("1.5")]
    # 10 points in whole points: 5.33, 2.67, 1.33, 0.67 → 5, 2, 1, 0 and 2 left → 5, 3, 1, 1
    assert allocate(D(10), weights, D(1)) == [D(5), D(3), D(1), D(1)]
    # the textbook weights on 15 points in 0.5 steps: 30 units → 19.11, 7.75, 3.14
    # → 19 + 7 + 3 = 29, one left to the .75 → 9.5, 4, 1.5
    assert allocate(D(15), analyse(comparison(TEXTBOOK_3)).weights, D("0.5")) == [
        D("9.5"), D("4"), D("1.5")]


def test_points_not_a_multiple_of_the_step_are_refused():
    with pytest.raises(AhpError, match="整数倍"):
        allocate(D("10.3"), [D(1), D(1)], D("0.5"))


@pytest.mark.parametrize(("rows", "words"), [
    ([[1, 3], ["1/2", 1]], "第1行第2列.*第2行第1列.*互为倒数"),
    ([[1, 0], [0, 1]], "第1行第2列.*为 0"),
    ([[1, 3, 5], ["1/3", 1]], "第1行有 3 个值"),
    ([[2, 3], ["1/3", 1]], "第1行第1列.*对角线"),
    ([[1, "x"], ["1/3", 1]], "不是数值"),
    ([[1, 12], ["1/12", 1]], "1/9～9"),
    ([[1, -3], ["-1/3", 1]], "负数"),
    ([[1, ""], ["1/3", 1]], "为空"),
])
def test_bad_matrices_are_refused_naming_the_cell(rows, words):
    with pytest.raises(AhpError, match=words):
        comparison(rows)


def test_rounded_reciprocals_are_accepted_and_made_exact():
    comp = comparison([[1, 3], ["0.33", 1]])
    assert comp.matrix[1][0] * comp.matrix[0][1] == 1


def test_json_round_trip_and_untrusted_text():
    comp = comparison(TEXTBOOK_3, ["决策", "过程", "产出"])
    assert from_json(to_json(comp)) == comp
    for text in ("[]", '{"format": "pfdesk-ahp", "version": 1, "names": [], "matrix": [[1]]}',
                 '{"format": "pfdesk-ahp", "version": 9, "names": [], "matrix": [["1"]]}',
                 '{"format": "x"}', "{", "x" * 60_000):
        with pytest.raises(AhpError):
            from_json(text)


def _main(monkeypatch, *argv):
    from pfdesk import cli

    if "pfdesk.cli_ahp" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "pfdesk.cli_ahp"))
    return cli.main(list(argv))


def _csv(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "matrix.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_command_line_with_names_and_points(monkeypatch, capsys, tmp_path):
    import json

    path = _csv(tmp_path, ",决策,过程,产出\n决策,1,3,5\n过程,1/3,1,3\n产出,1/5,1/3,1\n", "gbk")
    assert _main(monkeypatch, "ahp", str(path), "--points", "15", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["names"] == ["决策", "过程", "产出"]
    assert data["weights"] == ["0.636986", "0.258285", "0.104729"]
    assert data["cr"] == "0.033199" and data["consistent"] is True
    assert data["points"] == ["9.5", "4", "1.5"]          # as worked in test_points_…


def test_command_line_inconsistent_matrix_exits_1_naming_the_pair(monkeypatch, capsys, tmp_path):
    rows = "\n".join(",".join(str(x) for x in row) for row in LIGHT_4)
    assert _main(monkeypatch, "ahp", str(_csv(tmp_path, rows))) == 1
    out = capsys.readouterr().out
    assert "CR = 0.1447（未通过一致性检验）" in out and "“第1项”对“第4项”" in out


def test_command_line_bad_matrix_is_one_line(monkeypatch, capsys, tmp_path):
    assert _main(monkeypatch, "ahp", str(_csv(tmp_path, "1,3\n1/2,1\n"))) == 2
    err = capsys.readouterr().err
    assert "第1行第2列" in err and "互为倒数" in err and err.count("\n") == 1


@pytest.mark.parametrize("entry", ["1e99999999", "9E9", "1/1e99999999", "0x9"])
def test_an_entry_in_exponent_form_is_refused_at_once(entry):
    """Fraction('1e99999999') would build a number of a hundred million digits before the
    1/9–9 check (a hang on a crafted file or a typed value): such text is refused unread."""
    import time

    began = time.perf_counter()
    with pytest.raises(AhpError, match="不是数值"):
        comparison([["1", entry], ["1/3", "1"]])
    assert time.perf_counter() - began < 1
    with pytest.raises(AhpError):
        comparison([[D(1), D("1E+99999999")], [D(1), D(1)]])


def test_a_step_written_1_0_is_kept_and_read_back():
    """--step 1.0 (or 0.50) is the step 1 (or 0.5): stored so that it reads back."""
    from pfdesk.ahp import Weighting, weighting_from_json, weighting_to_json

    comp = comparison([["1", "3"], ["1/3", "1"]])
    for typed, kept in ((D("1.0"), D(1)), (D("0.50"), D("0.5"))):
        again = weighting_from_json(weighting_to_json(Weighting(comp, ("a", "b"), typed)))
        assert again.step == kept
