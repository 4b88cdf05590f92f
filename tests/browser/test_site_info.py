"""The site information pages in a real browser: reached from the footer, on
the site's own host, in Swedish and English, on GR's site and a member's,
without a single axe-core violation; the cookie table fits a phone."""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import assert_accessible, axe, describe, screenshot

CASES = [(site, language) for site in ("gr", "molndal") for language in ("sv", "en")]
# The pages' titles in the demo (pages/demo/data/site_info*.json).
TITLES = {
    "sv": ["Tillgänglighetsredogörelse", "Kontakt", "Kakor och personuppgifter"],
    "en": ["Accessibility statement", "Contact", "Cookies and personal data"],
}


def site_url(base_url: str, site: str) -> str:
    if site == "gr":
        return base_url
    return base_url.replace("//localhost", f"//{site}.localhost")


def footer_links(page) -> list[dict]:
    return page.eval_on_selector_all(
        "footer nav a",
        """links => links.map(link => ({
            href: link.getAttribute('href'),
            url: link.href,
            text: link.textContent.trim(),
            hreflang: link.getAttribute('hreflang'),
        }))""",
    )


@pytest.mark.parametrize(("site", "language"), CASES)
def test_the_footer_leads_to_the_sites_own_accessible_information_pages(
    page, base_url, site, language
):
    home = f"{site_url(base_url, site)}/{language}/"
    host = urlsplit(home).netloc
    page.goto(home)
    links = footer_links(page)
    assert [link["text"] for link in links] == TITLES[language]
    for index, link in enumerate(links):
        assert urlsplit(link["url"]).netloc == host, link
        assert link["href"].startswith(f"/{language}/"), link
        assert link["hreflang"] is None, link
        page.goto(home)
        with page.expect_navigation():
            page.locator("footer nav a").nth(index).click()
        assert urlsplit(page.url).netloc == host
        assert page.locator("h1").inner_text() == TITLES[language][index]
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
        # Not only the serious ones: these pages have no violation at all.
        violations = axe(page)
        assert violations == [], describe(violations)
        # The footer there keeps to the same host as well.
        assert {urlsplit(other["url"]).netloc for other in footer_links(page)} == {host}


def test_the_cookie_table_fits_a_320_pixel_screen(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    for path in ("/sv/kakor-och-personuppgifter/", "/en/cookies-and-personal-data/"):
        response = page.goto(path)
        assert response.status == 200, path
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide"
    context.close()


def test_a_member_page_has_the_sites_header_and_footer(page, base_url):
    # The README's screenshot of the finished header and footer: Mölndal's
    # contact page, whole, with its own name, menu and footer links.
    page.goto(f"{site_url(base_url, 'molndal')}/sv/")
    with page.expect_navigation():
        page.locator("footer nav a", has_text="Kontakt").click()
    assert page.locator(".site-header .site-name").inner_text() == "Mölndals stad"
    assert page.locator("footer .footer-contact a[href^='mailto:']").count() == 1
    screenshot(page, "member-contact-page", full_page=True)
