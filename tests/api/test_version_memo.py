"""What the API keeps per content version (pages/api/context.py's memo)
changes with the content: every request after a change sees it."""

from django.db import connection
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

from pages.api.context import VersionMemo
from pages.models import SiteProfile

from .utils import ApiTestCase


class VersionMemoTests(SimpleTestCase):
    def test_a_value_is_computed_once_per_version(self):
        memo = VersionMemo()
        calls = []

        def compute():
            calls.append(1)
            return len(calls)

        self.assertEqual(memo.get(1, "key", compute), 1)
        self.assertEqual(memo.get(1, "key", compute), 1)
        self.assertEqual(memo.get(2, "key", compute), 2)
        self.assertEqual(len(calls), 2)

    def test_a_late_request_of_an_older_version_never_answers_a_newer_one(self):
        memo = VersionMemo()
        memo.get(2, "key", lambda: "new")
        self.assertEqual(memo.get(1, "key", lambda: "old"), "old")
        # The old request's value went in under its own version only.
        self.assertEqual(memo.get(2, "key", lambda: "new again"), "new again")


class MemoFollowsContentTests(ApiTestCase):
    def test_the_site_structure_is_read_once_per_version(self):
        self.get_json("resources/", facets="true")
        with CaptureQueriesContext(connection) as queries:
            self.get_json("resources/", facets="true")
        tables = " ".join(query["sql"] for query in queries.captured_queries)
        self.assertNotIn("pages_siteprofile", tables)
        self.assertNotIn("wagtailcore_pageviewrestriction", tables)

    def test_a_new_view_restriction_hides_a_topic_at_once(self):
        self.assertIn(self.article.pk, self.ids())
        topic = self.gr["otillaten-paverkan"]
        PageViewRestriction.objects.create(
            page=topic, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertNotIn(self.article.pk, self.ids())
        facets = self.get_json("resources/", facets="true")["facets"]
        self.assertNotIn("otillaten-paverkan", [t["slug"] for t in facets["topic"]])

    def test_a_renamed_theme_is_shown_by_its_new_title(self):
        self.get_json("themes/")
        theme = self.gr["motverka-brott"]
        theme.title = "Förebygga brott"
        theme.save_revision().publish()
        titles = [t["title"] for t in self.get_json("themes/")["items"]]
        self.assertIn("Förebygga brott", titles)
        facets = self.get_json("resources/", facets="true")["facets"]
        self.assertIn("Förebygga brott", [t["title"] for t in facets["theme"]])

    def test_a_new_host_name_answers_at_once(self):
        self.assertIn(self.local.pk, self.ids(host="molndal.localhost"))
        site = Site.objects.get(hostname="molndal.localhost")
        site.hostname = "trygg.molndal.localhost"
        site.save()
        self.assertIn(self.local.pk, self.ids(host="trygg.molndal.localhost"))
        profile = SiteProfile.objects.get(site=site)
        profile.slug = "molndal-stad"
        profile.save()
        self.assertIn(self.local.pk, self.ids(site="molndal-stad"))
        self.get_json("resources/", site="molndal", expect=400)
