"""Changes to resources, heard from Wagtail's signals and the sharing code.

GR's own pages and a member's own pages are heard directly (publish,
unpublish, move, deletion, the trash). A member's copy of GR's material
(an alias, made and kept by the fan-out, pages/syndication/) is heard the
same way, as a page of the member's site, so its events go to that
member's consumers:

- the fan-out making an alias (post_save, created): shared;
- the fan-out bringing it up to GR's publish (page_published, alias=True):
  published (translation_published in another language);
- GR unpublishing or deleting the original (pages_taken_off_line):
  unpublished; the copy's deletion that follows: deleted;
- GR no longer sharing with the site (the copy deleted while live):
  unpublished; the member hiding it (deleted with an opt-out): hidden;
- the fan-out moving it: moved.

Moving a resource into the trash is its deletion (deleted, with the address
it had); out of the trash, the publish that follows announces it.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_save, pre_delete

from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from pages.models import SharingOptOut, SiteDirectory
from pages.models.sharing import pages_taken_off_line
from pages.trash import in_trash

from . import delivery, events
from .models import EventType

logger = logging.getLogger(__name__)


def announce(
    event: str,
    page: Page,
    previous_url_path: str | None = None,
    place: Page | None = None,
    subscriptions: list | None = None,
) -> None:
    """Record and queue `event` about `page`, in the change's transaction.

    Never raises: a broken subscription or a fault here is logged and the
    change stands (the savepoint undoes only what this did). Without any
    active subscription it costs one query (`subscriptions`, when the caller
    has read them, none).
    """
    try:
        if subscriptions is None:
            subscriptions = events.active_subscriptions()
        if not subscriptions:
            return
        with transaction.atomic():
            deliveries = events.record(
                event, page, previous_url_path, place, subscriptions
            )
            delivery.dispatch([d.pk for d in deliveries])
    except Exception:
        logger.exception("Webhook event %s for page %s not recorded", event, page.pk)


def _published(sender, instance, **kwargs) -> None:
    if instance.live:
        announce(events.publish_event(instance), instance)


def _live_in_database(page: Page) -> bool:
    return Page.objects.filter(pk=page.pk, live=True).exists()


def _unpublished(sender, instance, **kwargs) -> None:
    # Wagtail unpublishes a page it is about to delete without saving it
    # (commit=False): the deletion is the event then (_deleting).
    if not _live_in_database(instance):
        announce(EventType.UNPUBLISHED, instance)


def _taken_off_line(sender, page_ids, **kwargs) -> None:
    # Every copy of GR's material at once: the subscriptions are read once,
    # so that without any the withdrawal costs the same for any number of sites.
    subscriptions = events.active_subscriptions()
    if not subscriptions:
        return
    for page in Page.objects.filter(pk__in=page_ids):
        announce(EventType.UNPUBLISHED, page, subscriptions=subscriptions)


def _alias_created(sender, instance, created=False, raw=False, **kwargs) -> None:
    if (
        created
        and not raw
        and isinstance(instance, Page)
        and instance.alias_of_id
        and instance.live
    ):
        announce(EventType.SHARED, instance)


def _moved(sender, instance, url_path_before="", url_path_after="", **kwargs):
    if url_path_before == url_path_after:
        return  # a new place among the same siblings: same address
    parent_after = kwargs.get("parent_page_after")
    parent_before = kwargs.get("parent_page_before")
    if parent_after is not None and in_trash(parent_after):
        if instance.last_published_at is not None:
            # Where it was, not the trash: the address to forget.
            announce(
                EventType.DELETED,
                instance,
                previous_url_path=url_path_before,
                place=parent_before,
            )
    elif parent_before is not None and in_trash(parent_before):
        return  # restored: the publish that follows is the event
    elif instance.live:
        announce(EventType.MOVED, instance, previous_url_path=url_path_before)


def _deleting(sender, instance, **kwargs) -> None:
    if in_trash(instance):
        return  # announced when it went to the trash
    # Wagtail has unpublished the instance in memory, not yet in the database.
    if instance.alias_of_id and _live_in_database(instance):
        site = SiteDirectory().site_of(instance)
        hidden = SharingOptOut.objects.filter(
            original_id=instance.alias_of_id, site=site
        ).exists()
        announce(EventType.HIDDEN if hidden else EventType.UNPUBLISHED, instance)
    elif instance.last_published_at is not None:
        announce(EventType.DELETED, instance)


def register() -> None:
    page_published.connect(_published, dispatch_uid="webhooks_published")
    page_unpublished.connect(_unpublished, dispatch_uid="webhooks_unpublished")
    pages_taken_off_line.connect(_taken_off_line, dispatch_uid="webhooks_off_line")
    post_save.connect(_alias_created, dispatch_uid="webhooks_alias_created")
    post_page_move.connect(_moved, dispatch_uid="webhooks_moved")
    pre_delete.connect(_deleting, sender=Page, dispatch_uid="webhooks_deleting")
