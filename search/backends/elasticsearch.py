"""Search with Elasticsearch 9: the public index, and queries against it.

Two parts:

- `PublicElasticsearchBackend`, the Wagtail search backend "public"
  (WAGTAILSEARCH_BACKENDS, cms/settings/base.py). Wagtail keeps it current
  as pages are saved, published, unpublished and deleted, and fills it with
  `manage.py update_index`. It holds only what the public may see: resource
  pages that are live, not expired and not under a view restriction
  (search.documents.is_public); any other resource is removed when it is
  saved, and no other model is indexed. Wagtail's admin search stays on
  the "default" database backend, which must find drafts too.
- `ElasticsearchBackend`, this app's backend (search/backends/base.py):
  its own query DSL, sent through the Wagtail backend's client to that
  index. The analysis is the index's (search/elasticsearch.py); only a
  query's compound parts come from search/analysis.py, whose lexicon splits
  them better than Elasticsearch's brute-force decompounder.

Should Elasticsearch fail to answer, a search is answered from the
database index instead (kept current whatever the backend), and logged.
"""

import functools
import logging
import re
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from wagtail.models import Locale, Page

from elasticsearch import ApiError, TransportError
from modelsearch.backends import get_search_backend
from modelsearch.backends.base import BaseIndex, get_model_root
from modelsearch.backends.elasticsearch9 import (
    Elasticsearch9Index,
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
)

from pages.models import RESOURCE_MODELS

from ..documents import is_public, private_paths
from ..elasticsearch import (
    DEFAULT_INDEX,
    PUBLIC_BACKEND,
    SEARCH_TIMEOUT,
    TEXT_PARTS,
    synonyms_set_name,
)
from ..models import Synonym
from .base import Hit, Scope, SearchBackend, SearchQuery

logger = logging.getLogger(__name__)

# Resources are the pages three levels below a home page (home → theme →
# topic → resource), as in pages/api/context.py.
RESOURCE_DEPTH_BELOW_HOME = 3
# A match on a prefix only ("klotter" in "klottersanering") counts this much
# of a match on the word itself; a compound part of the query, this much of
# the whole query word.
PREFIX_WEIGHT = 0.5
PART_WEIGHT = 0.5
ERRORS = (ApiError, TransportError)


# --- The index: public resources only -------------------------------------------


def is_resource_model(model: type) -> bool:
    return issubclass(model, RESOURCE_MODELS)


class PublicIndex(Elasticsearch9Index):
    """Wagtail's page index, for public resources only."""

    def put(self) -> None:
        # The index's synonym filter refers to the synonyms set, which must
        # exist before the index does (else its shards do not start).
        push_synonyms(self.backend)
        super().put()

    def add_model(self, model) -> None:
        # Only resources are indexed: no mapping for the other page types.
        if is_resource_model(model):
            super().add_model(model)

    def add_item(self, item) -> None:
        self.add_items(type(item), [item])

    def add_items(self, model, items) -> None:
        """Index the public resources among `items`; remove the others."""
        if not is_resource_model(model):
            return
        restricted = private_paths()
        public, hidden = [], []
        for item in items:
            (public if is_public(item, restricted) else hidden).append(item)
        # The index name is an alias once update_index has built the index
        # (atomic rebuilds). Before, writing to the name would make
        # Elasticsearch create an index with guessed mappings, without the
        # Swedish analysis; a rebuild writes to its new index by its own name.
        require_alias = (
            self.backend.atomic_rebuild and self.name == self.backend.index_name
        )
        if public:
            mapping = self.mapping_class(model)
            self.backend.bulk(
                self.es,
                [
                    {"_id": mapping.get_document_id(item), **mapping.get_document(item)}
                    for item in public
                ],
                index=self.name,
                require_alias=require_alias,
            )
        if hidden:
            self.backend.bulk(
                self.es,
                [{"_op_type": "delete", "_id": str(item.pk)} for item in hidden],
                index=self.name,
                require_alias=require_alias,
                # Removing what is not there is no error: most never was.
                ignore_status=(404,),
            )


class SkippedIndex(BaseIndex):
    """Where Wagtail's other indexed models (images, documents, …) go: nowhere."""

    def get_key(self) -> str:
        return "not indexed"

    def __str__(self) -> str:
        return "(not indexed: only public resources are)"


class SkippedRebuilder:
    """Wagtail's index rebuilder interface, for the index that is not there."""

    def __init__(self, index: SkippedIndex) -> None:
        self.index = index

    def start(self) -> SkippedIndex:
        return self.index

    def finish(self) -> None:
        pass


def _rebuilder(rebuilder_class: Callable[[BaseIndex], Any], index: BaseIndex) -> Any:
    """Wagtail's rebuilder for the resource index, none for the skipped one."""
    if isinstance(index, SkippedIndex):
        return SkippedRebuilder(index)
    return rebuilder_class(index)


class PublicElasticsearchBackend(Elasticsearch9SearchBackend):
    """Wagtail's Elasticsearch 9 backend, holding public resources in one index.

    Options beside Wagtail's: INDEX, the index name (an alias once rebuilt
    atomically), and SYNONYMS_SET, the synonyms set its search analyzers use.
    """

    index_class = PublicIndex

    def __init__(self, params: dict[str, Any]) -> None:
        params = dict(params)
        self.index_name: str = params.pop("INDEX", DEFAULT_INDEX)
        self.atomic_rebuild: bool = params.get("ATOMIC_REBUILD", True)
        self.synonyms_set: str = params.pop(
            "SYNONYMS_SET", synonyms_set_name(self.index_name)
        )
        super().__init__(params)
        self.rebuilder_class = functools.partial(_rebuilder, self.rebuilder_class)

    def get_index_for_model(self, model) -> BaseIndex:
        if issubclass(get_model_root(model), Page):
            return self.index_class(self, self.index_name)
        return SkippedIndex(self)


_backends: dict[str, PublicElasticsearchBackend] = {}


def public_backend() -> PublicElasticsearchBackend:
    """The configured "public" Wagtail backend, one per configuration.

    Kept for the process: its client keeps connections open between
    searches, which a new client per search would open again each time.
    """
    config = settings.WAGTAILSEARCH_BACKENDS.get(PUBLIC_BACKEND)
    if config is None:
        raise ImproperlyConfigured(
            f"WAGTAILSEARCH_BACKENDS has no {PUBLIC_BACKEND!r} Elasticsearch backend."
        )
    key = f"{config.get('URLS')} {config.get('INDEX')}"
    if key not in _backends:
        _backends[key] = get_search_backend(PUBLIC_BACKEND)
    return _backends[key]


def refresh(page_ids: Iterable[int]) -> None:
    """Bring the public index up to date for pages changed without a save of
    their own (a renamed topic or role, a new view restriction, material
    taken off line in bulk): public ones are indexed, the others removed.

    Nothing when Elasticsearch is not configured. A failure is logged, never
    raised: the change that caused it stands, and the API's visibility
    rules keep anything stale from being shown; update_index catches up.
    """
    if PUBLIC_BACKEND not in settings.WAGTAILSEARCH_BACKENDS:
        return
    ids_by_model: dict[type, list[int]] = {}
    for page in Page.objects.filter(pk__in=list(page_ids)).only("content_type"):
        if is_resource_model(page.specific_class):
            ids_by_model.setdefault(page.specific_class, []).append(page.pk)
    gone = set(page_ids) - {pk for ids in ids_by_model.values() for pk in ids}
    try:
        backend = public_backend()
        for model, ids in ids_by_model.items():
            backend.add_bulk(
                model, list(model.get_indexed_objects().filter(pk__in=ids))
            )
        for page_id in gone:
            backend.delete(Page(pk=page_id))
    except (ApiError, TransportError):
        logger.exception("Updating the Elasticsearch index failed")


# --- Synonyms: the editors' list as an Elasticsearch synonyms set ----------------

# Characters of the synonym rule syntax (Solr's): "=>" maps one way, "\" escapes.
RULE_SYNTAX = re.compile(r"=>|\\")
_synonyms_push_failed: ContextVar[bool] = ContextVar(
    "synonyms_push_failed", default=False
)


def synonym_rules(synonyms: Iterable[Synonym]) -> list[dict[str, str]]:
    """The synonyms set's rules: one "a, b, c" per synonym with two terms or more."""
    rules = []
    for synonym in synonyms:
        terms = [
            " ".join(RULE_SYNTAX.sub(" ", term).split()) for term in synonym.term_list()
        ]
        terms = [term for term in terms if term]
        if len(terms) >= 2:
            rules.append({"id": f"synonym-{synonym.pk}", "synonyms": ", ".join(terms)})
    return rules


def push_synonyms(backend: PublicElasticsearchBackend | None = None) -> None:
    """Replace the synonyms set with the editors' whole list.

    Elasticsearch reloads the search analyzers that use it: the change
    applies to the next search, without reindexing.
    """
    backend = backend or public_backend()
    backend.es.synonyms.put_synonym(
        id=backend.synonyms_set,
        synonyms_set=synonym_rules(Synonym.objects.order_by("pk")),
    )


def _push_synonyms_or_log() -> None:
    try:
        push_synonyms()
    except Exception:
        # The editor's change is saved; the set catches up at the next save
        # or update_index. The admin tells the editor (synonyms_push_failed).
        logger.exception("Pushing the synonyms to Elasticsearch failed")
        _synonyms_push_failed.set(True)
    else:
        _synonyms_push_failed.set(False)


def synonyms_changed(**kwargs) -> None:
    """A synonym was saved or deleted: push the list once the change is committed."""
    if settings.ELASTICSEARCH_URL:
        transaction.on_commit(_push_synonyms_or_log)


def synonyms_push_failed() -> bool:
    """Whether the last push in this request failed (and forget it)."""
    failed = _synonyms_push_failed.get()
    _synonyms_push_failed.set(False)
    return failed


# --- Queries ---------------------------------------------------------------------


@functools.cache
def text_fields(language: str) -> tuple[str, ...]:
    """Where the resources' text in `language` is, as Wagtail's mapping names it.

    Wagtail prefixes a field with the model that defines it:
    "pages_resourcepage__search_text_sv". One name unless a resource kind
    defines the field again.
    """
    names = set()
    for model in RESOURCE_MODELS:
        mapping = Elasticsearch9Mapping(model)
        for field in model.get_searchable_search_fields():
            if field.field_name == f"search_text_{language}":
                names.add(mapping.get_field_column_name(field))
    return tuple(sorted(names))


def _fields(language: str, subfield: str = "", weight: float = 1.0) -> list[str]:
    suffix = f".{subfield}" if subfield else ""
    return [
        f"{base}.{part}{suffix}^{boost * weight:g}"
        for base in text_fields(language)
        for part, boost in TEXT_PARTS.items()
    ]


def scope_filters(scope: Scope, locale_id: int) -> list[dict[str, Any]]:
    """Only live resources of one site's tree in one locale.

    The index holds nothing else that is not public, and the API intersects
    the hits with what the public may see; these keep other sites' and
    languages' material out of the ranking.
    """
    depth = len(scope.root_path) // Page.steplen + RESOURCE_DEPTH_BELOW_HOME
    return [
        {"term": {"live_filter": True}},
        {"term": {"locale_id_filter": locale_id}},
        {"prefix": {"path_filter": scope.root_path}},
        {"term": {"depth_filter": depth}},
    ]


def query_parts(query: SearchQuery) -> list[str]:
    """The compound parts of the query's words (folded stems), each once."""
    parts: list[str] = []
    for word in query.words:
        parts += [part for part in word.parts if part not in parts]
    return parts


def search_body(
    query: SearchQuery, scope: Scope, limit: int, locale_id: int
) -> dict[str, Any]:
    """The request for resources matching any word of `query`, best first.

    Summed over the fields with their boosts (most_fields), as the database
    backends weigh the parts: the words as analysed (stemmed, folded, with
    the editors' synonyms), the same as prefixes of longer words, and each
    compound part of the query, already analysed, as a prefix (the
    "keyword" analyzer leaves it as it is).
    """
    language = query.language
    should: list[dict[str, Any]] = [
        {
            "multi_match": {
                "query": query.text,
                "type": "most_fields",
                "fields": _fields(language),
            }
        },
        {
            "multi_match": {
                "query": query.text,
                "type": "most_fields",
                "fields": _fields(language, "prefix", PREFIX_WEIGHT),
            }
        },
    ]
    for part in query_parts(query):
        should.append(
            {
                "multi_match": {
                    "query": part,
                    "type": "most_fields",
                    "analyzer": "keyword",
                    "fields": _fields(language, "prefix", PART_WEIGHT),
                }
            }
        )
    return {
        "query": {
            "bool": {
                "should": should,
                # With a filter, should clauses alone would match nothing
                # required: every resource in scope would be a hit.
                "minimum_should_match": 1,
                "filter": scope_filters(scope, locale_id),
            }
        },
        "size": limit,
        "_source": False,
        "track_total_hits": False,
    }


def suggest_body(
    query: SearchQuery, scope: Scope, limit: int, locale_id: int
) -> dict[str, Any]:
    """The request for resources whose title has every query word as a prefix.

    A word may begin a title word as typed (folded: "brottsli" for
    "brottslighet") or as stemmed ("upphandlingar" for "Upphandling"), as
    the database backends accept either form.
    """
    language = query.language
    titles = [f"{base}.title" for base in text_fields(language)]
    words = [
        {
            "bool": {
                "should": [
                    *(
                        {"match": {f"{title}.autocomplete": word.text}}
                        for title in titles
                    ),
                    *(
                        {
                            "match": {
                                f"{title}.prefix": {
                                    "query": word.text,
                                    "analyzer": f"{language}_query",
                                }
                            }
                        }
                        for title in titles
                    ),
                ],
                "minimum_should_match": 1,
            }
        }
        for word in query.words
    ]
    return {
        "query": {"bool": {"must": words, "filter": scope_filters(scope, locale_id)}},
        "size": limit,
        "_source": False,
        "track_total_hits": False,
    }


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
        if not query.words:
            return []
        locale = locale_id(scope.language)
        if locale is None:
            return []
        try:
            hits = self._hits(search_body(query, scope, limit, locale))
        except ERRORS:
            if self.fallback is None:
                raise
            logger.exception("Elasticsearch did not answer; searching the database")
            return self.fallback.search(query, scope, limit)
        return [Hit(int(hit["_id"]), float(hit["_score"])) for hit in hits]

    def suggest(self, query: SearchQuery, scope: Scope, limit: int) -> list[int]:
        if not query.words:
            return []
        locale = locale_id(scope.language)
        if locale is None:
            return []
        try:
            hits = self._hits(suggest_body(query, scope, limit, locale))
        except ERRORS:
            if self.fallback is None:
                raise
            logger.exception(
                "Elasticsearch did not answer; suggesting from the database"
            )
            return self.fallback.suggest(query, scope, limit)
        return [int(hit["_id"]) for hit in hits]
