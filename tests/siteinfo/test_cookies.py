"""The privacy page's cookie table is the code's: it names the cookies the
public site really sets, with the lifetimes and flags the code gives them."""

import re
from html import unescape
from unittest import mock

from django.test import Client, TestCase, override_settings

from wagtail.models import PageViewRestriction

from pages.demo.builder import remove_wagtail_welcome_page
from pages.reader import ROLE_COOKIE, ROLE_COOKIE_MAX_AGE
from siteinfo.cookies import lifetime
from siteinfo.models import PrivacyPage
from tests.api.utils import build_tree
from tests.siteinfo.utils import add_page

DAY = 24 * 60 * 60
TOPIC = "/sv/motverka-brott/organiserad-brottslighet/"


def cookie_rows(html: str) -> dict[str, tuple[str, str]]:
    """The table's rows: cookie name → (what it does, lifetime), as text."""
    table = html[html.index('<table class="cookie-table"') : html.index("</table>")]
    rows = {}
    for name, cell in re.findall(
        r'<th scope="row"><code>(.*?)</code></th>\s*<td>(.*?)</td>', table, re.S
    ):
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split())
        rows[name] = (text, re.search(r"Livslängd: (.*?)\.", text).group(1))
    return rows


class CookieTableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.privacy = add_page(PrivacyPage, cls.gr["home"])

    def rows(self, **extra) -> dict[str, tuple[str, str]]:
        response = self.client.get("/sv/kakor/", **extra)
        self.assertEqual(response.status_code, 200)
        return cookie_rows(response.content.decode())

    def test_the_role_cookie_is_named_with_its_real_lifetime_and_flags(self):
        purpose, life = self.rows()[ROLE_COOKIE]
        self.assertEqual(life, lifetime(ROLE_COOKIE_MAX_AGE))
        self.assertEqual(life, "365 dagar")
        self.assertIn("HttpOnly", purpose)
        self.assertIn("SameSite=Lax", purpose)
        self.assertIn("förstapartskaka", purpose)
        self.assertIn("Inga personuppgifter", purpose)

    def test_changing_the_role_cookies_lifetime_changes_the_page(self):
        with mock.patch("pages.reader.ROLE_COOKIE_MAX_AGE", 30 * DAY):
            _purpose, life = self.rows()[ROLE_COOKIE]
            chosen = self.client.post("/sv/roll/", {"roll": "chefer"})
        self.assertEqual(life, "30 dagar")
        # The table and the cookie the site sets agree.
        self.assertEqual(chosen.cookies[ROLE_COOKIE]["max-age"], 30 * DAY)

    def test_the_role_cookie_is_marked_secure_where_the_site_sets_it_so(self):
        purpose, _life = self.rows(secure=True)[ROLE_COOKIE]
        self.assertIn("HTTPS", purpose)
        purpose, _life = self.rows()[ROLE_COOKIE]
        self.assertNotIn("HTTPS", purpose)

    def test_the_session_and_csrf_cookies_follow_the_settings(self):
        with override_settings(
            SESSION_COOKIE_NAME="session", SESSION_COOKIE_AGE=2 * 60 * 60
        ):
            rows = self.rows()
        self.assertEqual(rows["session"][1], "2 timmar")
        self.assertIn("csrftoken", rows)
        with override_settings(CSRF_USE_SESSIONS=True):
            self.assertNotIn("csrftoken", self.rows())
        with override_settings(SESSION_EXPIRE_AT_BROWSER_CLOSE=True):
            self.assertEqual(
                self.rows()["sessionid"][1], "tills du stänger webbläsaren"
            )

    def test_lifetimes_are_said_exactly(self):
        self.assertEqual(lifetime(DAY), "1 dag")
        self.assertEqual(lifetime(3 * 60 * 60), "3 timmar")
        self.assertEqual(lifetime(90), "90 sekunder")
        self.assertEqual(lifetime(25 * 60 * 60), "25 timmar")
        self.assertEqual(lifetime(None), "tills du stänger webbläsaren")


class CookiesTheSiteSetsTests(TestCase):
    """What the table claims, checked against what the site sends."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.privacy = add_page(PrivacyPage, cls.gr["home"])
        cls.listed = set(cookie_rows(Client().get("/sv/kakor/").content.decode()))

    def test_reading_the_site_sets_no_cookie(self):
        for path in ("/sv/", TOPIC, "/sv/sok/?q=brott", "/sv/roller/", "/sv/kakor/"):
            with self.subTest(path=path):
                self.assertEqual(dict(self.client.get(path).cookies), {})

    def test_every_cookie_the_site_sets_is_in_the_table(self):
        chosen = self.client.post("/sv/roll/", {"roll": "chefer", "next": "/sv/"})
        set_by_site = set(chosen.cookies)
        PageViewRestriction.objects.create(
            page=self.gr["samverkan"], restriction_type="password", password="x"
        )
        form = self.client.get("/sv/trygghetsskapande/samverkan/")
        set_by_site |= set(form.cookies)
        restriction = PageViewRestriction.objects.get()
        action = re.search(r'action="([^"]+)"', form.content.decode()).group(1)
        passed = self.client.post(
            action,
            {"password": "x", "return_url": "/sv/trygghetsskapande/samverkan/"},
        )
        set_by_site |= set(passed.cookies)
        self.assertEqual(restriction.page_id, self.gr["samverkan"].pk)
        self.assertEqual(set_by_site, {"roll", "csrftoken", "sessionid"})
        self.assertLessEqual(set_by_site, self.listed)
