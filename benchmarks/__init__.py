"""Benchmarks of freshdesk-atom against plain httpx and python-freshdesk on a loopback fake.

Run them all with one command from the repository root::

    .venv/bin/python benchmarks/run.py            # the full run (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # tiny sizes, a CI smoke test

See ``docs/performance.md`` for what each benchmark measures and the latest results.
"""
