"""Search excerpts: the fast implementation chooses exactly the excerpt that
the plain one (a lookbehind regex, every window counted anew) chose."""

import re
from unittest import TestCase

from hypothesis import given, settings
from hypothesis import strategies as st

from search import service
from search.service import EXCERPT_CHARS, EXCERPT_SOURCE_CHARS, FOLDS, excerpt


def plain_excerpt(source: str, prefixes: tuple[str, ...]) -> str:
    """search.service.excerpt() as first written: slow, obviously right."""
    source = " ".join(source[:EXCERPT_SOURCE_CHARS].split())
    if not source:
        return ""
    folded = source.lower()
    for letter, plain in FOLDS:
        folded = folded.replace(letter, plain)
    if len(folded) != len(source):
        folded = source
    positions = []
    if prefixes:
        terms = sorted(prefixes, key=len, reverse=True)
        pattern = r"(?<!\w)(?:" + "|".join(re.escape(term) for term in terms) + ")"
        positions = [match.start() for match in re.finditer(pattern, folded)]
    start = 0
    if positions:
        lead = EXCERPT_CHARS // 5
        start = max(
            (max(0, position - lead) for position in positions),
            key=lambda begin: sum(
                begin <= position < begin + EXCERPT_CHARS for position in positions
            ),
        )
        while start > 0 and not source[start - 1].isspace():
            start -= 1
    end = min(len(source), start + EXCERPT_CHARS)
    while end < len(source) and not source[end].isspace():
        end += 1
    text = source[start:end].strip()
    return f"{'…' if start > 0 else ''}{text}{'…' if end < len(source) else ''}"


# Words that share beginnings, with and without Swedish letters, so that
# terms match at word starts, inside words and next to punctuation.
WORDS = ["upphandling", "upphandlingar", "handling", "brott", "välfärdsbrott",
         "våld", "vald", "ö", "och", "hot_mot", "x2", "brottslighet"]  # fmt: skip
SEPARATORS = [" ", "  ", "\n", ", ", ". ", "-", "(", "’"]
TERMS = ["upphandling", "handling", "brott", "vald", "valfard", "o", "x", "hot", "mot"]

sources = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=400
).map(lambda parts: "".join(word + gap for word, gap in parts))
prefixes = st.sets(st.sampled_from(TERMS), max_size=4).map(tuple)


class ExcerptTests(TestCase):
    @settings(max_examples=300, deadline=None)
    @given(sources, prefixes)
    def test_the_same_excerpt_as_the_plain_implementation(self, source, terms):
        self.assertEqual(excerpt(source, terms), plain_excerpt(source, terms))

    @settings(max_examples=300, deadline=None)
    @given(sources, prefixes)
    def test_the_same_matches_as_a_lookbehind(self, source, terms):
        terms = terms or ("brott",)
        pattern = r"(?<!\w)(?:" + "|".join(sorted(terms, key=len, reverse=True)) + ")"
        self.assertEqual(
            service._word_starts(service._terms_pattern(terms), source),
            [match.start() for match in re.finditer(pattern, source)],
        )

    def test_the_window_with_the_most_matches_wins(self):
        filler = "ord " * 100
        source = f"brott {filler}brott brott brott {filler}"
        found = excerpt(source, ("brott",))
        self.assertTrue(found.startswith("…"))
        self.assertEqual(found.count("brott"), 3)

    def test_a_term_inside_a_word_is_not_a_match(self):
        self.assertEqual(
            service._word_starts(re.compile("handling"), "upphandling handling"),
            [12],
        )
