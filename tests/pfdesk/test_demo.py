"""The demo evaluation: complete, consistent with the deductions put in, and kept in the data folder."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from pfdesk import commands as cmd
from pfdesk import demo as demo_module
from pfdesk import paths as paths_module
from pfdesk.demo import build_demo, demo_path
from pfdesk.errors import ProjectFileError
from pfdesk.model import NARRATIVE_KEYS
from pfdesk.panel import evaluator_totals, panel_rows
from pfdesk.paths import data_dir
from pfdesk.project import Project
from pfdesk.schema import SCHEMA_VERSION
from pfdesk.scoring import score_project
from pfdesk.wording import closing, stated_score_conflict

D = Decimal

# The deductions put into the demo, by leaf, as planned by hand.
DEDUCTIONS = {
    "A21": ["1"], "A22": ["1", "0.5"],
    "B21": ["1"], "B22": ["1", "0.5"],
    "C21": ["1", "0.5"], "C31": ["0.5"],
    "D11": ["1"], "D12": ["1.5"], "D14": ["1", "1"],
}
# The leaves scored by the template's rules, by hand:
# B11 资金到位率 1320 ÷ 1320 = 100% → 3 × 100% = 3 (nothing lost);
# B12 预算执行率 1188 ÷ 1320 = 90.00% → 5 × 90% = 4.5 (0.5 lost);
# D15 满意率 of the demo survey: 199 非常满意/满意 of 237 valid answers (hand-counted in
# test_survey.py) = 83.966…% → 83.97%; in proportion to 90%: 6 × 83.97 ÷ 90 = 5.598 → 5.60
# (0.4 lost).
RULE_SCORES = {"B11": D("3.00"), "B12": D("4.50"), "D15": D("5.60")}
# Points lost: deductions 1 + 1.5 + 1 + 1.5 + 1.5 + 0.5 + 1 + 1.5 + 2 = 11.5, rules 0.5 + 0.4,
# so 100 − 12.4 = 87.6.
HAND_TOTAL = D("87.60")
# Level 1 by hand: 决策 20 − (1 + 1.5) = 17.5; 过程 20 − (0.5 + 1 + 1.5) = 17;
# 产出 30 − (1.5 + 0.5) = 28; 效益 30 − (1 + 1.5 + 2 + 0.4) = 25.1 (25.1 ÷ 30 = 83.67%).
HAND_LEVEL1 = {"A": (D("17.5"), D("87.50")), "B": (D("17"), D("85.00")),
               "C": (D("28"), D("93.33")), "D": (D("25.1"), D("83.67"))}
LOST = {*DEDUCTIONS, "B12", "D15"}


@pytest.fixture(scope="module")
def project() -> Project:
    return build_demo(None)


def test_scores_complete_with_the_hand_total(project: Project) -> None:
    result = score_project(project)
    assert result.complete and result.unscored == 0
    assert result.problems == []
    assert sum(D(p) for pts in DEDUCTIONS.values() for p in pts) == D("11.5")
    assert result.total == HAND_TOTAL == D(100) - D("11.5") - D("0.5") - D("0.4")
    assert {c: result.by_id[project.by_code(c).id].score for c in RULE_SCORES} == RULE_SCORES
    assert all(project.by_code(c).method == "rule" for c in RULE_SCORES)
    assert result.grade == "良"
    assert {n.code: (n.score, n.rate) for n in result.level1()} == HAND_LEVEL1


def test_deductions_are_the_planned_ones_each_with_a_reason(project: Project) -> None:
    found: dict[str, list[str]] = {}
    for ind in project.walk():
        for ded in project.deductions(ind.id):
            assert len(ded.reason) >= 15 and ded.evidence, ind.code
            found.setdefault(ind.code, []).append(str(ded.points))
    assert found == DEDUCTIONS


def test_every_leaf_is_reviewed_with_a_consistent_analysis(project: Project) -> None:
    result = score_project(project)
    leaves = [i for i in project.walk() if not project.children(i.id)]
    assert len(leaves) == 20
    for ind in leaves:
        node = result.by_id[ind.id]
        assert (ind.status, ind.sign_off) == ("已评", "已复核"), ind.code
        assert ind.data_source, ind.code
        assert ind.analysis.endswith(closing(node)), ind.code
        assert len(ind.analysis) > len(closing(node)) + 60, ind.code
        assert stated_score_conflict(ind, node) is None, ind.code
    b12 = project.by_code("B12")
    assert b12 is not None   # 执行率 1188 ÷ 1320 = 90%: 5 × 90% = 4.5, scored by its rule
    assert result.by_id[b12.id].score == D(5) * D("1188.00") / D("1320.00") == D("4.5")


def test_cover_fields_are_all_filled(project: Project) -> None:
    info = project.info
    for name in ("name", "unit", "department", "commissioner", "evaluator_org", "eval_type",
                 "eval_object", "eval_mode", "eval_year", "eval_period", "report_date",
                 "doc_number", "project_kind", "manager", "phone", "address",
                 "overall_goal", "annual_goal"):
        assert getattr(info, name), name
    assert re.fullmatch(r"\S+财〔2025〕\d+号", info.doc_number)
    assert info.commissioner.endswith("财政局") and info.eval_type == "事后"
    assert info.template_id == "national-2020"


def test_funding_adds_up(project: Project) -> None:
    info = project.info
    assert (info.budget, info.received, info.spent) == (D("1320.00"), D("1320.00"), D("1188.00"))
    sources = project.funding_sources()
    assert sum(s.budget for s in sources) == info.budget  # 120 + 1200
    assert sum(s.spent for s in sources) == info.spent  # 120 + 1068
    items = project.funding_items()
    assert 4 <= len(items) <= 6
    assert sum(i.total_budget for i in items) == D("1320.00")
    assert sum(i.paid_this_year for i in items) == info.spent
    assert sum(i.bid_price for i in items) == D("1305.86")  # C41: saving 14.14 of 1320


def test_targets_have_the_four_shapes(project: Project) -> None:
    targets = project.targets()
    assert 8 <= len(targets) <= 12
    assert {t.comparator for t in targets} == {"≥", "≤", "=", "定性"}
    assert all(t.actual_value for t in targets)
    assert any(t.comparator == "≤" and t.number == D("90.41") and t.unit == "万元"
               for t in targets)
    graded = [t for t in targets if t.std_excellent]
    assert graded and all(t.std_good and t.std_fair and t.std_poor for t in graded)
    assert all(t.number is None for t in targets if t.comparator == "定性")


def test_panel(project: Project) -> None:
    panel = project.evaluators()
    assert len(panel) == 3
    assert all(e.name and e.title and e.org and e.role for e in panel)
    # Each expert's total is the engine's, never stored: the leader's scores except on the five
    # 效益 leaves, where the experts gave the same, 0.5 lower (5 × 0.5 = 2.5 less: 85.10) and
    # 0.5 higher, within the points (D13 has full marks already, D15 goes 5.6 → 6, not 6.1:
    # 3 × 0.5 + 0.4 = 1.9 more: 89.50).
    totals = evaluator_totals(project, score_project(project))
    assert [totals[e.id] for e in panel] == [HAND_TOTAL, D("85.10"), D("89.50")]


def test_findings_tie_problems_to_lost_points(project: Project) -> None:
    result = score_project(project)
    assert len(project.findings("成效")) == 3
    assert len(project.findings("经验做法")) == 2
    problems = project.findings("问题")
    assert len(problems) == 3
    linked: set[str] = set()
    for problem in problems:
        assert problem.cause
        inds = project.finding_indicators(problem.id)
        assert any(result.by_id[i.id].lost > 0 for i in inds), problem.text[:10]
        linked.update(i.code for i in inds)
    assert linked == LOST  # every leaf that lost points is explained by a problem
    advice = project.findings("建议")
    assert len(advice) == 3
    assert sorted(a.problem_id or "" for a in advice) == sorted(p.id for p in problems)


def test_every_narrative_section_is_written(project: Project) -> None:
    for key in NARRATIVE_KEYS:
        text = project.narrative(key)
        assert len(text) >= 120, key
        assert text.endswith("。"), key
        assert not re.search(r"得分|总分|\d分，", text), key  # scores come from the engine


def test_built_on_disk_and_reopened(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    built = build_demo(path, user="李四")
    built.close()
    with Project.open(path) as again:
        assert score_project(again).total == HAND_TOTAL
        assert again.info.name.endswith("外包项目")
    with pytest.raises(ProjectFileError, match="已存在"):
        build_demo(path)


def test_demo_path_builds_keeps_and_rebuilds(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path / "data"))
    calls: list[object] = []
    real = demo_module.build_demo
    monkeypatch.setattr(demo_module, "build_demo", lambda p: calls.append(p) or real(p))
    path = demo_path()
    assert path == tmp_path / "data" / "demo.pfdesk" and path.is_file()
    assert demo_path() == path and len(calls) == 1  # kept, not rebuilt
    path.write_bytes(b"not a project" * 50)
    assert demo_path() == path and len(calls) == 2  # damaged: rebuilt
    with Project.open(path, readonly=True) as again:
        assert score_project(again).grade == "良"
    assert sorted(os.listdir(path.parent)) == ["backups", "demo.pfdesk"]   # no temporary files


def test_demo_path_checks_a_kept_demo_without_loading_it(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The window loads the demo: ``demo_path`` only checks the file, and rebuilds a demo of an
    older file format or another edition, but keeps the user's edits to the current one."""
    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path / "data"))
    path = demo_path()
    built: list[object] = []
    real_build = demo_module.build_demo
    monkeypatch.setattr(demo_module, "build_demo", lambda p: built.append(p) or real_build(p))
    loads: list[object] = []
    real_load = Project._load
    monkeypatch.setattr(Project, "_load", lambda self: loads.append(self) or real_load(self))
    assert demo_path() == path and (built, loads) == ([], [])   # checked, neither loaded nor built
    with Project.open(path) as mine:                                 # the user's own edit is kept
        mine.apply(cmd.set_info(mine, manager="王五"))
    assert demo_path() == path and built == []
    with Project.open(path, readonly=True) as again:
        assert again.info.manager == "王五"
    # A pfdesk with a newer file format: the demo is built again, not upgraded in place.
    monkeypatch.setattr(demo_module, "SCHEMA_VERSION", SCHEMA_VERSION + 1, raising=False)
    assert demo_path() == path and len(built) == 1
    monkeypatch.setattr(demo_module, "SCHEMA_VERSION", SCHEMA_VERSION, raising=False)
    assert demo_path() == path and len(built) == 1
    # Another edition of the demo (its building changed): built again, the edit is gone.
    with Project.open(path) as mine:
        mine.apply(cmd.set_info(mine, manager="王五"))
    monkeypatch.setattr(demo_module, "DEMO_EDITION", 99, raising=False)
    assert demo_path() == path and len(built) == 2
    with Project.open(path, readonly=True) as again:
        assert again.info.manager == "周文静"
    assert demo_path() == path and len(built) == 2
    # Its facts changed: built again too.
    monkeypatch.setattr(demo_module, "COVER", {**demo_module.COVER, "manager": "赵六"})
    assert demo_path() == path and len(built) == 3
    with Project.open(path, readonly=True) as again:
        assert again.info.manager == "赵六"
    assert sorted(os.listdir(path.parent)) == ["backups", "demo.pfdesk"]


def test_the_demo_opened_after_its_check_is_not_checked_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``demo_path`` checks the kept demo; the opening right after takes that check (the full
    check of SQLite's pages is the longest part of opening), unless the file changed between."""
    from pfdesk import filecheck

    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path / "data"))
    path = demo_path()                       # built
    checks: list[Path] = []
    real = filecheck._check_rows
    monkeypatch.setattr(filecheck, "_check_rows",
                        lambda p, shown, version: checks.append(p) or real(p, shown, version))
    assert demo_path() == path and len(checks) == 1
    with Project.open(path, readonly=True) as project:
        assert project.info.name
    assert len(checks) == 1                  # the opening took demo_path's check
    assert demo_path() == path and len(checks) == 2
    stat = path.stat()                       # touched between the check and the opening
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with Project.open(path, readonly=True):
        pass
    assert len(checks) == 3                  # checked again
    with Project.open(path, readonly=True):  # and nothing kept for a later opening
        pass
    assert len(checks) == 4


def test_a_kept_check_is_kept_for_seconds_only(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """An opening that does not follow the check at once checks the file itself: the kept
    answer trusts the file's identity for ``KEEP_SECONDS``, not for the program's life."""
    from pfdesk import filecheck

    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path / "data"))
    path = demo_path()
    checks: list[Path] = []
    real = filecheck._check_rows
    monkeypatch.setattr(filecheck, "_check_rows",
                        lambda p, shown, version: checks.append(p) or real(p, shown, version))
    assert demo_path() == path and len(checks) == 1
    clock = filecheck.time.monotonic() + filecheck.KEEP_SECONDS + 1
    monkeypatch.setattr(filecheck.time, "monotonic", lambda: clock)
    with Project.open(path, readonly=True):
        pass
    assert len(checks) == 2


@pytest.mark.parametrize(("platform", "env", "expected"), [
    ("linux", {"XDG_DATA_HOME": "/x/share"}, "/x/share/pfdesk"),
    ("linux", {}, "~/.local/share/pfdesk"),
    ("win32", {"LOCALAPPDATA": "/c/Users/u/AppData/Local"}, "/c/Users/u/AppData/Local/pfdesk"),
    ("darwin", {}, "~/Library/Application Support/pfdesk"),
    ("linux", {"PFDESK_DATA_DIR": "/override", "XDG_DATA_HOME": "/x"}, "/override"),
])
def test_data_dir_per_platform(monkeypatch: pytest.MonkeyPatch, platform: str,
                               env: dict[str, str], expected: str) -> None:
    for name in ("PFDESK_DATA_DIR", "XDG_DATA_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(paths_module.sys, "platform", platform)
    assert data_dir() == Path(expected).expanduser()


def test_effect_leaves_have_a_three_expert_panel(project: Project) -> None:
    assert (project.info.panel_method, str(project.info.spread_limit)) == ("leader", "1")
    result = score_project(project)
    dim = project.by_code("D")
    leaves = [i for i in project.walk(dim.id) if not project.children(i.id)]
    assert leaves
    for leaf in leaves:
        view = panel_rows(project, leaf.id)
        scores = [s for _, s in view.rows]
        node = result.by_id[leaf.id]
        # the leader's own score is the leaf's; the others half a point either side
        assert scores[0] == node.score and None not in scores, leaf.code
        assert view.spread is not None and view.spread <= 1 and not view.over_limit
    assert panel_rows(project, project.by_code("A11").id).aggregate is None


def test_every_layout_s_checks_pass_on_the_demo(project: Project) -> None:
    from pfdesk.reports.checks import run_checks
    from pfdesk.reports.data import ReportData
    from pfdesk.reports.export import LAYOUTS

    data = ReportData.of(project)
    for layout in LAYOUTS:
        assert [c.line() for c in run_checks(data, layout)] == [], layout


def test_the_demo_survey_is_kept_in_the_project(project: Project) -> None:
    from pfdesk import survey_rows

    [row] = survey_rows.surveys(project)
    assert (row.name, row.source_name) == ("来电群众满意度调查", "demo-survey.csv")
    overall = survey_rows.summaries(project)[row.name].overall()
    assert (overall.sample, overall.valid, overall.satisfied, overall.rate) == (
        60, 237, 199, D("83.97"))
