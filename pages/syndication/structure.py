"""The fan-out of GR's topics and themes: their aliases, and what moved below.

A member topic may be an alias of GR's; it follows GR's content and slug,
as a resource's alias does, so the member's shared material under it
follows to the new address. Shared resources below whose aliases no longer
sit under the member topic with the same theme and topic slugs (GR moved the
topic, or changed the slug of a topic the member has of its own, or a
member's own page holds the new slug) are found by misplaced_resources and
get a fan-out of their own (pages/syndication/__init__.py, sync), which
moves them.
"""

import logging
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from wagtail.models import Page

from pages.models import RESOURCE_MODELS, ContentVersion, ThemeHubPage, TopicPage

from .aliases import AliasUpdater, follow_slug, is_current
from .claims import ClaimLost

logger = logging.getLogger(__name__)

# GR's pages that make the members' structure rather than their material.
STRUCTURE_MODELS = (TopicPage, ThemeHubPage)


def sync_structure(
    page: Page, hold: Callable[[], None] = lambda: None
) -> dict[str, str]:
    """Bring the aliases of GR's topic or theme `page` up to date; {alias id: error}.

    `hold` is called first in each alias's transaction (claims.py, as for
    resources).
    """
    errors: dict[str, str] = {}
    if not page.live:
        return errors
    aliases = list(Page.objects.filter(alias_of=page))
    updater = AliasUpdater(page, aliases)
    for alias in aliases:
        try:
            with transaction.atomic(), ContentVersion.bumps_deferred():
                hold()
                follow_slug(alias, page)
                if not is_current(alias, page):
                    updater.update(alias)
            if alias.slug != page.slug:
                # Topics have no sharing panel to show a failure on.
                logger.warning(
                    "Alias %s of %s keeps the slug %s: %s is taken",
                    alias.pk,
                    page.pk,
                    alias.slug,
                    page.slug,
                )
        except ClaimLost:
            raise
        except Exception as error:
            logger.exception("Updating alias %s of %s failed", alias.pk, page.pk)
            errors[str(alias.pk)] = str(error)
    return errors


def misplaced_resources(page: Page) -> list[Page]:
    """GR's resources below `page` with an alias outside its matching member topic.

    A resource's place is the (theme slug, topic slug) of its parent and
    grandparent, on GR's site and on each member's: four queries in all.
    """
    resources = list(
        Page.objects.descendant_of(page).filter(
            alias_of__isnull=True,
            content_type__in=ContentType.objects.get_for_models(
                *RESOURCE_MODELS
            ).values(),
        )
    )
    if not resources:
        return []
    aliases = list(Page.objects.filter(alias_of__in=resources).only("path", "alias_of"))
    step = Page.steplen
    parents = {p.path[:-step] for p in [*resources, *aliases]}
    parents |= {path[:-step] for path in parents}
    slugs = dict(Page.objects.filter(path__in=parents).values_list("path", "slug"))

    def place(p: Page) -> tuple:
        return slugs.get(p.path[: -2 * step]), slugs.get(p.path[:-step])

    expected = {resource.pk: place(resource) for resource in resources}
    moved = {a.alias_of_id for a in aliases if place(a) != expected[a.alias_of_id]}
    return [resource for resource in resources if resource.pk in moved]
