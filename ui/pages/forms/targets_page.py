"""绩效目标: the performance targets table (一级 / 二级 / 三级, 指标值, 实际完成值, 偏差原因,
and optionally the 优 / 良 / 中 / 差 standards).

The 比较 / 数值 / 单位 columns are read from the typed 指标值 (see ``target_list_model``); that
识别为 column is read only, so Tab and Shift+Tab pass over it (and over hidden standards) to the
next cell that can be typed in (``table_keys``).
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from pfdesk.edits import Change

from ...models.target_list_model import STANDARD_FIELDS, TargetListModel
from ...read_only import mark_view_only
from ...session import ProjectSession
from ...widgets.table_keys import skip_read_only
from ..base import Page
from .common import hint_label
from .list_editor import ListEditor

log = logging.getLogger(__name__)


class TargetsPage(Page):
    """绩效目标 page."""

    def __init__(self, session: ProjectSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.title = self.tr("绩效目标")
        self.setAccessibleName(self.title)
        self.model = TargetListModel(session, self)
        self.editor = ListEditor(self.model, self.tr("绩效目标表"), self)
        self.tab_keys = skip_read_only(self.editor.view)
        self.show_standards = QCheckBox(self.tr("显示评价标准（优/良/中/差）"), self)
        mark_view_only(self.show_standards)
        self.show_standards.toggled.connect(self._toggle_standards)
        hint = hint_label(self.tr("指标值可写作 ≥2500件、≤90.41万元、=100%，将自动识别比较方式、数值和单位；"
                              "其他写法视为定性指标。"), self)
        bar = QHBoxLayout()
        bar.addWidget(hint, 1)
        bar.addWidget(self.show_standards)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.editor, 1)
        self._toggle_standards(False)

    def _columns_of(self, fields: tuple[str, ...]) -> list[int]:
        return [i for i, c in enumerate(self.model.columns) if c.field in fields]

    def _toggle_standards(self, shown: bool) -> None:
        for col in self._columns_of(STANDARD_FIELDS):
            self.editor.view.setColumnHidden(col, not shown)

    def refresh(self, change: Change | None) -> None:
        """The model follows the project itself; a full reload re-reads it."""
        if change is None:
            self.model.reload()
            self.editor.fit_columns()
