"""GR publishes once, members receive: aliases follow the original's targets."""

import json

from django.test import TestCase

from wagtail.models import Page

from pages import syndication
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, SharingFailure, SiteProfile, ThemeHubPage
from tests.api.utils import build_tree
from tests.factories import make_resource

MEMBERS = ("ale", "molndal", "partille")


class SharingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.members = {
            slug: build_tree(slug, f"{slug}.localhost", is_hub=False)
            for slug in MEMBERS
        }
        cls.profiles = {p.slug: p for p in SiteProfile.objects.all()}

    def share(self, **fields):
        return make_resource(
            ArticlePage,
            self.gr["otillaten-paverkan"],
            title="Delat material",
            slug="delat",
            **fields,
        )

    def sites_showing(self, original) -> set[str]:
        """Member sites whose tree holds a live alias, checked against their API."""
        in_tree = set()
        for alias in Page.objects.filter(alias_of=original, live=True):
            in_tree.add(syndication.site_profile_of(alias).slug)
        in_api = set()
        for slug in MEMBERS:
            response = self.client.get("/api/v1/resources/", {"site": slug})
            items = json.loads(response.content)["items"]
            if any(
                item["shared_from"] == {"site": "gr", "id": original.pk}
                for item in items
            ):
                in_api.add(slug)
        self.assertEqual(in_tree, in_api)
        return in_tree

    def test_publishing_shares_with_all_members_by_default(self):
        original = self.share()
        self.assertEqual(self.sites_showing(original), set(MEMBERS))
        alias = Page.objects.get(alias_of=original, url_path__startswith="/molndal/")
        self.assertEqual(
            alias.get_parent().pk, self.members["molndal"]["otillaten-paverkan"].pk
        )

    def test_alias_content_follows_every_publish_of_the_original(self):
        original = self.share()
        original.title = "Nytt namn"
        original.summary = "Ny sammanfattning."
        original.save_revision().publish()
        response = self.client.get("/api/v1/resources/", {"site": "ale"})
        [item] = json.loads(response.content)["items"]
        self.assertEqual(
            (item["title"], item["summary"]), ("Nytt namn", "Ny sammanfattning.")
        )
        self.assertEqual([r["slug"] for r in item["roles"]], ["socialtjanst"])

    def test_unshared_resource_stays_on_gr(self):
        original = self.share(share_with="none")
        self.assertEqual(self.sites_showing(original), set())

    def test_narrowing_and_widening_the_targets(self):
        original = self.share()
        original.share_with = "chosen"
        original.share_sites = [self.profiles["molndal"]]
        original.save_revision().publish()
        self.assertEqual(self.sites_showing(original), {"molndal"})
        original.share_sites = [self.profiles["molndal"], self.profiles["ale"]]
        original.save_revision().publish()
        self.assertEqual(self.sites_showing(original), {"molndal", "ale"})

    def test_unpublishing_the_original_unpublishes_its_aliases(self):
        original = self.share()
        original.unpublish()
        self.assertEqual(self.sites_showing(original), set())

    def test_deleting_the_original_deletes_its_aliases_instead_of_copying_them(self):
        original = self.share()
        original_id = original.pk
        original.delete()
        self.assertFalse(Page.objects.filter(title="Delat material").exists())
        for slug in MEMBERS:
            response = self.client.get("/api/v1/resources/", {"site": slug})
            self.assertEqual(json.loads(response.content)["count"], 0, original_id)

    def test_moving_the_original_moves_its_aliases(self):
        original = self.share()
        original.move(self.gr["samverkan"], pos="last-child")
        for alias in Page.objects.filter(alias_of=original):
            self.assertEqual(alias.get_parent().slug, "samverkan")
        self.assertEqual(self.sites_showing(original), set(MEMBERS))

    def test_a_member_can_hide_and_unhide_a_shared_resource(self):
        original = self.share()
        syndication.hide(original, self.profiles["ale"])
        self.assertEqual(self.sites_showing(original), {"molndal", "partille"})
        original.save_revision().publish()  # a later publish respects the choice
        self.assertEqual(self.sites_showing(original), {"molndal", "partille"})
        syndication.unhide(original, self.profiles["ale"])
        self.assertEqual(self.sites_showing(original), set(MEMBERS))

    def test_member_listing_never_shows_another_members_local_material(self):
        make_resource(
            ArticlePage,
            self.members["ale"]["samverkan"],
            slug="ales-eget",
            share_with="all",
        )
        response = self.client.get("/api/v1/resources/", {"site": "molndal"})
        self.assertEqual(json.loads(response.content)["count"], 0)

    def test_a_member_missing_the_theme_gets_a_failure_that_is_retried(self):
        ThemeHubPage.objects.get(
            pk=self.members["partille"]["motverka-brott"].pk
        ).delete()
        original = self.share()
        self.assertEqual(self.sites_showing(original), {"ale", "molndal"})
        failure = SharingFailure.objects.get(original=original)
        self.assertEqual(failure.site.slug, "partille")
        self.assertIn("Kunde inte dela till partille", failure.message)
        self.assertTrue(original.live)
        # The member restores the theme; the next publish shares and clears the failure.
        home = self.members["partille"]["home"]
        theme = home.add_child(
            instance=ThemeHubPage(title="Motverka brott", slug="motverka-brott")
        )
        theme.save_revision().publish()
        original.save_revision().publish()
        self.assertEqual(self.sites_showing(original), set(MEMBERS))
        self.assertFalse(SharingFailure.objects.filter(original=original).exists())
