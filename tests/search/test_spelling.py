""" "Menade du …?": misspelt queries corrected from the site's public words.

Through /api/v1/search/ and /search/autocomplete/: what the answer says, that
exact=true turns it off, what it costs, and that a correction never offers
a word the reader may not see (drafts, restricted pages, another site's own
material, expired material).
"""

import datetime

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from pages.models import ArticlePage
from search import spelling
from search.backends.base import VocabularyWord
from search.models import SearchWord
from tests.api.utils import clock_at
from tests.search.test_search_api import SearchTestCase


def candidate(
    word: str, documents: int = 1, titles: int = 0, display: str = ""
) -> VocabularyWord:
    return VocabularyWord(word, display or word, documents, titles)


def test_the_closest_word_has_the_fewest_edits_then_the_most_titles_then_documents():
    typed = "upphandlnig"
    assert spelling.closest(typed, []) is None
    assert spelling.closest(typed, [candidate("upphandlnig")]) is None
    assert spelling.closest(typed, [candidate("forhandling")]) is None
    fewer_edits = candidate("upphandling")
    more_edits = candidate("upphandlingen", documents=9, titles=9)
    assert spelling.closest(typed, [more_edits, fewer_edits]) == fewer_edits
    in_titles = candidate("upphandlig", titles=2)
    in_documents = candidate("upphandlnng", documents=5, titles=1)
    assert spelling.closest(typed, [in_documents, in_titles]) == in_titles
    in_more_documents = candidate("upphandlnng", documents=5, titles=2)
    in_fewer = candidate("upphandlig", documents=4, titles=2)
    assert spelling.closest(typed, [in_fewer, in_more_documents]) == in_more_documents


def test_a_word_is_shown_as_most_documents_write_it():
    friendly = candidate("vanliga", documents=2, display="vänliga")
    common = candidate("vanliga", documents=5, display="vanliga")
    assert spelling.closest("vanlgia", [friendly, common]) == common
    # Its forms count together against another word.
    other = candidate("vanlia", documents=6)
    assert spelling.closest("vanlgia", [friendly, other, common]).word == "vanliga"


def test_only_words_of_six_letters_or_more_are_corrected_within_their_edits():
    # "hotet" is too short, "mellan" a stop word, "id06" not only letters.
    typed = spelling.correctable("Hotet mellan ID06 och Upphandlnig", "sv")
    assert [word.text for word in typed] == ["upphandlnig"]
    assert spelling.max_edits("lagesbld") == 1
    assert spelling.max_edits("upphandlnig") == 2


# The read path's own cost: the same request would otherwise be answered
# from the kept answers (pages/api/responses.py).
@override_settings(API_RESPONSE_CACHE_SECONDS=0)
class CorrectionTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.warning_signs = cls.article(
            "Varningstecken i upphandling", slug="varningstecken", share_with="none"
        )

    def test_a_misspelt_query_is_corrected_and_the_answer_says_so(self):
        results = self.search("Upphandlnig")
        self.assertEqual(results["corrected_query"], "upphandling")
        self.assertEqual(results["original_query"], "Upphandlnig")
        found = [item["id"] for item in results["items"]]
        self.assertEqual(set(found), {self.warning_signs.pk, self.upphandling.pk})
        self.assertEqual(results["count"], 2)

    def test_only_the_misspelt_words_of_a_query_are_replaced(self):
        results = self.search("varningstecken upphandlnig")
        self.assertEqual(results["corrected_query"], "varningstecken upphandling")

    def test_exact_true_searches_only_what_was_typed(self):
        results = self.search("upphandlnig", exact="true")
        self.assertEqual(results["items"], [])
        self.assertIsNone(results["corrected_query"])
        self.assertIsNone(results["original_query"])

    def test_a_bad_exact_value_is_a_400(self):
        for value in ("kanske", "2", ""):
            with self.subTest(exact=value):
                body = self.search("upphandlnig", expect=400, exact=value)
                self.assertIn("exact", body["detail"])

    def test_what_the_query_finds_ranks_above_what_its_correction_adds(self):
        # "kontrollera" finds one page; "upphandlnig" nothing until corrected.
        results = self.search("upphandlnig kontrollera")
        self.assertEqual(results["corrected_query"], "upphandling kontrollera")
        found = [item["id"] for item in results["items"]]
        self.assertEqual(found[0], self.upphandling.pk)
        self.assertIn(self.warning_signs.pk, found[1:])

    def test_short_words_and_words_without_a_near_neighbour_are_left_alone(self):
        # "snabb" is in a summary, "snaab" too short to be corrected to it.
        for query in ("snaab", "xylofonerna", "upphandlingsmyndighet"):
            with self.subTest(query=query):
                self.assertIsNone(self.search(query)["corrected_query"])

    def queries(self, **params) -> int:
        """The SQL queries of one search, once its caches are warm."""
        self.search(**params)
        with CaptureQueriesContext(connection) as queries:
            results = self.search(**params)
        self.assertIsNone(results["corrected_query"])
        return len(queries)

    def test_a_query_that_finds_enough_costs_nothing_extra(self):
        for number in range(3):
            self.article(f"Klottersanering {number}", slug=f"sanering-{number}")
        for q in ("klottersanering", "klotter på skolan"):
            with self.subTest(q=q):
                self.assertEqual(self.queries(q=q), self.queries(q=q, exact="true"))

    def test_short_words_cost_nothing_and_a_rare_right_word_one_lookup(self):
        # Nothing to correct: no word of six letters.
        self.assertEqual(self.queries(q="zzyzx"), self.queries(q="zzyzx", exact="true"))
        # One page has the word: the vocabulary is asked whether it knows it.
        self.assertEqual(
            self.queries(q="varningstecken"),
            self.queries(q="varningstecken", exact="true") + 1,
        )

    def test_autocomplete_suggests_titles_for_the_corrected_word(self):
        self.assertEqual(self.suggested("varningstekcen"), [self.warning_signs.pk])
        self.assertEqual(self.suggested("varningstecken i"), [self.warning_signs.pk])
        self.assertEqual(self.suggested("varni"), [self.warning_signs.pk])
        self.assertEqual(self.suggested("xylofonerna"), [])


class CorrectionVisibilityTests(SearchTestCase):
    """A correction offers only words of what the reader may see on the site."""

    WORD = "Kolibriholkar"
    TYPO = "kolbiriholkar"

    def corrected(self, host: str = "localhost") -> str | None:
        return self.search(self.TYPO, host=host)["corrected_query"]

    def assertNotOffered(self, host: str = "localhost"):
        self.assertIsNone(self.corrected(host))

    def test_a_public_pages_word_is_offered_so_the_checks_can_fail(self):
        self.article(self.WORD, slug="publik", share_with="none")
        self.assertEqual(self.corrected(), "kolibriholkar")
        self.assertTrue(SearchWord.objects.filter(word="kolibriholkar").exists())

    def test_a_drafts_words_are_never_offered(self):
        self.article(f"{self.WORD} i parken", slug="utkast", publish=False)
        page = self.article("Fåglar i parken", slug="publicerad", share_with="none")
        page = ArticlePage.objects.get(pk=page.pk)
        page.title = f"{self.WORD} i parken"
        page.save_revision()
        self.assertFalse(SearchWord.objects.filter(word="kolibriholkar").exists())
        self.assertNotOffered()

    def test_a_page_with_a_password_never_offers_its_words(self):
        page = self.article(self.WORD, slug="losen", share_with="none")
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        self.assertNotOffered()

    def test_a_page_for_logged_in_staff_never_offers_its_words(self):
        page = self.article(self.WORD, slug="inloggad", share_with="none")
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertNotOffered()
        self.assertFalse(SearchWord.objects.filter(word="kolibriholkar").exists())

    def test_another_sites_own_material_never_offers_its_words(self):
        self.article(self.WORD, parent=self.molndal["samverkan"], slug="molndals")
        self.assertNotOffered(host="localhost")
        self.assertEqual(self.corrected(host="molndal.localhost"), "kolibriholkar")

    def test_a_word_of_expired_material_is_not_offered_once_it_has_expired(self):
        # Nothing is saved when a page expires: its words stay in the
        # vocabulary, but the corrected search finds nothing the reader may
        # see, so no correction is offered.
        expire_at = timezone.now() + datetime.timedelta(hours=1)
        self.article(self.WORD, slug="utgar", share_with="none", expire_at=expire_at)
        self.assertEqual(self.corrected(), "kolibriholkar")
        with clock_at(expire_at + datetime.timedelta(minutes=1)):
            self.assertNotOffered()
