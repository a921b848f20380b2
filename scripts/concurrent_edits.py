"""Several processes editing one project file at once (see scripts/filetorture/concurrent.py).

    python scripts/concurrent_edits.py --seconds 20 --writers 2 --mode both
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from filetorture.concurrent import main

if __name__ == "__main__":
    sys.exit(main())
