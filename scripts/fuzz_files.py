"""Fuzz pfdesk's project files, journals, dumps and sheets (see scripts/filetorture/fuzz.py).

    python scripts/fuzz_files.py --count 10000 --seed 1 --out /tmp/fuzz
    python scripts/fuzz_files.py --replay /tmp/pfdesk-findings/fuzz-seed1/00042-journal_super
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filetorture.fuzz import main

if __name__ == "__main__":
    sys.exit(main())
