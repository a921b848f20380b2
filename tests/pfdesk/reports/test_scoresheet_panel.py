"""The scoresheet's scoring table with an expert panel: one column per expert, named by the
expert, before 得分, holding each expert's own score; the table keeps the page's width."""

from __future__ import annotations

from pathlib import Path

import pytest

from pfdesk import commands, panel
from pfdesk.model import Evaluator
from pfdesk.reports.export import export
from pfdesk.reports.scoresheet import score_widths
from tests.pfdesk.reports.docx_read import open_doc, table_rows
from tests.pfdesk.reports.fixture_project import build_fixture


def _scoring_table(path: Path) -> list[list[str]]:
    return next(t for t in table_rows(open_doc(path)) if t[0][0] == "一级指标")


def _row(table: list[list[str]], leaf: str) -> list[str]:
    return next(r for r in table if r[4].startswith(leaf))


def test_expert_columns(tmp_path: Path) -> None:
    source = tmp_path / "p.sqlite"
    project = build_fixture(source)
    project.apply(commands.add_row(project, Evaluator(name="王芳", role="专家"), "添加 王芳"))
    team = {ev.name: ev.id for ev in project.evaluators()}
    project.apply(panel.set_panel_method(project, "mean"))
    a11 = project.by_code("A11")
    for name, value in (("张华", "4"), ("李静", "5"), ("王芳", "5")):
        project.apply(panel.set_evaluator_score(project, a11.id, team[name], value))
    project.apply(panel.set_evaluator_score(project, project.by_code("A21").id, team["李静"],
                                            "2.5"))
    project.close()
    table = _scoring_table(export([source], "scoresheet", tmp_path / "s.docx",
                                  charts=False).path)
    assert table[0] == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值",
                        "张华", "李静", "王芳", "得分"]
    # A11 = (4 + 5 + 5) / 3 = 4.666… → 4.67
    assert _row(table, "A11")[5:] == ["5", "4", "5", "5", "4.67"]
    # A21: one score of 2.5 is the mean; the others gave none
    assert _row(table, "A21")[5:] == ["4", "", "2.5", "", "2.5"]
    assert _row(table, "A12")[5:] == ["3", "", "", "", "3"]
    # total 88.5 − (5 − 4.67) − (3 − 2.5) = 87.67
    assert table[-2][0] == "总分" and table[-2][-1] == "87.67"
    assert table[-1][:2] == ["评价等次", "良"]


def test_no_panel_no_expert_columns(tmp_path: Path) -> None:
    source = tmp_path / "p.sqlite"
    build_fixture(source).close()
    table = _scoring_table(export([source], "scoresheet", tmp_path / "s.docx",
                                  charts=False).path)
    assert table[0] == ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"]


@pytest.mark.parametrize("experts", [0, 1, 3, 5, 9])
def test_widths_keep_the_page(experts: int) -> None:
    widths = score_widths(experts)
    assert len(widths) == 7 + experts
    assert sum(widths) == pytest.approx(156)
    assert min(widths) > 0
