"""The firm's phrase library: matching names, merging, and files from outside that are hostile."""

import json
import re
from pathlib import Path

import pytest

from pfdesk import phrases
from pfdesk.phrases import PhraseBook, PhraseEntry, PhraseFileError


def _write(tmp_path: Path, data: object, name: str = "in.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _reason(path: Path) -> str:
    with pytest.raises(PhraseFileError) as info:
        phrases.read_file(path)
    assert str(info.value).startswith(f"无法读取常用语文件 {path.name}：")
    return info.value.reason


def _book(*items: dict) -> dict:
    return {"format": "pfdesk-phrases", "version": 1, "indicators": list(items)}


def test_shipped_set_covers_the_common_indicators():
    book = phrases.default_book()
    for name in ("立项依据充分性", "绩效目标合理性", "预算执行率", "资金使用合规性", "满意度"):
        entry = book.get(name)
        assert entry is not None and entry.problems and entry.causes and entry.suggestions, name


def test_matching_by_name_and_by_the_longest_name_inside():
    book = PhraseBook([PhraseEntry("满意度", problems=["甲"]),
                       PhraseEntry("服务对象满意度", problems=["乙"]),
                       PhraseEntry("预算执行率", suggestions=["丙"])])
    assert book.entry_for("服务对象 满意度").name == "服务对象满意度"
    assert book.entry_for("社会公众满意度").name == "满意度"
    assert book.entry_for("资金到位率") is None
    assert book.phrases(["社会公众满意度", "服务对象满意度", "预算执行率"], "problems") == ["甲", "乙"]
    assert book.named_in("年底预算执行率偏低") == ["预算执行率"]


def test_export_then_import_gives_the_same_book(tmp_path):
    book = PhraseBook([PhraseEntry("预算执行率", ["问题一"], ["原因一"], ["建议一", "建议二"])])
    path = tmp_path / "导出.json"
    phrases.write_file(book, path)
    assert phrases.read_file(path) == book


def test_import_merges_without_losing_or_doubling(tmp_path):
    mine = PhraseBook([PhraseEntry("预算执行率", ["问题一"])])
    theirs = phrases.read_file(_write(tmp_path, _book(
        {"name": "预算执行率", "problems": ["问题一", "问题二"]},
        {"name": "满意度", "suggestions": ["建议一"]})))
    merged, added = mine.merged(theirs)
    assert added == 2
    assert merged.get("预算执行率").problems == ["问题一", "问题二"]
    assert merged.names() == ["预算执行率", "满意度"]
    assert mine.get("预算执行率").problems == ["问题一"]          # the original is untouched


def test_text_is_cleaned_and_duplicates_dropped(tmp_path):
    book = phrases.read_file(_write(tmp_path, _book(
        {"name": "  预算\t执行率 ", "problems": ["执行\x00偏慢\x0b", "执行偏慢", "  "]},
        {"name": "空的", "problems": []})))
    assert book.names() == ["预算 执行率"]
    assert book.get("预算执行率").problems == ["执行偏慢"]


def test_a_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(_book({"name": "甲", "causes": ["乙"]}))
                     .encode())
    assert phrases.read_file(path).get("甲").causes == ["乙"]


@pytest.mark.parametrize(("content", "reason"), [
    ("这不是 JSON", "不是有效的 JSON 文件"),
    ("[" * 100_000 + "]" * 100_000, "嵌套层数过多"),
    ('{"indicators": [{"name": "甲", "problems": [NaN]}]}', "含有 NaN 或 Infinity 这样的非法数值"),
    ("[]", "不是 pfdesk 常用语库（缺少“indicators”列表）"),
    ('{"indicators": {"name": "甲"}}', "不是 pfdesk 常用语库（缺少“indicators”列表）"),
    ('{"format": "other", "indicators": []}', "不是 pfdesk 常用语库"),
    ('{"version": 9, "indicators": []}', "由较新版本的 pfdesk 写出，请先升级本程序"),
    ('{"version": true, "indicators": []}', "版本号（version）应为正整数"),
    ('{"indicators": ["甲"]}', "第 1 个指标不是“指标名称 + 句子”的形式"),
    ('{"indicators": [{"problems": ["甲"]}]}', "第 1 个指标的名称不是文字"),
    ('{"indicators": [{"name": 12}]}', "第 1 个指标的名称不是文字"),
    ('{"indicators": [{"name": " "}]}', "第 1 个指标缺少指标名称"),
    ('{"indicators": [{"name": "甲", "causes": "乙"}]}', "指标“甲”的“原因”不是句子列表"),
    ('{"indicators": [{"name": "甲", "suggestions": [{"a": 1}]}]}',
     "指标“甲”的第 1 句“建议”不是文字"),
])
def test_malformed_files_are_refused_with_a_reason(tmp_path, content, reason):
    assert _reason(_write(tmp_path, content)) == reason


def test_limits_on_lengths_and_counts(tmp_path):
    long_name = _book({"name": "名" * 61, "problems": ["甲"]})
    assert _reason(_write(tmp_path, long_name)) == "第 1 个指标的名称超过 60 个字"
    long_phrase = _book({"name": "甲", "problems": ["字" * 1001]})
    assert _reason(_write(tmp_path, long_phrase)) == "指标“甲”的第 1 句“问题”超过 1000 个字"
    many = _book({"name": "甲", "problems": [str(n) for n in range(101)]})
    assert _reason(_write(tmp_path, many)) == "指标“甲”的“问题”超过 100 句"
    entries = _book(*({"name": str(n)} for n in range(1001)))
    assert _reason(_write(tmp_path, entries)) == "指标超过 1000 个"


def test_big_binary_and_missing_files(tmp_path):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (phrases.MAX_FILE_BYTES + 1))
    assert _reason(big) == "文件超过 1 MB，不像常用语库"
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00{")
    assert _reason(binary) == "不是 UTF-8 编码的文字文件"
    assert _reason(tmp_path / "nothing.json") == "找不到该文件，或它不是普通文件"
    assert _reason(tmp_path) == "找不到该文件，或它不是普通文件"


def test_firm_file_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("PFDESK_DATA_DIR", str(tmp_path / "data"))
    book, problem = phrases.firm_book()
    assert problem == "" and book == phrases.default_book()
    own = PhraseBook([PhraseEntry("预算执行率", suggestions=["本所的建议。"])])
    path = phrases.save_firm(own)
    assert path == tmp_path / "data" / "phrases.json"
    assert phrases.firm_book() == (own, "")
    path.write_text("{坏了", encoding="utf-8")
    book, problem = phrases.firm_book()
    assert book == phrases.default_book()
    assert problem == "无法读取常用语文件 phrases.json：不是有效的 JSON 文件，已改用程序自带的常用语"


@pytest.mark.parametrize(("text", "words"), [
    ('{"format": "pfdesk-phrases", "version": 1, "indicators": [{"name": "满意度", '
     '"problem": ["满意度不高"]}]}', "无法识别的项：problem"),
    ('{"format": "pfdesk-phrases", "version": 1.0, "indicators": []}', "版本号（version）应为正整数"),
    ('{"format": "pfdesk-phrases", "version": -3, "indicators": []}', "版本号（version）应为正整数"),
])
def test_a_misspelled_item_or_an_odd_version_is_refused_by_name(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=re.escape(words)):
        phrases.parse(text)
