"""API keys: shown once, stored as a hash, revocable."""

import hashlib
import re
import secrets

from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .consumer import Consumer
from .key_cache import KEY_CACHE_SECONDS, cache_name, forget_keys

KEY_PREFIX = "tp_"
# tp_ and 43 URL-safe characters: 256 bits from the system's random source.
KEY_PATTERN = re.compile(r"^tp_[A-Za-z0-9_-]{43}$")
SHOWN_CHARACTERS = 10
# How stale `last_used_at` may be: one write a minute per key, not per request.
LAST_USED_RESOLUTION = 60


def key_hash(key: str) -> str:
    """The stored form of a key. A key carries 256 random bits, so a plain
    SHA-256 cannot be reversed or guessed; a slow password hash would only
    cost every request its time."""
    return hashlib.sha256(key.encode()).hexdigest()


class InvalidKey(Exception):
    """A request's key is malformed, unknown or revoked (`detail` says which)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ApiKey(models.Model):
    consumer = models.ForeignKey(
        Consumer,
        verbose_name=_("konsument"),
        on_delete=models.CASCADE,
        related_name="keys",
    )
    name = models.CharField(
        _("benämning"),
        max_length=120,
        help_text=_("Var nyckeln används, t.ex. produktion eller test."),
    )
    prefix = models.CharField(_("början"), max_length=SHOWN_CHARACTERS, editable=False)
    hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, editable=False)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, editable=False)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")
        ordering = ["consumer__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.consumer} – {self.name} ({self.prefix}…)"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        forget_keys([self.hash])

    def delete(self, *args, **kwargs):
        forget_keys([self.hash])
        return super().delete(*args, **kwargs)

    @classmethod
    def issue(cls, consumer: Consumer, name: str) -> tuple["ApiKey", str]:
        """A new key for `consumer`: the saved record and the key in clear,
        which exists nowhere else once the caller has shown it."""
        clear = KEY_PREFIX + secrets.token_urlsafe(32)
        key = cls.objects.create(
            consumer=consumer,
            name=name,
            prefix=clear[:SHOWN_CHARACTERS],
            hash=key_hash(clear),
        )
        return key, clear

    @classmethod
    def authenticate(cls, clear: str) -> "ApiKey":
        """The active key `clear` is, with its consumer; InvalidKey otherwise."""
        if not KEY_PATTERN.match(clear):
            raise InvalidKey(_("Nyckeln har fel format."))
        digest = key_hash(clear)
        key = cache.get(cache_name(digest))
        if key is None:
            key = (
                cls.objects.select_related("consumer", "consumer__site")
                .filter(hash=digest)
                .first()
            )
            if key is None:
                raise InvalidKey(_("Okänd nyckel."))
            cache.set(cache_name(digest), key, KEY_CACHE_SECONDS)
        if key.revoked_at is not None:
            raise InvalidKey(_("Nyckeln är återkallad."))
        key.touch()
        return key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self) -> None:
        """Record use, at most once a minute per key across every process
        (a shared cache entry decides; one UPDATE, not a save)."""
        if cache.add(f"api-key-used:{self.pk}", True, LAST_USED_RESOLUTION):
            now = timezone.now()
            type(self).objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
