"""Spelling corrections: "Menade du …?" for a query that finds (almost) nothing.

Staff type fast on phones: one slipped letter ("upphandlnig") and a search
finds nothing. When a search finds fewer than FEW_MATCHES resources its
reader may see (pages/delivery/search_seam.py decides), each query word of
MIN_LENGTH letters or more that the site's vocabulary does not know
(search/vocabulary.py: the words of its public text in the query's
language) is replaced by the closest word that it does know, if one is
within one edit, or two for words of TWO_EDITS_FROM letters or more
(search/edits.py). Of several, the fewest edits win, then the word more
titles hold, then the one more documents hold; it is shown as most
documents write it.

A word is known when a vocabulary word begins with it or with its stem, as
a search matches by prefix ("upphandlingar" is known when "upphandling" is),
or when each of its compound parts is (a query's compound matches by its
parts). A query that finds enough costs nothing: nothing here runs. One
that finds little but is spelt right costs one indexed query on the
vocabulary; a misspelt one then one more for the candidates, and the
corrected search.
"""

from .analysis import Word, fold, is_stopword, split_compound, stem, words
from .backends.base import Scope, SearchBackend, VocabularyWord
from .edits import osa_distance
from .vocabulary import MIN_LENGTH as MIN_VOCABULARY_LENGTH

# Fewer visible matches than this and a correction is looked for.
FEW_MATCHES = 3
# Shorter query words are never corrected: too many words are one edit away.
MIN_LENGTH = 6
TWO_EDITS_FROM = 10


def max_edits(word: str) -> int:
    """How many edits away a correction of the folded `word` may be."""
    return 2 if len(word) >= TWO_EDITS_FROM else 1


def correctable(text: str, language: str) -> list[Word]:
    """The words of the query `text` that a correction may replace."""
    return [
        word
        for word in words(text)
        if len(fold(word.text)) >= MIN_LENGTH
        and fold(word.text).isalpha()
        and not is_stopword(word.text, language)
    ]


def known_by(word: str, language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, parts) of a folded query word: the word is known when a
    vocabulary word begins with one of the prefixes, or with each part."""
    prefixes = [word]
    stemmed = stem(word, language)
    if len(stemmed) >= MIN_VOCABULARY_LENGTH and word.startswith(stemmed):
        prefixes = [stemmed]
    parts = tuple(stem(part, language) for part in split_compound(word, language))
    return tuple(prefixes), parts


def unknown_words(
    typed: list[Word], scope: Scope, language: str, backend: SearchBackend
) -> dict[str, list[Word]]:
    """The folded words of `typed` that the scope's vocabulary does not
    know, each with where it was typed (one query)."""
    tests = {fold(word.text): known_by(fold(word.text), language) for word in typed}
    asked = sorted(
        {term for prefixes, parts in tests.values() for term in (*prefixes, *parts)}
    )
    known = backend.known(scope, asked)
    unknown: dict[str, list[Word]] = {}
    for word in typed:
        prefixes, parts = tests[fold(word.text)]
        if known.isdisjoint(prefixes) and not (parts and known.issuperset(parts)):
            unknown.setdefault(fold(word.text), []).append(word)
    return unknown


def closest(word: str, candidates: list[VocabularyWord]) -> VocabularyWord | None:
    """The best correction of the folded `word` among `candidates` (a row
    per written form): the word of fewest edits, then in most titles, then
    in most documents, in the form most documents write it."""
    limit = max_edits(word)
    forms: dict[str, list[VocabularyWord]] = {}
    for candidate in candidates:
        forms.setdefault(candidate.word, []).append(candidate)
    ranked = []
    for folded, written in forms.items():
        distance = osa_distance(word, folded, limit)
        if 0 < distance <= limit:
            titles = sum(form.titles for form in written)
            documents = sum(form.documents for form in written)
            ranked.append(((distance, -titles, -documents, folded), written))
    if not ranked:
        return None
    _rank, written = min(ranked, key=lambda item: item[0])
    return max(written, key=lambda form: (form.documents, form.titles, form.display))


def correction(
    text: str, scope: Scope, language: str, backend: SearchBackend
) -> str | None:
    """`text` with its misspelt words replaced by the vocabulary's closest
    words as editors write them ("Upphandlnig" → "upphandling"), or None
    when there is nothing to correct."""
    typed = correctable(text, language)
    if not typed:
        return None
    unknown = unknown_words(typed, scope, language, backend)
    if not unknown:
        return None
    found = backend.candidates(scope, {word: max_edits(word) for word in unknown})
    replacements: list[tuple[Word, str]] = []
    for word, places in unknown.items():
        best = closest(word, found)
        if best is not None:
            replacements += [(place, best.display) for place in places]
    if not replacements:
        return None
    for place, display in sorted(replacements, key=lambda item: -item[0].start):
        text = text[: place.start] + display + text[place.end :]
    return text
