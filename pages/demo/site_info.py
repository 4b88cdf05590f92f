"""The demo's site information pages (siteinfo/): every site's accessibility
statement, contact page and privacy page, in Swedish, and translated into
English with wagtail-localize as the rest of the demo's English is
(pages/demo/english.py). The texts are in data/site_info.json and
data/site_info_en.json.
"""

import datetime
from collections import Counter

from wagtail.models import Locale, Page

from siteinfo.models import AccessibilityStatementPage, ContactPage, PrivacyPage

from .content import load_data
from .english import translate_page

MODELS = {
    "accessibility": AccessibilityStatementPage,
    "contact": ContactPage,
    "privacy": PrivacyPage,
}
DATE_FIELDS = frozenset({"assessed_on", "published_on", "statement_updated_on"})
# The Swedish Post and Telecom Authority (PTS) sets 070-174 06 05 to
# 070-174 06 99 aside for fiction: no real subscriber has them.
FICTION_PHONE = "070-174 06 {:02d}"
FIRST_FICTION_NUMBER = 10


def site_facts(site: dict, number: int, places: dict) -> dict[str, str]:
    """What the texts fill in for one site of vocabulary.json's list."""
    return {
        "name": site["name"],
        "slug": site["slug"],
        "phone": FICTION_PHONE.format(FIRST_FICTION_NUMBER + number),
        **places[site["slug"]],
    }


def page_fields(texts: dict, facts: dict, is_hub: bool) -> dict:
    """A page's fields from the data file's entry, for one site."""
    fields = {}
    for name, value in texts.items():
        if isinstance(value, dict):
            value = value["gr" if is_hub else "member"]
        if isinstance(value, str):
            value = value.format(**facts)
        if name in DATE_FIELDS:
            value = datetime.date.fromisoformat(value)
        fields[name] = value
    return fields


def build_site_info(vocabulary: dict, hub_slug: str, created: Counter) -> None:
    """Each site's three pages under its Swedish home page, and their English."""
    swedish_texts = load_data("site_info.json")
    english_texts = load_data("site_info_en.json")
    swedish = Locale.get_default()
    english = Locale.objects.get(language_code="en")
    for number, site in enumerate(vocabulary["sites"]):
        facts = site_facts(site, number, swedish_texts["sites"])
        is_hub = site["slug"] == hub_slug
        home = Page.objects.get(depth=2, locale=swedish, slug=site["slug"])
        for kind, model in MODELS.items():
            page = model.objects.child_of(home).first()
            if page is None:
                page = model(
                    locale=swedish, **page_fields(swedish_texts[kind], facts, is_hub)
                )
                home.add_child(instance=page)
                page.save_revision().publish()
                created["site information pages"] += 1
            before = page.get_translation_or_none(english)
            fields = page_fields(english_texts[kind], facts, is_hub)
            translate_page(page, fields, english)
            created["English site information pages"] += before is None
