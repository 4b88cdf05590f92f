"""Browsers on a consumer's own origins may call the API.

django-cors-headers allows settings.CORS_ALLOWED_ORIGINS; this adds every
consumer's `cors_origins` for /api/v1/ through its `check_request_enabled`
signal. The set of origins lives in Django's cache (Redis in production, so
every app server sees the same set) and is forgotten whenever a consumer is
saved or deleted: a request never queries the database for it except to
refill the cache.
"""

from urllib.parse import urlsplit

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from corsheaders.signals import check_request_enabled

from pages.api.middleware import API_PREFIX

from .models import Consumer

ORIGINS_CACHE_KEY = "consumers:cors-origins"
# A bound on staleness for changes that bypass save() (QuerySet.update()).
ORIGINS_CACHE_TIMEOUT = 600
DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_origin(origin: str) -> str:
    """`origin` as a browser sends it: lower-case scheme and host, no default
    port, no trailing slash; "" when it is not an origin at all."""
    try:
        url = urlsplit(origin.strip().rstrip("/"))
        port = url.port
    except ValueError:
        return ""
    if not url.scheme or not url.hostname:
        return ""
    scheme = url.scheme.lower()
    netloc = url.hostname.lower()
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    return f"{scheme}://{netloc}"


def consumer_origins() -> frozenset[str]:
    """Every origin some consumer allows, from the cache when it is there."""
    origins = cache.get(ORIGINS_CACHE_KEY)
    if origins is None:
        origins = sorted(
            {
                normalise_origin(origin)
                for consumer in Consumer.objects.only("cors_origins")
                for origin in consumer.origins
            }
            - {""}
        )
        cache.set(ORIGINS_CACHE_KEY, origins, ORIGINS_CACHE_TIMEOUT)
    return frozenset(origins)


@receiver(check_request_enabled)
def allow_consumer_origins(sender, request: HttpRequest, **kwargs) -> bool:
    """True for an API request from an origin a consumer has registered."""
    if not request.path_info.startswith(API_PREFIX):
        return False
    origin = request.headers.get("Origin")
    if not origin:
        return False
    return normalise_origin(origin) in consumer_origins()


def forget_origins() -> None:
    cache.delete(ORIGINS_CACHE_KEY)


@receiver(post_save, sender=Consumer)
@receiver(post_delete, sender=Consumer)
def consumer_changed(sender, **kwargs) -> None:
    # Now, for this process and transaction, and again after the commit: a
    # request elsewhere may have refilled the cache from the old rows between.
    forget_origins()
    transaction.on_commit(forget_origins)
