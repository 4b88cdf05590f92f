"""No serious or critical WCAG 2.1 AA violation (axe-core) on the reference
site's pages: every kind of page, in Swedish and in English, on GR's site
and on a member's.

The paths are the demo's (pages/demo/data/*.json), which seed_demo builds
the same every time. Add pages to the lists below.
"""

import pytest

from tests.browser.helpers import assert_accessible

# GR's site in Swedish: home, a theme hub, a topic, a resource of each kind
# (article, video, webinar, podcast, link), search with hits.
SWEDISH_PAGES = [
    "/sv/",
    "/sv/motverka-brott/",
    "/sv/motverka-brott/organiserad-brottslighet/",
    "/sv/motverka-brott/organiserad-brottslighet/varningstecken-i-upphandling/",
    "/sv/trygghetsskapande/samverkan/bostadsbolagens-roll-i-trygghetsarbetet/",
    "/sv/motverka-brott/otillaten-paverkan/webbinarium-mutor-jav-och-korruption/",
    "/sv/motverka-brott/organiserad-brottslighet/"
    "podd-serveringstillstand-och-lamplighetsprovning/",
    "/sv/motverka-brott/organiserad-brottslighet/lank-upphandlingsmyndigheten/",
    "/sv/sok/?q=upphandlingar",
]
# The same in English (pages/demo/data/gr_resources_en.json, structure_en.json).
ENGLISH_PAGES = [
    "/en/",
    "/en/motverka-brott/",
    "/en/motverka-brott/organiserad-brottslighet/",
    "/en/motverka-brott/organiserad-brottslighet/warning-signs-in-procurement/",
    "/en/trygghetsskapande/samverkan/role-of-housing-companies-in-safety-work/",
    "/en/motverka-brott/otillaten-paverkan/"
    "webinar-bribery-conflicts-of-interest-and-corruption/",
    "/en/motverka-brott/organiserad-brottslighet/"
    "podcast-alcohol-licences-and-suitability-assessments/",
    "/en/motverka-brott/organiserad-brottslighet/"
    "link-national-agency-for-public-procurement/",
    "/en/sok/?q=procurement",
]
# The roles index and a role page in each language.
ROLE_PAGE_PATHS = [
    "/sv/roller/",
    "/sv/roller/socialtjanst/",
    "/en/roller/",
    "/en/roller/socialtjanst/",
]
# A member's site (its own hostname): its home page and shared material.
MEMBER_PAGES = [
    ("molndal", "/sv/"),
    ("molndal", "/en/"),
    ("molndal", "/sv/motverka-brott/organiserad-brottslighet/"),
]


@pytest.mark.parametrize("path", SWEDISH_PAGES + ENGLISH_PAGES + ROLE_PAGE_PATHS)
def test_gr_pages_have_no_serious_accessibility_violations(page, path):
    response = page.goto(path)
    assert response.status == 200, path
    assert_accessible(page)


@pytest.mark.parametrize(("member", "path"), MEMBER_PAGES)
def test_member_pages_have_no_serious_accessibility_violations(
    page, base_url, member, path
):
    member_url = base_url.replace("//localhost", f"//{member}.localhost")
    response = page.goto(member_url + path)
    assert response.status == 200, member_url + path
    assert_accessible(page)
