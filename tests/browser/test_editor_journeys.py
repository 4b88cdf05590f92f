"""The editors' journeys, each as the demo user of its group, in Chromium.

A GR editor writes an article, tags two roles, shares it with every member
and submits it for review; a GR reviewer approves it and lands on a page
without an error; the article reaches GR's site, a member's site and the
API; a translator translates it, and nothing shows under /en/ until the
translation is finished and a reviewer has published it; a member editor
publishes a local page, hides a shared resource and is told, in Swedish,
why a shared resource cannot be edited. No step shows an English interface
string.

The tests run in order and build on each other (the article of the first
is the one the others approve, translate and find).
"""

import json
import time
import urllib.error
import urllib.parse
import urllib.request

PASSWORD = "trygghet"  # seed_demo's demo logins (development settings)
TITLE = "Så känner du igen bidragsbrott i ansökningar"
SLUG = "sa-kanner-du-igen-bidragsbrott-i-ansokningar"
SUMMARY = "Varningstecken i ansökningar om bidrag, och vad du gör när du ser dem."
TOPIC_PATH = "/sv/motverka-brott/organiserad-brottslighet/"
ROLES = ("Socialtjänst", "Ekonomi och utbetalningar")
ENGLISH_TITLE = "How to recognise benefit fraud in applications"
# Interface strings Wagtail and wagtail-localize show in English when their
# Swedish catalogues lack them (tests/localization covers them one by one).
ENGLISH_UI = (
    "Autosave is paused",
    "Saved",
    " of ",
    "Publish in",
    "Publicera påEnglish",
    " to English translation",
    "Translate this page",
    "Sync translated pages",
    "Moderators approval",
    "Submit",
    "Approve",
    "Sorry, you do not have permission",
    "This page is an alias",
)
# Sharing runs in the background worker; it usually takes a second or two.
SHARING_TIMEOUT = 60  # seconds


def member_url(base_url: str, slug: str) -> str:
    return base_url.replace("//localhost", f"//{slug}.localhost")


def login(page, username: str) -> None:
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    assert_swedish(page)


def assert_swedish(page) -> None:
    """No known English interface string on the page as the user sees it."""
    text = page.inner_text("body")
    english = [s for s in ENGLISH_UI if s in text]
    assert not english, f"English in the Swedish admin on {page.url}: {english}"
    assert "saknar rättigheter" not in text, f"refused on {page.url}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # followed by http_get, through the loopback address


NO_REDIRECTS = urllib.request.build_opener(_NoRedirects)


def http_get(url: str, redirects: int = 3):
    """GET `url` from the test server; a member's *.localhost name is sent as
    the Host header to the loopback address (Chromium resolves those names
    itself, Python's resolver may not)."""
    parts = urllib.parse.urlsplit(url)
    loopback = parts._replace(netloc=f"127.0.0.1:{parts.port}").geturl()
    request = urllib.request.Request(
        loopback, headers={"Host": f"{parts.hostname}:{parts.port}"}
    )
    try:
        with NO_REDIRECTS.open(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        if error.code in (301, 302) and redirects:
            location = urllib.parse.urljoin(url, error.headers["Location"])
            return http_get(location, redirects - 1)
        return error.code, b""


def api(base_url: str, endpoint: str, **params) -> tuple[int, dict]:
    status, body = http_get(f"{base_url}{endpoint}?{urllib.parse.urlencode(params)}")
    return status, json.loads(body) if status == 200 else {}


def status_of(url: str) -> int:
    return http_get(url)[0]


def wait_until(check, what: str, timeout: float = SHARING_TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"{what}: not within {timeout} s")


def page_id(site_url: str, path: str) -> int:
    """The id of the live page at `path` (/sv/…) of the site at `site_url`,
    from Wagtail's API v2, which finds pages by their path below the locale."""
    status, body = api(
        site_url, "/api/v2/pages/find/", html_path=path.removeprefix("/sv")
    )
    assert status == 200, (site_url, path, status)
    return body["id"]


def fill_date(page, selector: str, value: str) -> None:
    """Type a date, then click outside the field: Wagtail's date picker opens
    on focus and would otherwise lie over the action menu below it."""
    page.fill(selector, value)
    page.locator("#id_title").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.xdsoft_datetimepicker')]"
        ".every((picker) => picker.offsetParent === null)"
    )


def choose_action(page, label: str) -> None:
    """Press the action menu's `label`, opening the menu if it is folded away."""
    button = page.get_by_role("button", name=label, exact=True)
    if not button.is_visible():
        page.locator(
            "footer .dropdown-toggle, [data-w-dropdown-target=toggle]"
        ).last.click()
    button.click()
    page.wait_for_load_state()


def test_gr_editor_writes_tags_two_roles_shares_and_submits(page, base_url):
    login(page, "gr-redaktor")
    topic = page_id(base_url, TOPIC_PATH)
    page.goto(f"/admin/pages/add/pages/articlepage/{topic}/")
    assert_swedish(page)
    # GR's editors cannot publish: the editor says why, and offers review.
    assert "granskas innan det publiceras" in page.inner_text("body")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", SUMMARY)
    for role in ROLES:
        page.get_by_label(role, exact=True).check()
    page.fill("#id_content_owner", "Göteborgsregionen")
    fill_date(page, "#id_review_by", "2027-12-01")
    page.get_by_role("tab", name="Dela med").click()
    page.select_option("#id_share_with", "all")
    assert_swedish(page)
    page.get_by_role("tab", name="Innehåll").click()
    assert page.get_by_role("button", name="Publicera", exact=True).count() == 0
    choose_action(page, "Lämna in till Granskning GR")
    assert_swedish(page)
    assert "inlämnad" in page.inner_text("body").lower()


def test_gr_reviewer_approves_and_lands_without_an_error(page, base_url):
    login(page, "gr-granskare")
    # The dashboard lists what waits for this reviewer.
    page.locator("a", has_text=TITLE).first.click()
    page.wait_for_load_state()
    assert_swedish(page)
    choose_action(page, "Godkänn och Publicera")
    assert_swedish(page)
    page.wait_for_load_state()
    assert "/admin/" in page.url


def test_the_approved_article_reaches_gr_a_member_and_the_api(page, base_url):
    path = f"{TOPIC_PATH}{SLUG}/"
    assert status_of(base_url + path) == 200
    molndal = member_url(base_url, "molndal")
    wait_until(lambda: status_of(molndal + path) == 200, "shared to Mölndal")
    page.goto(molndal + path)
    assert TITLE in page.inner_text("h1")
    facts = page.inner_text("main")
    assert "Delat av" in facts
    assert "Göteborgsregionen" in facts
    status, body = api(
        base_url, "/api/v1/resources/by-path/", site="molndal", path=path
    )
    assert status == 200
    assert body["title"] == TITLE
    assert {role["name"] for role in body["roles"]} == set(ROLES)


def test_translator_translates_and_nothing_shows_in_english_until_approved(
    page, base_url
):
    login(page, "gr-oversattare")
    original = page_id(base_url, f"{TOPIC_PATH}{SLUG}/")
    page.goto(f"/admin/pages/{original}/edit/")
    assert_swedish(page)
    page.goto(f"/admin/localize/submit/page/{original}/")
    assert_swedish(page)
    page.get_by_label("engelska", exact=False).check()
    page.get_by_role("button", name="Skicka").click()
    page.wait_for_load_state()
    assert "/edit/" in page.url
    english_edit = page.url
    assert_swedish(page)

    def nothing_in_english():
        status, body = api(base_url, "/api/v1/resources/", locale="en", q="fraud")
        titles = [item["title"] for item in body.get("items", [])]
        return status == 200 and ENGLISH_TITLE not in titles and TITLE not in titles

    assert nothing_in_english()
    # Each text: "Översätt", write the English, "Spara".
    english = {
        SLUG: "how-to-recognise-benefit-fraud-in-applications",
        TITLE: ENGLISH_TITLE,
        SUMMARY: "Warning signs in applications for benefits, and what to do.",
    }
    translate = page.get_by_role("button", name="Översätt", exact=True)
    save = page.get_by_role("button", name="Spara", exact=True)
    for tab in ("Innehåll", "Marknadsför"):
        page.get_by_role("tab", name=tab).click()
        for _ in range(20):  # a page's texts; bounded, in case one never saves
            if not translate.count():
                break
            # The segment holding the button, with its Swedish text.
            source = translate.first.evaluate(
                "b => { let x = b; for (let i = 0; i < 4 && x.parentElement; i++)"
                " x = x.parentElement; return x.innerText }"
            )
            translate.first.click()
            text = next((v for k, v in english.items() if k in source), "GR")
            page.locator("textarea:visible").first.fill(text)
            save.first.click()
            wait_until(lambda: not save.count(), "the text saved", 10)
    assert_swedish(page)
    # A translator does not publish; nothing is in English yet.
    assert page.get_by_role("button", name="Publicera", exact=False).count() == 0
    assert nothing_in_english()

    reviewer = page.context.browser.new_context(
        base_url=base_url, locale="sv-SE", viewport={"width": 1280, "height": 800}
    )
    review = reviewer.new_page()
    login(review, "gr-granskare")
    review.goto(english_edit)
    assert_swedish(review)
    review.get_by_role("button", name="Publicera", exact=False).first.click()
    review.wait_for_load_state()
    assert_swedish(review)
    reviewer.close()

    def published_in_english():
        status, body = api(
            base_url, "/api/v1/resources/", locale="en", site="molndal", q="fraud"
        )
        return ENGLISH_TITLE in [item["title"] for item in body.get("items", [])]

    wait_until(published_in_english, "the translation shared to Mölndal's /en/")


def test_member_editor_publishes_hides_and_is_told_why_aliases_are_read_only(
    page, base_url
):
    molndal = member_url(base_url, "molndal")
    login(page, "molndal-redaktor")
    topic = page_id(molndal, TOPIC_PATH)
    page.goto(f"/admin/pages/add/pages/articlepage/{topic}/")
    assert_swedish(page)
    assert page.get_by_role("tab", name="Dela med").count() == 0
    page.fill("#id_title", "Mölndals samverkansgrupp mot bidragsbrott")
    page.fill("#id_summary", "Så arbetar Mölndal tillsammans med polisen.")
    page.get_by_label("Socialtjänst", exact=True).check()
    page.fill("#id_content_owner", "Mölndals stad")
    fill_date(page, "#id_review_by", "2027-12-01")
    choose_action(page, "Publicera")
    assert_swedish(page)
    local = f"{TOPIC_PATH}molndals-samverkansgrupp-mot-bidragsbrott/"
    assert status_of(molndal + local) == 200

    # The shared article: opening it explains, in Swedish, and offers hiding.
    alias = page_id(molndal, f"{TOPIC_PATH}{SLUG}/")
    page.goto(f"/admin/pages/{alias}/edit/")
    assert_swedish(page)
    text = page.inner_text("body")
    assert "kan inte ändra det här" in text
    assert page.locator("#page-edit-form").count() == 0
    page.get_by_role("button", name="Dölj på vår webbplats").click()
    page.wait_for_load_state()
    assert_swedish(page)
    assert "visas inte längre" in page.inner_text("body")
    assert status_of(f"{molndal}{TOPIC_PATH}{SLUG}/") == 404
