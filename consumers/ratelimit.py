"""Rate limits for /api/v1/, and each key's requests per day.

Every request to the API is counted in the default cache, which is Redis
shared by every app server in production (cms/cache.py) and the local
memory of one process in development: per key for a request with a key
(API_RATE_LIMIT_KEY), per client address otherwise, a refused key included
(API_RATE_LIMIT_ANONYMOUS), in fixed windows of API_RATE_LIMIT_WINDOW
seconds aligned to the clock. Fixed rather than sliding: one counter and
one round trip per request, and the moment the quota comes back (`t`,
Retry-After) is exact and the same on every server; the price is that a
client may spend two quotas around a window's edge, which a limit meant to
keep one consumer from crowding out the others can bear.

A revalidation (a request with If-None-Match) costs a quarter of a request
when it ends in a 304, which is answered before any query but one; one that
turns out to be a 200 pays the rest.

The client address is the one the login protection locks out
(`cms.ops.auth_events.client_address`: the last X-Forwarded-For hop, which
the proxy adds and a client cannot choose).

Responses carry the fields of draft-ietf-httpapi-ratelimit-headers-10:
`RateLimit-Policy: "anonymous";q=600;w=60` and `RateLimit:
"anonymous";r=12;t=48`; over the limit, a 429 with `{"detail": …}` and
Retry-After. When the cache does not answer, requests are let through
uncounted (logged once): a Redis outage must not take the API down.

A key's requests and refusals per day are counted in the cache too, and
moved into ApiUsage in batches (`flush_usage`): when a key's count for the
day reaches a multiple of USAGE_FLUSH_EVERY, and whenever the admin's usage
view is opened. Any process may flush, one at a time; what a flush moves is
subtracted from the shared counters, so nothing is counted twice.
"""

import hashlib
import logging
import math
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import ngettext

from cms.ops.auth_events import client_address
from pages.api.middleware import API_PREFIX

from .middleware import identify
from .models import ApiKey, ApiUsage

logger = logging.getLogger("consumers")

# A request costs this many shares of the quota, a revalidation one of them.
SHARES = 4
# Usage counters live this long in the cache; a flush looks this far back.
USAGE_KEEP_DAYS = 8
# A flush when a key's requests of the day reach a multiple of this.
USAGE_FLUSH_EVERY = 500
# Seconds a flush may hold the lock that keeps other processes out.
FLUSH_LOCK_SECONDS = 60
FLUSH_LOCK = "ratelimit:usage:flushing"
USAGE_FIELDS = ("requests", "limited")


def clock() -> float:
    """Seconds since the epoch: windows are aligned to it on every server."""
    return time.time()


@dataclass(frozen=True)
class Policy:
    """A quota of requests per window, named as the headers name it."""

    name: str
    quota: int
    window: int

    @property
    def field(self) -> str:
        return f'"{self.name}";q={self.quota};w={self.window}'


def policy_for(request: HttpRequest) -> tuple[Policy, str]:
    """The policy that applies to `request`, and whose count it adds to."""
    window = settings.API_RATE_LIMIT_WINDOW
    key = getattr(request, "api_key", None)
    if key is not None:
        return Policy("key", settings.API_RATE_LIMIT_KEY, window), f"key:{key.pk}"
    # Hashed: whatever the address header holds, the cache key stays short.
    address = hashlib.blake2b(
        client_address(request).encode(), digest_size=16
    ).hexdigest()
    return Policy("anonymous", settings.API_RATE_LIMIT_ANONYMOUS, window), (
        f"address:{address}"
    )


# --- Counting in the cache ------------------------------------------------------


class _Uncounted:
    """Whether this process has reported that it cannot count (once per outage)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reported = False

    def failed(self, error: BaseException | None) -> None:
        with self._lock:
            if self.reported:
                return
            self.reported = True
        logger.error(
            "API rate limits and key usage are not counted: the cache does not "
            "answer (%s). Requests are let through until it does.",
            error or "unavailable",
        )

    def answered(self) -> None:
        if not self.reported:
            return
        with self._lock:
            if not self.reported:
                return
            self.reported = False
        logger.warning("API rate limits are counted again")


_uncounted = _Uncounted()


def _cache_add(name: str, amount: int, timeout: int) -> int | None:
    """`amount` added to the counter `name` (made with `timeout` if new): its
    new value, or None when the cache cannot count."""
    try:
        try:
            return cache.incr(name, amount)
        except ValueError:
            pass  # no such counter yet (or, for TolerantRedisCache, no Redis)
        if cache.add(name, amount, timeout):
            return amount
        # Another request made it meanwhile, or the cache is away.
        return cache.incr(name, amount)
    except ValueError:
        _uncounted.failed(None)
    except Exception as error:  # any cache failure: let the request through
        _uncounted.failed(error)
    return None


def count(name: str, amount: int, timeout: int) -> int | None:
    value = _cache_add(name, amount, timeout)
    if value is not None:
        _uncounted.answered()
    return value


def usage_name(day: date, key_id: int, field: str) -> str:
    return f"ratelimit:usage:{day.isoformat()}:{key_id}:{field}"


def count_usage(key: ApiKey, refused: bool) -> int | None:
    """One more request by `key` today (and one more refusal); the day's
    requests so far as the cache has them."""
    day = timezone.localdate()
    keep = USAGE_KEEP_DAYS * 86400
    if refused:
        count(usage_name(day, key.pk, "limited"), 1, keep)
    return count(usage_name(day, key.pk, "requests"), 1, keep)


# --- Moving usage into the database ---------------------------------------------


def flush_usage() -> bool:
    """Move the usage counted in the cache into ApiUsage. False when another
    process is flushing (or the cache is away): nothing moved this time."""
    if not cache.add(FLUSH_LOCK, 1, FLUSH_LOCK_SECONDS):
        return False
    try:
        _move_usage()
    finally:
        cache.delete(FLUSH_LOCK)
    return True


def _move_usage() -> None:
    today = timezone.localdate()
    days = [today - timedelta(days=n) for n in range(USAGE_KEEP_DAYS)]
    # A key counted in the cache was used then, and `touch` noted it.
    since = timezone.now() - timedelta(days=USAGE_KEEP_DAYS + 1)
    key_ids = ApiKey.objects.filter(last_used_at__gte=since).values_list(
        "pk", flat=True
    )
    names = {
        usage_name(day, key_id, field): (day, key_id, field)
        for key_id in key_ids
        for day in days
        for field in USAGE_FIELDS
    }
    if not names:
        return
    moved: dict[tuple[date, int], dict[str, int]] = {}
    for name, value in cache.get_many(list(names)).items():
        if not value:
            continue
        try:
            # Subtracted, not deleted: requests counted meanwhile stay.
            cache.decr(name, value)
        except ValueError:
            continue  # expired or unreachable since: it stays for next time
        day, key_id, field = names[name]
        moved.setdefault((day, key_id), dict.fromkeys(USAGE_FIELDS, 0))[field] = value
    for (day, key_id), counts in sorted(moved.items()):
        with transaction.atomic():
            ApiUsage.objects.get_or_create(key_id=key_id, day=day)
            ApiUsage.objects.filter(key_id=key_id, day=day).update(
                **{field: F(field) + value for field, value in counts.items()}
            )


def _flush_in_request() -> None:
    """A flush that an API request triggers: whatever fails, the request
    gets its answer (the counts stay in the cache for the next flush)."""
    try:
        flush_usage()
    except Exception:  # never a 500 for the usage figures
        logger.exception("API key usage could not be written to the database")


# --- The middleware ---------------------------------------------------------------


def too_many_requests(seconds: int) -> JsonResponse:
    detail = ngettext(
        "För många anrop. Försök igen om %(seconds)s sekund.",
        "För många anrop. Försök igen om %(seconds)s sekunder.",
        seconds,
    ) % {"seconds": seconds}
    response = JsonResponse({"detail": detail}, status=429)
    response["Retry-After"] = str(seconds)
    # A refusal is this client's alone: no cache in front may keep it.
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Counts each /api/v1/ request (not CORS preflights) against its policy,
    refuses it with a 429 once the window's quota is spent, and says where
    the client stands in the RateLimit fields of every answer."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX) or request.method == "OPTIONS":
            return self.get_response(request)
        # The key first (a refused one counts against the address, so that
        # guessing keys is limited like any anonymous use).
        identify(request)
        policy, who = policy_for(request)
        now = clock()
        window = int(now // policy.window)
        reset = max(1, math.ceil((window + 1) * policy.window - now))
        name = f"ratelimit:{who}:{policy.window}:{window}"
        revalidation = "If-None-Match" in request.headers
        used = count(name, 1 if revalidation else SHARES, policy.window)
        refused = used is not None and used > policy.quota * SHARES

        key = getattr(request, "api_key", None)
        day_total = count_usage(key, refused) if key is not None else None

        if refused:
            response = too_many_requests(reset)
        else:
            response = self.get_response(request)
            if revalidation and used is not None and response.status_code != 304:
                used = count(name, SHARES - 1, policy.window) or used

        response["RateLimit-Policy"] = policy.field
        if used is not None:
            remaining = max(0, policy.quota * SHARES - used) // SHARES
            response["RateLimit"] = f'"{policy.name}";r={remaining};t={reset}'
        if day_total and day_total % USAGE_FLUSH_EVERY == 0:
            _flush_in_request()
        return response
