"""The podcast feed per series and the Atom feeds per theme and role: valid
for feed readers and podcast apps, holding only what the public may see on
the right site, in the right language."""

from django.test import TestCase

from wagtail.models import Locale, PageViewRestriction

import feedparser

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, PodcastEpisodePage, PodcastSeries
from tests.api.utils import build_tree
from tests.factories import make_media, make_resource


class FeedsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        sv = Locale.objects.get(language_code="sv")
        cls.series = PodcastSeries.objects.create(
            title="Trygghetspodden", slug="trygghetspodden", locale=sv,
            author="Göteborgsregionen", description="Samtal om trygghet.",
        )  # fmt: skip
        topic = cls.gr["samverkan"]
        audio = make_media("audio", captions=False)
        cls.episode = make_resource(
            PodcastEpisodePage, topic, title="Avsnitt ett", slug="ett",
            series=cls.series, audio=audio, episode_number=1, explicit=False,
            duration_seconds=3725, transcript="Samtal.", share_with="none",
        )  # fmt: skip
        cls.draft_episode = make_resource(
            PodcastEpisodePage, topic, title="Utkast", slug="utkast",
            series=cls.series, audio=audio, transcript="Samtal.", publish=False,
        )  # fmt: skip
        cls.article = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], title="Hot mot handläggare",
            slug="hot", roles=("socialtjanst",), share_with="none",
        )  # fmt: skip
        cls.for_all = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], title="För alla",
            slug="for-alla", roles=("alla-medarbetare",), share_with="none",
        )  # fmt: skip
        cls.for_managers = make_resource(
            ArticlePage, cls.gr["organiserad-brottslighet"], title="För chefer",
            slug="for-chefer", roles=("chefer",), share_with="none",
        )  # fmt: skip
        private = make_resource(
            ArticlePage, cls.gr["organiserad-brottslighet"], title="Hemlig",
            slug="hemlig", roles=("socialtjanst",), share_with="none",
        )  # fmt: skip
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.local = make_resource(
            ArticlePage, cls.molndal["otillaten-paverkan"], title="Lokalt",
            slug="lokalt", roles=("socialtjanst",),
        )  # fmt: skip

    def feed(self, url: str, host: str = "localhost"):
        response = self.client.get(url, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, url)
        parsed = feedparser.parse(response.content)
        self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
        return response, parsed

    def titles(self, url: str, host: str = "localhost") -> list[str]:
        return [entry.title for entry in self.feed(url, host)[1].entries]

    def test_the_podcast_feed_is_what_podcast_apps_read(self):
        response, parsed = self.feed("/sv/floden/podd/trygghetspodden/")
        self.assertEqual(response["Content-Type"], "application/rss+xml; charset=utf-8")
        self.assertEqual(parsed.version, "rss20")
        self.assertEqual(parsed.feed.title, "Trygghetspodden")
        self.assertEqual(parsed.feed.author, "Göteborgsregionen")
        # Apple's values are "true" and "false" (feedparser reads only yes/clean).
        self.assertContains(response, "<itunes:explicit>false</itunes:explicit>")
        self.assertFalse(parsed.feed.itunes_explicit)
        [entry] = parsed.entries  # the draft is not in it
        self.assertEqual(entry.title, "Avsnitt ett")
        [enclosure] = entry.enclosures
        audio = self.episode.specific.audio
        self.assertEqual(enclosure.href, f"http://localhost{audio.url}")
        self.assertEqual(enclosure.type, "audio/mpeg")
        self.assertEqual(int(enclosure.length), audio.file.size)  # 16 bytes
        self.assertEqual(entry.itunes_duration, "1:02:05")
        self.assertFalse(entry.itunes_explicit)
        self.assertEqual(entry.itunes_episode, "1")
        self.assertEqual(entry.link, self.episode.full_url)

    def test_a_theme_feed_holds_the_themes_visible_material_of_the_site(self):
        response, parsed = self.feed("/sv/floden/tema/motverka-brott/")
        self.assertEqual(parsed.version, "atom10")
        self.assertEqual(
            [entry.title for entry in parsed.entries],
            ["För chefer", "För alla", "Hot mot handläggare"],
        )
        # Mölndal's feed of the same theme: its own material only.
        self.assertEqual(
            self.titles("/sv/floden/tema/motverka-brott/", "molndal.localhost"),
            ["Lokalt"],
        )
        self.assertEqual(
            self.titles("/sv/floden/tema/trygghetsskapande/"), ["Avsnitt ett"]
        )

    def test_a_role_feed_holds_the_roles_material_and_that_for_all_staff(self):
        self.assertEqual(
            self.titles("/sv/floden/roll/socialtjanst/"),
            ["För alla", "Hot mot handläggare", "Avsnitt ett"],
        )
        self.assertEqual(
            self.titles("/sv/floden/roll/chefer/"), ["För chefer", "För alla"]
        )

    def test_feeds_in_english_hold_english_material_only(self):
        english = Locale.objects.get(language_code="en")
        translated = self.article.copy_for_translation(english, copy_parents=True)
        translated.title = "Threats against case workers"
        translated.save_revision().publish()
        self.assertEqual(
            self.titles("/en/floden/tema/motverka-brott/"),
            ["Threats against case workers"],
        )
        self.assertEqual(
            self.titles("/en/floden/roll/socialtjanst/"),
            ["Threats against case workers"],
        )

    def test_unknown_series_theme_role_or_language_is_a_404(self):
        for url in (
            "/sv/floden/podd/finns-inte/",
            "/sv/floden/tema/finns-inte/",
            "/sv/floden/roll/finns-inte/",
            # No English home page for GR in this test.
            "/en/floden/tema/motverka-brott/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_pages_announce_their_feeds(self):
        response = self.client.get(self.episode.url)
        self.assertContains(
            response,
            '<link rel="alternate" type="application/rss+xml" title="Trygghetspodden" '
            'href="/sv/floden/podd/trygghetspodden/">',
            html=False,
        )
        self.assertContains(
            response,
            '<link rel="alternate" type="application/atom+xml" '
            'title="Trygghetsskapande" href="/sv/floden/tema/trygghetsskapande/">',
        )
        theme = self.client.get(self.gr["motverka-brott"].url)
        self.assertContains(theme, 'href="/sv/floden/tema/motverka-brott/"')
