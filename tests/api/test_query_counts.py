"""Query cost does not grow with `limit` (measured on the demo content)."""

import io

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from pages.models import ArticlePage

LIST = "/api/v1/resources/?role=socialtjanst&limit={limit}"


# The read path's own cost: a repeated question would otherwise be answered
# from the kept answers (pages/api/responses.py, tests/api/test_response_cache.py).
@override_settings(API_RESPONSE_CACHE_SECONDS=0)
class QueryCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())

    def count(self, url: str) -> int:
        # Warm-up creates any missing image renditions, a one-off cost.
        self.client.get(url, HTTP_HOST="localhost")
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, HTTP_HOST="localhost")
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_list_costs_the_same_for_1_and_many_items_and_at_most_11(self):
        total = self.client.get(LIST.format(limit=1), HTTP_HOST="localhost").json()
        self.assertGreater(total["count"], 2)
        one = self.count(LIST.format(limit=1))
        many = self.count(LIST.format(limit=total["count"] - 1))
        self.assertEqual(one, many)
        self.assertLessEqual(many, 11)

    def test_a_first_page_holding_everything_needs_no_count(self):
        full = self.count(LIST.format(limit=1))
        everything = self.count(LIST.format(limit=100))
        self.assertEqual(everything, full - 1)
        response = self.client.get(LIST.format(limit=100), HTTP_HOST="localhost")
        self.assertEqual(response.json()["count"], len(response.json()["items"]))

    def test_facets_add_a_bounded_number_of_queries(self):
        plain = self.count(LIST.format(limit=100))
        with_facets = self.count(LIST.format(limit=100) + "&facets=true")
        self.assertLessEqual(with_facets - plain, 4)

    def test_detail_costs_at_most_15(self):
        page = ArticlePage.objects.live().filter(related_links__isnull=False).first()
        self.assertLessEqual(self.count(f"/api/v1/resources/{page.pk}/"), 15)
