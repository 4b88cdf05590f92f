"""A site with API consumers subscribed to webhooks, and the queue's worker."""

from django.test import TestCase

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from tests.api.utils import build_tree
from tests.consumers.utils import make_consumer
from tests.factories import make_resource
from tests.pages.sharing_cases import QUEUED_SHARING, run_queued_sharing
from webhooks.models import Delivery, EventType, Subscription

ALL_EVENTS = [event.value for event in EventType]

run_queue = run_queued_sharing  # the worker serves webhooks and sharing alike


def subscribe(consumer, url: str, events=None, **fields) -> Subscription:
    subscription = Subscription(
        consumer=consumer, url=url, events=events or ALL_EVENTS, **fields
    )
    subscription.full_clean()
    subscription.save()
    return subscription


def events_of(subscription) -> list[tuple[str, str, int]]:
    """(event, site, id) of the subscription's deliveries, oldest first."""
    return [
        (d.event, d.payload["data"]["site"], d.payload["data"]["id"])
        for d in Delivery.objects.filter(subscription=subscription).order_by("pk")
    ]


@QUEUED_SHARING
class WebhookCase(TestCase):
    """GR (localhost) with one consumer; webhooks wait in the queue."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        run_queue()
        cls.consumer = make_consumer("gr")

    def publish_resource(self, **fields) -> ArticlePage:
        """A new local resource of GR's, published; its webhooks queued."""
        with self.captureOnCommitCallbacks(execute=True):
            return make_resource(
                ArticlePage,
                self.gr["samverkan"],
                **({"title": "Nytt", "slug": "nytt", "share_with": "none"} | fields),
            )
