"""Consumers and their keys in the admin (Inställningar → API-konsumenter):
superusers and holders of the consumer permissions register consumers and
issue keys, shown once; revoking asks first and takes effect at once; editors
neither see nor reach any of it; bad input is a form error, never a 500."""

import json
import re
import sys
from unittest import mock

from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.views.debug import ExceptionReporter

from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html

from bs4 import BeautifulSoup

from consumers.admin_views import KeysView
from consumers.models import ApiKey, Consumer
from tests.pages.permission_cases import PermissionTestCase, user_in

from .utils import all_log_output, bearer, make_consumer, make_key, stored_text

ISSUE = ApiKey.issue
CLEAR_KEY = re.compile(r"tp_[A-Za-z0-9_-]{43}")
SHOWN_ONCE = "Den visas inte igen"


class Unshown(list):
    def __repr__(self) -> str:
        return "<…>"


def admin_url(name: str, *args) -> str:
    return reverse(f"consumers:{name}", args=args)


class ConsumerAdminCase(PermissionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.gr_site = Site.objects.get(root_page=cls.gr["home"])
        cls.molndal_site = Site.objects.get(root_page=cls.molndal["home"])
        cls.consumer = make_consumer(cls.molndal_site, name="Mölndals intranät")

    def consumer_form(self, **changes) -> dict:
        return {
            "name": "Mölndals webbplats",
            "site": str(self.molndal_site.pk),
            "contact_name": "Webbredaktionen",
            "contact_email": "webb@molndal.se",
            "cors_origins": "https://www.molndal.se\nhttps://intranat.molndal.se/",
            "preview_url": "https://www.molndal.se/forhandsvisning?token={token}",
        } | changes

    def issue_key(self, consumer: Consumer, name: str = "produktion"):
        """Fill in and send the "Ny nyckel" form as the browser would."""
        page = self.client.get(admin_url("keys", consumer.pk))
        self.assertEqual(page.status_code, 200)
        data = querydict_from_html(page.content.decode(), form_id="new-key-form")
        data["name"] = name
        return data, self.client.post(admin_url("keys", consumer.pk), data)

    def api_status(self, clear: str) -> int:
        return self.client.get("/api/v1/resources/", **bearer(clear)).status_code


class SuperuserTests(ConsumerAdminCase):
    def setUp(self):
        self.client.force_login(self.superuser)

    def test_the_settings_menu_offers_the_consumers(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, admin_url("index"))
        self.assertContains(response, "API-konsumenter")

    def test_a_consumer_is_registered_through_the_admin(self):
        response = self.client.post(admin_url("add"), self.consumer_form())
        self.assertRedirects(response, admin_url("index"))
        consumer = Consumer.objects.get(name="Mölndals webbplats")
        self.assertEqual(consumer.site, self.molndal_site)
        self.assertEqual(
            consumer.origins, ["https://www.molndal.se", "https://intranat.molndal.se"]
        )
        self.assertFalse(consumer.staff_material)

    def test_the_list_shows_site_scopes_and_active_keys(self):
        make_key(self.consumer)
        make_key(self.consumer, "test")
        ApiKey.objects.filter(name="test").update(revoked_at="2026-01-01T00:00Z")
        make_consumer(
            self.gr_site, name="GR:s intranät", staff_material=True,
            shared_staff_material=True,
        )  # fmt: skip
        response = self.client.get(admin_url("index"))
        self.assertEqual(response.status_code, 200)
        soup = BeautifulSoup(response.content, "html.parser")
        rows = {
            tr.find("a").get_text(strip=True): [
                " ".join(td.get_text().split()) for td in tr.find_all("td")[1:]
            ]
            for tr in soup.select("table tbody tr")
        }
        self.assertEqual(
            rows,
            {
                "Mölndals intranät": ["Mölndals stad", "Publikt material", "1"],
                "GR:s intranät": ["gr", "Personalmaterial, också GR:s delade", "0"],
            },
        )

    def test_a_new_key_is_shown_once_and_works(self):
        with all_log_output() as log_lines:
            data, response = self.issue_key(self.consumer, "produktion")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, SHOWN_ONCE)
        self.assertContains(response, "Authorization: Bearer")
        self.assertIn("no-store", response["Cache-Control"])
        shown = set(CLEAR_KEY.findall(response.content.decode()))
        self.assertEqual(len(shown), 1)
        clear = shown.pop()
        key = ApiKey.objects.get(consumer=self.consumer)
        self.assertEqual((key.name, key.prefix), ("produktion", clear[:10]))
        self.assertEqual(self.api_status(clear), 200)

        # Never again: not on the list, the edit page, the history, nor when
        # the browser sends the same form again (no second key either).
        listing = self.client.get(admin_url("keys", self.consumer.pk))
        self.assertContains(listing, f"{key.prefix}…")
        self.assertContains(listing, "produktion")
        again = self.client.post(admin_url("keys", self.consumer.pk), data, follow=True)
        self.assertContains(again, "En nyckel visas bara en gång")
        self.assertEqual(self.consumer.keys.count(), 1)
        history = self.client.get(admin_url("history", self.consumer.pk))
        self.assertContains(history, "Ny API-nyckel")
        for response in (
            listing,
            again,
            history,
            self.client.get(admin_url("edit", self.consumer.pk)),
            self.client.get(admin_url("index")),
        ):
            self.assertNotIn(clear, response.content.decode())
            self.assertEqual(CLEAR_KEY.findall(response.content.decode()), [])
        self.assertNotIn(clear, stored_text())  # sessions, messages, audit log
        self.assertTrue(log_lines)  # the capture works (the requests log SQL)
        self.assertNotIn(clear, "\n".join(log_lines))
        self.assertNotIn(clear[10:], "\n".join(log_lines))

    def test_an_error_report_after_issuing_does_not_show_the_key(self):
        issued = Unshown()  # this frame is in the report too

        def spy(consumer, name):
            key, clear = ISSUE(consumer, name)
            issued.append(clear)
            return key, clear

        page = self.client.get(admin_url("keys", self.consumer.pk))
        data = querydict_from_html(page.content.decode(), form_id="new-key-form")
        data["name"] = "produktion"
        with (
            mock.patch.object(ApiKey, "issue", side_effect=spy),
            mock.patch.object(
                KeysView, "render_to_response", side_effect=RuntimeError("trasig")
            ),
        ):
            try:
                self.client.post(admin_url("keys", self.consumer.pk), data)
            except RuntimeError:
                # An error report with the frames and their variables.
                text = ExceptionReporter(None, *sys.exc_info()).get_traceback_html()
            else:
                self.fail("the view did not fail")
        self.assertIn("admin_views.py", text)  # the view's frame, with variables
        self.assertEqual(len(issued), 1)
        self.assertNotIn(issued[0], text)

    def test_a_key_needs_a_name(self):
        _data, response = self.issue_key(self.consumer, "")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["name"])
        self.assertFalse(self.consumer.keys.exists())

    def test_revoking_asks_first_then_the_api_refuses_the_key(self):
        clear = make_key(self.consumer)
        key = ApiKey.objects.get(consumer=self.consumer)
        revoke_url = admin_url("revoke_key", self.consumer.pk, key.pk)
        listing = self.client.get(admin_url("keys", self.consumer.pk))
        self.assertContains(listing, revoke_url)

        confirm = self.client.get(revoke_url)
        self.assertContains(confirm, "Vill du återkalla nyckeln")
        key.refresh_from_db()
        self.assertTrue(key.is_active)

        response = self.client.post(revoke_url, follow=True)
        self.assertContains(response, "är återkallad")
        key.refresh_from_db()
        self.assertFalse(key.is_active)
        self.assertContains(response, "Återkallad")  # still listed, as revoked
        self.assertNotContains(response, revoke_url)
        reply = self.client.get("/api/v1/resources/", **bearer(clear))
        self.assertEqual(reply.status_code, 401)
        self.assertEqual(json.loads(reply.content)["detail"], "Nyckeln är återkallad.")

    def test_a_key_of_another_consumer_cannot_be_revoked_through_this_one(self):
        other = make_consumer(self.gr_site, name="GR:s webbplats")
        make_key(other)
        key = ApiKey.objects.get(consumer=other)
        response = self.client.post(admin_url("revoke_key", self.consumer.pk, key.pk))
        self.assertEqual(response.status_code, 404)
        key.refresh_from_db()
        self.assertTrue(key.is_active)


class ValidationTests(ConsumerAdminCase):
    def setUp(self):
        self.client.force_login(self.superuser)

    def assertFormError(self, changes: dict, field: str, message: str):
        response = self.client.post(admin_url("add"), self.consumer_form(**changes))
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn(field, errors)
        self.assertIn(message, " ".join(errors[field]))
        self.assertContains(response, message)
        self.assertFalse(Consumer.objects.filter(name="Mölndals webbplats").exists())

    def test_an_origin_with_a_path_is_a_form_error(self):
        self.assertFormError(
            {"cors_origins": "https://www.molndal.se/intranat"},
            "cors_origins",
            "har en sökväg",
        )

    def test_something_that_is_no_origin_is_a_form_error(self):
        self.assertFormError(
            {"cors_origins": "intranat.molndal.se"}, "cors_origins", "är inget ursprung"
        )

    def test_a_preview_url_without_token_is_a_form_error(self):
        self.assertFormError(
            {"preview_url": "https://www.molndal.se/forhandsvisning?id={id}"},
            "preview_url",
            "måste innehålla {token}",
        )

    def test_the_shared_scope_on_a_member_consumer_is_a_form_error(self):
        self.assertFormError(
            {"staff_material": "on", "shared_staff_material": "on"},
            "shared_staff_material",
            "Bara GR:s konsumenter",
        )

    def test_the_same_shared_scope_is_accepted_for_gr(self):
        response = self.client.post(
            admin_url("add"),
            self.consumer_form(
                site=str(self.gr_site.pk), staff_material="on",
                shared_staff_material="on", cors_origins="",
            ),
        )  # fmt: skip
        self.assertRedirects(response, admin_url("index"))
        consumer = Consumer.objects.get(name="Mölndals webbplats")
        self.assertTrue(consumer.shared_staff_material)


class AccessTests(ConsumerAdminCase):
    def urls(self) -> list[str]:
        key = ApiKey.objects.get(consumer=self.consumer)
        return [
            admin_url("index"),
            admin_url("add"),
            admin_url("edit", self.consumer.pk),
            admin_url("delete", self.consumer.pk),
            admin_url("history", self.consumer.pk),
            admin_url("keys", self.consumer.pk),
            admin_url("revoke_key", self.consumer.pk, key.pk),
        ]

    def test_editors_neither_see_nor_reach_the_consumers(self):
        make_key(self.consumer)
        for user in (self.molndal_editor, self.gr_editor, self.reviewer):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                home = self.client.get(reverse("wagtailadmin_home"))
                self.assertEqual(home.status_code, 200)
                self.assertNotContains(home, admin_url("index"))
                for url in self.urls():
                    for method in (self.client.get, self.client.post):
                        response = method(url, {"name": "inbrott", "once": "x"})
                        self.assertRedirects(
                            response, reverse("wagtailadmin_home"),
                            msg_prefix=f"{method.__name__} {url}",
                        )  # fmt: skip
        self.assertEqual(ApiKey.objects.count(), 1)
        self.assertTrue(ApiKey.objects.get().is_active)
        self.assertEqual(Consumer.objects.count(), 1)

    def test_anonymous_visitors_are_sent_to_the_login(self):
        make_key(self.consumer)
        for url in self.urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(
                    response["Location"].startswith(reverse("wagtailadmin_login"))
                )

    def test_a_group_given_the_consumer_permissions_manages_consumers(self):
        group = Group.objects.create(name="API-förvaltare")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            *Permission.objects.filter(content_type__app_label="consumers"),
        )
        self.client.force_login(user_in("api-forvaltare", "API-förvaltare"))
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(home, admin_url("index"))
        _data, response = self.issue_key(self.consumer)
        self.assertEqual(len(set(CLEAR_KEY.findall(response.content.decode()))), 1)
        self.assertEqual(self.consumer.keys.count(), 1)
