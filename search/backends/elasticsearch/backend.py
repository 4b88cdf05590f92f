"""`ElasticsearchBackend`: this app's search backend, answered by the public index.

It sends its own query DSL (queries.py) through the Wagtail backend's
client; should Elasticsearch fail to answer, the database backend given as
its fallback answers instead, and the failure is logged.

Spelling corrections show words of the database's vocabulary (search/
vocabulary.py, kept current whatever the backend), which the fallback
reads; the fallback search for a misspelt query is Elasticsearch's own
fuzzy matching.
"""

import logging
from typing import Any

from wagtail.models import Locale

from ...elasticsearch import SEARCH_TIMEOUT
from ..base import (
    Hit,
    Scope,
    SearchBackend,
    SearchQuery,
    VocabularyWord,
    search_backend_failed,
)
from .connection import ERRORS, public_backend
from .index import PublicElasticsearchBackend
from .queries import fuzzy_search_body, search_body, suggest_body

# One logger for every part of the backend: "search.backends.elasticsearch".
logger = logging.getLogger(__package__)


def locale_id(language_code: str) -> int | None:
    return (
        Locale.objects.filter(language_code=language_code)
        .values_list("pk", flat=True)
        .first()
    )


class ElasticsearchBackend(SearchBackend):
    """Searches the public Elasticsearch index with this app's own query DSL."""

    name = "elasticsearch"

    def __init__(
        self,
        wagtail_backend: PublicElasticsearchBackend | None = None,
        fallback: SearchBackend | None = None,
    ) -> None:
        self._wagtail_backend = wagtail_backend
        self.fallback = fallback

    @property
    def wagtail_backend(self) -> PublicElasticsearchBackend:
        if self._wagtail_backend is None:
            self._wagtail_backend = public_backend()
        return self._wagtail_backend

    def _hits(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        backend = self.wagtail_backend
        # A search waits less than indexing may: the reader is waiting.
        client = backend.es.options(request_timeout=SEARCH_TIMEOUT, max_retries=1)
        return client.search(index=backend.index_name, **body)["hits"]["hits"]

    def search(self, query: SearchQuery, scope: Scope, limit: int) -> list[Hit]:
        locale = self._locale(query, scope)
        if locale is None:
            return []
        return self._ranked(
            search_body(query, scope, limit, locale),
            "search",
            lambda fallback: fallback.search(query, scope, limit),
        )

    @staticmethod
    def _locale(query: SearchQuery, scope: Scope) -> int | None:
        """The Wagtail locale a search of `query` in `scope` reads, or None
        when there is nothing to search (no words, or no such locale)."""
        return locale_id(scope.language) if query.words else None

    def _ranked(
        self, body: dict[str, Any], operation: str, fallback_search
    ) -> list[Hit]:
        """The hits of `body`, or, if Elasticsearch does not answer, those
        `fallback_search(self.fallback)` finds in the database."""
        try:
            hits = self._hits(body)
        except ERRORS:
            if self.fallback is None:
                raise
            self._failed(operation)
            return fallback_search(self.fallback)
        return [Hit(int(hit["_id"]), float(hit["_score"])) for hit in hits]

    def _failed(self, operation: str) -> None:
        logger.exception("Elasticsearch did not answer; using the database")
        search_backend_failed.send(
            sender=type(self), backend="elasticsearch", operation=operation
        )

    def known(self, scope: Scope, prefixes: list[str]) -> set[str]:
        # The vocabulary is the database's; without it, every word is known
        # and nothing is corrected.
        if self.fallback is None:
            return set(prefixes)
        return self.fallback.known(scope, prefixes)

    def candidates(self, scope: Scope, words: dict[str, int]) -> list[VocabularyWord]:
        if self.fallback is None:
            return []
        return self.fallback.candidates(scope, words)

    def fuzzy_search(
        self, query: SearchQuery, corrected: SearchQuery, scope: Scope, limit: int
    ) -> list[Hit]:
        locale = self._locale(query, scope)
        if locale is None:
            return []
        return self._ranked(
            fuzzy_search_body(query, corrected, scope, limit, locale),
            "fuzzy_search",
            lambda fallback: fallback.fuzzy_search(query, corrected, scope, limit),
        )

    def suggest(self, query: SearchQuery, scope: Scope, limit: int) -> list[int]:
        locale = self._locale(query, scope)
        if locale is None:
            return []
        try:
            hits = self._hits(suggest_body(query, scope, limit, locale))
        except ERRORS:
            if self.fallback is None:
                raise
            self._failed("suggest")
            return self.fallback.suggest(query, scope, limit)
        return [int(hit["_id"]) for hit in hits]
