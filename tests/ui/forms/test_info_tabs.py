"""项目信息's later tabs (目标与等级, 报告章节): built when first shown or looked up, showing the
project as it is then, and locked like the rest of the page when the project is read-only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView

from pfdesk.commands import set_info, set_narrative
from pfdesk.project import Project
from ui.pages.forms import InfoPage
from ui.pages.forms.bands_editor import BandsEditor
from ui.pages.forms.narrative_editor import NarrativeEditor
from ui.read_only import lock_editors
from ui.session import HistoryStack, ProjectSession

from .conftest import INFO, reopen
from .test_pages import open_page

GOALS, SECTIONS = 1, 2


def test_later_tabs_are_built_when_first_shown(qtbot, session):
    page = open_page(qtbot, InfoPage, session)
    assert page.findChildren(BandsEditor) == [] and page.findChildren(NarrativeEditor) == []
    # Edits made before a tab is built are shown by it.
    session.push(set_info(session.project, overall_goal="建成指挥中心。"))
    session.push(set_narrative(session.project, "basis", "依据区政府常务会议纪要。"))
    page.tabs.setCurrentIndex(GOALS)
    [bands] = page.findChildren(BandsEditor)
    assert page.findChildren(NarrativeEditor) == []
    overall = page.binder.editors["overall_goal"]
    assert overall.isVisible() and overall.toPlainText() == "建成指挥中心。"
    assert page.binder.editors["annual_goal"].toPlainText() == INFO.annual_goal
    assert bands.model.rowCount() == 4 and page.bands is bands    # 优 良 中 差
    page.tabs.setCurrentIndex(SECTIONS)
    [sections] = page.findChildren(NarrativeEditor)
    assert page.narratives is sections and sections.isVisible()
    sections.show_section("basis")
    assert sections.editor.toPlainText() == "依据区政府常务会议纪要。"
    # A field typed on the tab built late is stored like any other.
    page.tabs.setCurrentIndex(GOALS)
    overall.setPlainText("建成并投入运行。")
    overall.commit()
    with reopen(session) as again:
        assert again.info.overall_goal == "建成并投入运行。"


def test_looking_a_goal_field_up_builds_its_tab(qtbot, session):
    """Ctrl+F goes to a field on 目标与等级 before the tab was ever shown."""
    page = open_page(qtbot, InfoPage, session)
    assert page.binder.editors.get("annual_goal").toPlainText() == INFO.annual_goal
    assert len(page.findChildren(BandsEditor)) == 1
    assert page.binder.editors.get("no_such_field") is None
    assert page.narratives.current_key() == "background"


def test_read_only_project_locks_the_tabs_built_late(qtbot, project_path: Path):
    project = Project.open(project_path, readonly=True)
    session = ProjectSession(project, HistoryStack())
    try:
        page = open_page(qtbot, InfoPage, session)
        lock_editors(page)                    # as the window does with a read-only project
        assert page.binder.editors["name"].isReadOnly()
        page.tabs.setCurrentIndex(GOALS)
        assert page.binder.editors["overall_goal"].isReadOnly()
        assert page.bands.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
        page.tabs.setCurrentIndex(SECTIONS)
        assert page.narratives.editor.isReadOnly()
    finally:
        project.close()
