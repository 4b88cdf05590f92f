"""The vocabulary of each site's public text (search/vocabulary.py): kept in
step with publishing, and what a re-index gives is what the changes gave."""

import random

from wagtail.models import Page, PageViewRestriction

import pytest
import wordfreq

from pages import syndication
from pages.models import ArticlePage, SiteProfile
from search import documents, spelling, vocabulary
from search.analysis import fold
from search.backends import get_backend
from search.backends.base import Scope
from search.edits import osa_distance
from search.models import SearchDocument, SearchWord
from tests.search.test_search_api import SearchTestCase


class VocabularyTests(SearchTestCase):
    def words(self, site: str = "gr") -> dict[str, tuple[int, int]]:
        """The site's words: (documents, titles) by folded word."""
        tree = self.gr if site == "gr" else self.molndal
        rows = SearchWord.objects.filter(root_path=tree["home"].path, language="sv")
        return {row.word: (row.documents, row.titles) for row in rows}

    def test_publishing_adds_the_words_with_their_documents_and_titles(self):
        before = self.words()
        page = self.article(
            "Kameraövervakning i centrum",
            summary="Kameror i centrum minskar skadegörelse.",
            slug="kamera",
            share_with="none",
        )
        after = self.words()
        self.assertEqual(after["kameraovervakning"], (1, 1))
        self.assertEqual(after["centrum"], (1, 1))
        self.assertEqual(after["kameror"], (1, 0))
        # Already on the site: one document more.
        self.assertEqual(after["skadegorelse"][0], before["skadegorelse"][0] + 1)
        # Short words, stop words and the page's other site are left out.
        self.assertNotIn("i", after)
        self.assertNotIn("kameraovervakning", self.words("molndal"))
        word = SearchWord.objects.get(word="kameraovervakning")
        self.assertEqual(word.display, "kameraövervakning")
        self.assertIn(
            "kameraovervakning:kameraövervakning:t", page.search_document.words
        )

    def test_an_edit_moves_the_counts_and_a_draft_does_not(self):
        page = self.article("Kameraövervakning", slug="kamera", share_with="none")
        page = ArticlePage.objects.get(pk=page.pk)
        page.title = "Belysning vid hållplatser"
        page.save_revision().publish()
        self.assertNotIn("kameraovervakning", self.words())
        self.assertEqual(self.words()["belysning"], (1, 1))
        page.title = "Tunnelbelysning"
        page.save_revision()
        self.assertNotIn("tunnelbelysning", self.words())
        self.assertEqual(self.words()["belysning"], (1, 1))

    def test_unpublishing_deleting_and_restricting_take_the_words_away(self):
        before = self.words()
        for number, take_away in enumerate(
            [
                lambda page: page.unpublish(),
                lambda page: Page.objects.get(pk=page.pk).delete(),
                lambda page: PageViewRestriction.objects.create(
                    page=page, restriction_type=PageViewRestriction.LOGIN
                ),
            ]
        ):
            with self.subTest(number=number):
                page = self.article(
                    "Kameraövervakning", slug=f"kamera-{number}", share_with="none"
                )
                self.assertIn("kameraovervakning", self.words())
                take_away(ArticlePage.objects.get(pk=page.pk))
                self.assertEqual(self.words(), before)

    def test_shared_material_counts_on_each_site_that_shows_it(self):
        original = self.article("Kameraövervakning", slug="delad")
        self.assertEqual(self.words("molndal")["kameraovervakning"], (1, 1))
        syndication.hide(original, SiteProfile.objects.get(slug="molndal"))
        self.assertNotIn("kameraovervakning", self.words("molndal"))
        self.assertEqual(self.words()["kameraovervakning"], (1, 1))

    def test_a_reindex_gives_the_counts_the_changes_gave(self):
        self.article("Kameraövervakning i centrum", slug="a", share_with="none")
        page = self.article("Kameraövervakning", slug="b")
        page = ArticlePage.objects.get(pk=page.pk)
        page.summary = "Om belysning och kameror i centrum."
        page.save_revision().publish()
        self.article("Belysning", slug="c").unpublish()
        kept = sorted(SearchWord.objects.values_list(
            "root_path", "language", "word", "display", "documents", "titles"
        ))  # fmt: skip
        self.assertTrue(kept)
        documents.reindex()
        self.assertEqual(sorted(SearchWord.objects.values_list(
            "root_path", "language", "word", "display", "documents", "titles"
        )), kept)  # fmt: skip
        # And from nothing, as a new installation's first update_index.
        SearchWord.objects.all().delete()
        SearchDocument.objects.update(words="")
        documents.reindex()
        self.assertEqual(sorted(SearchWord.objects.values_list(
            "root_path", "language", "word", "display", "documents", "titles"
        )), kept)  # fmt: skip

    def test_the_backends_candidates_follow_the_vocabulary(self):
        scope = Scope(self.gr["home"].path, "sv")
        backend = get_backend()
        page = self.article("Kameraövervakning", slug="kamera", share_with="none")
        self.assertIn(
            "kameraovervakning",
            [w.word for w in backend.candidates(scope, {"kameraovervakinng": 2})],
        )
        self.assertEqual(backend.known(scope, ["kameraover", "kamerz"]), {"kameraover"})
        Page.objects.get(pk=page.pk).delete()
        self.assertNotIn(
            "kameraovervakning",
            [w.word for w in backend.candidates(scope, {"kameraovervakinng": 2})],
        )
        self.assertEqual(backend.known(scope, ["kameraover"]), set())


def misspelt(word: str, edits: int, rng: random.Random) -> str:
    """`word` with `edits` random slips: a letter left out, doubled,
    replaced, or two neighbours swapped."""
    for _ in range(edits):
        at = rng.randrange(len(word) - 1)
        slip = rng.choice(["delete", "double", "replace", "swap"])
        if slip == "delete":
            word = word[:at] + word[at + 1 :]
        elif slip == "double":
            word = word[:at] + word[at] + word[at:]
        elif slip == "replace":
            word = word[:at] + rng.choice("aeiklnorst") + word[at + 1 :]
        else:
            word = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return word


@pytest.mark.django_db
def test_the_candidates_hold_every_word_within_the_edits():
    """Each backend's candidates (SQLite's deletion neighbourhood,
    PostgreSQL's trigrams) against a plain comparison with every word."""
    rng = random.Random(25)
    lexicon = [
        word
        for word in (fold(word) for word in wordfreq.top_n_list("sv", 20_000))
        if len(word) >= vocabulary.MIN_LENGTH and word.isalpha()
    ]
    words = rng.sample(lexicon, 400)
    scope, other = Scope("00010001", "sv"), Scope("00010002", "sv")
    entries = [vocabulary.Entry(word, word, False) for word in words]
    vocabulary.replace(
        [],
        [
            vocabulary.Contribution(scope.root_path, "sv", vocabulary.encode(entries)),
            vocabulary.Contribution(other.root_path, "sv", "annanwebbplats:x"),
        ],
    )
    backend = get_backend()
    # Long words too: two edits are allowed from ten letters.
    long_words = [word for word in words if len(word) >= 9]
    typed = [
        misspelt(word, rng.choice([1, 2]), rng)
        for word in rng.sample(words, 40) + rng.sample(long_words, 40)
    ]
    checked = 0
    for query in [word for word in typed if len(word) >= spelling.MIN_LENGTH]:
        edits = spelling.max_edits(query)
        expected = {
            word for word in words if 0 < osa_distance(query, word, edits) <= edits
        }
        found = {
            candidate.word
            for candidate in backend.candidates(scope, {query: edits})
            if 0 < osa_distance(query, candidate.word, edits) <= edits
        }
        assert found == expected, query
        checked += bool(expected)
    assert checked >= 50
    assert not backend.candidates(scope, {"annanwebbplatz": 2})
