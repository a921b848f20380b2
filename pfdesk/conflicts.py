"""Conflicts a merge found (``model.Conflict``): reading them and settling them.

A conflict names a field of a row and lists each value somebody gave it, with who and when;
``DELETED`` is the pseudo-field of a row one side deleted and the other changed (values
``REMOVE`` / ``KEEP``). The field keeps this file's value until ``resolve`` settles it with a
chosen or typed value, as one edit (undoable like any other).
"""

from __future__ import annotations

import json
from typing import Any

from . import commands
from .change_text import json_value
from .edits import Delete, Edit, Insert, Op, Update
from .errors import EditError
from .model import ROW_TYPES, Conflict
from .project import Project

# The pseudo-field of a conflict over a row one side deleted and the other changed.
DELETED = "_row"
KEEP, REMOVE = "保留", "删除"

# (table, column) → the table it points to: a row may not outlive what it points to.
REFERENCES = {("indicator", "parent_id"): "indicator", ("deduction", "indicator_id"): "indicator",
              ("finding_indicator", "indicator_id"): "indicator",
              ("finding_indicator", "finding_id"): "finding", ("finding", "problem_id"): "finding",
              ("evidence", "indicator_id"): "indicator", ("evidence", "deduction_id"): "deduction",
              ("evaluator_score", "indicator_id"): "indicator",
              ("evaluator_score", "evaluator_id"): "evaluator"}




def open_conflicts(project: Project) -> list[Conflict]:
    """Conflicts not resolved yet, in the order they were found."""
    return [c for c in project.rows(Conflict) if not c.resolved]


def choices(conflict: Conflict) -> list[dict[str, Any]]:
    """A conflict's values as ``{"user", "time", "value", "source"}`` ([] if unreadable)."""
    try:
        value = json.loads(conflict.choices)
    except ValueError:
        return []
    return [c for c in value if isinstance(c, dict)] if isinstance(value, list) else []


def conflict_json(conflict: Conflict) -> dict[str, Any]:
    """A conflict as ``pfdesk merge --json`` shows it (scores as two-decimal strings)."""
    cls = ROW_TYPES.get(conflict.tbl)
    decimals = cls.DECIMALS if cls else ()
    bools = cls.BOOLS if cls else ()
    return {"code": conflict.code, "table": conflict.tbl, "row": conflict.row_id,
            "field": conflict.field,
            "values": [{"user": c.get("user"), "time": c.get("time"), "source": c.get("source"),
                        "value": json_value(conflict.field, c.get("value"), decimals, bools)}
                       for c in choices(conflict)]}


def _removal(project: Project, table: str, row_id: str) -> list[Op]:
    """Deleting a row with what depends on it, as the ordinary commands do."""
    if table == "indicator":
        return commands.remove_indicator(project, row_id).ops
    if table == "deduction":
        return commands.remove_deduction(project, row_id).ops
    if table in ("finding", "evaluator"):
        return commands.remove_row(project, table, row_id, "").ops
    return [Delete(table, row_id)]


def resolve(project: Project, conflict_id: str, value: Any) -> Edit:
    """Settle a conflict with a chosen (or typed) value, as one edit."""
    conflict = project.find("conflict", conflict_id)
    if not isinstance(conflict, Conflict):
        raise EditError("该冲突已不存在")
    if conflict.resolved:
        raise EditError("该冲突已经解决")
    ops: list[Op] = []
    row = project.find(conflict.tbl, conflict.row_id)
    if conflict.field == DELETED:
        if value == REMOVE and row is not None:
            ops.extend(_removal(project, conflict.tbl, conflict.row_id))
        elif value == KEEP and row is None:          # deleted here, kept and changed there
            kept = next((c.get("row") for c in choices(conflict)
                         if c.get("value") == KEEP and isinstance(c.get("row"), dict)), None)
            cls = ROW_TYPES.get(conflict.tbl)
            if kept is None or cls is None:
                raise EditError("冲突记录中没有保留的内容，无法恢复这一行")
            for (table, column), target in REFERENCES.items():
                pointed = kept.get(column) if table == conflict.tbl else None
                if pointed and project.find(target, str(pointed)) is None:
                    raise EditError("这一行所属的内容在本文件中已删除，无法单独保留；"
                                    "请先在它所属内容的冲突中选择“保留”，再回来处理这一行")
            try:
                ops.append(Insert(cls.from_row({**kept, "id": conflict.row_id})))
            except (TypeError, ValueError) as exc:
                raise EditError("冲突记录中保留的内容已损坏，无法恢复这一行") from exc
    elif row is None:
        raise EditError("冲突所在的内容已被删除，请选择“删除”了结")
    elif (conflict.tbl, conflict.field) == ("survey", "summary"):
        ops.append(Update("survey", conflict.row_id, _survey_counts(value)))
    else:
        ops.append(Update(conflict.tbl, conflict.row_id, {conflict.field: value}))
    ops.append(Update("conflict", conflict.id, {"resolved": True}))
    return Edit(f"解决 {_what(project, conflict)} 的冲突", ops)


def _survey_counts(value: Any) -> dict[str, Any]:
    """A survey's counts chosen in a conflict, with the name of the file they were counted
    from; refused when they are not counts pfdesk can read (a typed value)."""
    from .survey import from_json
    from .survey_file import SurveyError

    try:
        summary = from_json(str(value))
    except SurveyError as exc:
        raise EditError("问卷结果只能在列出的取值中选择（填写的内容不是问卷结果）") from exc
    return {"summary": value, "source_name": summary.file[:200]}


def _what(project: Project, conflict: Conflict) -> str:
    """What a conflict is about, in a history label: the indicator's code, or the row's kind
    and name (满意度调查“居民问卷”)."""
    if conflict.code:
        return conflict.code
    from .change_text import TABLE_LABELS

    row = project.find(conflict.tbl, conflict.row_id)
    if row is not None:
        name = getattr(row, "name", "")
    else:   # deleted here: the name of the row kept in the copy
        name = next((c["row"].get("name", "") for c in choices(conflict)
                     if isinstance(c.get("row"), dict)), "")
    kind = TABLE_LABELS.get(conflict.tbl, "内容")
    return f"{kind}“{name}”" if isinstance(name, str) and name else kind
