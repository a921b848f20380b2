"""Rules as JSON text, for the project file and templates; what is read is untrusted.

A rule is stored as ``{"format": "pfdesk-rule", "version": 1, "kind": …, "input": {…}, …}``
with every number as a decimal string ("95", "0.5"), never a float. ``from_json`` refuses
unknown items, wrong types, numbers that do not read, huge or deeply nested text and every
rule the kinds themselves refuse (overlapping or gapped bands …) with ``RuleError`` naming the
problem; nothing half-read is returned.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from ..numbers import shown, to_decimal
from .kinds import (
    RULE_KINDS,
    Band,
    Input,
    PassFail,
    Proportional,
    Rule,
    RuleError,
    Shortfall,
    Stepped,
)

FORMAT = "pfdesk-rule"
VERSION = 1
MAX_BYTES = 20_000
_INPUT_ITEMS = {"kind", "ref", "label", "value", "unit"}
_ITEMS = {
    "proportional": {"full_at"},
    "stepped": {"bands"},
    "shortfall": {"per", "deduct", "comparator", "threshold"},
    "pass_fail": {"comparator", "threshold"},
}
_HEAD = {"format", "version", "kind", "input"}


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _input_dict(source: Input) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": source.kind}
    if source.ref:
        out["ref"] = source.ref
    if source.kind == "typed":
        out.update(label=source.label, value=_num(source.value), unit=source.unit)
    return out


def to_dict(rule: Rule) -> dict[str, Any]:
    """The rule as JSON-ready data (what ``from_dict`` reads)."""
    kind = next(k for k, cls in RULE_KINDS.items() if isinstance(rule, cls))
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION, "kind": kind,
                           "input": _input_dict(rule.input)}
    if isinstance(rule, Proportional):
        out["full_at"] = str(rule.full_at)
    elif isinstance(rule, Stepped):
        out["bands"] = [{"lower": str(b.lower), "upper": _num(b.upper), "share": str(b.share)}
                        for b in rule.bands]
    else:
        if isinstance(rule, Shortfall):
            out.update(per=str(rule.per), deduct=str(rule.deduct))
        if rule.comparator:
            out.update(comparator=rule.comparator, threshold=_num(rule.threshold))
    return out


def to_json(rule: Rule) -> str:
    """The rule as JSON text."""
    return json.dumps(to_dict(rule), ensure_ascii=False)


def _number(value: object, what: str, optional: bool = False) -> Decimal | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise RuleError(f"评分规则的{what}应写成数字文字（如 \"95\"）")
    try:
        number = to_decimal(value)
    except ValueError as exc:
        raise RuleError(f"评分规则的{what}“{shown(value)}”不是可用的数字") from exc
    if number is None:
        raise RuleError(f"评分规则缺少{what}")
    return number


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise RuleError(f"评分规则的{what}应为文字")
    return value


def _input(data: object) -> Input:
    if not isinstance(data, dict):
        raise RuleError("评分规则缺少数据来源（input）")
    extra = set(data) - _INPUT_ITEMS
    if extra:
        raise RuleError(f"评分规则的数据来源中有不认识的项：{'、'.join(sorted(map(shown, extra)))}")
    return Input(_text(data.get("kind"), "数据来源"), _text(data.get("ref", ""), "引用"),
                 _text(data.get("label", ""), "名称"),
                 _number(data.get("value"), "填写的数值", optional=True),
                 _text(data.get("unit", ""), "单位"))


def _band(item: object, k: int) -> Band:
    if not isinstance(item, dict) or set(item) != {"lower", "upper", "share"}:
        raise RuleError(f"第 {k} 档应含 lower、upper、share")
    lower = _number(item["lower"], f"第 {k} 档的下限")
    share = _number(item["share"], f"第 {k} 档的得分比例")
    assert lower is not None and share is not None
    return Band(lower, _number(item["upper"], f"第 {k} 档的上限", optional=True), share)


def from_dict(data: object) -> Rule:
    """A rule from untrusted JSON data; ``RuleError`` naming the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise RuleError("这不是 pfdesk 的评分规则（缺少 \"format\": \"pfdesk-rule\"）")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > VERSION:
        raise RuleError("评分规则的版本不对（可能来自更新版本的 pfdesk）")
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in _ITEMS:
        raise RuleError(f"评分规则的类型应为 {'、'.join(_ITEMS)} 之一")
    extra = set(data) - _HEAD - _ITEMS[kind]
    if extra:
        raise RuleError(f"评分规则中有不认识的项：{'、'.join(sorted(map(shown, extra)))}")
    source = _input(data.get("input"))
    if kind == "proportional":
        full = _number(data.get("full_at", "100"), "满分值")
        assert full is not None
        return Proportional(source, full)
    if kind == "stepped":
        raw = data.get("bands")
        if not isinstance(raw, list):
            raise RuleError("分档评分规则的 bands 应为档次列表")
        return Stepped(source, tuple(_band(item, k) for k, item in enumerate(raw, 1)))
    comparator = _text(data.get("comparator", ""), "比较方式")
    threshold = _number(data.get("threshold"), "达标标准", optional=True)
    if kind == "pass_fail":
        return PassFail(source, comparator, threshold)
    per, deduct = _number(data.get("per"), "每差多少"), _number(data.get("deduct"), "扣分")
    assert per is not None and deduct is not None
    return Shortfall(source, per, deduct, comparator, threshold)


def from_json(text: str) -> Rule:
    """A rule from stored or imported JSON text (untrusted)."""
    if len(text) > MAX_BYTES:
        raise RuleError("评分规则过大")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise RuleError("评分规则不是有效的 JSON") from exc
    return from_dict(data)
