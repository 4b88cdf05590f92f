"""The configured Wagtail backend "public", and the errors its client raises."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from elasticsearch import ApiError, TransportError
from modelsearch.backends import get_search_backend

from ...elasticsearch import PUBLIC_BACKEND

if TYPE_CHECKING:
    from .index import PublicElasticsearchBackend

# What Elasticsearch's client raises when the server does not answer as asked.
ERRORS = (ApiError, TransportError)

_backends: dict[str, "PublicElasticsearchBackend"] = {}


def public_backend() -> "PublicElasticsearchBackend":
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
