"""Hostile and broken spreadsheets: one line of Chinese as an ImportError_, bounded memory and time.

The cases are built by ``hostile`` (shared with the fuzzing harness). The big ones run in a child
process that measures its own peak memory for each case (``VmHWM`` reset between cases) under a
1 GB address-space limit and a 10 s alarm, so a regression fails quickly instead of eating the
machine.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import time
from decimal import Decimal as D
from pathlib import Path

import pytest

from pfdesk.errors import ImportError_
from pfdesk.importer import cells, read_indicator_sheet
from pfdesk.importer.workbook import read_first_sheet

from . import hostile

ROOT = Path(__file__).resolve().parents[3]
# Built from compressed repetitions: each expands to many MB or millions of elements.
HEAVY = ["merge_single_quoted", "sheet_at_odd_name", "sheet_at_absolute_odd_name", "many_merges",
         "many_cells", "many_text_cells", "huge_shared_string", "huge_attribute", "deep_nesting",
         "zip_bomb_lying", "zip_bomb_honest"]
# Millions of elements that keep nothing: the element caps are what stops them (about 1 µs per
# element, 2 s at the real caps); here they run in-process with the caps lowered.
MANY_ELEMENTS = ["many_rows", "many_shared_strings"]
LIGHT = [name for name in hostile.HOSTILE if name not in HEAVY]
MAX_MB = 300
MAX_SECONDS = 10


def _write(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}{hostile.SUFFIXES.get(name, '.xlsx')}"
    path.write_bytes(hostile.HOSTILE[name]())
    return path


def _check_outcome(name: str, outcome: str) -> None:
    expected = hostile.EXPECTED[name]
    if expected is None:
        assert outcome.startswith("OK"), outcome
    else:
        assert outcome.startswith("ImportError_: "), outcome
        message = outcome.removeprefix("ImportError_: ")
        assert "\n" not in message
        assert re.search(expected, message), message


@pytest.mark.parametrize("name", LIGHT)
def test_light_hostile_case(tmp_path, monkeypatch, name):
    if name in MANY_ELEMENTS:
        from pfdesk.importer import bookxml, sheetxml

        monkeypatch.setattr(sheetxml.SheetReader, "max_elements", 300_000)
        monkeypatch.setattr(bookxml.SharedStringsReader, "max_elements", 300_000)
    path = _write(tmp_path, name)
    start = time.monotonic()
    try:
        sheet = read_indicator_sheet(path)
        outcome = f"OK {sheet.count()}"
    except ImportError_ as exc:
        outcome = f"ImportError_: {exc}"
    assert time.monotonic() - start < 2
    _check_outcome(name, outcome)


_CHILD = r"""
import json, resource, signal, sys, time
from pathlib import Path
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from pfdesk.errors import ImportError_
from pfdesk.importer import read_indicator_sheet

def alarm(*_):
    raise TimeoutError("too slow")

def peak_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) // 1024

signal.signal(signal.SIGALRM, alarm)
for path in sys.argv[1:]:
    with open("/proc/self/clear_refs", "w") as handle:
        handle.write("5")
    start = time.monotonic()
    signal.alarm(20)
    try:
        sheet = read_indicator_sheet(path)
        outcome = "OK %d" % sheet.count()
    except ImportError_ as exc:
        outcome = "ImportError_: %s" % exc
    except BaseException as exc:
        outcome = "%s: %s" % (type(exc).__name__, str(exc)[:200])
    signal.alarm(0)
    print(json.dumps({"path": path, "outcome": outcome, "mb": peak_mb(),
                      "seconds": round(time.monotonic() - start, 2)}), flush=True)
"""


def _run_child(paths: list[Path]) -> dict[str, dict[str, object]]:
    done = subprocess.run([sys.executable, "-c", _CHILD, *map(str, paths)], cwd=ROOT, text=True,
                          capture_output=True, timeout=60 + 20 * len(paths))
    results = {}
    for line in done.stdout.splitlines():
        row = json.loads(line)
        results[Path(row["path"]).stem] = row
    missing = [p.stem for p in paths if p.stem not in results]
    assert not missing, f"child died on {missing}: {done.stderr[-500:]}"
    return results


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="peak memory read from /proc")
def test_heavy_hostile_cases_stay_small_and_fast(tmp_path):
    paths = [_write(tmp_path, name) for name in HEAVY]
    legit = tmp_path / "legit_large.xlsx"
    legit.write_bytes(hostile.legit_large(5000))
    results = _run_child([*paths, legit])
    for name, row in results.items():
        print(name, row["mb"], "MB", row["seconds"], "s", row["outcome"][:60])
    failures = []
    for name in HEAVY:
        row = results[name]
        try:
            _check_outcome(name, str(row["outcome"]))
        except AssertionError as exc:
            failures.append(f"{name}: {exc}")
        if row["mb"] > MAX_MB or row["seconds"] > MAX_SECONDS:  # type: ignore[operator]
            failures.append(f"{name}: {row['mb']} MB, {row['seconds']} s")
    assert not failures, "\n".join(failures)
    legit_row = results["legit_large"]
    assert legit_row["outcome"] == "OK 5050"
    assert legit_row["mb"] < MAX_MB and legit_row["seconds"] < MAX_SECONDS  # type: ignore[operator]


def test_large_legit_sheet_values(tmp_path):
    # By hand: 50 dimensions × 100 leaves of 0.02 points = 2 points each, 100 in all; scores
    # alternate 0.02 / 0.01, so each dimension scores 50 × 0.02 + 50 × 0.01 = 1.5, 75 in all.
    path = tmp_path / "big.xlsx"
    path.write_bytes(hostile.legit_large(5000))
    sheet = read_indicator_sheet(path)
    assert len(sheet.specs) == 50
    assert {spec.weight for spec in sheet.specs} == {D(2)}
    leaves = [leaf for spec in sheet.specs for leaf in spec.walk() if not leaf.children]
    assert len(leaves) == 5000
    assert sum(leaf.score for leaf in leaves) == D(75)
    assert leaves[1].deductions[0].reason == "部分资料缺少佐证，扣减一半分值"


# ----- the file itself -----

def test_folder_missing_and_unreadable(tmp_path, monkeypatch):
    with pytest.raises(ImportError_, match=r"是文件夹，不是 \.xlsx 文件"):
        read_first_sheet(tmp_path)
    with pytest.raises(ImportError_, match="找不到文件"):
        read_first_sheet(tmp_path / "nothing.xlsx")
    path = tmp_path / "locked.xlsx"
    path.write_bytes(hostile.base())

    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(ImportError_, match=r"无法读取 locked.xlsx（没有读取权限）：请检查文件权限"):
        read_first_sheet(path)


def test_csv_in_gbk_renamed(tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_bytes("一级指标,二级指标,分值\n决策,立项,100\n".encode("gb18030"))
    with pytest.raises(ImportError_, match=r"表.xlsx 是文本文件（可能是 CSV）"):
        read_first_sheet(path)


def test_messages_name_the_cell_in_one_line(tmp_path):
    rows = [list(r) for r in hostile.BASE_ROWS]
    rows[1][3] = "五十\n分" + "很" * 200
    path = tmp_path / "x.xlsx"
    path.write_bytes(hostile.workbook_of(rows, hostile.BASE_MERGES))
    with pytest.raises(ImportError_) as exc:
        read_indicator_sheet(path)
    message = str(exc.value)
    assert message.startswith("工作表“评分表”第 2 行 D 列：“五十 分很很")
    assert "\n" not in message and len(message) < 80


# ----- what the reader makes of cells -----

def _grid_of(tmp_path, sheet_data: str, strings: bytes | None = None, **kwargs):
    sheet = (f'<worksheet xmlns="{hostile.MAIN}"><sheetData>{sheet_data}</sheetData>'
             f'{kwargs.pop("tail", "")}</worksheet>').encode()
    path = tmp_path / "g.xlsx"
    path.write_bytes(hostile.package(sheet, strings_part=strings, **kwargs))
    return read_first_sheet(path)


def test_cell_values(tmp_path):
    # Numbers are the Decimal Excel wrote; style 1 is a yyyy-mm-dd date (serial 43831 = 2020-01-01),
    # style 2 built-in format 14 (a date too); inline strings, booleans, errors, escapes, no 'r'.
    strings = (f'<sst xmlns="{hostile.MAIN}"><si><t>a_x000D__x005F_x0041_</t></si><si><r><t>立项</t></r>'
               "<r><t>依据</t></r><rPh><t>りっこう</t></rPh></si><si><t>  </t></si></sst>").encode()
    grid = _grid_of(tmp_path, (
        '<row r="1"><c r="A1"><v>0.30000000000000004</v></c><c r="B1" s="1"><v>43831</v></c>'
        '<c r="C1" s="2"><v>43832</v></c><c r="D1" t="inlineStr"><is><t> 决策 </t></is></c>'
        '<c r="E1" t="b"><v>1</v></c><c r="F1" t="e"><v>#N/A</v></c><c r="G1" t="s"><v>0</v></c></row>'
        '<row><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c><f>1+1</f></c><c t="str"><v>2</v></c></row>'),
        strings)
    assert grid.values[(1, 1)] == D("0.30000000000000004")
    assert str(grid.values[(1, 2)]) == "2020-01-01 00:00:00"
    assert str(grid.values[(1, 3)]) == "2020-01-02 00:00:00"
    assert (grid.values[(1, 4)], grid.values[(1, 5)], grid.values[(1, 6)]) == ("决策", True, "#N/A")
    assert grid.values[(1, 7)] == "a\r_x0041_"
    assert grid.values[(2, 1)] == "立项依据"
    assert (2, 2) not in grid.values and (2, 3) not in grid.values
    assert grid.values[(2, 4)] == "2"
    assert cells.number(grid.values[(1, 1)]) == (D("0.3"), False)
    with pytest.raises(cells.CellError):
        cells.number(grid.values[(1, 2)])


def test_sheet_found_through_relationships_whatever_its_name(tmp_path):
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>一级指标</t></is></c></row>'
    grid = _grid_of(tmp_path, rows, sheet_part="Data/Odd Name.bin")
    assert grid.values == {(1, 1): "一级指标"}


def test_merges_clip_to_the_content(tmp_path):
    rows = ('<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row>'
            '<row r="2"><c r="B2"><v>3</v></c></row>')
    grid = _grid_of(tmp_path, rows, tail='<mergeCells><mergeCell ref="B1:D5"/></mergeCells>')
    assert (grid.max_row, grid.max_col) == (2, 3)
    assert grid.rows_spanned(1, 2) == 2
    assert grid.value(2, 3) is None  # B1 (empty) shows everywhere in B1:C2
    assert grid.origin(2, 3) == (1, 2)


def test_numbers_beyond_range_are_cell_errors():
    for value in (D("1E+30"), D("1E+12"), "9" * 40, 10**15, D("NaN"), float("inf")):
        with pytest.raises(cells.CellError):
            cells.number(value)
    assert cells.number(D("999999999999.99")) == (D("999999999999.99"), False)
    assert cells.number(D("0.30000000000000004")) == (D("0.3"), False)
    assert cells.text(D("1E+30")) == "1E+30"
    assert cells.text(D("2.50")) == "2.5"
    assert cells.text(1e300) == "1e+300"


# ----- random damage -----

def test_random_damage_gives_only_import_errors(tmp_path):
    rng = random.Random(7)
    start = time.monotonic()
    seeds = [hostile.base(), hostile.workbook_of([["一级指标", "分值", "得分"], ["决策", 100, 90]])]
    path = tmp_path / "m.xlsx"
    for _ in range(150):
        data = rng.choice(seeds)
        for _ in range(rng.randint(1, 3)):
            data = hostile.mutate_xlsx(data, rng)
        path.write_bytes(data)
        try:
            read_indicator_sheet(path)
        except ImportError_ as exc:
            assert "\n" not in str(exc)
    assert time.monotonic() - start < 10


def test_relationship_targets_resolve_to_part_names():
    from pfdesk.importer.package import resolve

    assert resolve("xl", "worksheets/sheet1.xml") == "xl/worksheets/sheet1.xml"
    assert resolve("xl", "../xl/./worksheets/%20a.xml") == "xl/worksheets/ a.xml"
    assert resolve("xl", "/Custom/s.xml") == "Custom/s.xml"
    assert resolve("", "../../etc/passwd") == "etc/passwd"
    assert resolve("xl", "worksheets\\sheet2.xml") == "xl/worksheets/sheet2.xml"


def test_first_worksheet_is_read_after_a_chart_sheet(tmp_path):
    book = (f'<workbook xmlns="{hostile.MAIN}" xmlns:r="{hostile.REL}"><sheets>'
            '<sheet name="图表" sheetId="2" r:id="rId9"/><sheet name="指标" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>").encode()
    rels = (f'<Relationships xmlns="{hostile.PKG}"><Relationship Id="rId9" Type="{hostile.REL}/'
            'chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="rId1" Type="'
            f'{hostile.REL}/worksheet" Target="WORKSHEETS/SHEET1.XML"/></Relationships>').encode()
    sheet = (f'<worksheet xmlns="{hostile.MAIN}"><sheetData><row r="1"><c r="B1"><v>7</v></c></row>'
             "</sheetData></worksheet>").encode()
    path = tmp_path / "c.xlsx"
    path.write_bytes(hostile.package(sheet, workbook=book, extra={"xl/_rels/workbook.xml.rels": rels}))
    grid = read_first_sheet(path)
    assert (grid.sheet, grid.values) == ("指标", {(1, 2): D(7)})
