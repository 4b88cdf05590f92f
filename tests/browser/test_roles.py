"""The reader's journey in a real browser: choose a role and see the site
change, keep it across a reload, change and forget it, filter a topic by
kind, reveal an external video only after consent, all of it by keyboard
too; and two of the README's screenshots."""

from urllib.parse import urlsplit

from tests.browser.extra_content import EXTERNAL_VIDEO_SLUG
from tests.browser.helpers import (
    MAX_TABS,
    active,
    assert_accessible,
    screenshot,
    tab_to,
)

TOPIC = "/sv/motverka-brott/organiserad-brottslighet/"
VIDEO = "/sv/trygghetsskapande/samverkan/bostadsbolagens-roll-i-trygghetsarbetet/"
EXTERNAL_VIDEO = f"/sv/trygghetsskapande/samverkan/{EXTERNAL_VIDEO_SLUG}/"
PROCUREMENT = "Upphandling och inköp"
SOCIAL = "Socialtjänst"


def card_titles(page) -> list[str]:
    return page.locator("main .card h3").all_inner_texts()


def listed_total(page) -> int:
    """The number a topic page says it lists ("12 material")."""
    return int(page.locator(".listing-count").inner_text().split()[0])


def keep_on_server(page, base_url: str) -> list[str]:
    """Let nothing leave the test server; the list fills with what tried to."""
    server = urlsplit(base_url).hostname
    outside = []

    def keep_inside(route):
        if urlsplit(route.request.url).hostname == server:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", keep_inside)
    return outside


def choose_on_home(page, role: str) -> None:
    """Answer the home page's one role question."""
    page.locator("#role-choice-select").select_option(label=role)
    with page.expect_navigation():
        page.locator(".role-choice").get_by_role("button", name="Välj roll").click()


def shift_tab_to(page, script: str) -> int:
    """Press Shift+Tab until `script` holds for the focused element."""
    for presses in range(1, MAX_TABS + 1):
        page.keyboard.press("Shift+Tab")
        if active(page, script):
            return presses
    raise AssertionError(f"{MAX_TABS} presses of Shift+Tab never reached {script}")


def test_a_chosen_role_changes_the_home_and_topic_pages_and_survives_a_reload(page):
    page.goto("/sv/")
    assert page.locator("#role-choice-heading").is_visible()
    everything = card_titles(page)

    choose_on_home(page, PROCUREMENT)
    assert urlsplit(page.url).path == "/sv/"
    assert page.locator("#newest-heading").inner_text() == f"Nytt för {PROCUREMENT}"
    assert page.locator("#role-choice-heading").count() == 0
    for_procurement = card_titles(page)
    assert for_procurement and for_procurement != everything
    screenshot(page, "home-with-role")

    page.reload()
    assert page.locator("#newest-heading").inner_text() == f"Nytt för {PROCUREMENT}"
    assert card_titles(page) == for_procurement
    assert page.locator("#role-bar-select").input_value() == "upphandling-och-inkop"

    page.goto(TOPIC)
    assert PROCUREMENT in page.locator(".role-notice").inner_text()
    narrowed = listed_total(page)
    page.get_by_role("link", name="Visa material för alla roller").click()
    assert listed_total(page) > narrowed


def test_the_role_is_changed_and_forgotten_from_any_page(page):
    page.goto("/sv/")
    choose_on_home(page, PROCUREMENT)
    page.goto(TOPIC)

    page.locator("#role-bar-select").select_option(label=SOCIAL)
    with page.expect_navigation():
        page.get_by_role("button", name="Byt roll").click()
    # Back on the same page, now for the new role.
    assert urlsplit(page.url).path == TOPIC
    assert SOCIAL in page.locator(".role-notice").inner_text()

    with page.expect_navigation():
        page.get_by_role("button", name="Glöm min roll").click()
    assert urlsplit(page.url).path == TOPIC
    assert page.locator(".role-notice").count() == 0
    assert page.locator("#role-bar-select").input_value() == ""
    assert not [c for c in page.context.cookies() if c["name"] == "roll"]
    page.goto("/sv/")
    assert page.locator("#role-choice-heading").is_visible()


def test_a_topic_is_filtered_by_kind_with_honest_counts(page):
    page.goto(TOPIC)
    total = listed_total(page)
    videos = page.locator(".facets a", has_text="Videor")
    count = int(videos.locator(".count").inner_text().strip("()"))
    assert 0 < count < total

    videos.click()
    assert "kind=video" in page.url
    assert listed_total(page) == count
    kinds = page.locator("main .card .card-kind").all_text_contents()
    assert kinds == ["Video"] * count
    assert (
        page.locator(".facets a[aria-current='true']").inner_text().startswith("Videor")
    )
    screenshot(page, "topic-filtered-by-kind")

    page.get_by_role("link", name="Alla, utan filter på typ").click()
    assert listed_total(page) == total


def test_an_external_video_is_fetched_only_after_consent(page, base_url):
    outside = keep_on_server(page, base_url)
    page.goto(EXTERNAL_VIDEO)
    page.wait_for_load_state("networkidle")
    assert page.locator("iframe").count() == 0
    assert outside == []

    with page.expect_request(lambda request: "youtube" in request.url):
        page.get_by_role("link", name="Visa video från YouTube").click()
    frame = page.locator(".video-consent iframe")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/")
    assert frame.get_attribute("title").startswith("Video: ")
    # Shown in place by the script, without a reload; the player has focus.
    assert urlsplit(page.url).query == ""
    assert active(page, "element => element.tagName") == "IFRAME"
    assert all(urlsplit(url).hostname == "www.youtube-nocookie.com" for url in outside)


def test_without_javascript_consent_is_a_link_to_the_player(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    keep_on_server(page, base_url)
    page.goto(EXTERNAL_VIDEO)
    page.get_by_role("link", name="Visa video från YouTube").click()
    page.locator(".video-consent iframe").wait_for(state="attached")
    assert "visa-video=1" in page.url
    context.close()


def test_the_whole_journey_by_keyboard(page):
    page.goto("/sv/")
    # Choose a role with the home page's question (typing its first letters).
    tab_to(page, "element => element.id === 'role-choice-select'")
    page.keyboard.type("Upph")
    assert page.locator("#role-choice-select").input_value() == "upphandling-och-inkop"
    tab_to(page, "element => element.textContent.trim() === 'Välj roll'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#newest-heading").inner_text() == f"Nytt för {PROCUREMENT}"
    # Focus is on the news of the choice, in the role bar below the header.
    assert active(page, "element => element.id") == "din-roll"

    # Back up to a theme in the navigation, then a topic.
    shift_tab_to(page, "element => element.textContent.trim() === 'Motverka brott'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, "element => element.textContent.trim() === 'Organiserad brottslighet'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlsplit(page.url).path == TOPIC

    # Filter by kind, then open the first film.
    tab_to(page, "element => element.textContent.trim().startsWith('Videor')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kind=video" in page.url
    tab_to(page, "element => Boolean(element.closest('.card h3'))")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("video").count() == 1

    # Open the transcript.
    tab_to(page, "element => element.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    assert page.locator("details.transcript").get_attribute("open") is not None

    # Change the role from the bar, then forget it (on a page loaded afresh).
    page.goto("/sv/")
    tab_to(page, "element => element.id === 'role-bar-select'")
    page.keyboard.press("ArrowDown")  # the next role in the list
    tab_to(page, "element => element.textContent.trim() === 'Byt roll'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    changed = page.locator("#role-bar-select").input_value()
    assert changed not in {"", "upphandling-och-inkop"}
    tab_to(page, "element => element.name === 'glom'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # On the home page the question is asked there again, with no role bar.
    assert page.locator("#role-choice-select").input_value() == ""
    assert active(page, "element => element.id") == "din-roll"


def test_an_external_video_is_revealed_by_keyboard(page, base_url):
    keep_on_server(page, base_url)
    page.goto(EXTERNAL_VIDEO)
    tab_to(page, "element => element.classList.contains('video-consent-button')")
    page.keyboard.press("Enter")
    page.locator(".video-consent iframe").wait_for()


def test_role_pages_and_a_chosen_role_have_no_serious_violations(page, base_url):
    for path in ("/sv/roller/", "/sv/roller/socialtjanst/", "/en/roller/socialtjanst/"):
        assert page.goto(path).status == 200, path
        assert_accessible(page)
    page.context.add_cookies(
        [{"name": "roll", "value": "socialtjanst", "url": base_url}]
    )
    for path in ("/sv/", TOPIC + "?kind=video", VIDEO):
        assert page.goto(path).status == 200, path
        assert_accessible(page)
