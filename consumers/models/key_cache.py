"""Keys (with their consumer) in the shared cache, so that a keyed request
costs no database query: saving, revoking or deleting a key or its consumer
drops the entry (forget_keys)."""

from django.core.cache import cache
from django.db import transaction

# Bounds only a change made behind the models' back (QuerySet.update).
KEY_CACHE_SECONDS = 60


def cache_name(digest: str) -> str:
    return f"api-key:{digest}"


def forget_keys(digests) -> None:
    """Drop the cached keys now and again after the commit, so that no
    request reads the old state back into the cache in between: a revoked
    key or a narrowed scope takes effect on every server at once."""
    names = [cache_name(digest) for digest in digests]
    if names:
        cache.delete_many(names)
        transaction.on_commit(lambda: cache.delete_many(names))
