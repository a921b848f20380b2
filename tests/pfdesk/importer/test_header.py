"""Header rows: column names the way firms write them, which level a weight belongs to, titles."""

from __future__ import annotations

import pytest

from pfdesk.errors import ImportError_
from pfdesk.importer.header import find_header, find_title, project_name, role_of
from pfdesk.importer.workbook import Grid


def _grid(rows, merges=()):
    grid = Grid(sheet="表1")
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                grid.values[(r, c)] = value
                grid.max_row, grid.max_col = max(grid.max_row, r), max(grid.max_col, c)
    for top, left, bottom, right in merges:
        grid.spans[(top, left)] = (top, bottom)
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    grid.origin_of[(r, c)] = (top, left)
    return grid


@pytest.mark.parametrize(("label", "role"), [
    ("一级指标", ("level", 1)), ("三级", ("level", 3)), ("分值", ("weight", 0)),
    ("权重", ("weight", 0)), ("指标分值", ("weight", 0)), ("得分", ("score", 0)),
    ("评分", ("score", 0)), ("评分标准", ("criteria", 0)), ("评价要点", ("criteria", 0)),
    ("评分要点", ("criteria", 0)), ("扣分原因", ("reason", 0)), ("评分依据", ("reason", 0)),
    ("扣分说明", ("reason", 0)), ("指标解释", ("explanation", 0)), ("指标值", ("target", 0)),
    ("目标值", ("target", 0)), ("实际完成值", ("actual", 0)), ("实际值", ("actual", 0)),
    ("得分率", ("", 0)), ("备注", ("", 0)),
])
def test_roles(label, role):
    assert role_of(label) == role


def test_weights_belong_to_the_level_on_their_left():
    grid = _grid([["标题"], ["一级指标", "分值", "二级指标", "分值", "三级指标", "分值", "得分",
                           "扣分原因"]])
    header = find_header(grid)
    assert header.row == 2
    assert header.level_cols == [1, 3, 5]
    assert header.weight_cols == {1: 2, 2: 4, 3: 6}
    assert header.score_cols == {3: 7}
    assert header.text_cols == {"reason": 8}


def test_single_weight_column_left_of_deepest_level_still_belongs_to_it():
    header = find_header(_grid([["一级指标", "分值", "二级指标", "三级指标", "得分"]]))
    assert header.weight_cols == {3: 2}


def test_two_row_header_with_vertical_merges():
    rows = [["评价指标", None, None, "分值", "得分"], ["一级指标", "二级指标", "三级指标"]]
    grid = _grid(rows, merges=[(1, 1, 1, 3), (1, 4, 2, 4), (1, 5, 2, 5)])
    header = find_header(grid)
    assert (header.row, header.level_cols, header.weight_cols, header.score_cols) == (
        2, [1, 2, 3], {3: 4}, {3: 5})


def test_missing_weight_column():
    with pytest.raises(ImportError_, match="第 1 行有指标列，但找不到“分值”或“权重”列"):
        find_header(_grid([["一级指标", "二级指标", "得分"]]))


@pytest.mark.parametrize(("title", "name"), [
    ("上城区基层治理项目绩效评价指标评分表", "上城区基层治理项目"),
    ("附件1：某某项目绩效评价评分表", "某某项目"),
    ("附件1-3 某某项目绩效评价指标体系及评分表", "某某项目"),
    ("绩效评价指标评分表", ""),
    ("指标评分表", ""),
    ("二、绩效评价指标评分", ""),
    ("（一）某某项目评分表", "某某项目"),
])
def test_project_name(title, name):
    assert project_name(title) == name


def test_title_with_project_name_field():
    grid = _grid([["绩效评价评分表"], ["项目名称：某某道路养护项目"], ["一级指标", "分值"]])
    assert find_title(grid, 3) == ("项目名称：某某道路养护项目", "某某道路养护项目")
