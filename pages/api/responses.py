"""The API's answers kept in the shared cache under their ETag.

An answer depends only on what its ETag covers (pages/api/middleware.py):
the content version, the host, the full path with its query string and,
for a consumer with staff material, that consumer. So an answer stored
under its ETag is the answer to every later request with that ETag, in any
server process, until the content version moves on; then no request asks
for the old ETag again and the entry expires (API_RESPONSE_CACHE_SECONDS).
Nothing is ever invalidated, so nothing can be served stale; the key also
holds the release (pages/delivery/release.py), so a deploy starts afresh.

What is stored is the response as this middleware sees it: the body and
every header the view and the middleware inside it set (security headers,
Content-Language); an answer that sets a cookie is not stored. A search
answered from here is still counted for the editors' search report. The
scheme is part of the key: a plain HTTP request gets production's redirect
to HTTPS, never a stored answer.

With Redis down the shared cache misses (cms/cache.py): every request is
answered from the database, as without this cache.
"""

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from pages.delivery import kept
from pages.delivery.search_seam import engine

PREFIX = "api-response:"
# Searches are counted for the editors' report (search/service.py: record),
# also those answered from here.
SEARCH_PATH = "/api/v1/search/"


def get(request: HttpRequest, etag: str) -> HttpResponse | None:
    """The stored answer for this request, or None."""
    if request.method != "GET" or not settings.API_RESPONSE_CACHE_SECONDS:
        return None
    found = kept.kept(kept.key(PREFIX, request.scheme, etag))
    if found is None:
        return None
    response, search_found = found
    if search_found is not None:
        engine().record(request.GET.get("q", ""), found=search_found)
    return response


def put(request: HttpRequest, etag: str, response: HttpResponse) -> None:
    """Store a 200 answer of a GET, if it is small enough to be worth it."""
    if (
        request.method != "GET"
        or not settings.API_RESPONSE_CACHE_SECONDS
        or not kept.keepable(response)
        or len(response.content) > settings.API_RESPONSE_CACHE_MAX_BYTES
    ):
        return
    search_found = None
    if request.path == SEARCH_PATH:
        search_found = json.loads(response.content)["count"] > 0
    kept.keep(
        kept.key(PREFIX, request.scheme, etag),
        response,
        settings.API_RESPONSE_CACHE_SECONDS,
        extra=search_found,
    )
