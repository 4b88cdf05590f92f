"""The full resource: body, the kind's own object and related resources."""

from django.utils.translation import gettext as _

from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from pages.models import LinkPage, PodcastEpisodePage, VideoPage, WebinarPage
from pages.models.base import prefer_locale

from .context import SiteContext
from .errors import NotFound
from .serializers import (
    BODY_RENDITION,
    SummaryBuilder,
    absolute_url,
    image_json,
    renditions_for,
    specific_row,
    with_specific_rows,
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
    related_ids = [link.target_id for link in specific.related_links.all()]
    visible = ctx.all_locale_resources()
    related_rows = {
        p.pk: p
        for p in visible.filter(pk__in=related_ids).only(
            "pk", "locale_id", "translation_key"
        )
    }
    # Each in the page's language where the site shows a translation; the
    # others keep theirs, which their "locale" says.
    chosen = prefer_locale(
        [related_rows[pk] for pk in related_ids if pk in related_rows],
        page.locale_id,
        visible.only("pk", "locale_id", "translation_key"),
    )
    rows = {
        p.pk: p
        for p in with_specific_rows(visible.filter(pk__in=[p.pk for p in chosen]))
    }
    related = [rows[p.pk] for p in chosen if p.pk in rows]
    # One summary pass for the page and its related resources: bounded queries.
    summary, *related_summaries = SummaryBuilder(ctx).build([page, *related])
    detail = {**summary, "body": body_json(ctx, specific)}
    if isinstance(specific, WebinarPage):
        detail["webinar"] = {
            **video_json(ctx, specific),
            "held_on": specific.held_on,
            "speakers": [
                {"name": block.value["name"], "title": block.value["title"]}
                for block in specific.speakers
            ],
            "slides_url": absolute_url(ctx.request, specific.slides.url)
            if specific.slides
            else None,
        }
    elif isinstance(specific, VideoPage):
        detail["video"] = video_json(ctx, specific)
    elif isinstance(specific, PodcastEpisodePage):
        audio = specific.audio
        detail["podcast"] = {
            "audio_url": absolute_url(ctx.request, audio.url)
            if audio
            else specific.external_audio_url or None,
            "mime_type": audio.mime_type if audio else None,
            "duration_seconds": specific.duration_seconds,
            "transcript": specific.transcript,
            "series": {"slug": specific.series.slug, "title": specific.series.title}
            if specific.series
            else None,
        }
    elif isinstance(specific, LinkPage):
        detail["link"] = {
            "external_url": specific.external_url,
            "publisher": specific.publisher,
            "language": specific.language,
            "link_checked_at": specific.link_checked_at,
            "link_ok": specific.link_ok,
        }
    detail["related"] = related_summaries
    return detail


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
