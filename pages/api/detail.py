"""The full resource: body, the kind's own object and related resources."""

from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from pages.delivery.context import SiteContext
from pages.delivery.errors import NotFound
from pages.delivery.results import related_resources, with_specific_rows
from pages.delivery.summaries import (
    BODY_RENDITION,
    SummaryBuilder,
    absolute_url,
    image_json,
    renditions_for,
    specific_row,
)


def visible_resource(ctx: SiteContext, page_id: int) -> Page:
    """The resource with this id if the public may see it on this site, else 404."""
    queryset = ctx.resources() if ctx.locale_given else ctx.all_locale_resources()
    page = (
        with_specific_rows(queryset.filter(pk=page_id)).select_related("locale").first()
    )
    if page is None:
        raise NotFound(_("Materialet finns inte."))
    return page


def resource_detail(ctx: SiteContext, page: Page) -> dict:
    ctx.use_locale_of(page)
    # The kind's own row came with the page (with_specific_rows): no .specific query.
    specific = specific_row(page)
    visible = ctx.all_locale_resources()
    # Each in the page's language where the site shows a translation; the
    # others keep theirs, which their "locale" says.
    chosen = related_resources(ctx, specific, page.locale_id, visible)
    rows = {
        p.pk: p
        for p in with_specific_rows(visible.filter(pk__in=[p.pk for p in chosen]))
    }
    related = [rows[p.pk] for p in chosen if p.pk in rows]
    # One summary pass for the page and its related resources: bounded queries.
    summary, *related_summaries = SummaryBuilder(ctx).build([page, *related])
    detail = {**summary, "body": body_json(ctx, specific)}
    kind_json = KIND_DETAILS.get(specific.kind)
    if kind_json is not None:
        detail[specific.kind] = kind_json(ctx, specific)
    detail["related"] = related_summaries
    return detail


def webinar_json(ctx: SiteContext, page) -> dict:
    return {
        **video_json(ctx, page),
        "held_on": page.held_on,
        "speakers": [
            {"name": block.value["name"], "title": block.value["title"]}
            for block in page.speakers
        ],
        "slides_url": absolute_url(ctx.request, page.slides.url)
        if page.slides
        else None,
    }


def podcast_json(ctx: SiteContext, page) -> dict:
    audio = page.audio
    return {
        "audio_url": absolute_url(ctx.request, audio.url)
        if audio
        else page.external_audio_url or None,
        "mime_type": audio.mime_type if audio else None,
        "duration_seconds": page.duration_seconds,
        "transcript": page.transcript,
        "series": {"slug": page.series.slug, "title": page.series.title}
        if page.series
        else None,
    }


def link_json(ctx: SiteContext, page) -> dict:
    return {
        "external_url": page.external_url,
        "publisher": page.publisher,
        "language": page.language,
        "link_checked_at": page.link_checked_at,
        "link_ok": page.link_ok,
    }


def video_json(ctx: SiteContext, page) -> dict:
    video = page.video
    captions = []
    if video is not None:
        captions = [
            {
                "language": caption.language,
                "url": absolute_url(ctx.request, caption.file.url),
            }
            for caption in video.captions.all()
        ]
    return {
        "file_url": absolute_url(ctx.request, video.url) if video else None,
        "embed_url": page.embed_url,
        "provider": page.provider,
        "duration_seconds": page.duration_seconds,
        "captions": captions,
        "transcript": page.transcript,
    }


def body_json(ctx: SiteContext, page) -> list[dict]:
    """StreamField blocks as {type, value, id}; rich text as public HTML."""
    figures = [
        block.value["image"] for block in page.body if block.block_type == "figure"
    ]
    renditions = renditions_for(figures, BODY_RENDITION)
    blocks = []
    for block in page.body:
        kind, value = block.block_type, block.value
        if kind == "paragraph":
            data = expand_db_html(value.source)
        elif kind == "heading":
            data = {"text": value["text"], "level": value["level"]}
        elif kind == "callout":
            data = {
                "title": value["title"],
                "text": expand_db_html(value["text"].source),
            }
        elif kind == "quote":
            data = {"quote": value["quote"], "attribution": value["attribution"]}
        elif kind == "figure":
            image = value["image"]
            data = {
                "image": image_json(
                    ctx.request, image, renditions.get(image.pk), ctx.language_code
                ),
                "caption": value["caption"],
            }
            if data["image"] is not None:
                data["image"]["alt"] = (
                    getattr(image, "contextual_alt_text", None) or data["image"]["alt"]
                )
        elif kind == "document":
            document = value["document"]
            data = {
                "title": value["title"] or document.title,
                "url": absolute_url(ctx.request, document.url),
                "file_extension": document.file_extension,
            }
        else:
            data = block.block.get_api_representation(value)
        blocks.append({"type": kind, "value": data, "id": block.id})
    return blocks


# A kind's own object in the detail (API.md), by kind; articles have none.
KIND_DETAILS = {
    "video": video_json,
    "webinar": webinar_json,
    "podcast": podcast_json,
    "link": link_json,
}
