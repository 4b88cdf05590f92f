"""The database side of tests/pages/test_worker_kill.py, run in its own process.

`manage.py shell -c "from tests.pages.worker_kill_scenario import run; run('setup')"`
and so on, against the test's own database: the test process itself never
connects to it (except to count aliases while the worker runs). Each step
prints one line of JSON.
"""

import json

from django.db.models import Count

from wagtail.models import Page, PageLogEntry

from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, ShareWith, SharingSync, SharingWorker
from pages.syndication import history
from tests.api.utils import build_tree
from tests.factories import make_resource

MEMBERS = (
    "ale", "alingsas", "goteborg", "harryda", "kungalv", "kungsbacka", "lerum",
    "lilla-edet", "molndal", "ockero", "partille", "stenungsund", "tjorn",
)  # fmt: skip
RESOURCES = 6


def setup() -> dict:
    """GR and 13 members, and GR's resources as drafts (no fan-out yet)."""
    remove_wagtail_welcome_page()
    gr = build_tree("gr", "localhost", is_hub=True)
    for slug in MEMBERS:
        build_tree(slug, f"{slug}.localhost", is_hub=False)
    ids = [
        make_resource(
            ArticlePage,
            gr["samverkan"],
            publish=False,
            title=f"Delat material {number}",
            slug=f"delat-{number}",
            share_with=ShareWith.ALL,
        ).pk
        for number in range(1, RESOURCES + 1)
    ]
    return {"ids": ids}


def publish() -> dict:
    """Publish (again) every resource: one fan-out each to the 13 members."""
    pages = ArticlePage.objects.filter(slug__startswith="delat-", alias_of=None)
    for page in pages.order_by("pk"):
        page.title = page.title.split(" (")[0] + f" ({page.live_revision_id or 0})"
        page.save_revision().publish()
    return {"published": pages.count()}


def status() -> dict:
    originals = list(
        ArticlePage.objects.filter(slug__startswith="delat-", alias_of=None)
    )
    per_site: dict[str, dict[str, int]] = {}
    stale = 0
    for original in originals:
        aliases = Page.objects.filter(alias_of=original)
        counts = dict.fromkeys(MEMBERS, 0)
        for row in aliases.values("url_path"):
            counts[row["url_path"].split("/")[1]] += 1
        per_site[str(original.pk)] = counts
        stale += sum(
            alias.last_published_at != original.last_published_at or not alias.live
            for alias in aliases
        )
    tasks = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")))
    return {
        "per_site": per_site,
        "stale": stale,
        "tasks": tasks,
        "lost_tasks": DBTaskResult.objects.filter(
            exception_class_path="pages.syndication.workers.WorkerLost"
        ).count(),
        "running_tasks": DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING
        ).count(),
        "pending": sum(sync.pending for sync in SharingSync.objects.all()),
        "claimed": SharingSync.objects.filter(running_since__isnull=False).count(),
        "logged": {
            action: PageLogEntry.objects.filter(
                action=action, page__alias_of__in=originals
            ).count()
            for action in (history.CREATED, history.UPDATED)
        },
        "workers": {
            worker.worker_id: worker.stopped_at is not None
            for worker in SharingWorker.objects.all()
        },
    }


def run(step: str) -> None:
    print(json.dumps({"setup": setup, "publish": publish, "status": status}[step]()))  # noqa: T201
