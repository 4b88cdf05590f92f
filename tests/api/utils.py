"""A small, fully known content tree for API tests, and a request helper."""

import datetime
import json
from unittest import mock

from django.test import TestCase

from wagtail.models import Page, Site

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import (
    ArticlePage,
    HomePage,
    LinkPage,
    PodcastEpisodePage,
    SiteProfile,
    ThemeHubPage,
    TopicPage,
    VideoPage,
    WebinarPage,
)
from tests.factories import make_image, make_media, make_resource

TREE = {
    "motverka-brott": ["otillaten-paverkan", "organiserad-brottslighet"],
    "trygghetsskapande": ["samverkan"],
}


def utc(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def clock_at(moment: datetime.datetime):
    """Let time pass: django.utils.timezone.now() answers `moment` inside."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


def build_tree(slug: str, hostname: str, is_hub: bool) -> dict[str, Page]:
    """A site with the themes and topics of TREE; returns topic pages by slug."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title=slug.upper(), slug=slug))
    home.save_revision().publish()
    site = Site.objects.create(
        hostname=hostname,
        port=80,
        root_page=home,
        site_name=slug,
        is_default_site=is_hub,
    )
    SiteProfile.objects.create(site=site, slug=slug, is_hub=is_hub)
    pages = {"home": home}
    for theme_slug, topic_slugs in TREE.items():
        theme = home.add_child(
            instance=ThemeHubPage(title=theme_slug.title(), slug=theme_slug)
        )
        theme.save_revision().publish()
        pages[theme_slug] = theme
        for topic_slug in topic_slugs:
            topic = theme.add_child(
                instance=TopicPage(title=topic_slug.title(), slug=topic_slug)
            )
            topic.save_revision().publish()
            pages[topic_slug] = topic
    return pages


def published(model, parent, when: datetime.datetime, **fields):
    """A published, unshared resource whose publish dates are `when`."""
    page = make_resource(model, parent, **({"share_with": "none"} | fields))
    Page.objects.filter(pk=page.pk).update(
        first_published_at=when, last_published_at=when
    )
    page.refresh_from_db()
    return page


class ApiTestCase(TestCase):
    """GR (localhost) with five resources, one per kind, and Mölndal with one."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        image = make_image()
        cls.article = published(
            ArticlePage, cls.gr["otillaten-paverkan"], utc(2026, 1, 10),
            title="Hot mot handläggare", slug="hot", roles=("socialtjanst",),
            listing_image=image,
        )  # fmt: skip
        cls.video = published(
            VideoPage, cls.gr["otillaten-paverkan"], utc(2026, 2, 10),
            title="Film om påverkan", slug="film", roles=("upphandling-och-inkop",),
            video=make_media("video"), transcript="Det som sägs.", listing_image=image,
        )  # fmt: skip
        cls.link = published(
            LinkPage, cls.gr["organiserad-brottslighet"], utc(2026, 3, 10),
            title="Brå om brottslighet", slug="bra", roles=("alla-medarbetare",),
            external_url="https://bra.se/", publisher="Brå", listing_image=image,
        )  # fmt: skip
        cls.podcast = published(
            PodcastEpisodePage, cls.gr["samverkan"], utc(2026, 4, 10),
            title="Avsnitt om samverkan", slug="podd", roles=("chefer", "socialtjanst"),
            audio=make_media("audio", captions=False), transcript="Samtal.",
            listing_image=image,
        )  # fmt: skip
        cls.webinar = published(
            WebinarPage, cls.gr["organiserad-brottslighet"], utc(2026, 5, 10),
            title="Webbinarium om upphandling", slug="webbinarium",
            roles=("upphandling-och-inkop", "chefer"), video=make_media("video"),
            transcript="Välkomna.", listing_image=image,
        )  # fmt: skip
        cls.local = published(
            ArticlePage, cls.molndal["samverkan"], utc(2026, 6, 10),
            title="Lokalt stöd i Mölndal", slug="lokalt", roles=("socialtjanst",),
        )  # fmt: skip

    def get(self, endpoint: str, host: str = "localhost", **params):
        return self.client.get(f"/api/v1/{endpoint}", params, HTTP_HOST=host)

    def get_json(
        self, endpoint: str, host: str = "localhost", expect: int = 200, **params
    ):
        response = self.get(endpoint, host=host, **params)
        self.assertEqual(response.status_code, expect, response.content[:500])
        return json.loads(response.content)

    def ids(self, endpoint: str = "resources/", **params) -> list[int]:
        return [item["id"] for item in self.get_json(endpoint, **params)["items"]]
