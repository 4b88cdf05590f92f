"""/api/v1/search/ and /search/autocomplete/: visibility, bad input, a current
index, the reader's role, editors' recommendations and synonyms, the report."""

import datetime
import json
from unittest import mock

from django.contrib.auth import get_user_model
from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, PageViewRestriction

from pages import syndication
from pages.delivery.context import SiteContext
from pages.delivery.facets import facet_counts, search_facet_counts
from pages.delivery.filters import ResourceFilters
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, SiteProfile
from search.models import QueryCount, SearchDocument, Synonym
from tests.api.utils import build_tree, clock_at
from tests.factories import make_resource


class SearchTestCase(TestCase):
    """GR (localhost, the hub) and Mölndal, with a few searchable resources."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.klotter = cls.article(
            "Klottersanering på skolgården",
            summary="Snabb sanering minskar ny skadegörelse.",
            slug="klotter",
        )
        cls.upphandling = cls.article(
            "Kriminella leverantörer i upphandlingar",
            summary="Kontrollera leverantörer innan avtal.",
            slug="upphandling",
            roles=("upphandling-och-inkop",),
        )

    @classmethod
    def article(cls, title: str, parent=None, share_with="all", **fields):
        defaults = {"summary": "En sammanfattning.", "roles": ("socialtjanst",)}
        return make_resource(
            ArticlePage,
            parent or cls.gr["samverkan"],
            title=title,
            share_with=share_with,
            **(defaults | fields),
        )

    def search(self, q: str, host: str = "localhost", expect: int = 200, **params):
        response = self.client.get(
            "/api/v1/search/", {"q": q, **params}, HTTP_HOST=host
        )
        self.assertEqual(response.status_code, expect, response.content[:300])
        return json.loads(response.content)

    def found(self, q: str, **params) -> list[int]:
        return [item["id"] for item in self.search(q, **params)["items"]]

    def suggested(self, q: str, host: str = "localhost") -> list[int]:
        response = self.client.get(
            "/api/v1/search/autocomplete/", {"q": q}, HTTP_HOST=host
        )
        self.assertEqual(response.status_code, 200, response.content[:300])
        return [item["id"] for item in json.loads(response.content)["items"]]


class SwedishMatchingTests(SearchTestCase):
    def test_inflections_compounds_and_missing_diacritics_find_the_page(self):
        for query in ("klotter", "Klottersaneringen", "skolgard", "SKOLGÅRDAR"):
            with self.subTest(query=query):
                self.assertIn(self.klotter.pk, self.found(query))
        self.assertIn(self.upphandling.pk, self.found("upphandling kriminell"))

    def test_the_highlight_is_plain_text_around_the_match(self):
        [item] = [
            item
            for item in self.search("skadegörelse")["items"]
            if item["id"] == self.klotter.pk
        ]
        self.assertIn("skadegörelse", item["highlight"])
        self.assertNotIn("<", item["highlight"])

    def test_autocomplete_suggests_titles_by_their_beginning(self):
        self.assertEqual(self.suggested("klott"), [self.klotter.pk])
        self.assertEqual(self.suggested("kriminella lev"), [self.upphandling.pk])
        self.assertEqual(self.suggested("sanering"), [self.klotter.pk])


class VisibilityTests(SearchTestCase):
    """Only what the public may see on the site is found, counted or suggested."""

    WORD = "Zebrafinkar"

    def observe(self, host: str = "localhost") -> dict:
        results = self.search(self.WORD, host=host)
        return {
            "ids": [item["id"] for item in results["items"]],
            "count": results["count"],
            "kinds": sum(row["count"] for row in results["facets"]["kind"]),
            "roles": sum(row["count"] for row in results["facets"]["role"]),
            "suggested": self.suggested(self.WORD[:6], host=host),
        }

    def assertNotSeen(self, host: str = "localhost"):
        self.assertEqual(
            self.observe(host),
            {"ids": [], "count": 0, "kinds": 0, "roles": 0, "suggested": []},
        )

    def test_a_count_cut_at_the_engines_limit_says_it_is_a_lower_bound(self):
        for n in range(3):
            self.article(f"Klottersanering {n}", slug=f"klotter-{n}")
        whole = self.search("klottersanering")
        self.assertEqual(whole["count"], 4)
        self.assertIs(whole["count_is_lower_bound"], False)
        with mock.patch("search.service.MAX_MATCHES", 2):
            cut = self.search("klottersanering", facets="true")
            listed = self.client.get(
                "/api/v1/resources/", {"q": "klottersanering"}, HTTP_HOST="localhost"
            ).json()
        self.assertEqual(cut["count"], 2)
        self.assertIs(cut["count_is_lower_bound"], True)
        self.assertEqual(listed["count"], 2)
        self.assertIs(listed["count_is_lower_bound"], True)
        # A list without q has no search, and no such field.
        plain = self.client.get("/api/v1/resources/", HTTP_HOST="localhost").json()
        self.assertNotIn("count_is_lower_bound", plain)

    def test_a_visible_page_is_seen_everywhere_so_the_checks_can_fail(self):
        page = self.article(self.WORD, slug="synlig", share_with="none")
        seen = self.observe()
        self.assertEqual(seen["ids"], [page.pk])
        self.assertEqual((seen["count"], seen["kinds"], seen["roles"]), (1, 1, 1))
        self.assertEqual(seen["suggested"], [page.pk])

    def test_a_draft_is_not_indexed_or_found(self):
        page = self.article(self.WORD, slug="utkast", publish=False)
        self.assertFalse(SearchDocument.objects.filter(page_id=page.pk).exists())
        self.assertNotSeen()

    def test_a_page_for_logged_in_staff_is_indexed_but_not_found(self):
        # Indexed for API consumers with staff material (tests/consumers/
        # test_staff_material.py); the public never finds it.
        page = self.article(self.WORD, slug="privat", share_with="none")
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertTrue(SearchDocument.objects.filter(page_id=page.pk).exists())
        self.assertNotSeen()

    def test_a_page_with_a_password_is_not_indexed_or_found(self):
        page = self.article(self.WORD, slug="losen", share_with="none")
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        self.assertFalse(SearchDocument.objects.filter(page_id=page.pk).exists())
        self.assertNotSeen()

    def test_a_page_under_a_private_topic_is_not_found(self):
        self.article(self.WORD, slug="under-privat", share_with="none")
        PageViewRestriction.objects.create(
            page=self.gr["samverkan"], restriction_type=PageViewRestriction.PASSWORD,
            password="hemligt",
        )  # fmt: skip
        self.assertNotSeen()

    def test_an_expired_page_is_not_found_once_its_time_has_passed(self):
        # Published with an expiry an hour ahead, then the clock moves past
        # it: nothing is saved then, so neither the page nor its index
        # document is changed before the scheduler unpublishes it.
        expire_at = timezone.now() + datetime.timedelta(hours=1)
        page = self.article(
            self.WORD, slug="utgangen", share_with="none", expire_at=expire_at
        )
        self.assertEqual(self.observe()["ids"], [page.pk])
        with clock_at(expire_at + datetime.timedelta(minutes=1)):
            self.assertTrue(Page.objects.get(pk=page.pk).live)
            self.assertNotSeen()

    def test_another_sites_page_is_not_found(self):
        self.article(self.WORD, parent=self.molndal["samverkan"], slug="molndals")
        self.assertNotSeen(host="localhost")
        self.assertEqual(len(self.observe(host="molndal.localhost")["ids"]), 1)

    def test_shared_material_a_member_hid_is_not_found_there(self):
        original = self.article(self.WORD, slug="delat")
        molndal = "molndal.localhost"
        self.assertEqual(len(self.observe(host=molndal)["ids"]), 1)
        syndication.hide(original, SiteProfile.objects.get(slug="molndal"))
        self.assertNotSeen(host=molndal)
        self.assertEqual(self.observe()["ids"], [original.pk])

    def test_english_search_finds_english_pages_only_with_english_stemming(self):
        swedish = self.article(self.WORD, slug="svenska", share_with="none")
        english = swedish.copy_for_translation(
            Locale.objects.get(language_code="en"), copy_parents=True
        )
        english.title = "Zebra finches at the bus stop"
        english.save_revision().publish()
        self.assertEqual(self.found("finch", locale="en"), [english.pk])
        self.assertEqual(self.found(self.WORD, locale="en"), [])
        self.assertEqual(self.found("finch"), [])
        self.assertEqual(self.found(self.WORD), [swedish.pk])


class BadInputTests(SearchTestCase):
    def test_a_missing_or_blank_query_is_a_400(self):
        for q in ("", "   ", "\t\n"):
            with self.subTest(q=q):
                body = self.search(q, expect=400)
                self.assertIn("q", body["detail"])

    def test_hostile_or_odd_queries_answer_without_error(self):
        queries = [
            "x" * 10_000,
            "!!! ??? ...",
            '"',
            '"klotter',
            "*",
            "klott*",
            "OR",
            "klotter OR upphandling",
            "NOT klotter",
            "NEAR(klotter sanering, 2)",
            "title:klotter",
            "klotter:* & !a | (b",
            "'; DROP TABLE wagtailcore_page; --",
            "\\",
            "🙂 klotter",
            "ä" * 300,
            " ".join(["ord"] * 500),
        ]
        for q in queries:
            with self.subTest(q=q[:40]):
                for endpoint in ("search/", "search/autocomplete/"):
                    response = self.client.get(
                        f"/api/v1/{endpoint}", {"q": q}, HTTP_HOST="localhost"
                    )
                    self.assertIn(response.status_code, (200, 400), response.content)
        # Operators are words, not syntax: "klotter OR upphandling" finds both.
        self.assertEqual(
            set(self.found("klotter OR upphandling")),
            {self.klotter.pk, self.upphandling.pk},
        )

    def test_a_nul_character_is_a_400_not_a_500(self):
        response = self.client.get(
            "/api/v1/search/", {"q": "klotter\x00"}, HTTP_HOST="localhost"
        )
        self.assertIn(response.status_code, (200, 400))


class IndexCurrencyTests(SearchTestCase):
    def test_publish_edit_unpublish_and_delete_are_reflected_at_once(self):
        page = self.article("Kameraövervakning vid busshållplatser", slug="kamera")
        self.assertIn(page.pk, self.found("kameraövervakning"))
        page = ArticlePage.objects.get(pk=page.pk)
        page.title = "Belysning vid busshållplatser"
        page.save_revision().publish()
        self.assertNotIn(page.pk, self.found("kameraövervakning"))
        self.assertIn(page.pk, self.found("belysning"))
        # A draft does not change what is found.
        page.title = "Hemligt utkast om tunnlar"
        page.save_revision()
        self.assertNotIn(page.pk, self.found("tunnlar"))
        self.assertIn(page.pk, self.found("belysning"))
        ArticlePage.objects.get(pk=page.pk).unpublish()
        self.assertNotIn(page.pk, self.found("belysning"))
        self.assertFalse(SearchDocument.objects.filter(page_id=page.pk).exists())
        page = ArticlePage.objects.get(pk=page.pk)
        page.save_revision().publish()
        self.assertIn(page.pk, self.found("belysning"))
        Page.objects.get(pk=page.pk).delete()
        self.assertEqual(self.found("belysning"), [])

    def test_a_renamed_topic_is_found_for_the_resources_under_it(self):
        topic = self.gr["samverkan"].specific
        topic.title = "Grannsamverkan"
        topic.save_revision().publish()
        self.assertIn(self.klotter.pk, self.found("grannsamverkan"))

    def test_material_shared_to_a_member_is_found_there_and_follows_edits(self):
        molndal = "molndal.localhost"
        [alias_id] = self.found("klottersanering", host=molndal)
        self.assertEqual(Page.objects.get(pk=alias_id).alias_of_id, self.klotter.pk)
        page = ArticlePage.objects.get(pk=self.klotter.pk)
        page.title = "Graffitisanering på skolgården"
        page.save_revision().publish()
        self.assertEqual(self.found("graffitisanering", host=molndal), [alias_id])
        ArticlePage.objects.get(pk=self.klotter.pk).unpublish()
        self.assertEqual(self.found("graffitisanering", host=molndal), [])


class RankingTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        summary = "Så förebygger kommunen brand i skolor."
        cls.for_schools = cls.article(
            "Brandskydd i skolan", summary=summary, slug="skola",
            roles=("skola-och-forskola",), share_with="none",
        )  # fmt: skip
        cls.for_buildings = cls.article(
            "Brandskydd i skolan", summary=summary, slug="bygg",
            roles=("bygg-och-fastighet",), share_with="none",
        )  # fmt: skip

    def test_the_title_outranks_the_summary(self):
        in_title = self.article("Trygghetsvandring", slug="titel", share_with="none")
        in_summary = self.article(
            "Om promenader", slug="summering", share_with="none",
            summary="Så gör ni en trygghetsvandring.",
        )  # fmt: skip
        # Their compound parts match more (every page under Trygghetsskapande).
        self.assertEqual(
            self.found("trygghetsvandring")[:2], [in_title.pk, in_summary.pk]
        )

    def test_the_readers_role_lifts_its_material_without_filtering(self):
        for role, first in (
            ("skola-och-forskola", self.for_schools),
            ("bygg-och-fastighet", self.for_buildings),
        ):
            with self.subTest(role=role):
                results = self.search("brandskydd", role=role)
                self.assertEqual(results["items"][0]["id"], first.pk)
                self.assertEqual(results["count"], 2)

    def test_role_strict_filters_explicitly(self):
        results = self.search(
            "brandskydd", role="bygg-och-fastighet", role_strict="true"
        )
        self.assertEqual([i["id"] for i in results["items"]], [self.for_buildings.pk])

    def test_an_editors_recommendation_comes_first_even_without_a_match(self):
        query = Query.get("brandskydd")
        SearchPromotion.objects.create(
            query=query, page=self.klotter, sort_order=0, description="Läs först"
        )
        items = self.search("Brandskydd")["items"]
        self.assertEqual(items[0]["id"], self.klotter.pk)
        self.assertTrue(items[0]["promoted"])
        self.assertEqual([item["promoted"] for item in items[1:]], [False, False])

    def test_a_recommendation_of_another_sites_page_is_not_shown(self):
        local = self.article(
            "Mölndals brandövning", parent=self.molndal["samverkan"], slug="ovning"
        )
        SearchPromotion.objects.create(
            query=Query.get("brandskydd"), page=local, sort_order=0
        )
        self.assertNotIn(local.pk, self.found("brandskydd"))

    def test_a_new_recommendation_or_synonym_changes_the_etag(self):
        url = "/api/v1/search/?q=graffiti"
        etag = self.client.get(url, HTTP_HOST="localhost")["ETag"]
        Synonym.objects.create(terms="klotter, graffiti")
        response = self.client.get(url, HTTP_HOST="localhost", HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            self.klotter.pk, [item["id"] for item in response.json()["items"]]
        )
        etag = response["ETag"]
        SearchPromotion.objects.create(
            query=Query.get("graffiti"), page=self.upphandling, sort_order=0
        )
        response = self.client.get(url, HTTP_HOST="localhost", HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["items"][0]["id"], self.upphandling.pk)

    def test_editors_synonyms_widen_the_search(self):
        self.assertEqual(self.found("graffiti"), [])
        synonym = Synonym.objects.create(terms="klotter, graffiti")
        self.assertIn(self.klotter.pk, self.found("graffiti"))
        synonym.delete()
        self.assertEqual(self.found("graffiti"), [])


class QueryReportTests(SearchTestCase):
    def test_searches_are_counted_by_text_only_and_empty_ones_flagged(self):
        self.found("klotter")
        self.found("Klotter ")
        self.found("zzyzx")
        self.assertEqual(
            {(row.query, row.searches, row.empty) for row in QueryCount.objects.all()},
            {("klotter", 2, 0), ("zzyzx", 1, 1)},
        )
        stored = {field.name for field in QueryCount._meta.get_fields()}
        self.assertEqual(stored, {"id", "day", "query", "searches", "empty"})

    def test_the_admin_report_lists_frequent_and_empty_queries(self):
        self.found("klotter")
        self.found("zzyzx")
        QueryCount.objects.create(
            day=timezone.localdate() - datetime.timedelta(days=40),
            query="gammal fråga",
            searches=99,
        )
        admin = get_user_model().objects.create_superuser("admin", password="x")
        self.client.force_login(admin)
        response = self.client.get(reverse("search_queries"))
        self.assertContains(response, "klotter")
        self.assertContains(response, "zzyzx")
        self.assertNotContains(response, "gammal fråga")
        self.assertEqual(list(response.context["empty"])[0]["query"], "zzyzx")

    def test_autocomplete_is_not_counted(self):
        self.suggested("klott")
        self.assertFalse(QueryCount.objects.exists())


class SearchFacetTests(SearchTestCase):
    """The facets a search counts over its matches in Python are those the
    SQL facet query (facet_counts, used by /resources/) gives for the same
    filters: the two must never drift apart."""

    FILTERS = [
        {},
        {"role": "socialtjanst", "role_strict": True},
        {"role": "socialtjanst"},
        {"kind": "article"},
        {"kind": "video"},
        {"theme": "motverka-brott"},
        {"topic": "samverkan"},
        {"role": "skola-och-forskola", "role_strict": True, "kind": "article"},
        {"theme": "trygghetsskapande", "role": "upphandling-och-inkop"},
    ]

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        roles = [
            ("socialtjanst",),
            ("skola-och-forskola", "socialtjanst"),
            ("upphandling-och-inkop",),
            ("alla-medarbetare",),
        ]
        parents = ["samverkan", "otillaten-paverkan", "organiserad-brottslighet"]
        for number in range(12):
            cls.article(
                f"Trygghetsvandring {number}",
                parent=cls.gr[parents[number % len(parents)]],
                slug=f"vandring-{number}",
                roles=roles[number % len(roles)],
                share_with="none",
            )

    def context(self):
        request = RequestFactory().get("/api/v1/search/", HTTP_HOST="localhost")
        return SiteContext.from_request(request, None, None)

    def test_search_facets_equal_the_sql_facets_for_every_filter(self):
        for params in self.FILTERS:
            with self.subTest(**params):
                ctx = self.context()
                filters = ResourceFilters.parse(
                    ctx,
                    q="trygghetsvandring",
                    **{k: v for k, v in params.items() if k != "role_strict"},
                    role_strict=params.get("role_strict", False),
                )
                in_python = search_facet_counts(ctx, filters)
                self.assertTrue(any(in_python.values()), "nothing was counted")
                self.assertEqual(in_python, facet_counts(ctx, filters))
