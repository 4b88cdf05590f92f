"""Our copies of Wagtail's admin templates stay Wagtail's, but for the one
string each translates.

Wagtail writes a few labels without gettext (the search fields' button for
screen readers, value="Search"), so we override those templates with a copy
that translates them. When Wagtail is upgraded and its template changes, the
copy would silently bring back the old one: this fails first.
"""

from pathlib import Path

from django.conf import settings
from django.test import TestCase

import wagtail

WAGTAIL_TEMPLATES = Path(wagtail.__file__).parent / "admin/templates"
OURS = Path(settings.BASE_DIR) / "templates"

# Our copy -> the change it makes to Wagtail's (ours, Wagtail's).
SEARCH_BUTTON = (
    "value=\"{% translate 'Search' %}\"",
    'value="Search"',
)
COPIES = {
    "wagtailadmin/shared/header.html": SEARCH_BUTTON,
    "wagtailadmin/home.html": SEARCH_BUTTON,
}


class CopiedAdminTemplateTests(TestCase):
    def test_each_copy_is_wagtails_own_but_for_its_translated_string(self):
        for name, (ours, theirs) in COPIES.items():
            with self.subTest(template=name):
                copy = (OURS / name).read_text().splitlines(keepends=True)
                self.assertTrue(copy[0].startswith("{# Wagtail's own"), copy[0])
                body = "".join(copy[1:])
                self.assertIn(ours, body)
                original = (WAGTAIL_TEMPLATES / name).read_text()
                self.assertEqual(body.replace(ours, theirs), original)

    def test_no_other_wagtail_template_writes_the_search_button_in_english(self):
        # If Wagtail adds value="Search" elsewhere, it needs a copy here too
        # (or, better, Wagtail has fixed it upstream and the copies can go).
        found = sorted(
            str(path.relative_to(WAGTAIL_TEMPLATES))
            for path in WAGTAIL_TEMPLATES.rglob("*.html")
            if 'value="Search"' in path.read_text()
        )
        self.assertEqual(found, sorted(COPIES))
