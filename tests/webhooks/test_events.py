"""Which events fire, for whom: GR's pages to GR's consumers, a member's copy
of GR's material to that member's consumers only."""

from django.test import TestCase

from wagtail.models import Locale, Page

from pages import syndication
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, ShareWith, SiteProfile
from pages.trash import trash
from tests.api.utils import build_tree
from tests.consumers.utils import make_consumer
from tests.factories import make_resource
from tests.pages.sharing_cases import QUEUED_SHARING
from tests.webhooks.receiver import closed_port_url
from tests.webhooks.utils import events_of, run_queue, subscribe
from webhooks.models import Delivery


@QUEUED_SHARING
class MemberEventTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.ale = build_tree("ale", "ale.localhost", is_hub=False)
        run_queue()
        url = closed_port_url()
        cls.subs = {
            slug: subscribe(make_consumer(slug), url)
            for slug in ("gr", "molndal", "ale")
        }

    def setUp(self):
        self.original = make_resource(
            ArticlePage,
            self.gr["samverkan"],
            title="Delat",
            slug="delat",
            share_with=ShareWith.ALL,
        )
        run_queue()

    def alias_on(self, slug: str) -> Page:
        return Page.objects.get(
            alias_of=self.original, url_path__startswith=f"/{slug}/"
        )

    def since(self, marks: dict[str, int]) -> dict[str, list[tuple[str, str, int]]]:
        return {slug: events_of(sub)[marks[slug] :] for slug, sub in self.subs.items()}

    def marks(self) -> dict[str, int]:
        return {slug: len(events_of(sub)) for slug, sub in self.subs.items()}

    def test_sharing_reaches_each_member_as_shared_on_its_own_copy_only(self):
        molndal, ale = self.alias_on("molndal"), self.alias_on("ale")
        self.assertEqual(
            self.since(dict.fromkeys(self.subs, 0)),
            {
                "gr": [("published", "gr", self.original.pk)],
                "molndal": [("shared", "molndal", molndal.pk)],
                "ale": [("shared", "ale", ale.pk)],
            },
        )
        delivery = Delivery.objects.get(subscription=self.subs["molndal"])
        self.assertTrue(delivery.payload["data"]["url"].startswith("http://molndal."))
        self.assertIn("?site=molndal&locale=sv", delivery.payload["data"]["api_url"])

    def test_gr_republishing_is_published_on_each_members_copy(self):
        marks = self.marks()
        self.original.save_revision().publish()
        run_queue()
        self.assertEqual(
            self.since(marks),
            {
                "gr": [("published", "gr", self.original.pk)],
                "molndal": [("published", "molndal", self.alias_on("molndal").pk)],
                "ale": [("published", "ale", self.alias_on("ale").pk)],
            },
        )

    def test_narrowing_unpublishes_on_the_member_left_out(self):
        ale_alias = self.alias_on("ale")
        marks = self.marks()
        page = ArticlePage.objects.get(pk=self.original.pk)
        page.share_with = ShareWith.CHOSEN
        page.save_revision().publish()
        page.share_sites.set([SiteProfile.objects.get(slug="molndal")])
        page.save_revision().publish()
        run_queue()
        events = self.since(marks)
        self.assertIn(("unpublished", "ale", ale_alias.pk), events["ale"])
        self.assertNotIn("ale", {site for _, site, _ in events["molndal"]})
        self.assertEqual({e for e, _, _ in events["molndal"]}, {"published"})

    def test_a_member_hiding_its_copy_is_hidden_for_that_member(self):
        alias = self.alias_on("molndal")
        marks = self.marks()
        syndication.hide(alias, SiteProfile.objects.get(slug="molndal"))
        self.assertEqual(
            self.since(marks),
            {"gr": [], "molndal": [("hidden", "molndal", alias.pk)], "ale": []},
        )

    def test_unpublishing_and_moving_the_original(self):
        molndal, ale = self.alias_on("molndal"), self.alias_on("ale")
        marks = self.marks()
        page = Page.objects.get(pk=self.original.pk)
        page.move(self.gr["otillaten-paverkan"], pos="last-child")
        run_queue()
        moved = self.since(marks)
        self.assertEqual(moved["gr"], [("moved", "gr", self.original.pk)])
        self.assertEqual(moved["molndal"], [("moved", "molndal", molndal.pk)])
        delivery = (
            Delivery.objects.filter(subscription=self.subs["gr"]).order_by("pk").last()
        )
        self.assertIn("/samverkan/", delivery.payload["data"]["previous_path"])
        self.assertIn("/otillaten-paverkan/", delivery.payload["data"]["path"])

        marks = self.marks()
        ArticlePage.objects.get(pk=self.original.pk).unpublish()
        self.assertEqual(
            self.since(marks),
            {
                "gr": [("unpublished", "gr", self.original.pk)],
                "molndal": [("unpublished", "molndal", molndal.pk)],
                "ale": [("unpublished", "ale", ale.pk)],
            },
        )

    def test_trash_is_deleted_for_gr_and_the_members(self):
        molndal = self.alias_on("molndal")
        marks = self.marks()
        trash(ArticlePage.objects.get(pk=self.original.pk), user=None)
        events = self.since(marks)
        self.assertIn(("deleted", "gr", self.original.pk), events["gr"])
        self.assertIn(("deleted", "molndal", molndal.pk), events["molndal"])
        self.assertNotIn("gr", {site for _, site, _ in events["molndal"]})
        gone = Delivery.objects.filter(event="deleted", subscription=self.subs["gr"])
        self.assertEqual(gone.get().etag, "")

    def test_a_published_translation_is_translation_published(self):
        english = Locale.objects.get_or_create(language_code="en")[0]
        translation = self.original.copy_for_translation(english, copy_parents=True)
        marks = self.marks()
        translation.save_revision().publish()
        events = self.since(marks)
        self.assertEqual(
            events["gr"], [("translation_published", "gr", translation.pk)]
        )
        delivery = (
            Delivery.objects.filter(subscription=self.subs["gr"]).order_by("pk").last()
        )
        self.assertEqual(delivery.payload["data"]["locale"], "en")

    def test_filters_by_event_and_locale(self):
        sub = self.subs["gr"]
        sub.events = ["unpublished"]
        sub.save()
        marks = self.marks()
        self.original.save_revision().publish()
        self.assertEqual(self.since(marks)["gr"], [])
        sub.events = ["published"]
        sub.locale = Locale.objects.get_or_create(language_code="en")[0]
        sub.save()
        self.original.save_revision().publish()
        self.assertEqual(self.since(marks)["gr"], [])
