#!/usr/bin/env python
"""Benchmark the delivery API (/api/v1/) against Wagtail's API v2: `make bench`.

Builds a fresh dataset in its own database (BENCH_DATABASE_URL, default
sqlite:///var/bench.sqlite3), then times requests in-process with Django's
test client and writes tests/benchmarks/results/api.json.

Environment:
    BENCH_DATABASE_URL  the benchmark database; dropped and rebuilt every run
    BENCH_RESOURCES     resources in total, demo ones included (default 10000)
    BENCH_REPEATS       timed requests per case (default 200)
    BENCH_WARMUP        untimed requests per case first (default 20)
    BENCH_HOST          the site the requests go to (default molndal.localhost)
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def main() -> int:
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    # Always the benchmark settings, whatever the shell has set.
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"

    import django

    django.setup()

    from tests.benchmarks.api import run

    return run()


if __name__ == "__main__":
    sys.exit(main())
