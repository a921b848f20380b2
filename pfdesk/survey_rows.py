"""The satisfaction surveys kept in a project (table ``survey``), read back as summaries.

A survey row keeps the counted answers as JSON (``survey.to_json``); reading them checks them
again (the file may come from anyone), so a survey that cannot be read is set aside with the
reason instead of stopping the project from opening; rules that read it name it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Survey
from .survey import Summary, SurveyError, from_json

if TYPE_CHECKING:
    from .project import Project

MAX_NAME = 40


def surveys(project: Project) -> list[Survey]:
    """The project's survey rows, in order."""
    return project.rows(Survey)


def by_name(project: Project, name: str) -> Survey | None:
    """The survey row of that name, or None."""
    return next((s for s in surveys(project) if s.name == name), None)


def read(project: Project) -> tuple[dict[str, Summary], dict[str, str]]:
    """(summaries by survey name, the reason each unreadable survey cannot be read)."""
    readable: dict[str, Summary] = {}
    broken: dict[str, str] = {}
    for row in surveys(project):
        try:
            readable.setdefault(row.name, from_json(row.summary))
        except SurveyError as exc:
            broken.setdefault(row.name, str(exc))
    return readable, broken


def summaries(project: Project) -> dict[str, Summary]:
    """The readable surveys by name."""
    return read(project)[0]
