"""Every page in its own language: hreflang, the language switcher, related
material in the page's language or visibly not, the interface in English."""

import json

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.models import Page

from pages.models import ArticlePage, ResourcePageRelated
from tests.factories import build_site, make_image, make_resource

from .utils import english, submit_translation, translate


def english_version(page: Page, title: str, slug: str) -> Page:
    """A published English translation of `page` (and of its parents)."""
    translated = page.copy_for_translation(english(), copy_parents=True)
    for ancestor in translated.get_ancestors().filter(depth__gt=1, live=False):
        ancestor.specific.save_revision().publish()
    translated.title, translated.slug = title, slug
    translated.save_revision().publish()
    return Page.objects.get(pk=translated.pk)


class LanguagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _, _, topic = build_site()
        both = make_image("Två personer i samtal")
        both.alt_text_en = "Two people talking"
        both.save()
        cls.translated = make_resource(
            ArticlePage,
            topic,
            title="Översatt",
            slug="oversatt",
            listing_image=make_image("En cykel vid ett staket"),
        )
        cls.swedish_only = make_resource(
            ArticlePage, topic, title="Bara på svenska", slug="bara-svenska"
        )
        cls.main = make_resource(
            ArticlePage, topic, title="Huvudsidan", slug="huvud", listing_image=both
        )
        cls.main.related_links = [
            ResourcePageRelated(target=cls.translated),
            ResourcePageRelated(target=cls.swedish_only),
        ]
        cls.main.save_revision().publish()
        cls.main_en = english_version(cls.main, "The main page", "main")
        cls.translated_en = english_version(cls.translated, "Translated", "translated")

    def get_api(self, endpoint: str, **params) -> dict:
        response = self.client.get(f"/api/v1/{endpoint}", params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return json.loads(response.content)

    def html(self, url: str) -> str:
        response = self.client.get(url, HTTP_HOST="localhost")
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_a_page_announces_each_translation_with_hreflang(self):
        html = self.html(self.main.url)
        for code, page in (("sv", self.main), ("en", self.main_en)):
            self.assertIn(
                f'<link rel="alternate" hreflang="{code}" '
                f'href="http://localhost{page.url}">',
                html,
            )
        self.assertIn(
            f'<link rel="alternate" hreflang="x-default" href="http://localhost{self.main.url}">',
            html,
        )
        self.assertEqual(
            self.main_en.url, "/en/motverka-brott/otillaten-paverkan/main/"
        )

    def test_the_switcher_goes_to_the_translation_of_the_page(self):
        html = self.html(self.main.url)
        self.assertIn(
            f'<a href="{self.main_en.url}" hreflang="en" lang="en">English</a>', html
        )
        html = self.html(self.main_en.url)
        self.assertIn(
            f'<a href="{self.main.url}" hreflang="sv" lang="sv">Svenska</a>', html
        )
        self.assertIn('<html lang="en">', html)

    def test_without_a_translation_the_switcher_goes_to_the_home_page_and_says_so(self):
        html = self.html(self.swedish_only.url)
        self.assertIn('<a href="/en/" hreflang="en" lang="en">English', html)
        self.assertIn("home page, this page has not been translated", html)
        self.assertNotIn('hreflang="en" href=', html)

    def test_role_pages_roles_index_and_search_switch_to_the_same_view(self):
        # Views that are no page of the tree: the same address in the other
        # language, not its home page (which the switcher used to offer).
        for sv_url, en_url in (
            ("/sv/roller/", "/en/roller/"),
            ("/sv/roller/socialtjanst/", "/en/roller/socialtjanst/"),
            ("/sv/roller/socialtjanst/?theme=motverka-brott",
             "/en/roller/socialtjanst/?theme=motverka-brott"),
            ("/sv/sok/?q=hot", "/en/sok/?q=hot"),
        ):  # fmt: skip
            with self.subTest(sv_url):
                html = self.html(sv_url).replace("&amp;", "&")
                self.assertIn(
                    f'<a href="{en_url}" hreflang="en" lang="en">English</a>', html
                )
                self.assertIn(
                    f'<link rel="alternate" hreflang="en" href="http://localhost{en_url}">',
                    html,
                )
                self.assertIn(
                    f'<link rel="alternate" hreflang="sv" href="http://localhost{sv_url}">',
                    html,
                )
                self.assertNotIn("home page, this page has not been translated", html)
                html = self.html(en_url).replace("&amp;", "&")
                self.assertIn(
                    f'<a href="{sv_url}" hreflang="sv" lang="sv">Svenska</a>', html
                )
                self.assertIn('<html lang="en">', html)

    def test_related_material_is_in_the_page_language_or_marked_as_not(self):
        html = self.html(self.main_en.url)
        self.assertIn(f'href="{self.translated_en.url}"', html)
        self.assertNotIn(f'href="{self.translated.url}"', html)
        # No English version: the Swedish page, marked as such.
        self.assertIn(f'href="{self.swedish_only.url}" hreflang="sv"', html)
        self.assertIn('<article class="card" lang="sv">', html)
        self.assertIn("Only available in Swedish", html)

    def test_the_api_gives_related_material_in_the_page_language_or_its_own(self):
        response = self.client.get(f"/api/v1/resources/{self.main_en.pk}/")
        detail = json.loads(response.content)
        self.assertEqual(detail["locale"], "en")
        self.assertEqual(
            [(item["id"], item["locale"]) for item in detail["related"]],
            [(self.translated_en.pk, "en"), (self.swedish_only.pk, "sv")],
        )
        self.assertEqual(
            [role["name"] for role in detail["roles"]], ["Social services"]
        )

    def test_the_interface_is_in_english_under_en(self):
        html = self.html(self.main_en.url)
        self.assertIn("Skip to content", html)
        self.assertNotIn("Hoppa till innehållet", html)
        self.assertIn("Hoppa till innehållet", self.html(self.main.url))

    def test_images_are_described_in_the_page_language_or_say_which(self):
        html = self.html(self.main_en.url)
        self.assertRegex(html, r'<img alt="Two people talking"[^>]* lang="en"')
        # The related card's image has no English text: Swedish, marked so.
        self.assertRegex(html, r'<img alt="En cykel vid ett staket"[^>]* lang="sv"')
        html = self.html(self.main.url)
        self.assertRegex(html, r'<img alt="Två personer i samtal"[^>]* lang="sv"')

    def test_the_api_describes_images_in_the_asked_language_only(self):
        for language, alt in (
            ("en", "Two people talking"),
            ("sv", "Två personer i samtal"),
        ):
            page = self.main_en if language == "en" else self.main
            # The reader's browser language must not change the answer.
            response = self.client.get(
                f"/api/v1/resources/{page.pk}/", HTTP_ACCEPT_LANGUAGE="en, sv;q=0.5"
            )
            self.assertEqual(json.loads(response.content)["image"]["alt"], alt)

    def test_english_lists_facets_and_search_hold_only_english(self):
        # The theme's English copy is an alias of the Swedish theme until the
        # theme is translated too.
        self.client.force_login(
            get_user_model().objects.create_superuser("admin", password="x")
        )
        translation = submit_translation(
            self.client, self.main.get_parent().get_parent()
        )
        translate(
            translation,
            {"Motverka brott": "Preventing crime", "motverka-brott": "motverka-brott"},
        )
        with self.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)
        self.client.logout()
        english_ids = {self.main_en.pk, self.translated_en.pk}
        for endpoint, params in (
            ("resources/", {"facets": "true"}),
            ("search/", {"q": "translated main page"}),
        ):
            with self.subTest(endpoint=endpoint):
                response = self.client.get(
                    f"/api/v1/{endpoint}", {"locale": "en", **params}
                )
                data = json.loads(response.content)
                self.assertEqual({item["id"] for item in data["items"]}, english_ids)
                self.assertEqual({item["locale"] for item in data["items"]}, {"en"})
                facets = data["facets"]
                self.assertEqual(
                    [(t["title"], t["locale"], t["count"]) for t in facets["theme"]],
                    [("Preventing crime", "en", 2)],
                )
                # The topic is still a copy of the Swedish one, and says so.
                self.assertEqual(
                    [(t["title"], t["locale"]) for t in facets["topic"]],
                    [("Otillåten påverkan", "sv")],
                )
                self.assertEqual(
                    [(r["name"], r["count"]) for r in facets["role"]],
                    [("Social services", 2)],
                )

    def test_the_api_says_which_themes_and_topics_are_untranslated(self):
        [theme] = self.get_api("themes/", locale="en")["items"]
        self.assertEqual((theme["title"], theme["locale"]), ("Motverka brott", "sv"))
        self.assertEqual([t["locale"] for t in theme["topics"]], ["sv"])
        detail = self.get_api(f"resources/{self.main_en.pk}/")
        self.assertEqual(detail["topic"]["locale"], "sv")
        self.assertEqual(self.get_api("themes/")["items"][0]["locale"], "sv")

    def test_an_untranslated_parent_is_shown_in_swedish_and_says_so(self):
        # Translating a page copies its untranslated parents into English as
        # aliases of the Swedish ones: their content is Swedish.
        topic_en = self.main_en.get_parent()
        self.assertIsNotNone(topic_en.alias_of_id)
        html = self.html(topic_en.url)
        self.assertIn(
            '<main id="main" class="container" tabindex="-1" lang="sv">', html
        )
        self.assertIn(
            '<p class="notice" lang="en">This page has not been translated yet '
            "and is shown in Swedish.</p>",
            html,
        )
        # Nor is it offered as the English version of the Swedish topic.
        html = self.html(self.main.get_parent().url)
        self.assertIn('<a href="/en/" hreflang="en" lang="en">English', html)
        self.assertNotIn('hreflang="en" href=', html)
