"""The demo content: 14 sites, realistic material, idempotent, all pages render."""

import io
import json
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from django.utils.html import escape

from wagtail.models import Locale, Page, Revision, Site

from media_library.models import CustomDocument, CustomImage, MediaFile
from pages.models import (
    RESOURCE_MODELS,
    HomePage,
    Role,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
)
from tests.siteinfo.test_demo import SiteInfoDemoChecks

VOCABULARY = json.loads(
    (Path(__file__).resolve().parents[2] / "pages/demo/data/vocabulary.json").read_text(
        "utf-8"
    )
)


KIND_NAMES = ("article", "video", "webinar", "podcast", "link")


def content_counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "sites": Site.objects.count(),
        "images": CustomImage.objects.count(),
        "media": MediaFile.objects.count(),
        "documents": CustomDocument.objects.count(),
        "roles": Role.objects.count(),
    }


class SeedDemoTests(SiteInfoDemoChecks, TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())

    def resources_of(self, site: Site):
        resources = []
        for model in RESOURCE_MODELS:
            resources += model.objects.descendant_of(site.root_page).live()
        return resources

    def test_builds_the_fourteen_sites_with_their_slugs_and_hostnames(self):
        expected = {(s["slug"], s["hostname"]) for s in VOCABULARY["sites"]}
        actual = set(SiteProfile.objects.values_list("slug", "site__hostname"))
        self.assertEqual(actual, expected)
        self.assertEqual(SiteProfile.objects.get(site__is_default_site=True).slug, "gr")
        self.assertTrue(SiteProfile.objects.get(slug="gr").is_hub)
        self.assertEqual(SiteProfile.objects.filter(is_hub=True).count(), 1)

    def test_every_site_shows_its_own_name_and_logo(self):
        for profile in SiteProfile.objects.select_related("site", "logo"):
            with self.subTest(site=profile.slug):
                self.assertIn(profile.site.site_name, profile.logo.title)
                response = self.client.get("/sv/", HTTP_HOST=profile.site.hostname)
                self.assertContains(response, 'class="site-logo"')
                self.assertContains(
                    response, f"<span>{escape(profile.site.site_name)}</span>"
                )

    def test_every_site_has_home_three_themes_and_ten_topics(self):
        for site in Site.objects.all():
            with self.subTest(site=site.hostname):
                self.assertIsInstance(site.root_page.specific, HomePage)
                themes = ThemeHubPage.objects.child_of(site.root_page)
                self.assertEqual(
                    set(themes.values_list("slug", flat=True)),
                    {theme["slug"] for theme in VOCABULARY["themes"]},
                )
                topics = TopicPage.objects.descendant_of(site.root_page)
                self.assertEqual(topics.count(), 10)

    def test_gr_has_at_least_thirty_resources_over_all_kinds_topics_and_roles(self):
        gr = SiteProfile.objects.get(slug="gr").site
        resources = self.resources_of(gr)
        self.assertGreaterEqual(len(resources), 30)
        self.assertEqual(
            {page.kind for page in resources},
            {"article", "video", "webinar", "podcast", "link"},
        )
        self.assertEqual(
            {page.get_parent().slug for page in resources},
            {topic["slug"] for topic in VOCABULARY["topics"]},
        )
        roles = {link.role.slug for page in resources for link in page.role_links.all()}
        self.assertEqual(roles, {role["slug"] for role in VOCABULARY["roles"]})

    def test_every_member_site_has_local_resources(self):
        for profile in SiteProfile.objects.filter(is_hub=False):
            with self.subTest(site=profile.slug):
                self.assertGreaterEqual(len(self.resources_of(profile.site)), 2)

    def test_seeded_media_resources_are_publishable_as_they_are(self):
        gr = SiteProfile.objects.get(slug="gr").site
        for page in self.resources_of(gr):
            with self.subTest(page=page.slug):
                self.assertEqual(page.publish_errors(), {})

    def test_running_it_again_changes_nothing(self):
        before = content_counts()
        call_command("seed_demo", stdout=io.StringIO())
        self.assertEqual(content_counts(), before)

    def test_every_seeded_page_renders_on_its_own_site_hostname(self):
        for site in Site.objects.all():
            for page in (
                site.root_page.get_descendants(inclusive=True).live().specific()
            ):
                with self.subTest(site=site.hostname, page=page.url_path):
                    url = page.relative_url(site)
                    response = self.client.get(url, HTTP_HOST=site.hostname)
                    self.assertEqual(response.status_code, 200)
                    self.assertContains(response, escape(page.title))

    def english_home(self, site: Site) -> Page:
        return site.root_page.get_translation(Locale.objects.get(language_code="en"))

    def test_a_third_of_grs_resources_are_in_english_on_every_site(self):
        gr = SiteProfile.objects.get(slug="gr").site
        swedish = {page.translation_key: page for page in self.resources_of(gr)}
        home = self.english_home(gr)
        english = [
            page
            for model in RESOURCE_MODELS
            for page in model.objects.descendant_of(home).live()
        ]
        self.assertGreaterEqual(3 * len(english), len(swedish))
        self.assertEqual({page.kind for page in english}, set(KIND_NAMES))
        for page in english:
            with self.subTest(page=page.slug):
                source = swedish[page.translation_key]
                self.assertNotEqual(page.title, source.title)
                self.assertNotEqual(page.summary, source.summary)
                self.assertEqual(
                    {link.role.locale.language_code for link in page.role_links.all()},
                    {"en"},
                )
        for profile in SiteProfile.objects.filter(is_hub=False):
            with self.subTest(site=profile.slug):
                shared = Page.objects.descendant_of(
                    self.english_home(profile.site)
                ).filter(alias_of__in=english)
                self.assertEqual(shared.live().count(), len(english))

    def test_every_english_page_renders_in_english(self):
        for site in Site.objects.all():
            for page in self.english_home(site).get_descendants(inclusive=True).live():
                with self.subTest(site=site.hostname, page=page.url_path):
                    response = self.client.get(
                        page.relative_url(site), HTTP_HOST=site.hostname
                    )
                    self.assertContains(response, escape(page.title))
                    self.assertContains(response, '<html lang="en">')

    def test_the_api_benchmarks_sanity_checks_hold_on_the_demo(self):
        # `make bench` stops when the API disagrees with the database
        # (tests/benchmarks/api.py: verify_api), English trees included.
        from tests.benchmarks.api import verify_api

        for host in ("localhost", "molndal.localhost"):
            with self.subTest(host=host):
                checked = verify_api(self.client, host)
                self.assertGreater(checked["site_articles"], 0)
                self.assertGreater(checked["search_matches"], 0)
