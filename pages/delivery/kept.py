"""Answers kept in the shared cache and served again as they were: the
mechanics that the API's kept answers (pages/api/responses.py) and the
site's kept pages (pages/page_cache.py) share. What goes into a key, and
which answers may be kept, is theirs to decide."""

import hashlib
from typing import Any

from django.core.cache import cache
from django.http import HttpResponse

from pages.delivery.release import release_token


def key(prefix: str, *parts: str) -> str:
    """A cache key for `parts` under this release (pages/delivery/release.py)."""
    scope = "|".join([release_token(), *parts])
    return prefix + hashlib.sha256(scope.encode()).hexdigest()[:40]


def keepable(response: HttpResponse) -> bool:
    """A whole 200 that sets no cookie: what may be served to someone else."""
    return (
        response.status_code == 200 and not response.streaming and not response.cookies
    )


def keep(key: str, response: HttpResponse, seconds: int, extra: Any = None) -> None:
    """Keep the body and every header of `response` (and `extra`, what the
    caller needs besides when it serves it again)."""
    cache.set(key, (response.content, list(response.items()), extra), seconds)


def kept(key: str) -> tuple[HttpResponse, Any] | None:
    """The answer kept under `key`, rebuilt, with its `extra`; or None."""
    stored = cache.get(key)
    if stored is None:
        return None
    content, headers, extra = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response, extra
