"""Builds the demo: 14 sites, their page trees, GR's resources and local ones.

Every step looks for what it would create first, so running it again changes
nothing.
"""

import datetime
import io
from collections import Counter
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.models import Locale, Page, Site

from media_library.models import CustomDocument, CustomImage, MediaCaption, MediaFile
from pages.models import (
    ArticlePage,
    HomePage,
    LinkPage,
    PodcastEpisodePage,
    PodcastSeries,
    ResourcePageRelated,
    ResourcePageRole,
    Role,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
    VideoPage,
    WebinarPage,
)

from .content import load_data, stream_data
from .english import build_english
from .media import (
    DEMO_AUDIO,
    DEMO_CLIP_SECONDS,
    DEMO_VIDEO,
    captions_from_transcript,
    placeholder_image,
    placeholder_logo,
    podcast_cover,
    slides_pdf,
)
from .site_info import build_site_info

HUB_SLUG = "gr"
KIND_MODELS = {
    "article": ArticlePage,
    "video": VideoPage,
    "webinar": WebinarPage,
    "podcast": PodcastEpisodePage,
    "link": LinkPage,
}


def remove_wagtail_welcome_page() -> None:
    """Delete the placeholder home page and site made by Wagtail's first migration."""
    root = Page.get_first_root_node()
    for page in root.get_children().filter(slug="home", content_type__model="page"):
        Site.objects.filter(root_page=page).delete()
        page.delete()


class DemoBuilder:
    def __init__(self, port: int = 80) -> None:
        self.port = port
        self.created: Counter[str] = Counter()

    @transaction.atomic
    def build(self) -> Counter[str]:
        vocabulary = load_data("vocabulary.json")
        structure = load_data("structure.json")
        shared = load_data("gr_resources.json")
        local = load_data("local_resources.json")

        self.locale = Locale.get_default()
        self.roles = {
            role.slug: role for role in Role.objects.filter(locale=self.locale)
        }
        root = Page.get_first_root_node()
        remove_wagtail_welcome_page()

        topics: dict[tuple[str, str], TopicPage] = {}
        for site_data in vocabulary["sites"]:
            home = self._site(root, site_data, structure)
            for theme in vocabulary["themes"]:
                hub = self._child(
                    home,
                    ThemeHubPage,
                    theme["slug"],
                    title=theme["sv"],
                    intro=structure["themes"][theme["slug"]],
                )
                for topic in vocabulary["topics"]:
                    if topic["theme"] == theme["slug"]:
                        topics[site_data["slug"], topic["slug"]] = self._child(
                            hub,
                            TopicPage,
                            topic["slug"],
                            title=topic["sv"],
                            intro=structure["topics"][topic["slug"]],
                        )

        self.images = self._topic_images(vocabulary)
        self.series = self._podcast_series(shared["podcast_series"])
        new_pages: list[tuple[Page, dict]] = []
        by_site_slug: dict[tuple[str, str], Page] = {}
        for site_slug, data in [(HUB_SLUG, item) for item in shared["resources"]] + [
            (item["site"], item) for item in local["resources"]
        ]:
            topic_page = topics[site_slug, data["topic"]]
            page, created = self._resource(topic_page, data)
            by_site_slug[site_slug, data["slug"]] = page
            if created:
                new_pages.append((page, data | {"site": site_slug}))

        # Publish once every page exists, so related links can point anywhere.
        for page, data in new_pages:
            page.related_links = [
                ResourcePageRelated(target=by_site_slug[data["site"], slug])
                for slug in data.get("related", [])
            ]
            page.save_revision().publish()
        build_english(vocabulary, HUB_SLUG, self.created)
        build_site_info(vocabulary, HUB_SLUG, self.created)
        return self.created

    # --- Sites and structure -------------------------------------------------

    def _site(self, root: Page, data: dict, structure: dict) -> HomePage:
        intro = structure["home_intro"]
        home = self._child(
            root,
            HomePage,
            data["slug"],
            title=data["name"],
            intro=intro["gr"] if data.get("is_hub") else intro["member"].format(**data),
        )
        if not SiteProfile.objects.filter(slug=data["slug"]).exists():
            site = Site.objects.create(
                hostname=data["hostname"],
                port=self.port,
                site_name=data["name"],
                root_page=home,
                is_default_site=bool(data.get("is_hub")),
            )
            SiteProfile.objects.create(
                site=site,
                slug=data["slug"],
                is_hub=bool(data.get("is_hub")),
                logo=self._logo(data),
            )
            self.created["sites"] += 1
        return home

    def _child(self, parent: Page, model: type[Page], slug: str, **fields) -> Page:
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, locale=self.locale, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created["pages"] += 1
        return page

    # --- Media ---------------------------------------------------------------

    def _logo(self, data: dict) -> CustomImage:
        """A site's logo: shown beside its name, so decorative (empty alt)."""
        image = CustomImage(
            title=f"Logotyp: {data['name']}",
            file=ImageFile(
                io.BytesIO(placeholder_logo(data["name"])),
                name=f"logo-{data['slug']}.png",
            ),
            is_decorative=True,
            credit="Genererad logotyp",
            licence="cc0",
        )
        image.save()
        self.created["images"] += 1
        return image

    def _topic_images(self, vocabulary: dict) -> dict[str, CustomImage]:
        images = {}
        for variant, topic in enumerate(vocabulary["topics"]):
            title = f"Illustration: {topic['sv']}"
            image = CustomImage.objects.filter(title=title).first()
            if image is None:
                content = placeholder_image(topic["theme"], variant)
                image = CustomImage(
                    title=title,
                    file=ImageFile(io.BytesIO(content), name=f"{topic['slug']}.jpg"),
                    # Abstract shapes carry no information: decorative, empty alt.
                    is_decorative=True,
                    credit="Genererad illustration",
                    licence="cc0",
                )
                image.save()
                self.created["images"] += 1
            images[topic["slug"]] = image
        return images

    def _media_file(
        self, title: str, media_type: str, transcript: list[str]
    ) -> MediaFile:
        media = MediaFile.objects.filter(title=title, media_type=media_type).first()
        if media is not None:
            return media
        source = DEMO_VIDEO if media_type == "video" else DEMO_AUDIO
        media = MediaFile(
            title=title,
            media_type=media_type,
            mime_type="video/mp4" if media_type == "video" else "audio/mpeg",
            file_size=source.stat().st_size,
            duration_seconds=DEMO_CLIP_SECONDS,
            transcript="\n\n".join(transcript),
        )
        media.file.save(source.name, ContentFile(source.read_bytes()), save=False)
        if media_type == "video":
            vtt = captions_from_transcript(transcript, DEMO_CLIP_SECONDS)
            caption = MediaCaption(language="sv", label="Svenska")
            caption.file.save("captions.sv.vtt", ContentFile(vtt.encode()), save=False)
            media.captions = [caption]
        media.save()
        self.created["media files"] += 1
        return media

    def _slides(self, data: dict) -> CustomDocument:
        title = f"Presentation: {data['title']}"
        document = CustomDocument.objects.filter(title=title).first()
        if document is None:
            speakers = [f"{s['name']}, {s['title']}" for s in data["speakers"]]
            pdf = slides_pdf(
                data["title"], ["Webbinarium, Göteborgsregionen", *speakers]
            )
            document = CustomDocument(title=title)
            document.file.save(f"{data['slug']}.pdf", ContentFile(pdf), save=False)
            document.save()
            self.created["documents"] += 1
        return document

    def _podcast_series(self, series_data: list[dict]) -> dict[str, PodcastSeries]:
        series = {}
        for data in series_data:
            item, created = PodcastSeries.objects.get_or_create(
                slug=data["slug"],
                locale=self.locale,
                defaults={
                    "title": data["title"],
                    "description": data["description"],
                    "author": data["author"],
                },
            )
            self.created["podcast series"] += created
            self._complete_for_podcast_apps(item, data)
            series[data["slug"]] = item
        return series

    def _complete_for_podcast_apps(self, series: PodcastSeries, data: dict) -> None:
        """The cover and owner podcast apps require, also on a series (and its
        translations) seeded before the demo had them."""
        if series.image_id is not None and series.owner_email:
            return
        cover = self._podcast_cover(data)
        for item in PodcastSeries.objects.filter(
            translation_key=series.translation_key
        ):
            item.image = item.image or cover
            item.owner_name = item.owner_name or data["owner_name"]
            item.owner_email = item.owner_email or data["owner_email"]
            item.save()
        series.refresh_from_db()

    def _podcast_cover(self, data: dict) -> CustomImage:
        title = f"Omslag: {data['title']}"
        image = CustomImage.objects.filter(title=title).first()
        if image is None:
            image = CustomImage(
                title=title,
                file=ImageFile(
                    io.BytesIO(podcast_cover(data["title"])),
                    name=f"{data['slug']}.jpg",
                ),
                # The cover shows the series' name, and nothing else.
                alt_text=data["title"],
                credit="Genererad omslagsbild",
                licence="cc0",
            )
            image.save()
            self.created["images"] += 1
        return image

    # --- Resources -----------------------------------------------------------

    def _resource(self, topic_page: TopicPage, data: dict) -> tuple[Page, bool]:
        existing = topic_page.get_children().filter(slug=data["slug"]).first()
        if existing is not None:
            return existing.specific, False
        page = KIND_MODELS[data["kind"]](
            title=data["title"],
            slug=data["slug"],
            locale=self.locale,
            summary=data["summary"],
            content_owner=data["content_owner"],
            body=stream_data(data["body"]),
            listing_image=self.images[data["topic"]],
            **self._kind_fields(data),
        )
        page.role_links = [
            ResourcePageRole(role=self.roles[slug]) for slug in data["roles"]
        ]
        topic_page.add_child(instance=page)
        self.created["resources"] += 1
        return page, True

    def _kind_fields(self, data: dict) -> dict[str, Any]:
        kind = data["kind"]
        transcript = data.get("transcript", [])
        if kind in ("video", "webinar"):
            fields = {
                "video": self._media_file(data["title"], "video", transcript),
                "duration_seconds": DEMO_CLIP_SECONDS,
                "transcript": "\n\n".join(transcript),
            }
            if kind == "webinar":
                fields |= {
                    "held_on": datetime.date.fromisoformat(data["held_on"]),
                    "speakers": [
                        {"type": "speaker", "value": speaker}
                        for speaker in data["speakers"]
                    ],
                    "slides": self._slides(data),
                }
            return fields
        if kind == "podcast":
            return {
                "audio": self._media_file(data["title"], "audio", transcript),
                "duration_seconds": DEMO_CLIP_SECONDS,
                "transcript": "\n\n".join(transcript),
                "series": self.series[data["series"]],
                "episode_number": data["episode_number"],
                "explicit": data.get("explicit", False),
            }
        if kind == "link":
            return {
                "external_url": data["external_url"],
                "publisher": data["publisher"],
                "language": data.get("language", "sv"),
            }
        return {}
