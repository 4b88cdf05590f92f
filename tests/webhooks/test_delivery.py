"""Sending webhooks to a real receiver: signature, retries, back-off, failure."""

import datetime
import json

from django.test import override_settings
from django.utils import timezone

from standardwebhooks import Webhook

from tests.api.utils import clock_at
from tests.webhooks.receiver import HOLD, Receiver, closed_port_url
from tests.webhooks.utils import WebhookCase, run_queue, subscribe
from webhooks.delivery import backoff
from webhooks.models import Delivery


class SignedDeliveryTests(WebhookCase):
    def test_a_publish_is_posted_signed_with_the_new_etag_of_the_detail(self):
        with Receiver() as receiver:
            subscription = subscribe(self.consumer, receiver.url, ["published"])
            page = self.publish_resource()
            self.assertEqual(receiver.requests, [], "sent only by the worker")
            run_queue()
            [(headers, body)] = receiver.wait_for(1)
        message = Webhook(subscription.secret).verify(body, headers)
        self.assertEqual(message["type"], "resource.published")
        data = message["data"]
        self.assertEqual(
            {key: data[key] for key in ("id", "site", "locale", "event")},
            {"id": page.pk, "site": "gr", "locale": "sv", "event": "published"},
        )
        self.assertEqual(
            data["api_url"],
            f"http://localhost/api/v1/resources/{page.pk}/?site=gr&locale=sv",
        )
        self.assertTrue(data["url"].endswith(data["path"]))
        # The ETag announced is the one the API now answers with.
        response = self.client.get(
            data["api_url"].removeprefix("http://localhost"), HTTP_HOST="localhost"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(data["etag"], response["ETag"])
        self.assertEqual(
            self.client.get(data["path"], HTTP_HOST="localhost").status_code, 200
        )
        delivery = Delivery.objects.get(subscription=subscription)
        self.assertEqual(headers["webhook-id"], delivery.webhook_id)
        self.assertEqual(delivery.status, Delivery.Status.DELIVERED)
        self.assertEqual(delivery.attempts, 1)

    def test_a_tampered_body_does_not_verify(self):
        with Receiver() as receiver:
            subscription = subscribe(self.consumer, receiver.url, ["published"])
            self.publish_resource()
            run_queue()
            [(headers, body)] = receiver.wait_for(1)
        tampered = json.loads(body) | {"type": "resource.deleted"}
        with self.assertRaises(Exception):  # noqa: B017 - the library's own error
            Webhook(subscription.secret).verify(json.dumps(tampered), headers)


@override_settings(
    WEBHOOK_TIMEOUT=0.5, WEBHOOK_RETRY_FIRST=30, WEBHOOK_RETRY_MAX=4 * 3600
)
class RetryTests(WebhookCase):
    def attempt_at(self, delivery: Delivery) -> Delivery:
        """Let time pass to the next attempt, run the queue, the delivery after."""
        with clock_at(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
            run_queue()
        return Delivery.objects.get(pk=delivery.pk)

    def test_retried_after_refused_500_and_timeout_with_the_same_id_then_delivered(
        self,
    ):
        subscription = subscribe(self.consumer, closed_port_url(), ["published"])
        self.publish_resource()
        run_queue()
        delivery = Delivery.objects.get(subscription=subscription)
        self.assertEqual((delivery.status, delivery.attempts), ("pending", 1))
        self.assertIsNone(delivery.last_status_code)
        self.assertIn("refused", delivery.last_error.lower())
        self.assertEqual(
            delivery.next_attempt_at - delivery.last_attempt_at, backoff(1)
        )
        # Nothing is sent before the next attempt is due.
        run_queue()
        self.assertEqual(Delivery.objects.get(pk=delivery.pk).attempts, 1)

        with Receiver(500, HOLD) as receiver:
            subscription.url = receiver.url
            subscription.save()
            delivery = self.attempt_at(delivery)
            self.assertEqual((delivery.attempts, delivery.last_status_code), (2, 500))
            self.assertEqual(
                delivery.next_attempt_at - delivery.last_attempt_at,
                datetime.timedelta(seconds=60),
            )
            delivery = self.attempt_at(delivery)  # the receiver hangs
            self.assertEqual(delivery.attempts, 3)
            self.assertIn("timed out", delivery.last_error)
            self.assertEqual(delivery.status, "pending")
            delivery = self.attempt_at(delivery)
            requests = receiver.wait_for(3)
        self.assertEqual(delivery.status, Delivery.Status.DELIVERED)
        self.assertEqual(delivery.attempts, 4)
        self.assertEqual(
            {headers["webhook-id"] for headers, _ in requests}, {delivery.webhook_id}
        )

    def test_back_off_doubles_to_its_cap_and_gives_up_after_the_window(self):
        subscription = subscribe(self.consumer, closed_port_url(), ["published"])
        self.publish_resource()
        run_queue()
        delivery = Delivery.objects.get(subscription=subscription)
        waits = []
        while delivery.status == Delivery.Status.PENDING:
            waits.append(delivery.next_attempt_at - delivery.last_attempt_at)
            delivery = self.attempt_at(delivery)
            self.assertLess(delivery.attempts, 40)
        minutes = [wait.total_seconds() / 60 for wait in waits]
        self.assertEqual(minutes[:6], [0.5, 1, 2, 4, 8, 16])
        self.assertEqual(max(minutes), 240)
        self.assertEqual(delivery.status, Delivery.Status.FAILED)
        self.assertGreaterEqual(
            delivery.last_attempt_at - delivery.created_at, datetime.timedelta(hours=24)
        )
        # Before the window was over it was still being retried.
        self.assertLess(
            delivery.last_attempt_at - waits[-1] - delivery.created_at,
            datetime.timedelta(hours=25),
        )
        self.assertLess(delivery.created_at, timezone.now())
