"""What the bundle (installer/pfdesk.spec) takes besides what PyInstaller's import analysis
finds: kept apart from the spec so tests read them without running PyInstaller.

- ``resource_datas``: every data file of the ``resources`` package (templates, fonts, phrases,
  icons), at the same place relative to the bundle's root as in a checkout.
- ``HIDDEN_PACKAGES``: packages whose modules are loaded by name (``pfdesk.lazy``, the window's
  pages built on first show, the command line's subcommand modules); the spec takes every
  module of them.
- ``EXCLUDES``: what the program never uses but the analysis would pull in.
- ``wanted_data``: Qt's catalogues of other languages are left out (the program speaks
  Simplified Chinese; ui.app loads qtbase_zh_CN).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = "resources"
HIDDEN_PACKAGES = ("pfdesk", "ui", PACKAGE)
SKIPPED_SUFFIXES = (".py", ".pyc")

EXCLUDES = [
    "tkinter", "_tkinter", "turtle", "idlelib",                   # no Tk anywhere
    "matplotlib.backends.backend_tkagg", "matplotlib.backends.backend_tkcairo",
    "matplotlib.backends._backend_tk",
    "PyQt5", "PyQt6", "PySide2", "IPython", "jupyter_client",      # other Qt bindings, notebooks
    "pytest", "_pytest", "pytestqt", "mypy", "ruff", "openxml_audit",  # test tools
    "PyInstaller",
]


QT_TRANSLATIONS = "PySide6/Qt/translations/"
KEPT_LANGUAGE = "_zh_CN.qm"


def wanted_data(dest: str) -> bool:
    """False for a data file the bundle leaves out (``dest``: its path in the bundle)."""
    dest = dest.replace("\\", "/")
    return not dest.startswith(QT_TRANSLATIONS) or dest.endswith(KEPT_LANGUAGE)


def resource_datas(root: Path) -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for each data file of ``root/resources``."""
    base = root / PACKAGE
    found = []
    for path in sorted(base.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix in SKIPPED_SUFFIXES:
            continue
        found.append((str(path), path.parent.relative_to(root).as_posix()))
    return found
