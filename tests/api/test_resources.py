"""GET /api/v1/resources/: every filter, its combinations, order and pagination."""

from wagtail.models import Locale

from .utils import ApiTestCase


class ResourceFilterTests(ApiTestCase):
    def test_site_defaults_to_the_host_and_lists_newest_first(self):
        expected = [self.webinar, self.podcast, self.link, self.video, self.article]
        self.assertEqual(self.ids(), [page.pk for page in expected])
        self.assertEqual(self.ids(host="molndal.localhost"), [self.local.pk])
        self.assertEqual(self.ids(site="molndal"), [self.local.pk])

    def test_role_matches_the_role_or_all_staff_material(self):
        self.assertEqual(
            set(self.ids(role="socialtjanst")),
            {self.article.pk, self.podcast.pk, self.link.pk},
        )

    def test_role_strict_drops_the_all_staff_fallback(self):
        self.assertEqual(
            set(self.ids(role="socialtjanst", role_strict="true")),
            {self.article.pk, self.podcast.pk},
        )

    def test_comma_separated_roles_are_or(self):
        self.assertEqual(
            set(
                self.ids(role="socialtjanst,upphandling-och-inkop", role_strict="true")
            ),
            {self.article.pk, self.podcast.pk, self.video.pk, self.webinar.pk},
        )

    def test_theme_topic_and_kind_filters(self):
        self.assertEqual(
            set(self.ids(theme="motverka-brott")),
            {self.article.pk, self.video.pk, self.link.pk, self.webinar.pk},
        )
        self.assertEqual(
            set(self.ids(topic="otillaten-paverkan")), {self.article.pk, self.video.pk}
        )
        self.assertEqual(
            set(self.ids(kind="video,podcast")), {self.video.pk, self.podcast.pk}
        )

    def test_filters_combine_with_and(self):
        self.assertEqual(
            self.ids(theme="motverka-brott", kind="webinar", role="chefer"),
            [self.webinar.pk],
        )
        self.assertEqual(self.ids(topic="samverkan", kind="article"), [])

    def test_updated_since_keeps_resources_published_at_or_after_it(self):
        self.assertEqual(
            set(self.ids(updated_since="2026-03-10T12:00:00Z")),
            {self.link.pk, self.podcast.pk, self.webinar.pk},
        )
        self.assertEqual(
            set(self.ids(updated_since="2026-04-01")),
            {self.podcast.pk, self.webinar.pk},
        )

    def test_orderings(self):
        titles = sorted(
            [self.article, self.video, self.link, self.podcast, self.webinar],
            key=lambda page: page.title,
        )
        self.assertEqual(self.ids(order="title"), [page.pk for page in titles])
        self.assertEqual(
            self.ids(order="-title"), [page.pk for page in reversed(titles)]
        )
        self.assertEqual(self.ids(order="published")[0], self.article.pk)

    def test_limit_and_offset_paginate_and_count_stays_the_total(self):
        data = self.get_json("resources/", limit=2, offset=1)
        self.assertEqual(data["count"], 5)
        self.assertEqual(
            [item["id"] for item in data["items"]], [self.podcast.pk, self.link.pk]
        )
        beyond = self.get_json("resources/", offset=50)
        self.assertEqual((beyond["count"], beyond["items"]), (5, []))

    def test_summary_fields(self):
        [item] = self.get_json("resources/", kind="video")["items"]
        self.assertEqual(item["kind"], "video")
        self.assertEqual(item["site"], "gr")
        self.assertEqual(item["locale"], "sv")
        self.assertEqual(
            item["theme"],
            {"slug": "motverka-brott", "title": "Motverka-Brott", "locale": "sv"},
        )
        self.assertEqual(item["topic"]["slug"], "otillaten-paverkan")
        self.assertEqual(
            item["roles"],
            [{"slug": "upphandling-och-inkop", "name": "Upphandling och inköp"}],
        )
        self.assertEqual(item["image"]["alt"], "Två personer i samtal")
        # fill-640x360 crops the 64×48 test image to 16:9 without upscaling.
        self.assertEqual((item["image"]["width"], item["image"]["height"]), (64, 36))
        self.assertTrue(item["url"].startswith("http://localhost/sv/motverka-brott/"))
        self.assertEqual(
            item["api_url"],
            f"http://localhost/api/v1/resources/{self.video.pk}/?site=gr",
        )
        self.assertEqual(item["published_at"], "2026-02-10T12:00:00Z")
        self.assertIsNone(item["shared_from"])
        self.assertEqual(item["translations"], [])


class LocaleTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        english = Locale.objects.get(language_code="en")
        cls.translated = cls.article.copy_for_translation(english, copy_parents=True)
        # The parents are created as live aliases of the Swedish ones.
        cls.translated.save_revision().publish()
        cls.translated.refresh_from_db()

    def test_english_listing_has_only_english_pages_with_english_roles(self):
        data = self.get_json("resources/", locale="en")
        self.assertEqual([item["id"] for item in data["items"]], [self.translated.pk])
        [item] = data["items"]
        self.assertEqual(item["locale"], "en")
        self.assertEqual(
            item["roles"], [{"slug": "socialtjanst", "name": "Social services"}]
        )
        self.assertTrue(item["url"].startswith("http://localhost/en/"))

    def test_swedish_item_lists_its_published_translation(self):
        [item] = self.get_json(
            "resources/", topic="otillaten-paverkan", kind="article"
        )["items"]
        self.assertEqual(
            item["translations"], [{"locale": "en", "id": self.translated.pk}]
        )

    def test_unpublished_translation_is_not_listed_anywhere(self):
        self.translated.unpublish()
        self.assertEqual(self.ids(locale="en"), [])
        [item] = self.get_json(
            "resources/", topic="otillaten-paverkan", kind="article"
        )["items"]
        self.assertEqual(item["translations"], [])


class FacetTests(ApiTestCase):
    def facets(self, **params):
        return self.get_json("resources/", facets="true", **params)["facets"]

    def test_locale_without_a_home_page_gives_empty_results_and_facets(self):
        data = self.get_json("resources/", locale="en", facets="true")
        self.assertEqual(data["count"], 0)
        self.assertEqual(
            data["facets"], {"role": [], "kind": [], "theme": [], "topic": []}
        )
        self.assertEqual(self.get_json("themes/", locale="en")["items"], [])

    def test_facets_only_when_asked(self):
        self.assertNotIn("facets", self.get_json("resources/"))

    def test_facet_counts_over_the_whole_site(self):
        facets = self.facets()
        self.assertEqual(
            {row["slug"]: row["count"] for row in facets["kind"]},
            {"article": 1, "video": 1, "webinar": 1, "podcast": 1, "link": 1},
        )
        self.assertEqual(
            {row["slug"]: row["count"] for row in facets["role"]},
            {
                "socialtjanst": 2,
                "upphandling-och-inkop": 2,
                "chefer": 2,
                "alla-medarbetare": 1,
            },
        )
        self.assertEqual(
            {row["slug"]: row["count"] for row in facets["theme"]},
            {"motverka-brott": 4, "trygghetsskapande": 1},
        )
        self.assertEqual(
            {row["slug"]: row["count"] for row in facets["topic"]},
            {"otillaten-paverkan": 2, "organiserad-brottslighet": 2, "samverkan": 1},
        )

    def test_each_facet_ignores_its_own_filter_and_applies_the_others(self):
        facets = self.facets(kind="video", theme="motverka-brott")
        # Kind facet: the theme filter applies, the kind filter does not.
        self.assertEqual(
            {row["slug"]: row["count"] for row in facets["kind"]},
            {"article": 1, "video": 1, "webinar": 1, "link": 1},
        )
        # Role facet: both filters apply (only the video is left).
        self.assertEqual(
            {row["slug"]: row["count"] for row in facets["role"]},
            {"upphandling-och-inkop": 1},
        )
        # Theme facet: the kind filter applies, the theme filter does not.
        self.assertEqual(
            {row["slug"]: row["count"] for row in facets["theme"]},
            {"motverka-brott": 1},
        )

    def test_role_facet_counts_the_role_itself_not_the_fallback(self):
        facets = self.facets(role="socialtjanst")
        roles = {row["slug"]: row["count"] for row in facets["role"]}
        self.assertEqual(roles["socialtjanst"], 2)
        self.assertEqual(roles["alla-medarbetare"], 1)
        self.assertEqual(roles["upphandling-och-inkop"], 2)
