"""The podcast feed per series and the Atom feeds per theme and role: valid
for feed readers and podcast apps, holding only what the public may see on
the right site, in the right language."""

import io
import xml.etree.ElementTree as ET

from django.contrib.staticfiles import finders
from django.core.files.images import ImageFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale, PageViewRestriction, Site
from wagtail_localize.models import TranslationSource

import feedparser
from PIL import Image

from media_library.models import CustomImage
from pages.demo.builder import DemoBuilder, remove_wagtail_welcome_page
from pages.demo.content import load_data
from pages.models import ArticlePage, PodcastEpisodePage, PodcastSeries
from pages.permissions import GR_EDITORS, ensure_groups
from tests.api.utils import build_tree
from tests.factories import make_media, make_resource, png_bytes
from tests.pages.permission_cases import user_in

ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
DEFAULT_COVER_URL = "http://localhost/static/pages/podcast-cover.png"


def cover_image(width: int, height: int, title: str = "Omslag") -> CustomImage:
    image = CustomImage(
        title=title,
        file=ImageFile(io.BytesIO(png_bytes(size=(width, height))), name="omslag.png"),
        alt_text="Trygghetspodden",
    )
    image.save()
    return image


def channel(response):
    """The RSS feed's <channel>, for what feedparser does not keep apart."""
    return ET.fromstring(response.content).find("channel")


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
            owner_name="Göteborgsregionens kommunikatörer",
            owner_email="podd@example.org",
            # Wider than high: the feed offers a square out of its middle.
            image=cover_image(1600, 1400),
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
        # (feedparser's `author` is the last name it reads: itunes:owner's.)
        self.assertEqual(
            channel(response).findtext(f"{ITUNES}author"), "Göteborgsregionen"
        )
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

    # --- What podcast apps and feed readers require ------------------------

    def test_every_feed_is_well_formed(self):
        for url in (
            "/sv/floden/podd/trygghetspodden/",
            "/sv/floden/tema/motverka-brott/",
            "/sv/floden/tema/trygghetsskapande/",
            "/sv/floden/roll/socialtjanst/",
            "/sv/floden/roll/chefer/",
        ):
            with self.subTest(url=url):
                response = self.client.get(url, HTTP_HOST="localhost")
                parsed = feedparser.parse(response.content)
                self.assertEqual(parsed.bozo, 0, parsed.get("bozo_exception"))
                self.assertTrue(parsed.entries)

    def test_the_podcast_feed_has_every_tag_apple_requires(self):
        response, parsed = self.feed("/sv/floden/podd/trygghetspodden/")
        self.assertEqual(parsed.feed.title, "Trygghetspodden")
        self.assertEqual(parsed.feed.description, "Samtal om trygghet.")
        self.assertEqual(parsed.feed.language, "sv")
        self.assertIn("Government", [tag.term for tag in parsed.feed.tags])
        self.assertContains(response, "<itunes:explicit>false</itunes:explicit>")
        # The cover: a square rendition, 1400 pixels a side, at an absolute URL.
        renditions = {
            f"http://localhost{rendition.url}": rendition
            for rendition in self.series.image.renditions.all()
        }
        rendition = renditions[parsed.feed.image.href]
        self.assertEqual((rendition.width, rendition.height), (1400, 1400))
        owner = channel(response).find(f"{ITUNES}owner")
        self.assertEqual(
            owner.findtext(f"{ITUNES}name"), "Göteborgsregionens kommunikatörer"
        )
        self.assertEqual(owner.findtext(f"{ITUNES}email"), "podd@example.org")
        self.assertEqual(parsed.feed.publisher_detail.email, "podd@example.org")
        [item] = channel(response).findall("item")
        self.assertIsNotNone(item.find("enclosure"))
        self.assertEqual(item.find("guid").get("isPermaLink"), "false")
        self.assertEqual(item.findtext(f"{ITUNES}duration"), "1:02:05")
        [entry] = parsed.entries
        self.assertEqual(entry.id, f"urn:uuid:{self.episode.specific.feed_guid}")
        self.assertFalse(entry.guidislink)

    def test_a_series_without_its_own_cover_or_owner_address_stays_valid(self):
        sv = Locale.objects.get(language_code="sv")
        old = PodcastSeries.objects.create(
            title="Gammal podd", slug="gammal", locale=sv, author="GR",
            # Saved before the admin asked for a large cover and an address.
            image=cover_image(800, 800, title="Litet omslag"),
        )  # fmt: skip
        make_resource(
            PodcastEpisodePage, self.gr["samverkan"], title="Gammalt avsnitt",
            slug="gammalt", series=old, external_audio_url="https://example.org/a.mp3",
            transcript="Samtal.", share_with="none",
        )  # fmt: skip
        for email in ("", "inte en adress"):
            PodcastSeries.objects.filter(pk=old.pk).update(owner_email=email)
            with self.subTest(owner_email=email):
                response, parsed = self.feed("/sv/floden/podd/gammal/")
                self.assertEqual(parsed.feed.image.href, DEFAULT_COVER_URL)
                self.assertIsNone(channel(response).find(f"{ITUNES}owner"))
                self.assertNotContains(response, "<itunes:email>")
        # The default cover is there, and of a size podcast apps take.
        with Image.open(finders.find("pages/podcast-cover.png")) as cover:
            self.assertEqual((cover.format, cover.size), ("PNG", (1400, 1400)))

    def test_item_guids_stay_when_the_site_moves_to_another_host_and_port(self):
        urls = ("/sv/floden/podd/trygghetspodden/", "/sv/floden/tema/motverka-brott/")

        def ids_and_links(host: str) -> dict[str, tuple]:
            found = {}
            for url in urls:
                parsed = self.feed(url, host)[1]
                found[url] = (
                    parsed.feed.get("id"),
                    [entry.id for entry in parsed.entries],
                    [entry.link for entry in parsed.entries],
                )
            return found

        before = ids_and_links("localhost")
        site = Site.objects.get(root_page=self.gr["home"])
        site.hostname, site.port = "trygghet.localhost", 8080
        site.save()
        after = ids_and_links("trygghet.localhost:8080")
        for url in urls:
            with self.subTest(url=url):
                feed_id, guids, links = before[url]
                self.assertEqual(after[url][:2], (feed_id, guids))
                self.assertTrue(all(g.startswith("urn:uuid:") for g in guids))
                self.assertNotEqual(after[url][2], links)
                self.assertTrue(
                    all(
                        link.startswith("http://trygghet.localhost:8080/")
                        for link in after[url][2]
                    )
                )

    def test_atom_feeds_name_their_author_and_have_ids_of_their_own(self):
        urls = (
            ("localhost", "/sv/floden/tema/motverka-brott/"),
            ("localhost", "/sv/floden/tema/trygghetsskapande/"),
            ("localhost", "/sv/floden/roll/socialtjanst/"),
            ("localhost", "/sv/floden/roll/chefer/"),
            ("molndal.localhost", "/sv/floden/tema/motverka-brott/"),
        )
        ids = []
        for host, url in urls:
            with self.subTest(host=host, url=url):
                parsed = self.feed(url, host)[1]
                site_name = "molndal" if host.startswith("molndal") else "gr"
                self.assertEqual(parsed.feed.author_detail.name, site_name)
                ids.append(parsed.feed.id)
                self.assertTrue(parsed.feed.id.startswith("urn:uuid:"))
        self.assertEqual(len(set(ids)), len(urls))

    def test_feeds_take_no_query_per_item(self):
        def queries(url: str) -> int:
            self.client.get(url, HTTP_HOST="localhost")  # caches filled
            with CaptureQueriesContext(connection) as captured:
                self.client.get(url, HTTP_HOST="localhost")
            return len(captured)

        urls = (
            "/sv/floden/podd/trygghetspodden/",
            "/sv/floden/tema/trygghetsskapande/",
            "/sv/floden/roll/socialtjanst/",
        )
        one = {url: queries(url) for url in urls}
        for number in (2, 3):
            make_resource(
                PodcastEpisodePage, self.gr["samverkan"], title=f"Avsnitt {number}",
                slug=f"avsnitt-{number}", series=self.series, episode_number=number,
                audio=make_media("audio", captions=False), transcript="Samtal.",
                share_with="none",
            )  # fmt: skip
        for url in urls:
            with self.subTest(url=url):
                self.assertGreater(len(self.feed(url)[1].entries), 1)
                self.assertEqual(queries(url), one[url])

    # --- Copies of a page are items of their own ----------------------------

    def shared_episode(self) -> PodcastEpisodePage:
        return make_resource(
            PodcastEpisodePage, self.gr["samverkan"], title="Delat avsnitt",
            slug="delat", series=self.series, audio=make_media("audio", captions=False),
            transcript="Samtal.", share_with="all",
        )  # fmt: skip

    def test_an_alias_on_a_member_site_has_a_guid_of_its_own_through_syncs(self):
        original = self.shared_episode()
        alias = PodcastEpisodePage.objects.get(alias_of=original)
        self.assertNotEqual(alias.feed_guid, original.feed_guid)
        parsed = self.feed("/sv/floden/podd/trygghetspodden/", "molndal.localhost")[1]
        self.assertEqual(
            [(entry.title, entry.id) for entry in parsed.entries],
            [("Delat avsnitt", alias.feed_guid.urn)],
        )
        # The fan-out brings GR's next publish to the alias; the guid stays.
        original.title = "Delat avsnitt, nytt namn"
        original.save_revision().publish()
        synced = PodcastEpisodePage.objects.get(pk=alias.pk)
        self.assertEqual(synced.title, "Delat avsnitt, nytt namn")
        self.assertEqual(synced.feed_guid, alias.feed_guid)
        original.refresh_from_db()
        self.assertNotEqual(original.feed_guid, alias.feed_guid)

    def test_a_member_site_that_gets_the_material_back_gets_the_same_item(self):
        original = self.shared_episode()
        alias = PodcastEpisodePage.objects.get(alias_of=original)
        original.share_with = "none"
        original.save_revision().publish()
        self.assertFalse(PodcastEpisodePage.objects.filter(alias_of=original).exists())
        original.share_with = "all"
        original.save_revision().publish()
        again = PodcastEpisodePage.objects.get(alias_of=original)
        self.assertNotEqual(again.pk, alias.pk)
        self.assertEqual(again.feed_guid, alias.feed_guid)
        self.assertNotEqual(again.feed_guid, original.feed_guid)

    def test_a_translation_has_a_guid_of_its_own_through_syncs(self):
        english = Locale.objects.get(language_code="en")
        source, _created = TranslationSource.get_or_create_from_instance(self.article)
        with self.captureOnCommitCallbacks(execute=True):
            source.create_or_update_translation(
                english, copy_parent_pages=True, fallback=True
            )
        translated = ArticlePage.objects.get(
            translation_key=self.article.translation_key, locale=english
        )
        self.assertTrue(translated.live)
        self.assertNotEqual(translated.feed_guid, self.article.feed_guid)
        # GR changes the original; wagtail-localize brings it to the translation.
        self.article.summary = "En ny sammanfattning."
        self.article.save_revision().publish()
        source.update_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            source.create_or_update_translation(english, fallback=True)
        synced = ArticlePage.objects.get(pk=translated.pk)
        self.assertEqual(synced.summary, "En ny sammanfattning.")
        self.assertEqual(synced.feed_guid, translated.feed_guid)
        self.article.refresh_from_db()
        self.assertNotEqual(synced.feed_guid, self.article.feed_guid)
        # Wagtail's own copy of a page is a new item too.
        copy = self.article.copy(update_attrs={"slug": "hot-kopia"})
        self.assertNotEqual(copy.specific.feed_guid, self.article.feed_guid)


class PodcastSeriesFormTests(TestCase):
    """The series form in the admin, as GR's editors use it."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        build_tree("gr", "localhost", is_hub=True)
        ensure_groups()
        cls.editor = user_in("gr-redaktor", GR_EDITORS)
        cls.small = cover_image(1400, 1000, title="Avlångt omslag")
        cls.large = cover_image(1400, 1400, title="Stort omslag")

    def setUp(self):
        self.client.force_login(self.editor)

    def post(self, **fields):
        data = {
            "title": "Ny podd", "slug": "ny-podd", "description": "", "author": "GR",
            "owner_name": "GR", "owner_email": "podd@example.org",
            "image": self.large.pk,
        } | fields  # fmt: skip
        url = reverse("wagtailsnippets_pages_podcastseries:add") + "?locale=sv"
        return self.client.post(url, {k: v for k, v in data.items() if v is not None})

    def test_a_cover_too_small_for_podcast_apps_is_refused(self):
        response = self.post(image=self.small.pk)
        self.assertEqual(response.status_code, 200)
        self.assertContains(
            response,
            "Omslagsbilden är för liten: 1400 × 1000 pixlar. Poddappar kräver "
            "minst 1400 × 1400 pixlar. Välj en större bild.",
        )
        self.assertFalse(PodcastSeries.objects.filter(slug="ny-podd").exists())

    def test_the_owners_address_is_required(self):
        response = self.post(owner_email=None)
        self.assertEqual(response.status_code, 200)
        self.assertIn("owner_email", response.context["form"].errors)
        self.assertFalse(PodcastSeries.objects.filter(slug="ny-podd").exists())

    def test_a_large_cover_and_an_owner_make_a_series(self):
        response = self.post()
        self.assertEqual(response.status_code, 302)
        series = PodcastSeries.objects.get(slug="ny-podd")
        self.assertEqual(
            (series.image, series.owner_email), (self.large, "podd@example.org")
        )
        # A series without a cover is allowed: its feed shows the default one.
        response = self.post(slug="utan-omslag", image=None)
        self.assertEqual(response.status_code, 302)


class DemoSeriesTests(TestCase):
    """The demo's podcast series is complete for podcast apps."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        build_tree("gr", "localhost", is_hub=True)

    def seed_series(self) -> PodcastSeries:
        builder = DemoBuilder()
        builder.locale = Locale.get_default()
        data = load_data("gr_resources.json")["podcast_series"]
        return builder._podcast_series(data)["trygghetspodden"]

    def test_the_demo_series_has_a_large_cover_and_an_owner(self):
        series = self.seed_series()
        self.assertGreaterEqual(min(series.image.width, series.image.height), 1400)
        self.assertTrue(series.owner_email)
        response = self.client.get(
            "/sv/floden/podd/trygghetspodden/", HTTP_HOST="localhost"
        )
        parsed = feedparser.parse(response.content)
        self.assertEqual(parsed.bozo, 0)
        self.assertNotEqual(parsed.feed.image.href, DEFAULT_COVER_URL)
        self.assertEqual(parsed.feed.publisher_detail.email, series.owner_email)

    def test_seeding_again_completes_a_series_seeded_before_covers_and_owners(self):
        older = PodcastSeries.objects.create(
            title="Trygghetspodden", slug="trygghetspodden",
            locale=Locale.get_default(), author="Göteborgsregionen",
        )  # fmt: skip
        english = older.copy_for_translation(Locale.objects.get(language_code="en"))
        english.save()
        series = self.seed_series()
        self.assertEqual(series.pk, older.pk)
        english.refresh_from_db()
        for item in (series, english):
            self.assertIsNotNone(item.image)
            self.assertTrue(item.owner_email)
        images = CustomImage.objects.count()
        self.seed_series()
        self.assertEqual(CustomImage.objects.count(), images)
