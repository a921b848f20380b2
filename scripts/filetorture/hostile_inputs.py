"""Hostile dumps for ``pfdesk load`` and hostile spreadsheets for ``pfdesk import``.

Spreadsheets come from ``tests/pfdesk/importer/hostile.py`` (``HOSTILE`` builders and
``mutate_xlsx(data, rng)``) when that module is present; the zip and XML mutations here are
used besides it (and alone when it is absent).
"""

from __future__ import annotations

import copy
import functools
import io
import json
import random
import re
import sys
import zipfile
from collections.abc import Callable
from typing import Any

from .common import REPO
from .mutators import Case, Ctx

# ----- dumps -----


def _rows(data: dict[str, Any], table: str) -> list[dict[str, Any]]:
    return data["tables"].setdefault(table, [])


def _chain(data: dict[str, Any], depth: int) -> str:
    rows = _rows(data, "indicator")
    parent = None
    for i in range(depth):
        rows.append({"id": f"deep-{i}", "parent_id": parent, "sort_key": "V", "code": f"Z{i}",
                     "name": f"深{i}", "weight": "1"})
        parent = f"deep-{i}"
    return f"chain of {depth} indicators"


def _set_field(rng: random.Random, data: dict[str, Any], value: object,
               table: str | None = None, column: str | None = None) -> str:
    tables = [t for t, rows in data["tables"].items() if rows]
    table = table or rng.choice(tables)
    rows = _rows(data, table)
    if not rows:
        rows.append({"id": "fresh"})
    row = rng.choice(rows)
    column = column or rng.choice(sorted(row))
    row[column] = value
    return f"{table}.{column} = {str(value)[:40]!r}"


JSON_VALUES: list[object] = [None, True, 1.5, -1, 2**70, [], {}, [1, [2]], "", "x" * 10,
                             {"$ref": "#"}, 1e308, -0.0]


def _dump_variants(rng: random.Random, data: dict[str, Any]) -> tuple[str, str | bytes]:
    """A hostile variant of a parsed dump: (description, file content)."""
    how = rng.choice(["deep nesting", "deep nesting in a row", "huge numbers", "huge int literal",
                      "wrong types", "wrong types", "duplicate ids", "cycle", "orphan",
                      "chain", "project rows", "unknown names", "encoding", "strings",
                      "not a dump", "nan literals", "duplicate keys", "many rows"])
    text: str | None = None
    if how == "deep nesting":
        depth = rng.choice([1000, 100_000, 1_000_000])
        return f"{how} {depth}", "[" * depth + "]" * depth
    if how == "deep nesting in a row":
        depth = rng.choice([5000, 200_000])
        base = json.dumps(data, ensure_ascii=False)
        return f"{how} {depth}", base.replace('"name": ', '"name": ' + "[" * depth + "1"
                                              + "]" * depth + ', "x": ', 1)
    if how == "huge numbers":
        value = rng.choice(["1e999", "-1e999", "1e30", "NaN", "1E+999999999", "0.1e-9999",
                            "12345678901234567890", "-0"])
        desc = _set_field(rng, data, value, "indicator", rng.choice(["weight", "score"]))
    elif how == "huge int literal":
        digits = rng.choice([4301, 10_000, 100_000])
        base = json.dumps(data, ensure_ascii=False)
        column = rng.choice(["sort_key", "weight", "schema_version"])
        pattern = {"sort_key": r'"sort_key": "[^"]*"', "weight": r'"weight": "[^"]*"',
                   "schema_version": r'"schema_version": \d+'}[column]
        return (f"{how} ({digits} digits) as {column}",
                re.sub(pattern, f'"{column}": ' + "9" * digits, base, count=1))
    elif how == "wrong types":
        target = rng.choice(["tables", "row", "field", "format", "version", "list"])
        if target == "tables":
            data["tables"] = rng.choice([[], "x", None, 5])
            desc = f"tables = {data['tables']!r}"
        elif target == "row":
            rows = _rows(data, rng.choice(list(data["tables"])))
            rows.append(rng.choice([[], "row", 5, None]))
            desc = "a row that is not an object"
        elif target == "format":
            data["format"] = rng.choice([None, 1, "pfdesk-dump2", ["pfdesk-dump"]])
            desc = f"format = {data['format']!r}"
        elif target == "version":
            data["schema_version"] = rng.choice(["2", 1.5, True, -1, 2**64, None, 999])
            desc = f"schema_version = {data['schema_version']!r}"
        elif target == "list":
            data["tables"]["indicator"] = {"a": 1}
            desc = "indicator table is an object"
        else:
            desc = _set_field(rng, data, rng.choice(JSON_VALUES))
    elif how == "duplicate ids":
        table = rng.choice(["indicator", "narrative", "project", "deduction"])
        rows = _rows(data, table)
        if rows:
            twin = copy.deepcopy(rng.choice(rows))
            if rng.random() < 0.5 and "name" in twin:
                twin["name"] = "twin"
            rows.append(twin)
        desc = f"duplicate id in {table}"
    elif how == "cycle":
        inds = _rows(data, "indicator")
        a, b = rng.sample(inds, 2)
        if rng.random() < 0.5:
            a["parent_id"], b["parent_id"] = b["id"], a["id"]
            desc = "two-cycle of parents"
        else:
            a["parent_id"] = a["id"]
            desc = "indicator is its own parent"
    elif how == "orphan":
        spot = rng.choice([("indicator", "parent_id"), ("deduction", "indicator_id"),
                           ("finding_indicator", "finding_id"), ("finding", "problem_id")])
        desc = _set_field(rng, data, "missing-row", *spot)
    elif how == "chain":
        desc = _chain(data, rng.choice([13, 3000, 3000, 50_000]))
    elif how == "project rows":
        rows = _rows(data, "project")
        if rng.random() < 0.5:
            rows.clear()
            desc = "no project row"
        else:
            rows.append(dict(rows[0], id="p2"))
            desc = "two project rows"
    elif how == "unknown names":
        if rng.random() < 0.5:
            data["tables"]["evil"] = [{"id": "x"}]
            desc = "unknown table"
        else:
            desc = _set_field(rng, data, "x", "indicator", "sql")
    elif how == "encoding":
        enc = rng.choice(["utf-16", "latin-1 bytes", "bom", "nul"])
        body = json.dumps(data, ensure_ascii=False)
        if enc == "utf-16":
            return "UTF-16 text", body.encode("utf-16")
        if enc == "latin-1 bytes":
            raw = body.encode("utf-8")
            pos = rng.randrange(len(raw))
            return "invalid UTF-8 byte", raw[:pos] + b"\xff\xfe" + raw[pos:]
        if enc == "bom":
            return "BOM then JSON", "\ufeff" + body
        return "NUL in the middle", body[:100] + "\x00" + body[100:]
    elif how == "strings":
        value = rng.choice(["\ud800", "a\x00b", "x" * 10_000_000, "\u202e反向", "\x1b[2J",
                            "评" * 3_000_000])
        column = rng.choice(["name", "code", "analysis", "id"])
        desc = _set_field(rng, data, value, "indicator", column)
        text = json.dumps(data, ensure_ascii=rng.random() < 0.5)
    elif how == "not a dump":
        return "not a dump", rng.choice(["", "null", "[]", "42", '"pfdesk-dump"', "{", "{}",
                                         '{"format": "pfdesk-dump"}'])
    elif how == "nan literals":
        base = json.dumps(data, ensure_ascii=False)
        literal = rng.choice(["NaN", "Infinity", "-Infinity"])
        return (f"{literal} literal as a sort key",
                re.sub(r'"sort_key": "[^"]*"', '"sort_key": ' + literal, base, count=1))
    elif how == "duplicate keys":
        base = json.dumps(data, ensure_ascii=False)
        return "duplicate keys in a row", base.replace('"id": ', '"id": 5, "id": ', 1)
    else:
        count = rng.choice([5000, 50_000])
        rows = _rows(data, "deduction")
        leaf = next(r["id"] for r in _rows(data, "indicator") if r.get("parent_id"))
        rows.extend({"id": f"d{i}", "indicator_id": leaf, "sort_key": f"{i:05d}V",
                     "points": "0.01", "reason": "r"} for i in range(count))
        desc = f"{count} extra deductions"
    if text is None:
        text = json.dumps(data, ensure_ascii=False, indent=rng.choice([None, 1]))
    return desc, text


def k_json(ctx: Ctx) -> Case:
    data = json.loads(ctx.seeds.dump_path.read_text(encoding="utf-8"))
    desc, content = _dump_variants(ctx.rng, data)
    target = ctx.case_dir / ctx.rng.choice(["dump.json", "导出 #1.json"])
    if isinstance(content, str):
        target.write_bytes(content.encode("utf-8", "surrogatepass"))
    else:
        target.write_bytes(content)
    return Case(kind=ctx.kind, variant=desc, role="dump", target=target.name)


# ----- spreadsheets -----

@functools.cache
def hostile_module() -> Any:
    """tests/pfdesk/importer/hostile.py if it exists (None otherwise)."""
    try:
        if str(REPO) not in sys.path:
            sys.path.insert(0, str(REPO))
        from tests.pfdesk.importer import hostile  # type: ignore[attr-defined]
    except Exception:  # absent or broken: use the local mutations
        return None
    return hostile


def _rezip(entries: list[tuple[str, bytes]], compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return out.getvalue()


def _entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


SHEET = "xl/worksheets/sheet1.xml"


def _edit_sheet(entries: list[tuple[str, bytes]], edit: Callable[[bytes], bytes]
                ) -> list[tuple[str, bytes]]:
    return [(n, edit(c) if n == SHEET else c) for n, c in entries]


def _xml_variant(rng: random.Random, entries: list[tuple[str, bytes]]) -> tuple[str, list[tuple[str, bytes]]]:
    how = rng.choice(["merge single-quoted", "merge huge", "dimension lie", "cell values",
                      "shared string index", "cell reference", "sheet elsewhere", "entities",
                      "external entity", "deep xml", "invalid utf-8", "drop part",
                      "duplicate entry", "many rows", "formula"])
    sheet_of = dict(entries)
    if how in ("merge single-quoted", "merge huge"):
        quote = "'" if how == "merge single-quoted" else '"'
        ref = rng.choice(["A40:Z300000", "A1:XFD1048576", "B2:B9999999"])
        merge = f"<mergeCells count={quote}1{quote}><mergeCell ref={quote}{ref}{quote}/></mergeCells>"

        def add_merge(xml: bytes) -> bytes:
            xml = re.sub(rb"<mergeCells.*?</mergeCells>", b"", xml, flags=re.S)
            return xml.replace(b"</sheetData>", b"</sheetData>" + merge.encode(), 1)
        return f"{how} {ref}", _edit_sheet(entries, add_merge)
    if how == "dimension lie":
        return how, _edit_sheet(entries, lambda x: re.sub(
            rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', x))
    if how == "cell values":
        value = rng.choice([b"1e30", b"NaN", b"inf", b"1e999", b"-0", b"1E+308", b"0x10",
                            b"99999999999999999999999", b"-1e-400"])

        def numbers(xml: bytes) -> bytes:
            return re.sub(rb"<v>(\d+(?:\.\d+)?)</v>", b"<v>" + value + b"</v>", xml,
                          count=rng.choice([1, 3, 1000]))
        return f"numeric cells = {value.decode()}", _edit_sheet(entries, numbers)
    if how == "shared string index":
        return how, _edit_sheet(entries, lambda x: re.sub(
            rb'(t="s"[^>]*><v>)\d+(</v>)', rb"\g<1>999999\2", x, count=1))
    if how == "cell reference":
        ref = rng.choice([b"XFD1048576", b"A0", b"A-5", b"ZZZZ1", b"A99999999999", b"1A"])
        return f"cell reference {ref.decode()}", _edit_sheet(entries, lambda x: re.sub(
            rb'<c r="[A-Z]+\d+"', b'<c r="' + ref + b'"', x, count=1))
    if how == "sheet elsewhere":
        moved = [("xl/s1.xml" if n == SHEET else n, c) for n, c in entries]
        moved = [(n, c.replace(b"worksheets/sheet1.xml", b"s1.xml")
                  .replace(b"/xl/worksheets/sheet1.xml", b"/xl/s1.xml")) for n, c in moved]
        ref = rng.choice(["A40:Z300000", "A1:Z99999"])

        def add_merge(xml: bytes) -> bytes:
            return xml.replace(b"</sheetData>", b"</sheetData><mergeCells count=\"1\">"
                               b"<mergeCell ref=\"" + ref.encode() + b"\"/></mergeCells>", 1)
        moved = [(n, add_merge(c) if n == "xl/s1.xml" else c) for n, c in moved]
        return f"sheet stored at xl/s1.xml with merge {ref}", moved
    if how == "entities":
        bomb = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                + b"".join(b'<!ENTITY ' + bytes([98 + i]) + b' "' + (b"&" + bytes([97 + i]) + b";") * 10
                           + b'">' for i in range(8)) + b"]>")
        return "billion laughs", _edit_sheet(entries, lambda x: bomb + re.sub(
            rb"^<\?xml[^>]*\?>", b"", x).replace(b"<v>", b"<v>&i;", 1))
    if how == "external entity":
        head = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        return how, _edit_sheet(entries, lambda x: head + re.sub(
            rb"^<\?xml[^>]*\?>", b"", x).replace(b"<v>", b"<v>&e;", 1))
    if how == "deep xml":
        depth = rng.choice([10_000, 500_000])
        return f"{how} {depth}", _edit_sheet(entries, lambda x: x.replace(
            b"</sheetData>", b"</sheetData>" + b"<x>" * depth + b"</x>" * depth, 1))
    if how == "invalid utf-8":
        name = rng.choice(list(sheet_of))
        return f"invalid UTF-8 in {name}", [(n, c[:len(c) // 2] + b"\xff\xfe" + c[len(c) // 2:]
                                            if n == name else c) for n, c in entries]
    if how == "drop part":
        name = rng.choice(list(sheet_of))
        return f"{name} removed", [(n, c) for n, c in entries if n != name]
    if how == "duplicate entry":
        name = rng.choice(list(sheet_of))
        return f"{name} twice", [*entries, (name, b"<x/>")]
    if how == "formula":
        return how, _edit_sheet(entries, lambda x: re.sub(
            rb"<v>(\d+)</v>", rb"<f>1/0</f><v>#DIV/0!</v>", x, count=3))
    rows = b"".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>'
                    .encode() for r in range(100, 100 + rng.choice([1000, 30_000])))
    return "many rows", _edit_sheet(entries, lambda x: x.replace(b"</sheetData>",
                                                                 rows + b"</sheetData>", 1))


def _zip_variant(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    how = rng.choice(["byte flips", "truncated", "sizes lie", "zip bomb", "not a zip", "stored"])
    if how == "byte flips":
        buf = bytearray(data)
        for _ in range(rng.choice([1, 4, 32])):
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        return how, bytes(buf)
    if how == "truncated":
        return how, data[:rng.randrange(len(data))]
    if how == "sizes lie":
        buf = bytearray(data)
        pos = buf.find(b"PK\x01\x02")
        if pos >= 0:
            buf[pos + 24:pos + 28] = rng.choice([0, 1, 0xFFFFFFFF, 1 << 30]).to_bytes(4, "little")
        return "central directory size lies", bytes(buf)
    if how == "zip bomb":
        entries = _entries(data)
        filler = b" " * rng.choice([50_000_000, 120_000_000])
        return f"{len(filler) // 1_000_000} MB of spaces in the sheet", _rezip(
            [(n, c.replace(b"<sheetData>", b"<sheetData>" + filler, 1) if n == SHEET else c)
             for n, c in entries])
    if how == "not a zip":
        return how, rng.choice([b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                                "一级指标,分值\n".encode() * 50, b"PK\x03\x04" + bytes(100)])
    return "stored without compression", _rezip(_entries(data), zipfile.ZIP_STORED)


def k_xlsx(ctx: Ctx) -> Case:
    rng = ctx.rng
    hostile = hostile_module()
    seed = ctx.seeds.sheet_path
    base = seed.read_bytes() if seed else b""
    target = ctx.case_dir / rng.choice(["sheet.xlsx", "评分表 #2.xlsx"])
    desc = ""
    content = base
    builders = getattr(hostile, "HOSTILE", None) if hostile else None
    pick = rng.random()
    if builders and pick < 0.35:
        items = sorted(builders.items()) if isinstance(builders, dict) else list(
            enumerate(builders))
        name, builder = rng.choice(items)
        try:
            content = builder()
        except TypeError:
            content = builder(rng)
        desc = f"hostile.HOSTILE[{name!r}]"
        suffix = getattr(hostile, "SUFFIXES", {}).get(name)
        if suffix:
            target = target.with_suffix(suffix)
    elif hostile and hasattr(hostile, "mutate_xlsx") and pick < 0.6:
        content = hostile.mutate_xlsx(base, rng)
        desc = "hostile.mutate_xlsx"
    elif not base:
        content = b"PK\x03\x04"
        desc = "no seed sheet"
    elif pick < 0.8:
        desc, entries = _xml_variant(rng, _entries(base))
        content = _rezip(entries)
    else:
        desc, content = _zip_variant(rng, base)
    if isinstance(content, str):
        content = content.encode("utf-8")
    target.write_bytes(content)
    return Case(kind=ctx.kind, variant=desc, role="sheet", target=target.name)


INPUT_KINDS: dict[str, Callable[[Ctx], Case]] = {
    "json": k_json,
    "xlsx": k_xlsx,
}
