"""`manage.py check` on the compiled interface translations
(localization/checks.py): without them English pages show Swedish."""

import io
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.management import call_command, load_command_class
from django.core.management.base import OutputWrapper, SystemCheckError
from django.test import SimpleTestCase, override_settings

from localization.messages import compile_messages

LOCALE = Path(settings.BASE_DIR) / "locale"
IDS = {"localization.E003", "localization.W003", "localization.W004"}


class CompiledTranslationsCheckTests(SimpleTestCase):
    def setUp(self):
        # A copy of the project's catalogues, .po only: the real files are
        # never touched.
        directory = tempfile.mkdtemp(prefix="trygghetsportalen-locale-")
        self.addCleanup(shutil.rmtree, directory, ignore_errors=True)
        self.locale = Path(directory)
        for po in LOCALE.glob("*/LC_MESSAGES/*.po"):
            target = self.locale / po.relative_to(LOCALE)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(po, target)
        self.english_mo = self.locale / "en/LC_MESSAGES/django.mo"

    def found(self) -> list[checks.CheckMessage]:
        with override_settings(LOCALE_PATHS=[self.locale]):
            return [m for m in checks.run_checks() if m.id in IDS]

    def compile(self) -> None:
        with override_settings(LOCALE_PATHS=[self.locale]):
            compile_messages()

    @override_settings(DEBUG=False)
    def test_a_missing_english_catalogue_is_an_error_in_production(self):
        [message] = self.found()
        self.assertEqual(message.id, "localization.E003")
        self.assertEqual(message.level, checks.ERROR)
        self.assertIn(str(self.english_mo), message.msg)
        # So `manage.py check` fails, and deploy/build.sh with it.
        with (
            override_settings(LOCALE_PATHS=[self.locale]),
            self.assertRaisesMessage(SystemCheckError, "localization.E003"),
        ):
            call_command("check")

    @override_settings(DEBUG=False)
    def test_compiled_catalogues_pass(self):
        self.compile()
        self.assertTrue(self.english_mo.exists())
        self.assertEqual(self.found(), [])

    @override_settings(DEBUG=False)
    def test_the_source_language_needs_no_compiled_catalogue(self):
        self.compile()
        for mo in (self.locale / "sv/LC_MESSAGES").glob("*.mo"):
            mo.unlink()
        self.assertEqual(self.found(), [])

    @override_settings(DEBUG=True)
    def test_in_development_a_missing_catalogue_is_a_warning(self):
        [message] = self.found()
        self.assertEqual(message.id, "localization.W003")
        self.assertEqual(message.level, checks.WARNING)

    @override_settings(DEBUG=False)
    def test_a_catalogue_older_than_its_po_is_a_warning(self):
        self.compile()
        po = self.english_mo.with_suffix(".po")
        later = self.english_mo.stat().st_mtime + 60
        os.utime(po, (later, later))
        [message] = self.found()
        self.assertEqual(message.id, "localization.W004")
        self.assertEqual(message.level, checks.WARNING)

    @override_settings(DEBUG=False)
    def test_build_messages_runs_while_the_check_fails_for_want_of_it(self):
        # As deploy/build.sh runs it: from the command line, checks and all.
        command = load_command_class("localization", "build_messages")
        command.stdout = OutputWrapper(io.StringIO())
        with override_settings(LOCALE_PATHS=[self.locale]):
            command.run_from_argv(["manage.py", "build_messages"])
        self.assertTrue(self.english_mo.exists())
        self.assertEqual(self.found(), [])
