"""Translating as GR's editors, translators and reviewers do, not as superuser.

A page submitted for translation becomes an English draft; nothing reaches
/en/ (GR's or a member's) until every text is translated and a reviewer
publishes it.
"""

from django.test import TestCase
from django.urls import reverse

from wagtail.models import Page
from wagtail_localize.models import StringSegment

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from pages.permissions import (
    GR_EDITORS,
    GR_REVIEWERS,
    GR_TRANSLATORS,
    TRANSLATOR_MESSAGE,
    ensure_groups,
)
from tests.api.utils import build_tree
from tests.factories import make_resource
from tests.pages.permission_cases import user_in

from .utils import english, submit_translation, translate

ENGLISH = {
    "Delad": "Shared",
    "delad": "shared",
    "En kort sammanfattning av materialet.": "A short summary of the material.",
    "Göteborgsregionen": "GR",
}


class TranslationRolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        for site in (cls.gr, cls.molndal):
            site["otillaten-paverkan"].copy_for_translation(
                english(), copy_parents=True
            ).save_revision().publish()
        ensure_groups()
        cls.original = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], title="Delad", slug="delad"
        )
        cls.editor = user_in("gr-redaktor", GR_EDITORS)
        cls.translator = user_in("gr-oversattare", GR_TRANSLATORS)
        cls.reviewer = user_in("gr-granskare", GR_REVIEWERS)

    def english_page(self) -> Page:
        return Page.objects.get(
            translation_key=self.original.translation_key, locale=english()
        )

    def assertNothingUnderEnglish(self):
        for host in ("localhost", "molndal.localhost"):
            with self.subTest(host=host):
                response = self.client.get(
                    "/api/v1/resources/", {"locale": "en"}, HTTP_HOST=host
                )
                self.assertEqual(response.json()["items"], [])
        self.assertFalse(
            Page.objects.filter(
                alias_of__translation_key=self.original.translation_key,
                locale=english(),
            ).exists()
        )

    def submit_as(self, user):
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            return submit_translation(self.client, self.original)

    def test_gr_editor_is_offered_translate_and_gets_an_english_draft(self):
        self.client.force_login(self.editor)
        edit = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.original.pk])
        )
        translate_url = reverse(
            "wagtail_localize:submit_page_translation", args=[self.original.pk]
        )
        self.assertContains(edit, translate_url)
        self.assertEqual(self.client.get(translate_url).status_code, 200)

        self.submit_as(self.editor)
        page = self.english_page()
        self.assertFalse(page.live)
        self.assertNothingUnderEnglish()
        # The editor opens the translation editor, without a way to publish.
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.context["props"] is None)
        self.assertIn('"canPublish": false', response.context["props"])

    def test_translator_translates_but_cannot_change_the_swedish_page(self):
        translation = self.submit_as(self.translator)
        page = self.english_page()
        self.assertFalse(page.live)
        # The translation editor opens, and the translator's texts are kept.
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        segment = StringSegment.objects.filter(source=translation.source).first()
        response = self.client.put(
            reverse(
                "wagtail_localize:edit_string_translation",
                args=[translation.pk, segment.pk],
            ),
            "value=Shared",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertIn(response.status_code, (200, 201))
        # Publishing is a reviewer's.
        response = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]), {"action": "publish"}
        )
        self.assertFalse(Page.objects.get(pk=page.pk).live)
        # The Swedish page opens, says why it cannot be saved, and is not.
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.original.pk])
        self.assertContains(self.client.get(edit_url), str(TRANSLATOR_MESSAGE)[:40])
        response = self.client.post(edit_url, {"title": "Ändrad av översättare"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Page.objects.get(pk=self.original.pk)
            .specific.get_latest_revision_as_object()
            .title,
            "Delad",
        )
        self.assertNothingUnderEnglish()

    def test_reviewer_publishes_only_a_finished_translation_then_it_is_shared(self):
        translation = self.submit_as(self.translator)
        page = self.english_page()
        self.client.force_login(self.reviewer)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(edit_url, {"action": "publish"})
        self.assertFalse(Page.objects.get(pk=page.pk).live)
        self.assertNothingUnderEnglish()

        translate(translation, ENGLISH)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(edit_url, {"action": "publish"})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Page.objects.get(pk=page.pk).live)
        response = self.client.get(
            "/api/v1/resources/", {"locale": "en"}, HTTP_HOST="molndal.localhost"
        )
        self.assertEqual(
            [item["title"] for item in response.json()["items"]], ["Shared"]
        )
