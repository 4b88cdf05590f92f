"""A member's reader stays on the member's site: related material and the
links in a shared page's text go to the member's own copy of GR's page
where there is one, and leave the site, marked so, only for material the
member does not have. The API's related material follows the same rule."""

import re

from django.test import TestCase

from wagtail.models import Page, PageViewRestriction

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, SharingOptOut, SiteProfile
from tests.api.utils import build_tree
from tests.factories import make_resource

MEMBER = "molndal.localhost"


def path(page: Page) -> str:
    """The page's address on its own site (Page.url is absolute with many sites)."""
    return page.relative_url(page.get_site())


def paragraph_linking(*pages: Page) -> list[tuple[str, str]]:
    links = " ".join(
        f'<a linktype="page" id="{page.pk}">{page.title}</a>' for page in pages
    )
    return [("paragraph", f"<p>Läs vidare: {links}.</p>")]


class MemberSiteLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", MEMBER, is_hub=False)
        topic = cls.gr["otillaten-paverkan"]

        def article(title, **fields):
            slug = re.sub(r"\W+", "-", title.lower())
            return make_resource(ArticlePage, topic, title=title, slug=slug, **fields)

        cls.shared = article("Delad och länkad", share_with="all")
        cls.gr_only = article("Bara hos GR", share_with="none")
        cls.hidden = article("Dold hos Mölndal", share_with="all")
        cls.draft = article("Ett utkast", share_with="all", publish=False)
        cls.private = article("Bara för inloggade", share_with="none")
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.source = article(
            "Sidan som länkar",
            share_with="all",
            body=paragraph_linking(
                cls.shared, cls.gr_only, cls.draft, cls.private, cls.hidden
            ),
        )
        for target in (cls.shared, cls.gr_only, cls.hidden):
            cls.source.related_links.create(target=target)
        # Mölndal hides one of GR's pages: its copy goes, later publishes keep it so.
        molndal = SiteProfile.objects.get(slug="molndal")
        SharingOptOut.objects.create(original=cls.hidden, site=molndal)
        Page.objects.filter(alias_of=cls.hidden).delete()
        # Publishing again brings the related links and body to the copies.
        cls.source.save_revision().publish()
        cls.copy = Page.objects.get(alias_of=cls.source)
        cls.shared_copy = Page.objects.get(alias_of=cls.shared)

    def member_page(self) -> str:
        response = self.client.get(path(self.copy), HTTP_HOST=MEMBER)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def related_section(self, html: str) -> str:
        return html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]

    def test_related_material_stays_on_the_member_site(self):
        related = self.related_section(self.member_page())
        # GR's shared page: Mölndal's copy, at Mölndal's own address.
        self.assertIn(f'href="{path(self.shared_copy)}"', related)
        self.assertNotIn(self.shared.full_url, related)

    def test_material_the_member_lacks_leaves_the_site_marked_so(self):
        related = self.related_section(self.member_page())
        self.assertIn(f'href="{self.gr_only.full_url}"', related)
        card = related.split(self.gr_only.full_url, 1)[1].split("</article>")[0]
        self.assertIn("Finns hos gr: länken leder till dess webbplats", card)
        shared_card = related.split(path(self.shared_copy), 1)[1].split("</article>")[0]
        self.assertNotIn("Finns hos", shared_card)
        self.assertIn("Delat av gr", shared_card)

    def test_material_the_member_hid_is_not_related(self):
        self.assertNotIn(self.hidden.title, self.related_section(self.member_page()))

    def test_links_in_the_text_stay_on_the_member_site(self):
        html = self.member_page()
        body = html.split('class="lead"', 1)[1].split('id="related-heading"', 1)[0]
        self.assertIn(
            f'<a href="{path(self.shared_copy)}">{self.shared.title}</a>', body
        )
        self.assertIn(
            f'<a href="{self.gr_only.full_url}" data-site="gr">'
            f"{self.gr_only.title}</a>",
            body,
        )
        # What the member hid is GR's alone now: the link goes there, marked.
        self.assertIn(
            f'<a href="{self.hidden.full_url}" data-site="gr">{self.hidden.title}</a>',
            body,
        )
        # A draft or private page: the text stays, the address does not.
        self.assertIn(f"<a>{self.draft.title}</a>", body)
        self.assertIn(f"<a>{self.private.title}</a>", body)
        self.assertNotIn(path(self.private), body)

    def test_gr_site_links_its_own_pages(self):
        response = self.client.get(path(self.source), HTTP_HOST="localhost")
        html = response.content.decode()
        self.assertIn(f'<a href="{path(self.shared)}">{self.shared.title}</a>', html)
        self.assertIn(f'<a href="{path(self.gr_only)}">', html)
        self.assertNotIn("data-site", html)
        self.assertNotIn("Finns hos", html)

    def test_the_api_lists_the_member_copy_as_related(self):
        response = self.client.get(
            f"/api/v1/resources/{self.copy.pk}/", {"site": "molndal"}
        )
        self.assertEqual(response.status_code, 200)
        related = response.json()["related"]
        self.assertEqual([item["id"] for item in related], [self.shared_copy.pk])
        self.assertTrue(related[0]["url"].startswith(f"http://{MEMBER}/"))

    def test_links_outside_a_served_page_are_wagtails_own(self):
        # The admin, the API and commands expand links as Wagtail does.
        from wagtail.rich_text import expand_db_html

        html = expand_db_html(f'<a linktype="page" id="{self.shared.pk}">x</a>')
        self.assertIn(path(self.shared), html)
