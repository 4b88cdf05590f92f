"""The information pages stay out of what lists material: the theme
navigation, the home page's themes, GR's sharing, the API and search."""

import json

from django.template.loader import get_template
from django.test import RequestFactory, TestCase

from wagtail.models import Page

from pages import syndication
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, HomePage, SharingSync, ThemeHubPage
from search.models import SearchDocument
from siteinfo.models import SITE_INFO_MODELS, ContactPage
from tests.api.utils import build_tree
from tests.factories import make_resource
from tests.pages.sharing_cases import MEMBERS, QueuedSharingCase, run_queued_sharing
from tests.siteinfo.utils import add_page, add_site_info

TITLES = ("Tillgänglighetsredogörelse", "Kontakt", "Kakor och personuppgifter")


class ListingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.info = add_site_info(cls.gr["home"])
        cls.resource = make_resource(
            ArticlePage,
            cls.gr["samverkan"],
            title="Samverkan i praktiken",
            slug="samverkan-i-praktiken",
            share_with="none",
        )

    def theme_navigation(self, path: str) -> str:
        html = self.client.get(path).content.decode()
        start = html.index('<nav aria-label="Teman">')
        return html[start : html.index("</nav>", start)]

    def test_the_theme_navigation_lists_the_themes_only(self):
        for path in ("/sv/", "/sv/kontakt/", "/sv/motverka-brott/"):
            with self.subTest(path=path):
                navigation = self.theme_navigation(path)
                self.assertIn("/sv/motverka-brott/", navigation)
                self.assertIn("/sv/trygghetsskapande/", navigation)
                for title in TITLES:
                    self.assertNotIn(title, navigation)

    def test_the_navigation_of_a_page_outside_any_site_lists_nothing(self):
        # An editor's preview can show a page of a tree no site serves.
        orphan = Page.get_first_root_node().add_child(
            instance=HomePage(title="Utan webbplats", slug="utan-webbplats")
        )
        request = RequestFactory().get("/sv/")
        html = get_template("includes/navigation.html").render(
            {"page": orphan, "request": request}
        )
        self.assertIn('<nav aria-label="Teman">', html)
        self.assertNotIn("<li>", html)

    def test_the_home_page_lists_the_themes_only(self):
        response = self.client.get("/sv/")
        themes = response.context["themes"]
        self.assertEqual(
            [page.slug for page in themes], ["motverka-brott", "trygghetsskapande"]
        )
        self.assertTrue(all(isinstance(page, ThemeHubPage) for page in themes))

    def test_the_api_lists_no_information_page_as_a_resource_or_theme(self):
        items = json.loads(self.client.get("/api/v1/resources/").content)["items"]
        self.assertEqual([item["id"] for item in items], [self.resource.pk])
        themes = json.loads(self.client.get("/api/v1/themes/").content)["items"]
        self.assertEqual(
            [theme["slug"] for theme in themes],
            ["motverka-brott", "trygghetsskapande"],
        )
        by_path = self.client.get("/api/v1/resources/by-path/", {"path": "/kontakt/"})
        self.assertEqual(by_path.status_code, 404)

    def test_wagtails_own_page_api_still_answers_for_them(self):
        response = self.client.get(
            "/api/v2/pages/", {"type": "siteinfo.ContactPage", "fields": "title"}
        )
        self.assertEqual(response.status_code, 200)
        items = json.loads(response.content)["items"]
        self.assertEqual([item["id"] for item in items], [self.info[ContactPage].pk])

    def test_the_sites_search_finds_material_not_information_pages(self):
        self.assertFalse(
            SearchDocument.objects.filter(
                page_id__in=[page.pk for page in self.info.values()]
            ).exists()
        )
        for query, found in (("samverkan", True), ("kakor personuppgifter", False)):
            with self.subTest(query=query):
                response = self.client.get("/sv/sok/", {"q": query})
                self.assertEqual(response.status_code, 200)
                main = response.content.decode().split("</main>")[0]
                self.assertEqual("samverkan-i-praktiken/" in main, found)
                self.assertNotIn('href="/sv/kakor/"', main)


class NotSharedTests(QueuedSharingCase):
    """Each site says who stands behind it: GR's pages stay on GR's site."""

    def test_publishing_grs_information_pages_shares_nothing(self):
        info = add_site_info(self.gr["home"])
        for page in info.values():
            with self.subTest(page=type(page).__name__):
                self.assertFalse(syndication.needs_fan_out(page))
        self.assertFalse(
            SharingSync.objects.filter(original__in=list(info.values())).exists()
        )
        run_queued_sharing()
        self.assertFalse(Page.objects.filter(alias_of__in=list(info.values())).exists())
        for model in SITE_INFO_MODELS:
            self.assertEqual(model.objects.count(), 1)
        for slug in MEMBERS:
            response = self.client.get("/sv/kontakt/", HTTP_HOST=f"{slug}.localhost")
            self.assertEqual(response.status_code, 404)

    def test_republishing_grs_contact_page_shares_nothing_either(self):
        contact = add_page(ContactPage, self.gr["home"])
        contact.phone = "070-174 06 40"
        contact.save_revision().publish()
        run_queued_sharing()
        self.assertEqual(ContactPage.objects.count(), 1)
        self.assertFalse(Page.objects.filter(alias_of=contact).exists())
