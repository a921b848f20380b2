"""SIGKILL a process editing a project file at random moments (see scripts/filetorture/kill.py).

    python scripts/kill_edits.py --rounds 200
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filetorture.kill import main

if __name__ == "__main__":
    sys.exit(main())
