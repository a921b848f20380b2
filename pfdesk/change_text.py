"""Changes in words: the Chinese sentence of a change record and the field names it uses.

``summary(rows, code_of)`` turns an edit's row changes into one sentence such as
"修改 A11 立项依据充分性 得分 5 → 4"; ``field_changes`` lists each field's before and after for the
history view and ``pfdesk history --json``; ``change_lines`` words the logged field changes of an
entry, one line each ("A11 得分：5.00 → 4.00"), for ``pfdesk history`` and the window alike.
Bookkeeping columns (stamps, ordering keys, the after-review flag) are never listed as changes of
their own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from .edits import RowChange
from .model import METHOD_LABELS, NARRATIVE_KEYS, Row
from .numbers import fmt2, plain
from .plain import one_line

# Columns that record how a row is kept rather than what it says.
BOOKKEEPING = frozenset({"id", "modified_at", "modified_by", "sort_key", "changed_after_review"})

# A leaf scored by deductions stores no score (the engine's counts): its cleared score reads so.
BY_DEDUCTIONS = "由扣分计算"
FIELD_LABELS: dict[str, str] = {
    "name": "名称", "unit": "单位", "department": "主管部门", "commissioner": "委托单位",
    "evaluator_org": "评价机构", "eval_type": "评价类型", "eval_object": "评价对象",
    "eval_mode": "评价方式", "eval_year": "评价年度", "eval_period": "评价期间",
    "report_date": "报告日期", "doc_number": "文号", "project_kind": "项目类型",
    "manager": "项目负责人", "phone": "联系电话", "address": "地址", "overall_goal": "总体目标",
    "annual_goal": "年度目标", "budget": "预算数", "adjusted_budget": "调整后预算数",
    "received": "到位数", "spent": "执行数", "grade_bands": "等级划分", "template_id": "模板",
    "allow_self_review": "允许复核本人编制的指标",
    "source": "来源", "contractor": "实施单位", "total_budget": "总预算", "bid_price": "中标价",
    "audited_price": "审定价", "paid_total": "累计支付", "paid_this_year": "本年支付",
    "remark": "备注", "level1": "一级指标", "level2": "二级指标", "level3": "三级指标",
    "target_text": "指标内容", "comparator": "比较方式", "number": "目标值", "note": "说明",
    "actual_value": "实际完成值", "deviation_reason": "偏差原因", "std_excellent": "优秀标准",
    "std_good": "良好标准", "std_fair": "一般标准", "std_poor": "较差标准",
    "parent_id": "上级指标", "code": "编码", "weight": "分值", "explanation": "指标解释",
    "criteria": "评分标准", "method": "计分方式", "score": "得分", "target_value": "目标值",
    "data_source": "数据来源", "analysis": "分析", "not_applicable": "不适用", "status": "评分状态",
    "prepared_by": "编制人", "prepared_at": "编制时间", "reviewed_by": "复核人",
    "reviewed_at": "复核时间", "indicator_id": "所属指标", "points": "扣分", "reason": "扣分理由",
    "evidence": "佐证材料", "title": "职称", "org": "单位", "role": "分工", "total": "总分",
    "kind": "类别", "text": "内容", "cause": "原因", "problem_id": "对应问题",
    "finding_id": "问题或成效", "key": "章节",
    "deduction_id": "所属扣分", "hash": "校验值", "size": "大小（字节）",
    "panel_method": "专家组评分方式", "spread_limit": "分差上限",
    "number_style": "得分显示方式", "evaluator_id": "评价人员", "outline": "报告提纲",
    "postcode": "邮编", "org_method": "组织方式", "evaluator_kind": "评价机构类型",
    "submitted_at": "上报时间", "funding_cutoff": "资金截止日期",
    "rule": "评分规则", "ahp": "层次分析判断矩阵", "source_name": "来源文件", "summary": "问卷结果",
    "imported_at": "导入时间",
}
TABLE_LABELS: dict[str, str] = {
    "project": "项目信息", "funding_source": "资金来源", "funding_item": "资金明细",
    "target": "绩效目标", "indicator": "指标", "deduction": "扣分", "evaluator": "评价人员",
    "finding": "问题与建议", "finding_indicator": "问题涉及的指标", "narrative": "报告章节",
    "conflict": "合并冲突", "merged_entry": "已合并的记录",
    "evaluator_score": "专家评分", "evidence": "佐证材料", "survey": "满意度调查",
}
# Rows a merge keeps for itself: never listed as changes of their own.
_MERGE_BOOKKEEPING = ("merged_entry",)
_SHORT = 24                 # longer texts are cut in a summary
_SHOWN_TEXT = 40            # … and in a change line
_MAX_PHRASES = 3
# Not listed as change lines: the entry's own time says when a sign-off was made.
# An evidence file's hash and byte count say how it is stored, its name says what it is.
_UNLISTED = frozenset({"prepared_at", "reviewed_at", "hash", "size"})


def stored_value(value: Any) -> Any:
    """A Python field value as the change log stores it (text decimals, 0/1 booleans)."""
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, Decimal):
        return str(value)
    return value


def json_value(field: str, value: Any, decimals: tuple[str, ...], bools: tuple[str, ...]) -> Any:
    """A stored value for JSON: decimals as two-decimal strings, booleans as true/false."""
    if value is None:
        return None
    if field in decimals:
        try:
            return fmt2(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    if field in bools:
        return bool(value)
    return value


def shown_value(field: str, value: Any, decimals: tuple[str, ...],
                bools: tuple[str, ...]) -> str:
    """A stored value in a sentence: numbers plain, 是/否, empty as 空, long text cut."""
    if value is None or value == "":
        return "空"
    if field == "method":
        return METHOD_LABELS.get(str(value), str(value))
    if field in _JSON_WORDS:
        return _JSON_WORDS[field](value)
    if field == "outline":
        return _outline_names(value)
    if field in bools:
        return "是" if value else "否"
    if field in decimals:
        try:
            return plain(Decimal(str(value)))
        except ArithmeticError:
            return str(value)
    text = " ".join(str(value).split())
    return text if len(text) <= _SHORT else text[:_SHORT] + "…"


def _short(text: str, size: int = _SHORT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size] + "…"


def row_name(table: str, values: dict[str, Any], code_of: Callable[[str | None], str]) -> str:
    """How a row is named in a sentence ("A11 立项依据充分性", "资金明细「道路修缮」")."""
    if table == "indicator":
        return " ".join(p for p in (str(values.get("code") or ""),
                                    str(values.get("name") or "")) if p) or "指标"
    if table == "deduction":
        return f"{code_of(values.get('indicator_id'))} 的扣分".strip()
    if table == "narrative":
        key = str(values.get("key") or "")
        return f"报告章节「{NARRATIVE_KEYS.get(key, key)}」"
    if table == "project":
        return "项目信息"
    if table == "finding_indicator":
        return f"问题涉及的指标 {code_of(values.get('indicator_id'))}".strip()
    label = TABLE_LABELS.get(table, table)
    for key in ("name", "level3", "target_text", "text", "source"):
        if values.get(key):
            if table == "finding":
                label = str(values.get("kind") or label)
            return f"{label}「{_short(str(values[key]))}」"
    return label


def field_changes(rc: RowChange) -> Iterator[tuple[str, Any, Any]]:
    """(field, before, after) in stored form for every field that changed (not bookkeeping)."""
    before = rc.before.to_row() if rc.before is not None else {}
    after = rc.after.to_row() if rc.after is not None else {}
    for name in (rc.after or rc.before).columns():  # type: ignore[union-attr]
        if name in BOOKKEEPING:
            continue
        old, new = before.get(name), after.get(name)
        if rc.before is None and new in (None, "", 0) and name not in ("score", "weight"):
            continue
        if rc.after is None and old in (None, "", 0) and name not in ("score", "weight"):
            continue
        if old != new:
            yield name, old, new


def phrase(rc: RowChange, code_of: Callable[[str | None], str]) -> str:
    """One row change in words."""
    row: Row = rc.after if rc.after is not None else rc.before  # type: ignore[assignment]
    values = row.to_row()
    if rc.table in _MERGE_BOOKKEEPING:
        return ""
    if rc.table == "conflict":
        what = FIELD_LABELS.get(str(values.get("field")), "整行")
        if rc.before is None:
            return f"合并冲突：{values.get('code') or ''} {what}待选择"
        return f"{values.get('code') or ''} {what}的合并冲突已解决" if values.get("resolved") \
            else ""
    name = row_name(rc.table, values, code_of)
    if rc.before is None:
        if rc.table == "deduction":
            points = shown_value("points", values.get("points"), ("points",), ())
            reason = _short(str(values.get("reason") or "未写理由"))
            return f"{code_of(values.get('indicator_id'))} 扣 {points} 分（{reason}）".strip()
        return f"添加 {name}"
    if rc.after is None:
        return f"删除 {name}"
    cls = type(row)
    parts = []
    for field, old, new in field_changes(rc):
        label = FIELD_LABELS.get(field, field)
        if field in ("prepared_by", "reviewed_by"):
            verb = "编制" if field == "prepared_by" else "复核"
            parts.append(f"{verb}签字 {new}" if new else f"撤销{verb}签字")
            continue
        if field in ("prepared_at", "reviewed_at"):
            continue
        before_method = rc.before.to_row().get("method") if rc.before is not None else None
        shown_old = (BY_DEDUCTIONS if field == "score" and old is None
                     and before_method == "deduction"
                     else shown_value(field, old, cls.DECIMALS, cls.BOOLS))
        shown_new = (BY_DEDUCTIONS if field == "score" and new is None
                     and values.get("method") == "deduction"
                     else shown_value(field, new, cls.DECIMALS, cls.BOOLS))
        if field == "outline":
            shown_old, shown_new = _outline_names(old), _outline_names(new)
        elif field in _JSON_WORDS:
            shown_old, shown_new = _JSON_WORDS[field](old), _JSON_WORDS[field](new)
        parts.append(f"{label} {shown_old} → {shown_new}")
    if not parts:
        before_key = getattr(rc.before, "sort_key", None)
        if before_key is not None and before_key != getattr(rc.after, "sort_key", None):
            return f"调整 {name} 的顺序"
        return ""
    return f"修改 {name} " + "、".join(parts)


def summary(rows: list[RowChange], code_of: Callable[[str | None], str]) -> str:
    """The sentence of a whole edit: its first few row changes, then how many more."""
    phrases: list[str] = []
    for rc in rows:                    # a large edit (an import) stops after the first few
        words = phrase(rc, code_of)
        if words:
            phrases.append(words)
            if len(phrases) > _MAX_PHRASES:
                break
    if not phrases:
        return "无实质修改"
    text = "；".join(phrases[:_MAX_PHRASES])
    if len(phrases) > _MAX_PHRASES:
        text += f"；共 {len(rows)} 行修改"
    return text


# ----- logged changes in words (``changelog.history``'s change dicts) -----

def _rule_words(value: Any) -> str:
    """A stored rule in words ("预算执行率按比例计分"); the JSON itself says nothing."""
    from .rules import RuleError, from_json
    from .rules.words import describe

    if not value:
        return "空"
    from .rules.kinds import Stepped

    try:
        rule = from_json(str(value))
    except RuleError:
        return "无法读取的规则"
    words = describe(rule)
    if isinstance(rule, Stepped):   # the bands themselves tell two such rules apart
        unit = rule.input.unit_shown
        words += "：" + "，".join(f"{b.shown(unit)}得{plain(b.share)}%" for b in rule.bands)
    return words


def _ahp_words(value: Any) -> str:
    """A stored comparison by its size and the weights it gives ("3×3 判断矩阵，权重
    0.6370 / 0.2583 / 0.1047"), so two matrices can be told apart."""
    from .ahp import AhpError, analyse, weighting_from_json

    if not value:
        return "空"
    try:
        comparison = weighting_from_json(str(value)).comparison
        weights = analyse(comparison).weights
    except AhpError:
        return "无法读取的判断矩阵"
    n = comparison.n
    shown = " / ".join(f"{w:.4f}" for w in weights[:6]) + (" / …" if n > 6 else "")
    return f"{n}×{n} 判断矩阵，权重 {shown}"


def _survey_words(value: Any) -> str:
    """A stored survey by its sample, its overall 满意率 and the file counted ("60 份答卷，
    总体满意率 83.97%（答卷.csv）"): enough to tell two countings of one survey apart."""
    from .survey import from_json
    from .survey_file import SurveyError

    if not value:
        return "空"
    try:
        summary = from_json(str(value))
    except SurveyError:
        return "无法读取的问卷结果"
    rate = summary.overall().rate
    words = f"{summary.respondents} 份答卷" + ("" if rate is None else f"，总体满意率 {rate}%")
    return words + (f"（{one_line(summary.file)[:60]}）" if summary.file else "")


_JSON_WORDS: dict[str, Callable[[Any], str]] = {
    "rule": _rule_words, "ahp": _ahp_words, "summary": _survey_words}


def _outline_names(value: Any) -> str:
    """The report outline kept in a project, by its names (the JSON itself says nothing)."""
    from .reports.outline import describe

    return describe(str(value or ""))


def _logged_value(field: str, value: Any, codes: Mapping[str, str]) -> str:
    """A value as the log gives it (JSON form): 空, 是/否, an indicator by its code, text cut."""
    if field == "outline":
        return _outline_names(value)
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if field in ("parent_id", "indicator_id"):
        return codes.get(str(value), "另一指标")
    if field == "deduction_id":
        return "一项扣分"
    if field == "method":
        return METHOD_LABELS.get(str(value), str(value))
    if field in _JSON_WORDS:
        return _JSON_WORDS[field](value)
    return _short(one_line(str(value)), _SHOWN_TEXT)


def _logged_row(change: Mapping[str, Any]) -> str:
    """The row a logged change is about: ``A11``, ``A11 的扣分``, ``资金明细``."""
    table, code = change["table"], one_line(str(change.get("code") or ""))
    what = TABLE_LABELS.get(table, table)
    if table == "indicator":
        return code or what
    return f"{code} 的{what}" if code else what


def change_lines(changes: Iterable[Mapping[str, Any]], codes: Mapping[str, str]) -> list[str]:
    """Logged field changes in words: ``A11 得分：5.00 → 4.00`` for an update, one line per added
    or removed row (``新增 A21 的扣分：扣分 1.00，扣分理由 …``); ``codes`` maps ids to codes."""
    lines: list[str] = []
    row_at: dict[tuple[str, str], int] = {}
    conflicts_seen: set[str] = set()
    changes = list(changes)
    # leaves switched to scoring by deductions: their stored score is cleared, the engine's counts
    by_deductions = {c["row"] for c in changes
                     if c["field"] == "method" and c["after"] == "deduction"}
    from_deductions = {c["row"] for c in changes
                       if c["field"] == "method" and c["before"] == "deduction"}
    for c in changes:
        field, op = c["field"], c["op"]
        if c["table"] in _MERGE_BOOKKEEPING:
            continue
        if c["table"] == "conflict":
            if c["row"] not in conflicts_seen:
                conflicts_seen.add(c["row"])
                words = {"insert": "记录合并冲突", "delete": "撤销合并冲突"}.get(op, "合并冲突")
                lines.append(f"{words} {c.get('code') or ''}".rstrip())
            continue
        if field in _UNLISTED or (op != "update" and field == "indicator_id"):
            continue
        label = FIELD_LABELS.get(field, field)
        old, new = (_logged_value(field, c[k], codes) for k in ("before", "after"))
        if field == "score" and c["after"] is None and c["row"] in by_deductions:
            new = BY_DEDUCTIONS
        if field == "score" and c["before"] is None and c["row"] in from_deductions:
            old = BY_DEDUCTIONS
        if op == "update":
            lines.append(f"{_logged_row(c)} {label}：{old} → {new}")
            continue
        part = f"{label} {new if op == 'insert' else old}"
        key = (c["table"], c["row"])
        if key in row_at:
            lines[row_at[key]] += f"，{part}"
        else:
            row_at[key] = len(lines)
            lines.append(f"{'新增' if op == 'insert' else '删除'} {_logged_row(c)}：{part}")
    return lines
