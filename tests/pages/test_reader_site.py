"""The reference site for a reader with a role: choosing, changing and
forgetting it, the home page, topic filters with counts, role pages, "more
for your role", shared material on a member's site, bad input, and the
headers that let a CDN cache anonymous pages."""

import re

from django.test import TestCase

from wagtail.models import Page, PageViewRestriction

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, LinkPage, ResourcePageRelated, SiteProfile
from pages.reader import ROLE_COOKIE
from tests.api.utils import build_tree, utc
from tests.factories import make_image, make_resource

GARBAGE = '"><script>alert(1)</script>'


class ReaderSiteTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        influence = cls.gr["otillaten-paverkan"]
        organised = cls.gr["organiserad-brottslighet"]
        cooperation = cls.gr["samverkan"]

        def resource(model, parent, title, day, **fields):
            page = make_resource(
                model, parent, title=title, slug=re.sub(r"\W+", "-", title.lower()),
                **({"share_with": "none"} | fields),
            )  # fmt: skip
            when = utc(2026, 1, day)
            Page.objects.filter(pk=page.pk).update(
                first_published_at=when, last_published_at=when
            )
            return page

        cls.social = resource(ArticlePage, influence, "Hot mot handläggare", 1)
        cls.social_link = resource(
            LinkPage, influence, "Länk för socialtjänsten", 2,
            external_url="https://example.org/", publisher="Exempel",
        )  # fmt: skip
        cls.managers = resource(
            ArticlePage, influence, "Ledarskap vid hot", 3, roles=("chefer",)
        )
        cls.everyone = resource(
            ArticlePage, influence, "Grunder för alla", 4, roles=("alla-medarbetare",)
        )
        cls.social_elsewhere = resource(ArticlePage, organised, "Kartläggning", 5)
        cls.social_other_theme = resource(ArticlePage, cooperation, "Samverkan", 6)
        cls.draft = resource(ArticlePage, influence, "Utkast", 7, publish=False)
        cls.private = resource(ArticlePage, influence, "Hemlig", 8)
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.LOGIN
        )
        cls.secret = resource(ArticlePage, influence, "Lösenordsskyddad", 9)
        PageViewRestriction.objects.create(
            page=cls.secret,
            restriction_type=PageViewRestriction.PASSWORD,
            password="hemligt",
        )
        cls.shared = resource(
            ArticlePage, influence, "Delad kunskap", 10, share_with="all"
        )
        cls.local = resource(
            ArticlePage, cls.molndal["otillaten-paverkan"], "Mölndals eget", 11
        )

    def get(self, url: str, role: str | None = None, host: str = "localhost"):
        if role is not None:
            self.client.cookies[ROLE_COOKIE] = role
        response = self.client.get(url, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, url)
        return response

    def assertListed(self, response, *pages):
        for page in pages:
            self.assertContains(response, f">{page.title}</a>", msg_prefix=page.title)

    def assertNotListed(self, response, *pages):
        for page in pages:
            self.assertNotContains(response, f">{page.title}</a>")

    # Choosing a role

    def test_choosing_a_role_remembers_it_in_a_cookie_and_goes_back(self):
        response = self.client.post(
            "/sv/roll/", {"roll": "chefer", "next": "/sv/motverka-brott/"}
        )
        # Back to the role's status, which the browser focuses.
        self.assertRedirects(
            response, "/sv/motverka-brott/#din-roll", fetch_redirect_response=False
        )
        cookie = response.cookies[ROLE_COOKIE]
        self.assertEqual(cookie.value, "chefer")
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["samesite"], "Lax")
        self.assertGreater(int(cookie["max-age"]), 300 * 24 * 3600)

    def test_forgetting_the_role_deletes_the_cookie(self):
        self.client.cookies[ROLE_COOKIE] = "chefer"
        response = self.client.post(
            "/sv/roll/", {"roll": "chefer", "glom": "1", "next": "/sv/"}
        )
        self.assertEqual(response.cookies[ROLE_COOKIE]["max-age"], 0)
        self.assertNotContains(self.get("/sv/"), "Glöm min roll")

    def test_an_unknown_role_or_foreign_address_changes_nothing(self):
        response = self.client.post(
            "/sv/roll/", {"roll": GARBAGE, "next": "https://evil.example/"}
        )
        self.assertRedirects(response, "/sv/#din-roll", fetch_redirect_response=False)
        self.assertNotIn(ROLE_COOKIE, response.cookies)
        self.assertEqual(self.client.get("/sv/roll/").status_code, 405)

    def test_the_way_back_from_a_choice_leads_to_the_status_once(self):
        response = self.client.post(
            "/sv/roll/", {"roll": "chefer", "next": "/sv/motverka-brott/#vald"}
        )
        self.assertEqual(response["Location"], "/sv/motverka-brott/#din-roll")

    def test_every_page_says_which_role_is_chosen_where_a_choice_leads_back(self):
        status = '<p class="role-status" id="din-roll" role="status" tabindex="-1">'
        for url in ("/sv/", "/sv/motverka-brott/", self.social.url, "/sv/roller/"):
            response = self.get(url, role="chefer")
            self.assertContains(
                response,
                f"{status}Du har valt rollen Chefer och ledning. "
                "Materialet för den visas först.</p>",
                count=1,
            )
            self.client.cookies.clear()
            response = self.get(url)
            self.assertContains(
                response,
                f"{status}Ingen roll är vald: du ser material för alla roller.</p>",
                count=1,
            )

    def test_every_page_offers_to_change_or_forget_the_role(self):
        for url in ("/sv/", "/sv/motverka-brott/", self.social.url):
            response = self.get(url, role="chefer")
            self.assertContains(response, 'action="/sv/roll/"')
            self.assertContains(response, '<option value="chefer" selected>')
            self.assertContains(response, 'name="glom"')

    # The home page

    def test_the_home_page_asks_for_a_role_until_one_is_chosen(self):
        response = self.get("/sv/")
        self.assertContains(response, 'id="role-choice-heading"')
        self.assertContains(response, '<option value="upphandling-och-inkop">')
        self.assertContains(response, "Nytt material")
        self.assertNotContains(self.get("/sv/", role="chefer"), "role-choice-heading")

    def test_the_home_page_asks_once_and_the_role_bar_only_once_answered(self):
        response = self.get("/sv/")
        # One question, one select and one button; the roles index for more.
        self.assertContains(response, "Vad arbetar du med?", count=1)
        self.assertContains(response, '<select id="role-choice-select" name="roll">')
        self.assertContains(response, 'name="roll"', count=1)
        self.assertNotContains(response, 'class="role-bar"')
        self.assertContains(response, 'href="/sv/roller/"')
        response = self.get("/sv/", role="chefer")
        self.assertContains(response, "Vad arbetar du med?", count=1)
        self.assertContains(response, 'class="role-bar"')
        self.assertNotContains(response, "role-choice-select")

    def test_the_home_page_shows_the_newest_material_for_the_chosen_role(self):
        response = self.get("/sv/", role="chefer")
        self.assertContains(response, "Nytt för Chefer och ledning")
        self.assertListed(response, self.managers, self.everyone)
        self.assertNotListed(response, self.social, self.draft, self.private)

    def test_garbage_in_the_cookie_is_ignored_and_never_echoed(self):
        response = self.get("/sv/", role=GARBAGE)
        self.assertContains(response, 'id="role-choice-heading"')
        self.assertNotContains(response, "<script>alert")
        self.assertNotContains(response, "&lt;script&gt;alert")

    # Topic pages

    def test_a_topic_lists_its_visible_material_with_counts(self):
        response = self.get("/sv/motverka-brott/otillaten-paverkan/")
        self.assertListed(
            response, self.social, self.social_link, self.managers, self.everyone
        )
        self.assertNotListed(
            response, self.draft, self.private, self.secret, self.social_elsewhere
        )
        self.assertContains(
            response, 'href="?kind=link">Länkar <span class="count">(1)'
        )
        self.assertContains(
            response, 'href="?kind=article">Artiklar <span class="count">(4)'
        )
        self.assertContains(
            response, 'href="?role=socialtjanst">Socialtjänst <span class="count">(3)'
        )

    def test_a_kind_filter_keeps_that_kind_and_can_be_cleared(self):
        response = self.get("/sv/motverka-brott/otillaten-paverkan/?kind=link")
        self.assertListed(response, self.social_link)
        self.assertNotListed(response, self.social, self.managers)
        self.assertContains(response, 'href="?" aria-current="true">Länkar')
        # The role filter's links keep the kind.
        self.assertContains(response, 'href="?kind=link&amp;role=socialtjanst"')

    def test_the_chosen_role_narrows_a_topic_until_the_reader_asks_for_all(self):
        response = self.get("/sv/motverka-brott/otillaten-paverkan/", role="chefer")
        self.assertListed(response, self.managers, self.everyone)
        self.assertNotListed(response, self.social, self.social_link)
        self.assertContains(response, 'href="?visa=alla"')
        response = self.get("/sv/motverka-brott/otillaten-paverkan/?visa=alla")
        self.assertListed(response, self.social, self.managers)

    def test_a_role_filter_shows_exactly_that_role(self):
        response = self.get(
            "/sv/motverka-brott/otillaten-paverkan/?role=socialtjanst", role="chefer"
        )
        self.assertListed(response, self.social, self.social_link, self.shared)
        self.assertNotListed(response, self.managers, self.everyone)

    def test_unknown_filter_values_show_all_material_with_a_notice(self):
        url = "/sv/motverka-brott/otillaten-paverkan/?kind=film&role=" + GARBAGE
        response = self.get(url)
        self.assertContains(response, "Okänd typ av material")
        self.assertContains(response, "Okänd roll")
        self.assertListed(response, self.social, self.social_link, self.managers)
        self.assertNotContains(response, "<script>alert")

    def test_a_bad_page_number_is_the_first_page(self):
        for number in ("0", "abc", "9999", GARBAGE):
            response = self.get(f"/sv/motverka-brott/otillaten-paverkan/?sida={number}")
            self.assertListed(response, self.social)

    # Role pages

    def test_a_role_page_groups_the_role_by_theme_then_all_staff(self):
        response = self.get("/sv/roller/socialtjanst/")
        content = response.content.decode()
        self.assertListed(
            response,
            self.social,
            self.social_elsewhere,
            self.social_other_theme,
            self.everyone,
        )
        self.assertNotListed(
            response, self.managers, self.draft, self.private, self.secret
        )
        headings = re.findall(r"<h2 id=\"section-\d\"[^>]*>([^<]+)", content)
        self.assertEqual(
            [heading.strip() for heading in headings],
            [
                "Motverka-Brott",
                "Trygghetsskapande",
                "Alla medarbetare: för alla roller",
            ],
        )
        self.assertLess(
            content.index(self.social_other_theme.title),
            content.index(self.everyone.title),
        )

    def test_a_role_page_announces_its_feed_and_offers_the_role(self):
        response = self.get("/sv/roller/socialtjanst/")
        self.assertContains(
            response,
            '<link rel="alternate" type="application/atom+xml" '
            'title="Socialtjänst" href="/sv/floden/roll/socialtjanst/">',
        )
        self.assertContains(response, "Gör det här till min roll")
        self.assertNotContains(
            self.get("/sv/roller/socialtjanst/", role="socialtjanst"),
            "Gör det här till min roll",
        )

    def test_a_role_page_can_list_one_theme(self):
        response = self.get("/sv/roller/socialtjanst/?theme=trygghetsskapande")
        self.assertListed(response, self.social_other_theme)
        self.assertNotListed(response, self.social, self.everyone)
        response = self.get("/sv/roller/socialtjanst/?theme=" + GARBAGE)
        self.assertContains(response, "Temat finns inte")
        self.assertListed(response, self.social, self.social_other_theme)
        self.assertNotContains(response, "<script>alert")

    def test_an_unknown_role_page_is_not_found(self):
        for slug in ("brandman", "x" * 200):
            response = self.client.get(f"/sv/roller/{slug}/")
            self.assertEqual(response.status_code, 404)

    def test_the_roles_page_lists_every_role(self):
        response = self.get("/sv/roller/")
        for slug in ("alla-medarbetare", "chefer", "kommunala-bolag"):
            self.assertContains(response, f'href="/sv/roller/{slug}/"')
        # The role bar asks the question; the page's heading does not repeat it.
        self.assertContains(response, "Vad arbetar du med?", count=1)
        self.assertContains(response, "<h1>Roller</h1>", html=False)

    # Resource pages

    def test_a_resource_offers_more_for_the_readers_role_in_its_theme(self):
        ResourcePageRelated.objects.create(page=self.social, target=self.everyone)
        response = self.get(self.social.url, role="socialtjanst")
        more = response.content.decode().split('id="more-for-role-heading"')[1]
        self.assertIn(self.social_link.title, more)
        self.assertIn(self.social_elsewhere.title, more)
        # Not itself, not what is related already, not another theme's.
        self.assertNotIn(f">{self.social.title}<", more)
        self.assertNotIn(self.everyone.title, more)
        self.assertNotIn(self.social_other_theme.title, more)
        self.client.cookies.clear()
        self.assertNotContains(self.get(self.social.url), "more-for-role-heading")

    # A member's site

    def test_a_member_site_marks_the_material_shared_by_gr(self):
        response = self.get(
            "/sv/motverka-brott/otillaten-paverkan/", host="molndal.localhost"
        )
        self.assertListed(response, self.shared, self.local)
        cards = response.content.decode().split('class="card"')
        shared_card = next(card for card in cards if self.shared.title in card)
        local_card = next(card for card in cards if self.local.title in card)
        self.assertIn("Delat av gr", shared_card)
        self.assertNotIn("Delat av", local_card)
        self.assertNotListed(response, self.social)
        alias = Page.objects.get(alias_of=self.shared)
        page = self.get(alias.url, host="molndal.localhost")
        self.assertContains(page, "<dt>Delat av</dt>")

    def test_every_listing_on_a_member_site_marks_what_gr_shared(self):
        # Mölndal's own page names GR's original as related material.
        ResourcePageRelated.objects.create(page=self.local, target=self.shared)
        pages = {
            "home": "/sv/",
            "topic": "/sv/motverka-brott/otillaten-paverkan/",
            "role": "/sv/roller/socialtjanst/",
            "related": self.local.url,
        }
        for listing, url in pages.items():
            with self.subTest(listing=listing):
                response = self.get(url, host="molndal.localhost")
                cards = response.content.decode().split('class="card"')[1:]
                shared = [card for card in cards if self.shared.title in card]
                self.assertTrue(shared, listing)
                for card in shared:
                    self.assertIn("Delat av gr", card)
                local = [card for card in cards if self.local.title in card]
                for card in local:
                    self.assertNotIn("Delat av", card)
        # On GR's own site nothing is marked: the material is its own.
        for url in ("/sv/", "/sv/roller/socialtjanst/"):
            self.assertNotContains(self.get(url), "Delat av")

    def test_a_member_site_shows_its_name_and_logo(self):
        profile = SiteProfile.objects.get(slug="molndal")
        profile.logo = make_image(alt_text="")
        profile.save()
        response = self.get("/sv/", host="molndal.localhost")
        self.assertRegex(
            response.content.decode(),
            r'<img alt="" class="site-logo" [^>]*src="/media/images/[^"]+"[^>]*>'
            r"<span>molndal</span>",
        )
        self.assertNotContains(self.get("/sv/"), 'class="site-logo"')

    # Caching

    def test_anonymous_pages_may_be_cached_publicly(self):
        for url in (
            "/sv/",
            "/sv/motverka-brott/",
            "/sv/motverka-brott/otillaten-paverkan/",
            self.social.url,
            "/sv/roller/socialtjanst/",
            "/sv/sok/?q=hot",
            "/sv/floden/roll/socialtjanst/",
        ):
            self.client.cookies.clear()
            response = self.get(url)
            self.assertIn("public", response["Cache-Control"], url)
            self.assertIn("max-age=300", response["Cache-Control"], url)
            self.assertIn("Cookie", response["Vary"], url)

    def test_pages_for_a_role_or_behind_a_password_are_never_public(self):
        response = self.get("/sv/", role="chefer")
        self.assertIn("private", response["Cache-Control"])
        self.client.cookies.clear()
        response = self.client.get(self.secret.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "password")
        self.assertNotIn("public", response.get("Cache-Control", ""))
