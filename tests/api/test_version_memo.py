"""What the API keeps per content version (pages/delivery/memo.py's memo)
changes with the content: every request after a change sees it."""

from django.db import connection
from django.test import SimpleTestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction, Site

from media_library.models import CustomRendition
from pages.delivery.memo import VersionMemo
from pages.models import ResourcePageRole, Role, SiteProfile

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


# The read path's own cost: a repeated question would otherwise be answered
# from the kept answers (pages/api/responses.py, tests/api/test_response_cache.py).
@override_settings(API_RESPONSE_CACHE_SECONDS=0)
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

    def test_listing_images_are_read_once_per_version(self):
        self.get_json("resources/")
        with CaptureQueriesContext(connection) as queries:
            items = self.get_json("resources/")["items"]
        tables = " ".join(query["sql"] for query in queries.captured_queries)
        self.assertNotIn("media_library_customrendition", tables)
        self.assertTrue(all(item["image"] for item in items))

    def test_a_new_focal_point_shows_its_new_rendition_at_once(self):
        listed = self.get_json("resources/")["items"][0]["image"]
        image = self.article.specific.listing_image
        # As the image editor does: a new focal point, its renditions gone.
        image.focal_point_x, image.focal_point_y = 10, 10
        image.focal_point_width, image.focal_point_height = 4, 4
        image.save()
        image.renditions.all().delete()
        after = self.get_json("resources/")["items"][0]["image"]
        self.assertNotEqual(after["url"], listed["url"])

    def test_a_purged_rendition_is_made_again_not_served_stale(self):
        self.get_json("resources/")
        CustomRendition.objects.all().delete()
        served = self.get_json("resources/")["items"][0]["image"]["url"]
        rendition = CustomRendition.objects.get()
        self.assertEqual(served, f"http://localhost{rendition.url}")

    def test_a_role_newer_than_the_version_is_named(self):
        self.get_json("resources/")
        # Written without signals, as a role of a later version can meet a
        # request that read the roles under an earlier one.
        role = Role.objects.bulk_create(
            [Role(slug="ny-roll", name="Ny roll", locale=self.article.locale)]
        )[0]
        ResourcePageRole.objects.bulk_create(
            [ResourcePageRole(page=self.article, role=role, sort_order=9)]
        )
        item = {i["id"]: i for i in self.get_json("resources/")["items"]}[
            self.article.pk
        ]
        self.assertIn({"slug": "ny-roll", "name": "Ny roll"}, item["roles"])

    def test_a_renamed_role_is_named_at_once_in_a_searchs_role_facet(self):
        # A search reads its matches' roles through the memo (Match.of_hits).
        def role_names() -> dict[str, str]:
            facets = self.get_json("search/", q="handläggare")["facets"]
            return {role["slug"]: role["name"] for role in facets["role"]}

        self.assertEqual(role_names()["socialtjanst"], "Socialtjänst")
        role = Role.objects.get(slug="socialtjanst", locale=self.article.locale)
        role.name = "Socialtjänsten"
        role.save()
        self.assertEqual(role_names()["socialtjanst"], "Socialtjänsten")
