"""Word reports: the five layouts clients file, in the house style, from the engine's numbers.

``export.export(paths_or_projects, layout, out_path, style=None, progress=None) ->
ExportResult`` (``from pfdesk.reports.export import export``: the package's name ``export`` is
the module, which Python binds there as soon as anything imports it, so the function is not
offered under the same name); ``check_projects`` / ``run_checks`` / ``check_all`` for the
pre-export checks, each failure a ``Check`` (kind, where, message, what to do); ``LAYOUTS``
names the layouts.

The names are loaded on first use (PEP 562): importing this package loads neither python-docx
nor openpyxl, so the window starts without them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy

if TYPE_CHECKING:
    from .checks import Check, check_all, run_checks
    from .export import (
        LAYOUTS,
        ExportError,
        ExportResult,
        build_document,
        check_projects,
    )

_HOMES = {"Check": ".checks", "check_all": ".checks", "run_checks": ".checks",
          "LAYOUTS": ".export", "ExportError": ".export", "ExportResult": ".export",
          "build_document": ".export", "check_projects": ".export"}

__all__ = ["LAYOUTS", "Check", "ExportError", "ExportResult", "build_document", "check_all",
           "check_projects", "run_checks"]


__getattr__ = lazy.loader(__name__, _HOMES)
