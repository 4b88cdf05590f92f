"""The database side of test_worker_kill.py, run in its own process.

`manage.py shell -c "from tests.webhooks.kill_scenario import run; run('setup', url)"`
against the test's own database. Each step prints one line of JSON.
"""

import json

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from tests.api.utils import build_tree
from tests.consumers.utils import make_consumer
from tests.factories import make_resource
from webhooks.models import Delivery, Subscription


def setup(url: str) -> dict:
    """GR with a consumer subscribed at `url`, and one resource published."""
    remove_wagtail_welcome_page()
    gr = build_tree("gr", "localhost", is_hub=True)
    Subscription.objects.create(
        consumer=make_consumer("gr"), url=url, events=["published"]
    )
    make_resource(ArticlePage, gr["samverkan"], slug="nytt", share_with="none")
    return {"deliveries": Delivery.objects.count()}


def status(url: str = "") -> dict:
    return {
        "deliveries": [
            {"id": d.webhook_id, "status": d.status, "attempts": d.attempts}
            for d in Delivery.objects.all()
        ]
    }


def run(name: str, url: str = "") -> None:
    print(json.dumps({"setup": setup, "status": status}[name](url)))  # noqa: T201
