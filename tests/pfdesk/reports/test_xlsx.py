"""``pfdesk export … -o OUT.xlsx``: the score, funding and targets tables as a workbook whose sums
are formulas. Read back with openpyxl; the formulas are evaluated here from the cells and compared
with figures worked out by hand (seed 004: 决策 17/20, 过程 23.5/29, 产出 24/24, 效益 24/27,
total 88.5 良)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from pfdesk import commands
from pfdesk.cli import main
from pfdesk.project import Project
from pfdesk.reports.export import ExportError, export
from tests.pfdesk.reports.xlsx_eval import Evaluator


def _export(project_file: Path, tmp_path: Path,
            capsys: pytest.CaptureFixture[str] | None = None) -> openpyxl.Workbook:
    out = tmp_path / "评分表.xlsx"
    code = main(["export", str(project_file), "--layout", "scoresheet", "-o", str(out)])
    assert code in (0, 1)
    if capsys is not None:
        assert f"已导出 Excel 工作簿（评分表、资金来源、资金明细、绩效目标，合计为公式）：{out}" in \
            capsys.readouterr().out
    return openpyxl.load_workbook(out)


def _row_of(ws: openpyxl.worksheet.worksheet.Worksheet, label: str) -> int:
    for row in ws.iter_rows(min_row=1):
        if any(cell.value == label for cell in row[:3]):
            return row[0].row
    raise AssertionError(f"{label} not found")


def test_score_sheet_sums_are_formulas_that_add_up(project_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    book = _export(project_file, tmp_path, capsys)
    assert book.sheetnames == ["评分表", "资金来源", "资金明细", "绩效目标"]
    ws = book["评分表"]
    assert [c.value for c in ws[1]] == ["一级指标", "二级指标", "三级指标", "分值", "得分", "得分率",
                                        "说明"]
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["C"].width >= 20
    calc = Evaluator(ws)
    total = _row_of(ws, "总分")
    assert ws[f"E{total}"].data_type == "f" and ws[f"E{total}"].value.startswith("=SUM(")
    assert calc.value(f"E{total}") == D("88.5")
    assert calc.value(f"D{total}") == D(100)
    assert calc.value(f"F{total}") == D("0.885")
    assert ws[f"F{total}"].number_format == "0.00%"
    assert calc.value(f"E{_row_of(ws, '评价等次')}") == "良"
    for label, score, points in (("A决策", "17", 20), ("B过程", "23.5", 29), ("C产出", "24", 24),
                                 ("D效益", "24", 27), ("B1组织实施", "8.5", 13)):
        row = _row_of(ws, label)
        assert ws[f"E{row}"].data_type == "f", label
        assert (calc.value(f"E{row}"), calc.value(f"D{row}")) == (D(score), D(points)), label
    # leaves are numbers, not text
    b15 = _row_of(ws, "B15绩效自评合理性")
    assert ws[f"D{b15}"].value == 2 and ws[f"E{b15}"].value == 0.5
    assert calc.value(f"F{b15}") == D("0.25")


def test_a_score_changed_in_excel_recalculates_total_and_grade(project_file: Path,
                                                               tmp_path: Path) -> None:
    ws = _export(project_file, tmp_path)["评分表"]
    ws[f"E{_row_of(ws, 'B15绩效自评合理性')}"] = 2        # 0.5 → 2: +1.5
    calc = Evaluator(ws)
    assert calc.value(f"E{_row_of(ws, 'B过程')}") == D(25)
    assert calc.value(f"E{_row_of(ws, '总分')}") == D(90)
    assert calc.value(f"E{_row_of(ws, '评价等次')}") == "优"


def test_funding_and_targets_sheets(project_file: Path, tmp_path: Path) -> None:
    book = _export(project_file, tmp_path)
    items = book["资金明细"]
    assert items["A1"].value == "名称" and items["C1"].value == "总预算（万元）"
    assert items.freeze_panes == "A2"
    assert items["A4"].value == "合计" and items["C4"].value == "=SUM(C2:C3)"
    calc = Evaluator(items)
    # 803 + 24.09; 800 + 23.60; 798.46; 640 + 18.88; 158.46 + 4.72
    assert [calc.value(f"{c}4") for c in "CDEFG"] == [D("827.09"), D("823.6"), D("798.46"),
                                                      D("658.88"), D("163.18")]
    assert items["C2"].number_format == "#,##0.00" and isinstance(items["C2"].value, int)
    sources = book["资金来源"]
    assert [c.value for c in sources[2]] == ["市县财政", 170.86, 170.86, 168.91]
    assert Evaluator(sources).value("B3") == D("170.86")
    targets = book["绩效目标"]
    assert [c.value for c in targets[1]][:4] == ["一级指标", "二级指标", "三级指标", "指标值"]
    # a target value written '=100%' stays text, it is not a formula
    assert targets["D3"].value == "=100%" and targets["D3"].data_type == "s"


def test_not_applicable_points_rescale_with_a_formula(project_file: Path, tmp_path: Path) -> None:
    with Project.open(project_file) as project:
        b15 = next(i for i in project.indicators().values() if i.code == "B15")
        project.apply(commands.set_indicator(project, b15.id, not_applicable=True))
    ws = _export(project_file, tmp_path)["评分表"]
    calc = Evaluator(ws)
    total = _row_of(ws, "总分")
    # 88.5 − 0.5 = 88 of 100 − 2 = 98 points; × 100 ÷ 98 = 89.795… → 89.80
    assert (calc.value(f"E{total}"), calc.value(f"D{total}")) == (D(88), D(98))
    assert calc.value(f"E{_row_of(ws, '百分制折算得分')}") == D("89.80")
    assert calc.value(f"E{_row_of(ws, '评价等次')}") == "良"
    row = _row_of(ws, "B15绩效自评合理性")
    assert ws[f"E{row}"].value is None and "不适用" in ws[f"G{row}"].value
    assert calc.value(f"F{row}") == ""


def test_only_the_scoresheet_goes_to_excel(project_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="只能导出评分表"):
        export([project_file], "full", tmp_path / "a.xlsx")
    with pytest.raises(ExportError, match=r"\.xlsx（Excel）"):
        export([project_file], "scoresheet", tmp_path / "a.csv")
    assert not (tmp_path / "a.xlsx").exists()


def test_two_projects_get_numbered_sheets(project_file: Path, second_file: Path,
                                          tmp_path: Path) -> None:
    out = tmp_path / "two.xlsx"
    export([project_file, second_file], "scoresheet", out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[:5] == ["评分表1", "资金来源1", "资金明细1", "绩效目标1", "评分表2"]
    ws = book["评分表2"]
    assert Evaluator(ws).value(f"E{_row_of(ws, '总分')}") == D("88.5")
