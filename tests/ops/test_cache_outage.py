"""Redis stopped while serving: the site, the API and the admin stay up.

The cache is a real redis-server of the test's own (tests/ops/redis_server.py),
stopped and started again between requests; nothing is mocked.
"""

import logging
import time
from unittest import mock

from django.core.cache import cache
from django.test import override_settings

import pytest
import redis

from tests.ops.redis_server import RedisServer
from tests.pages.permission_cases import PermissionTestCase

GR = "localhost"
MOLNDAL = "molndal.localhost"


pytestmark = pytest.mark.redis_server

# A short pause after each failure, so the test need not wait for the real one.
RETRY_AFTER_IN_TEST = 0.2


@mock.patch("cms.cache.RETRY_AFTER", RETRY_AFTER_IN_TEST)
class CacheOutageTests(PermissionTestCase):
    """Every kind of page answers 200 with Redis up, down, and up again."""

    backend = "cms.cache.TolerantRedisCache"

    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer().start()
        cls.addClassCleanup(cls.redis.stop)
        cls.cache_settings = override_settings(
            CACHES={
                "default": {
                    "BACKEND": cls.backend,
                    "LOCATION": cls.redis.url,
                    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
                }
            }
        )
        cls.cache_settings.enable()
        cls.addClassCleanup(cls.cache_settings.disable)
        super().setUpClass()

    def setUp(self):
        if self.redis.process is None:
            self.redis.start()
        redis.Redis.from_url(self.redis.url).flushall()

    def probes(self) -> dict[str, tuple[str, str]]:
        theme = self.gr["motverka-brott"]
        return {
            "GR:s startsida": (GR, "/sv/"),
            "tema": (GR, theme.get_url_parts()[2]),
            "artikel": (GR, self.original.get_url_parts()[2]),
            "medlemmens kopia": (MOLNDAL, self.alias.get_url_parts()[2]),
            "sök": (GR, "/sv/sok/?q=delat"),
            "flöde": (GR, f"/sv/floden/tema/{theme.slug}/"),
            "API v1 lista": (GR, "/api/v1/resources/?site=molndal"),
            "API v1 sök": (GR, "/api/v1/search/?site=gr&q=delat"),
            "API v2": (GR, "/api/v2/pages/"),
        }

    def answers(self) -> dict[str, int]:
        """Status of every probe: anonymous readers, and two editors in the admin."""
        statuses = {
            name: self.client.get(path, HTTP_HOST=host).status_code
            for name, (host, path) in self.probes().items()
        }
        for user, tree, page in (
            (self.gr_editor, self.gr, self.original),
            (self.molndal_editor, self.molndal, self.alias),
        ):
            self.client.force_login(user)
            for name, path in {
                "admin": "/admin/",
                "admin sidträd": f"/admin/pages/{tree['otillaten-paverkan'].pk}/",
                "admin redigera": f"/admin/pages/{page.pk}/edit/",
            }.items():
                statuses[f"{name} ({user.username})"] = self.client.get(
                    path
                ).status_code
            self.client.logout()
        return statuses

    maxDiff = None

    def assert_all_answer(self, statuses: dict[str, int]) -> None:
        self.assertEqual(dict.fromkeys(statuses, 200), statuses)

    def test_with_redis_stopped_everything_answers_and_it_recovers(self):
        self.assert_all_answer(self.answers())
        self.assertTrue(redis.Redis.from_url(self.redis.url).dbsize())

        self.redis.stop()
        with self.assertLogs("cms.cache", logging.ERROR) as logs:
            self.assert_all_answer(self.answers())
            self.assert_all_answer(self.answers())
        # Reported once, not once per lookup.
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertIn("unavailable", logs.output[0])

        self.redis.start()
        # After the pause that follows a failure, the cache is used again.
        time.sleep(RETRY_AFTER_IN_TEST * 2)
        self.assert_all_answer(self.answers())
        self.assertTrue(redis.Redis.from_url(self.redis.url).dbsize())

    def test_what_an_outage_returns_is_new_each_time(self):
        # Callers change what get_many gives them (search adds its figures);
        # a shared default would carry one caller's values to the next.
        self.redis.stop()
        with self.assertLogs("cms.cache", logging.ERROR):
            first = cache.get_many(["a", "b"])
        first["a"] = 1
        self.assertEqual(cache.get_many(["a"]), {})
        self.assertIsNot(cache.set_many({"a": 1}), cache.set_many({"a": 1}))
