"""The LOGGING of each environment: production's 500s mailed to ADMINS as
well as logged once, failed logins under an address the client cannot
choose, and the test settings' quiet logging still seen by caplog.

(One line per 500, request ids and auth events are in test_error_logs.py.)
"""

import json
import logging
import logging.config
import os
import subprocess
import sys
from unittest import mock

from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

import pytest

from tests.ops.json_logs import json_log_lines
from tests.pages.permission_cases import PermissionTestCase


def production_logging(**environ: str) -> dict:
    """What cms.settings.production makes of LOGGING and ADMINS in `environ`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"ADMINS", "LOG_FORMAT", "LOG_LEVEL"}
    }
    env.update(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org", **environ)
    script = (
        "import json; from cms.settings import production as s; print(json.dumps("
        "{'admins': s.ADMINS, 'format': s.LOGGING['handlers']['stdout']['formatter'],"
        " 'request': s.LOGGING['loggers']['django.request']['handlers']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    return json.loads(result.stdout)


class ProductionSettingsTests(PermissionTestCase):
    def test_production_logs_json_and_mails_500s_only_when_admins_are_set(self):
        self.assertEqual(
            production_logging(),
            {"admins": [], "format": "json", "request": []},
        )
        self.assertEqual(
            production_logging(ADMINS="drift@gr.se, jour@gr.se", LOG_FORMAT="text"),
            {
                "admins": [
                    ["drift@gr.se", "drift@gr.se"],
                    ["jour@gr.se", "jour@gr.se"],
                ],
                "format": "text",
                "request": ["mail_admins"],
            },
        )

    @override_settings(ADMINS=[("drift@gr.se", "drift@gr.se")])
    def test_a_500_is_one_line_and_one_mail_to_admins(self):
        client = Client(raise_request_exception=False)
        with (
            json_log_lines(mail_admins=True) as lines,
            mock.patch(
                "pages.models.HomePage.get_context",
                side_effect=RuntimeError("något gick sönder"),
            ),
        ):
            response = client.get("/sv/", HTTP_HOST="molndal.localhost")
            errors = [line for line in lines() if line["level"] == "ERROR"]
        self.assertEqual(response.status_code, 500)
        self.assertEqual([line["logger"] for line in errors], ["django.request"])
        [sent] = mail.outbox
        self.assertEqual(sent.to, ["drift@gr.se"])
        self.assertIn("RuntimeError", sent.body)


class ClientAddressTests(PermissionTestCase):
    def test_a_failed_login_is_logged_under_the_address_our_proxy_saw(self):
        with json_log_lines() as lines:
            self.client.post(
                "/admin/login/",
                {"username": "molndal-redaktor", "password": "fel-losenord"},
                # The first hop is the client's own claim; the last our proxy's.
                HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",
            )
            [event] = [line for line in lines() if line["logger"] == "cms.auth"]
        self.assertEqual(event["event"], "login_failed")
        self.assertEqual(event["client"], "203.0.113.7")


@pytest.mark.django_db
def test_caplog_sees_auth_events_under_the_quiet_test_settings(
    client, django_user_model, caplog
):
    django_user_model.objects.create_user(username="redaktor", password="ratt")
    with caplog.at_level(logging.INFO, logger="cms.auth"):
        client.post(
            "/admin/login/", {"username": "redaktor", "password": "fel-losenord"}
        )
        client.post("/admin/login/", {"username": "redaktor", "password": "ratt"})
    events = [
        (record.event, record.username)
        for record in caplog.records
        if record.name == "cms.auth"
    ]
    assert events == [("login_failed", "redaktor"), ("login", "redaktor")]
    assert "fel-losenord" not in caplog.text
    # The test settings write warnings and worse only: logins stay out.
    assert logging.getLogger().level == logging.WARNING
