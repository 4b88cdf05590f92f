"""The reference site's pages kept in the shared cache, for readers without
a login.

What an anonymous reader sees on a page depends on the site (the host), the
address with its query string, the role they chose (the `roll` cookie) and
published content, which the content version counts (pages/models/
content_version.py: every publish, unpublish, move, restriction and expiry
moves it). A page is kept under exactly those, and the release that
rendered it (pages/delivery/release.py), so it is never stale: a change
moves the version and no request asks for the old entry again (it expires
after PAGE_CACHE_SECONDS).

Only what cache_for_public() (pages/reader.py) marks as the same for every
reader with that role is kept: a 200 of a GET that sets no cookie, of a page
the public may see. A request with a session cookie (an editor, or a reader
let in by a password) neither reads nor fills the cache. Search pages are
not kept: each search is counted for the editors' report.
"""

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from pages.delivery import kept
from pages.delivery.memo import content_version
from pages.reader import ROLE_COOKIE

PREFIX = "site-page:"
# The site's pages are under a language prefix (cms/urls.py).
PAGE_PREFIXES = ("/sv/", "/en/")
# A role slug is short; a longer cookie is nobody's role (reader.py ignores it).
MAX_ROLE_LENGTH = 80


def _key(request: HttpRequest) -> str | None:
    if (
        request.method != "GET"
        or not settings.PAGE_CACHE_SECONDS
        or not request.path.startswith(PAGE_PREFIXES)
        or settings.SESSION_COOKIE_NAME in request.COOKIES
    ):
        return None
    role = request.COOKIES.get(ROLE_COOKIE, "")
    if len(role) > MAX_ROLE_LENGTH:
        return None
    return kept.key(
        PREFIX,
        str(content_version(request)),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        role,
    )


class PageCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            key = _key(request)
        except DatabaseError:
            # No content version to key by: the page is served as without
            # this cache (the 500 page, if the database is gone for good).
            key = None
        if key is None:
            return self.get_response(request)
        found = kept.kept(key)
        if found is not None:
            return found[0]
        response = self.get_response(request)
        if getattr(response, "same_for_every_reader", False) and kept.keepable(
            response
        ):
            kept.keep(key, response, settings.PAGE_CACHE_SECONDS)
        return response
