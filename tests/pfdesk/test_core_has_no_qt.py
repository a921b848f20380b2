"""The core never imports Qt or the window: checked on the source and by importing it with Qt blocked."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pfdesk

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "ui", "matplotlib.backends.backend_qt",
             "matplotlib.backends.backend_qtagg", "matplotlib.pyplot")


def _modules():
    root = Path(pfdesk.__file__).parent
    return [m.name for m in pkgutil.walk_packages([str(root)], "pfdesk.")
            if m.name != "pfdesk.__main__"], root


def test_no_forbidden_import_in_source():
    root = Path(pfdesk.__file__).parent
    offenders = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                    offenders.append(f"{path.relative_to(root)}: {name}")
    assert offenders == []


def test_every_core_module_imports_with_qt_blocked():
    names, _ = _modules()
    code = ("import sys, importlib\n"
            "for blocked in ('PySide6', 'ui'): sys.modules[blocked] = None\n"
            f"for name in {names!r}: importlib.import_module(name)\n"
            "print('ok')\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
