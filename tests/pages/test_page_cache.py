"""The site's pages kept in the shared cache for readers without a login
(pages/page_cache.py): the same page at the cost of one query, never a stale
one, never another site's, role's or language's, never an editor's or a page
behind a password, and searches still counted."""

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import TestCase, override_settings

from wagtail.models import PageViewRestriction

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from pages.reader import ROLE_COOKIE
from search.models import QueryCount
from tests.api.utils import build_tree
from tests.factories import make_resource

TOPIC = "/sv/motverka-brott/otillaten-paverkan/"


def kept() -> int:
    return sum(1 for key in cache._cache if "site-page:" in key)


class PageCacheTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.social = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], title="Hot mot handläggare",
            slug="hot", roles=("socialtjanst",), share_with="none",
        )  # fmt: skip
        cls.managers = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], title="Ledarskap vid hot",
            slug="ledarskap", roles=("chefer",), share_with="none",
        )  # fmt: skip

    def setUp(self):
        cache.clear()

    def get(self, url: str, host: str = "localhost", role: str | None = None):
        self.client.cookies.clear()
        if role:
            self.client.cookies[ROLE_COOKIE] = role
        response = self.client.get(url, HTTP_HOST=host)
        self.assertEqual(response.status_code, 200, url)
        return response

    def test_a_page_read_again_comes_from_the_cache_after_one_query(self):
        for url in ("/sv/", "/sv/motverka-brott/", TOPIC, self.social.url):
            with self.subTest(url=url):
                first = self.get(url)
                # The content version; nothing else.
                with self.assertNumQueries(1):
                    again = self.get(url)
                self.assertEqual(again.content, first.content)
                for header in ("Cache-Control", "Vary", "Content-Security-Policy"):
                    self.assertEqual(again[header], first[header], header)
        self.assertEqual(kept(), 4)

    def test_a_change_is_on_the_next_page(self):
        self.assertNotContains(self.get(TOPIC), "Ny vägledning")
        page = make_resource(
            ArticlePage, self.gr["otillaten-paverkan"], title="Ny vägledning",
            slug="ny", share_with="none",
        )  # fmt: skip
        self.assertContains(self.get(TOPIC), "Ny vägledning")
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertNotContains(self.get(TOPIC), "Ny vägledning")

    def test_no_page_crosses_sites_roles_or_addresses(self):
        pages = {
            (url, host, role): self.get(url, host, role).content
            for url in ("/sv/", TOPIC, TOPIC + "?kind=article")
            for host in ("localhost", "molndal.localhost")
            for role in (None, "chefer", "socialtjanst")
        }
        for (url, host, role), content in pages.items():
            with self.subTest(url=url, host=host, role=role):
                self.assertEqual(self.get(url, host, role).content, content)
        self.assertNotEqual(
            pages[("/sv/", "localhost", None)],
            pages[("/sv/", "molndal.localhost", None)],
        )
        self.assertNotEqual(
            pages[("/sv/", "localhost", "chefer")],
            pages[("/sv/", "localhost", "socialtjanst")],
        )

    def test_an_editor_never_gets_or_leaves_a_kept_page(self):
        self.get(TOPIC)
        before = kept()
        editor = get_user_model().objects.create_superuser(
            "redaktor", "r@example.se", "x"
        )
        self.client.force_login(editor)
        response = self.client.get(TOPIC, HTTP_HOST="localhost")
        self.assertEqual(response.status_code, 200)
        self.assertIn("private", response["Cache-Control"])
        self.assertEqual(kept(), before)

    def test_a_page_behind_a_password_is_never_kept(self):
        PageViewRestriction.objects.create(
            page=self.social,
            restriction_type=PageViewRestriction.PASSWORD,
            password="hemligt",
        )
        form = self.client.get(self.social.url, HTTP_HOST="localhost")
        self.assertContains(form, "password")
        restriction = PageViewRestriction.objects.get(page=self.social)
        self.client.post(
            f"/sv/_util/authenticate_with_password/{restriction.pk}/{self.social.pk}/",
            {"password": "hemligt", "return_url": self.social.url},
            HTTP_HOST="localhost",
        )
        opened = self.client.get(self.social.url, HTTP_HOST="localhost")
        self.assertContains(opened, "Hot mot handläggare")
        self.assertEqual(kept(), 0)
        # A reader without the password still gets the form.
        self.client.cookies.clear()
        self.assertContains(
            self.client.get(self.social.url, HTTP_HOST="localhost"), "password"
        )

    def test_searches_are_never_kept_and_always_counted(self):
        for _ in range(2):
            self.get("/sv/sok/?q=hot")
        self.assertEqual(kept(), 0)
        self.assertEqual(QueryCount.objects.get(query="hot").searches, 2)

    def test_a_page_kept_by_another_release_is_not_served(self):
        # A deploy or a restart with other settings (pages/delivery/release.py).
        self.get(TOPIC)
        with override_settings(PUBLIC_CONTACT_EMAIL="ny@example.se"):
            self.get(TOPIC)
        self.assertEqual(kept(), 2)

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_it_can_be_turned_off(self):
        self.get(TOPIC)
        self.assertEqual(kept(), 0)
