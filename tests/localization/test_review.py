"""Translations are published only when finished: every text translated,
every machine translation read and saved by a person."""

from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from wagtail_localize.models import StringSegment

from pages.models import ArticlePage

from .utils import ArticleTranslationTestCase, sync, translate

TEXTS = {
    "Hot mot handläggare": "Threats against case workers",
    "hot": "threats",
    "En kort sammanfattning av materialet.": "A short summary.",
    "Göteborgsregionen": "Gothenburg Region",
}


class ReviewBeforePublishingTests(ArticleTranslationTestCase):
    def publish(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.edit_url, {"action": "publish"}, follow=True
            )
        self.page.refresh_from_db()
        return response

    def machine_translate(self):
        url = reverse("wagtail_localize:machine_translate", args=[self.translation.pk])
        self.client.post(f"{url}?next={self.edit_url}")

    def save_in_editor(self, segment: StringSegment, text: str) -> None:
        """What the translation editor sends when the editor saves a text."""
        url = reverse(
            "wagtail_localize:edit_string_translation",
            args=[self.translation.pk, segment.pk],
        )
        body = encode_multipart(BOUNDARY, {"value": text})
        response = self.client.put(url, body, content_type=MULTIPART_CONTENT)
        self.assertIn(response.status_code, (200, 201), response.content)

    def test_untranslated_texts_stop_the_publish(self):
        translate(
            self.translation, {"Hot mot handläggare": TEXTS["Hot mot handläggare"]}
        )
        response = self.publish()
        self.assertContains(response, "publicerades inte")
        self.assertContains(response, "texter är inte översatta")
        self.assertFalse(self.page.live)

    def test_machine_translations_must_be_read_and_saved_first(self):
        self.machine_translate()
        response = self.publish()
        self.assertContains(response, "maskinöversatta texter är inte granskade")
        self.assertFalse(self.page.live)
        # The editor reads each text, corrects it and saves it.
        for segment in StringSegment.objects.filter(source=self.translation.source):
            self.save_in_editor(segment, TEXTS[segment.string.data])
        self.publish()
        self.assertTrue(self.page.live)
        self.assertEqual(self.page.title, "Threats against case workers")

    def test_a_finished_translation_publishes(self):
        translate(self.translation, TEXTS)
        self.publish()
        self.assertTrue(self.page.live)

    def test_sync_publishes_only_finished_translations(self):
        translate(self.translation, TEXTS)
        with self.captureOnCommitCallbacks(execute=True):
            self.translation.save_target(publish=True)
        source = ArticlePage.objects.get(pk=self.article.pk)
        source.summary = "En ny sammanfattning."
        source.save_revision().publish()
        with self.captureOnCommitCallbacks(execute=True):
            sync(self.client, self.article, publish=True)
        self.page.refresh_from_db()
        # The new Swedish summary is not published under /en/.
        self.assertEqual(self.page.specific.summary, "A short summary.")
        translate(self.translation, {"En ny sammanfattning.": "A new summary."})
        with self.captureOnCommitCallbacks(execute=True):
            sync(self.client, self.article, publish=True)
        self.page.refresh_from_db()
        self.assertEqual(self.page.specific.summary, "A new summary.")
