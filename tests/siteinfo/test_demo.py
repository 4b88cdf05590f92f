"""The demo gives GR and every member its own three pages, in Swedish and
English, with contact details that reach no real person."""

import re

from wagtail.models import Locale

from pages.models import SiteProfile
from siteinfo.models import SITE_INFO_MODELS, AccessibilityStatementPage, ContactPage
from tests.siteinfo.utils import footer_links

# The Swedish Post and Telecom Authority's numbers for fiction.
FICTION_PHONE = re.compile(r"^070-174 06 (0[5-9]|[1-9][0-9])$")


class SiteInfoDemoChecks:
    """Run by tests/pages/test_seed_demo.py's SeedDemoTests, on the demo it
    seeds once: seeding it again here took minutes of every run."""

    @property
    def english(self) -> Locale:
        return Locale.objects.get(language_code="en")

    def test_every_site_has_its_own_three_pages_in_swedish_and_english(self):
        profiles = list(SiteProfile.objects.select_related("site__root_page"))
        self.assertEqual(len(profiles), 14)
        for profile in profiles:
            home = profile.site.root_page
            for model in SITE_INFO_MODELS:
                with self.subTest(site=profile.slug, model=model.__name__):
                    page = model.objects.child_of(home).live().get()
                    english = page.get_translation(self.english)
                    self.assertTrue(english.live)
                    self.assertIsNone(english.alias_of_id)
                    self.assertNotEqual(english.title, page.title)

    def test_contact_details_are_made_up_and_differ_per_site(self):
        contacts = ContactPage.objects.filter(locale__language_code="sv")
        self.assertEqual(contacts.count(), 14)
        for contact in contacts:
            with self.subTest(page=contact.url_path):
                self.assertRegex(contact.email, r"@[a-z-]+\.example$")
                self.assertRegex(contact.phone, FICTION_PHONE)
        self.assertEqual(len({contact.phone for contact in contacts}), 14)
        for contact in contacts:
            # The same number and addresses in English (synchronised fields).
            english = contact.get_translation(self.english)
            self.assertEqual(
                (english.email, english.phone, english.postal_address),
                (contact.email, contact.phone, contact.postal_address),
            )
        for statement in AccessibilityStatementPage.objects.all():
            self.assertRegex(statement.contact_email, r"\.example$")
            self.assertRegex(statement.contact_phone, FICTION_PHONE)

    def test_each_statement_names_its_own_organisation(self):
        for profile in SiteProfile.objects.select_related("site__root_page"):
            with self.subTest(site=profile.slug):
                statement = AccessibilityStatementPage.objects.child_of(
                    profile.site.root_page
                ).get()
                self.assertEqual(statement.organisation, profile.site.site_name)
                self.assertEqual(statement.compliance, "partial")

    def test_every_sites_footer_links_to_its_own_pages_in_both_languages(self):
        for profile in SiteProfile.objects.select_related("site"):
            for language in ("sv", "en"):
                with self.subTest(site=profile.slug, language=language):
                    response = self.client.get(
                        f"/{language}/", HTTP_HOST=profile.site.hostname
                    )
                    links = footer_links(response)
                    self.assertEqual(len(links), 3)
                    for link in links:
                        self.assertTrue(link["href"].startswith(f"/{language}/"))
                        self.assertNotIn("hreflang", link)
                        page = self.client.get(
                            link["href"], HTTP_HOST=profile.site.hostname
                        )
                        self.assertEqual(page.status_code, 200)
                        self.assertEqual(
                            page.context["page"].get_site().pk, profile.site.pk
                        )
