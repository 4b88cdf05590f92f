"""GET /api/v1/preview/: a draft in the shape of the published detail, for
as long as its token is valid and the page has not been published since."""

import time
from unittest import mock

from django.core import signing
from django.test import override_settings

from wagtail.models import Page

from pages.headless_preview import SALT, issue_token
from pages.models import ArticlePage, ResourcePageRelated, ResourcePageRole
from tests.api.utils import ApiTestCase
from tests.factories import make_resource, swedish_role


def drafted(page, **changes):
    """The page's latest revision as an editor changes it in the form, unsaved."""
    draft = Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def structure(value):
    """The keys of every object in `value`, nested, without the values."""
    if isinstance(value, dict):
        return {key: structure(item) for key, item in value.items()}
    if isinstance(value, list):
        return [structure(item) for item in value]
    return None


class PreviewTestCase(ApiTestCase):
    def preview(self, token: str, host: str = "localhost", **params):
        return self.get("preview/", host=host, token=token, **params)

    def preview_json(self, token: str, expect: int = 200, **params):
        return self.get_json("preview/", token=token, expect=expect, **params)


class DraftShapeTests(PreviewTestCase):
    def test_draft_of_every_kind_has_the_published_shape_with_the_draft_values(self):
        for page in (self.article, self.video, self.webinar, self.podcast, self.link):
            with self.subTest(kind=page.specific.kind):
                published = self.get_json(f"resources/{page.pk}/")
                draft = drafted(
                    page, title="Utkastets rubrik", summary="Utkastets sammanfattning."
                )
                previewed = self.preview_json(issue_token(draft, "gr"))
                self.assertEqual(structure(previewed), structure(published))
                self.assertEqual(previewed["title"], "Utkastets rubrik")
                self.assertEqual(previewed["summary"], "Utkastets sammanfattning.")
                # Everything else is as published: same id, kind, address,
                # kind-specific object, roles and related material.
                unchanged = {
                    key: value
                    for key, value in published.items()
                    if key not in ("title", "summary")
                }
                self.assertEqual({key: previewed[key] for key in unchanged}, unchanged)

    def test_draft_roles_kind_fields_and_related_material_come_from_the_draft(self):
        draft = drafted(
            self.link, external_url="https://polisen.se/", publisher="Polisen"
        )
        draft.role_links = [ResourcePageRole(role=swedish_role("chefer"))]
        previewed = self.preview_json(issue_token(draft, "gr"))
        self.assertEqual([role["slug"] for role in previewed["roles"]], ["chefer"])
        self.assertEqual(previewed["link"]["external_url"], "https://polisen.se/")
        self.assertEqual(previewed["link"]["publisher"], "Polisen")
        published = self.get_json(f"resources/{self.link.pk}/")
        self.assertEqual(
            [role["slug"] for role in published["roles"]], ["alla-medarbetare"]
        )

    def test_a_never_published_page_previews(self):
        page = make_resource(
            ArticlePage,
            self.gr["samverkan"],
            publish=False,
            title="Aldrig publicerad",
            slug="utkast",
            share_with="none",
        )
        previewed = self.preview_json(issue_token(page.specific, "gr"))
        self.assertEqual(previewed["title"], "Aldrig publicerad")
        self.assertEqual(previewed["id"], page.pk)
        self.assertTrue(previewed["url"].endswith("/samverkan/utkast/"))
        # ... which the public still cannot read.
        self.get_json(f"resources/{page.pk}/", expect=404)

    def test_a_changed_slug_shows_the_draft_address(self):
        draft = drafted(self.article, slug="nytt-namn")
        previewed = self.preview_json(issue_token(draft, "gr"))
        self.assertTrue(previewed["url"].endswith("/otillaten-paverkan/nytt-namn/"))

    def test_answers_are_private_and_never_stored(self):
        response = self.preview(issue_token(drafted(self.article), "gr"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        # No ETag: a draft is never revalidated against a cached copy.
        self.assertFalse(response.has_header("ETag"))


class RefusedTokenTests(PreviewTestCase):
    def test_an_expired_token_is_gone(self):
        token = issue_token(drafted(self.article), "gr")
        self.preview_json(token)
        later = time.time() + 11 * 60
        with mock.patch("time.time", return_value=later):
            body = self.preview_json(token, expect=410)
        self.assertIn("gått ut", body["detail"])

    @override_settings(API_PREVIEW_TOKEN_MINUTES=30)
    def test_the_lifetime_is_a_setting(self):
        token = issue_token(drafted(self.article), "gr")
        later = time.time() + 11 * 60
        with mock.patch("time.time", return_value=later):
            self.preview_json(token)

    def test_a_tampered_token_is_refused(self):
        token = issue_token(drafted(self.article), "gr")
        payload, _, signature = token.rpartition(":")
        flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
        body = self.preview_json(f"{payload}:{flipped}", expect=403)
        self.assertIn("Ogiltig", body["detail"])
        self.preview_json("inte-en-nyckel", expect=403)

    def test_a_token_signed_with_another_key_is_refused(self):
        forged = signing.dumps({"page": self.article.pk, "key": "x"}, salt="other")
        self.preview_json(forged, expect=403)

    def test_a_token_for_another_page_is_refused(self):
        token = issue_token(drafted(self.article), "gr")
        body = self.preview_json(token, expect=403, id=self.video.pk)
        self.assertIn("annan sida", body["detail"])
        self.preview_json(token, id=self.article.pk)
        # The article's snapshot under a token naming the video.
        key = signing.loads(token, salt=SALT)["key"]
        crossed = signing.dumps({"page": self.video.pk, "key": key}, salt=SALT)
        self.preview_json(crossed, expect=403)

    def test_a_token_used_after_the_page_is_published_is_gone(self):
        token = issue_token(drafted(self.article, title="Ny rubrik"), "gr")
        self.preview_json(token)
        page = Page.objects.get(pk=self.article.pk).specific
        page.title = "Ny rubrik"
        page.save_revision().publish()
        body = self.preview_json(token, expect=410)
        self.assertIn("publicerats", body["detail"])

    def test_a_token_for_a_deleted_page_is_not_found(self):
        page = make_resource(
            ArticlePage, self.gr["samverkan"], slug="borta", share_with="none"
        )
        token = issue_token(page.specific, "gr")
        Page.objects.get(pk=page.pk).delete()
        self.preview_json(token, expect=404)

    def test_a_missing_token_is_a_bad_request(self):
        self.get_json("preview/", expect=400)


class MemberSitePreviewTests(PreviewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Shared with every member: publishing gives Mölndal its alias.
        cls.shared = make_resource(
            ArticlePage,
            cls.gr["samverkan"],
            title="Delat material",
            slug="delat",
            roles=("socialtjanst",),
        )
        cls.alias = Page.objects.get(
            alias_of=cls.shared, url_path__startswith="/molndal/"
        )

    def test_gr_draft_on_a_member_site_looks_like_the_members_copy(self):
        published = self.get_json(f"resources/{self.alias.pk}/", site="molndal")
        draft = drafted(self.shared, title="Ändrat delat material")
        previewed = self.preview_json(issue_token(draft, "gr"), site="molndal")
        self.assertEqual(structure(previewed), structure(published))
        self.assertEqual(previewed["title"], "Ändrat delat material")
        for key in ("id", "url", "site", "shared_from", "theme", "topic"):
            self.assertEqual(previewed[key], published[key], key)
        self.assertEqual(previewed["shared_from"], {"site": "gr", "id": self.shared.pk})

    def test_a_member_consumers_token_previews_on_the_member_site(self):
        draft = drafted(self.shared, title="För Mölndal")
        previewed = self.preview_json(issue_token(draft, "molndal"))
        self.assertEqual(previewed["site"], "molndal")
        self.assertEqual(previewed["id"], self.alias.pk)

    def test_related_material_is_the_members_copy(self):
        draft = drafted(self.shared)
        draft.related_links = [
            ResourcePageRelated(target=Page.objects.get(pk=self.article.pk))
        ]
        # The article is not shared (share_with none): related material a
        # member cannot see is left out there, kept on GR's own site.
        on_gr = self.preview_json(issue_token(draft, "gr"))
        self.assertEqual([item["id"] for item in on_gr["related"]], [self.article.pk])
        on_molndal = self.preview_json(issue_token(draft, "gr"), site="molndal")
        self.assertEqual(on_molndal["related"], [])

    def test_a_draft_not_yet_shared_shows_where_the_copy_will_go(self):
        page = make_resource(
            ArticlePage,
            self.gr["samverkan"],
            title="Delas snart",
            slug="snart",
            share_with="none",
        )
        draft = drafted(page, share_with="all")
        previewed = self.preview_json(issue_token(draft, "gr"), site="molndal")
        self.assertEqual(previewed["site"], "molndal")
        self.assertIn("molndal.localhost", previewed["url"])
        self.assertTrue(previewed["url"].endswith("/samverkan/snart/"))
        self.assertEqual(previewed["shared_from"], {"site": "gr", "id": page.pk})
        self.assertEqual(previewed["topic"]["slug"], "samverkan")

    def test_a_site_the_draft_is_not_shared_with_is_not_found(self):
        draft = drafted(self.article)  # share_with "none"
        self.preview_json(issue_token(draft, "gr"), site="molndal", expect=404)
        self.preview_json(issue_token(draft, "gr"), site="okand", expect=400)

    def test_a_members_own_page_never_previews_on_gr(self):
        token = issue_token(drafted(self.local), "molndal")
        self.preview_json(token)
        self.preview_json(token, site="gr", expect=404)
