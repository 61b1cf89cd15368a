"""Benchmarks of freshdesk-atom against plain httpx and python-freshdesk on a loopback fake.

Run them from the repository root::

    .venv/bin/python benchmarks/run.py            # the full run
    .venv/bin/python benchmarks/run.py --quick    # tiny sizes, the CI smoke test

``_contenders.py`` is the work each contender does, ``_harness.py`` the
workloads, statistics and tables, ``_server.py`` the fake on loopback. See
``docs/performance.md`` for the method and the latest results.
"""
