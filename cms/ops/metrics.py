"""/metrics for Prometheus: request latency, the sharing queue, failures.

- `trygghet_http_request_duration_seconds` (histogram): per view (its URL
  name, so the label set stays small), method and status class;
- `trygghet_search_backend_failures_total`: searches that Elasticsearch did
  not answer, which the database answered instead;
- read from the database at each scrape, so right whichever process
  answers: `trygghet_sharing_queue_waiting`,
  `trygghet_sharing_queue_oldest_age_seconds`,
  `trygghet_sharing_tasks_running`, `trygghet_sharing_tasks_failed_24h`,
  `trygghet_sharing_pending` (fan-outs owed), `trygghet_sharing_failures`
  (member sites a fan-out could not reach), `trygghet_sharing_workers_alive`.

Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR to an
empty directory (emptied at each start) so that the scrape adds up every
worker process (prometheus_client's multiprocess mode). With METRICS_TOKEN
set, /metrics asks for `Authorization: Bearer <token>`.
"""

import datetime
import hmac
import os
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from pages.models import SharingFailure, SharingWorker
from pages.syndication import owed
from search.backends.base import search_backend_failed

from .health import QUEUE_BACKEND, queue_ages

REQUEST_DURATION = Histogram(
    "trygghet_http_request_duration_seconds",
    "Time to answer a request, per view, method and status class.",
    ["view", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
SEARCH_BACKEND_FAILURES = Counter(
    "trygghet_search_backend_failures_total",
    "Searches a backend failed and its fallback answered.",
    ["backend", "operation"],
)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def view_label(request) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unresolved"
    return match.view_name or match.route or "unnamed"


class MetricsMiddleware:
    """Times every request (outermost but for the request id)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_DURATION.labels(
            view=view_label(request),
            method=request.method if request.method in METHODS else "other",
            status=f"{response.status_code // 100}xx",
        ).observe(time.perf_counter() - started)
        return response


def count_search_failure(sender, backend: str, operation: str, **kwargs) -> None:
    SEARCH_BACKEND_FAILURES.labels(backend=backend, operation=operation).inc()


search_backend_failed.connect(count_search_failure, dispatch_uid="metrics")


class SharingCollector:
    """The sharing queue and workers, read from the database at each scrape."""

    def collect(self):
        queue = queue_ages()
        age = queue["oldest_age"]
        tasks = DBTaskResult.objects.filter(backend_name=QUEUE_BACKEND)
        day_ago = timezone.now() - datetime.timedelta(days=1)
        figures = {
            "trygghet_sharing_queue_waiting": (
                "Fan-out tasks waiting for a worker.",
                queue["waiting"],
            ),
            "trygghet_sharing_queue_oldest_age_seconds": (
                "How long the oldest waiting fan-out task has waited.",
                age.total_seconds() if age is not None else 0,
            ),
            "trygghet_sharing_tasks_running": (
                "Fan-out tasks running now.",
                tasks.filter(status=TaskResultStatus.RUNNING).count(),
            ),
            "trygghet_sharing_tasks_failed_24h": (
                "Fan-out tasks that failed in the last 24 hours.",
                tasks.filter(
                    status=TaskResultStatus.FAILED, finished_at__gte=day_ago
                ).count(),
            ),
            "trygghet_sharing_pending": (
                "GR pages whose latest publish has not reached the members.",
                owed().count(),
            ),
            "trygghet_sharing_failures": (
                "Member sites the last fan-out of a page could not reach.",
                SharingFailure.objects.count(),
            ),
            "trygghet_sharing_workers_alive": (
                "Sharing workers beating now.",
                SharingWorker.objects.alive().count(),
            ),
        }
        for name, (documentation, value) in figures.items():
            yield GaugeMetricFamily(name, documentation, value=value)


_COLLECTOR = SharingCollector()


def registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        scraped = CollectorRegistry()
        multiprocess.MultiProcessCollector(scraped)
    else:
        scraped = CollectorRegistry(auto_describe=True)
        scraped.register(_ProcessMetrics())
    scraped.register(_COLLECTOR)
    return scraped


class _ProcessMetrics:
    """This process's own metrics (the default registry's)."""

    def collect(self):
        yield from REGISTRY.collect()


@require_GET
@never_cache
def metrics(request):
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
