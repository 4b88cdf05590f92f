"""Helpers for the import tests: a site with the themes, a run against the
Plone double, lookups of what an item became."""

import tomllib

from wagtail.models import Page

from pages.models import ThemeHubPage
from plone_import.importer import run_import
from plone_import.mapping import parse_mapping
from plone_import.models import ImportedItem
from plone_import.report import Report
from tests.factories import build_site

from .plone_double import PASSWORD, USER, PloneDouble
from .site_data import MAPPING, UIDS


def import_site():
    """The GR site with the theme the mapping places topics under."""
    home, _theme, _topic = build_site()
    theme = home.add_child(
        instance=ThemeHubPage(title="Trygghetsskapande", slug="trygghetsskapande")
    )
    theme.save_revision().publish()
    return home


def run(double: PloneDouble, **options) -> Report:
    options.setdefault("mapping", parse_mapping(tomllib.loads(MAPPING)))
    options.setdefault("auth", (USER, PASSWORD))
    options.setdefault("timeout", 2)
    return run_import(double.site_url, "gr", **options)


def row(report: Report, key: str):
    return next(line for line in report.rows if line.uid == UIDS[key])


def imported(key: str) -> ImportedItem:
    return ImportedItem.objects.get(plone_uid=UIDS[key])


def page(key: str) -> Page:
    return Page.objects.get(pk=imported(key).page_id).specific
