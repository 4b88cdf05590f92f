"""Withdrawing GR's material from the member sites: unpublishing and deleting.

Both take effect in the request, so withdrawn material disappears at once:
the aliases go off line in one UPDATE (Wagtail would unpublish them one by
one). Deleting them is left to the worker (the task delete_withdrawn_aliases,
pages/syndication/__init__.py, runs delete_withdrawn).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from pages.models import ContentVersion
from pages.models.sharing import pages_taken_off_line

from . import history
from .structure import STRUCTURE_MODELS


def withdraw_aliases(original: Page) -> None:
    """Take every live alias of `original` off line, in a few queries.

    Wagtail then finds them unpublished and leaves them alone. Each goes
    into its site's history.
    """
    aliases = list(Page.objects.filter(alias_of=original, live=True))
    take_off_line(aliases)
    history.record_many(history.WITHDRAWN, aliases, original, editor="")


def delete_copies_now(original: Page, user=None) -> None:
    """Delete every copy of `original` on the member sites, here and now.

    Each deletion is in the history of the page that held the copy.
    """
    aliases = list(aliases_to_delete(original))
    history.record_deletions(aliases, original, user)
    delete_withdrawn(original.pk, take_off_line(aliases))


def take_off_line(pages) -> list[int]:
    """Unpublish `pages` in one UPDATE; returns their ids.

    References do not change when a page goes off line.
    """
    pages = list(pages)
    ids = [page.pk for page in pages]
    if not ids:
        return ids
    Page.objects.filter(pk__in=ids).update(
        live=False, has_unpublished_changes=True, live_revision=None
    )
    # The search indexes listen (search/signal_handlers.py): no save signals
    # reach them from an UPDATE.
    pages_taken_off_line.send(sender=Page, page_ids=ids)
    ContentVersion.bump()
    return ids


def aliases_to_delete(original: Page) -> QuerySet:
    """The aliases that go with `original` when it is deleted.

    Wagtail would make orphaned aliases independent pages (alias_of is
    SET_NULL). A member's alias of a GR topic that holds the member's own
    pages is kept: it becomes the member's own topic (Wagtail's default),
    so nothing of theirs is lost.
    """
    aliases = Page.objects.filter(alias_of=original)
    if issubclass(original.specific_class, STRUCTURE_MODELS):
        aliases = aliases.exclude(pk__in=[a.pk for a in aliases if _holds_local(a)])
    return aliases


def _holds_local(page: Page) -> bool:
    """Something below `page` is not an alias: a member's own material."""
    return Page.objects.descendant_of(page).filter(alias_of__isnull=True).exists()


def delete_withdrawn(original_id: int, alias_ids: list[int]) -> int:
    """Delete the aliases of a deleted original; returns how many were left.

    Only pages that are still what delete_aliases left: off line and an
    alias of the original, or orphaned by its deletion.
    """
    doomed = list(
        Page.objects.filter(pk__in=alias_ids, live=False).filter(
            Q(alias_of__isnull=True) | Q(alias_of_id=original_id)
        )
    )
    if not doomed:
        return 0
    subtrees = Q()
    for page in doomed:
        subtrees |= Q(path__startswith=page.path)
    ids = [str(pk) for pk in Page.objects.filter(subtrees).values_list("pk", flat=True)]
    # Wagtail removes references page by page and row by row; in bulk here.
    with ContentVersion.bumps_deferred(), disable_reference_index_auto_update():
        Page.objects.filter(pk__in=[page.pk for page in doomed]).delete()
    page_type = ContentType.objects.get_for_model(Page)
    ReferenceIndex.objects.filter(
        base_content_type=page_type, object_id__in=ids
    ).delete()
    ReferenceIndex.objects.filter(
        to_content_type=page_type, to_object_id__in=ids
    ).delete()
    return len(doomed)
