"""``-v`` / ``--verbose`` shows the window's debug log on stderr whichever way the window is
asked for: ``pfdesk -v FILE`` (the path of a double-click with a flag), ``pfdesk FILE -v`` and
``pfdesk -v``; without it, debug lines stay off stderr.

Each run is a fresh process (logging is configured once per process), with a stand-in window
that writes one debug line and one warning through ``logging``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import logging, sys
from pfdesk.cli import main

def window(file, demo):
    logging.getLogger("ui.app").debug("window asked for %s", file)
    logging.getLogger("ui.app").warning("a warning")
    return 0

sys.exit(main(sys.argv[1:], open_window=window))
"""


def run(*args: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True,
                          text=True, env=env, timeout=60, check=True)
    return done.stderr


@pytest.mark.parametrize("args", [("-v", "项目.pfdesk"), ("项目.pfdesk", "--verbose"),
                                  ("--verbose", "./项目"), ("-v",)])
def test_verbose_shows_the_debug_log(args: tuple[str, ...]) -> None:
    err = run(*args)
    file = next((a for a in args if not a.startswith("-")), None)
    assert f"DEBUG ui.app: window asked for {file}" in err
    assert "WARNING ui.app: a warning" in err


@pytest.mark.parametrize("args", [("项目.pfdesk",), ()])
def test_without_verbose_only_warnings_show(args: tuple[str, ...]) -> None:
    err = run(*args)
    assert "DEBUG" not in err and "window asked for" not in err
    assert "WARNING ui.app: a warning" in err
