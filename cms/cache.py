"""A Redis cache that, while Redis is away, behaves as an empty cache.

Everything this project and Wagtail keep in the cache can be computed again
from the database, so an outage of Redis must make the site slower, never
make it fail. TolerantRedisCache is Django's RedisCache with every operation
guarded: a Redis error is logged (once per LOG_EVERY), and for the next
RETRY_AFTER seconds the cache is not even tried (reads miss, writes are
dropped), so a stopped server costs no connection attempt per lookup. Then
it tries again, and is back as soon as Redis answers.

`settings.CACHES` uses it when REDIS_URL is set (cms/settings/base.py), with
short socket timeouts so that a Redis that hangs rather than refuses is
noticed quickly too.
"""

import functools
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, seconds during which Redis is not tried again.
RETRY_AFTER = 5.0
# At most one log line per this many seconds while Redis stays away.
LOG_EVERY = 60.0

_FAILURES = (RedisError, OSError)


class _Outage:
    """Shared by the cache's threads: when Redis last failed, and was reported."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.failed_at: float | None = None
        self.logged_at: float | None = None
        self.missed = 0

    def open(self) -> bool:
        """Redis failed lately: skip it for now."""
        failed_at = self.failed_at
        return failed_at is not None and time.monotonic() - failed_at < RETRY_AFTER

    def failed(self, location: str, error: BaseException) -> None:
        now = time.monotonic()
        with self._lock:
            self.failed_at = now
            self.missed += 1
            if self.logged_at is not None and now - self.logged_at < LOG_EVERY:
                return
            self.logged_at = now
            missed, self.missed = self.missed, 0
        logger.error(
            "The cache (Redis at %s) is unavailable; working without it "
            "(%s call(s) missed the cache since the last report): %s",
            location,
            missed,
            error,
        )

    def answered(self, location: str) -> None:
        if self.failed_at is None:
            return
        with self._lock:
            if self.failed_at is None:
                return
            self.failed_at = None
            self.logged_at = None
            self.missed = 0
        logger.warning("The cache (Redis at %s) answers again", location)


# One per Redis location and process, shared by the threads' cache objects
# (Django makes one per thread), so that a process reports an outage once.
_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def _outage_of(location: str) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(location, _Outage())


def _tolerant(default: Callable[[], Any]):
    """Run the RedisCache method, or return a new `default()` while Redis
    fails (a new one each time: callers may change what they get)."""

    def decorate(method):
        @functools.wraps(method)
        def guarded(self, *args, **kwargs):
            if self._outage.open():
                return default()
            try:
                result = method(self, *args, **kwargs)
            except _FAILURES as error:
                self._outage.failed(self._location, error)
                return default()
            self._outage.answered(self._location)
            return result

        return guarded

    return decorate


class TolerantRedisCache(RedisCache):
    """Django's RedisCache; a Redis outage reads as misses and drops writes."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        # Where, without the password, for the log.
        self._location = ",".join(
            location.rsplit("@", 1)[-1] for location in self._servers
        )
        self._outage = _outage_of(self._location)

    def get(self, key, default=None, version=None):
        if self._outage.open():
            return default
        try:
            value = super().get(key, default, version)
        except _FAILURES as error:
            self._outage.failed(self._location, error)
            return default
        self._outage.answered(self._location)
        return value

    add = _tolerant(bool)(RedisCache.add)
    set = _tolerant(type(None))(RedisCache.set)
    touch = _tolerant(bool)(RedisCache.touch)
    delete = _tolerant(bool)(RedisCache.delete)
    get_many = _tolerant(dict)(RedisCache.get_many)
    has_key = _tolerant(bool)(RedisCache.has_key)
    set_many = _tolerant(list)(RedisCache.set_many)
    delete_many = _tolerant(type(None))(RedisCache.delete_many)
    clear = _tolerant(bool)(RedisCache.clear)

    def incr(self, key, delta=1, version=None):
        # A missing key is a ValueError for every cache backend; during an
        # outage, every key is missing.
        if self._outage.open():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        try:
            value = super().incr(key, delta, version)
        except _FAILURES as error:
            self._outage.failed(self._location, error)
            raise ValueError(
                f"Key '{key}' not found (the cache is unavailable)"
            ) from error
        self._outage.answered(self._location)
        return value
