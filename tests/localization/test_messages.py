"""The interface translations: complete, and compiled without GNU gettext."""

import gettext
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase, override_settings

import polib

from localization.messages import compile_messages

ENGLISH = Path(settings.BASE_DIR) / "locale/en/LC_MESSAGES/django.po"


class MessagesTests(SimpleTestCase):
    def test_every_english_message_is_translated(self):
        catalogue = polib.pofile(str(ENGLISH))
        self.assertEqual([e.msgid for e in catalogue.untranslated_entries()], [])
        self.assertEqual([e.msgid for e in catalogue.fuzzy_entries()], [])
        self.assertGreater(len(catalogue), 250)

    def test_the_catalogues_compile_to_files_gettext_reads(self):
        with tempfile.TemporaryDirectory() as directory:
            target = Path(directory) / "en/LC_MESSAGES"
            target.mkdir(parents=True)
            shutil.copy(ENGLISH, target / "django.po")
            with override_settings(LOCALE_PATHS=[directory]):
                self.assertEqual(compile_messages(), [target / "django.mo"])
                # Unchanged since: nothing to do.
                self.assertEqual(compile_messages(), [])
            with open(target / "django.mo", "rb") as mo:
                catalogue = gettext.GNUTranslations(mo)
        self.assertEqual(catalogue.gettext("Hoppa till innehållet"), "Skip to content")
