"""Machine translation: configured from the environment, validated at start,
filling segments through the dummy translator, failing politely."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.core import checks
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import LocaleSynchronization, StringTranslation

import requests

from localization.config import DEEPL, DUMMY, LIBRETRANSLATE, machine_translator
from localization.machine import DeepLTranslator

from .utils import ArticleTranslationTestCase, english


class ConfigurationTests(SimpleTestCase):
    def test_unset_means_no_translator_and_no_problem(self):
        self.assertEqual(machine_translator(""), (None, None))

    def test_the_dummy_translator(self):
        config, problem = machine_translator("dummy")
        self.assertEqual((config["CLASS"], problem), (DUMMY, None))

    def test_deepl_needs_its_key(self):
        config, problem = machine_translator("deepl")
        self.assertIsNone(config)
        self.assertIn("DEEPL_AUTH_KEY", str(problem))
        config, problem = machine_translator("DeepL", deepl_auth_key="abc:fx")
        self.assertEqual(config, {"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": "abc:fx"}})
        self.assertIsNone(problem)

    def test_libretranslate_needs_an_http_address(self):
        for url in (None, "", "libretranslate.local", "ftp://x.example"):
            with self.subTest(url=url):
                config, problem = machine_translator(
                    "libretranslate", libretranslate_url=url
                )
                self.assertIsNone(config)
                self.assertIn("LIBRETRANSLATE_URL", str(problem))
        config, problem = machine_translator(
            "libretranslate", libretranslate_url="https://lt.example.org/"
        )
        self.assertEqual(config["CLASS"], LIBRETRANSLATE)
        self.assertEqual(
            config["OPTIONS"],
            {"LIBRETRANSLATE_URL": "https://lt.example.org", "API_KEY": ""},
        )

    def test_an_unknown_translator_is_a_problem(self):
        config, problem = machine_translator("google-translate")
        self.assertIsNone(config)
        self.assertIn("google-translate", str(problem))

    def test_the_system_check_reports_the_problem(self):
        with override_settings(MACHINE_TRANSLATION_PROBLEM="DEEPL_AUTH_KEY saknas"):
            found = [m for m in checks.run_checks() if m.id == "localization.W001"]
        self.assertEqual([m.msg for m in found], ["DEEPL_AUTH_KEY saknas"])
        with override_settings(MACHINE_TRANSLATION_PROBLEM=None):
            found = [m for m in checks.run_checks() if m.id == "localization.W001"]
        self.assertEqual(found, [])

    def test_deepl_is_asked_for_british_english(self):
        translator = DeepLTranslator({"AUTH_KEY": "abc"})
        sv, en = mock.Mock(language_code="sv"), mock.Mock(language_code="en")
        parameters = translator.get_parameters(sv, en, [])
        self.assertEqual(
            (parameters["source_lang"], parameters["target_lang"]), ("SV", "EN-GB")
        )


FAILING_DEEPL = {"CLASS": DEEPL, "OPTIONS": {"AUTH_KEY": "x"}}


class MachineTranslateInTheAdminTests(ArticleTranslationTestCase):
    def setUp(self):
        super().setUp()
        self.url = reverse(
            "wagtail_localize:machine_translate", args=[self.translation.pk]
        )

    def machine_translations(self):
        return StringTranslation.objects.filter(
            locale=english(),
            translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
        )

    def test_the_dummy_translator_fills_every_segment_for_review(self):
        response = self.client.post(f"{self.url}?next={self.edit_url}")
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        title = self.machine_translations().get(
            translation_of__data="Hot mot handläggare"
        )
        self.assertEqual(title.data, "handläggare mot Hot")  # reversed words
        total, done = self.translation.get_progress()
        self.assertEqual(done, total)
        # Filled, not published: the editor reviews the text first.
        self.assertFalse(self.article.get_translation(english()).live)

    @override_settings(
        WAGTAILLOCALIZE_MACHINE_TRANSLATOR={
            "CLASS": DEEPL,
            "OPTIONS": {"AUTH_KEY": "x"},
        }
    )
    def test_a_service_that_fails_gives_the_editor_a_message_not_a_500(self):
        for failure in (
            requests.ConnectionError("no route"),
            requests.HTTPError("403"),
        ):
            with self.subTest(failure=type(failure).__name__):
                with mock.patch("requests.post", side_effect=failure):
                    response = self.client.post(
                        f"{self.url}?next={self.edit_url}", follow=True
                    )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "DeepL kunde inte översätta just nu")
                self.assertFalse(self.machine_translations().exists())

    @override_settings(
        WAGTAILLOCALIZE_MACHINE_TRANSLATOR={
            "CLASS": DEEPL,
            "OPTIONS": {"AUTH_KEY": "x"},
        }
    )
    def test_a_service_that_answers_an_error_gives_a_message(self):
        answer = mock.Mock(status_code=456)
        answer.json.return_value = {"message": "Quota exceeded"}
        with mock.patch("requests.post", return_value=answer):
            response = self.client.post(f"{self.url}?next={self.edit_url}", follow=True)
        self.assertContains(response, "DeepL kunde inte översätta just nu")

    @override_settings(MACHINE_TRANSLATION_PROBLEM="DEEPL_AUTH_KEY saknas")
    def test_the_dashboard_shows_a_configuration_problem(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Maskinöversättningen fungerar inte")
        self.assertContains(response, "DEEPL_AUTH_KEY saknas")

    @override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=None)
    def test_without_a_translator_the_action_is_absent(self):
        self.assertEqual(self.client.post(self.url).status_code, 404)


class SynchronisedLocaleTests(TestCase):
    """wagtail-localize's tree synchronisation would serve Swedish under /en/."""

    def warnings(self) -> list:
        found = checks.run_checks(databases=["default"])
        return [message for message in found if message.id == "localization.W002"]

    def test_a_synchronised_locale_is_reported_to_administrators(self):
        admin = get_user_model().objects.create_superuser("admin", password="x")
        self.client.force_login(admin)
        home = reverse("wagtailadmin_home")
        self.assertNotContains(self.client.get(home), "Sidor kan visas på fel språk")
        self.assertEqual(
            [
                m
                for m in checks.run_checks(databases=["default"])
                if m.id == "localization.W002"
            ],
            [],
        )
        LocaleSynchronization.objects.bulk_create(
            [LocaleSynchronization(locale=english(), sync_from=Locale.get_default())]
        )
        self.assertContains(self.client.get(home), "Sidor kan visas på fel språk")
        found = [
            m
            for m in checks.run_checks(databases=["default"])
            if m.id == "localization.W002"
        ]
        self.assertEqual(len(found), 1)
        self.assertIn("en synkroniseras från sv", found[0].msg)
