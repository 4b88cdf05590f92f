"""Plone URLs as found in bodies, to the items they point at."""

import pytest

from plone_import.resolver import ImportResolver

SITE = "https://plone.example.se/Plone"


@pytest.fixture
def resolver():
    resolver = ImportResolver(SITE, "https://cms.example.se")
    resolver.add_path("/sv/trygghet", "folder")
    resolver.add_path("/sv/trygghet/lagesbild", "doc")
    resolver.add_path("/sv/trygghet/bild.png", "img")
    resolver.base = SITE + "/sv/trygghet/lagesbild"
    return resolver


@pytest.mark.parametrize(
    ("url", "uid"),
    [
        (f"{SITE}/sv/trygghet/lagesbild", "doc"),
        (f"{SITE}/sv/trygghet/lagesbild/", "doc"),
        (f"{SITE}/sv/trygghet/lagesbild/view", "doc"),
        (f"{SITE}/sv/trygghet/bild.png/@@images/image/preview", "img"),
        (f"{SITE}/sv/trygghet/bild.png/image_thumb", "img"),
        (f"{SITE}/sv/trygghet/bild.png/@@download/image", "img"),
        ("../resolveuid/abc123", "abc123"),
        (f"{SITE}/resolveuid/abc123/@@images/image/large", "abc123"),
        ("/Plone/sv/trygghet/lagesbild", "doc"),
        ("bild.png", "img"),  # relative to the item's folder
        (f"{SITE}/sv/trygghet/lagesbild#del-2", "doc"),
        (f"{SITE}/sv/trygghet/finns-inte", None),  # not the folder
        ("https://annan.example.se/Plone/sv/trygghet/lagesbild", None),
        ("https://plone.example.se/Annan/sv/trygghet", None),
        ("mailto:someone@example.se", None),
    ],
)
def test_urls_resolve_to_the_listed_item(resolver, url, uid):
    assert resolver.uid_of(url) == uid


def test_only_urls_on_the_plone_site_are_internal(resolver):
    assert resolver.is_internal(f"{SITE}/sv")
    assert resolver.is_internal("http://plone.example.se/Plone/sv") is False
    assert not resolver.is_internal("https://bra.se/")
