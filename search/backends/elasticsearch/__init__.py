"""Search with Elasticsearch 9: the public index, and queries against it.

Two parts:

- `PublicElasticsearchBackend`, the Wagtail search backend "public"
  (WAGTAILSEARCH_BACKENDS, cms/settings/base.py), in index.py. Wagtail
  keeps it current as pages are saved, published, unpublished and deleted,
  and fills it with `manage.py update_index`. It holds only what some reader
  may see: resource pages that are live, not expired and not under a view
  restriction other than one to logged-in users, which API consumers with
  staff material pass (search.documents.is_indexed); our searches check
  every hit against the reader's rule; any other resource is removed
  when it is saved, and no other model is indexed. Wagtail's admin search
  stays on the "default" database backend, which must find drafts too. Its
  search analyzers use the editors' synonyms, pushed by synonyms.py.
- `ElasticsearchBackend`, this app's backend (search/backends/base.py), in
  backend.py: its own query DSL (queries.py), sent through the Wagtail
  backend's client (connection.py) to that index. The analysis is the
  index's (search/elasticsearch.py); only a query's compound parts come
  from search/analysis.py, whose lexicon splits them better than
  Elasticsearch's brute-force decompounder.

Should Elasticsearch fail to answer, a search is answered from the
database index instead (kept current whatever the backend), and logged.
Every part logs to this package's logger.
"""

import logging

from .backend import ElasticsearchBackend
from .connection import public_backend
from .index import PublicElasticsearchBackend, SkippedIndex, SkippedRebuilder, refresh
from .queries import fuzzy_search_body, search_body, suggest_body, text_fields
from .synonyms import (
    _push_synonyms_or_log,
    synonym_rules,
    synonyms_changed,
    synonyms_push_failed,
)

__all__ = [
    "ElasticsearchBackend",
    "PublicElasticsearchBackend",
    "SkippedIndex",
    "SkippedRebuilder",
    "_push_synonyms_or_log",
    "fuzzy_search_body",
    "logger",
    "public_backend",
    "refresh",
    "search_body",
    "suggest_body",
    "synonym_rules",
    "synonyms_changed",
    "synonyms_push_failed",
    "text_fields",
]

logger = logging.getLogger(__name__)
