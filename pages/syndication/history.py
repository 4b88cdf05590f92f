"""The fan-out's changes in the member sites' page history (Wagtail's page log).

A member's editor opening the history of GR's material on their site sees
when it arrived, changed, moved or left, done by the system (no user: the
fan-out) on behalf of the GR editor who published the original.
"""

import uuid

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, get_active_log_context, log
from wagtail.models import Page, PageLogEntry

CREATED = "pages.sharing.create"
UPDATED = "pages.sharing.update"
MOVED = "pages.sharing.move"
REMOVED = "pages.sharing.remove"
# GR unpublished its original: the copy went off line with it.
WITHDRAWN = "pages.sharing.unpublish"
# GR deleted its original: the copy went too. Logged on the copy's parent,
# which the member's editors can still open (the copy is gone).
DELETED = "pages.sharing.delete"


def record(action: str, alias: Page, original: Page, editor: str | None = None) -> None:
    """Log `action` on `alias`, naming the original and its last publisher
    (or `editor`, who did what the entry tells)."""
    log(
        instance=alias,
        action=action,
        user=None,
        # One entry per member page: Wagtail's history shows only the latest
        # entry of an action among those sharing a uuid (one per request).
        uuid=uuid.uuid4(),
        data={
            "original": {"id": original.pk, "title": original.title},
            "editor": publisher_of(original) if editor is None else editor,
        },
    )


def record_many(action: str, pages: list[Page], original: Page, editor: str) -> None:
    """Log `action` on each of `pages` in one query, as record() would:
    withdrawing from every member at once costs the same for 3 or 13."""
    context = get_active_log_context()
    now = timezone.now()
    data = {"original": {"id": original.pk, "title": original.title}, "editor": editor}
    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type_id=page.content_type_id,
            label=page.get_admin_display_title(),
            action=action,
            timestamp=now,
            user=context.user,
            uuid=uuid.uuid4(),
            data=data,
            page=page,
        )
        for page in pages
    )


def record_deletions(aliases: list[Page], original: Page, user=None) -> None:
    """Log on the parent of each of `aliases`, about to go with `original`."""
    parents = Page.objects.filter(
        path__in={alias.path[: -Page.steplen] for alias in aliases}
    )
    record_many(DELETED, list(parents), original, editor=name_of(user))


def publisher_of(original: Page) -> str:
    """The name of whoever published `original`'s live version, or ""."""
    revision = original.live_revision
    return name_of(revision.user if revision is not None else None)


def name_of(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class _SharingFormatter(LogFormatter):
    with_editor = ""
    without_editor = ""

    def format_message(self, log_entry) -> str:
        data = log_entry.data or {}
        values = {
            "title": (data.get("original") or {}).get("title", ""),
            "editor": data.get("editor") or "",
        }
        template = self.with_editor if values["editor"] else self.without_editor
        return template % values


class Created(_SharingFormatter):
    label = _("Delat från GR")
    with_editor = _("Delat från GR: ”%(title)s”, publicerad av %(editor)s")
    without_editor = _("Delat från GR: ”%(title)s”")


class Updated(_SharingFormatter):
    label = _("Uppdaterat från GR")
    with_editor = _("Uppdaterat från GR: ”%(title)s”, publicerad av %(editor)s")
    without_editor = _("Uppdaterat från GR: ”%(title)s”")


class Moved(_SharingFormatter):
    label = _("Flyttat av GR")
    with_editor = _("Flyttat som GR:s original: ”%(title)s”, av %(editor)s")
    without_editor = _("Flyttat som GR:s original: ”%(title)s”")


class Removed(_SharingFormatter):
    label = _("Tas bort av GR")
    with_editor = _(
        "Tas bort från webbplatsen: ”%(title)s” delas inte längre hit "
        "(senast publicerad av %(editor)s)"
    )
    without_editor = _("Tas bort från webbplatsen: ”%(title)s” delas inte längre hit")


class Withdrawn(_SharingFormatter):
    label = _("Avpublicerat av GR")
    with_editor = _("Avpublicerat av GR: ”%(title)s” visas inte längre (%(editor)s)")
    without_editor = _("Avpublicerat av GR: ”%(title)s” visas inte längre")


class Deleted(_SharingFormatter):
    label = _("Borttaget av GR")
    with_editor = _(
        "Borttaget av GR: ”%(title)s” togs bort härifrån av %(editor)s "
        "(GR kan återställa det från papperskorgen)"
    )
    without_editor = _("Borttaget av GR: ”%(title)s” togs bort härifrån")


FORMATTERS = {
    CREATED: Created,
    UPDATED: Updated,
    MOVED: Moved,
    REMOVED: Removed,
    WITHDRAWN: Withdrawn,
    DELETED: Deleted,
}


def register_actions(actions) -> None:
    """The register_log_actions hook (pages/wagtail_hooks.py)."""
    for action, formatter in FORMATTERS.items():
        actions.register_action(action)(formatter)
