"""The query DSL: the requests for search and for suggestions, in one site's scope.

The analysis is the index's (search/elasticsearch.py); only a query's
compound parts come from search/analysis.py (SearchQuery), whose lexicon
splits them better than Elasticsearch's brute-force decompounder.
"""

import functools
from typing import Any

from wagtail.models import Page

from modelsearch.backends.elasticsearch9 import Elasticsearch9Mapping

from pages.models import RESOURCE_MODELS

from ...elasticsearch import TEXT_PARTS
from ..base import Scope, SearchQuery

# Resources are the pages three levels below a home page (home → theme →
# topic → resource), as in pages/api/context.py.
RESOURCE_DEPTH_BELOW_HOME = 3
# A match on a prefix only ("klotter" in "klottersanering") counts this much
# of a match on the word itself; a compound part of the query, this much of
# the whole query word.
PREFIX_WEIGHT = 0.5
PART_WEIGHT = 0.5


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


def fuzzy_search_body(
    query: SearchQuery,
    corrected: SearchQuery,
    scope: Scope,
    limit: int,
    locale_id: int,
) -> dict[str, Any]:
    """The request for a misspelt `query`: its words matched within
    Elasticsearch's edits (fuzziness AUTO: one for five letters or more, two
    for eight or more) on the analysed fields, and `corrected`, the query as
    the vocabulary corrects it, as a normal search."""
    body = search_body(corrected, scope, limit, locale_id)
    body["query"]["bool"]["should"].append(
        {
            "multi_match": {
                "query": query.text,
                "type": "most_fields",
                "fields": _fields(query.language),
                "fuzziness": "AUTO",
                # A misspelt word's first letters are rarely the wrong ones,
                # and fixing them spares Elasticsearch most candidates.
                "prefix_length": 1,
            }
        }
    )
    return body


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
