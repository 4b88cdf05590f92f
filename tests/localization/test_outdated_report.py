"""The admin report of translations whose source has changed since their sync."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from wagtail_localize.models import TranslationSource

from localization.outdated import outdated_translations
from pages.models import ArticlePage
from tests.factories import build_site, make_editor, make_resource

from .utils import english, submit_translation, sync, translate


class OutdatedTranslationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _, _, topic = build_site()
        cls.changed, cls.unchanged, cls.draft_only = (
            make_resource(ArticlePage, topic, title=title, slug=slug)
            for title, slug in (
                ("Ändrad", "andrad"),
                ("Oförändrad", "oforandrad"),
                ("Bara utkast", "bara-utkast"),
            )
        )
        make_resource(ArticlePage, topic, title="Oöversatt", slug="ooversatt")
        cls.admin = get_user_model().objects.create_superuser("admin", password="x")

    def setUp(self):
        self.client.force_login(self.admin)
        for page in (self.changed, self.unchanged, self.draft_only):
            translation = submit_translation(self.client, page)
            translate(translation, {page.title: f"{page.title} (en)"})
            with self.captureOnCommitCallbacks(execute=True):
                translation.save_target(publish=True)

    def edit(self, page, publish: bool) -> None:
        page = ArticlePage.objects.get(pk=page.pk)
        page.summary = "En ny sammanfattning."
        revision = page.save_revision()
        if publish:
            revision.publish()

    def listed(self) -> list[str]:
        return [row.source_page.title for row in outdated_translations()]

    def test_only_translations_whose_source_was_published_since_are_listed(self):
        self.assertEqual(self.listed(), [])
        self.edit(self.changed, publish=True)
        self.edit(self.draft_only, publish=False)
        self.assertEqual(self.listed(), ["Ändrad"])

    def test_a_sync_takes_the_page_off_the_report(self):
        self.edit(self.changed, publish=True)
        sync(self.client, self.changed)
        self.assertEqual(self.listed(), [])

    def test_the_report_links_each_page_to_its_sync(self):
        self.edit(self.changed, publish=True)
        response = self.client.get(reverse("localization_outdated"))
        self.assertEqual(response.status_code, 200)
        source = TranslationSource.objects.get_for_instance(self.changed)
        sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
        self.assertContains(response, sync_url)
        self.assertContains(response, "Ändrad (en)")
        self.assertNotContains(response, "Oförändrad (en)")

    def test_editors_see_only_pages_they_may_edit(self):
        self.edit(self.changed, publish=True)
        translated = self.changed.get_translation(english())
        editor = make_editor()
        self.client.force_login(editor)
        self.assertContains(
            self.client.get(reverse("localization_outdated")), "Ändrad (en)"
        )
        # An editor without permission on the page (nobody's group).
        editor.groups.clear()
        editor.user_permissions.add(
            *get_user_model()
            ._meta.get_field("user_permissions")
            .related_model.objects.filter(codename="access_admin")
        )
        response = self.client.get(reverse("localization_outdated"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, translated.title)
