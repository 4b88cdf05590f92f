from django import template

from wagtail.models import Page

from pages import syndication
from pages.models import SharingFailure, SharingSync

register = template.Library()


@register.simple_tag
def shared_alias_info(page, user) -> dict | None:
    """For an alias of a hub resource: where it comes from, how fresh it is, and
    what the user may do."""
    if not page.alias_of_id:
        return None
    original = page.alias_of
    directory = syndication.SiteDirectory()
    origin = directory.site_of(original)
    if origin is None or not origin.is_hub:
        return None
    sync = SharingSync.objects.filter(original=original).first()
    current = syndication.is_current(page, original)
    site = directory.site_of(page)
    failure = SharingFailure.objects.filter(original=original, site=site).first()
    return {
        "origin": origin.site.site_name,
        "current": current,
        "withdrawn": not original.live,
        # The last completed fan-out brought this alias up to date.
        "synced_at": sync.finished_at if sync is not None and current else None,
        "published_at": original.last_published_at,
        "pending": sync is not None and sync.pending,
        "failure": failure.message if failure is not None else "",
        "can_edit_original": original.permissions_for_user(user).can_edit(),
    }


@register.simple_tag
def member_copies(page) -> list[str]:
    """The member sites that show `page` or a page below it (live aliases):
    what deleting or unpublishing it takes off them too."""
    return syndication.sites_showing(Page.objects.descendant_of(page, inclusive=True))
