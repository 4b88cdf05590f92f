"""The fan-out's changes in the member sites' page history (Wagtail's page log).

A member's editor opening the history of GR's material on their site sees
when it arrived, changed, moved or left, done by the system (no user: the
fan-out) on behalf of the GR editor who published the original.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import LogFormatter, log
from wagtail.models import Page

CREATED = "pages.sharing.create"
UPDATED = "pages.sharing.update"
MOVED = "pages.sharing.move"
REMOVED = "pages.sharing.remove"


def record(action: str, alias: Page, original: Page) -> None:
    """Log `action` on `alias`, naming the original and its last publisher."""
    log(
        instance=alias,
        action=action,
        user=None,
        data={
            "original": {"id": original.pk, "title": original.title},
            "editor": publisher_of(original),
        },
    )


def publisher_of(original: Page) -> str:
    """The name of whoever published `original`'s live version, or ""."""
    revision = original.live_revision
    user = revision.user if revision is not None else None
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


FORMATTERS = {CREATED: Created, UPDATED: Updated, MOVED: Moved, REMOVED: Removed}


def register_actions(actions) -> None:
    """The register_log_actions hook (pages/wagtail_hooks.py)."""
    for action, formatter in FORMATTERS.items():
        actions.register_action(action)(formatter)
