"""Every page's footer links to its own site's information pages, in the
reader's language where it can, and never to a page the public may not see."""

from django.db import connection
from django.template import Context
from django.template.loader import get_template
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext

from wagtail.models import Locale, Page, PageViewRestriction, Site

from pages.demo.builder import remove_wagtail_welcome_page
from pages.reader import site_context
from siteinfo.models import AccessibilityStatementPage, ContactPage, PrivacyPage
from tests.api.utils import build_tree
from tests.siteinfo.utils import add_page, add_site_info, footer_links, footer_of

TOPIC = "/sv/motverka-brott/organiserad-brottslighet/"


def path_of(page: Page) -> str:
    """The page's address on its own site, as its own site links to it."""
    return page.get_url_parts()[2]


def translate(page: Page, **fields) -> Page:
    """`page` in English, published, with `fields` (its parent translated first)."""
    english = Locale.objects.get(language_code="en")
    translated = page.copy_for_translation(english, copy_parents=True)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated


class FooterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.gr_info = add_site_info(
            cls.gr["home"],
            {
                AccessibilityStatementPage: {"organisation": "Göteborgsregionen"},
                ContactPage: {"email": "trygghet@gr.example"},
            },
        )
        cls.molndal_info = add_site_info(
            cls.molndal["home"],
            {
                AccessibilityStatementPage: {"organisation": "Mölndals stad"},
                ContactPage: {
                    "email": "trygghet@molndal.example",
                    "phone": "070-174 06 19",
                },
            },
        )
        cls.gr_english = {
            model: translate(page, title=f"In English: {page.title}", slug=page.slug)
            for model, page in cls.gr_info.items()
        }
        # Mölndal has an English home page, but no English information pages.
        translate(cls.molndal["motverka-brott"], title="Preventing crime")

    def get(self, path: str, host: str = "localhost"):
        response = self.client.get(path, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, path)
        return response

    def test_a_gr_page_links_to_grs_own_pages_in_swedish(self):
        links = footer_links(self.get(TOPIC))
        self.assertEqual(
            [(link["href"], link["text"]) for link in links],
            [(path_of(page), page.title) for page in self.gr_info.values()],
        )
        self.assertEqual([link.get("hreflang") for link in links], [None] * 3)
        self.assertIn("trygghet@gr.example", footer_of(self.get(TOPIC)))

    def test_a_molndal_page_links_to_molndals_own_pages_on_molndals_host(self):
        response = self.get(TOPIC, "molndal.localhost")
        links = footer_links(response)
        self.assertEqual(
            [link["href"] for link in links],
            [path_of(page) for page in self.molndal_info.values()],
        )
        footer = footer_of(response)
        self.assertIn('href="mailto:trygghet@molndal.example"', footer)
        self.assertIn('href="tel:0701740619"', footer)
        self.assertNotIn("trygghet@gr.example", footer)
        for link in links:
            with self.subTest(link=link["href"]):
                # Relative: the reader stays on Mölndal's host, and the
                # address there is Mölndal's page, not GR's.
                self.assertTrue(link["href"].startswith("/sv/"))
                page = self.get(link["href"], "molndal.localhost")
                self.assertEqual(
                    page.context["page"].get_site().hostname, "molndal.localhost"
                )
        statement = self.get(links[0]["href"], "molndal.localhost")
        self.assertContains(statement, "Mölndals stad står bakom den här webbplatsen")

    def test_an_english_page_links_to_the_english_pages(self):
        links = footer_links(self.get("/en/"))
        self.assertEqual(
            [(link["href"], link["text"]) for link in links],
            [(path_of(page), page.title) for page in self.gr_english.values()],
        )
        self.assertTrue(all(link["href"].startswith("/en/") for link in links))
        self.assertEqual([link.get("hreflang") for link in links], [None] * 3)

    def test_untranslated_pages_are_linked_in_swedish_and_marked_so(self):
        links = footer_links(self.get("/en/motverka-brott/", "molndal.localhost"))
        self.assertEqual(
            [link["href"] for link in links],
            [path_of(page) for page in self.molndal_info.values()],
        )
        for link, page in zip(links, self.molndal_info.values(), strict=True):
            with self.subTest(page=page.title):
                self.assertEqual(link["hreflang"], "sv")
                self.assertIn(f'<span lang="sv">{page.title}</span>', link["inner"])

    def test_a_translation_not_yet_published_falls_back_to_swedish(self):
        english = self.gr_english[PrivacyPage]
        english.unpublish()
        links = footer_links(self.get("/en/"))
        self.assertEqual(links[2]["href"], path_of(self.gr_info[PrivacyPage]))
        self.assertEqual(links[2]["hreflang"], "sv")
        self.assertEqual(links[1]["href"], path_of(self.gr_english[ContactPage]))

    def test_an_unpublished_page_is_not_linked(self):
        self.gr_info[PrivacyPage].unpublish()
        hrefs = [link["href"] for link in footer_links(self.get(TOPIC))]
        self.assertNotIn(path_of(self.gr_info[PrivacyPage]), hrefs)
        self.assertEqual(len(hrefs), 2)

    def test_a_draft_is_not_linked(self):
        self.molndal_info[AccessibilityStatementPage].delete()
        draft = add_page(
            AccessibilityStatementPage,
            self.molndal["home"],
            publish=False,
            slug="utkast",
        )
        hrefs = [
            link["href"] for link in footer_links(self.get(TOPIC, "molndal.localhost"))
        ]
        self.assertNotIn("/sv/utkast/", hrefs)
        self.assertFalse(Page.objects.get(pk=draft.pk).live)
        self.assertEqual(len(hrefs), 2)

    def test_a_private_contact_page_is_neither_linked_nor_quoted(self):
        contact = self.gr_info[ContactPage]
        PageViewRestriction.objects.create(
            page=contact, restriction_type="password", password="hemligt"
        )
        response = self.get(TOPIC)
        hrefs = [link["href"] for link in footer_links(response)]
        self.assertNotIn(path_of(contact), hrefs)
        self.assertNotIn("trygghet@gr.example", footer_of(response))

    def test_the_footer_also_shows_on_pages_that_are_views(self):
        for path in ("/sv/sok/?q=brott", "/sv/roller/"):
            with self.subTest(path=path):
                links = footer_links(self.get(path, "molndal.localhost"))
                self.assertEqual(
                    [link["href"] for link in links],
                    [path_of(page) for page in self.molndal_info.values()],
                )

    def test_the_current_page_is_marked_in_the_footer(self):
        contact = self.molndal_info[ContactPage]
        links = footer_links(self.get(path_of(contact), "molndal.localhost"))
        current = [link["href"] for link in links if "aria-current" in link]
        self.assertEqual(current, [path_of(contact)])


class FooterQueryTests(TestCase):
    """The footer reads the same few rows however many sites there are."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        for tree in (cls.gr, cls.molndal):
            add_site_info(tree["home"])

    def queries_for(self, path: str, host: str) -> tuple[int, int]:
        """Queries of the first request after a change, and of the next one."""
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(path, HTTP_HOST=host)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(len(footer_links(response)), 3)
            counts.append(len(queries))
        return counts[0], counts[1]

    def test_a_pages_queries_do_not_grow_with_the_number_of_sites(self):
        paths = [(TOPIC, "molndal.localhost"), ("/sv/kontakt/", "localhost")]
        # Wagtail reads its sites' root paths with a query per site, but only
        # when a site changes (it keeps them in the cache until then).
        Site.get_site_root_paths()
        before = [self.queries_for(path, host) for path, host in paths]
        for slug in ("ale", "lerum", "partille", "tjorn"):
            add_site_info(build_tree(slug, f"{slug}.localhost", is_hub=False)["home"])
        Site.get_site_root_paths()
        after = [self.queries_for(path, host) for path, host in paths]
        self.assertEqual(after, before)

    def test_once_read_the_footer_costs_no_query(self):
        page = self.molndal["organiserad-brottslighet"]
        footer = get_template("includes/footer.html").template
        for number in range(2):
            request = RequestFactory().get(TOPIC, HTTP_HOST="molndal.localhost")
            # The page's own context reads the site and version first.
            site_context(request, page)
            with CaptureQueriesContext(connection) as queries:
                html = footer.render(Context({"page": page, "request": request}))
            self.assertEqual(html.count('href="/sv/'), 3)
            if number:
                self.assertEqual(len(queries), 0, queries.captured_queries)
