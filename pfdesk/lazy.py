"""Names of a package loaded from their modules the first time they are asked for.

A package's ``__init__`` that would import heavy modules (python-docx, openpyxl, every page of
the window) names where each public name lives instead and sets
``__getattr__ = lazy.loader(__name__, homes)``; start-up then loads only what it uses.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def loader(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` loading ``name`` from its relative module in ``homes`` once
    (it is then kept in the package's namespace)."""
    def load(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(home, package), name)
        setattr(sys.modules[package], name, value)
        return value
    return load
