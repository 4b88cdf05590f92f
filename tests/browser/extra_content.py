"""Content the demo does not have but the browser tests need, added to the
test site after seed_demo (conftest.py runs add() through manage.py shell).

The demo's films are all hosted; an external video needs a provider's
address, and the tests never let the browser reach it (test_roles.py
aborts every request that leaves the test server).
"""

import datetime

from wagtail.models import Page, Site

from pages.models import TopicPage, VideoPage
from tests.factories import make_resource

EXTERNAL_VIDEO_SLUG = "extern-film-for-test"


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
