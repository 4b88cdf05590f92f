"""The reference site beyond what axe checks: a focus ring that stands out
from every background, controls that keep their outline in forced colours,
a header that neither clips under WCAG text spacing nor fills a 320 px
screen, focus brought to the news after choosing a role, a readable measure,
hyphenation, one role question on the home page, a favicon, a sharp logo,
a description for every page, and the language of every word."""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import axe, describe
from tests.browser.page_measures import (
    FOCUS_RING,
    HEADER_CLIPS,
    LONGEST_LINE,
    TEXT_SPACING,
)
from tests.browser.test_roles import TOPIC, VIDEO

ARTICLE = "/sv/motverka-brott/organiserad-brottslighet/varningstecken-i-upphandling/"
WEBINAR_EN = (
    "/en/motverka-brott/otillaten-paverkan/"
    "webinar-bribery-conflicts-of-interest-and-corruption/"
)
# An English page whose related material is partly Swedish only.
ENGLISH_WITH_SWEDISH_CARDS = (
    "/en/trygghetsskapande/samverkan/role-of-housing-companies-in-safety-work/"
)
SOCIAL = "Socialtjänst"
SOCIAL_SLUG = "socialtjanst"
ROLE_QUESTION = "Vad arbetar du med?"
# WCAG 2.2 SC 1.4.11 / 2.4.13: a focus indicator against what is next to it.
MIN_FOCUS_CONTRAST = 3
# Characters per line of body text: near 70, never the 115-133 of a full width.
MAX_LINE_CHARACTERS = 80
NARROW = {"width": 320, "height": 640}
# Every kind of page: its path, on GR's site unless a member is named.
PAGE_KINDS = [
    ("home", None, "/sv/"),
    ("home in English", None, "/en/"),
    ("theme", None, "/sv/motverka-brott/"),
    ("topic", None, TOPIC),
    ("article", None, ARTICLE),
    ("video", None, VIDEO),
    ("webinar", None, WEBINAR_EN),
    (
        "podcast",
        None,
        "/sv/motverka-brott/organiserad-brottslighet/"
        "podd-serveringstillstand-och-lamplighetsprovning/",
    ),
    (
        "link",
        None,
        "/sv/motverka-brott/organiserad-brottslighet/lank-upphandlingsmyndigheten/",
    ),
    ("roles index", None, "/sv/roller/"),
    ("role page", None, "/sv/roller/socialtjanst/"),
    ("search", None, "/sv/sok/?q=hot"),
    ("member home", "molndal", "/sv/"),
    ("member topic", "molndal", TOPIC),
]


def member_url(base_url: str, member: str | None, path: str) -> str:
    host = base_url if member is None else base_url.replace("//", f"//{member}.", 1)
    return host + path


def choose_role(page, role: str) -> None:
    """Choose `role` with the home page's one question, as a reader would."""
    page.locator("#role-choice-select").select_option(label=role)
    with page.expect_navigation():
        page.locator(".role-choice").get_by_role("button", name="Välj roll").click()


def focused_rings(page, limit: int = 120) -> list[dict]:
    """Tab through the whole page; the ring of everything that takes focus."""
    rings, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        handle = page.evaluate_handle("() => document.activeElement")
        key = page.evaluate(
            "element => element === document.body ? null : "
            "[...document.querySelectorAll('*')].indexOf(element)",
            handle,
        )
        if key is None or key in seen:
            break
        seen.add(key)
        rings.append(page.evaluate(FOCUS_RING, handle))
    return rings


# Focus


@pytest.mark.parametrize("width", [1280, 320])
def test_the_focus_ring_stands_out_from_every_background(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    rings = []
    # The home page asks for a role (a button in the content), then pages
    # for a reader with one (the role bar's buttons).
    for path, role in (
        ("/sv/", None),
        ("/sv/", SOCIAL_SLUG),
        (TOPIC, None),
        (ARTICLE, None),
    ):
        if role:
            page.context.add_cookies([{"name": "roll", "value": role, "url": base_url}])
        page.goto(path)
        if width == 320:  # the menu open, and the Tab order from the top
            page.evaluate("document.querySelector('.site-menu').open = true")
        rings += focused_rings(page)
    for ring in rings:
        assert ring["outline"], ring
        assert ring["contrasts"], ring
        assert min(ring["contrasts"]) >= MIN_FOCUS_CONTRAST, ring
        assert ring["halo"] is None or ring["halo"] >= MIN_FOCUS_CONTRAST, ring
    # Links and controls in the header, the role bar and the content.
    reached = {(ring["area"], ring["kind"]) for ring in rings}
    for area in ("header", "role bar", "main"):
        for kind in ("link", "control"):
            assert (area, kind) in reached, reached
    assert ("skip link", "link") in reached


@pytest.mark.parametrize("width", [1280, 320])
def test_buttons_and_fields_keep_their_outline_in_forced_colours(page, base_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(forced_colors="active")
    page.context.add_cookies([{"name": "roll", "value": SOCIAL_SLUG, "url": base_url}])
    page.goto("/sv/")
    if width == 320:
        page.locator(".site-menu-button").click()
    borders = page.eval_on_selector_all(
        ".site-header button, .site-header input, .site-header summary, "
        ".role-bar button, .role-bar select",
        """elements => elements.filter(element => element.checkVisibility())
        .map(element => {
            const style = getComputedStyle(element);
            return {
                what: element.tagName.toLowerCase() + ' ' + (element.textContent.trim()
                    || element.getAttribute('placeholder') || element.id),
                sides: ['Top', 'Right', 'Bottom', 'Left'].map(side => [
                    style[`border${side}Style`],
                    parseFloat(style[`border${side}Width`]),
                    style[`border${side}Color`],
                ]),
            };
        })""",
    )
    what = {border["what"].split(" ")[0] for border in borders}
    assert {"button", "input", "select"} <= what, borders
    if width == 320:
        assert "summary" in what
    for border in borders:
        for style, side_width, colour in border["sides"]:
            assert style not in ("none", "hidden") and side_width >= 1, border
            assert colour not in ("transparent", "rgba(0, 0, 0, 0)"), border


# The header


@pytest.mark.parametrize("member", [None, "molndal"])
@pytest.mark.parametrize("width", [1280, 320])
def test_nothing_in_the_header_clips_with_wcag_text_spacing(
    page, base_url, member, width
):
    page.set_viewport_size({"width": width, "height": 800})
    for path in ("/sv/", ARTICLE):
        page.goto(member_url(base_url, member, path))
        page.evaluate(TEXT_SPACING)
        clipped = page.evaluate(HEADER_CLIPS)
        assert clipped == [], (path, clipped)
        if width == 320:
            page.locator(".site-menu-button").click()
            clipped = page.evaluate(HEADER_CLIPS)
            assert clipped == [], (path, "menu open", clipped)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path


def test_the_header_takes_under_a_third_of_a_320_pixel_screen(page, base_url):
    page.set_viewport_size(NARROW)
    for member, path in (
        (None, "/sv/"),
        (None, TOPIC),
        (None, VIDEO),
        (None, "/sv/sok/?q=hot"),
        ("molndal", "/sv/"),
    ):
        page.goto(member_url(base_url, member, path))
        height = page.locator(".site-header").bounding_box()["height"]
        assert height < NARROW["height"] / 3, (path, height)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (path, width)


def test_the_narrow_menu_opens_by_keyboard_and_reaches_every_theme(page):
    page.set_viewport_size(NARROW)
    page.goto("/sv/")
    themes = page.locator("header nav[aria-label='Teman'] a")
    assert not themes.first.is_visible()
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "site-menu-button"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Trygghetsskapande"
    assert themes.count() == 3 and all(link.is_visible() for link in themes.all())
    assert page.get_by_role("searchbox", name="Sök material").is_visible()
    assert page.get_by_role("link", name="English").is_visible()


def test_the_wide_header_shows_its_menu_without_a_button(page):
    page.goto("/sv/")
    assert not page.locator(".site-menu-button").is_visible()
    assert page.locator("header nav[aria-label='Teman'] a").first.is_visible()
    assert page.get_by_role("searchbox", name="Sök material").is_visible()


# Choosing a role


@pytest.mark.parametrize("javascript", [True, False])
def test_after_choosing_a_role_focus_is_on_what_changed(browser, base_url, javascript):
    context = browser.new_context(base_url=base_url, java_script_enabled=javascript)
    page = context.new_page()
    page.goto("/sv/")
    choose_role(page, SOCIAL)
    assert urlsplit(page.url).path == "/sv/"
    focused = page.evaluate(
        """() => ({
            role: document.activeElement.getAttribute('role'),
            tag: document.activeElement.tagName,
            text: document.activeElement.textContent.trim(),
        })"""
    )
    assert focused["role"] == "status" or focused["tag"] in {"H1", "H2"}, focused
    assert focused["text"] == (
        f"Du har valt rollen {SOCIAL}. Materialet för den visas först."
    )
    # With the script, the address loses the fragment once it has done its job.
    assert (urlsplit(page.url).fragment == "") == javascript

    # Forgetting it, on a topic page, is said as clearly.
    page.goto(TOPIC)
    with page.expect_navigation():
        page.get_by_role("button", name="Glöm min roll").click()
    assert urlsplit(page.url).path == TOPIC
    assert page.evaluate("document.activeElement.textContent") == (
        "Ingen roll är vald: du ser material för alla roller."
    )
    context.close()


# Text


def test_body_text_keeps_a_readable_measure(page):
    for path in (ARTICLE, "/sv/", TOPIC):
        page.goto(path)
        longest = [
            page.evaluate(LONGEST_LINE, paragraph)
            for paragraph in page.locator(
                "main p:not(.card p), main li:not(.card li)"
            ).element_handles()
        ]
        assert max(longest) > 40, (path, longest)  # lines were measured
        assert max(longest) <= MAX_LINE_CHARACTERS, (path, longest)


def test_long_compounds_are_hyphenated_by_language_not_broken_anywhere(page):
    page.set_viewport_size(NARROW)
    for path in ("/sv/", ARTICLE, WEBINAR_EN):
        page.goto(path)
        styles = page.eval_on_selector_all(
            "main h1, main p, .site-name",
            """elements => elements.filter(element => element.checkVisibility())
            .map(element => {
                const style = getComputedStyle(element);
                return {
                    hyphens: style.hyphens,
                    wordBreak: style.wordBreak,
                    lang: element.closest('[lang]')?.getAttribute('lang'),
                };
            })""",
        )
        assert styles and all(style["hyphens"] == "auto" for style in styles), path
        assert all(style["wordBreak"] == "normal" for style in styles), path
        assert all(style["lang"] in {"sv", "en"} for style in styles), path
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path


# The home page


@pytest.mark.parametrize("chosen", [None, "socialtjanst"])
def test_the_home_page_asks_for_the_role_once(page, base_url, chosen):
    if chosen:
        page.context.add_cookies([{"name": "roll", "value": chosen, "url": base_url}])
    page.goto("/sv/")
    assert page.locator("body").inner_text().count(ROLE_QUESTION) == 1
    assert page.locator("select[name='roll']").count() == 1
    assert page.locator("button[name='roll']").count() == 0
    choose_buttons = page.get_by_role("button", name="Välj roll").or_(
        page.get_by_role("button", name="Byt roll")
    )
    assert choose_buttons.count() == 1
    if not chosen:
        assert page.locator(".role-choice a[href='/sv/roller/']").count() == 1


def test_the_roles_index_links_each_role_once(page):
    page.goto("/sv/roller/")
    links = page.locator("main .role-picker a")
    hrefs = [link.get_attribute("href") for link in links.all()]
    assert len(hrefs) == len(set(hrefs)) > 10
    assert page.locator("main button").count() == 0


# Head and header


def test_the_favicon_and_touch_icon_are_served(page):
    page.goto("/sv/")
    icons = page.eval_on_selector_all(
        "link[rel~='icon'], link[rel='apple-touch-icon']",
        "links => links.map(link => [link.rel, link.type, link.href])",
    )
    assert {rel for rel, _, _ in icons} == {"icon", "apple-touch-icon"}
    assert "image/svg+xml" in {kind for _, kind, _ in icons}
    for _, kind, href in icons:
        response = page.request.get(href)
        assert response.status == 200, href
        assert response.headers["content-type"].startswith(kind or "image/png"), href


def test_the_logo_is_sharp_on_a_high_density_screen(browser, base_url):
    context = browser.new_context(base_url=base_url, device_scale_factor=2)
    page = context.new_page()
    page.goto("/sv/")
    logo = page.locator(".site-logo")
    assert len((logo.get_attribute("srcset") or "").split(",")) == 2
    page.wait_for_function("document.querySelector('.site-logo').complete")
    # The file the browser chose, at its own size (not scaled by its density).
    chosen = logo.evaluate(
        """image => new Promise(resolve => {
            const probe = new Image();
            probe.onload = () => resolve([image.currentSrc, probe.naturalHeight]);
            probe.src = image.currentSrc;
        })"""
    )
    assert chosen[1] >= 2 * logo.bounding_box()["height"], chosen
    context.close()


@pytest.mark.parametrize(("kind", "member", "path"), PAGE_KINDS)
def test_every_kind_of_page_has_a_description(page, base_url, kind, member, path):
    response = page.goto(member_url(base_url, member, path))
    assert response.status == 200
    descriptions = page.eval_on_selector_all(
        "meta[name='description']", "metas => metas.map(meta => meta.content)"
    )
    assert len(descriptions) == 1 and len(descriptions[0].strip()) > 20, kind
    if kind == "role page":
        assert descriptions[0] == page.locator("main .lead").inner_text()


# Language


def test_english_words_in_swedish_cards_are_marked_english(page):
    page.goto(ENGLISH_WITH_SWEDISH_CARDS)
    cards = page.locator("main .card[lang='sv']")
    assert cards.count() > 0
    for card in cards.all():
        kind = card.locator(".card-kind")
        assert kind.get_attribute("lang") == "en", kind.inner_text()
    # The cards in the page's own language need no mark of their own.
    assert page.locator("main .card:not([lang]) .card-kind[lang]").count() == 0


def test_a_swedish_slides_title_on_an_english_webinar_is_marked_swedish(page):
    page.goto(WEBINAR_EN)
    slides = page.locator(".resource-meta a[href*='/documents/']")
    assert slides.inner_text().startswith("Presentation: Webbinarium")
    assert slides.evaluate("link => link.closest('[lang]').lang") == "sv"
    # On the Swedish page the title is in the page's language already.
    swedish = page.locator("link[rel='alternate'][hreflang='sv']")
    page.goto(swedish.get_attribute("href"))
    slides = page.locator(".resource-meta a[href*='/documents/']")
    assert slides.inner_text().startswith("Presentation: Webbinarium")
    assert slides.get_attribute("lang") is None


# Accessibility


@pytest.mark.parametrize(
    ("path", "role", "width"),
    [
        ("/sv/", None, 1280),
        ("/sv/", "socialtjanst", 1280),
        ("/sv/", None, 320),
        ("/sv/roller/", None, 1280),
        (TOPIC, "socialtjanst", 320),
        (WEBINAR_EN, None, 1280),
        (ENGLISH_WITH_SWEDISH_CARDS, None, 320),
    ],
)
def test_no_axe_violations_of_any_impact(page, base_url, path, role, width):
    page.set_viewport_size({"width": width, "height": 800})
    if role:
        page.context.add_cookies([{"name": "roll", "value": role, "url": base_url}])
    page.goto(path)
    if width == 320:
        page.locator(".site-menu-button").click()
    violations = axe(page)
    assert not violations, describe(violations)
