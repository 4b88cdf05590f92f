"""Resources as the API and the site's search list them: summaries in a fixed
number of queries."""

import datetime
import logging
from collections import defaultdict
from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import ObjectDoesNotExist
from django.utils.html import strip_tags

from wagtail.images.models import Filter
from wagtail.models import Page

from media_library.models import CustomImage, CustomRendition
from pages.models import ResourcePageRole

from .context import SiteContext
from .kinds import resource_content_types
from .memo import memo
from .results import CHILD_ACCESSORS

logger = logging.getLogger(__name__)

LISTING_RENDITION = "fill-640x360"
BODY_RENDITION = "width-960"
# The most listing images kept per content version and process (listed_images).
MAX_REMEMBERED_IMAGES = 10_000


def summary_and_image_id(page: Page) -> tuple[str, int | None]:
    """A resource's summary and listing image id, from summary_rows()'s
    annotations or from the kind's row that with_specific_rows() joined."""
    if hasattr(page, "kind_summary"):
        return page.kind_summary or "", page.kind_image_id
    row = specific_row(page)
    if row is None:
        return "", None
    return row.summary, row.listing_image_id


def specific_row(page: Page):
    for name in CHILD_ACCESSORS:
        try:
            return getattr(page, name)
        except ObjectDoesNotExist:
            continue
    return None


def absolute_url(request, url: str) -> str:
    return (
        url
        if url.startswith(("http://", "https://"))
        else request.build_absolute_uri(url)
    )


def image_json(
    request, image: CustomImage | None, rendition, language: str
) -> dict | None:
    """An image as the API gives it, its alt text for a page in `language`
    (whatever the reader's browser prefers: answers must not vary by it)."""
    if image is None or rendition is None:
        return None
    return {
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.alt_text_in(language)[0],
    }


def renditions_for(images: list[CustomImage | None], spec: str) -> dict[int, object]:
    """The `spec` rendition of each image, by id (images_with_renditions)."""
    found = images_with_renditions(
        {image.pk for image in images if image is not None}, spec
    )
    return {pk: rendition for pk, (_image, rendition) in found.items()}


def new_rendition(image: CustomImage, spec: str):
    """A rendition made now, or None if the original cannot be read (a file
    lost from storage, or unreadable): the answer goes out without that
    image, and the fault is logged, instead of a 500."""
    try:
        return image.get_rendition(spec)
    except OSError:  # Wagtail's SourceImageIOError is one
        logger.warning(
            "Image %s (%s): no %s rendition, its file cannot be read",
            image.pk,
            image.file.name,
            spec,
            exc_info=True,
        )
        return None


def images_with_renditions(
    image_ids: set[int], spec: str
) -> dict[int, tuple[CustomImage, object]]:
    """Images by id with their `spec` rendition: one query, the renditions
    bringing their images, once they exist; any missing are created (and
    their images read) the first time only."""
    if not image_ids:
        return {}
    wanted = Filter(spec=spec)
    result = {}
    existing = CustomRendition.objects.filter(
        image_id__in=image_ids, filter_spec=spec
    ).select_related("image")
    for rendition in existing:
        image = rendition.image
        if rendition.focal_point_key == wanted.get_cache_key(image):
            result.setdefault(image.pk, (image, rendition))
    missing = image_ids - result.keys()
    if missing:
        for image in CustomImage.objects.filter(pk__in=missing):
            result[image.pk] = (image, new_rendition(image, spec))
    return result


def listed_images(
    ctx: SiteContext, image_ids: set[int]
) -> dict[int, tuple[CustomImage, object]]:
    """images_with_renditions() for listing images, remembered per content
    version (an image's change moves it): a results page otherwise spent a
    query with every image joined on finding the same renditions again.
    Images whose rendition could not be made are asked for again."""
    known = memo.get(ctx.version, ("images", LISTING_RENDITION), dict)
    found = images_with_renditions(image_ids - known.keys(), LISTING_RENDITION)
    if found and len(known) < MAX_REMEMBERED_IMAGES:
        known.update((pk, pair) for pk, pair in found.items() if pair[1] is not None)
    return {pk: known[pk] for pk in image_ids & known.keys()} | found


def named_json(page: Page) -> dict:
    """A theme or topic as the API names it (from SiteContext.structure)."""
    return {"slug": page.slug, "title": page.title, "locale": page.content_language}


def _utc(value: datetime.datetime | None) -> datetime.datetime | None:
    return value.astimezone(datetime.UTC) if value else None


class SummaryBuilder:
    """Builds ResourceSummary objects for a list of pages in bounded queries."""

    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.request = ctx.request

    def build(self, pages: list[Page]) -> list[dict]:
        if not pages:
            return []
        ids = [page.pk for page in pages]
        roles = defaultdict(list)
        for page_id, role in self._roles(ids):
            roles[page_id].append({"slug": role[0], "name": role[1]})
        kind_fields = {page.pk: summary_and_image_id(page) for page in pages}
        images = listed_images(
            self.ctx, {image_id for _, image_id in kind_fields.values() if image_id}
        )
        translations = self._translations(pages)
        shared_from = self._shared_from(pages)
        kinds = resource_content_types()
        languages = self.ctx.languages()
        items = []
        for page in pages:
            # A related page may be of another language (a fallback).
            language = languages.get(page.locale_id, self.ctx.language_code)
            summary, image_id = kind_fields[page.pk]
            theme, topic = self.ctx.theme_and_topic_of(page)
            image, rendition = images.get(image_id, (None, None))
            items.append(
                {
                    "id": page.pk,
                    "kind": kinds[page.content_type_id],
                    "title": page.title,
                    "slug": page.slug,
                    "summary": summary,
                    "url": page.get_full_url(self.request),
                    "api_url": self.api_url(page, language),
                    "locale": language,
                    "site": self.ctx.profile.slug,
                    "theme": named_json(theme) if theme else None,
                    "topic": named_json(topic) if topic else None,
                    "roles": roles[page.pk],
                    "image": image_json(
                        self.request, image, rendition, self.ctx.language_code
                    ),
                    "published_at": _utc(page.first_published_at),
                    "updated_at": _utc(page.last_published_at),
                    "shared_from": shared_from.get(page.pk),
                    "translations": translations.get(page.translation_key, []),
                }
            )
        return items

    def api_url(self, page: Page, language: str) -> str:
        """The resource's absolute address in the API, on the same site as
        this request (the host alone may name another), and in the page's own
        language where the request named one: following it gives this
        site's detail of this page."""
        query = {"site": self.ctx.profile.slug}
        if self.ctx.locale_given:
            query["locale"] = language
        return f"{self._api_base}{page.pk}/?{urlencode(query)}"

    @cached_property
    def _api_base(self) -> str:
        # Scheme and host as the request came (SECURE_PROXY_SSL_HEADER behind
        # a proxy), so a consumer follows it to the same server.
        return self.request.build_absolute_uri("/api/v1/resources/")

    def _roles(self, ids: list[int]) -> list[tuple[int, tuple[str, str, int]]]:
        """(page id, role) for the pages' roles, in order (SiteContext.roles)."""
        links = list(
            ResourcePageRole.objects.filter(page_id__in=ids)
            .order_by("sort_order", "pk")
            .values_list("page_id", "role_id")
        )
        roles = self.ctx.roles({role_id for _page, role_id in links})
        return [(page_id, roles[role_id]) for page_id, role_id in links]

    def _translations(self, pages: list[Page]) -> dict:
        """Published translations on the same site, by translation key."""
        roots = self.ctx.own_root_paths()
        translations = defaultdict(list)
        rows = (
            Page.objects.filter(
                self.ctx.visible(),
                translation_key__in={page.translation_key for page in pages},
            )
            .exclude(locale__language_code=self.ctx.language_code)
            .values_list("translation_key", "pk", "locale__language_code", "url_path")
            .order_by("locale__language_code")
        )
        for key, pk, language, url_path in rows:
            if any(url_path.startswith(root) for root in roots):
                translations[key].append({"locale": language, "id": pk})
        return translations

    def _shared_from(self, pages: list[Page]) -> dict:
        """For aliases of another site's page: that site's slug and the original id."""
        original_ids = {page.alias_of_id for page in pages if page.alias_of_id}
        if not original_ids:
            return {}
        originals = dict(
            Page.objects.filter(pk__in=original_ids).values_list("pk", "url_path")
        )
        profiles = {profile.site_id: profile.slug for profile in self.ctx.profiles()}
        roots = self.ctx.site_root_paths()
        shared = {}
        for page in pages:
            url_path = originals.get(page.alias_of_id)
            if url_path is None:
                continue
            for root in roots:
                if url_path.startswith(root.root_path):
                    shared[page.pk] = {
                        "site": profiles.get(root.site_id),
                        "id": page.alias_of_id,
                    }
                    break
        return shared


def plain_text(html: str) -> str:
    return " ".join(strip_tags(html).split())
