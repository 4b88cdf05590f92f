"""ETag, 304, Cache-Control and CORS."""

from django.test import override_settings

from pages.models import ArticlePage, ContentVersion
from tests.factories import make_resource

from .utils import ApiTestCase

URL = "/api/v1/resources/?role=socialtjanst"


class ETagTests(ApiTestCase):
    def fetch(self, **headers):
        return self.client.get(URL, HTTP_HOST="localhost", **headers)

    def test_every_200_has_an_etag_and_public_cache_control(self):
        for endpoint in ("resources/", "themes/", "roles/", "sites/", "search/?q=hot"):
            with self.subTest(endpoint=endpoint):
                response = self.client.get(f"/api/v1/{endpoint}", HTTP_HOST="localhost")
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["ETag"].startswith('W/"'))
                self.assertEqual(response["Cache-Control"], "public, max-age=60")

    @override_settings(API_CACHE_MAX_AGE=300)
    def test_max_age_is_configurable(self):
        self.assertEqual(self.fetch()["Cache-Control"], "public, max-age=300")

    def test_matching_if_none_match_gets_304_without_a_body(self):
        etag = self.fetch()["ETag"]
        response = self.fetch(HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")
        self.assertEqual(response["ETag"], etag)
        self.assertEqual(self.fetch(HTTP_IF_NONE_MATCH='W/"other"').status_code, 200)

    def test_if_none_match_star_gets_304_only_where_there_is_an_answer(self):
        """`*` matches any current representation (RFC 9110): a bad
        request or a missing resource has none, so it keeps its error."""
        star = {"HTTP_IF_NONE_MATCH": "*"}
        self.assertEqual(self.fetch(**star).status_code, 304)
        for url, status in (
            ("/api/v1/resources/?updated_since=null", 400),
            ("/api/v1/resources/?limit=-1", 400),
            ("/api/v1/resources/999999/", 404),
        ):
            with self.subTest(url=url):
                response = self.client.get(url, HTTP_HOST="localhost", **star)
                self.assertEqual(response.status_code, status)
                self.assertFalse(response.has_header("ETag"))

    def test_etag_differs_between_urls_and_hosts(self):
        self.assertNotEqual(
            self.fetch()["ETag"],
            self.client.get(URL, HTTP_HOST="molndal.localhost")["ETag"],
        )
        self.assertNotEqual(
            self.fetch()["ETag"],
            self.client.get(URL + "&limit=1", HTTP_HOST="localhost")["ETag"],
        )

    def test_publishing_unpublishing_and_deleting_change_the_etag(self):
        first = self.fetch()["ETag"]
        page = make_resource(ArticlePage, self.gr["samverkan"], slug="ny", title="Ny")
        after_publish = self.fetch()["ETag"]
        self.assertNotEqual(after_publish, first)
        self.assertEqual(self.fetch(HTTP_IF_NONE_MATCH=first).status_code, 200)
        page.unpublish()
        after_unpublish = self.fetch()["ETag"]
        self.assertNotEqual(after_unpublish, after_publish)
        page.delete()
        self.assertNotEqual(self.fetch()["ETag"], after_unpublish)

    def test_a_change_recorded_by_another_process_changes_the_etag(self):
        first = self.fetch()["ETag"]
        # Another application server only shares the database with this one.
        ContentVersion.objects.filter(pk=1).update(counter=10_000)
        self.assertNotEqual(self.fetch()["ETag"], first)

    def test_saving_a_draft_keeps_the_etag(self):
        first = self.fetch()["ETag"]
        self.article.title = "Ett utkast"
        self.article.save_revision()
        self.assertEqual(self.fetch()["ETag"], first)


@override_settings(CORS_ALLOWED_ORIGINS=["https://www.molndal.se"])
class CorsTests(ApiTestCase):
    def test_allowed_origin_gets_cors_headers(self):
        response = self.client.get(
            URL, HTTP_HOST="localhost", HTTP_ORIGIN="https://www.molndal.se"
        )
        self.assertEqual(
            response["Access-Control-Allow-Origin"], "https://www.molndal.se"
        )
        self.assertIn("Origin", response["Vary"])

    def test_refused_origin_gets_none(self):
        response = self.client.get(
            URL, HTTP_HOST="localhost", HTTP_ORIGIN="https://evil.example"
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Access-Control-Allow-Origin", response)

    def test_preflight_allows_only_get_head_and_options(self):
        response = self.client.options(
            URL,
            HTTP_HOST="localhost",
            HTTP_ORIGIN="https://www.molndal.se",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Access-Control-Allow-Origin"], "https://www.molndal.se"
        )
        self.assertEqual(response["Access-Control-Allow-Methods"], "GET, HEAD, OPTIONS")

    def test_cors_is_limited_to_the_delivery_api(self):
        response = self.client.get(
            "/sv/", HTTP_HOST="localhost", HTTP_ORIGIN="https://www.molndal.se"
        )
        self.assertNotIn("Access-Control-Allow-Origin", response)
