"""Watching and listening on the reference site: captions and transcripts,
external video only after the reader's consent, podcasts and webinars."""

import datetime
import re

from django.core.files.base import ContentFile
from django.test import TestCase

from media_library.models import CustomDocument, MediaCaption
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import PodcastEpisodePage, VideoPage, WebinarPage
from tests.api.utils import build_tree
from tests.factories import VALID_VTT, make_media, make_resource


def sources(html: str) -> list[str]:
    """Every address the browser would fetch on its own: src attributes."""
    return re.findall(r'\ssrc="([^"]*)"', html)


class MediaPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        topic = build_tree("gr", "localhost", is_hub=True)["samverkan"]
        video = make_media("video")
        english = MediaCaption(media=video, language="en", sort_order=1)
        english.file.save("en.vtt", ContentFile(VALID_VTT.encode()), save=False)
        english.save()
        cls.hosted = make_resource(
            VideoPage, topic, title="Film om samverkan", slug="film", video=video,
            transcript="Det som sägs i filmen.", share_with="none",
        )  # fmt: skip
        cls.youtube = make_resource(
            VideoPage, topic, title="Film hos Youtube", slug="youtube",
            external_url="https://www.youtube.com/watch?v=abc123",
            provider_captions_confirmed=True, transcript="Text.", share_with="none",
        )  # fmt: skip
        cls.elsewhere = make_resource(
            VideoPage, topic, title="Film någon annanstans", slug="annanstans",
            external_url="https://video.example.org/v/42",
            provider_captions_confirmed=True, transcript="Text.", share_with="none",
        )  # fmt: skip
        cls.episode = make_resource(
            PodcastEpisodePage, topic, title="Avsnitt", slug="avsnitt",
            audio=make_media("audio", captions=False), transcript="Samtalet.",
            share_with="none",
        )  # fmt: skip
        slides = CustomDocument(title="Bilderna")
        slides.file.save("bilder.pdf", ContentFile(b"%PDF-1.4"), save=False)
        slides.save()
        cls.webinar = make_resource(
            WebinarPage, topic, title="Webbinarium", slug="webbinarium",
            external_url="https://vimeo.com/123456", provider_captions_confirmed=True,
            transcript="Text.", held_on=datetime.date(2026, 3, 12), slides=slides,
            speakers=[("speaker", {"name": "Anna Berg", "title": "Samordnare, GR"})],
            share_with="none",
        )  # fmt: skip

    def test_a_hosted_video_offers_every_caption_track(self):
        response = self.client.get(self.hosted.url)
        html = response.content.decode()
        tracks = {
            re.search(r'srclang="(\w+)"', track)[1]: track
            for track in re.findall(r"<track [^>]*>", html)
        }
        self.assertEqual(set(tracks), {"sv", "en"})
        # The page's language is shown by default, the other can be chosen.
        self.assertIn(" default", tracks["sv"])
        self.assertNotIn(" default", tracks["en"])
        self.assertContains(response, '<details class="transcript">')
        self.assertContains(response, "Det som sägs i filmen.")

    def test_an_external_video_asks_before_anything_is_fetched(self):
        response = self.client.get(self.youtube.url)
        html = response.content.decode()
        self.assertNotIn("<iframe", html)
        self.assertFalse([src for src in sources(html) if "youtube" in src])
        self.assertContains(response, "Visa video från YouTube")
        self.assertContains(response, 'href="?visa-video=1#video"')
        self.assertContains(
            response, 'data-embed-url="https://www.youtube-nocookie.com/embed/abc123"'
        )

    def test_the_external_player_is_shown_once_the_reader_asks(self):
        response = self.client.get(self.youtube.url + "?visa-video=1")
        self.assertContains(
            response,
            '<iframe class="player" '
            'src="https://www.youtube-nocookie.com/embed/abc123" '
            'title="Video: Film hos Youtube"',
        )
        self.assertNotContains(response, "Visa video från")

    def test_an_unknown_provider_is_only_linked(self):
        response = self.client.get(self.elsewhere.url + "?visa-video=1")
        self.assertNotContains(response, "<iframe")
        self.assertNotContains(response, "Visa video från")
        self.assertContains(response, 'href="https://video.example.org/v/42"')
        self.assertContains(response, "Öppna videon hos video.example.org")

    def test_a_podcast_episode_has_a_player_and_its_transcript(self):
        response = self.client.get(self.episode.url)
        self.assertContains(response, '<audio class="player" controls')
        self.assertContains(response, "Samtalet.")

    def test_a_webinar_shows_its_date_speakers_slides_and_video(self):
        response = self.client.get(self.webinar.url)
        self.assertContains(response, '<time datetime="2026-03-12">12 mars 2026</time>')
        self.assertContains(response, "Anna Berg, Samordnare, GR")
        self.assertContains(response, ">Bilderna</a>")
        self.assertContains(response, "Visa video från Vimeo")
        self.assertNotIn(
            "player.vimeo.com", " ".join(sources(response.content.decode()))
        )
