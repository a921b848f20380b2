"""Typed exceptions the core raises; the command line and the window word them for users."""

from __future__ import annotations

from pathlib import Path


class PfdeskError(Exception):
    """Base class: ``str(exc)`` is one line in plain Chinese that says what happened."""


class ProjectFileError(PfdeskError):
    """A project file cannot be used (damaged, foreign, newer, hostile)."""

    def __init__(self, path: str | Path, reason: str, action: str = "无法打开") -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{action}项目文件 {self.path.name}：{reason}")


class EditError(PfdeskError):
    """An edit was refused (bad value, unknown row); the project is unchanged."""


class ImportError_(PfdeskError):  # noqa: N801, N818 (avoids shadowing the builtin)
    """An outside sheet or dump could not be read; names the place where it went wrong."""


class TemplateError(PfdeskError):
    """A bundled or user template is malformed."""
