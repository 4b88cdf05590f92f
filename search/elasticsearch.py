"""Elasticsearch 9 for the public search: the index settings and the field mapping.

Imported by the settings (cms/settings/base.py), so no Django models here;
the backend that indexes and queries is search/backends/elasticsearch/.

The index analyses Swedish as search/analysis.py does for the database
backends, written as Elasticsearch analysis chains:

- index time (`sv_index`): standard tokenizer, lower case, Snowball's
  Swedish stop words, compound parts from a general Swedish lexicon
  (dictionary_decompounder: "bidragsbrott" also gives "bidrag" and
  "brott"), the Snowball Swedish stemmer, then asciifolding, after the
  stemmer because the Swedish rules need å, ä and ö;
- search time (`sv_search`): the same without the decompounder, with the
  editors' synonyms instead (a synonym_graph filter over an Elasticsearch
  synonyms set, updateable, so a changed list applies without reindexing).
  The decompounder is brute force: at search time it would widen every
  query with whatever words hide inside it ("påverkan" → "åverkan"), at the
  full weight of the word. A query's compound parts come from the lexicon
  splitter instead (search/backends/elasticsearch/);
- prefixes (`sv_prefix`): the index chain cut into edge n-grams, so that a
  query word also finds the words it begins, as the database backends'
  prefix matching does ("klotter" finds "klottersanering");
- suggestions (`autocomplete`): title words folded and cut into edge
  n-grams, unstemmed, for titles that begin like what is being typed.

English has the same chains with English stop words and stemmer (and no
decompounder).
"""

from copy import deepcopy
from typing import Any

from search.analysis import STOPWORDS, decompound_words

LANGUAGES = ("sv", "en")
# Field boosts, as the database backends weigh the same parts.
TEXT_PARTS = {"title": 10.0, "summary": 5.0, "meta": 2.5, "body": 1.0}
# The Wagtail search backend (WAGTAILSEARCH_BACKENDS) holding public resources.
PUBLIC_BACKEND = "public"
DEFAULT_INDEX = "trygghetsportalen"
# Seconds an indexing request may take: a bulk of Wagtail's 1,000 documents
# takes a few; searches have a shorter limit of their own.
INDEX_TIMEOUT = 10
SEARCH_TIMEOUT = 3
# Where a query word may begin a longer word: n-grams from 2 letters (a
# one-letter word would match everything) to 20 (longer query words still
# match whole words in the main field).
PREFIX_MIN, PREFIX_MAX = 2, 20
# Compound parts no shorter than the lexicon's parts (analysis.MIN_PART),
# from words at least twice that long.
SUBWORD_MIN, SUBWORD_MAX, COMPOUND_MIN = 3, 20, 6


def synonyms_set_name(index: str) -> str:
    """The Elasticsearch synonyms set of an index: the editors' synonym list."""
    return f"{index}-synonyms"


def index_settings(synonyms_set: str) -> dict[str, Any]:
    """Wagtail's INDEX_SETTINGS: analysis for Swedish and English resources.

    Merged into Wagtail's own settings (its n-gram analyzers stay). One
    shard: the index is small, and one shard scores every document with the
    same term statistics.
    """
    filters: dict[str, dict[str, Any]] = {
        "sv_stop": {"type": "stop", "stopwords": sorted(STOPWORDS["sv"])},
        "sv_decompounder": {
            "type": "dictionary_decompounder",
            "word_list": list(decompound_words()),
            "min_word_size": COMPOUND_MIN,
            "min_subword_size": SUBWORD_MIN,
            "max_subword_size": SUBWORD_MAX,
            "only_longest_match": True,
        },
        "sv_stemmer": {"type": "stemmer", "language": "swedish"},
        "en_stop": {"type": "stop", "stopwords": sorted(STOPWORDS["en"])},
        "en_possessive": {"type": "stemmer", "language": "possessive_english"},
        "en_stemmer": {"type": "stemmer", "language": "english"},
        # Search time only: updateable filters may not analyse documents.
        # Lenient, so a rule that the stop words empty is left out instead of
        # failing the analyzer.
        "editors_synonyms": {
            "type": "synonym_graph",
            "synonyms_set": synonyms_set,
            "updateable": True,
            "lenient": True,
        },
        "prefixes": {
            "type": "edge_ngram",
            "min_gram": PREFIX_MIN,
            "max_gram": PREFIX_MAX,
        },
        "title_prefixes": {"type": "edge_ngram", "min_gram": 1, "max_gram": PREFIX_MAX},
    }
    chains = {
        # Synonyms come after the stop words: Elasticsearch reads the rules
        # through the filters before it, so "hem för vård" means what the
        # query "hem för vård" becomes.
        "sv": (
            ["lowercase", "sv_stop"],
            ["sv_stemmer", "asciifolding"],
            ["sv_decompounder"],
        ),
        "en": (
            ["en_possessive", "lowercase", "en_stop"],
            ["en_stemmer", "asciifolding"],
            [],
        ),
    }
    analyzers: dict[str, dict[str, Any]] = {}
    for language, (before, after, compounds) in chains.items():
        index_chain = [*before, *compounds, *after]
        analyzers[f"{language}_index"] = _custom(index_chain)
        analyzers[f"{language}_prefix"] = _custom([*index_chain, "prefixes"])
        analyzers[f"{language}_search"] = _custom([*before, "editors_synonyms", *after])
        # The search chain without synonyms: suggestions match what is typed.
        analyzers[f"{language}_query"] = _custom([*before, *after])
    analyzers["autocomplete"] = _custom(["lowercase", "asciifolding", "title_prefixes"])
    analyzers["autocomplete_search"] = _custom(["lowercase", "asciifolding"])
    return {
        "settings": {
            "index": {"number_of_shards": 1},
            "analysis": {"analyzer": analyzers, "filter": filters},
        }
    }


def _custom(filters: list[str]) -> dict[str, Any]:
    return {"type": "custom", "tokenizer": "standard", "filter": filters}


def text_mapping(language: str) -> dict[str, Any]:
    """The mapping of a resource's text in one language (`es_extra` of its field).

    An object with the parts of ResourcePage.search_texts(), each analysed
    for the language, with a subfield of prefixes; the title also with one
    for suggestions. Kept out of Wagtail's catch-all `_all_text`, which the
    public search does not use.
    """
    analysed = {
        "type": "text",
        "analyzer": f"{language}_index",
        "search_analyzer": f"{language}_search",
        "fields": {
            # Positions are for phrases, which prefixes never are.
            "prefix": {
                "type": "text",
                "analyzer": f"{language}_prefix",
                "search_analyzer": f"{language}_search",
                "index_options": "freqs",
            }
        },
    }
    properties = {part: deepcopy(analysed) for part in TEXT_PARTS}
    properties["title"]["fields"]["autocomplete"] = {
        "type": "text",
        "analyzer": "autocomplete",
        "search_analyzer": "autocomplete_search",
        "index_options": "freqs",
    }
    return {"type": "object", "include_in_all": False, "properties": properties}


def backend_settings(url: str, index: str) -> dict[str, Any]:
    """The WAGTAILSEARCH_BACKENDS entry of the public Elasticsearch index."""
    synonyms_set = synonyms_set_name(index)
    return {
        "BACKEND": "search.backends.elasticsearch.PublicElasticsearchBackend",
        "URLS": [url],
        "INDEX": index,
        "SYNONYMS_SET": synonyms_set,
        "TIMEOUT": INDEX_TIMEOUT,
        "OPTIONS": {"retry_on_timeout": True, "max_retries": 2},
        # A rebuild fills a new index and then moves the name (an alias) to
        # it: searches go on against the old one meanwhile.
        "ATOMIC_REBUILD": True,
        "INDEX_SETTINGS": index_settings(synonyms_set),
    }
