"""GR's English translation of a shared resource reaches the members'
English sites, and a member's two copies are translations of each other."""

import json

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.models import Page

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import ArticlePage
from tests.api.utils import build_tree
from tests.factories import make_resource

from .utils import english, submit_translation, translate


class SharedTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)
        # Mölndal's site has English: its topic is translated, with its
        # theme and home page.
        cls.molndal["otillaten-paverkan"].copy_for_translation(
            english(), copy_parents=True
        ).save_revision().publish()
        cls.original = make_resource(
            ArticlePage, cls.gr["otillaten-paverkan"], title="Delad", slug="delad"
        )
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")

    def setUp(self):
        self.client.force_login(self.admin)
        translation = submit_translation(self.client, self.original)
        translate(
            translation,
            {"Delad": "Shared", "delad": "shared", "Göteborgsregionen": "GR"},
        )
        with self.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)
        self.client.logout()
        self.translated = self.original.get_translation(english())

    def aliases(self) -> dict[str, Page]:
        found = Page.objects.filter(alias_of__in=[self.original, self.translated])
        return {page.locale.language_code: page for page in found}

    def test_the_english_translation_is_shared_with_the_members_english_site(self):
        response = self.client.get(
            "/api/v1/resources/", {"site": "molndal", "locale": "en"}
        )
        items = json.loads(response.content)["items"]
        self.assertEqual(
            [(item["title"], item["shared_from"]) for item in items],
            [("Shared", {"site": "gr", "id": self.translated.pk})],
        )

    def test_a_members_copies_are_translations_of_each_other(self):
        aliases = self.aliases()
        self.assertEqual(set(aliases), {"sv", "en"})
        response = self.client.get(
            f"/api/v1/resources/{aliases['sv'].pk}/", HTTP_HOST="molndal.localhost"
        )
        self.assertEqual(
            json.loads(response.content)["translations"],
            [{"locale": "en", "id": aliases["en"].pk}],
        )
        html = self.client.get(
            aliases["sv"].url, HTTP_HOST="molndal.localhost"
        ).content.decode()
        english_url = "/en/motverka-brott/otillaten-paverkan/shared/"
        self.assertEqual(aliases["en"].url, f"http://molndal.localhost{english_url}")
        self.assertIn(
            f'<a href="{english_url}" hreflang="en" lang="en">English</a>', html
        )
