"""Benchmark settings: the test settings, a separate database, DEBUG off.

The database comes from BENCH_DATABASE_URL (default: SQLite in
var/bench.sqlite3); it is rebuilt from nothing on every run, so it must never
be the development database or the test database. Media (images and their
renditions) go to var/bench-media, which is also rebuilt on every run.
"""

import os

import dj_database_url

from cms.settings.test import *  # noqa: F403
from cms.settings.test import VAR_DIR

DEBUG = False

BENCH_DATABASE_URL = os.environ.get("BENCH_DATABASE_URL") or (
    f"sqlite:///{VAR_DIR / 'bench.sqlite3'}"
)
DATABASES = {"default": dj_database_url.parse(BENCH_DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Emptied on every run, so always a folder named bench-media (api.py checks).
MEDIA_ROOT = os.environ.get("BENCH_MEDIA_ROOT") or str(VAR_DIR / "bench-media")

# Every request comes from the test client's one address: the rate limits
# are counted (their cost is part of what is measured), never reached.
API_RATE_LIMIT_ANONYMOUS = API_RATE_LIMIT_KEY = 1_000_000_000

# The in-process benchmarks ask the same question hundreds of times: with the
# answers kept in the cache they would time the cache, not the read path.
# Kept answers are measured by `make bench-peers` (peers/run.py), over HTTP
# with the production settings, beside the same questions with the cache
# emptied.
API_RESPONSE_CACHE_SECONDS = 0
PAGE_CACHE_SECONDS = 0
