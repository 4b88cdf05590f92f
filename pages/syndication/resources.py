"""The fan-out of one of GR's resources: which member sites get it, and where.

Every targeted member site gets an alias under its topic with the same theme
and topic slugs; sites no longer targeted, or that hid the resource, lose
theirs. Each site is brought up to date in its own transaction: a site that
fails is recorded (SharingFailure) and never stops the others.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext as _

from wagtail.models import Page

from pages.models import (
    ContentVersion,
    ShareWith,
    SharingFailure,
    SharingOptOut,
    SiteDirectory,
    SiteProfile,
)

from . import history
from .aliases import (
    AliasUpdater,
    alias_on,
    follow_slug,
    indexed_once,
    is_current,
    slug_clash,
)
from .claims import ClaimLost

logger = logging.getLogger(__name__)


class SharingError(Exception):
    """A member site cannot receive a resource (its message is shown to editors)."""


def target_sites(original: Page) -> list[SiteProfile]:
    """Member sites that should show `original`: its targets minus those that hid it."""
    specific = original.specific
    if specific.share_with == ShareWith.NONE:
        return []
    members = SiteProfile.objects.filter(is_hub=False, slug__isnull=False)
    if specific.share_with == ShareWith.CHOSEN:
        members = members.filter(
            pk__in=[site.pk for site in specific.share_sites.all()]
        )
    hidden = SharingOptOut.objects.filter(original=original).values("site_id")
    return list(members.exclude(pk__in=hidden).order_by("slug"))


def aliases_by_site(
    original: Page, directory: SiteDirectory | None = None
) -> dict[int, Page]:
    """Existing aliases of `original`, by the SiteProfile id of their site."""
    directory = directory or SiteDirectory()
    result = {}
    for alias in Page.objects.filter(alias_of=original):
        profile = directory.site_of(alias)
        if profile is not None:
            result[profile.pk] = alias
    return result


class MemberPlaces:
    """Where a resource goes in each member's tree: same theme slug, same topic slug.

    Loads every member's matching theme and topic in two queries; a missing
    topic is made as an alias of GR's topic, a missing theme is an error.
    """

    def __init__(self, original: Page) -> None:
        self.topic = original.get_parent().specific
        self.theme = self.topic.get_parent()
        themes = Page.objects.filter(depth=self.theme.depth, slug=self.theme.slug)
        topics = Page.objects.filter(depth=self.topic.depth, slug=self.topic.slug)
        self.themes = {theme.path[: -Page.steplen]: theme for theme in themes}
        self.topics = {topic.path[: -Page.steplen]: topic for topic in topics}

    def topic_for(self, site: SiteProfile, home: Page) -> Page:
        theme = self.themes.get(home.path)
        if theme is None:
            raise SharingError(
                _("Kunde inte dela till %(site)s: temat %(theme)s saknas där.")
                % {"site": site.site.site_name, "theme": self.theme.title}
            )
        topic = self.topics.get(theme.path)
        if topic is None:
            # The member gets GR's topic as an alias, kept in step with it.
            topic = alias_on(site, self.topic, parent=theme)
            self.topics[theme.path] = topic
        return topic


def sync_resource(
    original: Page, hold: Callable[[], None] = lambda: None
) -> dict[str, str]:
    """Bring every member site's alias of `original` up to date; {site slug: error}.

    `hold` is called first in each member site's transaction: the fan-out's
    sign of life, which raises ClaimLost when another runner has taken it
    over (claims.py).
    """
    if not original.live:
        return {}  # Wagtail unpublished the aliases with the original
    directory = SiteDirectory()
    targets = {site.pk: site for site in target_sites(original)}
    existing = aliases_by_site(original, directory)
    for site_id, alias in existing.items():
        if site_id not in targets:
            with transaction.atomic(), ContentVersion.bumps_deferred():
                hold()
                history.record(history.REMOVED, alias, original)
                alias.delete()
    plan = FanOutPlan(original, directory, existing)
    errors: dict[str, str] = {}
    served = []
    for site in targets.values():
        if directory.home(site, original.locale_id) is None:
            continue  # a member without this language does not get this version
        served.append(site)
        try:
            with transaction.atomic(), ContentVersion.bumps_deferred():
                hold()
                clash = _share_to_site(site, plan)
            if clash:
                # Shared all the same, at another address: recorded as a
                # failure so GR sees it, and retried with every publish.
                errors[site.slug] = clash
        except ClaimLost:
            raise
        except SharingError as error:
            errors[site.slug] = str(error)
        except Exception as error:
            logger.exception("Sharing %s to %s failed", original.pk, site.slug)
            errors[site.slug] = _("Kunde inte dela till %(site)s: %(error)s") % {
                "site": site.site.site_name,
                "error": error,
            }
    _record_failures(original, served, errors)
    return errors


class FanOutPlan:
    """What one fan-out of a resource knows about every member site, loaded once."""

    def __init__(
        self, original: Page, directory: SiteDirectory, existing: dict[int, Page]
    ) -> None:
        self.original = original
        self.directory = directory
        self.existing = existing
        self.places = MemberPlaces(original)
        self.updater = AliasUpdater(original, existing.values())


def _share_to_site(site: SiteProfile, plan: FanOutPlan) -> str:
    """Create, move or update the alias of `plan.original` on one member site.

    Returns slug_clash's note ("" when the alias has the original's slug).
    """
    original = plan.original
    home = plan.directory.home(site, original.locale_id)
    topic = plan.places.topic_for(site, home)
    alias = plan.existing.get(site.pk)
    if alias is None:
        # A new alias is a copy of the original's published content.
        with indexed_once() as changed:
            alias = alias_on(site, original, parent=topic)
            changed.append(alias)
        return slug_clash(site, alias, original)
    if alias.path[: -Page.steplen] != topic.path:
        alias.move(topic, pos="last-child")
        # Treebeard leaves the moved instance's path as it was.
        alias = Page.objects.get(pk=alias.pk)
        history.record(history.MOVED, alias, original)
    # Before the content: update_aliases keeps whatever slug the alias has.
    follow_slug(alias, original, parent=topic)
    if not is_current(alias, original):
        plan.updater.update(alias)
    return slug_clash(site, alias, original)


def _record_failures(original: Page, served, errors: dict[str, str]) -> None:
    SharingFailure.objects.filter(original=original).exclude(
        site__slug__in=list(errors)
    ).delete()
    for site in served:
        if site.slug in errors:
            SharingFailure.objects.update_or_create(
                original=original, site=site, defaults={"message": errors[site.slug]}
            )
