"""Rate limits on /api/v1/ (consumers/ratelimit.py), through real requests.

Per client address without a key, per key with one; the RateLimit and
RateLimit-Policy fields on every answer; a 429 with a Swedish `detail` and
Retry-After over the limit. The clock is fixed 12 s into a window, so the
fields are known exactly.

Then with Redis: two real server processes counting in one redis-server of
the test's own (the counts add up), and Redis stopped under them (they
answer, uncounted, and say so once).
"""

import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from unittest import mock

from django.test import TestCase, override_settings

import pytest
import redis

from pages.demo.builder import remove_wagtail_welcome_page
from tests.api.utils import build_tree
from tests.consumers.utils import bearer, make_consumer, make_key
from tests.ops.local_server import stop, wait_until_listening
from tests.ops.manage_command import manage
from tests.ops.redis_server import RedisServer, free_port
from tests.ops.scratch_database import ScratchDatabase

URL = "/api/v1/resources/?site=gr"
WINDOW = 60
# 12 s into a window: 48 s until the quota comes back.
NOW = 1_800_000_000 // WINDOW * WINDOW + 12
ADDRESS = "198.51.100.7"
OTHER_ADDRESS = "198.51.100.8"


def through_proxy(address: str, claimed: str = "10.6.6.6") -> dict[str, str]:
    """As the production proxy passes a request on: it appends the address it
    saw to whatever X-Forwarded-For the client sent (here a false claim)."""
    return {"HTTP_X_FORWARDED_FOR": f"{claimed}, {address}"}


@override_settings(
    API_RATE_LIMIT_ANONYMOUS=3, API_RATE_LIMIT_KEY=5, API_RATE_LIMIT_WINDOW=WINDOW
)
class RateLimitTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        build_tree("gr", "localhost", is_hub=True)
        build_tree("molndal", "molndal.localhost", is_hub=False)
        consumer = make_consumer("molndal", name="Mölndals intranät")
        cls.key = make_key(consumer)
        cls.other_key = make_key(make_consumer("gr", name="GR:s webbplats"))

    def setUp(self):
        self.clock = mock.patch("consumers.ratelimit.clock", return_value=NOW)
        self.clock.start()
        self.addCleanup(self.clock.stop)

    def get(self, address: str = ADDRESS, key: str | None = None, **headers):
        if key:
            headers |= bearer(key)
        return self.client.get(
            URL, HTTP_HOST="localhost", **through_proxy(address), **headers
        )

    def assertRefused(self, response, seconds: int = 48):
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(
            response.json(),
            {
                "detail": f"För många anrop. Försök igen om {seconds} "
                + ("sekund." if seconds == 1 else "sekunder.")
            },
        )
        self.assertEqual(response["Retry-After"], str(seconds))
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_every_answer_says_the_policy_and_what_is_left(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["RateLimit-Policy"], '"anonymous";q=3;w=60')
        self.assertEqual(response["RateLimit"], '"anonymous";r=2;t=48')
        self.assertEqual(self.get()["RateLimit"], '"anonymous";r=1;t=48')
        # Errors count and say so too.
        missing = self.client.get(
            "/api/v1/resources/999999/", HTTP_HOST="localhost", **through_proxy(ADDRESS)
        )
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(missing["RateLimit"], '"anonymous";r=0;t=48')

    def test_over_the_limit_is_a_429_until_the_window_ends(self):
        for _ in range(3):
            self.assertEqual(self.get().status_code, 200)
        refused = self.get()
        self.assertRefused(refused)
        self.assertEqual(refused["RateLimit-Policy"], '"anonymous";q=3;w=60')
        self.assertEqual(refused["RateLimit"], '"anonymous";r=0;t=48')
        self.assertRefused(self.get())

        self.clock.stop()
        with mock.patch("consumers.ratelimit.clock", return_value=NOW + 47.5):
            self.assertRefused(self.get(), seconds=1)
        with mock.patch("consumers.ratelimit.clock", return_value=NOW + 48):
            response = self.get()
        self.clock.start()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["RateLimit"], '"anonymous";r=2;t=60')

    def test_refused_keys_are_counted_against_their_address(self):
        # Guessing keys costs the address's quota like any anonymous use.
        for guess in ("tp_" + "a" * 43, "tp_" + "b" * 43, "nonsense"):
            response = self.get(key=guess)
            self.assertEqual(response.status_code, 401)
        self.assertEqual(response["RateLimit"], '"anonymous";r=0;t=48')
        self.assertRefused(self.get(key="tp_" + "c" * 43))
        self.assertRefused(self.get())
        # A valid key from the same address still has its own quota.
        self.assertEqual(self.get(key=self.key).status_code, 200)

    def test_a_key_has_the_higher_limit_of_its_own(self):
        for n in range(5):
            response = self.get(key=self.key)
            self.assertEqual(response.status_code, 200, n)
        self.assertEqual(response["RateLimit-Policy"], '"key";q=5;w=60')
        self.assertEqual(response["RateLimit"], '"key";r=0;t=48')
        self.assertRefused(self.get(key=self.key))
        # The key's requests took nothing from the address's own quota.
        self.assertEqual(self.get()["RateLimit"], '"anonymous";r=2;t=48')

    def test_a_key_is_counted_per_key_from_whichever_address(self):
        for address in (ADDRESS, OTHER_ADDRESS, "203.0.113.9", ADDRESS, OTHER_ADDRESS):
            self.assertEqual(self.get(address, key=self.key).status_code, 200)
        self.assertRefused(self.get("192.0.2.1", key=self.key))
        # Another key from the same address has its whole quota.
        response = self.get(ADDRESS, key=self.other_key)
        self.assertEqual(response["RateLimit"], '"key";r=4;t=48')

    def test_without_a_key_each_address_is_counted_apart(self):
        for _ in range(3):
            self.get(ADDRESS)
        # A client cannot escape by claiming another first hop.
        self.assertRefused(self.get(ADDRESS, claimed="10.9.9.9"))
        self.assertRefused(self.client.get(URL, HTTP_X_FORWARDED_FOR=ADDRESS))
        other = self.get(OTHER_ADDRESS)
        self.assertEqual(other.status_code, 200)
        self.assertEqual(other["RateLimit"], '"anonymous";r=2;t=48')

    def test_without_a_proxy_the_connection_address_is_counted(self):
        for _ in range(3):
            self.client.get(URL, REMOTE_ADDR="192.0.2.10")
        refused = self.client.get(URL, REMOTE_ADDR="192.0.2.10")
        self.assertRefused(refused)
        self.assertEqual(
            self.client.get(URL, REMOTE_ADDR="192.0.2.11").status_code, 200
        )

    def test_a_revalidation_answered_304_costs_a_quarter(self):
        etag = self.get()["ETag"]  # one request: 2 left, or 8 revalidations
        for n in range(8):
            response = self.get(HTTP_IF_NONE_MATCH=etag)
            self.assertEqual(response.status_code, 304, n)
        self.assertEqual(response["RateLimit"], '"anonymous";r=0;t=48')
        self.assertRefused(self.get(HTTP_IF_NONE_MATCH=etag))

    def test_a_stale_if_none_match_pays_for_the_whole_answer(self):
        self.assertEqual(self.get(HTTP_IF_NONE_MATCH='W/"old"').status_code, 200)
        self.assertEqual(self.get(HTTP_IF_NONE_MATCH='W/"old"').status_code, 200)
        response = self.get(HTTP_IF_NONE_MATCH='W/"old"')
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["RateLimit"], '"anonymous";r=0;t=48')
        self.assertRefused(self.get(HTTP_IF_NONE_MATCH='W/"old"'))

    def test_preflights_and_the_site_are_not_counted(self):
        for _ in range(5):
            preflight = self.client.options(
                URL,
                HTTP_ORIGIN="https://www.molndal.se",
                HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                **through_proxy(ADDRESS),
            )
            self.assertNotIn("RateLimit", preflight)
            self.assertNotIn(
                "RateLimit", self.client.get("/", **through_proxy(ADDRESS))
            )
        self.assertEqual(self.get()["RateLimit"], '"anonymous";r=2;t=48')

    @override_settings(CORS_ALLOWED_ORIGINS=["https://www.molndal.se"])
    def test_a_browser_script_may_read_the_fields_even_on_a_429(self):
        origin = {"HTTP_ORIGIN": "https://www.molndal.se"}
        for _ in range(3):
            self.get(**origin)
        for response in (self.get(key=self.key, **origin), self.get(**origin)):
            self.assertEqual(
                response["Access-Control-Allow-Origin"], "https://www.molndal.se"
            )
            exposed = {
                name.strip().lower()
                for name in response["Access-Control-Expose-Headers"].split(",")
            }
            self.assertLessEqual(
                {"etag", "ratelimit", "ratelimit-policy", "retry-after"}, exposed
            )
        self.assertRefused(response)

    def test_when_the_cache_cannot_count_every_request_is_answered(self):
        unreachable = {
            "BACKEND": "cms.cache.TolerantRedisCache",
            # Nothing listens there: every request finds Redis away.
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
        with (
            self.settings(CACHES={"default": unreachable}),
            self.assertLogs("consumers", logging.ERROR) as logs,
        ):
            for key in (None, None, None, None, self.key):
                response = self.get(key=key)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("RateLimit", response)
        self.assertEqual(response["RateLimit-Policy"], '"key";q=5;w=60')
        # Said once, not once a request.
        self.assertEqual(len(logs.records), 1, logs.output)
        self.assertIn("not counted", logs.output[0])
        # A cache that answers again: counted, and said so.
        with self.assertLogs("consumers", logging.WARNING) as logs:
            self.assertEqual(self.get()["RateLimit"], '"anonymous";r=2;t=48')
        self.assertIn("counted again", logs.output[0])


# Redis is not tried again for this long after a failure (cms/cache.py).
RETRY_AFTER_IN_TEST = 0.2


@pytest.mark.redis_server
@mock.patch("cms.cache.RETRY_AFTER", RETRY_AFTER_IN_TEST)
@override_settings(API_RATE_LIMIT_ANONYMOUS=3, API_RATE_LIMIT_WINDOW=WINDOW)
class RedisOutageTests(TestCase):
    """The production cache (TolerantRedisCache) on a real redis-server that
    is stopped and started again between requests."""

    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer().start()
        cls.addClassCleanup(cls.redis.stop)
        cache_settings = override_settings(
            CACHES={
                "default": {
                    "BACKEND": "cms.cache.TolerantRedisCache",
                    "LOCATION": cls.redis.url,
                    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
                }
            }
        )
        cache_settings.enable()
        cls.addClassCleanup(cache_settings.disable)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        build_tree("gr", "localhost", is_hub=True)

    def setUp(self):
        redis.Redis.from_url(self.redis.url).flushall()
        self.addCleanup(lambda: self.redis.process or self.redis.start())
        clock = mock.patch("consumers.ratelimit.clock", return_value=NOW)
        clock.start()
        self.addCleanup(clock.stop)

    def get(self):
        return self.client.get(URL, HTTP_HOST="localhost", **through_proxy(ADDRESS))

    def test_the_api_answers_uncounted_while_redis_is_away_then_counts_again(self):
        self.assertEqual(self.get()["RateLimit"], '"anonymous";r=2;t=48')
        self.redis.stop()
        with self.assertLogs("consumers", logging.ERROR) as logs:
            for _ in range(5):
                response = self.get()
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("RateLimit", response)
        self.assertEqual(len(logs.records), 1, logs.output)

        self.redis.start()
        time.sleep(RETRY_AFTER_IN_TEST * 2)  # the pause after a failure
        with self.assertLogs("consumers", logging.WARNING) as logs:
            response = self.get()
        self.assertIn("counted again", logs.output[0])
        # The new Redis remembers nothing: the count starts again.
        self.assertEqual(response["RateLimit"], '"anonymous";r=2;t=48')


# --- Two server processes sharing one Redis ---------------------------------------

REPO_DIR = Path(__file__).resolve().parents[2]
SHARED_ANONYMOUS, SHARED_KEY = 5, 7
# A day: the count must not start again at a window's edge halfway through.
SHARED_WINDOW = 86400
# The test's own Redis, and in it a database other than 0, as a deployment
# that shares a server might.
REDIS_DB = 5
ISSUE_KEY = """
from wagtail.models import Site
from consumers.models import ApiKey, Consumer
consumer = Consumer.objects.create(
    name="Intranät", site=Site.objects.get(is_default_site=True),
    contact_email="webb@example.se",
)
print(ApiKey.issue(consumer, "produktion")[1])
"""


class ServedApi:
    """The API in two runserver processes of the development settings, each
    with its own memory, on one database and one redis-server."""

    def __init__(self) -> None:
        self.workdir = Path(tempfile.mkdtemp(prefix="trygghetsportalen-ratelimit-"))
        self.redis = RedisServer()
        self.database = ScratchDatabase("trygghet_ratelimit", self.workdir)
        self.ports = [free_port(), free_port()]
        self.servers: list[subprocess.Popen] = []
        self.log_paths = [self.workdir / f"server-{n}.log" for n in (1, 2)]
        base = {
            key: value
            for key, value in os.environ.items()
            if key not in {"ELASTICSEARCH_URL", "REDIS_URL", "ALLOWED_HOSTS"}
        }
        self.env = base | {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": self.database.url,
            "MEDIA_ROOT": str(self.workdir / "media"),
            "PYTHONDONTWRITEBYTECODE": "1",
            "API_RATE_LIMIT_ANONYMOUS": str(SHARED_ANONYMOUS),
            "API_RATE_LIMIT_KEY": str(SHARED_KEY),
            "API_RATE_LIMIT_WINDOW": str(SHARED_WINDOW),
        }

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis.port}/{REDIS_DB}"

    def manage(self, *args: str) -> str:
        return manage(self.env, *args, timeout=600)

    def start(self) -> "ServedApi":
        self.database.create()
        self.manage("migrate", "--no-input")
        self.key = self.manage("shell", "-c", ISSUE_KEY).strip().splitlines()[-1]
        self.redis.start()
        self.env["REDIS_URL"] = self.redis_url
        for port, log_path in zip(self.ports, self.log_paths, strict=True):
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"]
                + ["--noreload"],
                cwd=REPO_DIR,
                env=self.env,
                stdout=log_path.open("w"),
                stderr=subprocess.STDOUT,
            )
            self.servers.append(server)
            wait_until_listening(server, port, 60, "runserver")
        return self

    def get(self, server: int, key: str | None = None, host: str | None = None):
        """GET /api/v1/sites/ from server 0 or 1: (status, headers, body)."""
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        if host:
            headers["Host"] = host
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.ports[server]}/api/v1/sites/", headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def flush_redis(self) -> None:
        redis.Redis.from_url(self.redis_url).flushdb()

    def log(self, server: int) -> str:
        return self.log_paths[server].read_text()

    def stop(self) -> None:
        for server in self.servers:
            stop(server)
        self.redis.stop()
        self.database.drop()
        shutil.rmtree(self.workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def served():
    served = ServedApi()
    try:
        yield served.start()
    finally:
        served.stop()


@pytest.fixture
def shared(served):
    """The served API with its Redis database empty before and after, and
    (between the test's requests) not at a window's edge."""
    left = SHARED_WINDOW - time.time() % SHARED_WINDOW
    if left < 120:
        time.sleep(left + 1)
    if served.redis.process is None:
        served.redis.start()
    served.flush_redis()
    yield served
    if served.redis.process is None:
        served.redis.start()
    served.flush_redis()


def rate_limit(headers) -> dict[str, int]:
    """The r and t of a RateLimit field."""
    _name, *parameters = headers["RateLimit"].split(";")
    return {name: int(value) for name, value in (p.split("=") for p in parameters)}


@pytest.mark.redis_server
def test_two_processes_add_up_to_one_count_per_address(shared):
    remaining = []
    for server in (0, 1, 0, 1, 1):
        status, headers, _ = shared.get(server)
        assert status == 200
        assert headers["RateLimit-Policy"] == f'"anonymous";q=5;w={SHARED_WINDOW}'
        remaining.append(rate_limit(headers)["r"])
    # One count, whichever process answered: without Redis each would be at 2 or 3.
    assert remaining == [4, 3, 2, 1, 0]
    for server in (0, 1):
        status, headers, body = shared.get(server)
        assert status == 429
        assert json.loads(body)["detail"].startswith("För många anrop.")
        assert int(headers["Retry-After"]) == rate_limit(headers)["t"] > 0
    assert redis.Redis.from_url(shared.redis_url).dbsize()


@pytest.mark.redis_server
def test_two_processes_add_up_to_one_count_per_key(shared):
    for n, server in enumerate((1, 0, 1, 0, 1, 0, 0)):
        status, headers, _ = shared.get(server, key=shared.key)
        assert status == 200, n
        assert headers["RateLimit-Policy"] == f'"key";q=7;w={SHARED_WINDOW}'
        assert rate_limit(headers)["r"] == SHARED_KEY - 1 - n
    assert shared.get(1, key=shared.key)[0] == 429
    assert shared.get(0, key=shared.key)[0] == 429
    # The address has its own quota still.
    assert shared.get(0)[0] == 200


@pytest.mark.redis_server
def test_with_redis_stopped_both_processes_answer_uncounted(shared):
    assert "RateLimit" in shared.get(0)[1]
    shared.redis.stop()
    for _ in range(SHARED_ANONYMOUS + 2):
        for server in (0, 1):
            status, headers, _ = shared.get(server)
            assert status == 200
            assert "RateLimit" not in headers
            assert headers["RateLimit-Policy"] == f'"anonymous";q=5;w={SHARED_WINDOW}'
    assert shared.get(1, key=shared.key)[0] == 200
    # Each process says so once, not once a request.
    for server in (0, 1):
        assert (
            shared.log(server).count("rate limits and key usage are not counted") == 1
        )


RENAME_HUB = """
from wagtail.models import Site
from pages.models import SiteProfile
site = Site.objects.get(is_default_site=True)
site.site_name = "Namn satt av en annan process"
site.save()
SiteProfile.objects.update_or_create(site=site, defaults={"slug": "gr", "is_hub": True})
"""


@pytest.mark.redis_server
def test_an_answer_kept_in_redis_follows_a_change_made_in_another_process(shared):
    # The API's answers kept under their ETag (pages/api/responses.py).
    # After a test that stopped Redis, each process tries it again only
    # after cms/cache.py's RETRY_AFTER: wait until both count again.
    deadline = time.monotonic() + 15
    while not all("RateLimit" in shared.get(server)[1] for server in (0, 1)):
        assert time.monotonic() < deadline, "the servers do not use Redis again"
        time.sleep(0.5)
    shared.flush_redis()
    # Both processes behind one host name, as behind a proxy.
    _, first_headers, first = shared.get(0, host="localhost")
    _, again_headers, again = shared.get(1, host="localhost")
    assert (again_headers["ETag"], again) == (first_headers["ETag"], first)
    keys = redis.Redis.from_url(shared.redis_url).keys("*api-response:*")
    assert len(keys) == 1
    assert b"Namn satt av" not in first
    shared.manage("shell", "-c", RENAME_HUB)
    for server in (1, 0):
        _, headers, body = shared.get(server, host="localhost")
        assert headers["ETag"] != first_headers["ETag"]
        assert "Namn satt av en annan process" in json.loads(body)["items"][0]["name"]
