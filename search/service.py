"""Searching a site's resources: the query, synonyms, ranking and excerpts.

The delivery API (search/api.py, pages/delivery/search_seam.py) and the reference
site (search/views.py) call these; the backends (search/backends) only match
and score.
"""

import datetime
import functools
import re
from collections.abc import Iterable

from django.core.cache import cache
from django.db.models import F, Q, Sum
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query
from wagtail.search.utils import normalise_query_string

from . import spelling
from .analysis import QueryWord, fold, language_of, query_words
from .backends import Hit, Scope, SearchQuery, get_backend
from .backends.base import Facts
from .models import QueryCount, SearchDocument, Synonym

# The most matches one search considers (for ranking, counts and facets).
MAX_MATCHES = 1000
# Fewer visible matches than this, and the delivery layer asks for a
# spelling correction (search/spelling.py).
FEW_MATCHES = spelling.FEW_MATCHES
# A resource for the reader's role ranks as if it matched this much better.
ROLE_BOOST = 1.5
# Longer queries are cut here: nobody types more, and it bounds the work.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
SYNONYMS_CACHE_KEY = "search:synonyms"
EXCERPT_CHARS = 200
EXCERPT_SOURCE_CHARS = 4000
# Folding that keeps every character in its place (search/analysis.py's fold
# may not), so a match in the folded text points into the original. Applied
# with str.replace, letter by letter: many times faster than str.translate.
FOLDS = list(zip("åäöæøéèêëüúùîïíàáâç", "aaoaoeeeeuuuiiiaaac", strict=True))


def clean_query(text: str | None) -> str:
    """The query as searched and counted: trimmed, single-spaced, bounded."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def analysed(text: str, language_code: str) -> SearchQuery:
    """A query's words, analysed, with the editors' synonyms beside them."""
    language = language_of(language_code)
    text = clean_query(text)
    found = query_words(text, language)[:MAX_QUERY_WORDS]
    return SearchQuery(
        text=text,
        words=tuple(found),
        language=language,
        synonyms=tuple(synonym_words(found, language)),
    )


def _synonym_groups() -> list[list[str]]:
    groups = cache.get(SYNONYMS_CACHE_KEY)
    if groups is None:
        groups = [synonym.term_list() for synonym in Synonym.objects.all()]
        cache.set(SYNONYMS_CACHE_KEY, groups, timeout=None)
    return groups


def forget_synonyms(**kwargs) -> None:
    cache.delete(SYNONYMS_CACHE_KEY)


def synonym_words(found: list[QueryWord], language: str) -> list[QueryWord]:
    """Words of the synonyms of whatever the query says, as extra alternatives.

    A synonym applies when every word of one of its terms is in the query
    ("hem för vård" applies to "hem för vård eller boende").
    """
    said = {alternative for word in found for alternative in word.alternatives}
    extra: list[QueryWord] = []
    for group in _synonym_groups():
        analysed_terms = [query_words(term, language) for term in group]
        for term_words in analysed_terms:
            if term_words and all(set(word.alternatives) & said for word in term_words):
                for other in analysed_terms:
                    if other is not term_words:
                        extra += [w for w in other if w not in found + extra]
                break
    return extra


def hits(
    text: str,
    root_path: str,
    language_code: str,
    limit: int = MAX_MATCHES,
    version: int | None = None,
) -> list[Hit]:
    """Resources in one site and language matching `text`, best first.

    Not yet checked for visibility (the index may lag a page that has just
    left the public) and not yet lifted for the reader's role: see boosted().
    `version`, the content version when the caller has read it, spares the
    backend reading it again.
    """
    query = analysed(text, language_code)
    if not query.words:
        return []
    return with_facts(
        get_backend().search(query, Scope(root_path, language_code, version), limit)
    )


def correction(text: str, root_path: str, language_code: str) -> str | None:
    """`text` with its misspelt words corrected from the vocabulary of the
    site's public text, or None (search/spelling.py)."""
    return spelling.correction(
        clean_query(text),
        Scope(root_path, language_code),
        language_of(language_code),
        get_backend(),
    )


def corrected_hits(
    text: str,
    corrected: str,
    root_path: str,
    language_code: str,
    limit: int = MAX_MATCHES,
    version: int | None = None,
) -> list[Hit]:
    """The fallback search for the misspelt `text`, as correction() corrected
    it: a search for `corrected`, or the backend's own fuzzy matching.
    Like hits(): not yet checked for visibility."""
    query = analysed(text, language_code)
    fixed = analysed(corrected, language_code)
    if not fixed.words:
        return []
    scope = Scope(root_path, language_code, version)
    return with_facts(get_backend().fuzzy_search(query, fixed, scope, limit))


def with_facts(found: list[Hit]) -> list[Hit]:
    """`found`, each hit with its Facts; those a backend did not read with
    the score (Elasticsearch) come from the database's index, which also
    leaves out what is no longer there or has expired."""
    missing = [hit.page_id for hit in found if hit.facts is None]
    if not missing:
        return found
    rows = (
        SearchDocument.objects.filter(page_id__in=missing)
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=timezone.now()))
        .values_list("page_id", "content_type_id", "path", "role_ids")
    )
    facts = {page_id: Facts(*row) for page_id, *row in rows}
    return [
        hit if hit.facts is not None else hit._replace(facts=facts[hit.page_id])
        for hit in found
        if hit.facts is not None or hit.page_id in facts
    ]


def boosted(found: list[Hit], lifted: set[int]) -> list[int]:
    """The ids of `found`, best first, those in `lifted` scoring ROLE_BOOST
    times higher (material for the reader's role is lifted, not filtered)."""
    order = {hit.page_id: position for position, hit in enumerate(found)}
    scores = {
        hit.page_id: hit.score * (ROLE_BOOST if hit.page_id in lifted else 1)
        for hit in found
    }
    return sorted(scores, key=lambda page_id: (-scores[page_id], order[page_id]))


def suggested_ids(
    text: str, root_path: str, language_code: str, limit: int
) -> list[int]:
    """Resources whose titles begin like `text`, shortest title first."""
    query = analysed(text, language_code)
    if not query.words:
        return []
    return get_backend().suggest(query, Scope(root_path, language_code), limit)


def promotions() -> dict[str, list[int]]:
    """Every query editors recommend pages for (Wagtail's search promotions),
    normalised as promoted_ids() looks it up, with the pages in their order."""
    found: dict[str, list[int]] = {}
    for query_string, page_id in (
        Query.objects.filter(editors_picks__page__isnull=False)
        .order_by("editors_picks__sort_order", "editors_picks__pk")
        .values_list("query_string", "editors_picks__page_id")
    ):
        found.setdefault(query_string, []).append(page_id)
    return found


def promoted_ids(text: str, promoted: dict[str, list[int]]) -> list[int]:
    """The pages editors recommend for this query, from `promoted` (as
    promotions() reads them)."""
    return promoted.get(normalise_query_string(clean_query(text)), [])


def excerpts(page_ids: Iterable[int], text: str, language_code: str) -> dict[int, str]:
    """A short plain-text excerpt per page, around the words the query matched."""
    query = analysed(text, language_code)
    prefixes = tuple(
        {term for word in query.all_words for term in (*word.alternatives, *word.parts)}
    )
    sources = SearchDocument.objects.filter(page_id__in=list(page_ids)).values_list(
        "page_id", "excerpt_source"
    )
    return {page_id: excerpt(source, prefixes) for page_id, source in sources}


def excerpt(source: str, prefixes: tuple[str, ...]) -> str:
    """About EXCERPT_CHARS characters of `source` where most query words occur.

    A word matches when its folded form begins with a query term (a stem, a
    form, a compound part), as in the index. Only the first
    EXCERPT_SOURCE_CHARS characters are read: a long transcript's excerpt
    need not come from its end. Regular expressions over the folded text,
    not word objects: this runs for every hit on every results page.
    """
    source = " ".join(source[:EXCERPT_SOURCE_CHARS].split())
    if not source:
        return ""
    folded = source.lower()
    for letter, plain in FOLDS:
        if letter in folded:
            folded = folded.replace(letter, plain)
    if len(folded) != len(source):  # a letter whose lower case is longer
        folded = source
    positions = []
    if prefixes:
        positions = _word_starts(_terms_pattern(prefixes), folded)
    start = 0
    if positions:
        start = _busiest_start(positions, EXCERPT_CHARS // 5, EXCERPT_CHARS)
        # Begin at the start of a word.
        while start > 0 and not source[start - 1].isspace():
            start -= 1
    end = min(len(source), start + EXCERPT_CHARS)
    while end < len(source) and not source[end].isspace():
        end += 1
    text = source[start:end].strip()
    return f"{'…' if start > 0 else ''}{text}{'…' if end < len(source) else ''}"


@functools.lru_cache(maxsize=256)
def _terms_pattern(prefixes: tuple[str, ...]) -> re.Pattern:
    """The query's terms as one alternation, longest first."""
    terms = sorted(prefixes, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in terms))


def _word_starts(pattern: re.Pattern, text: str) -> list[int]:
    """Where `pattern` matches at the start of a word.

    The same as a lookbehind (?<!\\w) in the pattern, about thirty times
    faster: the regex engine scans for the literal terms instead of trying
    the lookbehind at every character. Terms are letters and digits, so a
    match inside a word never hides one at a word's start.
    """
    starts = []
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            starts.append(start)
    return starts


def _busiest_start(positions: list[int], lead: int, width: int) -> int:
    """Where a window of `width` characters, begun `lead` characters before
    a match, holds the most matches (the first such); `positions` ascending.

    One pass with two pointers: a common word can match hundreds of times
    in a long transcript, and counting each window anew took milliseconds.
    """
    best_start, best_count = 0, 0
    low = high = 0
    for position in positions:
        begin = max(0, position - lead)
        while positions[low] < begin:
            low += 1
        while high < len(positions) and positions[high] < begin + width:
            high += 1
        if high - low > best_count:
            best_start, best_count = begin, high - low
    return best_start


def record(text: str, found: bool) -> None:
    """Count a search (never who made it): the admin's query report."""
    query = fold(clean_query(text))[: QueryCount._meta.get_field("query").max_length]
    if not query:
        return
    today = timezone.localdate()
    empty = 0 if found else 1
    updated = QueryCount.objects.filter(day=today, query=query).update(
        searches=F("searches") + 1, empty=F("empty") + empty
    )
    if not updated:
        QueryCount.objects.get_or_create(
            day=today, query=query, defaults={"searches": 1, "empty": empty}
        )


def report(days: int = 30, limit: int = 50) -> dict[str, list[dict]]:
    """The most frequent queries, and those that found nothing, over `days` days."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    rows = QueryCount.objects.filter(day__gte=since)
    totals = (
        rows.values("query")
        .annotate(searches=Sum("searches"), empty=Sum("empty"))
        .order_by("-searches", "query")
    )
    return {
        "frequent": list(totals[:limit]),
        "empty": list(totals.filter(empty__gt=0).order_by("-empty", "query")[:limit]),
    }
