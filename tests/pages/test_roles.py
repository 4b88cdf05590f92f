"""The roles vocabulary and locale-safe role links."""

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from pages.models import ArticlePage, Role
from tests.factories import build_site, make_editor, make_resource

CANONICAL_SLUGS = {
    "alla-medarbetare", "chefer", "upphandling-och-inkop", "bygg-och-fastighet",
    "socialtjanst", "skola-och-forskola", "kultur-och-fritid", "vard-och-omsorg",
    "miljo-och-tillstand", "hr-och-personal", "it-och-informationssakerhet",
    "ekonomi-och-utbetalningar", "kommunala-bolag", "fortroendevalda",
}  # fmt: skip


class RolesVocabularyTests(TestCase):
    def test_migrate_creates_the_fourteen_canonical_roles_in_swedish(self):
        swedish = Role.objects.filter(locale__language_code="sv")
        self.assertEqual(set(swedish.values_list("slug", flat=True)), CANONICAL_SLUGS)
        self.assertEqual(swedish.get(slug="socialtjanst").name, "Socialtjänst")

    def test_every_role_has_an_english_translation_with_the_same_key(self):
        for role in Role.objects.filter(locale__language_code="sv"):
            with self.subTest(role=role.slug):
                english = role.get_translation(Locale.objects.get(language_code="en"))
                self.assertEqual(english.slug, role.slug)
                self.assertNotEqual(english.name, "")
        self.assertEqual(
            Role.objects.get(slug="socialtjanst", locale__language_code="en").name,
            "Social services",
        )


class RoleLinksFollowTheLocaleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.english = Locale.objects.get(language_code="en")
        _, _, cls.topic = build_site()
        cls.article = make_resource(
            ArticlePage, cls.topic, slug="artikel", roles=("socialtjanst", "chefer")
        )

    def role_locales_and_slugs(self, page):
        return {
            (link.role.locale.language_code, link.role.slug)
            for link in page.role_links.all()
        }

    def test_copy_for_translation_links_the_roles_of_the_new_locale(self):
        translated = self.article.copy_for_translation(self.english, copy_parents=True)
        translated.refresh_from_db()
        self.assertEqual(
            self.role_locales_and_slugs(translated),
            {("en", "socialtjanst"), ("en", "chefer")},
        )
        # The source keeps its Swedish roles.
        self.assertEqual(
            self.role_locales_and_slugs(self.article),
            {("sv", "socialtjanst"), ("sv", "chefer")},
        )

    def test_wagtail_localize_translation_links_the_roles_of_the_new_locale(self):
        source, _ = TranslationSource.get_or_create_from_instance(self.article)
        source.create_or_update_translation(
            self.english, publish=True, copy_parent_pages=True, fallback=True
        )
        translated = self.article.get_translation(self.english)
        self.assertEqual(
            self.role_locales_and_slugs(translated),
            {("en", "socialtjanst"), ("en", "chefer")},
        )
        # The published revision that editors reopen holds the same links.
        latest = translated.get_latest_revision_as_object()
        self.assertEqual(
            self.role_locales_and_slugs(latest),
            {("en", "socialtjanst"), ("en", "chefer")},
        )

    def test_role_chooser_offers_only_roles_of_the_page_locale(self):
        translated = self.article.copy_for_translation(self.english, copy_parents=True)
        self.client.force_login(make_editor())
        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[translated.pk])
        )
        self.assertContains(response, "Social services")
        self.assertNotContains(response, "Socialtjänst")

        response = self.client.get(
            reverse("wagtailadmin_pages:edit", args=[self.article.pk])
        )
        self.assertContains(response, "Socialtjänst")
        self.assertNotContains(response, "Social services")


class RoleDeletionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        _, _, topic = build_site()
        make_resource(ArticlePage, topic, slug="artikel", roles=("socialtjanst",))

    def test_a_role_in_use_cannot_be_deleted_and_the_admin_says_so(self):
        self.client.force_login(
            get_user_model().objects.create_superuser("admin", password="x")
        )
        role = Role.objects.get(slug="socialtjanst", locale__language_code="sv")
        url = reverse("wagtailsnippets_pages_role:delete", args=[role.pk])
        response = self.client.post(url)
        self.assertIn(response.status_code, (200, 302))
        self.assertTrue(Role.objects.filter(pk=role.pk).exists())
