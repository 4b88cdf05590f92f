"""The 404 and 500 pages as production serves them (DEBUG off, the
production_site fixture): in the site's design, in the address's language,
with the site's name (GR's or a member's), under the site's
Content-Security-Policy (the `page` fixture fails on a violation) and with
no accessibility violation; the 500 page while the database is gone."""

import pytest

from tests.browser.helpers import axe, describe

SITES = {"gr": "Göteborgsregionen", "molndal": "Mölndals stad"}
TEXTS = {
    "sv": {
        "missing": "/sv/finns-inte/",
        404: "Sidan finns inte",
        500: "Något gick fel",
        "skip": "Hoppa till innehållet",
        "home": "Till startsidan",
    },
    "en": {
        "missing": "/en/does-not-exist/",
        404: "Page not found",
        500: "Something went wrong",
        "skip": "Skip to content",
        "home": "Go to the home page",
    },
}
EACH_SITE_AND_LANGUAGE = pytest.mark.parametrize(
    ("slug", "language"), [(slug, language) for slug in SITES for language in TEXTS]
)


def site_url(production_site, slug: str) -> str:
    return production_site.url if slug == "gr" else production_site.member_url(slug)


def assert_error_page(page, response, status: int, slug: str, language: str):
    """The site's header with its name, styled by the site's stylesheet, its
    footer, the text in the address's language, and axe finding nothing."""
    texts = TEXTS[language]
    assert response.status == status, page.url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".site-header .site-name").inner_text().strip() == SITES[slug]
    # site.css loaded: the header is coloured, not the browser's transparent.
    background = page.locator(".site-header").evaluate(
        "header => getComputedStyle(header).backgroundColor"
    )
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
    assert page.locator(".site-footer").count() == 1
    assert page.locator("main h1").inner_text() == texts[status]
    assert page.locator(".skip-link").inner_text() == texts["skip"]
    home = page.locator("main a", has_text=texts["home"])
    assert home.get_attribute("href") == f"/{language}/"
    violations = axe(page)
    assert not violations, describe(violations)


@EACH_SITE_AND_LANGUAGE
def test_the_404_page_is_in_the_sites_design_and_language(
    page, production_site, slug, language
):
    site = site_url(production_site, slug)
    response = page.goto(site + TEXTS[language]["missing"])
    assert_error_page(page, response, 404, slug, language)
    # With the database up, a search of the site's material too.
    search = page.locator("main form[role=search]")
    assert search.get_attribute("action") == f"/{language}/sok/"


@EACH_SITE_AND_LANGUAGE
def test_the_500_page_is_in_the_sites_design_while_the_database_is_gone(
    page, production_site, slug, language
):
    site = site_url(production_site, slug)
    # While the database answers, the server learns the sites' names.
    assert page.goto(site + TEXTS[language]["missing"]).status == 404
    with production_site.database_gone():
        response = page.goto(f"{site}/{language}/")
        assert_error_page(page, response, 500, slug, language)
        assert page.locator("main form").count() == 0
    # The database back, the same address answers: it was the cause.
    assert page.goto(f"{site}/{language}/").status == 200
