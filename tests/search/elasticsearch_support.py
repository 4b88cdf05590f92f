"""Shared by the Elasticsearch tests: the test configuration and small helpers."""

from search.analysis import query_words
from search.backends.base import SearchQuery
from search.elasticsearch import (
    PUBLIC_BACKEND,
    backend_settings,
    index_settings,
    synonyms_set_name,
)

URL = "http://elasticsearch.invalid:9200"
INDEX = "trygghetsportalen-unit"
SV_FIELD = "pages_resourcepage__search_text_sv"
EN_FIELD = "pages_resourcepage__search_text_en"


def public_settings() -> dict:
    return {
        "default": {"BACKEND": "wagtail.search.backends.database"},
        PUBLIC_BACKEND: backend_settings(URL, INDEX),
    }


def analysis() -> dict:
    return index_settings(synonyms_set_name(INDEX))["settings"]["analysis"]


def swedish(text: str) -> SearchQuery:
    return SearchQuery(text, tuple(query_words(text, "sv")), "sv")
