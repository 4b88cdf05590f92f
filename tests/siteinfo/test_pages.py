"""The three site information pages: where they live, what they demand of
editors, and what they render (DIGG's accessibility statement above all)."""

import datetime
import re
from html import unescape

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from pages.demo.builder import remove_wagtail_welcome_page
from pages.models import HomePage
from siteinfo.models import (
    DIGG_REPORT_URL,
    SITE_INFO_MODELS,
    AccessibilityStatementPage,
    ContactPage,
    PrivacyPage,
)
from tests.api.utils import build_tree
from tests.factories import make_editor
from tests.siteinfo.utils import add_page, add_site_info, statement_fields

# DIGG's headings, in DIGG's order (the h2s of a statement with every part).
DIGG_HEADINGS = [
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsyn",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat webbplatsen",
]
SUBSECTIONS = {
    "non_compliance": "Bristande förenlighet med lagkraven",
    "disproportionate_burden": "Oskäligt betungande anpassning",
    "outside_scope": "Innehåll som inte omfattas av lagstiftningen",
}


def headings(html: str, level: str) -> list[str]:
    return [
        unescape(re.sub(r"<[^>]+>", "", text)).strip()
        for text in re.findall(rf"<{level}[^>]*>(.*?)</{level}>", html, re.S)
    ]


def main_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


class PlaceInTheTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.molndal = build_tree("molndal", "molndal.localhost", is_hub=False)

    def test_each_page_lives_right_under_a_home_page_and_has_no_children(self):
        for model in SITE_INFO_MODELS:
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, {HomePage})
                self.assertAllowedSubpageTypes(model, set())
                self.assertCanCreateAt(HomePage, model)

    def test_a_home_page_has_at_most_one_of_each(self):
        add_page(ContactPage, self.gr["home"])
        self.assertFalse(ContactPage.can_create_at(self.gr["home"]))
        # Another site, and the other kinds, are not affected.
        self.assertTrue(ContactPage.can_create_at(self.molndal["home"]))
        self.assertTrue(PrivacyPage.can_create_at(self.gr["home"]))

    def test_the_admin_refuses_a_second_contact_page_on_a_site(self):
        add_page(ContactPage, self.gr["home"])
        self.client.force_login(make_editor())
        args = ["siteinfo", "contactpage"]
        second = reverse("wagtailadmin_pages:add", args=[*args, self.gr["home"].pk])
        response = self.client.get(second)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("wagtailadmin_home"))
        first = reverse("wagtailadmin_pages:add", args=[*args, self.molndal["home"].pk])
        self.assertEqual(self.client.get(first).status_code, 200)

    def test_every_page_renders_and_previews(self):
        pages = add_site_info(self.gr["home"])
        editor = make_editor()
        for page in pages.values():
            with self.subTest(page=type(page).__name__):
                self.assertPageIsRenderable(page)
                self.assertEqual(self.client.get(page.url).status_code, 200)
                self.client.force_login(editor)
                self.assertPageIsPreviewable(page, user=editor)


class AdminFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)
        cls.editor = make_editor()

    def add_form(self, model):
        self.client.force_login(self.editor)
        url = reverse(
            "wagtailadmin_pages:add",
            args=["siteinfo", model._meta.model_name, self.gr["home"].pk],
        )
        return url, self.client.get(url).context["form"]

    def test_the_statements_facts_are_required_and_its_dates_are_dates(self):
        url, form = self.add_form(AccessibilityStatementPage)
        required = {name for name, field in form.fields.items() if field.required}
        self.assertLessEqual(
            {
                "organisation",
                "website_name",
                "accessibility_summary",
                "contact_email",
                "compliance",
                "assessment_method",
                "assessment_details",
                "assessed_on",
                "statement_updated_on",
            },
            required,
        )
        self.assertNotIn("published_on", required)
        self.assertNotIn("non_compliance", required)
        for name in ("assessed_on", "published_on", "statement_updated_on"):
            self.assertEqual(form.fields[name].__class__.__name__, "DateField")
        response = self.client.post(
            url, {"title": "Tillgänglighet", "slug": "tillganglighet"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("assessed_on", response.context["form"].errors)
        self.assertFalse(AccessibilityStatementPage.objects.exists())

    def test_the_compliance_status_is_one_of_digg_s_three(self):
        _url, form = self.add_form(AccessibilityStatementPage)
        values = [value for value, _label in form.fields["compliance"].choices if value]
        self.assertEqual(values, ["full", "partial", "none"])

    def test_the_contact_page_asks_for_e_mail_phone_and_postal_address(self):
        _url, form = self.add_form(ContactPage)
        required = {name for name, field in form.fields.items() if field.required}
        self.assertLessEqual({"email", "phone", "postal_address"}, required)
        self.assertFalse({"visiting_address", "opening_hours", "body"} & required)

    def test_the_privacy_pages_texts_are_required(self):
        _url, form = self.add_form(PrivacyPage)
        required = {name for name, field in form.fields.items() if field.required}
        self.assertLessEqual(
            {"data_controller", "personal_data", "rights", "contact"}, required
        )


class StatementRulesTests(TestCase):
    def statement(self, **fields) -> AccessibilityStatementPage:
        return AccessibilityStatementPage(**statement_fields(**fields))

    def errors_of(self, page) -> dict:
        with self.assertRaises(ValidationError) as raised:
            page.clean()
        return raised.exception.message_dict

    def test_partly_compliant_without_a_described_gap_is_refused(self):
        page = self.statement(compliance="partial", non_compliance="<p></p>")
        self.assertIn("non_compliance", self.errors_of(page))
        # An exemption for disproportionate burden is a described gap too.
        self.statement(
            compliance="none",
            non_compliance="",
            disproportionate_burden="<p>Gamla filmer.</p>",
        ).clean()

    def test_fully_compliant_with_gaps_is_refused(self):
        page = self.statement(compliance="full")
        self.assertIn("compliance", self.errors_of(page))
        self.statement(compliance="full", non_compliance="").clean()

    def test_dates_cannot_lie_ahead_or_out_of_order(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        ahead = self.statement(assessed_on=tomorrow, statement_updated_on=tomorrow)
        self.assertIn("assessed_on", self.errors_of(ahead))
        backwards = self.statement(
            assessed_on=datetime.date(2026, 11, 30),
            statement_updated_on=datetime.date(2026, 11, 1),
        )
        self.assertIn("statement_updated_on", self.errors_of(backwards))

    def test_a_phone_number_must_be_one(self):
        for phone, valid in (("ring oss", False), ("+46 70-174 06 60", True)):
            with self.subTest(phone=phone):
                try:
                    self.statement(contact_phone=phone).clean_fields()
                    errors = {}
                except ValidationError as error:
                    errors = error.message_dict
                self.assertEqual("contact_phone" not in errors, valid)


class StatementRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)

    def render(self, **fields) -> str:
        page = add_page(AccessibilityStatementPage, self.gr["home"], **fields)
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        return main_of(response)

    def test_digg_s_headings_come_in_digg_s_order(self):
        html = self.render(
            disproportionate_burden="<p>Inspelningar från 2019.</p>",
            outside_scope="<p>Länkade webbplatser.</p>",
        )
        self.assertEqual(headings(html, "h2"), DIGG_HEADINGS)
        self.assertEqual(headings(html, "h3"), list(SUBSECTIONS.values()))
        self.assertIn(f'href="{DIGG_REPORT_URL}"', html)
        self.assertIn("Testkommunen står bakom den här webbplatsen", html)

    def test_each_compliance_status_renders_digg_s_sentence(self):
        sentences = {
            "full": "Den här webbplatsen är helt förenlig med lagen om "
            "tillgänglighet till digital offentlig service.",
            "partial": "Den här webbplatsen är delvis förenlig med lagen om "
            "tillgänglighet till digital offentlig service, på grund av de "
            "brister som beskrivs nedan.",
            "none": "Den här webbplatsen är inte förenlig med lagen om "
            "tillgänglighet till digital offentlig service.",
        }
        for status, sentence in sentences.items():
            with self.subTest(status=status):
                non_compliance = "" if status == "full" else "<p>Brister.</p>"
                html = self.render(
                    compliance=status, non_compliance=non_compliance, slug=status
                )
                self.assertIn(sentence, html)
                others = [s for key, s in sentences.items() if key != status]
                self.assertFalse([s for s in others if s in html])
                Page.objects.get(slug=status).delete()

    def test_only_the_filled_subsections_of_inaccessible_content_show(self):
        html = self.render(outside_scope="<p>Länkade webbplatser.</p>")
        self.assertEqual(
            headings(html, "h3"),
            [SUBSECTIONS["non_compliance"], SUBSECTIONS["outside_scope"]],
        )

    def test_a_fully_compliant_site_without_exemptions_has_no_such_section(self):
        html = self.render(compliance="full", non_compliance="")
        self.assertNotIn("Innehåll som inte är tillgängligt", headings(html, "h2"))
        self.assertNotIn('href="#innehall-som-inte-ar-tillgangligt"', html)

    def test_the_method_and_dates_are_shown_as_dates(self):
        html = self.render(
            assessment_method="external",
            assessed_on=datetime.date(2026, 3, 5),
            published_on=datetime.date(2025, 9, 1),
            statement_updated_on=datetime.date(2026, 3, 6),
            response_days=5,
            contact_phone="070-174 06 60",
        )
        self.assertIn("Testportalen har granskats av en extern part.", html)
        self.assertIn("Senaste bedömningen gjordes den 5 mars 2026.", html)
        self.assertIn("Webbplatsen publicerades den 1 september 2025.", html)
        self.assertIn("Redogörelsen uppdaterades senast den 6 mars 2026.", html)
        self.assertIn("inom 5 arbetsdagar", html)
        self.assertIn('href="tel:0701740660"', html)

    def test_the_page_announces_no_theme_feed(self):
        page = add_page(AccessibilityStatementPage, self.gr["home"])
        response = self.client.get(page.url)
        self.assertNotContains(response, "application/atom+xml")


class ContactPageRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        remove_wagtail_welcome_page()
        cls.gr = build_tree("gr", "localhost", is_hub=True)

    def test_the_contact_details_are_shown_and_linked(self):
        page = add_page(
            ContactPage,
            self.gr["home"],
            opening_hours="Vardagar 9–12",
            visiting_address="Exempelgatan 1, Göteborg",
        )
        html = main_of(self.client.get(page.url))
        self.assertIn('href="mailto:trygghet@test.example"', html)
        self.assertIn('href="tel:0701740650"', html)
        self.assertIn("Testkommunen<br>Exempelgatan 1<br>123 45 Teststad", html)
        self.assertIn("Vardagar 9–12", html)
        self.assertIn("Exempelgatan 1, Göteborg", html)
