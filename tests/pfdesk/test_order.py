"""Ordering keys: always room between two rows, short keys, and a move or insert writes one row."""

from __future__ import annotations

import random
from decimal import Decimal as D

import pytest

from pfdesk import commands, order
from pfdesk.model import Indicator, ProjectInfo, Target
from pfdesk.project import Project
from pfdesk.tree import IndicatorSpec


@pytest.mark.parametrize("low, high", [
    (None, None), (None, "V"), ("V", None), ("1", "2"), ("1", "11"), ("V", "V1"),
    ("0000000003V", "0000000004V"), ("a", "b"), ("zz", None), (None, "01"), ("y", "z"),
    ("Vzzz", "W"),
])
def test_between_is_strictly_between(low, high):
    key = order.between(low, high)
    assert order.valid(key)
    assert low is None or low < key
    assert high is None or key < high


def test_between_keeps_finding_room_when_halving_again_and_again():
    rng = random.Random(4)
    keys = [order.between(None, None)]
    for _ in range(2000):
        index = rng.randrange(len(keys) + 1)
        keys.insert(index, order.at(keys, index))
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(order.valid(k) for k in keys)


@pytest.mark.parametrize("count", [1, 2, 61, 62, 5000])
def test_spread_is_sorted_unique_and_short(count):
    keys = order.spread(count)
    assert len(keys) == count
    assert keys == sorted(keys) and len(set(keys)) == count
    assert all(order.valid(k) for k in keys)
    assert max(len(k) for k in keys) <= 3


def test_spread_between_bounds():
    keys = order.spread(100, "1", "2")
    assert keys == sorted(keys) and len(set(keys)) == 100
    assert all("1" < k < "2" and order.valid(k) for k in keys)
    assert order.spread(0) == [] and order.spread(0, "1", "2") == []


def test_after_stays_short_over_many_appends():
    keys: list[str] = []
    for _ in range(500):
        keys.append(order.after(keys))
    assert keys == sorted(keys) and len(set(keys)) == 500
    assert all(order.valid(k) for k in keys)
    assert max(len(k) for k in keys) <= 20


def test_after_follows_the_largest_key_even_unsorted():
    key = order.after(["W", "1", "B"])
    assert key > "W" and order.valid(key)


@pytest.mark.parametrize("key", ["", "V0", "0", "a-b", "排序", "V ", "1.5"])
def test_invalid_keys_are_refused(key):
    assert not order.valid(key)
    with pytest.raises(ValueError):
        order.between(key, None)
    with pytest.raises(ValueError):
        order.between(None, key)


def test_bounds_out_of_order_are_refused():
    with pytest.raises(ValueError):
        order.between("W", "V")
    with pytest.raises(ValueError):
        order.between("V", "V")


@pytest.mark.parametrize("keys, index", [
    (["V", "V"], 1), (["V", "V", "V"], 2), (["V", "V"], 0), (["V", "V"], 2), (["W", "V"], 1),
])
def test_at_with_equal_or_disordered_neighbours(keys, index):
    key = order.at(keys, index)
    assert order.valid(key)
    if index > 0:
        assert key > keys[index - 1]
    if index == 0:
        assert key < keys[0]


@pytest.mark.parametrize("index", [0, 1, 3, 5, 99, -4])
def test_at_places_the_key_at_the_index(index):
    keys = order.spread(5)
    key = order.at(keys, index)
    placed = sorted([*keys, key])
    assert placed.index(key) == max(0, min(index, 5))


# ----- the commands write one row -----

def _five_siblings() -> tuple[Project, str]:
    project = Project.create(None, ProjectInfo(name="排序"), user="测试")
    root = IndicatorSpec(code="A", name="决策", weight=D(100), children=[
        IndicatorSpec(code=f"A{n}", name=f"第{n}项", weight=D(20)) for n in range(1, 6)])
    project.apply(commands.add_indicator(project, None, 0, root))
    return project, project.by_code("A").id


def _indicator_writes(change) -> list:
    return [rc for rc in change.rows if rc.table == "indicator"]


def test_inserting_first_among_five_writes_only_the_new_row():
    project, parent = _five_siblings()
    before = {i.id: i.sort_key for i in project.indicators().values()}
    spec = IndicatorSpec(code="A0", name="新增", weight=D(0))
    change = project.apply(commands.add_indicator(project, parent, 0, spec))
    written = _indicator_writes(change)
    assert len(written) == 1
    assert written[0].before is None and written[0].after.code == "A0"
    assert [c.code for c in project.children(parent)] == ["A0", "A1", "A2", "A3", "A4", "A5"]
    assert {i: project.indicator(i).sort_key for i in before} == before
    project.close()


def test_moving_writes_one_update_of_the_moved_row():
    project, parent = _five_siblings()
    a5 = project.by_code("A5")
    edit = commands.move_indicator(project, a5.id, parent, 1)
    assert len(edit.ops) == 1
    change = project.apply(edit)
    assert [rc.id for rc in _indicator_writes(change)] == [a5.id]
    assert [c.code for c in project.children(parent)] == ["A1", "A5", "A2", "A3", "A4"]
    edit = commands.move_indicator(project, a5.id, None, 0)      # to the top level, first
    assert len(edit.ops) == 1
    project.apply(edit)
    assert [c.code for c in project.children(None)] == ["A5", "A"]
    project.close()


def test_moving_to_the_end_and_back_keeps_the_order():
    project, parent = _five_siblings()
    a1 = project.by_code("A1")
    project.apply(commands.move_indicator(project, a1.id, parent, 5))
    assert [c.code for c in project.children(parent)] == ["A2", "A3", "A4", "A5", "A1"]
    change = project.apply(commands.move_indicator(project, a1.id, parent, 0))
    assert len(_indicator_writes(change)) == 1
    assert [c.code for c in project.children(parent)] == ["A1", "A2", "A3", "A4", "A5"]
    assert all(order.valid(i.sort_key) for i in project.indicators().values())
    project.close()


def test_appended_rows_and_deductions_follow_each_other():
    project, _ = _five_siblings()
    names = [f"目标{n}" for n in range(40)]
    for name in names:
        change = project.apply(commands.add_row(project, Target(level3=name), "t"))
        assert len(change.rows) == 1
    assert [t.level3 for t in project.rows(Target)] == names
    leaf = project.by_code("A3")
    for n in range(1, 6):
        project.apply(commands.add_deduction(project, leaf.id, "0.5", f"理由{n}"))
    assert [d.reason for d in project.deductions(leaf.id)] == [f"理由{n}" for n in range(1, 6)]
    assert all(order.valid(d.sort_key) for d in project.deductions(leaf.id))
    project.close()


def test_children_with_equal_keys_still_take_an_insert_between_them():
    project, parent = _five_siblings()
    for kid in project.children(parent):         # as after merging two copies of a file
        project.apply(commands.set_fields(project, "indicator", kid.id, "t", sort_key="V"))
    codes = [c.code for c in project.children(parent)]
    spec = IndicatorSpec(code="A9", name="插入", weight=D(0))
    project.apply(commands.add_indicator(project, parent, 2, spec))
    assert [c.code for c in project.children(parent)].index("A9") >= 2
    assert [c.code for c in project.children(parent) if c.code != "A9"] == codes
    assert isinstance(project.by_code("A9"), Indicator)
    project.close()
