"""Word reports: the five layouts clients file, in the house style, from the engine's numbers.

``export(paths_or_projects, layout, out_path, style=None, progress=None) -> ExportResult``;
``check_projects`` / ``run_checks`` / ``check_all`` for the pre-export checks, each failure a
``Check`` (kind, where, message, what to do); ``LAYOUTS`` names the layouts.
"""

from .checks import Check, check_all, run_checks
from .export import (
    LAYOUTS,
    ExportError,
    ExportResult,
    build_document,
    check_projects,
    export,
)

__all__ = ["LAYOUTS", "Check", "ExportError", "ExportResult", "build_document", "check_all",
           "check_projects", "export", "run_checks"]
