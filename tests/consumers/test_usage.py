"""Each key's requests per day (consumers.ApiUsage), counted in the cache and
written in batches, and the superusers' view of them (Inställningar →
API-användning)."""

import contextlib
import datetime
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse

from consumers.models import ApiKey, ApiUsage
from pages.demo.builder import remove_wagtail_welcome_page
from pages.permissions import GR_EDITORS, ensure_groups
from tests.api.utils import build_tree, clock_at
from tests.consumers.utils import bearer, make_consumer, make_key
from tests.pages.permission_cases import user_in

URL = "/api/v1/resources/?site=gr"
# Noon in Stockholm on two days in a row.
MONDAY = datetime.datetime(2026, 11, 30, 11, tzinfo=datetime.UTC)
TUESDAY = MONDAY + datetime.timedelta(days=1)


@contextlib.contextmanager
def at(moment: datetime.datetime):
    """The day the usage is counted for, and the rate limit's window, at `moment`."""
    with (
        clock_at(moment),
        mock.patch("consumers.ratelimit.clock", return_value=moment.timestamp()),
    ):
        yield


@override_settings(API_RATE_LIMIT_KEY=2, API_RATE_LIMIT_ANONYMOUS=100)
class UsageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        build_tree("gr", "localhost", is_hub=True)
        build_tree("molndal", "molndal.localhost", is_hub=False)
        ensure_groups()
        cls.editor = user_in("gr-redaktor", GR_EDITORS)
        cls.superuser = get_user_model().objects.create_superuser(
            username="admin", password="x"
        )
        cls.intranet = make_consumer("molndal", name="Mölndals intranät")
        cls.website = make_consumer("gr", name="GR:s webbplats")
        cls.intranet_key = make_key(cls.intranet, "produktion")
        cls.website_key = make_key(cls.website, "test")

    def get(self, key: str | None):
        return self.client.get(
            URL, HTTP_HOST="localhost", **(bearer(key) if key else {})
        )

    def key_of(self, consumer) -> ApiKey:
        return consumer.keys.get()

    def usage_page(self):
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("consumers_usage"))
        self.client.logout()
        self.assertEqual(response.status_code, 200)
        return response

    def shown(self, response) -> set[tuple[str, str, datetime.date, int, int]]:
        return {
            (row.key.consumer.name, row.key.name, row.day, row.requests, row.limited)
            for row in response.context["rows"]
        }

    def test_usage_per_key_per_day_is_in_the_admin(self):
        with at(MONDAY):
            for _ in range(3):  # the third is over the key's limit
                self.get(self.intranet_key)
            self.get(None)  # anonymous: no key's usage
        with at(TUESDAY):
            self.get(self.intranet_key)
            self.get(self.website_key)
            response = self.usage_page()
        monday, tuesday = MONDAY.date(), TUESDAY.date()
        self.assertEqual(
            self.shown(response),
            {
                ("Mölndals intranät", "produktion", monday, 3, 1),
                ("Mölndals intranät", "produktion", tuesday, 1, 0),
                ("GR:s webbplats", "test", tuesday, 1, 0),
            },
        )
        prefix = self.key_of(self.intranet).prefix
        self.assertContains(response, f'data-usage="{prefix}:2026-11-30"')
        self.assertContains(response, "Mölndals intranät")
        self.assertContains(response, "API-användning")

    def test_requests_are_not_written_one_by_one(self):
        with at(MONDAY):
            self.get(self.intranet_key)
            self.get(self.intranet_key)
        self.assertFalse(ApiUsage.objects.exists())
        with at(MONDAY):
            self.usage_page()
        usage = ApiUsage.objects.get()
        self.assertEqual((usage.requests, usage.limited), (2, 0))

    def test_a_flush_moves_each_request_once(self):
        with at(MONDAY):
            self.get(self.intranet_key)
            self.get(self.intranet_key)
            self.usage_page()
            self.get(self.intranet_key)  # refused: over the limit of 2
            self.usage_page()
            self.usage_page()
        usage = ApiUsage.objects.get()
        self.assertEqual((usage.requests, usage.limited), (3, 1))

    @mock.patch("consumers.ratelimit.USAGE_FLUSH_EVERY", 3)
    @override_settings(API_RATE_LIMIT_KEY=100)
    def test_every_so_many_requests_of_a_key_are_written_without_the_admin(self):
        with at(MONDAY):
            self.get(self.website_key)
            self.get(self.intranet_key)
            self.get(self.intranet_key)
            self.assertFalse(ApiUsage.objects.exists())
            self.get(self.intranet_key)  # the key's third today: all written
        self.assertEqual(
            set(ApiUsage.objects.values_list("key__consumer__name", "requests")),
            {("Mölndals intranät", 3), ("GR:s webbplats", 1)},
        )

    def test_editors_are_refused_and_do_not_see_it_in_the_menu(self):
        url = reverse("consumers_usage")
        self.client.force_login(self.superuser)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), url)
        self.client.force_login(self.editor)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), url)
        self.assertRedirects(self.client.get(url), reverse("wagtailadmin_home"))
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("wagtailadmin_login"), response["Location"])
