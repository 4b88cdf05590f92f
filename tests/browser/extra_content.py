"""Content the demo does not have but the browser tests need, added to the
test site after seed_demo (conftest.py runs add() through manage.py shell).

A page of GR's that no member shares, named as related material and linked
in the text of a page every member shares: a member's reader meets one
link that must leave the member's site (test_member_site.py).

The demo's films are all hosted; an external video needs a provider's
address, and the tests never let the browser reach it (test_roles.py
aborts every request that leaves the test server).
"""

import datetime

from django.core.management import call_command

from wagtail.models import Page, Site

from pages.models import ArticlePage, TopicPage, VideoPage
from tests.factories import make_resource

EXTERNAL_VIDEO_SLUG = "extern-film-for-test"
GR_ONLY_SLUG = "bara-hos-gr-for-test"
# The shared page that links GR's page, and one of the material it shares.
LINKING_SLUG = "varningstecken-i-upphandling"
SHARED_TARGET_SLUG = "kontroll-av-leverantorer-och-underleverantorer"


def add() -> None:
    home = Site.objects.get(is_default_site=True).root_page
    topic = TopicPage.objects.descendant_of(home).get(slug="samverkan")
    page = make_resource(
        VideoPage, topic, title="Samverkan i praktiken (extern film)",
        slug=EXTERNAL_VIDEO_SLUG, roles=("alla-medarbetare",), share_with="none",
        external_url="https://www.youtube.com/watch?v=testvideo01",
        provider_captions_confirmed=True,
        transcript="En film hos en extern leverantör, för webbläsartesterna.",
    )  # fmt: skip
    # Older than the demo: it stays out of the newest lists (and screenshots).
    old = datetime.datetime(2024, 1, 15, 9, tzinfo=datetime.UTC)
    Page.objects.filter(pk=page.pk).update(
        first_published_at=old, last_published_at=old
    )
    _link_gr_only_material(home)


def _link_gr_only_material(home) -> None:
    topic = TopicPage.objects.descendant_of(home).get(slug="organiserad-brottslighet")
    gr_only = make_resource(
        ArticlePage, topic, title="Bara hos GR (för test)", slug=GR_ONLY_SLUG,
        roles=("alla-medarbetare",), share_with="none",
    )  # fmt: skip
    old = datetime.datetime(2024, 1, 16, 9, tzinfo=datetime.UTC)
    Page.objects.filter(pk=gr_only.pk).update(
        first_published_at=old, last_published_at=old
    )
    resources = Page.objects.descendant_of(home)
    linking = resources.get(slug=LINKING_SLUG).specific
    shared = resources.get(slug=SHARED_TARGET_SLUG)
    linking.related_links.create(target=gr_only)
    linking.body.append(
        ("paragraph", f'<p>Läs också <a linktype="page" id="{shared.pk}">'
         f'{shared.title}</a> och <a linktype="page" id="{gr_only.pk}">'
         f"{gr_only.title}</a>.</p>"),
    )  # fmt: skip
    linking.save_revision().publish()
    # The members' copies follow now, before the tests start.
    call_command("sync_shared")
