"""The site's 404 and 500 pages (pages/error_pages.py): in the site's design,
in the address's language and with the site's name; the 500 page, and the
404 page when it must, without the database."""

import re
from unittest import mock

from django.db import OperationalError, connection
from django.http import Http404
from django.template import TemplateSyntaxError
from django.test import (
    Client,
    RequestFactory,
    SimpleTestCase,
    TestCase,
    override_settings,
)

from wagtail.models import Locale, Site

from pages.demo.builder import remove_wagtail_welcome_page
from pages.error_pages import page_not_found, server_error, site_names
from pages.models import ArticlePage
from tests.api.utils import build_tree
from tests.factories import make_resource

MOLNDAL = "Mölndals stad"


class BrokenDatabase:
    """For connection.execute_wrapper: every query fails, as when the
    database is gone; counts the attempts."""

    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        self.queries += 1
        raise OperationalError("no such table: wagtailcore_site")


class ErrorPageAssertions:
    def assertSiteDesign(self, response, status: int, language: str, site_name: str):
        """The site's header with its name, its stylesheet and footer, in
        `language`, with nothing inline that the site's policy refuses."""
        self.assertEqual(response.status_code, status)
        html = response.content.decode()
        self.assertIn(f'<html lang="{language}">', html)
        self.assertRegex(
            html,
            re.compile(
                rf'<header class="site-header">.*?class="site-name"[^>]*>'
                rf"(<img[^>]*>)?<span>{re.escape(site_name)}</span>",
                re.DOTALL,
            ),
        )
        self.assertIn('<link rel="stylesheet" href="/static/css/site.css">', html)
        self.assertIn('<footer class="site-footer">', html)
        self.assertEqual(re.findall(r"<script(?![^>]*\ssrc=)", html), [])
        self.assertNotIn("<style", html)
        self.assertNotIn(" style=", html)
        return html


@override_settings(DEBUG=False)
class NotFoundPageTests(ErrorPageAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        Site.objects.filter(hostname="localhost").update(site_name="Göteborgsregionen")
        Site.objects.filter(hostname="molndal.localhost").update(site_name=MOLNDAL)
        english = Locale.objects.get(language_code="en")
        home_en = cls.gr["home"].copy_for_translation(english)
        home_en.save_revision().publish()
        theme_en = cls.gr["motverka-brott"].copy_for_translation(english)
        theme_en.title = "Preventing crime"
        theme_en.save_revision().publish()
        cls.draft = make_resource(
            ArticlePage,
            cls.gr["otillaten-paverkan"],
            title="Hemligt utkast",
            slug="utkast",
            publish=False,
        )

    def setUp(self):
        site_names.forget()
        self.addCleanup(site_names.forget)

    def test_a_missing_address_on_gr_is_the_sites_own_404_in_swedish(self):
        response = self.client.get("/sv/finns-inte/", HTTP_HOST="localhost")
        html = self.assertSiteDesign(response, 404, "sv", "Göteborgsregionen")
        self.assertIn("<h1>Sidan finns inte</h1>", html)
        # The site's navigation and search, and the way home.
        self.assertIn('<a href="/sv/motverka-brott/">Motverka-Brott</a>', html)
        self.assertIn('action="/sv/sok/"', html)
        self.assertIn('<a href="/sv/">Till startsidan</a>', html)
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)

    def test_under_en_the_404_is_in_english_with_the_english_navigation(self):
        response = self.client.get("/en/does-not-exist/", HTTP_HOST="localhost")
        html = self.assertSiteDesign(response, 404, "en", "Göteborgsregionen")
        self.assertIn("<h1>Page not found</h1>", html)
        self.assertIn("Skip to content", html)
        self.assertIn('<a href="/en/motverka-brott/">Preventing crime</a>', html)
        self.assertIn('action="/en/sok/"', html)
        self.assertNotIn("Sidan finns inte", html)

    def test_a_members_404_has_the_members_name_in_each_language(self):
        for path, language, heading in (
            ("/sv/finns-inte/", "sv", "Sidan finns inte"),
            # Mölndal has no English home page: no navigation, still English.
            ("/en/does-not-exist/", "en", "Page not found"),
        ):
            with self.subTest(path):
                response = self.client.get(path, HTTP_HOST="molndal.localhost")
                html = self.assertSiteDesign(response, 404, language, MOLNDAL)
                self.assertIn(f"<h1>{heading}</h1>", html)
                self.assertNotIn("Göteborgsregionen", html)

    def test_a_draft_is_not_found_and_nothing_of_it_is_shown(self):
        response = self.client.get(
            "/sv/motverka-brott/otillaten-paverkan/utkast/", HTTP_HOST="localhost"
        )
        html = self.assertSiteDesign(response, 404, "sv", "Göteborgsregionen")
        self.assertNotIn("Hemligt utkast", html)

    def test_without_the_database_the_404_is_the_plain_page_not_a_500(self):
        # A 404 that answered teaches this process the sites' names.
        self.client.get("/sv/finns-inte/", HTTP_HOST="localhost")
        request = RequestFactory().get("/en/gone/", HTTP_HOST="molndal.localhost")
        broken = BrokenDatabase()
        with (
            connection.execute_wrapper(broken),
            self.assertLogs("pages.error_pages", "ERROR"),
        ):
            response = page_not_found(request, Http404())
        self.assertGreater(broken.queries, 0)
        html = self.assertSiteDesign(response, 404, "en", MOLNDAL)
        self.assertIn("<h1>Page not found</h1>", html)
        self.assertIn('<a href="/en/">Go to the home page</a>', html)
        self.assertNotIn('role="search"', html)


@override_settings(DEBUG=False)
class ServerErrorPageTests(ErrorPageAssertions, TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        build_tree("gr", "localhost", is_hub=True)
        build_tree("molndal", "molndal.localhost", is_hub=False)
        Site.objects.filter(hostname="molndal.localhost").update(site_name=MOLNDAL)

    def setUp(self):
        site_names.forget()
        self.addCleanup(site_names.forget)
        self.client = Client(raise_request_exception=False)

    def test_a_broken_database_gives_the_500_page_with_the_name_learnt_before(self):
        self.client.get("/sv/finns-inte/", HTTP_HOST="localhost")
        for path, language, heading in (
            ("/sv/", "sv", "Något gick fel"),
            ("/en/", "en", "Something went wrong"),
        ):
            with (
                self.subTest(path),
                connection.execute_wrapper(BrokenDatabase()),
                self.assertLogs("django.request", "ERROR"),
            ):
                response = self.client.get(path, HTTP_HOST="molndal.localhost")
            html = self.assertSiteDesign(response, 500, language, MOLNDAL)
            self.assertIn(f"<h1>{heading}</h1>", html)
            self.assertIn(f'<a class="site-name" href="/{language}/">', html)
            self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])

    def test_the_500_page_asks_the_database_nothing(self):
        self.client.get("/sv/finns-inte/", HTTP_HOST="molndal.localhost")
        request = RequestFactory().get("/en/", HTTP_HOST="molndal.localhost")
        broken = BrokenDatabase()
        with connection.execute_wrapper(broken):
            response = server_error(request)
        self.assertEqual(broken.queries, 0)
        html = self.assertSiteDesign(response, 500, "en", MOLNDAL)
        self.assertIn("Please try again in a moment.", html)


class ServerErrorWithoutAnyDatabaseTests(ErrorPageAssertions, SimpleTestCase):
    """SimpleTestCase refuses every database access, connecting included."""

    def setUp(self):
        site_names.forget()

    def test_before_any_site_is_known_the_name_is_trygghetsportalen(self):
        for path, language in (("/en/x/", "en"), ("/sv/x/", "sv"), ("/x/", "sv")):
            with self.subTest(path), self.assertNoLogs("pages.error_pages"):
                request = RequestFactory().get(path, HTTP_HOST="ale.localhost")
                response = server_error(request)
            self.assertSiteDesign(response, 500, language, "Trygghetsportalen")

    def test_when_even_the_template_fails_a_bare_page_still_answers(self):
        request = RequestFactory().get("/en/", HTTP_HOST="localhost")
        with (
            mock.patch(
                "pages.error_pages.loader.render_to_string",
                side_effect=TemplateSyntaxError("broken"),
            ),
            self.assertLogs("pages.error_pages", "ERROR"),
        ):
            response = server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertIn(b'<html lang="en">', response.content)
        self.assertIn(b"<h1>Something went wrong</h1>", response.content)
