"""Deleting a resource puts it in the trash; restoring puts it back as it was.

trash(page) takes the resource off line, deletes its copies on the member
sites (each logged in that site's history) and moves it, with its
translations, under the trash bin (pages/models/trash.py). Its revisions,
translations, sharing settings and the members' opt-outs stay with the page.
restore(batch) moves the pages back where they were and publishes again
what was live: the fan-out then makes the member sites' copies again, except
where a member had hidden the resource. purge() deletes for good, after
TRASH_RETENTION_DAYS (`manage.py empty_trash`) or when a superuser asks.

Only resources go to the trash: a theme or topic holds other pages, and
Wagtail's deletion (with its own confirmation listing what goes) stays.
"""

import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.actions.delete_page import DeletePageAction
from wagtail.actions.move_page import MovePageAction
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import LogFormatter, log
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from pages.models import RESOURCE_MODELS, TrashBin, TrashedPage
from pages.syndication import claims, delete_copies_now, sites_showing

TRASHED = "pages.trash"
RESTORED = "pages.restore"


class RestoreError(Exception):
    """The pages cannot go back (their place is gone); nothing was changed."""


def trashable(page: Page) -> bool:
    """A resource of a site (not a copy of GR's, not already in the trash)."""
    return (
        not page.alias_of_id
        and issubclass(page.specific_class, RESOURCE_MODELS)
        and not in_trash(page)
    )


def in_trash(page: Page) -> bool:
    bin_page = TrashBin.objects.only("path").first()
    return bin_page is not None and page.path.startswith(bin_page.path)


def goes_with(page: Page) -> list[Page]:
    """`page` and, when it is the Swedish original, its translations."""
    pages = [page]
    if page.locale_id == Locale.get_default().pk:
        pages += [
            translation
            for translation in Page.objects.filter(
                translation_key=page.translation_key, alias_of__isnull=True
            ).exclude(pk=page.pk)
            if not in_trash(translation)
        ]
    return pages


def member_sites(pages: list[Page]) -> list[str]:
    """The names of the member sites where `pages` are shown (live copies)."""
    return sites_showing(pages)


def trash_bin() -> TrashBin:
    bin_page = TrashBin.objects.first()
    if bin_page is None:
        bin_page = Page.get_first_root_node().add_child(
            instance=TrashBin(title="Papperskorg", slug="papperskorg", live=False)
        )
    return bin_page


@transaction.atomic
def trash(page: Page, user) -> uuid.UUID:
    """Put `page` and what goes with it in the trash; returns their batch."""
    batch = uuid.uuid4()
    bin_page = trash_bin()
    for member in goes_with(page):
        member = member.specific
        sites = member_sites([member])
        TrashedPage.objects.create(
            page=member,
            batch=batch,
            with_original=member.pk != page.pk,
            parent=member.get_parent(),
            slug=member.slug,
            title=member.title,
            was_live=member.live,
            live_revision=member.live_revision,
            member_sites=sites,
            trashed_by=user,
        )
        _stop_pending_work(member, user)
        # A fan-out running now stops before its next member site; then the
        # copies, including any it just made, go.
        claims.revoke(member)
        delete_copies_now(member, user)
        if member.live:
            UnpublishPageAction(member, user=user).execute(skip_permission_checks=True)
        # Unique among the bin's children whatever else lies there.
        _move(member, bin_page, f"{member.pk}-{member.slug}"[:255], user)
        log(instance=member, action=TRASHED, user=user, data={"sites": sites})
    return batch


def _stop_pending_work(page: Page, user) -> None:
    """Nothing may publish a page in the trash: no schedule, no review."""
    page.revisions.exclude(approved_go_live_at=None).update(approved_go_live_at=None)
    state = page.current_workflow_state
    if state is not None:
        state.cancel(user=user)


def _move(page: Page, parent: Page, slug: str, user) -> None:
    Page.objects.filter(pk=page.pk).update(slug=slug)
    MovePageAction(
        Page.objects.get(pk=page.pk), parent, pos="last-child", user=user
    ).execute(skip_permission_checks=True)


@transaction.atomic
def restore(batch: uuid.UUID, user) -> list[Page]:
    """Put the batch's pages back and publish what was live; returns them."""
    entries = list(
        TrashedPage.objects.filter(batch=batch).select_related(
            "page", "parent", "live_revision"
        )
    )
    for entry in entries:
        if entry.parent is None or in_trash(entry.parent):
            raise RestoreError(
                _(
                    "”%(title)s” kan inte återställas: platsen där det låg "
                    "finns inte längre."
                )
                % {"title": entry.title}
            )
    restored = []
    for entry in entries:
        slug = _free_slug(entry.parent, entry.slug)
        _move(entry.page, entry.parent, slug, user)
        page = Page.objects.get(pk=entry.page_id).specific
        if entry.was_live:
            _publish_again(page, entry.live_revision, slug, user)
            page.refresh_from_db()
        log(instance=page, action=RESTORED, user=user)
        entry.delete()
        restored.append(page)
    return restored


def _publish_again(page: Page, revision, slug: str, user) -> None:
    """Publish the version that was live; the page_published signal shares
    it with the member sites again. Its slug is the page's new one when
    another page took the old one meanwhile."""
    revision = revision or page.get_latest_revision()
    changed = False
    if revision.content.get("slug") != slug:
        version = revision.as_object()
        version.slug = slug
        revision = version.save_revision(user=user, log_action=False)
        changed = True
    revision.publish(user=user, changed=changed, skip_permission_checks=True)


def _free_slug(parent: Page, slug: str) -> str:
    """`slug`, or `slug-2`, `slug-3`… if another page took it meanwhile."""
    taken = set(parent.get_children().values_list("slug", flat=True))
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = slugify(f"{slug[:240]}-{number}")
    return candidate


def purge(entries, user=None) -> int:
    """Delete the pages of `entries` for good; returns how many."""
    count = 0
    for entry in entries:
        page = entry.page
        DeletePageAction(page, user=user).execute(skip_permission_checks=True)
        count += 1
    return count


def expired():
    cutoff = timezone.now() - timezone.timedelta(days=settings.TRASH_RETENTION_DAYS)
    return TrashedPage.objects.filter(trashed_at__lt=cutoff).select_related("page")


_policy = PagePermissionPolicy()


def may_restore(user, entry: TrashedPage) -> bool:
    """Whoever could have deleted it there: edit rights, and publish if live.

    Asked of the page the editor deleted, not of the translations that
    went with it."""
    if user.is_superuser:
        return True
    if entry.parent is None:
        return False
    needed = {"change", "publish"} if entry.was_live else {"change"}
    return all(
        _policy.user_has_permission_for_instance(user, action, entry.parent)
        for action in needed
    )


class Trashed(LogFormatter):
    label = gettext_lazy("Flyttad till papperskorgen")

    def format_message(self, log_entry) -> str:
        sites = (log_entry.data or {}).get("sites") or []
        if not sites:
            return _("Flyttad till papperskorgen")
        return _("Flyttad till papperskorgen; togs bort från %(sites)s") % {
            "sites": ", ".join(sites)
        }


class Restored(LogFormatter):
    label = gettext_lazy("Återställd från papperskorgen")

    def format_message(self, log_entry) -> str:
        return _("Återställd från papperskorgen")


def register_actions(actions) -> None:
    """The register_log_actions hook (pages/wagtail_hooks.py)."""
    actions.register_action(TRASHED)(Trashed)
    actions.register_action(RESTORED)(Restored)
