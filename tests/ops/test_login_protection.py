"""Login protection (cms/security/, django-axes): after too many failed logins
a username, and separately an address, is locked out for a while; the login
page says so in Swedish; superusers see and lift lockouts in the admin or
with `manage.py unlock_login`; lockouts are in the auth log.

Every login goes through the admin's real login page. The address is the
last X-Forwarded-For hop, the one the production proxy adds.
"""

import json
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import F
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from axes.models import AccessAttempt

from cms.security.views import lockout_message
from tests.ops.json_logs import json_log_lines
from tests.pages.permission_cases import PermissionTestCase

LIMIT = 3
PASSWORD = "x"  # PermissionTestCase's users
LOCKED_OUT = "För många misslyckade inloggningar"


def log_in(client: Client, username: str, password: str, address: str = ""):
    """POST the admin's login form, through the proxy when `address` is given.

    The proxy appends the address it saw to whatever X-Forwarded-For the
    client sent; the first hop here is a client's own (false) claim.
    """
    extra = {"HTTP_X_FORWARDED_FOR": f"10.6.6.6, {address}"} if address else {}
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        **extra,
    )


def fail(client: Client, username: str, address: str = "", times: int = 1):
    for _ in range(times):
        response = log_in(client, username, "fel-losenord", address)
    return response


def age_attempts(minutes: int) -> None:
    """Move the clock forward: every recorded failure becomes older."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - timedelta(minutes=minutes)
    )


def output_of(*args: str) -> str:
    """What a management command prints."""
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@override_settings(AXES_FAILURE_LIMIT=LIMIT, AXES_COOLOFF_TIME=timedelta(minutes=15))
class LoginProtectionCase(PermissionTestCase):
    def assertLoggedIn(self, response):
        self.assertRedirects(response, reverse("wagtailadmin_home"))

    def assertLockedOut(self, response):
        self.assertContains(response, LOCKED_OUT, status_code=429)
        self.assertContains(response, "15 minuter", status_code=429)


class LockoutTests(LoginProtectionCase):
    def test_the_right_password_is_refused_in_swedish_after_too_many_wrong_ones(self):
        for _ in range(LIMIT - 1):
            response = fail(self.client, "molndal-redaktor")
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, LOCKED_OUT)
        self.assertLockedOut(fail(self.client, "molndal-redaktor"))

        response = log_in(self.client, "molndal-redaktor", PASSWORD)
        self.assertLockedOut(response)
        # Wagtail's own login form again, username kept, ready to try later.
        self.assertTemplateUsed(response, "wagtailadmin/login.html")
        self.assertContains(response, 'value="molndal-redaktor"', status_code=429)
        self.assertContains(response, "csrfmiddlewaretoken", status_code=429)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 302)

    def test_an_address_is_locked_out_for_every_username_it_tries(self):
        for n in range(LIMIT):
            fail(self.client, f"okand-{n}", address="203.0.113.7")
        self.assertLockedOut(
            log_in(Client(), "ale-redaktor", PASSWORD, address="203.0.113.7")
        )
        # From elsewhere the same editor, and the others, still log in.
        self.assertLoggedIn(
            log_in(Client(), "ale-redaktor", PASSWORD, address="198.51.100.2")
        )
        self.assertLoggedIn(
            log_in(Client(), "molndal-redaktor", PASSWORD, address="198.51.100.3")
        )

    def test_a_username_is_locked_out_from_every_address(self):
        for n in range(LIMIT):
            fail(Client(), "molndal-redaktor", address=f"198.51.100.{n}")
        self.assertLockedOut(
            log_in(Client(), "molndal-redaktor", PASSWORD, address="192.0.2.50")
        )
        self.assertLoggedIn(
            log_in(Client(), "ale-redaktor", PASSWORD, address="198.51.100.0")
        )

    def test_the_address_is_the_hop_our_proxy_added_whatever_the_client_claims(self):
        for n in range(LIMIT):
            log_in(
                Client(),
                f"okand-{n}",
                "fel-losenord",
                # A new claimed address each time; the proxy's hop stays.
                address=f"10.0.0.{n}, 203.0.113.9",
            )
        self.assertLockedOut(
            log_in(Client(), "ale-redaktor", PASSWORD, address="203.0.113.9")
        )
        self.assertEqual(
            set(AccessAttempt.objects.values_list("ip_address", flat=True)),
            {"203.0.113.9"},
        )

    def test_a_successful_login_forgets_only_that_users_own_failures(self):
        # The editor mistypes, then gets it right: the slate is clean.
        fail(self.client, "molndal-redaktor", "203.0.113.7", times=LIMIT - 1)
        self.assertLoggedIn(log_in(Client(), "molndal-redaktor", PASSWORD))
        fail(self.client, "molndal-redaktor", "203.0.113.7", times=LIMIT - 1)
        self.assertLoggedIn(log_in(Client(), "molndal-redaktor", PASSWORD))

        # Someone guessing Ale's password cannot clear the count by logging
        # in to an account of their own between guesses.
        fail(self.client, "ale-redaktor", "198.51.100.7", times=LIMIT - 1)
        self.assertLoggedIn(
            log_in(Client(), "gr-redaktor", PASSWORD, address="198.51.100.7")
        )
        self.assertLockedOut(fail(self.client, "ale-redaktor", "198.51.100.7"))

    def test_the_lockout_ends_after_the_cool_off_and_each_refusal_restarts_it(self):
        fail(self.client, "molndal-redaktor", times=LIMIT)
        age_attempts(14)
        # Refused, and trying again while locked out starts the 15 minutes again.
        self.assertLockedOut(log_in(self.client, "molndal-redaktor", PASSWORD))
        age_attempts(14)
        self.assertLockedOut(log_in(self.client, "molndal-redaktor", PASSWORD))
        age_attempts(16)
        self.assertLoggedIn(log_in(self.client, "molndal-redaktor", PASSWORD))

    def test_the_message_follows_the_settings_and_has_english(self):
        with override_settings(AXES_COOLOFF_TIME=timedelta(minutes=1)):
            self.assertIn("spärrad i 1 minut.", lockout_message())
        with translation.override("en"):
            self.assertEqual(
                lockout_message(),
                "Too many failed sign-ins. Signing in is blocked for 15 minutes. "
                "Contact an administrator if you need to get in sooner.",
            )


class LockoutAdminTests(LoginProtectionCase):
    def setUp(self):
        # Mölndal's editor from three addresses: the username is locked out,
        # none of the addresses is.
        for n in range(LIMIT):
            fail(Client(), "molndal-redaktor", address=f"198.51.100.{n}")

    def test_superusers_see_who_is_locked_out_from_where(self):
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("security_lockouts"))
        self.assertEqual(response.status_code, 200)
        [lockout] = response.context["lockouts"]
        self.assertEqual(
            (lockout.username, lockout.address, lockout.failures),
            ("molndal-redaktor", "", LIMIT),
        )
        self.assertEqual(
            lockout.others, ("198.51.100.0", "198.51.100.1", "198.51.100.2")
        )
        self.assertContains(response, "198.51.100.0, 198.51.100.1, 198.51.100.2")
        self.assertContains(response, "Lås upp")

    def test_the_lockouts_are_under_settings_for_superusers_only(self):
        url = reverse("security_lockouts")
        self.client.force_login(self.superuser)
        self.assertContains(self.client.get(reverse("wagtailadmin_home")), url)
        self.client.force_login(self.gr_editor)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), url)

    def test_editors_may_neither_see_nor_unlock(self):
        # Not Mölndal's editor: logging in would forget their own failures.
        for editor in (self.gr_editor, self.reviewer, self.ale_editor):
            with self.subTest(editor=editor.username):
                self.client.force_login(editor)
                response = self.client.get(reverse("security_lockouts"))
                self.assertRedirects(response, reverse("wagtailadmin_home"))
                response = self.client.post(
                    reverse("security_unlock"),
                    {"kind": "username", "value": "molndal-redaktor"},
                )
                self.assertRedirects(response, reverse("wagtailadmin_home"))
        self.assertLockedOut(log_in(Client(), "molndal-redaktor", PASSWORD))

    def test_unlock_is_a_post_with_the_csrf_token_then_the_editor_logs_in(self):
        admin = Client(enforce_csrf_checks=True)
        admin.force_login(self.superuser)
        unlock = reverse("security_unlock")
        form = {"kind": "username", "value": "molndal-redaktor"}
        self.assertEqual(admin.get(unlock).status_code, 405)
        self.assertEqual(admin.post(unlock, form).status_code, 403)  # no token

        page = admin.get(reverse("security_lockouts"))
        token = page.context["csrf_token"]
        response = admin.post(
            unlock, {**form, "csrfmiddlewaretoken": str(token)}, follow=True
        )
        self.assertRedirects(response, reverse("security_lockouts"))
        self.assertContains(response, "molndal-redaktor är upplåst")
        self.assertEqual(response.context["lockouts"], [])
        self.assertLoggedIn(log_in(Client(), "molndal-redaktor", PASSWORD))

    def test_a_locked_address_is_listed_and_unlocked_by_address(self):
        for n in range(LIMIT):
            fail(Client(), f"okand-{n}", address="203.0.113.7")
        self.client.force_login(self.superuser)
        lockouts = self.client.get(reverse("security_lockouts")).context["lockouts"]
        [by_address] = [lockout for lockout in lockouts if lockout.address]
        self.assertEqual(by_address.address, "203.0.113.7")
        self.assertEqual(by_address.others, ("okand-0", "okand-1", "okand-2"))

        self.client.post(
            reverse("security_unlock"), {"kind": "ip_address", "value": "203.0.113.7"}
        )
        self.assertLoggedIn(
            log_in(Client(), "ale-redaktor", PASSWORD, address="203.0.113.7")
        )
        self.assertLockedOut(log_in(Client(), "molndal-redaktor", PASSWORD))

    def test_unlock_login_lists_and_unlocks(self):
        listed = output_of("unlock_login")
        self.assertIn("username molndal-redaktor: 3 failures", listed)
        self.assertIn("198.51.100.0, 198.51.100.1, 198.51.100.2", listed)

        with self.assertRaisesMessage(CommandError, "nothing to unlock"):
            call_command("unlock_login", "molndal-redaktör")
        self.assertLockedOut(log_in(Client(), "molndal-redaktor", PASSWORD))

        self.assertEqual(
            output_of("unlock_login", "molndal-redaktor"),
            "Unlocked molndal-redaktor.\n",
        )
        self.assertEqual(output_of("unlock_login"), "")
        self.assertLoggedIn(log_in(Client(), "molndal-redaktor", PASSWORD))

    def test_unlock_login_unlocks_an_address(self):
        fail(Client(), "okand", address="203.0.113.7", times=LIMIT)
        self.assertLockedOut(
            log_in(Client(), "ale-redaktor", PASSWORD, address="203.0.113.7")
        )
        self.assertEqual(
            output_of("unlock_login", "--address", "203.0.113.7"),
            "Unlocked 203.0.113.7.\n",
        )
        self.assertLoggedIn(
            log_in(Client(), "ale-redaktor", PASSWORD, address="203.0.113.7")
        )

    def test_lockouts_and_unlocks_are_logged_with_username_and_address(self):
        AccessAttempt.objects.all().delete()  # setUp's lockout: start afresh
        with json_log_lines() as lines:
            fail(self.client, "molndal-redaktor", "203.0.113.7", times=LIMIT)
            log_in(self.client, "molndal-redaktor", PASSWORD, "203.0.113.7")
            output_of("unlock_login", "molndal-redaktor")
            events = [line for line in lines() if line["logger"] == "cms.auth"]
        self.assertEqual(
            [(e["event"], e["level"], e["username"], e["client"]) for e in events],
            [("login_failed", "WARNING", "molndal-redaktor", "203.0.113.7")]
            * (LIMIT - 1)
            + [
                ("login_failed", "WARNING", "molndal-redaktor", "203.0.113.7"),
                ("lockout", "WARNING", "molndal-redaktor", "203.0.113.7"),
                # The right password, refused: a failed login, still locked out.
                ("login_failed", "WARNING", "molndal-redaktor", "203.0.113.7"),
                ("lockout", "WARNING", "molndal-redaktor", "203.0.113.7"),
                ("unlock", "INFO", "molndal-redaktor", ""),
            ],
        )
        self.assertEqual(events[-1]["by"], "manage.py unlock_login")
        self.assertNotIn("fel-losenord", repr(events))


def settings_with(**environ: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOGIN_")}
    env.update(environ)
    script = (
        "import json; from cms.settings import test as s; print(json.dumps("
        "[s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.total_seconds(),"
        " s.AXES_LOCKOUT_PARAMETERS]))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_the_limit_and_the_minutes_come_from_the_environment():
    default = settings_with()
    assert json.loads(default.stdout) == [5, 900.0, ["username", "ip_address"]]
    configured = settings_with(LOGIN_FAILURE_LIMIT="8", LOGIN_LOCKOUT_MINUTES="30")
    assert json.loads(configured.stdout)[:2] == [8, 1800.0]
    refused = settings_with(LOGIN_LOCKOUT_MINUTES="0")
    assert refused.returncode != 0
    assert "LOGIN_LOCKOUT_MINUTES='0' is not valid" in refused.stderr
