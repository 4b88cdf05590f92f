"""Site information pages for a test site, with every required field filled."""

import datetime
import re
from html import unescape

from wagtail.models import Page

from siteinfo.models import AccessibilityStatementPage, ContactPage, PrivacyPage


def statement_fields(**fields) -> dict:
    return {
        "title": "Tillgänglighetsredogörelse",
        "slug": "tillganglighet",
        "organisation": "Testkommunen",
        "website_name": "Testportalen",
        "accessibility_summary": "<p>Det mesta fungerar med tangentbord.</p>",
        "contact_email": "tillganglighet@test.example",
        "compliance": "partial",
        "non_compliance": "<p>PDF-filerna saknar taggar.</p>",
        "assessment_method": "self",
        "assessment_details": "<p>Automatiska tester med axe-core.</p>",
        "assessed_on": datetime.date(2026, 11, 30),
        "statement_updated_on": datetime.date(2026, 12, 1),
    } | fields


def contact_fields(**fields) -> dict:
    return {
        "title": "Kontakt",
        "slug": "kontakt",
        "email": "trygghet@test.example",
        "phone": "070-174 06 50",
        "postal_address": "Testkommunen\nExempelgatan 1\n123 45 Teststad",
    } | fields


def privacy_fields(**fields) -> dict:
    return {
        "title": "Kakor och personuppgifter",
        "slug": "kakor",
        "data_controller": "<p>Testkommunen är personuppgiftsansvarig.</p>",
        "personal_data": "<p>Serverloggar.</p>",
        "rights": "<p>Du har rätt att få veta vad vi sparar.</p>",
        "contact": "<p>Skriv till dataskyddsombudet.</p>",
    } | fields


FIELDS = {
    AccessibilityStatementPage: statement_fields,
    ContactPage: contact_fields,
    PrivacyPage: privacy_fields,
}


def add_page(model, home: Page, publish: bool = True, **fields) -> Page:
    """One site information page under `home`, published unless told not."""
    page = model(**FIELDS[model](**fields), live=publish)
    home.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def add_site_info(home: Page, fields: dict | None = None) -> dict:
    """The three pages under `home`, published: {model: page}; `fields`
    overrides a model's defaults ({model: {name: value}})."""
    fields = fields or {}
    return {model: add_page(model, home, **fields.get(model, {})) for model in FIELDS}


def footer_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<footer") : html.index("</footer>")]


def footer_links(response) -> list[dict[str, str]]:
    """The links of the footer's navigation: href, text and attributes."""
    footer = footer_of(response)
    if "<nav" not in footer:
        return []
    nav = footer[footer.index("<nav") : footer.index("</nav>")]
    links = []
    for attributes, text in re.findall(r"<a ([^>]*)>(.*?)</a>", nav, re.S):
        link = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        link["text"] = unescape(re.sub(r"<[^>]+>", "", text)).strip()
        link["inner"] = text
        links.append(link)
    return links
