"""The site with the keyboard only: the skip link first, the theme navigation
within reach, every focused control visibly so."""

from tests.browser.helpers import active, focus_indicator, has_visible_focus, tab_to


def test_the_first_tab_focuses_the_skip_link_and_enter_moves_to_main(page):
    page.goto("/sv/")
    page.keyboard.press("Tab")
    focused = focus_indicator(page)
    assert active(page, "element => element.classList.contains('skip-link')")
    assert focused["text"] == "Hoppa till innehållet"
    assert has_visible_focus(focused), focused
    # Hidden until focused: now on screen.
    assert page.locator(".skip-link").is_visible()
    assert page.locator(".skip-link").bounding_box()["x"] >= 0

    page.keyboard.press("Enter")
    assert active(page, "element => element.id") == "main"
    # The next Tab continues from the content, not from the top of the page.
    page.keyboard.press("Tab")
    assert active(page, "element => Boolean(element.closest('main'))")


def test_a_theme_is_reached_and_opened_from_the_navigation(page):
    page.goto("/sv/")
    tab_to(page, "element => Boolean(element.closest('header nav a'))")
    theme = active(
        page,
        """element => ({
            label: element.closest('nav').getAttribute('aria-label'),
            title: element.textContent.trim(),
            href: element.getAttribute('href'),
        })""",
    )
    assert theme["label"] == "Teman"
    focused = focus_indicator(page)
    assert focused["tag"] == "a"
    assert has_visible_focus(focused), focused

    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(theme["href"])
    assert page.locator("h1").inner_text() == theme["title"]
    # The theme's own link now says it is the current page.
    current = page.locator("header nav a[aria-current='page']")
    assert current.inner_text() == theme["title"]
