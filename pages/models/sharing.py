"""How GR's pages are shared with the member sites (fan-out: pages/syndication/).

The models record what editors decided (SharingOptOut), what the background
fan-out still has to do (SharingSync) and what it could not do
(SharingFailure). SharedPageMixin is what the page types that can be shared
(resources and topics) add to Wagtail's Page: their aliases are brought up to
date by the fan-out task instead of inside the publishing request, and
member editors may not change an alias of GR's material.
"""

import datetime
import os
import socket
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, PagePermissionTester

from .sites import SiteDirectory

GR_EDITORS = "GR redaktörer"

HOSTNAME = socket.gethostname()
# A fan-out writes a sign of life after each member site, which takes well
# under a second: this much silence means its runner is gone.
FAN_OUT_LEASE = datetime.timedelta(minutes=2)


def process_gone(hostname: str, pid: int | None) -> bool:
    """The process `pid` on `hostname` has ended, as far as this host can tell."""
    if hostname != HOSTNAME or not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def worker_dead_after() -> datetime.timedelta:
    """A worker that has missed three heartbeats is dead."""
    return datetime.timedelta(seconds=3 * settings.SHARING_WORKER_HEARTBEAT)


class ShareWith(models.TextChoices):
    NONE = "none", _("Delas inte")
    ALL = "all", _("Alla medlemskommuner")
    CHOSEN = "chosen", _("Valda medlemskommuner")


class SharingOptOut(models.Model):
    """A member site has hidden a shared resource; later publishes respect it."""

    original = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="sharing_opt_outs"
    )
    site = models.ForeignKey(
        "pages.SiteProfile", on_delete=models.CASCADE, related_name="sharing_opt_outs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("dold delning")
        verbose_name_plural = _("dolda delningar")
        constraints = [
            models.UniqueConstraint(fields=["original", "site"], name="unique_opt_out")
        ]

    def __str__(self) -> str:
        return f"{self.site} hides {self.original_id}"


class SharingFailure(models.Model):
    """The last fan-out to a site failed: shown on the original, retried on publish."""

    original = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="sharing_failures"
    )
    site = models.ForeignKey(
        "pages.SiteProfile", on_delete=models.CASCADE, related_name="sharing_failures"
    )
    message = models.TextField()
    failed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("misslyckad delning")
        verbose_name_plural = _("misslyckade delningar")
        constraints = [
            models.UniqueConstraint(fields=["original", "site"], name="unique_failure")
        ]

    def __str__(self) -> str:
        return self.message


class SharingSync(models.Model):
    """The fan-out owed to the member sites for one of GR's pages.

    Written in the same transaction as the publish (or move) that makes it
    necessary, so the intent survives a crash of the worker: a sync is
    pending until a fan-out that started after the last request has finished.
    """

    original = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="sharing_sync"
    )
    requested_at = models.DateTimeField()
    # While a fan-out runs: when it started, so a second worker leaves it alone.
    running_since = models.DateTimeField(null=True, blank=True)
    # Who holds the running fan-out (pages/syndication/claims.py): the
    # worker (SharingWorker.worker_id, blank when run outside a worker), its
    # host and process, and its last sign of life (after each member site).
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_host = models.CharField(max_length=255, blank=True)
    claimed_pid = models.PositiveIntegerField(null=True, blank=True)
    beat_at = models.DateTimeField(null=True, blank=True)
    # The moment the last completed fan-out started: everything requested
    # before it has reached the member sites.
    synced_as_of = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("synkronisering av delat material")
        verbose_name_plural = _("synkroniseringar av delat material")

    def __str__(self) -> str:
        return f"sync of {self.original_id}"

    @property
    def pending(self) -> bool:
        return self.synced_as_of is None or self.synced_as_of < self.requested_at

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def runner_alive(self, now: datetime.datetime | None = None) -> bool:
        """Someone runs this fan-out and has not evidently died: its worker
        still beats, its process is still on its host, and it has given a
        sign of life within FAN_OUT_LEASE (pages/syndication/claims.py)."""
        now = now or timezone.now()
        if self.running_since is None:
            return False
        if self.beat_at is None or self.beat_at < now - FAN_OUT_LEASE:
            return False
        if process_gone(self.claimed_host, self.claimed_pid):
            return False
        if self.claimed_by:
            worker = SharingWorker.objects.filter(worker_id=self.claimed_by).first()
            if worker is not None and not worker.alive(now):
                return False
        return True


class SharingWorkerQuerySet(models.QuerySet):
    def alive(self) -> "SharingWorkerQuerySet":
        """Workers that have beaten lately and not stopped (on any host)."""
        return self.filter(
            stopped_at__isnull=True, beat_at__gte=timezone.now() - worker_dead_after()
        )


class SharingWorker(models.Model):
    """A sharing worker process (`manage.py db_worker`) and its heartbeat.

    A worker writes beat_at every few seconds; one whose beat has stopped,
    or whose process is gone from its host, is dead: what it was running is
    taken over (pages/syndication/workers.py).
    """

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)

    objects = SharingWorkerQuerySet.as_manager()

    class Meta:
        verbose_name = _("delningsprocess")
        verbose_name_plural = _("delningsprocesser")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid})"

    def alive(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.stopped_at is None
            and self.beat_at >= now - worker_dead_after()
            and not process_gone(self.hostname, self.pid)
        )


# --- GR's material in the members' trees --------------------------------------

# Sent when one of GR's pages is saved no longer live (an unpublish or an
# expiry), before Wagtail unpublishes its aliases one by one; the receiver
# (pages/signal_handlers.py) takes them all off line at once.
shared_page_withdrawn = Signal()
# Sent with `page_ids` when pages are taken off line in bulk, bypassing the
# save signals (the search index removes them).
pages_taken_off_line = Signal()

# True while the fan-out runs: Wagtail's alias updates then happen as usual.
_fan_out_running: ContextVar[bool] = ContextVar("fan_out_running", default=False)


@contextmanager
def fan_out_running():
    """Let `update_aliases` run normally: the fan-out itself is calling it."""
    token = _fan_out_running.set(True)
    try:
        yield
    finally:
        _fan_out_running.reset(token)


HUB_PATHS_CACHE_KEY = "pages:hub-home-paths"


def hub_home_paths() -> list[str]:
    """Tree paths of the hub's home pages, in every locale.

    Asked for every page the admin lists (may this user change it?), so it
    is cached; forget_hub_home_paths runs when sites or home pages change.
    """
    paths = cache.get(HUB_PATHS_CACHE_KEY)
    if paths is None:
        directory = SiteDirectory()
        hub = directory.hub
        paths = directory.home_paths(hub) if hub is not None else []
        cache.set(HUB_PATHS_CACHE_KEY, paths, timeout=None)
    return paths


def forget_hub_home_paths(**kwargs) -> None:
    cache.delete(HUB_PATHS_CACHE_KEY)


def is_hub_page(page: Page) -> bool:
    """`page` lives in the hub's (GR's) tree."""
    return any(page.path.startswith(path) for path in hub_home_paths())


def shared_original(page: Page, hub_paths: list[str] | None = None) -> Page | None:
    """The hub page that `page` is an alias of (through aliases of aliases), or None."""
    if not page.alias_of_id:
        return None
    original = page.alias_of
    seen = {page.pk}
    while original.alias_of_id and original.pk not in seen:
        seen.add(original.pk)
        original = original.alias_of
    if hub_paths is None:
        hub_paths = hub_home_paths()
    if any(original.path.startswith(path) for path in hub_paths):
        return original
    return None


def may_change_shared_material(user) -> bool:
    """Superusers and GR's editors may change GR's material wherever it appears."""
    if not hasattr(user, "_may_change_shared_material"):
        # Remembered on the user object, which lives as long as the request.
        user._may_change_shared_material = user.is_active and (
            user.is_superuser or user.groups.filter(name=GR_EDITORS).exists()
        )
    return user._may_change_shared_material


class SharedAliasPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, minus changes to GR's material in a member's tree.

    Member editors may open an alias of GR's material (to see where it comes
    from and hide it) but not publish, move, delete, unpublish, copy or lock
    it, so Wagtail offers none of those actions and its views refuse them. Editing
    and converting are refused by hooks (pages/permission_hooks.py), which
    also cover subtrees holding such aliases.
    """

    def _shared_alias_refused(self) -> bool:
        if not hasattr(self, "_refused"):
            self._refused = (
                bool(self.page.alias_of_id)
                and shared_original(self.page) is not None
                and not may_change_shared_material(self.user)
            )
        return self._refused

    def can_delete(self, ignore_bulk=False):
        return not self._shared_alias_refused() and super().can_delete(ignore_bulk)

    def can_publish(self):
        return not self._shared_alias_refused() and super().can_publish()

    def can_unpublish(self):
        return not self._shared_alias_refused() and super().can_unpublish()

    def can_copy(self):
        return not self._shared_alias_refused() and super().can_copy()

    def can_lock(self):
        return not self._shared_alias_refused() and super().can_lock()


class SharedPageMixin:
    """For page types GR shares (resources, topics): aliases at GR's scale.

    Wagtail publishes every alias of a page inside the publish itself
    (Page.update_aliases), about 60 ms per alias; for GR's pages, with an
    alias on every member site, that is seconds. The publish records a
    SharingSync instead (pages/signal_handlers.py) and the fan-out task
    brings the aliases up to date (pages/syndication/). Unpublishing stays
    in the request, so withdrawn material disappears at once, but in bulk:
    the save that takes the page off line announces it (shared_page_withdrawn).
    """

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        going_off_line = (
            self.pk is not None
            and not self.live
            and (update_fields is None or "live" in update_fields)
            # Asked of the database: the instance may not come from it.
            and type(self).objects.filter(pk=self.pk, live=True).exists()
        )
        result = super().save(*args, **kwargs)
        if going_off_line and is_hub_page(self):
            shared_page_withdrawn.send(sender=type(self), instance=self)
        return result

    def update_aliases(self, *, revision=None, _content=None, _updated_ids=None):
        if not _fan_out_running.get() and is_hub_page(self):
            return None
        return super().update_aliases(
            revision=revision, _content=_content, _updated_ids=_updated_ids
        )

    update_aliases.alters_data = True

    def permissions_for_user(self, user):
        return SharedAliasPermissionTester(user, self)
