"""The layout in a real browser: pages fit a 320 px screen, images do not
shift the page as they load, and a resource page stays light."""

from urllib.parse import urlsplit

from tests.browser.test_roles import TOPIC, VIDEO

PAGES = ("/sv/", TOPIC, VIDEO, "/sv/roller/socialtjanst/", "/sv/sok/?q=hot")
# How long layout shifts are collected after the page has loaded.
SETTLE_MS = 1000


def wider_than(page, width: int) -> list[str]:
    """The innermost elements reaching past `width` pixels, to say what overflows."""
    return page.evaluate(
        """width => [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > width)
            .filter(el => ![...el.children].some(
                child => child.getBoundingClientRect().right > width))
            .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${
                Math.round(el.getBoundingClientRect().right)} px`)""",
        width,
    )


def test_pages_fit_a_320_pixel_screen(browser, base_url):
    context = browser.new_context(
        base_url=base_url, viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    context.add_cookies([{"name": "roll", "value": "socialtjanst", "url": base_url}])
    for path in PAGES:
        page.goto(path)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide: {wider_than(page, 320)}"
    context.close()


def test_a_resource_page_weighs_under_200_kb_without_its_media(page):
    page.goto(VIDEO)
    page.wait_for_load_state("networkidle")
    entries = page.evaluate(
        """() => [
            ...performance.getEntriesByType('navigation'),
            ...performance.getEntriesByType('resource'),
        ].map(entry => ({
            url: entry.name,
            kind: entry.initiatorType,
            bytes: entry.encodedBodySize,
        }))"""
    )
    # Media: the film and its captions, played or fetched on demand.
    weighed = [
        entry
        for entry in entries
        if entry["kind"] not in {"video", "audio", "track"}
        and not urlsplit(entry["url"]).path.startswith("/media/media/")
    ]
    total = sum(entry["bytes"] for entry in weighed)
    assert len(weighed) >= 3  # the page, its stylesheet and its script at least
    assert total <= 200 * 1024, weighed


def test_images_do_not_shift_the_layout(page):
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        # Every image says its size up front, so its box is kept free...
        unsized = page.eval_on_selector_all(
            "img",
            "images => images.filter(image => !image.getAttribute('width') "
            "|| !image.getAttribute('height')).map(image => image.src)",
        )
        assert unsized == [], path
        # ...and nothing moves once it has arrived (cumulative layout shift).
        shift = page.evaluate(
            """settle => new Promise(resolve => {
                let total = 0;
                new PerformanceObserver(list => {
                    for (const entry of list.getEntries()) {
                        if (!entry.hadRecentInput) total += entry.value;
                    }
                }).observe({type: 'layout-shift', buffered: true});
                setTimeout(() => resolve(total), settle);
            })""",
            SETTLE_MS,
        )
        assert shift < 0.01, f"{path} shifts by {shift:.3f}"
