"""Importing indicator systems and scores from outside files (Excel score sheets)."""

from __future__ import annotations

from .excel import SheetImport, import_sheet, read_indicator_sheet

__all__ = ["SheetImport", "import_sheet", "read_indicator_sheet"]
