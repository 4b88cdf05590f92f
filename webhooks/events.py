"""A change to a resource, as the subscriptions that want it hear of it.

record() is called inside the transaction that makes the change (through
announce() in signal_handlers.py): it records one Delivery per subscription
that wants the event, in that transaction; delivery.py queues and sends
them. Nothing here makes a network call.

The message (Standard Webhooks' recommended shape):

    {"type": "resource.published", "timestamp": "2026-…Z",
     "data": {"id", "site", "locale", "path", "url", "api_url", "event",
              "etag", "previous_path"}}

`api_url` is the resource's detail on the site's own host, with its site
and language: https://<host>/api/v1/resources/<id>/?site=<slug>&locale=<code>
(parameters in that order). `etag` is the ETag the API gives for exactly
that URL once the change is committed (null after unpublished, deleted
and hidden: the detail is a 404 then). `previous_path` is the address
before a move (null otherwise).
"""

import copy
import datetime
from urllib.parse import urlsplit

from django.utils import timezone

from wagtail.models import Locale, Page, PageViewRestriction

from consumers.models import Consumer
from pages.api.middleware import api_etag
from pages.delivery.kinds import resource_content_types
from pages.models import SiteDirectory, SiteProfile

from .models import Delivery, EventType, Subscription

TYPE_PREFIX = "resource."


def publish_event(page: Page) -> str:
    """published for a page in the default language, else translation_published."""
    if page.locale_id == Locale.get_default().pk:
        return EventType.PUBLISHED
    return EventType.TRANSLATION_PUBLISHED


def active_subscriptions() -> list[Subscription]:
    return list(Subscription.objects.filter(active=True).select_related("consumer"))


def record(
    event: str,
    page: Page,
    previous_url_path: str | None = None,
    place: Page | None = None,
    subscriptions: list[Subscription] | None = None,
) -> list:
    """Record `event` about `page` for every subscription (of
    `subscriptions`, default: the active ones) that wants it and may read
    the page; returns the deliveries made. `place` is a page where `page`
    was, for one that has left its site's tree (the trash)."""
    if page.content_type_id not in resource_content_types():
        return []
    if subscriptions is None:
        subscriptions = active_subscriptions()
    if not subscriptions:
        return []
    directory = SiteDirectory()
    profile = directory.site_of(place or page)
    if profile is None:
        return []
    wanted = [
        s for s in subscriptions if s.wants(event, profile.site_id, page.locale_id)
    ]
    if not wanted:
        return []
    restrictions = restrictions_on(page)
    if place is not None:
        restrictions += restrictions_on(place)
    wanted = [
        s for s in wanted if admitted(s.consumer, restrictions, profile, directory)
    ]
    if not wanted:
        return []
    payload = build_payload(event, page, profile, previous_url_path)
    return [
        Delivery.objects.create(
            subscription=subscription,
            event=event,
            payload=payload,
            etag_reader=etag_reader(subscription.consumer),
        )
        for subscription in wanted
    ]


def build_payload(
    event: str,
    page: Page,
    profile: SiteProfile,
    previous_url_path: str | None = None,
) -> dict:
    """The message about `page` on `profile`'s site (its ETag comes later).

    For deleted with `previous_url_path` (moved into the trash), the page is
    described where it was."""
    before = None
    if previous_url_path is not None:
        before = copy.copy(page)
        before.url_path = previous_url_path
    if event == EventType.DELETED and before is not None:
        page, before = before, None
    url = _full_url(page)
    previous = urlsplit(_full_url(before)).path if before is not None else None
    locale = Locale.objects.get(pk=page.locale_id).language_code
    api_url = f"{profile.site.root_url}{detail_path(page.pk, profile.slug, locale)}"
    return {
        "type": TYPE_PREFIX + event,
        "timestamp": _iso(timezone.now()),
        "data": {
            "id": page.pk,
            "site": profile.slug,
            "locale": locale,
            "path": urlsplit(url).path,
            "url": url,
            "api_url": api_url,
            "event": str(event),
            "etag": None,
            "previous_path": previous,
        },
    }


def detail_path(page_id: int, site_slug: str, locale: str) -> str:
    """The canonical path of a resource's detail, whose ETag webhooks give."""
    return f"/api/v1/resources/{page_id}/?site={site_slug}&locale={locale}"


def _full_url(page: Page) -> str:
    url = page.get_full_url()
    return url or ""


def _iso(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


# --- Who may hear of a page ---------------------------------------------------


def restrictions_on(page: Page) -> list[PageViewRestriction]:
    """View restrictions on `page`, its ancestors, and for an alias its
    original's (to the end of the chain)."""
    paths: set[str] = set()
    seen: set[int] = set()
    current: Page | None = page
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        paths |= {
            current.path[:end]
            for end in range(Page.steplen, len(current.path) + 1, Page.steplen)
        }
        current = (
            Page.objects.filter(pk=current.alias_of_id).first()
            if current.alias_of_id
            else None
        )
    return list(
        PageViewRestriction.objects.filter(page__path__in=paths).select_related("page")
    )


def admitted(
    consumer: Consumer,
    restrictions: list[PageViewRestriction],
    profile: SiteProfile,
    directory: SiteDirectory,
) -> bool:
    """Whether `consumer` may read a page with `restrictions` on `profile`'s
    site: the API's rule (consumers/models/consumer.py). Public pages to all;
    pages for logged-in staff to consumers with staff material there;
    passwords and groups to no one."""
    if not restrictions:
        return True
    if any(r.restriction_type != PageViewRestriction.LOGIN for r in restrictions):
        return False
    hub = directory.hub
    site_ids = consumer.login_admitted_sites(
        profile.site_id, hub.site_id if hub is not None else None
    )
    roots = tuple(
        path
        for site in directory.profiles
        if site.site_id in site_ids
        for path in directory.home_paths(site)
    )
    return bool(roots) and all(r.page.path.startswith(roots) for r in restrictions)


def etag_reader(consumer: Consumer) -> str:
    """Whose ETag a consumer sees (pages/api/middleware.py: ApiCacheMiddleware)."""
    return f"consumer:{consumer.pk}" if consumer.staff_material else ""


# --- The new ETag ----------------------------------------------------------------


def etag_of(delivery: Delivery, counter: int) -> str:
    api_url = urlsplit(delivery.payload["data"]["api_url"])
    return api_etag(
        counter, api_url.netloc, f"{api_url.path}?{api_url.query}", delivery.etag_reader
    )
