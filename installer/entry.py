"""The frozen program's entry script: the same ``pfdesk`` command as the installed console
script (``ui.launch:main``), so a bundle and a checkout take the same path."""

from __future__ import annotations

import sys

from ui.launch import main

if __name__ == "__main__":
    sys.exit(main())
