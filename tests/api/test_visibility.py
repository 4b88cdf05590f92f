"""Nothing the public cannot see reaches the API: list, detail, by-path, search,
autocomplete and facet counts all obey the same rules."""

import datetime
import json

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from pages.models import ArticlePage
from tests.factories import make_resource

from .utils import ApiTestCase, clock_at, published, utc

VISIBLE_IN_GR = 5  # the five resources of ApiTestCase's GR site


class VisibilityTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.topic = cls.gr["samverkan"]
        # A visible page with a unique word proves every check below can see.
        cls.control = published(
            ArticlePage,
            cls.topic,
            utc(2026, 7, 1),
            title="Zebrakontroll synlig",
            slug="kontroll",
        )

    def resource(self, title: str, slug: str, **fields):
        return make_resource(ArticlePage, self.topic, title=title, slug=slug, **fields)

    def observations(self, page, word: str) -> dict:
        listing = self.get_json("resources/", limit=100, facets="true")
        unknown = self.get("resources/999999/")
        detail = self.get(f"resources/{page.pk}/")
        by_path = self.get(
            "resources/by-path/", path=page.specific.relative_url(self.gr_site())
        )
        search = self.get_json("search/", q=word)
        autocomplete = self.get_json("search/autocomplete/", q=word[:6])
        return {
            "in_list": page.pk in [item["id"] for item in listing["items"]],
            "count": listing["count"],
            "kind_facet_total": sum(row["count"] for row in listing["facets"]["kind"]),
            "detail": (detail.status_code, json.loads(detail.content)),
            "unknown": (unknown.status_code, json.loads(unknown.content)),
            "by_path": by_path.status_code,
            "in_search": page.pk in [item["id"] for item in search["items"]],
            "in_autocomplete": page.pk
            in [item["id"] for item in autocomplete["items"]],
        }

    def gr_site(self):
        return self.gr["home"].get_site()

    def assertHidden(self, page, word: str):
        seen = self.observations(page, word)
        self.assertFalse(seen["in_list"], "listed")
        self.assertEqual(seen["count"], VISIBLE_IN_GR + 1, "counted")
        self.assertEqual(seen["kind_facet_total"], VISIBLE_IN_GR + 1, "in facets")
        self.assertEqual(seen["detail"][0], 404)
        # Exactly like an id that never existed, apart from nothing.
        self.assertEqual(seen["detail"], seen["unknown"])
        self.assertEqual(seen["by_path"], 404)
        self.assertFalse(seen["in_search"], "found by search")
        self.assertFalse(seen["in_autocomplete"], "suggested")

    def test_the_checks_see_a_visible_page(self):
        seen = self.observations(self.control, "Zebrakontroll")
        self.assertTrue(seen["in_list"])
        self.assertEqual(seen["detail"][0], 200)
        self.assertEqual(seen["by_path"], 200)
        self.assertTrue(seen["in_search"])
        self.assertTrue(seen["in_autocomplete"])

    def test_draft_is_hidden(self):
        page = self.resource("Zebrautkast aldrig publicerad", "utkast", publish=False)
        self.assertHidden(page, "Zebrautkast")

    def test_unpublished_page_is_hidden(self):
        page = self.resource("Zebraavpublicerad sida", "avpublicerad")
        page.unpublish()
        self.assertHidden(page, "Zebraavpublicerad")

    def test_expired_page_is_hidden_even_before_the_scheduler_unpublishes_it(self):
        expire_at = timezone.now() + datetime.timedelta(hours=1)
        page = self.resource("Zebrautgangen sida", "utgangen", expire_at=expire_at)
        self.assertEqual(self.get(f"resources/{page.pk}/").status_code, 200)
        # Time passes; nothing is saved until the scheduler unpublishes it.
        with clock_at(expire_at + datetime.timedelta(minutes=1)):
            self.assertTrue(Page.objects.get(pk=page.pk).live)
            self.assertHidden(page, "Zebrautgangen")

    def test_scheduled_page_is_hidden_until_it_goes_live(self):
        page = self.resource("Zebraschemalagd sida", "schemalagd", publish=False)
        page.go_live_at = timezone.now() + datetime.timedelta(days=2)
        page.save_revision().publish()
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertHidden(page, "Zebraschemalagd")

    def test_view_restricted_page_is_hidden(self):
        page = self.resource("Zebraprivat sida", "privat")
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
        )
        self.assertHidden(page, "Zebraprivat")

    def test_page_under_a_view_restricted_topic_is_hidden(self):
        topic = self.gr["organiserad-brottslighet"]
        page = make_resource(
            ArticlePage, topic, title="Zebraskyddad under ämne", slug="skyddad"
        )
        PageViewRestriction.objects.create(
            page=topic, restriction_type=PageViewRestriction.LOGIN
        )
        seen = self.observations(page, "Zebraskyddad")
        self.assertFalse(seen["in_list"])
        self.assertEqual(seen["detail"], seen["unknown"])
        self.assertEqual(seen["by_path"], 404)
        self.assertFalse(seen["in_search"])
        self.assertFalse(seen["in_autocomplete"])
        # The two resources already under that topic are hidden as well.
        self.assertEqual(seen["count"], VISIBLE_IN_GR + 1 - 2)

    def test_page_of_another_site_is_hidden(self):
        self.assertEqual(self.get(f"resources/{self.local.pk}/").status_code, 404)
        self.assertEqual(
            self.get(
                f"resources/{self.local.pk}/", host="molndal.localhost"
            ).status_code,
            200,
        )
        self.assertNotIn(self.local.pk, self.ids(limit=100))
        self.assertNotIn(
            self.local.pk,
            [i["id"] for i in self.get_json("search/", q="Lokalt")["items"]],
        )

    def test_published_page_with_a_newer_draft_shows_only_the_published_version(self):
        page = self.resource("Zebrapublicerad version", "versioner")
        # A word that shares no part with the published text: search splits
        # compounds, so "Zebra…" would find the published "Zebrapublicerad".
        page.title = "Kvartsutkast version"
        page.summary = "Utkastets sammanfattning."
        page.save_revision()
        [item] = [
            i
            for i in self.get_json("resources/", limit=100)["items"]
            if i["id"] == page.pk
        ]
        self.assertEqual(item["title"], "Zebrapublicerad version")
        self.assertEqual(item["summary"], "En kort sammanfattning av materialet.")
        detail = self.get_json(f"resources/{page.pk}/")
        self.assertEqual(detail["title"], "Zebrapublicerad version")
        search = self.get_json("search/", q="Kvartsutkast")
        self.assertEqual(search["items"], [])
        published = self.get_json("search/", q="Zebrapublicerad")["items"]
        self.assertEqual(published[0]["id"], page.pk)
        suggestions = self.get_json("search/autocomplete/", q="Kvartsu")
        self.assertEqual(suggestions["items"], [])
