"""What the public may not see, it sees nowhere: every hidden state × every
read path × GR's site and a member's (pages/delivery/visibility.py).

Each test hides one GR resource (shared with Mölndal) in one way, then asks
every reader of pages, on GR's site and on Mölndal's, whether it shows the
resource: the delivery API (list, facets, detail, by path, search, its
facets, autocomplete, related material, theme and role counts), Wagtail's
API v2 (list and detail), the site (the page at its own address, the
topic's listing, the home page, the role page, the search page, related
material beside another resource) and the Atom feeds (theme and role).
The control test asks the same readers about a visible resource, so each
check is known to be able to see.
"""

import datetime
import json

from django.contrib.auth.models import Group
from django.db.models import F
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from pages import syndication
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage, ContentVersion, ResourcePageRelated, SiteProfile
from pages.permissions import GR_REVIEWERS, ensure_groups
from tests.api.utils import build_tree, clock_at
from tests.factories import make_resource
from tests.pages.permission_cases import user_in

WORD = "Zebrafink"
# In the titles of the pages tried, and nowhere else (not in a query echoed).
MARK = f"{WORD} i "
HOSTS = {"gr": "localhost", "molndal": "molndal.localhost"}
# The hidden resource is alone in its topic and its role, so counts show it.
TOPIC, THEME, ROLE = "samverkan", "trygghetsskapande", "chefer"


class Reader:
    """Every read path, asked on one site whether it shows `page` (the
    page of that site: GR's original, or Mölndal's alias of it). None when
    the path does not apply (the page has no address on that site)."""

    def __init__(self, test: TestCase, site: str, page: Page | None, control: Page):
        self.test, self.site, self.page, self.control = test, site, page, control
        self.host = HOSTS[site]

    def get(self, url: str, **params):
        return self.test.client.get(url, params, HTTP_HOST=self.host)

    def api(self, endpoint: str, **params) -> dict:
        response = self.get(f"/api/v1/{endpoint}", **params)
        self.test.assertEqual(response.status_code, 200, response.content[:300])
        return json.loads(response.content)

    def html(self, url: str) -> bool:
        response = self.get(url)
        return response.status_code == 200 and MARK in response.content.decode()

    def ids(self, items) -> set[int]:
        return {item["id"] for item in items}

    # The delivery API.
    def api_list(self):
        return self.page is not None and self.page.pk in self.ids(
            self.api("resources/", limit=100)["items"]
        )

    def api_facets(self):
        facets = self.api("resources/", facets="true")["facets"]
        return any(row["slug"] == TOPIC for row in facets["topic"]) or any(
            row["slug"] == ROLE for row in facets["role"]
        )

    def api_detail(self):
        if self.page is None:
            return None
        return self.get(f"/api/v1/resources/{self.page.pk}/").status_code != 404

    def api_by_path(self):
        if self.page is None:
            return None
        path = f"/sv/{THEME}/{TOPIC}/{self.page.slug}/"
        response = self.get("/api/v1/resources/by-path/", path=path)
        return response.status_code != 404

    def api_search(self):
        return bool(self.api("search/", q=WORD)["items"])

    def api_search_facets(self):
        facets = self.api("search/", q=f"{WORD} kontroll")["facets"]
        return any(row["slug"] == TOPIC for row in facets["topic"])

    def api_autocomplete(self):
        return bool(self.api("search/autocomplete/", q=WORD[:6])["items"])

    def api_related(self):
        if self.site != "gr":
            # The API lists a member's related material from the member's
            # own tree only, and GR's material is related to GR's pages.
            return None
        detail = self.api(f"resources/{self.control.pk}/")
        return any(WORD in item["title"] for item in detail["related"])

    def api_themes(self):
        themes = self.api("themes/")["items"]
        return any(
            topic["slug"] == TOPIC and topic["count"]
            for theme in themes
            for topic in theme["topics"]
        )

    def api_roles(self):
        roles = self.api("roles/")["items"]
        return any(role["slug"] == ROLE and role["count"] for role in roles)

    # Wagtail's API v2.
    def v2_list(self):
        response = self.get("/api/v2/pages/", type="pages.ArticlePage", limit=20)
        titles = [item["title"] for item in json.loads(response.content)["items"]]
        return any(WORD in title for title in titles)

    def v2_detail(self):
        if self.page is None:
            return None
        return self.get(f"/api/v2/pages/{self.page.pk}/").status_code == 200

    # The site.
    def own_address(self):
        if self.page is None:
            return None
        return self.html(f"/sv/{THEME}/{TOPIC}/{self.page.slug}/")

    def topic_listing(self):
        return self.html(f"/sv/{THEME}/{TOPIC}/")

    def home(self):
        return self.html("/sv/")

    def role_page(self):
        return self.html(f"/sv/roller/{ROLE}/")

    def search_page(self):
        return self.html(f"/sv/sok/?q={WORD}")

    def related_on_site(self):
        return self.html(self.control.relative_url(self.control.get_site()))

    # The feeds.
    def theme_feed(self):
        return self.html(f"/sv/floden/tema/{THEME}/")

    def role_feed(self):
        return self.html(f"/sv/floden/roll/{ROLE}/")

    PATHS = (
        "api_list",
        "api_facets",
        "api_detail",
        "api_by_path",
        "api_search",
        "api_search_facets",
        "api_autocomplete",
        "api_related",
        "api_themes",
        "api_roles",
        "v2_list",
        "v2_detail",
        "own_address",
        "topic_listing",
        "home",
        "role_page",
        "search_page",
        "related_on_site",
        "theme_feed",
        "role_feed",
    )

    def shows(self) -> dict[str, bool | None]:
        return {name: getattr(self, name)() for name in self.PATHS}


class HiddenMaterialCase(TestCase):
    """GR's and Mölndal's sites, and the resources whose visibility is tried."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        cls.profile = SiteProfile.objects.get(slug="molndal")

    def make(self, **fields) -> ArticlePage:
        """The resource to hide: GR's, shared with Mölndal when published."""
        defaults = {
            "title": f"{MARK}samverkan",
            "slug": "zebrafink",
            "summary": "Om samverkan.",
            "body": [("paragraph", RichText(f"<p>{WORD} och samverkan.</p>"))],
        }
        return make_resource(
            ArticlePage, self.gr[TOPIC], roles=(ROLE,), **(defaults | fields)
        )

    def control_for(self, page: Page) -> ArticlePage:
        """A visible resource (kontroll) whose related material is `page`."""
        control = make_resource(
            ArticlePage,
            self.gr["otillaten-paverkan"],
            title="Kontroll",
            slug="kontroll",
            summary="Kontroll och samverkan.",
        )
        control.related_links = [ResourcePageRelated(target=page)]
        control.save_revision().publish()
        return ArticlePage.objects.get(pk=control.pk)

    def on_site(self, site: str, original: Page) -> Page | None:
        if site == "gr":
            return original
        return Page.objects.filter(
            alias_of=original, url_path__startswith="/molndal/"
        ).first()


class VisibilityTableTests(HiddenMaterialCase):
    def readers(self, original: Page, control: Page):
        for site in HOSTS:
            yield Reader(
                self, site, self.on_site(site, original), self.on_site(site, control)
            )

    def assertShownNowhere(self, original: Page, control: Page, sites=HOSTS):
        for reader in self.readers(original, control):
            if reader.site not in sites:
                continue
            for path, shown in reader.shows().items():
                with self.subTest(site=reader.site, path=path):
                    self.assertFalse(shown, f"{path} shows it on {reader.site}")

    def shared(self, **fields) -> tuple[ArticlePage, ArticlePage]:
        page = self.make(**fields)
        control = self.control_for(page)
        self.assertIsNotNone(self.on_site("molndal", page), "not shared")
        return page, control

    # The control: every check sees a visible resource.

    def test_every_read_path_shows_a_visible_resource_on_both_sites(self):
        page, control = self.shared()
        for reader in self.readers(page, control):
            for path, shown in reader.shows().items():
                if shown is None:
                    continue
                with self.subTest(site=reader.site, path=path):
                    self.assertTrue(shown, f"{path} cannot see it on {reader.site}")

    # The hidden states.

    def test_a_draft(self):
        page = self.make(publish=False)
        self.assertShownNowhere(page, self.control_for(page))

    def test_unpublished_material(self):
        page, control = self.shared()
        page.unpublish()
        self.assertShownNowhere(page, control)

    def test_a_password_on_grs_original(self):
        page, control = self.shared()
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        self.assertShownNowhere(page, control)

    def test_a_login_restriction_on_grs_topic(self):
        page, control = self.shared()
        PageViewRestriction.objects.create(
            page=self.gr[TOPIC], restriction_type=PageViewRestriction.LOGIN
        )
        self.assertShownNowhere(page, control)

    def test_a_group_restriction_on_grs_theme(self):
        page, control = self.shared()
        restriction = PageViewRestriction.objects.create(
            page=self.gr[THEME], restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.set([Group.objects.create(name="Bara GR")])
        self.assertShownNowhere(page, control)

    def test_a_login_restriction_on_the_members_own_copy(self):
        page, control = self.shared()
        PageViewRestriction.objects.create(
            page=self.molndal[TOPIC], restriction_type=PageViewRestriction.LOGIN
        )
        self.assertShownNowhere(page, control, sites=("molndal",))

    def test_expired_but_not_yet_unpublished(self):
        expiry = timezone.now() + datetime.timedelta(hours=1)
        page, control = self.shared(expire_at=expiry)
        # Two hours later; the scheduler (publish_scheduled) has not run.
        with clock_at(expiry + datetime.timedelta(hours=1)):
            self.assertTrue(Page.objects.get(pk=page.pk).live)
            self.assertShownNowhere(page, control)

    def test_scheduled_but_not_yet_live(self):
        page = self.make(publish=False)
        page.go_live_at = timezone.now() + datetime.timedelta(days=1)
        page.save_revision().publish()
        page.refresh_from_db()
        self.assertFalse(page.live)
        self.assertShownNowhere(page, self.control_for(page))

    def test_material_a_member_has_hidden(self):
        page, control = self.shared()
        syndication.hide(self.on_site("molndal", page), self.profile)
        self.assertShownNowhere(page, control, sites=("molndal",))

    def test_another_sites_local_material(self):
        local = make_resource(
            ArticlePage,
            self.molndal[TOPIC],
            roles=(ROLE,),
            title=f"{MARK}Mölndal",
            slug="zebrafink",
            summary="Lokalt.",
        )
        control = self.control_for(self.make(publish=False))
        reader = Reader(self, "gr", None, control)
        for path, shown in reader.shows().items():
            with self.subTest(path=path):
                self.assertFalse(shown, f"{path} shows Mölndal's page on GR's site")
        self.assertEqual(self.get_status(f"/api/v1/resources/{local.pk}/"), 404)

    def test_the_wrong_language(self):
        page, _control = self.shared()
        for host in HOSTS.values():
            for endpoint, params in (
                ("resources/", {}),
                ("search/", {"q": WORD}),
                ("search/autocomplete/", {"q": WORD[:6]}),
            ):
                with self.subTest(host=host, endpoint=endpoint):
                    response = self.client.get(
                        f"/api/v1/{endpoint}", params | {"locale": "en"}, HTTP_HOST=host
                    )
                    self.assertEqual(json.loads(response.content)["items"], [])
            response = self.client.get(
                f"/api/v1/resources/{page.pk}/", {"locale": "en"}, HTTP_HOST=host
            )
            self.assertEqual(response.status_code, 404)

    def get_status(self, url: str) -> int:
        return self.client.get(url, HTTP_HOST="localhost").status_code


class RestrictionFromAnotherProcessTests(HiddenMaterialCase):
    """A restriction made by another application server: it reaches this one
    through the database alone (the content version), not through this
    process's signals; the ETag moves and the answer changes at once."""

    def list_ids(self):
        response = self.client.get("/api/v1/resources/", HTTP_HOST="molndal.localhost")
        return response["ETag"], {item["id"] for item in response.json()["items"]}

    def test_a_restriction_and_its_removal_take_effect_at_once(self):
        page = self.make()
        alias = Page.objects.get(alias_of=page, url_path__startswith="/molndal/")
        etag, ids = self.list_ids()
        self.assertIn(alias.pk, ids)
        # What the other server writes: the restriction, and the counter its
        # signal handlers move. Nothing runs in this process.
        (restriction,) = PageViewRestriction.objects.bulk_create(
            [PageViewRestriction(page=page, restriction_type="login")]
        )
        ContentVersion.objects.update(counter=F("counter") + 1)
        restricted_etag, ids = self.list_ids()
        self.assertNotEqual(restricted_etag, etag)
        self.assertNotIn(alias.pk, ids)
        PageViewRestriction.objects.filter(pk=restriction.pk)._raw_delete("default")
        ContentVersion.objects.update(counter=F("counter") + 1)
        reopened_etag, ids = self.list_ids()
        self.assertNotIn(reopened_etag, (etag, restricted_etag))
        self.assertIn(alias.pk, ids)


class PrivacyFromTheAdminTests(HiddenMaterialCase):
    """GR's reviewer makes shared material private in the admin's privacy
    dialog: every member site stops showing it at once."""

    def test_a_password_set_in_the_admin_hides_every_members_copy(self):
        ensure_groups()
        reviewer = user_in("gr-granskare", GR_REVIEWERS)
        page = self.make()
        alias = Page.objects.get(alias_of=page, url_path__startswith="/molndal/")
        member = {"HTTP_HOST": "molndal.localhost"}
        listed = self.client.get("/api/v1/resources/", **member).json()["items"]
        self.assertIn(alias.pk, {item["id"] for item in listed})
        self.client.force_login(reviewer)
        response = self.client.post(
            reverse("wagtailadmin_pages:set_privacy", args=[page.pk]),
            {"restriction_type": "password", "password": "hemligt1"},
        )
        self.assertEqual(response.status_code, 200, response.content[:300])
        self.assertTrue(PageViewRestriction.objects.filter(page=page).exists())
        self.client.logout()
        listed = self.client.get("/api/v1/resources/", **member).json()["items"]
        self.assertNotIn(alias.pk, {item["id"] for item in listed})
        detail = self.client.get(f"/api/v1/resources/{alias.pk}/", **member)
        self.assertEqual(detail.status_code, 404)
        served = self.client.get(f"/sv/{THEME}/{TOPIC}/{alias.slug}/", **member)
        self.assertNotContains(served, "Om samverkan.")
        self.assertIn("private", served["Cache-Control"])
        self.assertContains(served, 'type="password"')
