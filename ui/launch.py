"""The ``pfdesk`` command's entry point: subcommands run headless in the core, no Qt loaded;
without one, the window opens.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pfdesk.selftest import Check, Expected


def _prepare(file: str) -> None:
    """Before Qt loads: start checking the file in the background (on Linux in a forked copy
    of this process, which runs beside the loading of Qt and the building of the window; it
    is forked now, while this process has no other thread and no Qt) and import the core that
    opens and scores it (imported before Qt, the core's modules skip the check PySide makes of
    every module imported after it)."""
    from pfdesk.filecheck import check_ahead

    check_ahead(file, apart=True)
    import pfdesk.live_scores
    import pfdesk.project  # noqa: F401


def _open_window(file: str | None, demo: bool) -> int:
    try:
        if file:
            _prepare(file)
        from ui.app import run_app
    except ImportError as exc:
        print(f"pfdesk：无法启动窗口（{exc}）。命令行子命令仍可使用，见 pfdesk --help。",
              file=sys.stderr)
        return 2
    return int(run_app(file=file, demo=demo))


def _window_selftest(expected: Expected) -> Iterator[Check]:
    from ui.selftest import window_checks  # Qt loads only when the self-test reaches the window

    return window_checks(expected)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``pfdesk``: the core's command line, with the window as its no-subcommand action
    and the window's part of ``--selftest``."""
    from pfdesk.cli import main as cli_main

    return cli_main(argv, open_window=_open_window, window_selftest=_window_selftest)


if __name__ == "__main__":
    raise SystemExit(main())
