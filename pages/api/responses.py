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

import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from pages.delivery.release import release_token
from pages.delivery.search_seam import engine

PREFIX = "api-response:"
# Searches are counted for the editors' report (search/service.py: record),
# also those answered from here.
SEARCH_PATH = "/api/v1/search/"


def _key(request: HttpRequest, etag: str) -> str:
    scope = f"{release_token()}|{request.scheme}|{etag}"
    return PREFIX + hashlib.sha256(scope.encode()).hexdigest()[:40]


def get(request: HttpRequest, etag: str) -> HttpResponse | None:
    """The stored answer for this request, or None."""
    if request.method != "GET" or not settings.API_RESPONSE_CACHE_SECONDS:
        return None
    stored = cache.get(_key(request, etag))
    if stored is None:
        return None
    content, headers, found = stored
    if found is not None:
        engine().record(request.GET.get("q", ""), found=found)
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def put(request: HttpRequest, etag: str, response: HttpResponse) -> None:
    """Store a 200 answer of a GET, if it is small enough to be worth it."""
    if (
        request.method != "GET"
        or not settings.API_RESPONSE_CACHE_SECONDS
        or response.streaming
        or response.cookies
        or len(response.content) > settings.API_RESPONSE_CACHE_MAX_BYTES
    ):
        return
    found = None
    if request.path == SEARCH_PATH:
        found = json.loads(response.content)["count"] > 0
    cache.set(
        _key(request, etag),
        (response.content, list(response.items()), found),
        settings.API_RESPONSE_CACHE_SECONDS,
    )
