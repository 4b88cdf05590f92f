"""Security headers: a strict Content-Security-Policy on the site and the API
docs, one Wagtail's admin works under, Permissions-Policy everywhere, and in
production HSTS and HTTPS only, with Django's deployment checks clean."""

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings
from django.urls import reverse

import pytest

from tests.pages.permission_cases import PermissionTestCase


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part)
    }


class ContentSecurityPolicyTests(PermissionTestCase):
    def test_the_site_allows_only_its_own_scripts_and_styles(self):
        response = self.client.get("/sv/")
        self.assertEqual(response.status_code, 200)
        policy = directives(response)
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["style-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'self'"])
        # The one script is a static file, no inline script anywhere.
        self.assertNotRegex(response.content.decode(), r"<script(?![^>]*\bsrc=)")
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_the_admin_has_its_own_policy(self):
        self.client.force_login(self.molndal_editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertEqual(response.status_code, 200)
        policy = directives(response)
        # Wagtail's widgets start from inline scripts (wagtail#1288).
        self.assertEqual(policy["script-src"], ["'self'", "'unsafe-inline'"])
        self.assertIn("'unsafe-inline'", policy["style-src"])
        self.assertIn("blob:", policy["img-src"])
        self.assertEqual(policy["object-src"], ["'none'"])

    def test_the_admin_login_open_to_anyone_runs_no_inline_script(self):
        for url in (reverse("wagtailadmin_login"), "/admin/password_reset/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(directives(response)["script-src"], ["'self'"])

    def test_the_api_docs_come_from_our_static_files(self):
        response = self.client.get("/api/v1/docs/")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("/static/ninja/swagger-ui-bundle.js", page)
        self.assertIn("/static/ninja/swagger-ui.css", page)
        self.assertNotIn("cdn.", page)
        self.assertEqual(directives(response)["script-src"], ["'self'"])

    def test_api_responses_carry_the_policy_too(self):
        response = self.client.get("/api/v1/resources/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("default-src", response["Content-Security-Policy"])

    def test_media_origins_extend_images_and_media_only(self):
        # The settings read CSP_MEDIA_ORIGINS into both policies.
        origin = "https://media.example.org"
        output = production_settings(
            "from cms.settings import production as s; import json; print(json.dumps("
            "[s.CONTENT_SECURITY_POLICY['DIRECTIVES'], "
            "s.ADMIN_CONTENT_SECURITY_POLICY]))",
            CSP_MEDIA_ORIGINS=origin,
        )
        for policy in json.loads(output):
            self.assertIn(origin, policy["img-src"])
            self.assertIn(origin, policy["media-src"])
            self.assertNotIn(origin, policy["script-src"])


def production_settings(script: str, **environ: str) -> str:
    """Run `script` with cms.settings.production; its standard output."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "CSP_MEDIA_ORIGINS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="example.org,.example.org",
        LOG_LEVEL="WARNING",
        **environ,
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return result.stdout


PRODUCTION_REQUESTS = """
import django, json
django.setup()
from django.test import Client
client = Client()
https = client.get("/healthz", secure=True, HTTP_HOST="example.org")
http = client.get("/sv/", HTTP_HOST="example.org")
probe = client.get("/healthz", HTTP_HOST="example.org")
print(json.dumps({
    "hsts": https.get("Strict-Transport-Security"),
    "csp": https.get("Content-Security-Policy"),
    "permissions": https.get("Permissions-Policy"),
    "referrer": https.get("Referrer-Policy"),
    "frame": https.get("X-Frame-Options"),
    "http": [http.status_code, http.get("Location")],
    "probe": probe.status_code,
}))
"""


@pytest.mark.django_db
def test_production_sends_hsts_and_redirects_http_except_health_probes():
    headers = json.loads(production_settings(PRODUCTION_REQUESTS))
    assert headers["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert "script-src 'self'" in headers["csp"]
    assert "geolocation=()" in headers["permissions"]
    assert headers["referrer"] == "same-origin"
    assert headers["frame"] == "DENY"
    assert headers["http"] == [301, "https://example.org/sv/"]
    assert headers["probe"] == 200  # the load balancer's probe is not redirected


def test_deployment_checks_pass_with_no_warning():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="example.org",
        LOG_LEVEL="WARNING",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
