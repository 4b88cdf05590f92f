"""Where a search runs: the database's own full-text search, or Elasticsearch.

Every backend answers the same two questions for one site and language:
which resources match a query, best first, with a score (`search`), and
which titles begin like what is being typed (`suggest`). They search an
index that holds only what the public may see (search/documents.py) and
leave out what has expired since it was indexed; the database backends
return each hit with the facts the API filters and counts by (its kind,
place and roles), search.service looks them up for Elasticsearch's.
Suggestions are checked against the page tables by the API.
"""

from django.conf import settings
from django.db import connection

from .base import Hit, Scope, SearchBackend, SearchQuery
from .elasticsearch import ElasticsearchBackend
from .postgres import PostgresBackend
from .sqlite import SQLiteBackend

__all__ = [
    "Hit",
    "Scope",
    "SearchBackend",
    "SearchQuery",
    "database_backend",
    "get_backend",
]


def database_backend() -> SearchBackend:
    """The database's own full-text search, for the database in use."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    return SQLiteBackend()


def get_backend() -> SearchBackend:
    """Elasticsearch when ELASTICSEARCH_URL is set, else the database's search.

    The database index is kept current either way (search/documents.py):
    Elasticsearch falls back on it when it does not answer.
    """
    if settings.ELASTICSEARCH_URL:
        return ElasticsearchBackend(fallback=database_backend())
    return database_backend()
