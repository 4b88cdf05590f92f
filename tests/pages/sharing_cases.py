"""Helpers for sharing tests: what each member site shows, and a queue worker."""

import json

from django.test import TestCase, override_settings

from wagtail.models import Page

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from pages import syndication

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
    Returns the number of tasks run.
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
        result = queued.get_locked()
        if result is None:
            return ran
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
