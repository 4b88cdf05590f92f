"""A mail that cannot be sent is an ERROR from `cms.mail`, also when the
sender opens the connection first, as Wagtail's review notifications do.

The mail server is a real SMTP connection to a local port nobody listens on.
(Password reset and a bare `send_mail` are in test_error_logs.py.)
"""

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail import get_connection

from wagtail.models import TaskState

from pages.models import ArticlePage
from tests.factories import edit_form_data, form_errors, make_resource
from tests.ops.json_logs import json_log_lines
from tests.ops.unreachable_mail import UnreachableMailCase


class UnreachableMailServerTests(UnreachableMailCase):
    def submit_for_review(self):
        """GR's editor submits a draft; GR's reviewer is to be told by mail."""
        get_user_model().objects.filter(pk=self.reviewer.pk).update(
            email="granskare@goteborgsregionen.se"
        )
        draft = make_resource(
            ArticlePage,
            self.gr["organiserad-brottslighet"],
            publish=False,
            title="Utkast",
            slug="utkast",
        )
        self.client.force_login(self.gr_editor)
        data = edit_form_data(self.client, draft)
        data["action-submit"] = "action-submit"
        return draft, self.client.post(self.url("edit", draft.pk), data)

    def test_a_review_notification_that_cannot_be_sent_is_an_error_in_the_log(self):
        with json_log_lines() as lines:
            draft, response = self.submit_for_review()
            errors = [line for line in lines() if line["level"] == "ERROR"]
        self.assertEqual(response.status_code, 302, form_errors(response))
        # The submission itself went through; only the mail did not.
        self.assertTrue(
            TaskState.objects.filter(
                workflow_state__object_id=str(draft.pk),
                status=TaskState.STATUS_IN_PROGRESS,
            ).exists()
        )
        self.assertEqual(mail.outbox, [])
        ours = [line for line in errors if line["logger"] == "cms.mail"]
        self.assertEqual(len(ours), 1, errors)
        self.assertIn("ConnectionRefusedError", ours[0]["exception"])
        self.assertEqual(ours[0]["request_id"], response["X-Request-ID"])
        self.assertNotIn("granskare@goteborgsregionen.se", ours[0]["message"])

    def test_the_editor_is_told_of_the_submission_and_nothing_about_a_mail(self):
        _draft, response = self.submit_for_review()
        # Wagtail drops the notifier's "not sent" (the signal's return value),
        # so the admin cannot warn; it must at least not claim a mail went.
        messages = self.messages_of(self.client.get(response["Location"]))
        self.assertEqual(len(messages), 1, messages)
        self.assertIn("inlämnad för moderering", messages[0])
        self.assertNotRegex(messages[0], r"(?i)e-post|mejl|mail|skickat")

    def test_a_connection_opened_with_fail_silently_logs_and_does_not_raise(self):
        with json_log_lines() as lines:
            opened = get_connection(fail_silently=True).open()
            errors = [line for line in lines() if line["level"] == "ERROR"]
        self.assertIsNone(opened)
        self.assertEqual([line["logger"] for line in errors], ["cms.mail"])
        self.assertIn("ConnectionRefusedError", errors[0]["exception"])
