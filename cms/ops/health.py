"""/healthz and /readyz, for load balancers and orchestrators.

/healthz: the process answers (no database, no cache).
/readyz: the process can serve: the database and the cache answer, so does
Elasticsearch when it is configured, and the sharing queue is moving (its
oldest waiting task is younger than READINESS_MAX_QUEUE_AGE seconds: older
means no worker is taking tasks). 503 when any check fails.

Both are open (a load balancer does not log in) and say only "ok" or a
word for what failed: no host names, versions or error messages. Each
check is bounded in time, so a dead dependency makes /readyz fail fast
rather than hang.
"""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from django_tasks_db.models import DBTaskResult, get_date_max

from search.backends.elasticsearch.connection import public_backend

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
TOO_OLD = "too old"
# The sharing fan-out's queue (pages/syndication/: TASK_BACKEND).
QUEUE_BACKEND = "sharing"
# Seconds a database check may take on PostgreSQL.
DATABASE_TIMEOUT_MS = 2000


@require_GET
@never_cache
def healthz(request):
    return JsonResponse({"status": OK})


@require_GET
@never_cache
def readyz(request):
    checks = {
        name: _run(name, check)
        for name, check in CHECKS.items()
        # Without Elasticsearch there is nothing to ask (and asking would log
        # a failure at every probe).
        if name != "elasticsearch" or settings.ELASTICSEARCH_URL
    }
    ready = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )


def _run(name: str, check: Callable[[], str]) -> str:
    try:
        return check()
    except Exception:
        # The operator's log says why; the probe's answer does not.
        logger.warning("Readiness check %s failed", name, exc_info=True)
        return UNAVAILABLE


def database() -> str:
    """The database answers, and is this project's (its migrations are there)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET statement_timeout = {DATABASE_TIMEOUT_MS}")
        cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
        cursor.fetchone()
        if connection.vendor == "postgresql":
            cursor.execute("SET statement_timeout = 0")
    return OK


def cache() -> str:
    """A round trip to the cache server, past the outage tolerance
    (TolerantRedisCache answers misses while Redis is away: ask its client)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return OK if backend._cache.get_client(write=True).ping() else UNAVAILABLE
    return OK  # an in-process cache is always there


def elasticsearch() -> str:
    client = public_backend().es.options(request_timeout=2)
    return OK if client.ping() else UNAVAILABLE


def queue_ages() -> dict[str, datetime.timedelta | int | None]:
    """The sharing queue: how many tasks wait, and the oldest one's wait.

    A task deferred to run later is waiting from its run_after on; one not
    deferred has the largest date there (django-tasks-db's "no run_after").
    """
    waiting = DBTaskResult.objects.ready().filter(backend_name=QUEUE_BACKEND)
    since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest(F("enqueued_at"), F("run_after")),
    )
    figures = waiting.aggregate(waiting=Count("pk"), oldest=Min(since))
    oldest = figures["oldest"]
    return {
        "waiting": figures["waiting"],
        "oldest_age": timezone.now() - oldest if oldest is not None else None,
    }


def queue() -> str:
    age = queue_ages()["oldest_age"]
    limit = datetime.timedelta(seconds=settings.READINESS_MAX_QUEUE_AGE)
    return TOO_OLD if age is not None and age > limit else OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": database,
    "cache": cache,
    "elasticsearch": elasticsearch,
    "queue": queue,
}
