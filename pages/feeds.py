"""Feeds to subscribe to: a podcast feed (RSS 2.0 with Apple's podcast tags)
per series, and an Atom feed per theme and per role, for intranets.

Each feed holds what the public may see on the request's site, in the
language of its address (/sv/…, /en/…), as the delivery API does
(pages/delivery/context.py's SiteContext); an unknown site, series, theme or role
is a 404.

Readers remember what they have seen by ids that must not change when the
site moves to another host or port: an item's is its page's feed_guid
(pages/models/feed_identity.py), a feed's is derived from the site's slug,
the language, the kind of feed and its slug.
"""

import uuid

from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.images.models import SourceImageIOError

from pages.delivery.context import SiteContext
from pages.delivery.errors import DeliveryError
from pages.delivery.filters import ResourceFilters
from pages.models import (
    PodcastEpisodePage,
    PodcastSeries,
    Role,
)
from pages.models.podcast import COVER_SIZE, fits_podcast_apps

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
# The newest entries a feed holds.
FEED_ITEMS = 50
# The namespace of the feeds' own ids (urn:uuid:…, Atom's <id>). Never change it.
FEED_ID_NAMESPACE = uuid.UUID("c48015f2-479c-4e82-b48b-29f117092031")
# A square JPEG for podcast apps (Apple takes JPEG or PNG, 1400–3000 px).
COVER_RENDITION = f"fill-{COVER_SIZE}x{COVER_SIZE}|format-jpeg"
# The cover of a series without one of its own (or with one too small).
DEFAULT_COVER = "pages/podcast-cover.png"


def feed_context(request) -> SiteContext:
    """The request's site in the address's language, or 404."""
    try:
        ctx = SiteContext.from_request(request, None, get_language())
    except DeliveryError as error:
        raise Http404(str(error)) from error
    if ctx.root is None or not ctx.root.live:
        raise Http404(_("Webbplatsen finns inte på det här språket."))
    return ctx


def duration(seconds: int | None) -> str:
    """Seconds as podcast apps read a duration: H:MM:SS."""
    seconds = seconds or 0
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def file_size(media) -> int:
    """A media file's size in bytes as recorded, else as stored (0 if lost)."""
    if media.file_size:
        return media.file_size
    try:
        return media.file.size
    except OSError:
        return 0


class ResourceFeed(Feed):
    """The newest visible resources of a selection, as Atom."""

    feed_type = Atom1Feed
    # In the feed's id: a theme feed and a role feed may share a slug.
    kind: str
    # An item's guid is a URN, not its address (RSS: isPermaLink="false").
    item_guid_is_permalink = False

    def selection(self, ctx: SiteContext, slug: str):
        """(The queryset of resources, the feed's title) for `slug`."""
        raise NotImplementedError

    def get_object(self, request, slug: str):
        ctx = feed_context(request)
        queryset, title = self.selection(ctx, slug)
        return {"ctx": ctx, "queryset": queryset, "title": title, "slug": slug}

    def title(self, obj) -> str:
        return f"{obj['title']} – {obj['ctx'].site.site_name}"

    def link(self, obj) -> str:
        return obj["ctx"].root.get_full_url(obj["ctx"].request)

    def subtitle(self, obj) -> str:
        return _("Nytt material på %(site)s") % {"site": obj["ctx"].site.site_name}

    def author_name(self, obj) -> str:
        return obj["ctx"].site.site_name

    def feed_guid(self, obj) -> str:
        """The feed's id: its site, language, kind and slug, not its address."""
        ctx = obj["ctx"]
        name = f"{ctx.profile.slug}/{ctx.language_code}/{self.kind}/{obj['slug']}"
        return uuid.uuid5(FEED_ID_NAMESPACE, name).urn

    def description(self, obj) -> str:
        return self.subtitle(obj)

    def items(self, obj):
        newest = obj["queryset"].order_by("-first_published_at", "-pk")
        pages = list(newest.specific()[:FEED_ITEMS])
        # The item methods get only the item; one feed object serves every
        # request (and thread), so the request travels with the items.
        for page in pages:
            page.feed_request = obj["ctx"].request
        return pages

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.summary

    def item_link(self, item) -> str:
        return item.get_full_url(item.feed_request)

    def item_guid(self, item) -> str:
        return item.feed_guid.urn

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class ThemeFeed(ResourceFeed):
    kind = "theme"

    def selection(self, ctx: SiteContext, slug: str):
        try:
            theme = ctx.theme_by_slug(slug)
        except DeliveryError as error:
            raise Http404(str(error)) from error
        filters = ResourceFilters(themes=[slug])
        return filters.apply(ctx, ctx.resources()), theme.title


class RoleFeed(ResourceFeed):
    """A role's material and the material for all staff, as the API's role filter."""

    kind = "role"

    def selection(self, ctx: SiteContext, slug: str):
        role = Role.objects.filter(slug=slug, locale_id=ctx.root.locale_id).first()
        if role is None:
            raise Http404(_("Okänd roll: %(roles)s.") % {"roles": slug})
        filters = ResourceFilters(roles=[slug])
        return filters.apply(ctx, ctx.resources()), role.name


class PodcastRss(Rss201rev2Feed):
    """RSS 2.0 with the tags podcast apps read (Apple's namespace)."""

    def rss_attributes(self) -> dict:
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES}

    def add_root_elements(self, handler) -> None:
        super().add_root_elements(handler)
        feed = self.feed
        handler.addQuickElement("itunes:author", feed["author_name"])
        handler.addQuickElement("itunes:summary", feed["description"])
        handler.addQuickElement("itunes:explicit", feed["explicit"])
        handler.addQuickElement("itunes:category", "", {"text": "Government"})
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:image", "", {"href": feed["image_url"]})
        if feed["owner"] is not None:
            handler.startElement("itunes:owner", {})
            handler.addQuickElement("itunes:name", feed["owner"]["name"])
            handler.addQuickElement("itunes:email", feed["owner"]["email"])
            handler.endElement("itunes:owner")

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:duration", item["duration"])
        handler.addQuickElement("itunes:explicit", item["explicit"])
        if item.get("episode"):
            handler.addQuickElement("itunes:episode", item["episode"])


class PodcastFeed(ResourceFeed):
    feed_type = PodcastRss
    kind = "podcast"

    def get_object(self, request, slug: str):
        ctx = feed_context(request)
        series = PodcastSeries.objects.filter(
            slug=slug, locale_id=ctx.root.locale_id
        ).first()
        if series is None:
            raise Http404(_("Poddserien finns inte."))
        episodes = PodcastEpisodePage.objects.filter(
            pk__in=ctx.resources().values("pk"), series=series
        )
        return {
            "ctx": ctx,
            "queryset": episodes,
            "title": series.title,
            "slug": slug,
            "series": series,
        }

    def title(self, obj) -> str:
        return obj["series"].title

    def description(self, obj) -> str:
        return obj["series"].description or obj["series"].title

    def author_name(self, obj) -> str:
        return obj["series"].author or obj["ctx"].site.site_name

    def feed_extra_kwargs(self, obj) -> dict:
        series = obj["series"]
        return {
            "explicit": "true" if series.explicit else "false",
            "image_url": obj["ctx"].request.build_absolute_uri(cover_url(series)),
            "owner": self.owner(obj),
        }

    def owner(self, obj) -> dict | None:
        """Apple's itunes:owner, or None while the series lacks a valid email
        address (a series saved before the admin asked for one)."""
        series = obj["series"]
        try:
            validate_email(series.owner_email)
        except ValidationError:
            return None
        name = series.owner_name or series.author or obj["ctx"].site.site_name
        return {"name": name, "email": series.owner_email}

    def items(self, obj):
        pages = [
            page
            for page in super().items(obj)
            if page.audio_id or page.external_audio_url
        ]
        # One query for the audio files, not one per episode.
        prefetch_related_objects(pages, "audio")
        return pages

    def item_enclosures(self, item) -> list[Enclosure]:
        audio = item.audio
        if audio is not None:
            url = item.feed_request.build_absolute_uri(audio.url)
            return [Enclosure(url, str(file_size(audio)), audio.mime_type)]
        # An external file of unknown size: 0, as podcast apps accept.
        return [Enclosure(item.external_audio_url, "0", "audio/mpeg")]

    def item_extra_kwargs(self, item) -> dict:
        return {
            "duration": duration(item.duration_seconds),
            "explicit": "true" if item.explicit else "false",
            "episode": str(item.episode_number) if item.episode_number else None,
        }


def cover_url(series: PodcastSeries) -> str:
    """The series' cover as podcast apps take it, or the default cover."""
    if series.image is not None and fits_podcast_apps(series.image):
        try:
            return series.image.get_rendition(COVER_RENDITION).url
        except SourceImageIOError:
            pass  # the file is lost: the default cover, not an error
    return static(DEFAULT_COVER)


def feed_links(page) -> list[dict]:
    """The feeds a page announces: its theme's, and an episode's series'."""
    if page is None or page.depth < 3:
        return []
    language = page.locale.language_code
    links = []
    theme = page if page.depth == 3 else page.get_ancestors().filter(depth=3).first()
    if theme is not None:
        links.append(
            {
                "type": "application/atom+xml",
                "title": theme.title,
                "url": localized_reverse("theme_feed", theme.slug, language),
            }
        )
    series_id = getattr(page, "series_id", None)
    if series_id is not None:
        series = PodcastSeries.objects.filter(pk=series_id).first()
        if series is not None:
            links.append(
                {
                    "type": "application/rss+xml",
                    "title": series.title,
                    "url": localized_reverse("podcast_feed", series.slug, language),
                }
            )
    return links


def localized_reverse(name: str, slug: str, language: str) -> str:
    with translation.override(language):
        return reverse(name, args=[slug])
