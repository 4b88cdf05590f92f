"""GR publishes once, every targeted member site receives: sharing through aliases.

A shared resource appears in each targeted member's tree as a Wagtail alias
under the topic with the same theme and topic slugs. Wagtail keeps aliases in
step on every publish of the original (Page.update_aliases); this module
decides where aliases exist: it creates the missing ones, removes those of
sites no longer targeted or that hid the resource, moves them when the
original moves, and deletes them with the original.
"""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import (
    RESOURCE_MODELS,
    ShareWith,
    SharingFailure,
    SharingOptOut,
    SiteProfile,
)

logger = logging.getLogger(__name__)


class SharingError(Exception):
    """A member site cannot receive a resource (its message is shown to editors)."""


def site_profile_of(page: Page) -> SiteProfile | None:
    """The site whose tree holds `page` (any locale of its home page)."""
    home = page.get_ancestors(inclusive=True).filter(depth=2).first()
    if home is None:
        return None
    keys = Page.objects.filter(translation_key=home.translation_key).values("pk")
    return (
        SiteProfile.objects.select_related("site")
        .filter(site__root_page__in=keys)
        .first()
    )


def is_shareable(page: Page) -> bool:
    """An original resource in the hub's tree."""
    if page.alias_of_id or not isinstance(page.specific, RESOURCE_MODELS):
        return False
    profile = site_profile_of(page)
    return profile is not None and profile.is_hub


def target_sites(original: Page) -> list[SiteProfile]:
    """Member sites that should show `original`: its targets minus those that hid it."""
    specific = original.specific
    members = SiteProfile.objects.filter(
        is_hub=False, slug__isnull=False
    ).select_related("site__root_page")
    if specific.share_with == ShareWith.NONE:
        return []
    if specific.share_with == ShareWith.CHOSEN:
        members = members.filter(
            pk__in=[site.pk for site in specific.share_sites.all()]
        )
    hidden = SharingOptOut.objects.filter(original=original).values("site_id")
    return list(members.exclude(pk__in=hidden).order_by("slug"))


def member_home(original: Page, site: SiteProfile) -> Page | None:
    """The member's home page in the original's locale."""
    home = site.site.root_page
    if home.locale_id == original.locale_id:
        return home
    return home.get_translation_or_none(original.locale)


def aliases_by_site(original: Page) -> dict[int, Page]:
    """Existing aliases of `original`, by the SiteProfile id of their site."""
    result = {}
    for alias in Page.objects.filter(alias_of=original):
        profile = site_profile_of(alias)
        if profile is not None:
            result[profile.pk] = alias
    return result


def matching_topic(original: Page, site: SiteProfile, home: Page) -> Page:
    """The topic under the member's `home` with the same theme and topic slugs.

    A missing topic is made as an alias of GR's; a missing theme is an error.
    """
    topic = original.get_parent()
    theme = topic.get_parent()
    member_theme = home.get_children().filter(slug=theme.slug).first()
    if member_theme is None:
        raise SharingError(
            _("Kunde inte dela till %(site)s: temat %(theme)s saknas där.")
            % {"site": site.site.site_name, "theme": theme.title}
        )
    member_topic = member_theme.get_children().filter(slug=topic.slug).first()
    if member_topic is None:
        # The member gets GR's topic as an alias, kept in step with it.
        member_topic = topic.specific.create_alias(parent=member_theme)
    return member_topic


def sync(original: Page, user=None) -> dict[str, str]:
    """Make the aliases of a published original match its targets.

    Each site is handled on its own: a failure is recorded for that site
    (shown on the original, retried on the next publish) and never stops the
    others or undoes the original's publish. Returns {site slug: error}.
    """
    if not is_shareable(original) or not original.live:
        return {}
    targets = {site.pk: site for site in target_sites(original)}
    existing = aliases_by_site(original)
    errors: dict[str, str] = {}
    for site_id, alias in existing.items():
        if site_id not in targets:
            alias.delete()
    for site_id, site in list(targets.items()):
        if member_home(original, site) is None:
            # A member without this language simply does not get this version.
            del targets[site_id]
            continue
        try:
            with transaction.atomic():
                _place_alias(original, site, existing.get(site_id), user)
        except SharingError as error:
            errors[site.slug] = str(error)
        except Exception as error:
            logger.exception("Sharing %s to %s failed", original.pk, site.slug)
            errors[site.slug] = _("Kunde inte dela till %(site)s: %(error)s") % {
                "site": site.site.site_name,
                "error": error,
            }
    _record_failures(original, targets, errors)
    return errors


def _place_alias(original: Page, site: SiteProfile, alias: Page | None, user) -> None:
    topic = matching_topic(original, site, member_home(original, site))
    if alias is None:
        original.specific.create_alias(parent=topic, user=user)
    elif alias.get_parent().pk != topic.pk:
        alias.move(topic, pos="last-child")


def _record_failures(original: Page, targets: dict, errors: dict[str, str]) -> None:
    SharingFailure.objects.filter(original=original).exclude(
        site__slug__in=list(errors)
    ).delete()
    for site in targets.values():
        if site.slug in errors:
            SharingFailure.objects.update_or_create(
                original=original, site=site, defaults={"message": errors[site.slug]}
            )


def hide(alias_or_original: Page, site: SiteProfile, user=None) -> None:
    """A member hides a shared resource on its site; later publishes respect it."""
    original = alias_or_original.alias_of or alias_or_original
    SharingOptOut.objects.get_or_create(
        original=original, site=site, defaults={"created_by": user}
    )
    alias = aliases_by_site(original).get(site.pk)
    if alias is not None:
        alias.delete()


def unhide(original: Page, site: SiteProfile, user=None) -> None:
    """Undo `hide`: the resource is shared with the site again."""
    SharingOptOut.objects.filter(original=original, site=site).delete()
    sync(original, user=user)


def delete_aliases(original: Page) -> None:
    """Delete every alias of `original` (Wagtail would turn them into copies)."""
    for alias in Page.objects.filter(alias_of=original):
        alias.delete()
