"""A database-wide counter of published content, for API cache validators."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models, transaction
from django.db.models import F, Min
from django.utils import timezone

from wagtail.models import Page

# Inside ContentVersion.bumps_deferred(): the bumps asked for so far.
_deferred_bumps: ContextVar[list | None] = ContextVar("deferred_bumps", default=None)


class ContentVersion(models.Model):
    """One row whose counter changes whenever anything the public sees changes.

    Kept in the database, not in a process's memory, so a publish handled by
    one application server changes the ETags every other server sends.
    """

    counter = models.PositiveBigIntegerField(default=0)
    # The earliest moment a live page expires: content changes then without
    # anyone saving anything, so the counter must move too.
    next_expiry = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "content version"

    def __str__(self) -> str:
        return str(self.counter)

    @classmethod
    def current(cls) -> "ContentVersion":
        """The current version, bumped first if a page expired since the last bump."""
        version, _ = cls.objects.get_or_create(pk=1)
        if version.next_expiry is not None and version.next_expiry <= timezone.now():
            cls.bump()
            version.refresh_from_db()
        return version

    @classmethod
    @contextmanager
    def bumps_deferred(cls) -> Iterator[None]:
        """Collect the bumps asked for inside into one, made on the way out.

        Creating one alias saves pages and child rows a dozen times; one bump
        per unit of work is enough. Nested blocks bump once, at the outermost.
        """
        if _deferred_bumps.get() is not None:
            yield
            return
        requested: list = []
        token = _deferred_bumps.set(requested)
        try:
            yield
        finally:
            _deferred_bumps.reset(token)
            if requested:
                cls.bump()

    @classmethod
    def bump(cls) -> None:
        """Record that public content changed."""
        requested = _deferred_bumps.get()
        if requested is not None:
            requested.append(True)
            return
        next_expiry = Page.objects.filter(
            live=True, expire_at__gt=timezone.now()
        ).aggregate(next=Min("expire_at"))["next"]
        with transaction.atomic():
            updated = cls.objects.filter(pk=1).update(
                counter=F("counter") + 1, next_expiry=next_expiry
            )
            if not updated:
                cls.objects.get_or_create(
                    pk=1, defaults={"counter": 1, "next_expiry": next_expiry}
                )
