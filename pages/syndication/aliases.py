"""One alias of GR's page on a member site: making it, its slug, its content.

The fan-outs of resources (resources.py) and of topics and themes
(structure.py) both keep their aliases current with these.
"""

import uuid
from contextlib import contextmanager

from django.utils.translation import gettext as _

from wagtail.coreutils import find_available_slug
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from pages.models import SiteProfile

from . import history


def alias_on(site: SiteProfile, original: Page, parent: Page) -> Page:
    """A new alias of `original` under `parent` on `site`. Its translation
    key is derived from the original's and the site's, so that a member's
    copies of a page and of its translations are translations of each other
    there too (the language switcher, hreflang, the API's `translations`).
    Its slug is the original's unless a page of the member's holds it there
    (free_slug)."""
    alias = original.create_alias(
        parent=parent, update_slug=free_slug(parent, original.slug), log_action=None
    )
    alias.translation_key = uuid.uuid5(original.translation_key, site.slug)
    Page.objects.filter(pk=alias.pk).update(translation_key=alias.translation_key)
    history.record(history.CREATED, alias, original)
    return alias


def free_slug(parent: Page, slug: str, alias: Page | None = None) -> str:
    """`slug`, or if another child of `parent` has it, `slug`-1, -2, ….

    Only a member's own page can hold the slug of GR's page in a member's
    tree (GR's siblings have distinct slugs). The member's page keeps its
    address: it is the member's, and its readers and links rely on it. The
    alias takes the nearest free slug instead, so it is served at an address
    of its own rather than shadowing or being shadowed by the member's page
    (Wagtail routes by slug and expects one child per slug); the fan-out
    tells GR (slug_clash), and each later fan-out tries the original's slug
    again.
    """
    return find_available_slug(
        parent, slug, ignore_page_id=alias.pk if alias is not None else None
    )


def follow_slug(alias: Page, original: Page, parent: Page | None = None) -> None:
    """Give `alias` its original's slug (or the nearest free one).

    Page.update_aliases keeps an alias's own slug on purpose (Wagtail lets an
    alias sit beside its original under another slug), so a slug GR changes
    is carried over here. Saving the slug makes Wagtail update the url_path
    of the alias and of everything below it, and send page_slug_changed,
    whose receiver in wagtail.contrib.redirects adds a permanent redirect
    from every old address on the member's site once the transaction
    commits. `parent` is the alias's parent, when the caller has it.
    """
    if alias.slug == original.slug:
        # Nothing to look up: the admin refuses a member's page a slug in
        # use under the same parent, on save and on move alike.
        return
    slug = free_slug(parent or alias.get_parent(), original.slug, alias)
    if alias.slug == slug:
        return
    alias.slug = slug
    # The references of a page do not depend on its slug.
    with disable_reference_index_auto_update():
        alias.save(clean=False, update_fields=["slug", "url_path"])


def slug_clash(site: SiteProfile, alias: Page, original: Page) -> str:
    """What GR's editors are told when a member's page holds the slug, or ""."""
    if alias.slug == original.slug:
        return ""
    return _(
        "Kunde inte ge materialet samma adress på %(site)s: en egen sida där har "
        "redan adressen ”%(slug)s” i %(topic)s. Materialet visas där som "
        "”%(alias_slug)s” tills adressen är ledig."
    ) % {
        "site": site.site.site_name,
        "slug": original.slug,
        "topic": alias.get_parent().title,
        "alias_slug": alias.slug,
    }


def is_current(alias: Page, original: Page) -> bool:
    """The alias shows the original's latest publish (Wagtail copies its time)."""
    return alias.live and alias.last_published_at == original.last_published_at


@contextmanager
def indexed_once():
    """Update the reference index once per page written inside, not per row.

    Wagtail re-indexes a page's references each time one of its rows is
    saved: the page, then every role and related link (wagtail.tasks
    climbs from a child row to its page). An alias writes five or more rows.
    Yields a list to put the written pages in.
    """
    changed: list[Page] = []
    with disable_reference_index_auto_update():
        yield changed
    for page in changed:
        ReferenceIndex.create_or_update_for_object(page.specific)


class AliasUpdater:
    """Wagtail's update_aliases for one alias at a time, so each site stands alone.

    Page.update_aliases updates every alias except those in `_updated_ids`;
    passing all the others makes it update just one.
    """

    def __init__(self, original: Page, aliases) -> None:
        self.original = original
        self.alias_ids = {alias.pk for alias in aliases}
        self._content = None

    def update(self, alias: Page) -> None:
        if self._content is None:
            # The page row holds the published content (drafts live in revisions).
            self._content = self.original.serializable_data()
        with indexed_once() as changed:
            self.original.update_aliases(
                revision=self.original.live_revision,
                _content=self._content,
                _updated_ids=list(self.alias_ids - {alias.pk}),
            )
            changed.append(alias)
        history.record(history.UPDATED, alias, self.original)
