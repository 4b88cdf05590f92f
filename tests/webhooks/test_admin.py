"""The webhook admin: superusers only, deliveries listed, "Skicka igen"."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from wagtail.models import Page

from pages.models import ArticlePage
from tests.consumers.utils import make_consumer
from tests.factories import edit_form_data, make_editor, make_resource
from tests.pages.permission_cases import PermissionTestCase
from tests.pages.sharing_cases import QUEUED_TASKS
from tests.webhooks.receiver import Receiver, closed_port_url
from tests.webhooks.utils import WebhookCase, run_queue, subscribe
from webhooks.models import Delivery


class RedeliveryTests(WebhookCase):
    def test_superuser_sees_deliveries_and_redelivers_with_the_same_id(self):
        admin = get_user_model().objects.create_superuser("admin", password="x")
        with Receiver() as receiver:
            subscription = subscribe(self.consumer, receiver.url, ["published"])
            self.publish_resource()
            run_queue()
            delivery = Delivery.objects.get(subscription=subscription)
            self.client.force_login(admin)
            page = self.client.get(
                reverse("webhooks_subscription:inspect", args=[subscription.pk])
            )
            self.assertContains(page, delivery.webhook_id)
            self.assertContains(page, subscription.secret)
            self.assertContains(page, "Skicka igen")
            response = self.client.post(
                reverse("webhooks_redeliver", args=[delivery.pk])
            )
            self.assertEqual(response.status_code, 302)
            run_queue()
            requests = receiver.wait_for(2)
        self.assertEqual(
            [headers["webhook-id"] for headers, _ in requests],
            [delivery.webhook_id] * 2,
        )
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), ("delivered", 2))

    def test_an_editor_can_neither_see_subscriptions_nor_redeliver(self):
        subscription = subscribe(self.consumer, closed_port_url(), ["published"])
        self.publish_resource()
        delivery = Delivery.objects.get(subscription=subscription)
        self.client.force_login(make_editor())
        listing = self.client.get(reverse("webhooks_subscription:index"))
        self.assertNotEqual(listing.status_code, 200)
        response = self.client.post(reverse("webhooks_redeliver", args=[delivery.pk]))
        # Wagtail's admin answers a refusal with a redirect to the dashboard.
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        after = Delivery.objects.get(pk=delivery.pk)
        self.assertEqual(after.retry_from, delivery.retry_from)


class PublishNeverWaitsTests(PermissionTestCase):
    """A GR reviewer publishes through the admin while the receiver refuses."""

    def publish(self, slug: str):
        self.client.force_login(self.reviewer)
        draft = make_resource(
            ArticlePage, self.gr["samverkan"], publish=False, slug=slug
        )
        data = edit_form_data(self.client, draft)
        data["action-publish"] = "action-publish"
        response = self.client.post(self.url("edit", draft.pk), data)
        return draft, response

    def test_a_refusing_receiver_does_not_stop_the_publish(self):
        subscription = subscribe(make_consumer("gr"), closed_port_url())
        with override_settings(TASKS=QUEUED_TASKS):
            draft, response = self.publish("vagrad")
            self.assertEqual(response.status_code, 302)
            self.assertTrue(Page.objects.get(pk=draft.pk).live)
            delivery = Delivery.objects.get(
                subscription=subscription, event="published"
            )
            self.assertEqual(delivery.attempts, 0, "not sent during the publish")
            run_queue()
        delivery.refresh_from_db()
        self.assertEqual((delivery.status, delivery.attempts), ("pending", 1))
        self.assertTrue(Page.objects.get(pk=draft.pk).live)

    def test_a_broken_subscription_does_not_stop_the_publish(self):
        subscribe(make_consumer("gr"), closed_port_url())
        with (
            override_settings(TASKS=QUEUED_TASKS),
            mock.patch("webhooks.events.build_payload", side_effect=RuntimeError),
        ):
            draft, response = self.publish("trasig")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Page.objects.get(pk=draft.pk).live)
        self.assertFalse(Delivery.objects.exists())
