"""The performance targets table (绩效目标表) as a list model, and reading a typed 指标值.

A 指标值 typed as '≥2500件', '≤ 90.41万元', '=100%' is split into comparator, number and unit by
the core's reader (``pfdesk.targets``, where the rules read targets too) and stored with the
text in one command.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from pfdesk.model import Row, Target
from pfdesk.targets import number_text, parse_target_value

from ..session import ProjectSession
from ..widgets.roles import EDITOR_CHOICE_FREE, EDITOR_MULTILINE, EDITOR_READONLY
from .row_list_model import ColumnSpec, RowListModel

log = logging.getLogger(__name__)

LEVEL1_CHOICES = ("产出指标", "效益指标", "满意度指标")
LEVEL2_CHOICES = (
    "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标",
    "生态效益指标", "可持续影响指标", "服务对象满意度指标",
)


def parsed_text(target: Target) -> str:
    """What a target value was read as: '≥ 2500 件', '≤ 90.41 万元', '定性'."""
    if target.comparator == "定性" or target.number is None:
        return QCoreApplication.translate("RowListModel", "定性")
    return f"{target.comparator} {number_text(target.number)} {target.unit}".strip()


_ = QT_TRANSLATE_NOOP
TARGET_COLUMNS = (
    ColumnSpec("level1", _("RowListModel", "一级指标"), EDITOR_CHOICE_FREE, LEVEL1_CHOICES,
               width=80),
    ColumnSpec("level2", _("RowListModel", "二级指标"), EDITOR_CHOICE_FREE, LEVEL2_CHOICES,
               width=110),
    ColumnSpec("level3", _("RowListModel", "三级指标"), width=170),
    ColumnSpec("target_text", _("RowListModel", "指标值"), width=110,
               tip=_("RowListModel", "如 ≥2500件、≤90.41万元、=100%；其他写法按定性指标处理")),
    ColumnSpec("comparator", _("RowListModel", "识别为"), EDITOR_READONLY, width=96,
               tip=_("RowListModel", "由指标值自动识别的比较方式、数值和单位")),
    ColumnSpec("actual_value", _("RowListModel", "实际完成值"), width=100),
    ColumnSpec("deviation_reason", _("RowListModel", "偏差原因"), EDITOR_MULTILINE, width=170),
    ColumnSpec("note", _("RowListModel", "指标值说明"), EDITOR_MULTILINE, width=170),
    ColumnSpec("std_excellent", _("RowListModel", "优"), width=120),
    ColumnSpec("std_good", _("RowListModel", "良"), width=120),
    ColumnSpec("std_fair", _("RowListModel", "中"), width=120),
    ColumnSpec("std_poor", _("RowListModel", "差"), width=120),
)
STANDARD_FIELDS = ("std_excellent", "std_good", "std_fair", "std_poor")


class TargetListModel(RowListModel):
    """绩效目标 rows; typing a 指标值 also stores its comparator, number and unit."""

    item_name = _("RowListModel", "绩效目标")

    def __init__(self, session: ProjectSession, parent: QObject | None = None) -> None:
        super().__init__(session, Target, TARGET_COLUMNS, parent=parent)

    def display(self, row: Row, spec: ColumnSpec) -> str:
        """识别为: '≥ 2500 件' or '定性'; the rest as stored."""
        if spec.field == "comparator":
            return parsed_text(row)  # type: ignore[arg-type]
        return super().display(row, spec)

    def field_changes(self, row: Row, spec: ColumnSpec, value: Any) -> dict[str, Any]:
        """A new 指标值 brings its parsed comparator, number and unit."""
        if spec.field != "target_text":
            return super().field_changes(row, spec, value)
        comparator, number, unit = parse_target_value(value)
        return {"target_text": value, "comparator": comparator, "number": number, "unit": unit}
