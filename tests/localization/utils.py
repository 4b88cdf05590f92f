"""Translating pages as editors do: wagtail-localize's admin views and models."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from pages.models import ArticlePage
from tests.factories import build_site, make_resource


def english() -> Locale:
    return Locale.objects.get(language_code="en")


def submit_translation(client, page: Page) -> Translation:
    """ "Översätt" in the admin: the page's English translation, set up."""
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [english().pk]},
    )
    assert response.status_code == 302, response.status_code
    source = TranslationSource.objects.get_for_instance(page)
    return Translation.objects.get(source=source, target_locale=english())


def translate(translation: Translation, texts: dict[str, str]) -> None:
    """Give the translator's text for each source string in `texts`; the
    others stay untranslated."""
    po = translation.export_po()
    for entry in po:
        if entry.msgid in texts:
            entry.msgstr = texts[entry.msgid]
    translation.import_po(po)


def sync(client, page: Page, publish: bool = False) -> None:
    """ "Synkronisera" in the admin: push the source's changes to translations."""
    source = TranslationSource.objects.get_for_instance(page)
    data = {"publish_translations": "on"} if publish else {}
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source.pk]), data
    )
    assert response.status_code == 302, response.status_code


class ArticleTranslationTestCase(TestCase):
    """GR's article "Hot mot handläggare", and its English translation set
    up (Översätt) by a logged-in administrator before each test."""

    @classmethod
    def setUpTestData(cls):
        _, _, topic = build_site()
        cls.article = make_resource(
            ArticlePage, topic, title="Hot mot handläggare", slug="hot"
        )
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")

    def setUp(self):
        self.client.force_login(self.admin)
        self.translation = submit_translation(self.client, self.article)
        self.page = self.article.get_translation(english())
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.page.pk])
