"""Turn pages into the API's JSON shapes with a fixed number of queries."""

import datetime
from collections import defaultdict

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import TextField
from django.utils.html import strip_tags

from wagtail.fields import StreamField
from wagtail.images.models import Filter
from wagtail.models import Page, Site

from media_library.models import CustomImage, CustomRendition
from pages.models import RESOURCE_MODELS, ResourcePageRole, SiteProfile

from .context import SiteContext, resource_content_types, visible_q

LISTING_RENDITION = "fill-640x360"
BODY_RENDITION = "width-960"
CHILD_ACCESSORS = [model._meta.model_name for model in RESOURCE_MODELS]


def with_specific_rows(queryset):
    """Join each resource kind's own table (and listing image) into one query."""
    return queryset.select_related(
        *CHILD_ACCESSORS, *(f"{name}__listing_image" for name in CHILD_ACCESSORS)
    )


def summary_rows(queryset):
    """with_specific_rows() without each kind's long texts (body, transcript,
    speakers), which a summary never reads: loading them took a third of
    the time of fetching a page of results."""
    return with_specific_rows(queryset).defer(*LONG_FIELDS)


def _long_fields() -> list[str]:
    return [
        f"{model._meta.model_name}__{field.name}"
        for model in RESOURCE_MODELS
        for field in model._meta.get_fields(include_parents=False)
        if isinstance(field, StreamField | TextField) and field.name != "summary"
    ]


LONG_FIELDS = _long_fields()


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


def image_json(request, image: CustomImage | None, rendition) -> dict | None:
    if image is None or rendition is None:
        return None
    return {
        "url": absolute_url(request, rendition.url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": image.default_alt_text,
    }


def renditions_for(images: list[CustomImage], spec: str) -> dict[int, object]:
    """One query for existing renditions; any missing are created (first time only)."""
    images = [image for image in images if image is not None]
    if not images:
        return {}
    found = {}
    wanted = Filter(spec=spec)
    existing = CustomRendition.objects.filter(
        image_id__in={image.pk for image in images}, filter_spec=spec
    )
    for rendition in existing:
        found.setdefault((rendition.image_id, rendition.focal_point_key), rendition)
    result = {}
    for image in images:
        key = (image.pk, wanted.get_cache_key(image))
        result[image.pk] = found.get(key) or image.get_rendition(spec)
    return result


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
        for link in (
            ResourcePageRole.objects.filter(page_id__in=ids)
            .select_related("role")
            .order_by("sort_order", "pk")
        ):
            roles[link.page_id].append({"slug": link.role.slug, "name": link.role.name})
        specifics = {page.pk: specific_row(page) for page in pages}
        renditions = renditions_for(
            [row.listing_image for row in specifics.values() if row is not None],
            LISTING_RENDITION,
        )
        translations = self._translations(pages)
        shared_from = self._shared_from(pages)
        kinds = resource_content_types()
        items = []
        for page in pages:
            row = specifics[page.pk]
            theme, topic = self.ctx.theme_and_topic_of(page)
            image = row.listing_image if row is not None else None
            items.append(
                {
                    "id": page.pk,
                    "kind": kinds[page.content_type_id],
                    "title": page.title,
                    "slug": page.slug,
                    "summary": row.summary if row is not None else "",
                    "url": page.get_full_url(self.request),
                    "api_url": f"/api/v1/resources/{page.pk}/",
                    "locale": self.ctx.language_code,
                    "site": self.ctx.profile.slug,
                    "theme": {"slug": theme.slug, "title": theme.title}
                    if theme
                    else None,
                    "topic": {"slug": topic.slug, "title": topic.title}
                    if topic
                    else None,
                    "roles": roles[page.pk],
                    "image": image_json(
                        self.request, image, renditions.get(image.pk) if image else None
                    ),
                    "published_at": _utc(page.first_published_at),
                    "updated_at": _utc(page.last_published_at),
                    "shared_from": shared_from.get(page.pk),
                    "translations": translations.get(page.translation_key, []),
                }
            )
        return items

    def _site_root_paths(self) -> list[str]:
        return [
            root.root_path
            for root in Site.get_site_root_paths()
            if root.site_id == self.ctx.site.pk
        ]

    def _translations(self, pages: list[Page]) -> dict:
        """Published translations on the same site, by translation key."""
        roots = self._site_root_paths()
        translations = defaultdict(list)
        rows = (
            Page.objects.filter(
                visible_q(self.ctx.private_paths),
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
        profiles = {
            profile.site_id: profile.slug
            for profile in SiteProfile.objects.filter(slug__isnull=False)
        }
        shared = {}
        for page in pages:
            url_path = originals.get(page.alias_of_id)
            if url_path is None:
                continue
            for root in Site.get_site_root_paths():
                if url_path.startswith(root.root_path):
                    shared[page.pk] = {
                        "site": profiles.get(root.site_id),
                        "id": page.alias_of_id,
                    }
                    break
        return shared


def plain_text(html: str) -> str:
    return " ".join(strip_tags(html).split())
