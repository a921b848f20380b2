"""Word reports: the five layouts clients file, in the house style, from the engine's numbers.

``export(paths_or_projects, layout, out_path, style=None, progress=None) -> ExportResult``;
``check_projects`` / ``run_checks`` for the pre-export checks; ``LAYOUTS`` names the layouts.
"""

from .checks import check_all, run_checks
from .export import (
    LAYOUTS,
    ExportError,
    ExportResult,
    build_document,
    check_projects,
    export,
)

__all__ = ["LAYOUTS", "ExportError", "ExportResult", "build_document", "check_all",
           "check_projects", "export", "run_checks"]
