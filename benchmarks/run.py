"""Run every benchmark with one command, from the repository root.

    .venv/bin/python benchmarks/run.py            # the full run
    .venv/bin/python benchmarks/run.py --quick    # tiny sizes, seconds (the CI smoke test)

It prints Markdown tables (see ``docs/performance.md``). python-freshdesk's rows
need ``pip install 'freshdesk-atom[bench]'``; without it they say "not installed".
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, Python puts benchmarks/ on sys.path; the harness imports the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._harness import main

if __name__ == "__main__":
    sys.exit(main())
