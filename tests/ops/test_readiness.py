"""/healthz and /readyz, with each dependency stopped for real.

The cache: a redis-server of the test's own, stopped and started. The
queue: a real task left waiting too long. The database: a served site of
the test's own whose database is taken away (the file moved, or
PostgreSQL told to refuse connections to it), then given back.
"""

import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.test import SimpleTestCase, TestCase, override_settings
from django.utils import timezone

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pages import syndication
from tests.ops.redis_server import RedisServer, free_port
from tests.ops.scratch_database import ScratchDatabase
from tests.pages.sharing_cases import QUEUED_SHARING

REPO_DIR = Path(__file__).resolve().parents[2]


class HealthTests(TestCase):
    def test_healthz_answers_without_asking_anything(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})
        self.assertIn("no-store", response["Cache-Control"])

    def test_readyz_is_ok_with_everything_up(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(),
            {
                "status": "ok",
                "checks": {"database": "ok", "cache": "ok", "queue": "ok"},
            },
        )
        self.assertIn("no-store", response["Cache-Control"])

    @override_settings(ELASTICSEARCH_URL=None)
    def test_readyz_does_not_ask_an_elasticsearch_that_is_not_configured(self):
        with self.assertNoLogs("cms.ops.health", "WARNING"):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("elasticsearch", response.json()["checks"])


@pytest.mark.redis_server
class CacheReadinessTests(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.redis = RedisServer().start()
        cls.addClassCleanup(cls.redis.stop)
        super().setUpClass()

    def test_readyz_fails_fast_while_redis_is_stopped_and_recovers(self):
        self.assert_readyz_follows_redis("cms.cache.TolerantRedisCache")

    def test_readyz_follows_redis_behind_django_s_own_redis_cache_too(self):
        self.assert_readyz_follows_redis("django.core.cache.backends.redis.RedisCache")

    def assert_readyz_follows_redis(self, backend: str) -> None:
        with override_settings(
            CACHES={
                "default": {
                    "BACKEND": backend,
                    "LOCATION": self.redis.url,
                    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
                }
            }
        ):
            self.assertEqual(self.client.get("/readyz").status_code, 200)
            self.redis.stop()
            started = time.monotonic()
            response = self.client.get("/readyz")
            self.assertLess(time.monotonic() - started, 2)
            self.assertEqual(response.status_code, 503)
            body = response.json()
            self.assertEqual(body["status"], "unavailable")
            self.assertEqual(body["checks"]["cache"], "unavailable")
            self.assertEqual(body["checks"]["database"], "ok")
            self.assertNotIn(str(self.redis.port), response.content.decode())
            self.assertNotIn("127.0.0.1", response.content.decode())
            self.redis.start()
            self.assertEqual(self.client.get("/readyz").status_code, 200)


@QUEUED_SHARING
@override_settings(READINESS_MAX_QUEUE_AGE=300)
class QueueReadinessTests(TestCase):
    def waiting_task(self, waited: datetime.timedelta) -> DBTaskResult:
        """A task enqueued `waited` ago, as a publish enqueues it."""
        result = syndication.sync_shared_page.enqueue(1)
        DBTaskResult.objects.filter(pk=result.id).update(
            enqueued_at=timezone.now() - waited
        )
        return DBTaskResult.objects.get(pk=result.id)

    def test_a_task_waiting_too_long_makes_the_server_unready(self):
        self.waiting_task(datetime.timedelta(seconds=60))
        self.assertEqual(self.client.get("/readyz").status_code, 200)
        stuck = self.waiting_task(datetime.timedelta(seconds=301))
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["checks"]["queue"], "too old")
        # A worker takes it: ready again.
        DBTaskResult.objects.filter(pk=stuck.pk).update(
            status=TaskResultStatus.SUCCESSFUL
        )
        self.assertEqual(self.client.get("/readyz").status_code, 200)

    def test_a_deferred_task_waits_from_its_run_after_on(self):
        task = self.waiting_task(datetime.timedelta(hours=1))
        DBTaskResult.objects.filter(pk=task.pk).update(
            run_after=timezone.now() + datetime.timedelta(minutes=5)
        )
        self.assertEqual(self.client.get("/readyz").status_code, 200)
        DBTaskResult.objects.filter(pk=task.pk).update(
            run_after=timezone.now() - datetime.timedelta(minutes=6)
        )
        self.assertEqual(self.client.get("/readyz").status_code, 503)

    def test_a_task_deferred_to_a_past_time_has_waited_only_since_then(self):
        task = self.waiting_task(datetime.timedelta(hours=1))
        DBTaskResult.objects.filter(pk=task.pk).update(
            run_after=timezone.now() - datetime.timedelta(minutes=1)
        )
        self.assertEqual(self.client.get("/readyz").status_code, 200)


class DatabaseReadinessTests(SimpleTestCase):
    """A served site whose database goes away and comes back."""

    def setUp(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="trygghetsportalen-ready-"))
        self.database = ScratchDatabase("trygghet_ready", self.workdir).create()
        self.addCleanup(self.database.drop)
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"ELASTICSEARCH_URL", "REDIS_URL"}
        } | {
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            "DATABASE_URL": self.database.url,
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input"],
            cwd=REPO_DIR,
            env=env,
            check=True,
            capture_output=True,
        )
        self.port = free_port()
        log = (self.workdir / "server.log").open("w")
        self.addCleanup(log.close)
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.port}"]
            + ["--noreload"],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.addCleanup(server.wait)
        self.addCleanup(server.terminate)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.get("/healthz")
                return
            except OSError:
                time.sleep(0.2)
        self.fail("The test server did not start")

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}{path}", timeout=10
            ) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def take_the_database_away(self) -> None:
        database = self.database
        if database.postgres:
            database.admin(f'ALTER DATABASE "{database.name}" ALLOW_CONNECTIONS false')
            database.admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = '{database.name}'"
            )
        else:
            database.file.rename(database.file.with_suffix(".away"))

    def give_it_back(self) -> None:
        database = self.database
        if database.postgres:
            database.admin(f'ALTER DATABASE "{database.name}" ALLOW_CONNECTIONS true')
        else:
            database.file.unlink(missing_ok=True)  # the empty one SQLite made
            database.file.with_suffix(".away").rename(database.file)

    def test_readyz_is_unready_while_the_database_is_away_and_healthz_stays_up(self):
        self.assertEqual(self.get("/readyz")[0], 200)
        self.take_the_database_away()
        status, body = self.get("/readyz")
        self.assertEqual(status, 503)
        self.assertEqual(body["checks"]["database"], "unavailable")
        self.assertEqual(self.get("/healthz"), (200, {"status": "ok"}))
        self.give_it_back()
        status, body = self.get("/readyz")
        self.assertEqual((status, body["checks"]["database"]), (200, "ok"))
