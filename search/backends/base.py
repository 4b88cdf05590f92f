"""The interface every search backend implements."""

from dataclasses import dataclass
from typing import NamedTuple

from django.dispatch import Signal

from ..analysis import QueryWord

# Sent with `backend` and `operation` when a search backend fails and its
# fallback answers instead (the metrics count them: cms/ops/metrics.py).
search_backend_failed = Signal()


@dataclass(frozen=True)
class Scope:
    """One site's tree (its home page path) in one language."""

    root_path: str
    language: str
    # The content version the request is answered under, when known: what
    # a backend caches is valid for it (pages/models/content_version.py).
    version: int | None = None


@dataclass(frozen=True)
class SearchQuery:
    """A query as typed (cleaned) and as analysed (search/analysis.py).

    The database backends match the analysed `words`; Elasticsearch analyses
    `text` itself, with the same rules written as its index settings.
    """

    text: str
    words: tuple[QueryWord, ...]
    language: str  # the analysis language: "sv" or "en"
    synonyms: tuple[QueryWord, ...] = ()

    @property
    def all_words(self) -> list[QueryWord]:
        return [*self.words, *self.synonyms]


class Facts(NamedTuple):
    """What a search reads of a match besides its score (SearchDocument's
    copy of them): its kind, its tree path and its roles' ids as stored,
    comma-separated ("3,7,12"). Tuples: a search makes a thousand."""

    content_type_id: int
    path: str
    role_ids: str


class Hit(NamedTuple):
    page_id: int
    score: float
    # The database backends read these with the score; search.service
    # looks them up for the others.
    facts: Facts | None = None


class VocabularyWord(NamedTuple):
    """A word of a site's public text (search.models.SearchWord)."""

    word: str  # folded
    display: str  # as written, in lower case
    documents: int
    titles: int


class SearchBackend:
    name = "base"

    def search(self, query: SearchQuery, scope: Scope, limit: int) -> list[Hit]:
        """Resources matching any word of `query`, best first (at most `limit`).

        The database backends leave out what has expired and return each
        hit's Facts; search.service.with_facts does both for the others."""
        raise NotImplementedError

    def suggest(self, query: SearchQuery, scope: Scope, limit: int) -> list[int]:
        """Resources whose title has every word of `query` (each as a prefix)."""
        raise NotImplementedError

    def known(self, scope: Scope, prefixes: list[str]) -> set[str]:
        """Which of `prefixes` (folded) begin a word of the scope's vocabulary
        (search/vocabulary.py), in one query."""
        raise NotImplementedError

    def candidates(self, scope: Scope, words: dict[str, int]) -> list[VocabularyWord]:
        """Words of the scope's vocabulary that may be within the given
        number of edits of the folded words of `words`: at least every one
        that is, perhaps more (search/spelling.py measures them)."""
        raise NotImplementedError

    def fuzzy_search(
        self, query: SearchQuery, corrected: SearchQuery, scope: Scope, limit: int
    ) -> list[Hit]:
        """The fallback search for a misspelt `query`: by default, a search
        for `corrected`, the query with its words corrected."""
        return self.search(corrected, scope, limit)


# The columns a database backend selects after page_id and score, and
# how it leaves out what has expired (one parameter: now).
FACT_COLUMNS = "content_type_id, path, role_ids"
NOT_EXPIRED = "(expire_at IS NULL OR expire_at > %s)"


def hits_of_rows(rows) -> list[Hit]:
    """Hits from (page_id, score, *FACT_COLUMNS) rows."""
    return [
        Hit(page_id, float(score), Facts(content_type_id, path, role_ids))
        for page_id, score, content_type_id, path, role_ids in rows
    ]


def known_sql(condition: str, count: int) -> str:
    """The query of SearchBackend.known() for `count` prefixes, each tested
    by `condition` (the backend's test of a prefix, with its parameters
    after the scope's): one row, the prefix, for each known one."""
    test = f"""
        SELECT %s WHERE EXISTS (
            SELECT 1 FROM search_searchword
            WHERE root_path = %s AND language = %s AND {condition}
        )
    """  # noqa: S608 - the condition is the backend's own, with placeholders
    return " UNION ALL ".join([test] * count)


def group_terms(word: QueryWord) -> list[str]:
    """Every term one query word may match, as a prefix: its forms and parts."""
    terms = list(word.alternatives)
    terms += [part for part in word.parts if part not in terms]
    return terms
