"""CORS for consumers: a browser on an origin a consumer registered may call
/api/v1/ (GET and a preflight asking to send Authorization), besides the
origins in settings; any other origin may not; a change to a consumer's
origins takes effect at once, in every process (the set lives in the shared
cache), and a request does not query the database for it."""

import os

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import redis

from consumers.cors import ORIGINS_CACHE_KEY
from pages.demo.builder import remove_wagtail_welcome_page
from tests.api.utils import build_tree

from .utils import bearer, make_consumer

URL = "/api/v1/resources/"
INTRANET = "https://intranat.molndal.se"
WEBSITE = "https://www.molndal.se"
STRANGER = "https://elak.example.com"
REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/9",
        "KEY_PREFIX": f"test-cors-{os.getpid()}",
    }
}


class CorsCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.consumer = make_consumer(
            "molndal", name="Mölndals intranät", cors_origins=INTRANET
        )

    def get(self, origin: str, url: str = URL, **headers):
        return self.client.get(url, HTTP_ORIGIN=origin, **headers)

    def preflight(self, origin: str, url: str = URL):
        return self.client.options(
            url,
            HTTP_ORIGIN=origin,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
        )

    def assertAllowed(self, response, origin: str):
        self.assertEqual(response.get("Access-Control-Allow-Origin"), origin)

    def assertNotAllowed(self, response):
        self.assertNotIn("Access-Control-Allow-Origin", response)

    def assertPreflightAllowed(self, origin: str):
        response = self.preflight(origin)
        self.assertEqual(response.status_code, 200)
        self.assertAllowed(response, origin)
        headers = response["Access-Control-Allow-Headers"].lower().split(", ")
        self.assertIn("authorization", headers)
        self.assertIn("GET", response["Access-Control-Allow-Methods"])


class ConsumerOriginTests(CorsCase):
    def test_a_consumers_origin_may_read_the_api(self):
        response = self.get(INTRANET)
        self.assertEqual(response.status_code, 200)
        self.assertAllowed(response, INTRANET)
        self.assertIn("Origin", response["Vary"])

    def test_a_preflight_asking_to_send_a_key_passes(self):
        self.assertPreflightAllowed(INTRANET)

    def test_another_origin_may_not(self):
        self.assertNotAllowed(self.get(STRANGER))
        self.assertNotAllowed(self.preflight(STRANGER))
        self.assertNotAllowed(self.get("null"))

    def test_the_settings_origins_still_may(self):
        with override_settings(CORS_ALLOWED_ORIGINS=[STRANGER]):
            self.assertAllowed(self.get(STRANGER), STRANGER)
            self.assertAllowed(self.get(INTRANET), INTRANET)

    def test_consumer_origins_are_for_the_api_only(self):
        self.assertNotAllowed(self.get(INTRANET, url="/"))
        self.assertNotAllowed(self.preflight(INTRANET, url="/admin/login/"))

    def test_a_refused_key_is_readable_by_the_consumers_page(self):
        response = self.get(INTRANET, **bearer("tp_" + "A" * 43))
        self.assertEqual(response.status_code, 401)
        self.assertAllowed(response, INTRANET)

    def test_origins_match_as_a_browser_sends_them(self):
        self.consumer.cors_origins = (
            "HTTPS://Intranat.Molndal.SE:443/\nhttp://localhost:8080"
        )
        self.consumer.save()
        self.assertAllowed(self.get(INTRANET), INTRANET)
        self.assertAllowed(self.get("http://localhost:8080"), "http://localhost:8080")
        self.assertNotAllowed(self.get("http://localhost:8081"))
        self.assertNotAllowed(self.get("http://intranat.molndal.se"))


class ChangeTests(CorsCase):
    def test_changing_a_consumers_origins_takes_effect(self):
        self.assertAllowed(self.get(INTRANET), INTRANET)  # the cache is warm
        self.consumer.cors_origins = WEBSITE
        self.consumer.save()
        self.assertNotAllowed(self.get(INTRANET))
        self.assertNotAllowed(self.preflight(INTRANET))
        self.assertAllowed(self.get(WEBSITE), WEBSITE)
        self.assertPreflightAllowed(WEBSITE)

    def test_a_new_or_deleted_consumer_takes_effect(self):
        self.assertNotAllowed(self.get(WEBSITE))
        other = make_consumer("gr", name="GR:s webbplats", cors_origins=WEBSITE)
        self.assertAllowed(self.get(WEBSITE), WEBSITE)
        other.delete()
        self.assertNotAllowed(self.get(WEBSITE))

    def test_an_edit_in_the_admin_takes_effect(self):
        self.assertAllowed(self.get(INTRANET), INTRANET)
        admin = self.client_class()
        admin.force_login(
            get_user_model().objects.create_superuser("admin", password="x")
        )
        response = admin.post(
            reverse("consumers:edit", args=[self.consumer.pk]),
            {
                "name": self.consumer.name,
                "site": str(self.consumer.site_id),
                "contact_email": self.consumer.contact_email,
                "cors_origins": f"{WEBSITE}\n",
            },
        )
        self.assertRedirects(response, reverse("consumers:index"))
        self.assertNotAllowed(self.get(INTRANET))
        self.assertAllowed(self.get(WEBSITE), WEBSITE)


class CostTests(CorsCase):
    def test_a_request_does_not_query_the_consumers_once_the_cache_is_warm(self):
        self.assertAllowed(self.get(INTRANET), INTRANET)
        for request in (self.get, self.preflight):
            with CaptureQueriesContext(connection) as queries:
                self.assertAllowed(request(INTRANET), INTRANET)
            consumer_queries = [
                query["sql"]
                for query in queries.captured_queries
                if "consumers_consumer" in query["sql"]
            ]
            self.assertEqual(consumer_queries, [])

    @override_settings(CACHES=REDIS_CACHE)
    def test_the_origins_live_in_the_shared_cache(self):
        cache.delete(ORIGINS_CACHE_KEY)
        try:
            self.assertAllowed(self.get(INTRANET), INTRANET)
            # In Redis, where every app server reads it.
            raw = redis.Redis.from_url(REDIS_CACHE["default"]["LOCATION"])
            stored = raw.get(cache.make_key(ORIGINS_CACHE_KEY))
            self.assertIsNotNone(stored)
            self.consumer.cors_origins = WEBSITE
            self.consumer.save()
            self.assertIsNone(raw.get(cache.make_key(ORIGINS_CACHE_KEY)))
            self.assertAllowed(self.get(WEBSITE), WEBSITE)
        finally:
            cache.delete(ORIGINS_CACHE_KEY)
