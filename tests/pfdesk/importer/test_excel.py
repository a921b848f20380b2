"""Importing score sheets: expected trees, numbers and totals worked out by hand from each sheet."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from pfdesk.errors import ImportError_
from pfdesk.importer import import_sheet, read_indicator_sheet
from pfdesk.scoring import score_project
from tests.pfdesk.importer.sheets import (
    SEED004_SHEET,
    SEED004_TITLE,
    write_rows,
    write_seed004_sheet,
)
from tests.seed004 import seed004_specs

HEADER = ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "评分标准", "得分", "扣分原因"]


def _road_rows():
    """A title row, merged level-1/2 cells (see _ROAD_MERGES), weights per level, a total row.

    By hand: A = A11 10 + A12 4 + A21 0.3 = 14.3 of 40; B = B11 28.5 + B12 30 = 58.5 of 60;
    total 72.8 → 中 (60 ≤ 72.8 < 80).
    """
    return [
        ["某某区2023年度道路养护项目绩效评价指标评分表"],
        HEADER,
        ["A、决策", 40, "A1项目立项", 15, "A11立项依据充分性", 10, "①依据充分", 10, None],
        [None, None, None, None, "A12立项程序规范性", 5, "②程序规范", 4, "缺少专家论证记录"],
        [None, None, "A2资金投入", 25, "A21预算编制科学性", 25, None, 0.1 + 0.2, "预算测算依据不足"],
        ["B.产出", 60, "B1产出数量", 60, "B11实际完成率", 30, None, 28.5, "完成率95%"],
        [None, None, None, None, "B12质量达标率", 30, None, "30", None],
        ["合计", None, None, None, None, 100, None, 72.8, None],
    ]


_ROAD_MERGES = ["A1:I1", "A3:A5", "B3:B5", "C3:C4", "D3:D4", "A6:A7", "B6:B7", "C6:C7",
                "D6:D7", "A8:E8"]


@pytest.fixture
def road(tmp_path):
    return write_rows(tmp_path / "road.xlsx", _road_rows(), merges=_ROAD_MERGES)


def _flat(specs):
    return {s.code: s for top in specs for s in top.walk()}


def test_road_sheet_tree(road):
    result = read_indicator_sheet(road)
    assert result.sheet == "评分表"
    assert result.header_row == 2
    assert result.project_name == "某某区2023年度道路养护项目"
    assert result.eval_year == "2023"
    assert result.warnings == []
    assert [(s.code, s.name, s.weight) for s in result.specs] == [
        ("A", "决策", D(40)), ("B", "产出", D(60))]
    flat = _flat(result.specs)
    assert list(flat) == ["A", "A1", "A11", "A12", "A2", "A21", "B", "B1", "B11", "B12"]
    assert [c.code for c in flat["A1"].children] == ["A11", "A12"]
    assert (flat["A1"].name, flat["A1"].weight) == ("项目立项", D(15))
    assert (flat["A2"].weight, flat["B1"].weight) == (D(25), D(60))
    assert flat["A11"].criteria == "①依据充分"
    # Scores: full marks stay manual; below weight with a reason become one deduction.
    assert (flat["A11"].method, flat["A11"].score, flat["A11"].deductions) == ("manual", D(10), [])
    assert flat["A12"].method == "deduction"
    assert [(d.points, d.reason) for d in flat["A12"].deductions] == [(D(1), "缺少专家论证记录")]
    # 0.1 + 0.2 in Excel is 0.30000000000000004: imported as exactly 0.3.
    assert str(flat["A21"].score) == "0.3"
    assert flat["A21"].deductions[0].points == D("24.7")
    assert flat["B11"].deductions[0].points == D("1.5")
    assert flat["B12"].score == D(30)


def test_road_sheet_scores_by_hand(road, tmp_path):
    project = import_sheet(road, tmp_path / "road.pfdesk", user="张三")
    result = score_project(project)
    dims = {n.code: (n.score, n.weight) for n in result.level1()}
    assert dims == {"A": (D("14.3"), D(40)), "B": (D("58.5"), D(60))}
    assert result.total == D("72.80")
    assert result.grade == "中"
    assert result.problems == []
    assert project.info.name == "某某区2023年度道路养护项目"
    assert len(project.indicators()) == 10
    project.close()


def test_seed004_sheet(tmp_path):
    path = write_seed004_sheet(tmp_path / "seed004.xlsx")
    sheet = read_indicator_sheet(path)
    assert (sheet.sheet, sheet.title) == (SEED004_SHEET, SEED004_TITLE)
    assert sheet.warnings == []
    project = import_sheet(path, tmp_path / "seed004.pfdesk", sheet=sheet)
    result = score_project(project)
    dims = {n.code: (n.name, n.score, n.weight, n.rate) for n in result.level1()}
    assert dims == {
        "A": ("决策", D(17), D(20), D("85.00")),
        "B": ("过程", D("23.5"), D(29), D("81.03")),
        "C": ("产出", D(24), D(24), D("100.00")),
        "D": ("效益", D(24), D(27), D("88.89")),
    }
    assert (result.total, result.grade, result.complete) == (D("88.50"), "良", True)
    assert project.info.name == "2020年度上城区基层治理综合信息指挥中心建设项目"
    # The same tree as the seed's table transcribed independently in tests/seed004.py.
    expected = {s.code: (s.name, s.weight, s.score) for t in seed004_specs() for s in t.walk()}
    got = {s.code: (s.name, s.weight, s.score) for t in sheet.specs for s in t.walk()}
    assert got == expected
    b15 = project.by_code("B15")
    assert [(d.points, d.reason) for d in project.deductions(b15.id)] == [
        (D("1.5"), "自评内容未涉及绩效指标与标准，缺少佐证依据")]
    project.close()


def test_parent_weight_disagreement_names_row(tmp_path):
    rows = _road_rows()
    rows[2][3] = 16  # A1项目立项 says 16; its children add up to 10 + 5 = 15
    path = write_rows(tmp_path / "bad.xlsx", rows, merges=_ROAD_MERGES)
    with pytest.raises(ImportError_) as exc:
        read_indicator_sheet(path)
    message = str(exc.value)
    assert "工作表“评分表”第 3 行 D 列" in message
    assert "16" in message and "15" in message
    assert "\n" not in message


def test_level1_weight_disagreement(tmp_path):
    rows = _road_rows()
    rows[5][1] = 50  # B.产出 says 50; B1 is 60
    path = write_rows(tmp_path / "bad.xlsx", rows, merges=_ROAD_MERGES)
    with pytest.raises(ImportError_, match=r"第 6 行 B 列：“B.产出”的分值 50 分与下级指标分值合计 60 分"):
        read_indicator_sheet(path)


@pytest.mark.parametrize(("value", "words"), [
    ("优", "第 4 行 H 列：“优”不是数字"),
    (6, "第 4 行 H 列：“A12立项程序规范性”的得分 6 分超过分值 5 分"),
    (-1, "第 4 行 H 列：“A12立项程序规范性”的得分 -1 为负数"),
    (True, "第 4 行 H 列"),
])
def test_bad_score_cell(tmp_path, value, words):
    rows = _road_rows()
    rows[3][7] = value
    path = write_rows(tmp_path / "bad.xlsx", rows, merges=_ROAD_MERGES)
    with pytest.raises(ImportError_) as exc:
        read_indicator_sheet(path)
    assert "工作表“评分表”" in str(exc.value)
    assert words in str(exc.value)


def test_not_xlsx(tmp_path):
    text = tmp_path / "sheet.xlsx"
    text.write_text("一级指标,分值\n决策,20\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"不是 \.xlsx 文件"):
        read_indicator_sheet(text)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ImportError_, match=r"旧版 Excel（\.xls）.*另存为 \.xlsx"):
        read_indicator_sheet(old)
    import zipfile
    fake = tmp_path / "fake.xlsx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ImportError_, match=r"已损坏或不是有效的 \.xlsx"):
        read_indicator_sheet(fake)
    with pytest.raises(ImportError_, match="找不到文件"):
        read_indicator_sheet(tmp_path / "missing.xlsx")


def test_empty_sheet(tmp_path):
    path = write_rows(tmp_path / "empty.xlsx", [], title="空表")
    with pytest.raises(ImportError_, match="工作表“空表”是空的"):
        read_indicator_sheet(path)


def test_no_header_says_what_was_looked_for(tmp_path):
    path = write_rows(tmp_path / "x.xlsx", [["名称", "金额"], ["办公费", 3]])
    with pytest.raises(ImportError_) as exc:
        read_indicator_sheet(path)
    assert "找不到表头" in str(exc.value)
    assert "一级指标" in str(exc.value) and "分值" in str(exc.value)


def test_header_without_rows(tmp_path):
    path = write_rows(tmp_path / "x.xlsx", [["一级指标", "二级指标", "分值", "得分"]])
    with pytest.raises(ImportError_, match="第 1 行）下面没有指标"):
        read_indicator_sheet(path)


def test_one_weight_column_belongs_to_the_deepest_level(tmp_path):
    # Spaces and line breaks inside header cells; level cells left empty mean "same as above".
    # By hand: 决策 = 6 + 4 = 10 (score 5 + 4 = 9); 效益 = 90 (score 81.5); total 90.50 → 优.
    rows = [
        ["一级\n指标", "二 级 指 标", "三级指标", "权重（分）", "得 分"],
        ["决策", "项目立项", "立项依据充分性", 6, 5],
        [None, None, "立项程序规范性", 4, 4],
        ["效益", "社会效益", "群众满意度", 90, 81.5],
    ]
    path = write_rows(tmp_path / "one.xlsx", rows)
    sheet = read_indicator_sheet(path)
    flat = _flat(sheet.specs)
    assert [(c, s.name, s.weight) for c, s in flat.items()] == [
        ("A", "决策", D(10)), ("A1", "项目立项", D(10)), ("A11", "立项依据充分性", D(6)),
        ("A12", "立项程序规范性", D(4)), ("B", "效益", D(90)), ("B1", "社会效益", D(90)),
        ("B11", "群众满意度", D(90))]
    project = import_sheet(path, tmp_path / "one.pfdesk")
    result = score_project(project)
    assert (result.total, result.grade) == (D("90.50"), "优")
    assert project.info.name == ""
    project.close()


def test_hierarchical_rows_with_one_weight_column(tmp_path):
    # Parent rows carry the parent's weight in the single 分值 column.
    rows = [
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["决策", None, None, 100, None],
        [None, "项目立项", None, 100, None],
        [None, None, "立项依据充分性", 60, 60],
        [None, None, "立项程序规范性", 40, 35],
    ]
    sheet = read_indicator_sheet(write_rows(tmp_path / "h.xlsx", rows))
    flat = _flat(sheet.specs)
    assert [(c, s.weight, s.score) for c, s in flat.items()] == [
        ("A", D(100), None), ("A1", D(100), None), ("A11", D(60), D(60)), ("A12", D(40), D(35))]


def test_partial_codes_are_kept_with_a_warning(tmp_path):
    rows = [
        ["一级指标", "二级指标", "分值", "得分"],
        ["A决策", "A1项目立项", 50, 50],
        [None, "绩效目标", 50, 40],
    ]
    sheet = read_indicator_sheet(write_rows(tmp_path / "c.xlsx", rows))
    assert [(s.code, s.name) for s in sheet.specs[0].walk()] == [
        ("A", "决策"), ("A1", "项目立项"), ("", "绩效目标")]
    assert any("1 个指标没有编号（第 3 行）" in w for w in sheet.warnings)


def test_level1_code_inferred_from_children(tmp_path):
    rows = [
        ["一级指标", "二级指标", "分值", "得分"],
        ["决策", "A1项目立项", 50, 50],
        [None, "A2绩效目标", 50, 40],
    ]
    sheet = read_indicator_sheet(write_rows(tmp_path / "c.xlsx", rows))
    assert [(s.code, s.name) for s in sheet.specs[0].walk()] == [
        ("A", "决策"), ("A1", "项目立项"), ("A2", "绩效目标")]
    assert sheet.warnings == []


def test_sheet_total_disagreeing_is_a_warning(tmp_path):
    rows = _road_rows()
    rows[7][7] = 74.8  # the sheet's own total; the items add up to 72.8
    sheet = read_indicator_sheet(write_rows(tmp_path / "t.xlsx", rows, merges=_ROAD_MERGES))
    assert any("第 8 行合计得分 74.8 分与各项得分之和 72.80 分不一致" in w for w in sheet.warnings)


def test_empty_level_after_new_parent_is_an_error(tmp_path):
    rows = [
        ["一级指标", "二级指标", "三级指标", "分值", "得分"],
        ["决策", "项目立项", "立项依据充分性", 50, 50],
        ["产出", None, "实际完成率", 50, 40],
    ]
    with pytest.raises(ImportError_, match=r"第 3 行 B 列：二级指标为空"):
        read_indicator_sheet(write_rows(tmp_path / "e.xlsx", rows))


def test_not_applicable_and_unscored(tmp_path):
    rows = [
        ["一级指标", "二级指标", "分值", "得分", "扣分说明"],
        ["决策", "立项", 50, "不适用", None],
        [None, "目标", 30, None, "尚未核实"],
        [None, "资金", 20, "18分", "预算偏差"],
    ]
    flat = _flat(read_indicator_sheet(write_rows(tmp_path / "n.xlsx", rows)).specs)
    assert (flat["A1"].not_applicable, flat["A1"].score) == (True, None)
    assert (flat["A2"].score, flat["A2"].status, flat["A2"].analysis) == (None, "未评", "尚未核实")
    assert (flat["A3"].score, flat["A3"].deductions[0].points) == (D(18), D(2))


def test_import_refuses_existing_file_and_leaves_nothing_on_failure(tmp_path, road):
    out = tmp_path / "taken.pfdesk"
    out.write_bytes(b"keep me")
    with pytest.raises(ImportError_, match="已存在"):
        import_sheet(road, out)
    assert out.read_bytes() == b"keep me"
    rows = _road_rows()
    rows[3][7] = "优"
    bad = write_rows(tmp_path / "bad.xlsx", rows, merges=_ROAD_MERGES)
    target = tmp_path / "new.pfdesk"
    with pytest.raises(ImportError_):
        import_sheet(bad, target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "road.xlsx", "taken.pfdesk"]


def test_failure_while_writing_removes_the_new_file(tmp_path, road, monkeypatch):
    from pfdesk.project import Project

    real_apply = Project.apply

    def broken(self, edit, **kwargs):
        if edit.label.startswith("从"):
            raise RuntimeError("disk full")
        return real_apply(self, edit, **kwargs)

    monkeypatch.setattr(Project, "apply", broken)
    with pytest.raises(RuntimeError):
        import_sheet(road, tmp_path / "new.pfdesk")
    assert not (tmp_path / "new.pfdesk").exists()
    assert not (tmp_path / "new.pfdesk-journal").exists()


def test_row_cap(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["一级指标", "二级指标", "分值", "得分"])
    ws.append(["决策", "立项", 100, 90])
    ws.cell(20_001, 1, "x")
    path = tmp_path / "big.xlsx"
    book.save(path)
    with pytest.raises(ImportError_, match="超过 20000 行"):
        read_indicator_sheet(path)


def _seed002_rows():
    """Seed 002's 绩效评价指标评分 table: an empty first column, no codes, a 总分 row, then notes.

    By hand: 项目决策 4+3+5+2+6 = 20 of 20; 项目管理 3+2+5+3+1+8 = 22 of 25;
    项目绩效 4+3+3+3+7+8+7+8+7 = 50 of 55; total 92 → 优.
    """
    head = [None, "一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分"]
    data = [
        ("项目决策", 20, "项目目标", 4, "目标内容", 4, 4), (None, None, "决策过程", 8, "决策依据", 3, 3),
        (None, None, None, None, "决策程序", 5, 5), (None, None, "资金分配", 8, "分配办法", 2, 2),
        (None, None, None, None, "分配结果", 6, 6), ("项目管理", 25, "资金到位", 5, "到位率", 3, 3),
        (None, None, None, None, "到位时效", 2, 2), (None, None, "资金管理", 10, "资金使用", 7, 5),
        (None, None, None, None, "财务管理", 3, 3), (None, None, "组织实施", 10, "组织机构", 1, 1),
        (None, None, None, None, "管理制度", 9, 8), ("项目绩效", 55, "项目产出", 15, "产出数量", 5, 4),
        (None, None, None, None, "产出质量", 4, 3), (None, None, None, None, "产出时效", 3, 3),
        (None, None, None, None, "产出成本", 3, 3), (None, None, "项目效益", 40, "经济效益", 8, 7),
        (None, None, None, None, "社会效益", 8, 8), (None, None, None, None, "环境效益", 8, 7),
        (None, None, None, None, "可持续影响", 8, 8), (None, None, None, None, "服务对象满意度", 8, 7),
    ]
    rows = [["二、绩效评价指标评分"], head] + [[None, *values] for values in data]
    rows.append([None, "总分", 100, None, 100, None, 100, 92])
    rows.append([None, "评价等级", None, None, None, None, None, "优"])
    rows.append([None, "注：评分人签字后生效"])
    rows.append([None, "评分人：李四"])
    return rows


def test_seed002_sheet_without_codes(tmp_path):
    path = write_rows(tmp_path / "s2.xlsx", _seed002_rows(), title="附件1-2")
    sheet = read_indicator_sheet(path)
    assert sheet.warnings == []
    assert sheet.project_name == ""
    flat = _flat(sheet.specs)
    assert [(s.code, s.name) for s in sheet.specs] == [("A", "项目决策"), ("B", "项目管理"),
                                                       ("C", "项目绩效")]
    assert (flat["A2"].name, flat["A21"].name, flat["A22"].name) == ("决策过程", "决策依据", "决策程序")
    assert (flat["C2"].name, flat["C25"].name, flat["C25"].weight) == ("项目效益", "服务对象满意度", D(8))
    project = import_sheet(path, tmp_path / "s2.pfdesk")
    result = score_project(project)
    assert {n.code: n.score for n in result.level1()} == {"A": D(20), "B": D(22), "C": D(50)}
    assert (result.total, result.grade) == (D("92.00"), "优")
    project.close()


def test_zip_bomb_guard(tmp_path, monkeypatch):
    from pfdesk.importer import package

    path = write_seed004_sheet(tmp_path / "s.xlsx")
    monkeypatch.setattr(package, "MAX_UNPACKED", 1000)
    with pytest.raises(ImportError_, match="解压后超过"):
        read_indicator_sheet(path)


def test_encrypted_or_ole_xlsx(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    with pytest.raises(ImportError_, match="打开密码"):
        read_indicator_sheet(path)


def _rewrite_sheet_xml(src, dst, change):
    """Copy an .xlsx, passing the first worksheet's XML through ``change``."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            zout.writestr(item, data)
    return dst


def test_huge_merged_range_is_refused_before_loading(tmp_path):
    small = write_rows(tmp_path / "m.xlsx", [["一级指标", "分值"], ["决策", 100]], merges=["A5:B6"])
    huge = _rewrite_sheet_xml(small, tmp_path / "huge.xlsx",
                              lambda xml: xml.replace(b'ref="A5:B6"', b'ref="A5:XFD1048576"'))
    with pytest.raises(ImportError_, match="合并单元格范围过大"):
        read_indicator_sheet(huge)


def test_entity_expansion_is_refused(tmp_path):
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY e0 "lol">{entities}]>'.encode()
    src = write_seed004_sheet(tmp_path / "s.xlsx")

    def plant(xml):
        return doctype + xml.replace(b"<t>", b"<t>&e9;", 1)

    bad = _rewrite_sheet_xml(src, tmp_path / "lol.xlsx", plant)
    with pytest.raises(ImportError_, match="文档类型声明（DTD）"):
        read_indicator_sheet(bad)


def test_scores_per_level_are_compared_with_the_leaves(tmp_path):
    # 决策's own 得分 says 45 but its leaves give 30 + 10 = 40: a warning; the leaves count.
    rows = [
        ["一级指标", "分值", "得分", "二级指标", "分值", "得分"],
        ["决策", 50, 45, "立项", 30, 30],
        [None, None, None, "目标", 20, 10],
        ["产出", 50, 50, "数量", 50, 50],
    ]
    path = write_rows(tmp_path / "p.xlsx", rows, merges=["A2:A3", "B2:B3", "C2:C3"])
    sheet = read_indicator_sheet(path)
    assert sheet.warnings == ["工作表“评分表”第 2 行 C 列：“决策”的得分 45 分与下级指标得分之和 40 分"
                              "不一致，以下级指标得分为准"]
    flat = _flat(sheet.specs)
    assert (flat["A"].score, flat["A1"].score, flat["A2"].score) == (None, D(30), D(10))


def test_leaf_merged_over_two_rows_is_one_indicator(tmp_path):
    # A11 spans rows 2-3 (its criteria continue on row 3); its weight and score cells are merged too.
    rows = [
        ["一级指标", "三级指标", "分值", "评分要点", "得分"],
        ["A决策", "A11立项依据充分性", 60, "①符合规划", 50],
        [None, None, None, "②符合职责", None],
        [None, "A12立项程序规范性", 40, "程序规范", 40],
    ]
    path = write_rows(tmp_path / "m.xlsx", rows, merges=["A2:A4", "B2:B3", "C2:C3", "E2:E3"])
    sheet = read_indicator_sheet(path)
    assert sheet.warnings == []
    flat = _flat(sheet.specs)
    assert list(flat) == ["A", "A11", "A12"]
    assert (flat["A11"].weight, flat["A11"].score, flat["A11"].criteria) == (
        D(60), D(50), "①符合规划\n②符合职责")


def test_section_totals_and_a_signature_row(tmp_path):
    # A 合计 row after each dimension (as seed 004's section tables); the second one is wrong
    # (says 45, 产出's leaves give 38 + 9 = 47). The signature row after the last total ends the table.
    rows = [
        ["一级指标", "二级指标", "分值", "得分"],
        ["A决策", "A1立项", 50, 40],
        ["合计", None, 50, 40],
        ["B产出", "B1数量", 40, 38],
        [None, "B2质量", 10, 9],
        ["合计", None, 50, 45],
        ["评分人：李四"],
    ]
    path = write_rows(tmp_path / "sec.xlsx", rows, merges=["A4:A5"])
    sheet = read_indicator_sheet(path)
    assert [s.code for t in sheet.specs for s in t.walk()] == ["A", "A1", "B", "B1", "B2"]
    assert sheet.warnings == ["工作表“评分表”第 6 行合计得分 45 分与“产出”的得分 47 分不一致，"
                              "以各项得分为准"]


def test_a_score_of_three_decimals_is_rounded_and_the_warning_quotes_the_cell(tmp_path):
    rows = _road_rows()
    rows[5][7] = 28.375            # B11: 28.375 → 28.38 (half up)
    rows[7][7] = None
    sheet = read_indicator_sheet(write_rows(tmp_path / "t.xlsx", rows, merges=_ROAD_MERGES))
    assert any("第 6 行 H 列的 28.375 已按两位小数取 28.38" in w for w in sheet.warnings), \
        sheet.warnings
