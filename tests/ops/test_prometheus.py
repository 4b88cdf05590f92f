"""/metrics: request latency per view, the sharing queue, search failures."""

from django.test import override_settings

from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from pages import syndication
from pages.models import SharingSync
from pages.syndication import workers
from search.elasticsearch import PUBLIC_BACKEND, backend_settings
from tests.api.utils import ApiTestCase
from tests.ops.redis_server import free_port
from tests.pages.sharing_cases import QUEUED_SHARING


class MetricsTestCase(ApiTestCase):
    @property
    def resources(self) -> list:
        return [self.article, self.video, self.link, self.podcast, self.webinar]

    def samples(self, **headers) -> dict[tuple, float]:
        response = self.client.get("/metrics", **headers)
        self.assertEqual(response.status_code, 200)
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples
        }

    def value(self, samples, name: str, **labels) -> float:
        return samples.get((name, tuple(sorted(labels.items()))), 0.0)


class RequestMetricsTests(MetricsTestCase):
    def test_each_request_is_timed_under_its_view_not_its_path(self):
        name = "trygghet_http_request_duration_seconds_count"
        detail = "api-v1:resource"
        before = self.samples()
        for resource in self.resources[:3]:
            self.client.get(f"/api/v1/resources/{resource.pk}/")
        self.client.get("/api/v1/resources/999999/")
        after = self.samples()
        labels = {"view": detail, "method": "GET"}
        self.assertEqual(
            self.value(after, name, status="2xx", **labels)
            - self.value(before, name, status="2xx", **labels),
            3,
        )
        self.assertEqual(
            self.value(after, name, status="4xx", **labels)
            - self.value(before, name, status="4xx", **labels),
            1,
        )
        views = {dict(labels).get("view") for (metric, labels) in after}
        self.assertFalse(any(view and "999999" in view for view in views))

    @override_settings(METRICS_TOKEN="hemlig-nyckel")
    def test_a_token_guards_the_metrics_when_set(self):
        self.assertEqual(self.client.get("/metrics").status_code, 401)
        wrong = {"HTTP_AUTHORIZATION": "Bearer fel"}
        self.assertEqual(self.client.get("/metrics", **wrong).status_code, 401)
        self.samples(HTTP_AUTHORIZATION="Bearer hemlig-nyckel")


@QUEUED_SHARING
class SharingMetricsTests(MetricsTestCase):
    def test_the_queue_and_the_workers_are_read_at_each_scrape(self):
        DBTaskResult.objects.all().delete()
        SharingSync.objects.all().delete()
        samples = self.samples()
        self.assertEqual(self.value(samples, "trygghet_sharing_queue_waiting"), 0)
        self.assertEqual(self.value(samples, "trygghet_sharing_workers_alive"), 0)
        for resource in self.resources[:2]:
            syndication.request_sync(resource)
        workers.register("w-1")
        samples = self.samples()
        self.assertEqual(self.value(samples, "trygghet_sharing_queue_waiting"), 2)
        self.assertEqual(self.value(samples, "trygghet_sharing_pending"), 2)
        self.assertEqual(self.value(samples, "trygghet_sharing_workers_alive"), 1)
        self.assertGreaterEqual(
            self.value(samples, "trygghet_sharing_queue_oldest_age_seconds"), 0
        )


class SearchFailureMetricsTests(MetricsTestCase):
    def test_a_search_elasticsearch_does_not_answer_is_counted(self):
        # A real Elasticsearch client, against a port nobody listens on.
        url = f"http://127.0.0.1:{free_port()}"
        name = "trygghet_search_backend_failures_total"
        labels = {"backend": "elasticsearch", "operation": "search"}
        before = self.value(self.samples(), name, **labels)
        with override_settings(
            ELASTICSEARCH_URL=url,
            WAGTAILSEARCH_BACKENDS={
                "default": {"BACKEND": "wagtail.search.backends.database"},
                PUBLIC_BACKEND: backend_settings(url, "metrics-test"),
            },
        ):
            response = self.client.get("/api/v1/search/", {"site": "gr", "q": "brott"})
        self.assertEqual(response.status_code, 200)  # the database answered
        self.assertEqual(self.value(self.samples(), name, **labels) - before, 1)
