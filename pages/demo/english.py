"""The demo's English: GR's material translated as translators work.

GR's home, themes, topics and about half of its resources get English
translations through wagtail-localize, as an editor's "Översätt" and a
translator's text in the segment editor would make them: each Swedish
segment is given the text of the same segment of an English copy of the
page (pages/demo/data/gr_resources_en.json, structure_en.json), then the
translation is published. The members get English home pages and themes,
so GR's English material is shared with them as aliases, as the Swedish is.
"""

import copy
import re
import uuid
from collections import Counter

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from pages.models import PodcastSeries

from .content import load_data, stream_data

# Stream block ids differ between the Swedish page and its English copy.
BLOCK_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _strings(page: Page) -> list[StringSegmentValue]:
    return [s for s in extract_segments(page) if isinstance(s, StringSegmentValue)]


def segment_texts(page: Page, english: Page) -> dict[tuple[str, str], str]:
    """(segment path, Swedish text) → English text, pairing the segments of
    `page` and of `english` (the same page with English fields) in order."""
    swedish, translated = _strings(page), _strings(english)
    shapes = [BLOCK_ID.sub("*", segment.path) for segment in swedish]
    if shapes != [BLOCK_ID.sub("*", segment.path) for segment in translated]:
        raise ValueError(f"The English of {page.slug!r} is not shaped like the page")
    return {
        (sv.path, sv.string.data): en.string.data
        for sv, en in zip(swedish, translated, strict=True)
    }


def translate_page(page: Page, fields: dict, locale: Locale) -> Page:
    """`page` translated into `locale` with wagtail-localize, its segments
    given the text of `fields`; published. Returns the translation."""
    page = page.specific
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    english = copy.copy(page)
    for name, value in fields.items():
        setattr(english, name, value)
    texts = segment_texts(page, english)
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale
    )
    po = translation.export_po()
    for entry in po:
        entry.msgstr = texts[(entry.msgctxt, entry.msgid)]
    translation.import_po(po)
    # A draft first (wagtail-localize would publish after the commit), then
    # published here, so the shared copies are made in this run.
    translation.save_target(publish=False)
    translated = page.get_translation(locale).specific
    translated.get_latest_revision().publish()
    return translated


def translate_series(series: PodcastSeries, data: dict, locale: Locale):
    existing = series.get_translation_or_none(locale)
    if existing is not None:
        return existing
    translated = series.copy_for_translation(locale)
    translated.title, translated.description = data["title"], data["description"]
    translated.save()
    return translated


def with_ids(stream: list[dict]) -> list[dict]:
    return [{**block, "id": str(uuid.uuid4())} for block in stream]


def resource_fields(data: dict) -> dict:
    """A resource's English fields, from gr_resources_en.json's entry."""
    fields = {
        name: data[name]
        for name in ("title", "slug", "summary", "content_owner", "publisher")
        if name in data
    }
    # Stream blocks need ids: they are in their segments' paths.
    fields["body"] = with_ids(stream_data(data["body"]))
    if "transcript" in data:
        fields["transcript"] = "\n\n".join(data["transcript"])
    if "speakers" in data:
        fields["speakers"] = with_ids(
            [{"type": "speaker", "value": speaker} for speaker in data["speakers"]]
        )
    return fields


def build_english(vocabulary: dict, hub_slug: str, created: Counter) -> None:
    """English for every site's home page and themes, GR's topics and the
    translated part of GR's resources (see the module's docstring)."""
    structure = load_data("structure_en.json")
    resources = load_data("gr_resources_en.json")
    english = Locale.objects.get(language_code="en")
    swedish = Locale.get_default()
    homes = {
        page.slug: page
        for page in Page.objects.filter(depth=2, locale=swedish).specific()
    }
    hub_topics = {}
    for site in vocabulary["sites"]:
        home = homes[site["slug"]]
        is_hub = site["slug"] == hub_slug
        intro = structure["home_intro"]["gr" if is_hub else "member"]
        before = home.get_translation_or_none(english)
        translate_page(home, {"intro": intro.format(**site)}, english)
        created["English pages"] += before is None
        for theme in vocabulary["themes"]:
            theme_page = home.get_children().get(slug=theme["slug"])
            fields = {"title": theme["en"], "intro": structure["themes"][theme["slug"]]}
            translate_page(theme_page, fields, english)
            if not is_hub:
                continue
            for topic in vocabulary["topics"]:
                if topic["theme"] == theme["slug"]:
                    topic_page = theme_page.get_children().get(slug=topic["slug"])
                    fields = {
                        "title": topic["en"],
                        "intro": structure["topics"][topic["slug"]],
                    }
                    hub_topics[topic["slug"]] = translate_page(
                        topic_page, fields, english
                    )
    for series in PodcastSeries.objects.filter(locale=swedish):
        if series.slug in resources["podcast_series"]:
            translate_series(series, resources["podcast_series"][series.slug], english)
    hub = homes[hub_slug]
    for slug, data in resources["resources"].items():
        page = Page.objects.descendant_of(hub).get(slug=slug)
        before = page.get_translation_or_none(english)
        translate_page(page, resource_fields(data), english)
        created["English resources"] += before is None
