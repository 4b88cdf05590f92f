"""Staff material for intranets: pages restricted to logged-in users reach
an API consumer with that scope for the site it reads, in every read path,
and no one else; passwords and group restrictions reach no one; and no
cache can hand a staff answer to anyone else."""

import json

from django.contrib.auth.models import Group
from django.test import TestCase

from wagtail.models import Page, PageViewRestriction

from consumers.models import ApiKey, Consumer
from consumers.models.keys import key_hash
from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from tests.api.utils import build_tree
from tests.factories import make_resource

from .utils import bearer, make_consumer, make_key

GR, MOLNDAL, PARTILLE = "localhost", "molndal.localhost", "partille.localhost"
LOGIN, PASSWORD, GROUPS = (
    PageViewRestriction.LOGIN,
    PageViewRestriction.PASSWORD,
    PageViewRestriction.GROUPS,
)


def restrict(page: Page, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="hemligt" if kind == PASSWORD else ""
    )
    if kind == GROUPS:
        restriction.groups.add(Group.objects.get_or_create(name="Intern")[0])


class StaffMaterialCase(TestCase):
    """GR, Mölndal and Partille; public, login-, password- and group-
    restricted material on each; consumers with and without the scope."""

    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", GR, is_hub=True)
        cls.molndal = build_tree("molndal", MOLNDAL, is_hub=False)
        cls.partille = build_tree("partille", PARTILLE, is_hub=False)

        def article(tree, word, restriction=None, **fields):
            page = make_resource(
                ArticlePage,
                tree["samverkan"],
                title=f"Zebra {word}",
                slug=word,
                **fields,
            )
            if restriction:
                restrict(page, restriction)
            return page

        cls.public = article(cls.gr, "synlig", share_with="all")
        cls.gr_staff = article(cls.gr, "grpersonal", LOGIN, share_with="all")
        cls.gr_password = article(cls.gr, "grlosen", PASSWORD, share_with="all")
        cls.gr_group = article(cls.gr, "grgrupp", GROUPS, share_with="all")
        cls.molndal_staff = article(cls.molndal, "molndalpersonal", LOGIN)
        cls.molndal_password = article(cls.molndal, "molndallosen", PASSWORD)
        cls.partille_staff = article(cls.partille, "partillepersonal", LOGIN)

        cls.keys = {
            "molndal": make_key(make_consumer("molndal")),
            "molndal-staff": make_key(make_consumer("molndal", staff_material=True)),
            "partille-staff": make_key(make_consumer("partille", staff_material=True)),
            "gr-staff": make_key(make_consumer("gr", staff_material=True)),
            "gr-shared-staff": make_key(
                make_consumer("gr", staff_material=True, shared_staff_material=True)
            ),
        }

    def copy_on(self, tree, original: Page) -> Page:
        return Page.objects.get(alias_of=original, path__startswith=tree["home"].path)

    def headers(self, reader: str, host: str) -> dict:
        return {"HTTP_HOST": host} | (bearer(self.keys[reader]) if reader else {})

    def get(self, reader: str, host: str, endpoint: str, **params):
        return self.client.get(
            f"/api/v1/{endpoint}", params, **self.headers(reader, host)
        )

    def seen(self, reader: str, host: str, page: Page) -> dict[str, bool]:
        """Where `reader` meets `page` (read on `host`) in each read path."""
        site = page.get_site()
        listing = self.get(reader, host, "resources/", limit=100, facets="true")
        self.assertEqual(listing.status_code, 200, listing.content)
        listing = json.loads(listing.content)
        search = json.loads(self.get(reader, host, "search/", q="zebra").content)
        suggested = json.loads(
            self.get(reader, host, "search/autocomplete/", q="zebr").content
        )
        path = page.relative_url(site)
        return {
            "list": page.pk in [item["id"] for item in listing["items"]],
            "facets": sum(row["count"] for row in listing["facets"]["kind"])
            == listing["count"]
            and listing["count"] == len(listing["items"]),
            "detail": self.get(reader, host, f"resources/{page.pk}/").status_code
            == 200,
            "by-path": self.get(
                reader, host, "resources/by-path/", path=path
            ).status_code
            == 200,
            "search": page.pk in [item["id"] for item in search["items"]],
            "autocomplete": page.pk in [item["id"] for item in suggested["items"]],
        }

    def assertSeenEverywhere(self, reader, host, page):
        seen = self.seen(reader, host, page)
        self.assertEqual({k: v for k, v in seen.items() if not v}, {}, page.title)

    def assertSeenNowhere(self, reader, host, page):
        seen = self.seen(reader, host, page)
        seen.pop("facets")  # consistent counts, checked where material is seen
        self.assertEqual({k: v for k, v in seen.items() if v}, {}, page.title)


class StaffMaterialTests(StaffMaterialCase):
    def test_the_checks_can_see_public_material(self):
        for reader in ("", "molndal", "molndal-staff", "partille-staff"):
            with self.subTest(reader=reader):
                self.assertSeenEverywhere(
                    reader, MOLNDAL, self.copy_on(self.molndal, self.public)
                )

    def test_a_member_consumer_with_the_scope_reads_its_own_staff_material(self):
        self.assertSeenEverywhere("molndal-staff", MOLNDAL, self.molndal_staff)
        # GR's staff material shared with it, restricted on GR's original.
        copy = self.copy_on(self.molndal, self.gr_staff)
        self.assertSeenEverywhere("molndal-staff", MOLNDAL, copy)
        # The facet counts include it: one more than the public's.
        public = json.loads(
            self.get("", MOLNDAL, "resources/", facets="true", limit=100).content
        )
        staff = json.loads(
            self.get(
                "molndal-staff", MOLNDAL, "resources/", facets="true", limit=100
            ).content
        )
        self.assertEqual(staff["count"], public["count"] + 2)
        self.assertEqual(
            sum(row["count"] for row in staff["facets"]["kind"]), public["count"] + 2
        )

    def test_no_one_else_reads_it(self):
        copy = self.copy_on(self.molndal, self.gr_staff)
        for reader in ("", "molndal", "partille-staff", "gr-staff"):
            for page in (self.molndal_staff, copy):
                with self.subTest(reader=reader, page=page.title):
                    self.assertSeenNowhere(reader, MOLNDAL, page)

    def test_a_scope_for_one_site_does_not_open_another(self):
        # Mölndal's key on GR's and Partille's sites, Partille's on Mölndal's.
        self.assertSeenNowhere("molndal-staff", GR, self.gr_staff)
        self.assertSeenNowhere("molndal-staff", PARTILLE, self.partille_staff)
        self.assertSeenNowhere(
            "molndal-staff", MOLNDAL, self.partille_staff
        )  # not on Mölndal's site at all
        # With site= rather than the host: the same.
        response = self.get(
            "molndal-staff", MOLNDAL, f"resources/{self.partille_staff.pk}/",
            site="partille",
        )  # fmt: skip
        self.assertEqual(response.status_code, 404)

    def test_passwords_and_groups_reach_no_one(self):
        hidden = [
            (GR, self.gr_password), (GR, self.gr_group),
            (MOLNDAL, self.copy_on(self.molndal, self.gr_password)),
            (MOLNDAL, self.copy_on(self.molndal, self.gr_group)),
            (MOLNDAL, self.molndal_password),
        ]  # fmt: skip
        for reader in ("molndal-staff", "gr-staff", "gr-shared-staff"):
            for host, page in hidden:
                with self.subTest(reader=reader, page=page.title, host=host):
                    self.assertSeenNowhere(reader, host, page)

    def test_gr_consumers_read_grs_staff_material(self):
        self.assertSeenEverywhere("gr-staff", GR, self.gr_staff)
        self.assertSeenEverywhere("gr-shared-staff", GR, self.gr_staff)

    def test_grs_shared_scope_opens_grs_material_on_members_only(self):
        copy = self.copy_on(self.molndal, self.gr_staff)
        self.assertSeenEverywhere("gr-shared-staff", MOLNDAL, copy)
        # Not Mölndal's own staff material, nor with GR's plain scope.
        self.assertSeenNowhere("gr-shared-staff", MOLNDAL, self.molndal_staff)
        self.assertSeenNowhere("gr-staff", MOLNDAL, copy)


class StaffAnswersAndCachesTests(StaffMaterialCase):
    """Answers with staff material are private, vary by key, and have
    ETags of their own; public answers never carry it."""

    def test_public_answers_are_public_and_vary_by_authorization(self):
        for reader in ("", "molndal"):
            response = self.get(reader, MOLNDAL, "resources/")
            self.assertTrue(response["Cache-Control"].startswith("public"))
            self.assertIn("Authorization", response["Vary"])
            self.assertNotIn(b"molndalpersonal", response.content)

    def test_staff_answers_are_private(self):
        copy = self.copy_on(self.molndal, self.gr_staff)
        for endpoint in (
            "resources/", f"resources/{copy.pk}/", "search/?q=zebra", "themes/",
        ):  # fmt: skip
            with self.subTest(endpoint=endpoint):
                response = self.get("molndal-staff", MOLNDAL, endpoint)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response["Cache-Control"].startswith("private"))
                self.assertIn("Authorization", response["Vary"])

    def test_a_staff_etag_never_revalidates_a_public_answer_or_back(self):
        public = self.get("", MOLNDAL, "resources/")
        staff = self.get("molndal-staff", MOLNDAL, "resources/")
        self.assertNotEqual(public["ETag"], staff["ETag"])
        # The public, offering the staff ETag, gets the public answer in full.
        response = self.client.get(
            "/api/v1/resources/", HTTP_HOST=MOLNDAL, HTTP_IF_NONE_MATCH=staff["ETag"]
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"molndalpersonal", response.content)
        # Staff offering the public ETag are not told their copy is current.
        response = self.client.get(
            "/api/v1/resources/",
            HTTP_IF_NONE_MATCH=public["ETag"],
            **self.headers("molndal-staff", MOLNDAL),
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"molndalpersonal", response.content)
        # And staff revalidate their own answer.
        response = self.client.get(
            "/api/v1/resources/",
            HTTP_IF_NONE_MATCH=staff["ETag"],
            **self.headers("molndal-staff", MOLNDAL),
        )
        self.assertEqual(response.status_code, 304)
        self.assertTrue(response["Cache-Control"].startswith("private"))


class ScopeChangesTests(StaffMaterialCase):
    def test_a_narrowed_scope_applies_to_the_next_request(self):
        # The key (with its consumer) is cached after the first request.
        self.assertSeenEverywhere("molndal-staff", MOLNDAL, self.molndal_staff)
        consumer = Consumer.objects.get(keys__hash=key_hash(self.keys["molndal-staff"]))
        consumer.staff_material = False
        consumer.save()
        self.assertSeenNowhere("molndal-staff", MOLNDAL, self.molndal_staff)

    def test_a_revoked_key_is_refused_at_once(self):
        clear = self.keys["molndal-staff"]
        self.assertEqual(self.get("molndal-staff", MOLNDAL, "roles/").status_code, 200)
        ApiKey.objects.get(hash=key_hash(clear)).revoke()
        response = self.get("molndal-staff", MOLNDAL, "roles/")
        self.assertEqual(response.status_code, 401)
