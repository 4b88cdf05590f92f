"""GR publishes once, members receive: aliases follow the original's targets."""

import datetime
import io
import json
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from pages import syndication
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import (
    ArticlePage,
    ResourcePageRole,
    SharingFailure,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
)
from pages.syndication import resources
from tests.api.utils import build_tree
from tests.factories import make_image, make_resource, swedish_role
from tests.pages.sharing_cases import sites_showing, titles_on

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
        defaults = {"title": "Delat material", "slug": "delat"}
        return make_resource(
            ArticlePage, self.gr["otillaten-paverkan"], **(defaults | fields)
        )

    def sites_showing(self, original) -> set[str]:
        return sites_showing(self, original, MEMBERS)

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
        original.role_links = [
            ResourcePageRole(role=swedish_role("upphandling-och-inkop"))
        ]
        image = make_image(alt_text="En ny bild")
        original.listing_image = image
        original.body = [("paragraph", RichText("<p>Ny brödtext.</p>"))]
        original.save_revision().publish()
        self.assertEqual(
            titles_on(self, original, MEMBERS), dict.fromkeys(MEMBERS, "Nytt namn")
        )
        for slug in MEMBERS:
            with self.subTest(site=slug):
                response = self.client.get("/api/v1/resources/", {"site": slug})
                [item] = json.loads(response.content)["items"]
                self.assertEqual(item["summary"], "Ny sammanfattning.")
                self.assertEqual(
                    [r["slug"] for r in item["roles"]], ["upphandling-och-inkop"]
                )
        for alias in Page.objects.filter(alias_of=original).specific():
            self.assertEqual(alias.summary, "Ny sammanfattning.")
            self.assertEqual(alias.listing_image_id, image.pk)
            self.assertIn("Ny brödtext.", str(alias.body))

    def test_republishing_after_an_unpublish_brings_the_aliases_back(self):
        original = self.share()
        original.unpublish()
        self.assertEqual(self.sites_showing(original), set())
        original.save_revision().publish()
        self.assertEqual(self.sites_showing(original), set(MEMBERS))
        self.assertEqual(Page.objects.filter(alias_of=original).count(), 3)

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

    def test_unpublishing_withdraws_every_alias_in_a_few_queries(self):
        original = self.share()
        with CaptureQueriesContext(connection) as three_sites:
            ArticlePage.objects.get(pk=original.pk).unpublish()
        self.assertFalse(Page.objects.filter(alias_of=original, live=True).exists())
        # Against a fourth member: no more queries for one more site.
        build_tree("lerum", "lerum.localhost", is_hub=False)
        again = self.share(slug="delat-igen")
        with CaptureQueriesContext(connection) as four_sites:
            ArticlePage.objects.get(pk=again.pk).unpublish()
        self.assertEqual(Page.objects.filter(alias_of=again).count(), 4)
        self.assertFalse(Page.objects.filter(alias_of=again, live=True).exists())
        self.assertEqual(len(three_sites), len(four_sites))

    def test_an_expired_original_takes_its_aliases_off_line(self):
        original = self.share()
        Page.objects.filter(pk=original.pk).update(
            expire_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        call_command("publish_scheduled", stdout=io.StringIO())
        self.assertFalse(Page.objects.get(pk=original.pk).live)
        self.assertEqual(self.sites_showing(original), set())

    def test_deleting_a_gr_topic_keeps_a_members_own_material_under_it(self):
        topic = TopicPage(title="Nytt ämne", slug="nytt-amne")
        self.gr["motverka-brott"].add_child(instance=topic)
        topic.save_revision().publish()
        original = make_resource(ArticlePage, topic, slug="i-nytt-amne")
        # Every member got GR's topic as an alias; Ale adds its own page there.
        ale_topic = Page.objects.get(alias_of=topic, url_path__startswith="/ale/")
        local = make_resource(
            ArticlePage, ale_topic, slug="ales-eget", share_with="none"
        )
        Page.objects.get(pk=topic.pk).delete()
        self.assertFalse(Page.objects.filter(pk=original.pk).exists())
        self.assertFalse(Page.objects.filter(alias_of_id=original.pk).exists())
        self.assertEqual(
            set(
                Page.objects.filter(slug="nytt-amne").values_list("url_path", flat=True)
            ),
            {"/ale/motverka-brott/nytt-amne/"},
        )
        kept = Page.objects.get(slug="nytt-amne")
        self.assertIsNone(kept.alias_of_id)  # now Ale's own topic
        self.assertTrue(Page.objects.filter(pk=local.pk, live=True).exists())
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))

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

    def test_moving_a_gr_topic_to_another_theme_moves_the_shared_material(self):
        original = self.share()
        topic = self.gr["otillaten-paverkan"]
        topic.move(self.gr["trygghetsskapande"], pos="last-child")
        for slug in MEMBERS:
            with self.subTest(site=slug):
                alias = Page.objects.get(
                    alias_of=original, url_path__startswith=f"/{slug}/"
                )
                self.assertEqual(
                    alias.url_path,
                    f"/{slug}/trygghetsskapande/otillaten-paverkan/delat/",
                )
                # The member's own topic stays where the member put it; the
                # shared material is under an alias of GR's topic instead.
                self.assertEqual(alias.get_parent().alias_of_id, topic.pk)
        self.assertEqual(self.sites_showing(original), set(MEMBERS))
        response = self.client.get(
            "/api/v1/resources/", {"site": "ale", "theme": "trygghetsskapande"}
        )
        self.assertEqual(json.loads(response.content)["count"], 1)

    def test_a_new_slug_for_a_gr_topic_follows_to_the_members(self):
        original = self.share()
        topic = TopicPage.objects.get(pk=self.gr["otillaten-paverkan"].pk)
        topic.slug = "paverkan"
        topic.save_revision().publish()
        for alias in Page.objects.filter(alias_of=original):
            self.assertTrue(
                alias.url_path.endswith("/motverka-brott/paverkan/delat/"),
                alias.url_path,
            )
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


class SharingAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.original = make_resource(ArticlePage, cls.gr["samverkan"], slug="delat")
        cls.alias = Page.objects.get(alias_of=cls.original)
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_original_shows_where_it_is_shared(self):
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.original.pk])
        )
        self.assertContains(response, "Dela med")
        self.assertContains(response, "Visas på")
        self.assertContains(response, "molndal")

    def test_alias_says_where_it_comes_from_and_can_be_hidden_and_shown_again(self):
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.alias.pk])
        )
        self.assertContains(response, "Det här materialet delas från gr")
        self.assertContains(response, "Dölj på vår webbplats")
        response = self.client.post(reverse("pages_sharing_hide", args=[self.alias.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Page.objects.filter(alias_of=self.original).exists())
        listing = self.client.get(reverse("pages_sharing_hidden"))
        self.assertContains(listing, "Visa igen")
        opt_out = self.original.sharing_opt_outs.get()
        self.client.post(reverse("pages_sharing_unhide", args=[opt_out.pk]))
        self.assertTrue(Page.objects.filter(alias_of=self.original, live=True).exists())

    def test_hiding_needs_a_post_and_permission_on_the_member_site(self):
        url = reverse("pages_sharing_hide", args=[self.alias.pk])
        self.assertEqual(self.client.get(url).status_code, 405)
        outsider = get_user_model().objects.create_user("utomstaende", password="x")
        outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(outsider)
        # Wagtail's admin turns PermissionDenied into a redirect with a message.
        response = self.client.post(url, follow=True)
        self.assertContains(response, "du saknar rättigheter")
        self.assertTrue(Page.objects.filter(alias_of=self.original).exists())


class EnglishSharingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.english = Locale.objects.get(language_code="en")
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.members = {
            slug: build_tree(slug, f"{slug}.localhost", False)
            for slug in ("ale", "molndal")
        }
        # Mölndal's site has English (its topic is translated); Ale's has not.
        cls.members["molndal"]["otillaten-paverkan"].copy_for_translation(
            cls.english, copy_parents=True
        ).save_revision().publish()
        cls.original = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], slug="delat"
        )

    def english_sites(self, translation) -> set[str]:
        sites = set()
        for slug in ("ale", "molndal"):
            response = self.client.get(
                "/api/v1/resources/", {"site": slug, "locale": "en"}
            )
            items = json.loads(response.content)["items"]
            if any(
                item["shared_from"] == {"site": "gr", "id": translation.pk}
                for item in items
            ):
                sites.add(slug)
        return sites

    def test_english_alias_appears_and_disappears_with_the_translation(self):
        translation = self.original.copy_for_translation(
            self.english, copy_parents=True
        )
        translation.save_revision().publish()
        translation.refresh_from_db()
        self.assertEqual(self.english_sites(translation), {"molndal"})
        self.assertFalse(SharingFailure.objects.filter(original=translation).exists())
        translation.unpublish()
        self.assertEqual(self.english_sites(translation), set())


class SharingFaultTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        for slug in MEMBERS:
            build_tree(slug, f"{slug}.localhost", is_hub=False)

    def test_a_fan_out_that_raises_for_one_site_spares_the_others_and_is_retried(self):
        share = resources._share_to_site

        def fail_for_ale(site, plan):
            if site.slug == "ale":
                raise RuntimeError("disk full")
            return share(site, plan)

        with mock.patch.object(resources, "_share_to_site", side_effect=fail_for_ale):
            original = make_resource(ArticlePage, self.gr["samverkan"], slug="delat")
        original.refresh_from_db()
        self.assertTrue(original.live)
        showing = {
            syndication.site_profile_of(alias).slug
            for alias in Page.objects.filter(alias_of=original)
        }
        self.assertEqual(showing, {"molndal", "partille"})
        failure = SharingFailure.objects.get(original=original)
        self.assertIn("disk full", failure.message)
        # The next publish retries Ale and clears the failure.
        original.save_revision().publish()
        self.assertEqual(Page.objects.filter(alias_of=original).count(), 3)
        self.assertFalse(SharingFailure.objects.filter(original=original).exists())

    def test_the_alias_is_served_on_the_members_hostname_with_its_url(self):
        original = make_resource(ArticlePage, self.gr["samverkan"], slug="delat")
        alias = Page.objects.get(alias_of=original, url_path__startswith="/molndal/")
        response = self.client.get(
            "/sv/trygghetsskapande/samverkan/delat/", HTTP_HOST="molndal.localhost"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, original.title)
        self.assertEqual(
            alias.specific.relative_url(alias.get_site()), response.request["PATH_INFO"]
        )
