"""Where the data the program ships lives: the ``resources`` package, found through
``importlib.resources`` so a source checkout, an installed wheel and a frozen bundle behave
the same.

Readers get real file paths (matplotlib registers a font by path, templates are globbed): when
the package is inside a zip archive it is unpacked once, into a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import sys
import tempfile
from functools import cache
from importlib import resources as importlib_resources
from importlib.resources.abc import Traversable
from pathlib import Path

log = logging.getLogger(__name__)

PACKAGE = "resources"
# The checkout's folder, for an environment made before ``resources`` became a package
# (an older editable install that maps only ``pfdesk`` and ``ui``).
_CHECKOUT = Path(__file__).resolve().parent.parent / PACKAGE


@cache
def resources_dir() -> Path:
    """The folder of the ``resources`` package, as a path on disk."""
    try:
        root = importlib_resources.files(PACKAGE)
    except (ModuleNotFoundError, TypeError):  # absent, or a module of that name that is no package
        return _fallback()
    if isinstance(root, Path):
        return root
    # A zipped package (``as_file`` takes only single files before Python 3.12): unpack it for
    # as long as the process runs.
    folder = Path(tempfile.mkdtemp(prefix="pfdesk-resources-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    _unpack(root, folder)
    return folder


def _unpack(source: Traversable, target: Path) -> None:
    for entry in source.iterdir():
        if entry.is_dir():
            (target / entry.name).mkdir()
            _unpack(entry, target / entry.name)
        else:
            (target / entry.name).write_bytes(entry.read_bytes())


def _fallback() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    folder = Path(frozen) / PACKAGE if frozen else _CHECKOUT
    log.info("package %r not importable; reading %s", PACKAGE, folder)
    return folder


def resource(*parts: str) -> Path:
    """A path inside ``resources``."""
    return resources_dir().joinpath(*parts)
