"""A member's site read from end to end without leaving its host, and the
language switcher of the views that are no page of the tree (role pages,
the roles index, search) in a real browser."""

from urllib.parse import urljoin, urlsplit

from tests.browser.extra_content import GR_ONLY_SLUG, LINKING_SLUG, SHARED_TARGET_SLUG
from tests.browser.helpers import assert_accessible

ORGANISED = "/sv/motverka-brott/organiserad-brottslighet/"

# Mölndal's pages to start from: its home and a topic in each language.
STARTS = ("/sv/", "/en/", "/sv/motverka-brott/organiserad-brottslighet/")
# Enough of Mölndal's shared pages to meet every kind of link they hold.
SHARED_PAGES = 24
LINKS = """() => [
    ...document.querySelectorAll('a[href], link[rel=alternate][hreflang]')
].map(el => ({
    href: el.href,
    marked: Boolean(el.closest('[data-site], .card:has(.elsewhere)')),
    related: Boolean(el.closest('.related')),
}))"""


def member_url(base_url: str, slug: str) -> str:
    return base_url.replace("//localhost", f"//{slug}.localhost")


def shared_pages(page, site: str) -> list[str]:
    """Addresses of Mölndal's shared material (marked "Delat av") found from
    its home and topic pages, in both languages."""
    found = []
    for start in STARTS:
        page.goto(site + start)
        topics = page.eval_on_selector_all(
            "main a[href]", "els => els.map(el => el.href)"
        )
        for url in [site + start, *topics[:6]]:
            page.goto(url)
            for card in page.locator("main .card:has(.shared-from)").all():
                href = card.locator("h3 a").get_attribute("href")
                absolute = urljoin(url, href)
                if (
                    absolute not in found
                    and urlsplit(absolute).netloc == urlsplit(site).netloc
                ):
                    found.append(absolute)
            if len(found) >= SHARED_PAGES:
                return found
    return found


def test_a_member_site_can_be_read_without_leaving_its_host(page, base_url):
    site = member_url(base_url, "molndal")
    host = urlsplit(site).netloc
    pages = shared_pages(page, site)
    assert len(pages) >= 10, pages
    related_here, leaving = 0, []
    for url in pages:
        page.goto(url)
        meta = page.locator(".resource-meta dt").all_inner_texts()
        assert {"Delat av", "Shared by"} & set(meta), url
        for link in page.evaluate(LINKS):
            target = urlsplit(link["href"])
            if target.netloc == host:
                related_here += link["related"]
            elif target.hostname == "localhost":  # GR's host
                leaving.append((url, link))
    # Related material is GR's, shown as Mölndal's own copies...
    assert related_here >= 10
    # ...and a link to GR's site is only for what Mölndal has no copy of,
    # which says so.
    unmarked = [(url, link["href"]) for url, link in leaving if not link["marked"]]
    assert not unmarked, unmarked


def test_material_only_gr_has_leaves_the_member_site_marked_so(page, base_url):
    # extra_content.py: a page every member shares names one of GR's that no
    # member has, in its text and as related material.
    site = member_url(base_url, "molndal")
    page.goto(f"{site}{ORGANISED}{LINKING_SLUG}/")
    shared = page.get_by_role("link", name="Kontroll av leverantörer").first
    assert shared.get_attribute("href") == f"{ORGANISED}{SHARED_TARGET_SLUG}/"
    leaving = page.locator(f'main a[href="{base_url}{ORGANISED}{GR_ONLY_SLUG}/"]')
    assert leaving.count() == 2  # in the text and as a card
    text_link = page.locator("main a[data-site]")
    assert text_link.get_attribute("data-site") == "Göteborgsregionen"
    # The stylesheet says where it leads, after the link's own text.
    after = text_link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "Göteborgsregionen" in after
    card = page.locator(".related .card").filter(
        has=page.locator(f'a[href="{base_url}{ORGANISED}{GR_ONLY_SLUG}/"]')
    )
    assert "Finns hos Göteborgsregionen" in card.inner_text()
    assert_accessible(page)


SITE_VIEWS = (
    ("/sv/roller/", "/en/roller/"),
    ("/sv/roller/socialtjanst/", "/en/roller/socialtjanst/"),
    ("/sv/sok/?q=hot", "/en/sok/?q=hot"),
)


def test_the_language_switcher_of_role_pages_and_search_keeps_the_view(page, base_url):
    for site in (base_url, member_url(base_url, "molndal")):
        for sv_path, en_path in SITE_VIEWS:
            page.goto(site + sv_path)
            hreflang = {
                link.get_attribute("hreflang"): link.get_attribute("href")
                for link in page.locator("link[rel=alternate][hreflang]").all()
            }
            assert hreflang["en"] == site + en_path, hreflang
            assert hreflang["sv"] == site + sv_path, hreflang
            page.locator(".language-switcher").get_by_role(
                "link", name="English"
            ).click()
            page.wait_for_load_state()
            assert page.url == site + en_path
            assert page.locator("html").get_attribute("lang") == "en"
            assert_accessible(page)
            page.locator(".language-switcher").get_by_role(
                "link", name="Svenska"
            ).click()
            page.wait_for_load_state()
            assert page.url == site + sv_path
