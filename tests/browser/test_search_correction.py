"""The search page's "Menade du …?" line: reached and followed with the
keyboard, and no serious accessibility violation with it on the page."""

from tests.browser.helpers import (
    active,
    assert_accessible,
    focus_indicator,
    has_visible_focus,
    tab_to,
)

# One slipped letter: the demo's titles say "upphandling".
MISSPELT = "/sv/sok/?q=upphandlnig"


def test_the_correction_link_is_reached_by_tab_and_searches_as_typed(page):
    response = page.goto(MISSPELT)
    assert response.status == 200
    line = page.locator(".search-correction")
    assert line.inner_text().startswith("Visar resultat för upphandling.")
    assert page.locator(".results li").count() > 0
    assert_accessible(page)

    tab_to(page, "element => Boolean(element.closest('.search-correction a'))")
    focused = focus_indicator(page)
    assert focused["text"] == "upphandlnig"
    assert has_visible_focus(focused), focused
    assert active(page, "element => element.getAttribute('href')") == (
        "?q=upphandlnig&exakt=1"
    )

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/sv/sok/?q=upphandlnig&exakt=1")
    assert page.locator(".search-correction").count() == 0
    assert page.locator(".results li").count() == 0
