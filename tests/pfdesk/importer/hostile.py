"""Hostile and broken .xlsx files built as bytes, for the importer tests and the fuzzing harness.

``HOSTILE`` maps a case name to a builder returning the file's bytes (``SUFFIXES`` gives the few
cases that must be saved under another extension). ``EXPECTED`` gives, for every case, a pattern
the ImportError_ message must match, or None when the file must import (the hostile part is
ignored). ``mutate_xlsx`` turns a valid file into a random damaged variant. Every builder is
small and fast: the big cases are highly compressed repetitions.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable
from decimal import Decimal
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
SHEET = "xl/worksheets/sheet1.xml"

# A small indicator sheet (weights by hand: 决策 = 60 + 40 = 100; scores 50 + 35 = 85).
BASE_ROWS: list[list[object]] = [
    ["一级指标", "二级指标", "分值", "得分"],
    ["决策", "立项依据", 60, 50],
    [None, "绩效目标", 40, 35],
]
BASE_MERGES = ["A2:A3"]


def column_letters(col: int) -> str:
    """1 → A, 27 → AA."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_xml(rows: list[list[object]], strings: list[str], *, merges: list[str] | None = None,
              head: str = "", tail: str = "", quote: str = '"') -> bytes:
    """A worksheet part: text goes to ``strings`` (shared), numbers are written as they are."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}" '
           f'xmlns:r="{REL}">{head}<sheetData>']
    for r, values in enumerate(rows, start=1):
        out.append(f'<row r="{r}">')
        for c, value in enumerate(values, start=1):
            ref = f"{column_letters(c)}{r}"
            if value is None:
                continue
            if isinstance(value, str):
                strings.append(value)
                out.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
        out.append("</row>")
    out.append("</sheetData>")
    if merges:
        refs = "".join(f"<mergeCell ref={quote}{m}{quote}/>" for m in merges)
        out.append(f'<mergeCells count="{len(merges)}">{refs}</mergeCells>')
    out.append(f"{tail}</worksheet>")
    return "".join(out).encode()


def strings_xml(strings: list[str]) -> bytes:
    """A shared-strings part."""
    items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="{MAIN}" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{items}</sst>').encode()


STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{MAIN}">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
          "</styleSheet>").encode()


def package(sheet: bytes, strings: list[str] | None = None, *, sheet_part: str = SHEET,
            sheet_name: str = "评分表", extra: dict[str, bytes] | None = None,
            workbook: bytes | None = None, strings_part: bytes | None = None,
            compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A whole .xlsx around one worksheet part (stored at ``sheet_part``)."""
    target = sheet_part[3:] if sheet_part.startswith("xl/") else "/" + sheet_part
    parts: dict[str, bytes] = {
        "[Content_Types].xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
            f'"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.'
            f'main+xml"/><Override PartName="/{sheet_part}" ContentType="{CT}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/></Types>').encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}"><Relationship '
            f'Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": workbook or (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            f'<sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="{target}"/>'
            f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
            "</Relationships>").encode(),
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": strings_part or strings_xml(strings or []),
        sheet_part: sheet,
    }
    parts.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression, compresslevel=9 if compression == 8 else None) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def workbook_of(rows: list[list[object]], merges: list[str] | None = None, **kwargs: object) -> bytes:
    """A valid .xlsx holding ``rows`` (text shared, numbers as written) and ``merges``."""
    strings: list[str] = []
    sheet_kwargs = {k: kwargs.pop(k) for k in ("head", "tail", "quote") if k in kwargs}
    sheet = sheet_xml(rows, strings, merges=merges, **sheet_kwargs)  # type: ignore[arg-type]
    return package(sheet, strings, **kwargs)  # type: ignore[arg-type]


def base() -> bytes:
    """The small valid indicator sheet the hostile cases start from."""
    return workbook_of(BASE_ROWS, BASE_MERGES)


def legit_large(indicators: int = 5000) -> bytes:
    """A genuine big sheet: ``indicators`` leaves of 1 point each under 50 level-1 indicators."""
    rows: list[list[object]] = [["一级指标", "二级指标", "分值", "得分", "扣分原因"]]
    per = indicators // 50
    for i in range(indicators):
        first = f"维度{i // per + 1}" if i % per == 0 else None
        rows.append([first, f"指标{i + 1}", Decimal("0.02"), Decimal("0.01" if i % 2 else "0.02"),
                     "部分资料缺少佐证，扣减一半分值" if i % 2 else None])
    return workbook_of(rows)


# ----- the zip directory -----

def patch_entry(data: bytes, name: str, *, file_size: int | None = None, flags: int | None = None,
                method: int | None = None) -> bytes:
    """Change fields of one entry in the zip's central directory (and method/flags locally too)."""
    out = bytearray(data)
    encoded = name.encode()
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        length = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46:pos + 46 + length]) == encoded:
            local = struct.unpack_from("<I", out, pos + 42)[0]
            if flags is not None:
                struct.pack_into("<H", out, pos + 8, flags)
                struct.pack_into("<H", out, local + 6, flags)
            if method is not None:
                struct.pack_into("<H", out, pos + 10, method)
                struct.pack_into("<H", out, local + 8, method)
            if file_size is not None:
                struct.pack_into("<I", out, pos + 24, file_size)
            return bytes(out)
        pos = out.find(b"PK\x01\x02", pos + 4)
    raise KeyError(name)


def _entry_data_offset(data: bytes, name: str) -> tuple[int, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo(name)
    start = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", data, start + 26)
    return start + 30 + name_len + extra_len, info.compress_size


# ----- the cases -----

def _merge_single_quoted() -> bytes:
    return workbook_of(BASE_ROWS, ["A40:Z300000"], quote="'")


def _sheet_at_odd_name() -> bytes:
    return workbook_of(BASE_ROWS, ["A40:Z300000"], sheet_part="xl/s1.xml")


def _sheet_at_absolute_odd_name() -> bytes:
    return workbook_of(BASE_ROWS, ["A40:Z300000"], sheet_part="custom/data.bin")


def _many_merges() -> bytes:
    return workbook_of(BASE_ROWS, [*BASE_MERGES, *["C10:D11"] * 60_000])


def _dimension_lie() -> bytes:
    return workbook_of(BASE_ROWS, BASE_MERGES, head='<dimension ref="A1:XFD1048576"/>')


def _raw_cells(rows_xml: str, strings: list[str] | None = None) -> bytes:
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData>{rows_xml}</sheetData></worksheet>').encode()
    return package(sheet, strings or [])


def _far_cell() -> bytes:
    return _raw_cells('<row r="1"><c r="A1" t="inlineStr"><is><t>一级指标</t></is></c></row>'
                      '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')


def _cell_ref_beyond_excel() -> bytes:
    return _raw_cells('<row r="1"><c r="A99999999"><v>1</v></c></row>')


def _many_cells() -> bytes:
    row = "<c><v>1</v></c>" * 100
    return _raw_cells("".join(f'<row r="{r}">{row}</row>' for r in range(1, 20_001)))


def _many_rows() -> bytes:
    return _raw_cells("<row/>" * 3_000_000)


def _many_text_cells() -> bytes:
    # 20,000 rows of 4 cells all showing one 30,000-character text (shared, so the file is small).
    row = '<c t="s"><v>0</v></c>' * 4
    return _raw_cells("".join(f'<row r="{r}">{row}</row>' for r in range(1, 20_001)),
                      ["很长的说明" * 6000])


def _huge_shared_string() -> bytes:
    return _raw_cells('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', ["A" * 20_000_000])


def _many_shared_strings() -> bytes:
    sst = (f'<sst xmlns="{MAIN}">' + "<si><t>a</t></si>" * 1_700_000 + "</sst>").encode()
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>' \
            "</sheetData></worksheet>"
    return package(sheet.encode(), strings_part=sst)


def _huge_attribute() -> bytes:
    return workbook_of(BASE_ROWS, BASE_MERGES, head=f'<sheetPr codeName="{"x" * 30_000_000}"/>')


def _deep_nesting() -> bytes:
    depth = 200_000
    return workbook_of(BASE_ROWS, BASE_MERGES, tail="<extLst>" + "<x>" * depth + "</x>" * depth
                       + "</extLst>")


def _laughs(root: str) -> str:
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    return f'<!DOCTYPE {root} [<!ENTITY e0 "lol">{entities}]>'


def _billion_laughs_sheet() -> bytes:
    sheet = base_sheet().replace(b"<worksheet", _laughs("worksheet").encode() + b"<worksheet", 1)
    return package(sheet.replace(b"<sheetData>", b"<sheetData><!-- &e9; -->", 1)
                   .replace(b'<v>60</v>', b"<v>&e9;</v>"), _base_strings())


def _billion_laughs_strings() -> bytes:
    sst = _laughs("sst") + strings_xml(_base_strings()).decode().split("\n", 1)[1]
    return package(base_sheet(), strings_part=sst.replace("<t>决策</t>", "<t>&e9;</t>").encode())


def _billion_laughs_workbook() -> bytes:
    book = (f'{_laughs("workbook")}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
            f'<sheet name="&e9;" sheetId="1" r:id="rId1"/></sheets></workbook>').encode()
    return package(base_sheet(), _base_strings(), workbook=book)


def _external_entity() -> bytes:
    sheet = base_sheet().replace(
        b"<worksheet", b'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet', 1)
    return package(sheet.replace(b"<v>60</v>", b"<v>&x;</v>"), _base_strings())


def _xml_syntax_error() -> bytes:
    return package(base_sheet().replace(b"</sheetData>", b""), _base_strings())


def _undefined_entity() -> bytes:
    return package(base_sheet().replace(b"<v>60</v>", b"<v>&nope;</v>"), _base_strings())


def base_sheet() -> bytes:
    """The base case's worksheet part."""
    return sheet_xml(BASE_ROWS, [], merges=BASE_MERGES)


def _base_strings() -> list[str]:
    strings: list[str] = []
    sheet_xml(BASE_ROWS, strings)
    return strings


def _number(text: str) -> Callable[[], bytes]:
    def build() -> bytes:
        return package(base_sheet().replace(b"<v>50</v>", f"<v>{text}</v>".encode()), _base_strings())
    return build


def _bad_crc() -> bytes:
    data = bytearray(base())
    start, size = _entry_data_offset(bytes(data), SHEET)
    data[start + size // 2] ^= 0x55
    return bytes(data)


def _zip_bomb_declared() -> bytes:
    return patch_entry(base(), SHEET, file_size=3_000_000_000)


def _zip_bomb_lying() -> bytes:
    # 50 MB of spaces in the sheet (about 50 KB packed); the directory says 2 KB.
    padded = base_sheet().replace(b"<sheetData>", b" " * 50_000_000 + b"<sheetData>", 1)
    return patch_entry(package(padded, _base_strings()), SHEET, file_size=2_000)


def _zip_bomb_honest() -> bytes:
    padded = base_sheet().replace(b"<sheetData>", b" " * 60_000_000 + b"<sheetData>", 1)
    return package(padded, _base_strings())


def _encrypted_entry() -> bytes:
    return patch_entry(base(), SHEET, flags=0x1)


def _bzip2_part() -> bytes:
    return package(base_sheet(), _base_strings(), compression=zipfile.ZIP_BZIP2)


def _many_entries() -> bytes:
    return package(base_sheet(), _base_strings(), extra={f"xl/media/p{i}.bin": b"" for i in range(6000)})


def _no_sheets() -> bytes:
    book = f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets/></workbook>'.encode()
    return package(base_sheet(), _base_strings(), workbook=book)


def _missing_sheet_part() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base())) as src, zipfile.ZipFile(data, "w") as out:
        for item in src.infolist():
            if item.filename != SHEET:
                out.writestr(item, src.read(item.filename))
    return data.getvalue()


def _string_index_out_of_range() -> bytes:
    return package(base_sheet().replace(b't="s"><v>0</v>', b't="s"><v>999999</v>', 1), _base_strings())


def _csv() -> bytes:
    return "一级指标,分值\n决策,100\n".encode()


def _ole(_: object = None) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1528


HOSTILE: dict[str, Callable[[], bytes]] = {
    "merge_single_quoted": _merge_single_quoted,
    "sheet_at_odd_name": _sheet_at_odd_name,
    "sheet_at_absolute_odd_name": _sheet_at_absolute_odd_name,
    "many_merges": _many_merges,
    "dimension_lie": _dimension_lie,
    "far_cell": _far_cell,
    "cell_ref_beyond_excel": _cell_ref_beyond_excel,
    "many_cells": _many_cells,
    "many_rows": _many_rows,
    "many_text_cells": _many_text_cells,
    "huge_shared_string": _huge_shared_string,
    "many_shared_strings": _many_shared_strings,
    "huge_attribute": _huge_attribute,
    "deep_nesting": _deep_nesting,
    "billion_laughs_sheet": _billion_laughs_sheet,
    "billion_laughs_strings": _billion_laughs_strings,
    "billion_laughs_workbook": _billion_laughs_workbook,
    "external_entity": _external_entity,
    "xml_syntax_error": _xml_syntax_error,
    "undefined_entity": _undefined_entity,
    "number_1e30": _number("1e30"),
    "number_nan": _number("NaN"),
    "number_infinity": _number("Infinity"),
    "number_huge_exponent": _number("1E+999999999"),
    "number_many_digits": _number("9" * 5000),
    "number_13_digits": _number("1234567890123"),
    "bad_crc": _bad_crc,
    "truncated": lambda: base()[: len(base()) // 2],
    "zip_bomb_declared": _zip_bomb_declared,
    "zip_bomb_lying": _zip_bomb_lying,
    "zip_bomb_honest": _zip_bomb_honest,
    "encrypted_entry": _encrypted_entry,
    "bzip2_part": _bzip2_part,
    "many_entries": _many_entries,
    "no_sheets": _no_sheets,
    "missing_sheet_part": _missing_sheet_part,
    "string_index_out_of_range": _string_index_out_of_range,
    "not_zip": lambda: b"\x00\x01garbage" * 100,
    "csv_renamed": _csv,
    "empty": lambda: b"",
    "ole_encrypted": _ole,
    "xls_old": _ole,
}
SUFFIXES = {"xls_old": ".xls"}

_DAMAGED = r"已损坏"
_HUGE = r"过大|过多|超过|不像是指标评分表"
# What the ImportError_ must say (a regular expression), or None: the file imports.
EXPECTED: dict[str, str | None] = {
    "merge_single_quoted": "合并单元格范围过大",
    "sheet_at_odd_name": "合并单元格范围过大",
    "sheet_at_absolute_odd_name": "合并单元格范围过大",
    "many_merges": "合并单元格范围过大",
    "dimension_lie": None,
    "far_cell": r"超过 20000 行（第 1048576 行仍有内容）",
    "cell_ref_beyond_excel": r"单元格位置“A99999999”无效.*已损坏",
    "many_cells": _HUGE,
    "many_rows": _HUGE,
    "many_text_cells": _HUGE,
    "huge_shared_string": r"A1 单元格.*超过 32767 个字符",
    "many_shared_strings": _HUGE,
    "huge_attribute": None,  # an unknown attribute is ignored; memory stays bounded
    "deep_nesting": r"嵌套超过 100 层.*已损坏",
    "billion_laughs_sheet": r"DTD|文档类型",
    "billion_laughs_strings": r"DTD|文档类型",
    "billion_laughs_workbook": r"DTD|文档类型",
    "external_entity": r"DTD|文档类型",
    "xml_syntax_error": r"已损坏.*格式错误",
    "undefined_entity": r"已损坏.*格式错误",
    "number_1e30": r"第 2 行 D 列：.*超出了可处理的数值范围",
    "number_nan": r"D2 单元格的数值“NaN”无效",
    "number_infinity": r"D2 单元格的数值“Infinity”无效",
    "number_huge_exponent": r"D2 单元格的数值“1E\+999999999”超出了可处理的范围",
    "number_many_digits": r"D2 单元格的数值“9{10}…”超出了可处理的范围",
    "number_13_digits": r"第 2 行 D 列：.*超出了可处理的数值范围",
    "bad_crc": _DAMAGED,
    "truncated": _DAMAGED,
    "zip_bomb_declared": "解压后超过",
    "zip_bomb_lying": _DAMAGED,
    "zip_bomb_honest": "解压后超过",
    "encrypted_entry": "加密",
    "bzip2_part": "压缩方式",
    "many_entries": "文件过多",
    "no_sheets": "没有工作表",
    "missing_sheet_part": _DAMAGED,
    "string_index_out_of_range": r"A1 单元格.*共享文字.*已损坏",
    "not_zip": r"不是 \.xlsx 文件",
    "csv_renamed": r"不是 \.xlsx 文件.*CSV|文本文件",
    "empty": "空文件",
    "ole_encrypted": "打开密码",
    "xls_old": r"旧版 Excel（\.xls）",
}


# ----- random damage for the fuzzing harness -----

def mutate_xlsx(data: bytes, rng: random.Random) -> bytes:
    """A randomly damaged variant of the .xlsx ``data`` (bytes, parts, XML, lies, renames)."""
    kind = rng.choice(["flip", "truncate", "xml", "xml", "xml", "lie", "rename", "directory"])
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            out[rng.randrange(len(out))] = rng.randrange(256)
        return bytes(out)
    if kind == "truncate":
        return data[: rng.randrange(len(data))]
    if kind == "directory":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                name = rng.choice(z.namelist())
            return patch_entry(data, name, file_size=rng.choice([0, 1, 2**31, 2**32 - 2]),
                               method=rng.choice([None, 0, 12, 14, 99]))
        except Exception:  # an earlier mutation broke the directory
            return data[:-1]
    try:
        parts = _unpack(data)
    except Exception:  # an earlier mutation broke the zip: damage the bytes instead
        return data[: len(data) // 2] + bytes([rng.randrange(256)]) + data[len(data) // 2 + 1:]
    if kind == "rename":
        _rename(parts, rng)
    else:
        name = rng.choice(sorted(parts))
        parts[name] = (_lie if kind == "lie" else _xml_damage)(parts[name], rng)
    return _repack(parts)


def _unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if sum(info.file_size for info in z.infolist()) > 64 * 1024 * 1024:
            raise ValueError("too big to rewrite")
        return {name: z.read(name) for name in z.namelist()}


def _repack(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def _rename(parts: dict[str, bytes], rng: random.Random) -> None:
    old = rng.choice(sorted(parts))
    new = rng.choice(["xl/s1.xml", "XL/WORKSHEETS/SHEET1.XML", "a/../xl/x.xml", "xl/worksheets/sheet2.xml",
                      old.upper(), old + ".bak"])
    parts[new] = parts.pop(old)
    if rng.random() < 0.7:  # follow the rename in the relationships, as a careful forger would
        for name, data in parts.items():
            if name.endswith(".rels"):
                parts[name] = data.replace(old.rsplit("/", 1)[-1].encode(), new.rsplit("/", 1)[-1].encode())


_LIES = [
    b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
    b"<mergeCells><mergeCell ref='B2:Z300000'/></mergeCells>",
    b'<dimension ref="A1:XFD1048576"/>',
    b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
    b'<c r="ZZZZ9999999"><v>1</v></c>',
    b"<c><v>1e30</v></c>",
    b"<c><v>NaN</v></c>",
    b'<c t="s"><v>-1</v></c>',
    b'<c t="b"><v>2</v></c>',
    b'<c t="d"><v>not a date</v></c>',
    b"<!DOCTYPE x [<!ENTITY a 'b'>]>",
    b"<x>" * 500,
]


def _lie(data: bytes, rng: random.Random) -> bytes:
    lie = rng.choice(_LIES)
    points = [m.end() for m in re.finditer(rb"<[^!?/][^>]*>", data)] or [0]
    at = rng.choice(points)
    return data[:at] + lie + data[at:]


def _xml_damage(data: bytes, rng: random.Random) -> bytes:
    choice = rng.randrange(6)
    if choice == 0:
        return data.replace(b'"', b"'")
    if choice == 1:
        return re.sub(rb'="(\d+)"', lambda m: b'="' + m.group(1) * rng.randint(2, 9) + b'"', data)
    if choice == 2:
        return re.sub(rb"<v>[^<]*</v>", lambda m: rng.choice([b"<v>1e308</v>", b"<v>-0</v>", b"<v></v>",
                                                             b"<v>x</v>", m.group(0)]), data)
    if choice == 3:
        cut = rng.randrange(len(data) + 1)
        return data[:cut]
    if choice == 4:
        return data.replace(b"<", b"<<", 1) if rng.random() < 0.5 else data.replace(b">", b"", 1)
    return re.sub(rb'r="([A-Z]+)(\d+)"', lambda m: b'r="' + m.group(1) + m.group(2) + b'0"', data)
