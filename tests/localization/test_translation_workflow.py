"""Översätt, edit the source, Synkronisera: what translators wrote survives."""

from django.contrib.auth import get_user_model
from django.test import TestCase

from wagtail.rich_text import RichText
from wagtail_localize.models import StringSegment, StringTranslation

from pages.models import ArticlePage
from tests.factories import build_site, make_resource

from .utils import english, submit_translation, sync, translate

ENGLISH = {
    "Hot mot handläggare": "Threats against case workers",
    "hot-mot-handlaggare": "threats-against-case-workers",
    "Så skyddar ni handläggare.": "How to protect case workers.",
    "Göteborgsregionen": "Gothenburg Region",
    "Första stycket.": "The first paragraph.",
    "Andra stycket.": "The second paragraph.",
}


class TranslationWorkflowTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _, _, topic = build_site()
        cls.article = make_resource(
            ArticlePage,
            topic,
            title="Hot mot handläggare",
            slug="hot-mot-handlaggare",
            summary="Så skyddar ni handläggare.",
            body=[
                ("paragraph", RichText("<p>Första stycket.</p>")),
                ("paragraph", RichText("<p>Andra stycket.</p>")),
            ],
        )
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")

    def setUp(self):
        self.client.force_login(self.admin)

    def publish(self, translation) -> None:
        # wagtail-localize publishes once the transaction commits.
        with self.captureOnCommitCallbacks(execute=True):
            translation.save_target(publish=True)

    def translated_page(self):
        return self.article.get_translation(english()).specific

    def test_translate_publishes_the_translators_text(self):
        translation = submit_translation(self.client, self.article)
        translate(translation, ENGLISH)
        total, done = translation.get_progress()
        self.assertEqual(done, total)
        self.publish(translation)
        page = self.translated_page()
        self.assertTrue(page.live)
        self.assertEqual(page.title, "Threats against case workers")
        self.assertEqual(page.slug, "threats-against-case-workers")
        self.assertEqual(page.summary, "How to protect case workers.")
        self.assertEqual(
            [str(block.value) for block in page.body],
            ["<p>The first paragraph.</p>", "<p>The second paragraph.</p>"],
        )

    def test_sync_keeps_unchanged_segments_and_flags_changed_ones(self):
        translation = submit_translation(self.client, self.article)
        translate(translation, ENGLISH)
        self.publish(translation)

        # The source changes: a new summary and a reworded second paragraph.
        source = ArticlePage.objects.get(pk=self.article.pk)
        source.summary = "Så skyddar ni handläggare mot hot."
        source.body[1].value = RichText("<p>Andra stycket, omskrivet.</p>")
        source.save_revision().publish()
        with self.captureOnCommitCallbacks(execute=True):
            sync(self.client, self.article)

        untranslated = [
            segment.string.data
            for segment in StringSegment.objects.filter(source=translation.source)
            if not StringTranslation.objects.filter(
                translation_of=segment.string,
                context=segment.context,
                locale=english(),
            ).exists()
        ]
        self.assertEqual(
            sorted(untranslated),
            ["Andra stycket, omskrivet.", "Så skyddar ni handläggare mot hot."],
        )
        # Not published by the sync: readers still see the reviewed English.
        self.assertEqual(self.translated_page().summary, "How to protect case workers.")

        translate(
            translation,
            {
                "Så skyddar ni handläggare mot hot.": "How to protect case workers "
                "from threats.",
                "Andra stycket, omskrivet.": "The second paragraph, rewritten.",
            },
        )
        self.publish(translation)
        page = self.translated_page()
        self.assertEqual(page.title, "Threats against case workers")
        self.assertEqual(page.summary, "How to protect case workers from threats.")
        self.assertEqual(
            [str(block.value) for block in page.body],
            ["<p>The first paragraph.</p>", "<p>The second paragraph, rewritten.</p>"],
        )

    def test_the_translation_links_the_english_roles(self):
        translation = submit_translation(self.client, self.article)
        translate(translation, ENGLISH)
        self.publish(translation)
        self.assertEqual(
            [role.name for role in self.translated_page().roles], ["Social services"]
        )
