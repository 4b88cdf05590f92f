"""Helpers for sharing tests: what each member site shows, and a queue worker."""

import json

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse

from wagtail.models import Page

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from pages import syndication
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from tests.api.utils import build_tree
from tests.factories import make_resource

IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
# The production arrangement: the fan-out waits in the database for a worker.
QUEUED_TASKS = {
    "default": IMMEDIATE,
    "sharing": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
QUEUED_SHARING = override_settings(TASKS=QUEUED_TASKS)


def sites_showing(test: TestCase, original: Page, members) -> set[str]:
    """Member sites whose tree holds a live alias of `original`; their API agrees."""
    in_tree = {
        syndication.site_profile_of(alias).slug
        for alias in Page.objects.filter(alias_of=original, live=True)
    }
    in_api = set()
    for slug in members:
        response = test.client.get(
            "/api/v1/resources/",
            {"site": slug, "locale": original.locale.language_code},
        )
        items = json.loads(response.content)["items"]
        if any(
            item["shared_from"] == {"site": "gr", "id": original.pk} for item in items
        ):
            in_api.add(slug)
    test.assertEqual(in_tree, in_api, "the page tree and the API disagree")
    return in_tree


def titles_on(test: TestCase, original: Page, members) -> dict[str, str]:
    """The title each member's API gives the shared resource."""
    titles = {}
    for slug in members:
        response = test.client.get("/api/v1/resources/", {"site": slug})
        for item in json.loads(response.content)["items"]:
            if item["shared_from"] == {"site": "gr", "id": original.pk}:
                titles[slug] = item["title"]
    return titles


def run_queued_sharing() -> int:
    """Run the queued fan-out tasks as `manage.py db_worker --backend sharing` does.

    The worker's own claim and run steps, without its polling loop (which
    closes database connections, and with them the test's transaction).
    Like the worker, it claims a task in a transaction of its own: outside
    a test's transaction (`make bench`'s sharing benchmark), PostgreSQL
    refuses the row lock without one. Returns the number of tasks run.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=syndication.TASK_BACKEND,
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while True:
        queued = DBTaskResult.objects.ready().filter(
            backend_name=syndication.TASK_BACKEND
        )
        with exclusive_transaction(queued.db):
            result = queued.get_locked()
            if result is not None:
                result.claim(worker.worker_id)
        if result is None:
            return ran
        worker.run_task(result)
        ran += 1


MEMBERS = ("ale", "molndal", "partille")


@QUEUED_SHARING
class QueuedSharingCase(TestCase):
    """GR and three members; the fan-out waits in the queue for a worker."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        for slug in MEMBERS:
            build_tree(slug, f"{slug}.localhost", is_hub=False)
        run_queued_sharing()  # the topics' own (empty) fan-outs
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")

    def share(self, **fields) -> ArticlePage:
        return make_resource(
            ArticlePage, self.gr["samverkan"], title="Delat", slug="delat", **fields
        )

    def queued_for(self, page) -> list[DBTaskResult]:
        return list(
            DBTaskResult.objects.ready().filter(
                task_path="pages.syndication.sync_shared_page",
                args_kwargs__args=[page.pk],
            )
        )

    def panel(self, page) -> str:
        self.client.force_login(self.admin)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()
