#!/usr/bin/env python
"""`make bench`: the delivery API, sharing and search benchmarks, in turn.

1. The delivery API (/api/v1/) against Wagtail's API v2 (api.py): builds a
   dataset in its own database and times requests in-process with Django's
   test client; writes tests/benchmarks/results/api.json.
2. Sharing (sharing.py): publishing one GR resource to 13, 50 and 290 member
   sites, timed and counted; writes tests/benchmarks/results/sharing.json.
3. Search (search.py): Swedish relevance (recall@5, MRR) and search and
   autocomplete latency at 10,000 and 100,000 resources; writes
   tests/benchmarks/results/search.json.

All use the benchmark database (BENCH_DATABASE_URL, default
sqlite:///var/bench.sqlite3) and rebuild it from nothing, each in turn.

Environment:
    BENCH_ONLY          "api", "sharing" or "search" to run one (default: all)
    BENCH_DATABASE_URL  the benchmark database; dropped and rebuilt every run
    BENCH_RESOURCES     API: resources in total, demo ones included (10000)
    BENCH_REPEATS       API: timed requests per case (default 200)
    BENCH_WARMUP        API: untimed requests per case first (default 20)
    BENCH_HOST          API: the site the requests go to (molndal.localhost)
    BENCH_SHARING_SITES    sharing: member site counts (default 13,50,290)
    BENCH_SHARING_REPEATS  sharing: timed publishes per count (default 2)
    BENCH_SHARING_PROFILE  sharing: the count to profile (default the middle
                           one; 0 for none)
    BENCH_SEARCH_SIZES     search: resource counts to measure (10000,100000)
    BENCH_SEARCH_REPEATS   search: timed rounds per case (default 30)
"""

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
SUITES = ("api", "sharing", "search")


def main() -> int:
    only = os.environ.get("BENCH_ONLY", "").strip()
    if only and only not in SUITES:
        raise SystemExit(f"BENCH_ONLY must be one of {', '.join(SUITES)}, not {only}")
    sys.path.insert(0, str(BASE_DIR))
    os.chdir(BASE_DIR)
    # Always the benchmark settings, whatever the shell has set.
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.benchmarks.settings"

    import django

    django.setup()

    from tests.benchmarks import api, search, sharing

    for name, run in (
        ("api", api.run),
        ("sharing", sharing.run),
        ("search", search.run),
    ):
        if only in ("", name):
            status = run()
            if status:
                return status
    return 0


if __name__ == "__main__":
    sys.exit(main())
