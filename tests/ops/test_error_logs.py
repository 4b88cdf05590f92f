"""Every 500 is one JSON log line with its traceback and request id; logins,
failed logins and mail failures are in the log too.

The logging is production's (cms/ops/logs.py) into a buffer; the 500s come
from the real views with one function they call made to fail.
"""

from unittest import mock

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from wagtail.admin.mail import send_mail

from tests.ops.json_logs import json_log_lines
from tests.ops.unreachable_mail import UnreachableMailCase
from tests.pages.permission_cases import PermissionTestCase


class ServerErrorLogTests(PermissionTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def assert_one_error_line(self, response, lines) -> dict:
        self.assertEqual(response.status_code, 500)
        errors = [line for line in lines if line["level"] == "ERROR"]
        self.assertEqual(len(errors), 1, errors)
        [error] = errors
        self.assertIn("RuntimeError: något gick sönder", error["exception"])
        self.assertIn("Traceback (most recent call last)", error["exception"])
        self.assertEqual(error["request_id"], response["X-Request-ID"])
        self.assertEqual(len(error["request_id"]), 32)
        return error

    def test_a_500_on_the_site_is_one_line(self):
        with (
            json_log_lines() as lines,
            mock.patch(
                "pages.models.HomePage.get_context",
                side_effect=RuntimeError("något gick sönder"),
            ),
        ):
            response = self.client.get("/sv/", HTTP_HOST="molndal.localhost")
            error = self.assert_one_error_line(response, lines())
        self.assertEqual(error["logger"], "django.request")
        self.assertEqual(error["path"], "/sv/")

    def test_a_500_in_the_admin_is_one_line(self):
        self.client.force_login(self.molndal_editor)
        with (
            json_log_lines() as lines,
            mock.patch(
                "wagtail.admin.views.home.HomeView.get_context_data",
                side_effect=RuntimeError("något gick sönder"),
            ),
        ):
            response = self.client.get("/admin/")
            error = self.assert_one_error_line(response, lines())
        self.assertEqual(error["logger"], "django.request")

    def test_a_500_in_api_v2_is_one_line(self):
        with (
            json_log_lines() as lines,
            mock.patch(
                "wagtail.api.v2.views.PagesAPIViewSet.get_queryset",
                side_effect=RuntimeError("något gick sönder"),
            ),
        ):
            response = self.client.get("/api/v2/pages/")
            self.assert_one_error_line(response, lines())

    def test_a_500_in_the_delivery_api_is_one_line(self):
        with (
            json_log_lines() as lines,
            mock.patch(
                "pages.api.views.SiteContext.from_request",
                side_effect=RuntimeError("något gick sönder"),
            ),
        ):
            response = self.client.get("/api/v1/resources/?site=gr")
            self.assert_one_error_line(response, lines())
        self.assertEqual(response.json(), {"detail": "Ett internt fel uppstod."})


class RequestIdTests(PermissionTestCase):
    def test_a_well_formed_id_from_the_proxy_is_kept(self):
        response = self.client.get("/healthz", HTTP_X_REQUEST_ID="lb-4711.a_b")
        self.assertEqual(response["X-Request-ID"], "lb-4711.a_b")

    def test_a_malformed_id_is_replaced(self):
        for given in ("x" * 65, "två ord", "<script>", ""):
            with self.subTest(given=given):
                response = self.client.get("/healthz", HTTP_X_REQUEST_ID=given)
                self.assertRegex(response["X-Request-ID"], r"^[0-9a-f]{32}$")


class AuthEventLogTests(PermissionTestCase):
    def test_logins_and_failed_logins_are_logged_without_the_password(self):
        with json_log_lines() as lines:
            self.client.post(
                "/admin/login/",
                {"username": "molndal-redaktor", "password": "fel-losenord"},
            )
            self.client.post(
                "/admin/login/", {"username": "molndal-redaktor", "password": "x"}
            )
            self.client.logout()
            events = [line for line in lines() if line["logger"] == "cms.auth"]
        self.assertEqual(
            [(event["event"], event["username"]) for event in events],
            [
                ("login_failed", "molndal-redaktor"),
                ("login", "molndal-redaktor"),
                ("logout", "molndal-redaktor"),
            ],
        )
        self.assertEqual(events[0]["level"], "WARNING")
        self.assertEqual(events[0]["client"], "127.0.0.1")
        self.assertNotIn("fel-losenord", repr(lines))


class MailFailureLogTests(UnreachableMailCase):
    """The mail server does not answer: a real SMTP connection is refused."""

    def setUp(self):
        super().setUp()
        get_user_model().objects.filter(pk=self.molndal_editor.pk).update(
            email="redaktor@molndal.se"
        )

    def test_a_password_reset_mail_that_fails_is_an_error_in_the_log(self):
        with json_log_lines() as lines:
            response = self.client.post(
                "/admin/password_reset/", {"email": "redaktor@molndal.se"}
            )
            errors = [line for line in lines() if line["level"] == "ERROR"]
        # Django says the same whether or not the address exists (so nobody
        # can probe for accounts), and whether or not the mail went.
        self.assertEqual(response.status_code, 302)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(
            {line["logger"] for line in errors}, {"cms.mail", "django.contrib.auth"}
        )
        [ours] = [line for line in errors if line["logger"] == "cms.mail"]
        self.assertIn("ConnectionRefusedError", ours["exception"])
        self.assertIn("1 recipient(s)", ours["message"])
        self.assertNotIn("redaktor@molndal.se", repr(errors))

    def test_a_workflow_notification_that_fails_is_an_error_not_a_success(self):
        with json_log_lines() as lines, self.assertRaises(ConnectionRefusedError):
            # What Wagtail's workflow and moderation notifications call; they
            # catch the error and log it to wagtail.admin themselves.
            send_mail("Sidan väntar på granskning", "…", ["granskare@gr.se"])
        [error] = [line for line in lines() if line["level"] == "ERROR"]
        self.assertEqual(error["logger"], "cms.mail")

    def test_with_fail_silently_the_failure_is_logged_and_counted_as_unsent(self):
        with json_log_lines() as lines:
            sent = send_mail("Ämne", "…", ["granskare@gr.se"], fail_silently=True)
        self.assertEqual(sent, 0)
        self.assertEqual(
            [line["logger"] for line in lines() if line["level"] == "ERROR"],
            ["cms.mail"],
        )
