"""GR publishes once, every targeted member site receives: sharing through aliases.

A shared resource appears in each targeted member's tree as a Wagtail alias
under the topic with the same theme and topic slugs. This module decides
where aliases exist and keeps them current: it creates the missing ones,
brings the others up to the original's published content (Wagtail's own
Page.update_aliases, one alias at a time), removes those of sites no longer
targeted or that hid the resource, moves them when the original moves, and
deletes them with the original. An alias's address follows the original's:
its slug is the original's (follow_slug), and Wagtail redirects the old one.

That work (the fan-out) costs tens of milliseconds per member site, so it
runs in a background task (django-tasks, backend "sharing": the database
backend, run by `manage.py db_worker --backend sharing`). A publish only
records the intent (SharingSync, in the publish's own transaction) and
enqueues the task:

- request_sync(page) is called on publish and move (pages/signal_handlers.py);
- sync_shared_page is the task; sync(page) does the work, one site at a time,
  each in its own transaction, so a failing site is recorded
  (SharingFailure, shown on the original, retried on the next sync) and
  never stops the others or undoes the original's publish;
- a sync that crashed stays pending (visible on the original) until the next
  publish or `manage.py sync_shared` runs it again.

Unpublishing and deleting take effect in the request, so withdrawn
material disappears at once: withdraw_aliases takes every alias off line in
a few queries (Wagtail would unpublish them one by one); delete_aliases does
the same and leaves the deleting itself to the worker.
"""

import datetime
import logging
import uuid
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.coreutils import find_available_slug
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from django_tasks import task

from pages.models import (
    RESOURCE_MODELS,
    ContentVersion,
    ShareWith,
    SharingFailure,
    SharingOptOut,
    SharingSync,
    SiteDirectory,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
)
from pages.models.sharing import fan_out_running, is_hub_page, pages_taken_off_line

logger = logging.getLogger(__name__)

# A fan-out that has run this long is taken to have died with its worker.
STALE_RUN = datetime.timedelta(minutes=30)
# When another worker is syncing the same page, try again this much later.
BUSY_RETRY = datetime.timedelta(seconds=10)
STRUCTURE_MODELS = (TopicPage, ThemeHubPage)


class SharingError(Exception):
    """A member site cannot receive a resource (its message is shown to editors)."""


def site_profile_of(page: Page) -> SiteProfile | None:
    """The site whose tree holds `page` (any locale of its home page)."""
    return SiteDirectory().site_of(page)


def needs_fan_out(page: Page) -> bool:
    """A page of GR's whose publish or move concerns the member sites."""
    return (
        not page.alias_of_id
        and isinstance(page.specific, (*RESOURCE_MODELS, *STRUCTURE_MODELS))
        and is_hub_page(page)
    )


# --- Requests and the task --------------------------------------------------


def request_sync(page: Page) -> None:
    """Record that `page`'s aliases must catch up with it, and queue the fan-out.

    Called inside the transaction that changed the page: the intent is
    committed with the change or not at all.
    """
    SharingSync.objects.update_or_create(
        original_id=page.pk, defaults={"requested_at": timezone.now()}
    )
    result = sync_shared_page.enqueue(page.pk)
    SharingSync.objects.filter(original_id=page.pk).update(task_id=str(result.id))


# The task backend of the fan-out (cms/settings/base.py: TASKS).
TASK_BACKEND = "sharing"


@task(backend=TASK_BACKEND)
def sync_shared_page(page_id: int) -> dict[str, str]:
    """The fan-out of one of GR's pages; returns {site slug: error}."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:  # deleted since: its aliases went with it
        return {}
    return sync(page.specific)


def sync(page: Page) -> dict[str, str]:
    """Bring the member sites' aliases of `page` up to date; {site slug: error}.

    Only one fan-out of a page runs at a time; a second one is put off until
    the first has finished (a fan-out started before the latest change must
    be followed by another).
    """
    started = _claim(page)
    if started is None:
        _retry_later(page)
        return {}
    try:
        with fan_out_running():
            if isinstance(page, RESOURCE_MODELS):
                errors = _sync_resource(page)
            else:
                errors = _sync_structure(page)
    except BaseException:
        # The intent stays pending (synced_as_of unchanged) for the next try.
        SharingSync.objects.filter(original=page).update(running_since=None)
        raise
    SharingSync.objects.filter(original=page).update(
        running_since=None, synced_as_of=started, finished_at=timezone.now()
    )
    return errors


def _claim(page: Page) -> datetime.datetime | None:
    started = timezone.now()
    SharingSync.objects.get_or_create(original=page, defaults={"requested_at": started})
    claimed = (
        SharingSync.objects.filter(original=page)
        .filter(
            Q(running_since__isnull=True) | Q(running_since__lt=started - STALE_RUN)
        )
        .update(running_since=started)
    )
    return started if claimed else None


def _retry_later(page: Page) -> None:
    if sync_shared_page.get_backend().supports_defer:
        sync_shared_page.using(run_after=timezone.now() + BUSY_RETRY).enqueue(page.pk)
    else:
        logger.warning("Sharing %s is already running; not running it twice", page.pk)


# --- Resources --------------------------------------------------------------


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


def alias_on(site: SiteProfile, original: Page, parent: Page) -> Page:
    """A new alias of `original` under `parent` on `site`. Its translation
    key is derived from the original's and the site's, so that a member's
    copies of a page and of its translations are translations of each other
    there too (the language switcher, hreflang, the API's `translations`).
    Its slug is the original's unless a page of the member's holds it there
    (free_slug)."""
    alias = original.create_alias(
        parent=parent, update_slug=free_slug(parent, original.slug)
    )
    alias.translation_key = uuid.uuid5(original.translation_key, site.slug)
    Page.objects.filter(pk=alias.pk).update(translation_key=alias.translation_key)
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


def _sync_resource(original: Page) -> dict[str, str]:
    if not original.live:
        return {}  # Wagtail unpublished the aliases with the original
    directory = SiteDirectory()
    targets = {site.pk: site for site in target_sites(original)}
    existing = aliases_by_site(original, directory)
    for site_id, alias in existing.items():
        if site_id not in targets:
            with transaction.atomic(), ContentVersion.bumps_deferred():
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
                clash = _share_to_site(site, plan)
            if clash:
                # Shared all the same, at another address: recorded as a
                # failure so GR sees it, and retried with every publish.
                errors[site.slug] = clash
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
    # Before the content: update_aliases keeps whatever slug the alias has.
    follow_slug(alias, original, parent=topic)
    if not is_current(alias, original):
        plan.updater.update(alias)
    return slug_clash(site, alias, original)


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


def _record_failures(original: Page, served, errors: dict[str, str]) -> None:
    SharingFailure.objects.filter(original=original).exclude(
        site__slug__in=list(errors)
    ).delete()
    for site in served:
        if site.slug in errors:
            SharingFailure.objects.update_or_create(
                original=original, site=site, defaults={"message": errors[site.slug]}
            )


# --- Topics and themes ------------------------------------------------------


def _sync_structure(page: Page) -> dict[str, str]:
    """GR's topic or theme changed or moved: its aliases and the resources below.

    A member topic may be an alias of GR's; it follows GR's content and slug,
    as a resource's alias does, so the member's shared material under it
    follows to the new address. Shared resources below whose aliases no
    longer sit under the member topic with the same theme and topic slugs
    (GR moved the topic, or changed the slug of a topic the member has of
    its own, or a member's own page holds the new slug) get a fan-out of
    their own, which moves them.
    """
    errors: dict[str, str] = {}
    if page.live:
        aliases = list(Page.objects.filter(alias_of=page))
        updater = AliasUpdater(page, aliases)
        for alias in aliases:
            try:
                with transaction.atomic(), ContentVersion.bumps_deferred():
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
            except Exception as error:
                logger.exception("Updating alias %s of %s failed", alias.pk, page.pk)
                errors[str(alias.pk)] = str(error)
    for resource in misplaced_resources(page):
        request_sync(resource)
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


# --- Member choices and deletion ----------------------------------------------


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
    """Undo `hide`: the resource is shared with the site again (by the fan-out)."""
    SharingOptOut.objects.filter(original=original, site=site).delete()
    request_sync(original)


def withdraw_aliases(original: Page) -> None:
    """Take every live alias of `original` off line, in a few queries.

    Wagtail then finds them unpublished and leaves them alone.
    """
    _take_off_line(Page.objects.filter(alias_of=original, live=True))


def _take_off_line(pages) -> list[int]:
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


def delete_aliases(original: Page) -> None:
    """The original is being deleted: its aliases go too, not turned into copies.

    Wagtail would make orphaned aliases independent pages (alias_of is
    SET_NULL). They are taken off line here, in the request, and deleted by
    the worker (deleting a page runs a dozen signal handlers per page, a
    tenth of a second for each member site). A member's alias of a GR topic
    that holds the member's own pages is kept: it becomes the member's own
    topic (Wagtail's default), so nothing of theirs is lost.
    """
    aliases = Page.objects.filter(alias_of=original)
    if issubclass(original.specific_class, STRUCTURE_MODELS):
        aliases = aliases.exclude(pk__in=[a.pk for a in aliases if _holds_local(a)])
    ids = _take_off_line(aliases)
    if ids:
        delete_withdrawn_aliases.enqueue(original.pk, ids)


@task(backend=TASK_BACKEND)
def delete_withdrawn_aliases(original_id: int, alias_ids: list[int]) -> int:
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


def _holds_local(page: Page) -> bool:
    """Something below `page` is not an alias: a member's own material."""
    return Page.objects.descendant_of(page).filter(alias_of__isnull=True).exists()
